// The caseload list and the prisoner form's commands (electron/domain/caseload/service.ts, commands.ts) through the
// router, on one real SQLite file for the whole file: each filter of the list (search by number, CRN, name, two
// letters; POM or unallocated; RoSH; category; MAPPA level with "none"; release within weeks, either side of its
// limit), each sort either way with blanks last, a page and its total; and the refusals of adding and editing a
// prisoner (already on the caseload, a POM not on the staff list, a record changed since it was opened, a category).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter, type Router } from '../../electron/api/router';
import { addDays } from '../../electron/domain/shared/dates';
import { prisonerInputSchema } from '../../electron/domain/caseload/prisoner';
import { valueOf, type Answer } from '../support/commands';
import { FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST, signIn } from '../support/sign-in';
import { emptyDatabase } from '../support/empty-database';

let app: OmuApp;
let router: Router;
const ids: Record<string, string> = {};
type Result = Answer;
const call = async (name: string, input: unknown = {}) => (await router.handle(name, input)) as Result;
const value = valueOf;
type Page = { total: number; offset: number; rows: { prisonerNumber: string; pomName: string | null }[] };
/** The prisoner numbers the list shows for a query, in its order. */
const list = async (query: unknown) =>
  value<Page>(await call('caseload/query', query)).rows.map((r) => r.prisonerNumber);
const day = (n: number) => addDays(FIXED_TODAY, n);

const base = { sentenceType: 'determinate', sentenceStartDate: '2024-01-01', dateOfBirth: '1980-01-01' };

beforeAll(async () => {
  const dbFile = emptyDatabase('omu-caseload-');
  app = openApp({
    dbFile,
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'ws-3',
    passwordHashCost: TEST_COST,
  });
  const ctx = app.context();
  for (const [name, roles] of [
    ['Cathy Clerk', ['case-administrator']],
    ['Pat Pom', ['pom']],
    ['Abe Pom', ['pom']],
  ] as const)
    ids[name] = app.services.staff.insertUnchecked(ctx, {
      name,
      email: null,
      roles: [...roles],
      active: true,
    }).id;
  const s = app.services.caseload;
  const add = (p: Record<string, unknown>) => s.insert(ctx, prisonerInputSchema.parse({ ...base, ...p }));
  // One of each: RoSH, category, MAPPA level (blank, none, 1, 2), POM (Pat, Abe, none), release day and location.
  add({
    prisonerNumber: 'A1111AA',
    surname: 'SMITH',
    forenames: 'John',
    crn: 'X123456',
    rosh: 'high',
    category: 'C',
    mappaLevel: 2,
    conditionalReleaseDate: day(10),
    pomId: ids['Pat Pom'],
    location: 'B-1-01',
  });
  add({
    prisonerNumber: 'B2222BB',
    surname: 'jones',
    forenames: 'Peter',
    rosh: 'very-high',
    category: 'B',
    mappaLevel: 0,
    conditionalReleaseDate: day(70),
    location: 'A-2-02',
  });
  add({
    prisonerNumber: 'C3333CC',
    surname: 'SMITHERS',
    forenames: 'Alan',
    rosh: 'low',
    conditionalReleaseDate: day(71),
    pomId: ids['Abe Pom'],
  });
  add({
    prisonerNumber: 'D4444DD',
    surname: 'BOND',
    forenames: 'James',
    rosh: 'medium',
    category: 'D',
    mappaLevel: 1,
    conditionalReleaseDate: day(-1),
    pomId: ids['Pat Pom'],
    location: 'C-1-01',
  });
  add({ prisonerNumber: 'E5555EE', surname: 'Adams', forenames: 'Eve', sentenceType: 'indeterminate' });
  router = createRouter(app, 'http');
  await signIn(app, 'Cathy Clerk');
});
afterAll(() => app?.close());

describe('the caseload list (caseload/query)', () => {
  it('searches by prisoner number, CRN, three letters or more of a name, or two letters taken as they are typed', async () => {
    expect(await list({ search: ' a1111aa ' })).toEqual(['A1111AA']);
    expect(await list({ search: 'x123456' })).toEqual(['A1111AA']);
    expect(await list({ search: 'smith' })).toEqual(['A1111AA', 'C3333CC']);
    expect(await list({ search: 'ers' })).toEqual(['C3333CC']);
    expect(await list({ search: 'Jo' })).toEqual(['A1111AA', 'B2222BB']);
    // Wildcards typed are letters, not patterns; a quote in a name does no harm.
    expect(await list({ search: '_' })).toEqual([]);
    expect(await list({ search: '%' })).toEqual([]);
    expect(await list({ search: 'o"b' })).toEqual([]);
    expect(await list({ search: '' })).toHaveLength(5);
  });

  it('filters by POM, unallocated, RoSH, category and MAPPA level (none: blank or recorded as 0)', async () => {
    expect(await list({ pomId: ids['Pat Pom'] })).toEqual(['A1111AA', 'D4444DD']);
    expect(await list({ pomId: 'unallocated' })).toEqual(['B2222BB', 'E5555EE']);
    expect(await list({ rosh: ['high', 'very-high'] })).toEqual(['A1111AA', 'B2222BB']);
    expect(await list({ category: ['B', 'D'] })).toEqual(['B2222BB', 'D4444DD']);
    expect(await list({ mappaLevel: ['none'] })).toEqual(['B2222BB', 'C3333CC', 'E5555EE']);
    expect(await list({ mappaLevel: ['2'] })).toEqual(['A1111AA']);
    expect(await list({ mappaLevel: ['1', 'none'] })).toEqual(['B2222BB', 'C3333CC', 'D4444DD', 'E5555EE']);
    expect(await list({ pomId: ids['Pat Pom'], rosh: ['high'] })).toEqual(['A1111AA']);
  });

  it('release within weeks: from today to the last day of the last week, no earlier release and no unknown one', async () => {
    expect(await list({ releaseWithinWeeks: 10 })).toEqual(['A1111AA', 'B2222BB']);
    expect(await list({ releaseWithinWeeks: 1 })).toEqual([]);
    expect(await list({ releaseWithinWeeks: 11 })).toEqual(['A1111AA', 'B2222BB', 'C3333CC']);
  });

  it('sorts each way, blanks last whichever the direction, then by prisoner number', async () => {
    // By release: the release to come (D4444DD's CRD passed yesterday, none to come, with those with no date).
    expect(await list({})).toEqual(['A1111AA', 'B2222BB', 'C3333CC', 'D4444DD', 'E5555EE']);
    expect(await list({ direction: 'desc' })).toEqual([
      'E5555EE',
      'D4444DD',
      'C3333CC',
      'B2222BB',
      'A1111AA',
    ]);
    expect(await list({ sort: 'name' })).toEqual(['E5555EE', 'D4444DD', 'B2222BB', 'A1111AA', 'C3333CC']);
    expect(await list({ sort: 'name', direction: 'desc' })).toEqual([
      'C3333CC',
      'A1111AA',
      'B2222BB',
      'D4444DD',
      'E5555EE',
    ]);
    expect(await list({ sort: 'prisonerNumber', direction: 'desc' })).toEqual([
      'E5555EE',
      'D4444DD',
      'C3333CC',
      'B2222BB',
      'A1111AA',
    ]);
    expect(await list({ sort: 'rosh', direction: 'desc' })).toEqual([
      'B2222BB',
      'A1111AA',
      'D4444DD',
      'C3333CC',
      'E5555EE',
    ]);
    expect(await list({ sort: 'category' })).toEqual(['B2222BB', 'A1111AA', 'D4444DD', 'C3333CC', 'E5555EE']);
    expect(await list({ sort: 'category', direction: 'desc' })).toEqual([
      'D4444DD',
      'A1111AA',
      'B2222BB',
      'E5555EE',
      'C3333CC',
    ]);
    expect(await list({ sort: 'pom' })).toEqual(['C3333CC', 'A1111AA', 'D4444DD', 'B2222BB', 'E5555EE']);
    expect(await list({ sort: 'pom', direction: 'desc' })).toEqual([
      'D4444DD',
      'A1111AA',
      'C3333CC',
      'E5555EE',
      'B2222BB',
    ]);
    expect(await list({ sort: 'location', direction: 'desc' })).toEqual([
      'D4444DD',
      'A1111AA',
      'B2222BB',
      'E5555EE',
      'C3333CC',
    ]);
  });

  it('gives a page of the list and the total of every row the filters match', async () => {
    const first = value<Page>(await call('caseload/query', { limit: 2 }));
    expect(first).toMatchObject({ total: 5, offset: 0 });
    expect(first.rows.map((r) => [r.prisonerNumber, r.pomName])).toEqual([
      ['A1111AA', 'Pat Pom'],
      ['B2222BB', null],
    ]);
    const last = value<Page>(await call('caseload/query', { limit: 2, offset: 4 }));
    expect(last).toMatchObject({ total: 5, offset: 4 });
    expect(last.rows.map((r) => [r.prisonerNumber, r.pomName])).toEqual([['E5555EE', null]]);
    expect(
      value<Page>(await call('caseload/query', { limit: 3, offset: 0, pomId: 'unallocated' })).total,
    ).toBe(2);
    expect(value<Page>(await call('caseload/query', { limit: 1, pomId: 'unallocated' })).total).toBe(2);
  });

  it('reads one prisoner by number as typed, with his POM by name; an unknown number is refused', async () => {
    expect(await call('caseload/get-prisoner', { prisonerNumber: ' c3333cc ' })).toMatchObject({
      ok: true,
      value: { prisonerNumber: 'C3333CC', surname: 'SMITHERS', pomName: 'Abe Pom' },
    });
    expect(await call('caseload/get-prisoner', { prisonerNumber: 'B2222BB' })).toMatchObject({
      ok: true,
      value: { pomName: null },
    });
    expect(await call('caseload/get-prisoner', { prisonerNumber: 'Z9999ZZ' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringContaining('Z9999ZZ') },
    });
  });
});

describe('the prisoner form (caseload/add-prisoner, caseload/update-prisoner)', () => {
  const form = (p: Record<string, unknown>) => ({
    prisonerNumber: 'F6666FF',
    surname: 'FORD',
    forenames: 'Frank',
    ...base,
    ...p,
  });
  const audits = () => app.services.audit.list({ entity: 'prisoner', limit: 1000 }).length;

  it('adds a prisoner with his POM; refuses one already on the caseload or a POM not on the staff list, writing nothing', async () => {
    const before = audits();
    expect(
      await call('caseload/add-prisoner', { prisoner: form({ prisonerNumber: 'A1111AA' }) }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        field: 'prisonerNumber',
        message: 'Prisoner A1111AA is already on the caseload',
      },
    });
    expect(await call('caseload/add-prisoner', { prisoner: form({ pomId: 'nobody' }) })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'pomId', message: 'POM must be a member of staff' },
    });
    expect(audits()).toBe(before);
    expect(await call('caseload/add-prisoner', { prisoner: form({ pomId: ids['Abe Pom'] }) })).toMatchObject({
      ok: true,
      value: { prisonerNumber: 'F6666FF', pomName: 'Abe Pom', arrivedOn: FIXED_TODAY },
    });
    expect(audits()).toBe(before + 1);
  });

  it('edits a record; refuses one changed since it was opened, a number already in use, a POM not on the staff list and a category', async () => {
    const current = value<{ updatedAt: string; updatedBy: string }>(
      await call('caseload/get-prisoner', { prisonerNumber: 'F6666FF' }),
    );
    const before = audits();
    const update = (p: Record<string, unknown>, expectedUpdatedAt?: string) =>
      call('caseload/update-prisoner', { prisonerNumber: 'F6666FF', prisoner: form(p), expectedUpdatedAt });
    expect(await update({ pomId: ids['Abe Pom'] }, '2020-01-01T00:00:00.000Z')).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: `F6666FF was changed by ${current.updatedBy} since you opened it. Reload to see their change, then make yours.`,
      },
    });
    expect(await update({ prisonerNumber: 'B2222BB' })).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        field: 'prisonerNumber',
        message: 'Prisoner B2222BB is already on the caseload',
      },
    });
    expect(await update({ pomId: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'pomId' },
    });
    expect(await update({ pomId: ids['Abe Pom'], category: 'C' })).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        field: 'category',
        message: expect.stringContaining(
          'A security category changes only through an approved categorisation review',
        ),
      },
    });
    expect(audits()).toBe(before);
    // The change, from the record as opened: the POM's names before and after in the audit entry.
    expect(
      await update({ pomId: ids['Pat Pom'], prisonerNumber: 'F6666FG' }, current.updatedAt),
    ).toMatchObject({ ok: true, value: { prisonerNumber: 'F6666FG', pomName: 'Pat Pom' } });
    expect(app.services.audit.list({ entity: 'prisoner', limit: 1 })[0]!.summary).toContain('Pat Pom');
    expect(app.services.audit.list({ entity: 'prisoner', limit: 1 })[0]!.summary).toContain('Abe Pom');
  });
});
