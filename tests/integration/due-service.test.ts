import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import Database from 'better-sqlite3';
import { DUE_SORTS, type DueEntry, type DueSort } from '../../electron/domain/due/service';
import { DUE_KIND_LABELS, ownerLabel, summariseDue } from '../../electron/domain/due/types';
import type { IsoDate } from '../../electron/domain/shared/dates';
import { run } from '../support/commands';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST, signIn } from '../support/sign-in';

/**
 * The due service (electron/domain/due/service.ts) through its public API, on a small real SQLite file per test (a
 * copy of one made with four prisoners and three staff): each prisoner's items whole (kind, due date, status, owner,
 * id), the statuses at every boundary on the list, the pages and the counts, the filters and "My work", the pages'
 * orders, the counts over every window against the list, the stored list following a command, an import, another
 * process and days forward and back, the handovers and releases lists, and the work after a rule change. Expected
 * lists are written out by hand for 22/11/2026; the counts are compared with summariseDue over the list read back.
 * Each test stands alone (Stryker's perTest coverage runs any one of them by itself) and takes well under a second.
 */
const HEADER =
  'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,pom,com_name,com_email,released_on';
const CASELOAD = [
  HEADER,
  'A1111AA,Smith,John,01/01/1980,determinate,01/01/2025,01/06/2027,Pat Pom,,,',
  'B2222BB,Jones,Ben,02/03/1985,determinate,01/06/2026,01/06/2030,Sam Pom,Carla Com,carla.com@justice.gov.uk,',
  'C3333CC,Brown,Carl,03/04/1990,determinate,01/01/2020,01/01/2027,Pat Pom,,,20/11/2026',
  'D4444DD,Green,Dan,04/05/1970,determinate,01/10/2026,01/10/2028,,,,',
].join('\n');

/**
 * The small file, made once per process (Stryker reruns this file for each mutant in one process: a template made
 * again each time would be most of a run), under a name that says which process made it; written under another
 * name and renamed only once whole. It holds no due items: the service under test stores them in each copy.
 */
const template = path.join(os.tmpdir(), `omu-due-service-${process.pid}-v1.sqlite`);
async function makeTemplate() {
  const dir = tempDir('omu-due-service-');
  const file = path.join(dir, 'omu.sqlite');
  const t = openApp({
    dbFile: file,
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  for (const [name, roles] of [
    ['Pat Pom', ['pom']],
    ['Sam Pom', ['pom']],
    ['Maggie Manager', ['senior-manager', 'irmt-chair', 'case-administrator', 'administrator']],
  ] as const)
    t.services.staff.insertUnchecked(t.context(), { name, email: null, roles: [...roles], active: true });
  await signIn(t, 'Maggie Manager');
  const r = t.services.caseloadImport.commit(t.context(), 'c.csv', CASELOAD);
  if (!r.committed) throw new Error(JSON.stringify(r.problems));
  t.close();
  const due = new Database(file);
  const stored = due.prepare('SELECT count(*) FROM due_prisoners').pluck().get();
  due.close();
  if (stored !== 0) throw new Error('The template should hold no due items');
  fs.copyFileSync(file, `${template}.part`);
  fs.renameSync(`${template}.part`, template);
}

const apps: OmuApp[] = [];

/** A unit of its own: a copy of a small file (four prisoners, three staff), signed in as the head of OMU. */
async function dueUnit(today = FIXED_TODAY): Promise<OmuApp> {
  if (!fs.existsSync(template)) await makeTemplate();
  const file = path.join(tempDir('omu-due-service-'), 'omu.sqlite');
  fs.copyFileSync(template, file);
  const app = openApp({
    dbFile: file,
    today,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  apps.push(app);
  await signIn(app, 'Maggie Manager');
  return app;
}
afterEach(() => {
  for (const a of apps.splice(0)) a.close();
});

/** An entry in short: id, due date, status, owner. */
const brief = (e: DueEntry) =>
  `${e.id} ${e.dueDate} ${e.status} ${e.owner.role}${e.owner.staffName ? `:${e.owner.staffName}` : ''}`;

const TODAY = FIXED_TODAY; // Sunday 22/11/2026

/** Every item of a query in short, in the list's order. */
const listed = (
  app: OmuApp,
  q: Parameters<OmuApp['services']['due']['list']>[1] = {},
  today: IsoDate = TODAY,
) => app.services.due.list(today, q).map(brief);

/** John Smith's items on 22/11/2026: handed over on 17/09/2026 with no COM, release 01/06/2027 (CRD). */
const SMITH = [
  'A1111AA/categorisation-initial/2025-01-15 2025-01-15 overdue pom:Pat Pom',
  'A1111AA/oasys-initial/2025-01-16 2025-01-16 overdue com',
  'A1111AA/oasys-pre-release/2026-09-17 2026-09-17 overdue com',
  'A1111AA/release-plan-item/com-allocated 2026-09-17 overdue case-administrator',
  'A1111AA/release-plan-item/pre-release-oasys 2026-09-17 overdue pom:Pat Pom',
  'A1111AA/com-allocation-overdue/2026-09-19 2026-09-19 overdue case-administrator',
  'A1111AA/release-plan-item/approved-premises-referral 2026-12-01 due-soon com',
  'A1111AA/release-plan-item/pre-release-meeting 2027-03-01 upcoming pom:Pat Pom',
  'A1111AA/release-plan-item/accommodation-confirmed 2027-03-09 upcoming com',
  'A1111AA/release-plan-item/resettlement-accommodation 2027-03-09 upcoming resettlement',
  'A1111AA/release-plan-item/resettlement-attitudes 2027-03-09 upcoming resettlement',
  'A1111AA/release-plan-item/resettlement-children-families 2027-03-09 upcoming resettlement',
  'A1111AA/release-plan-item/resettlement-drugs-alcohol 2027-03-09 upcoming resettlement',
  'A1111AA/release-plan-item/resettlement-education-work 2027-03-09 upcoming resettlement',
  'A1111AA/release-plan-item/resettlement-finance-id 2027-03-09 upcoming resettlement',
  'A1111AA/release-plan-item/resettlement-health 2027-03-09 upcoming resettlement',
  'A1111AA/release-plan-item/victim-liaison-informed 2027-04-06 upcoming vlo',
  'A1111AA/release-plan-item/licence-conditions-proposed 2027-05-04 upcoming com',
  'A1111AA/release-plan-item/release-transport 2027-05-25 upcoming case-administrator',
  'A1111AA/release-plan-item/release-com-appointment 2027-05-25 upcoming com',
  'A1111AA/release-plan-item/release-medication 2027-05-25 upcoming resettlement',
  'A1111AA/release-plan-item/release-id 2027-05-25 upcoming resettlement',
];
/** Ben Jones: a COM recorded, handover on 17/09/2029, so the POM is responsible and owns his OASys. */
const JONES = [
  'B2222BB/categorisation-initial/2026-06-15 2026-06-15 overdue pom:Sam Pom',
  'B2222BB/oasys-initial/2026-06-16 2026-06-16 overdue pom:Sam Pom',
  'B2222BB/oasys-pre-release/2029-09-17 2029-09-17 upcoming pom:Sam Pom',
  'B2222BB/handover/2029-09-17 2029-09-17 upcoming pom:Sam Pom',
];
/** Dan Green: no POM allocated. */
const GREEN = [
  'D4444DD/categorisation-initial/2026-10-15 2026-10-15 overdue pom',
  'D4444DD/oasys-initial/2026-10-16 2026-10-16 overdue pom',
  'D4444DD/oasys-pre-release/2028-01-18 2028-01-18 upcoming pom',
  'D4444DD/handover/2028-01-18 2028-01-18 upcoming pom',
];
/** The whole unit's list: by due date, then prisoner number, then each prisoner's own order. */
const byDue = (lines: string[]) =>
  [...lines].sort((a, b) => {
    const [ia, da] = a.split(' ');
    const [ib, db] = b.split(' ');
    return da! < db!
      ? -1
      : da! > db!
        ? 1
        : ia!.slice(0, 7) < ib!.slice(0, 7)
          ? -1
          : ia!.slice(0, 7) > ib!.slice(0, 7)
            ? 1
            : 0;
  });

/** The counts a list's items make (summariseDue over the list read from due_items), to compare with the summary's. */
const countsOf = (
  app: OmuApp,
  q: Parameters<OmuApp['services']['due']['list']>[1] = {},
  today: IsoDate = TODAY,
) => summariseDue(app.services.due.list(today, q));

async function irmtActions(app: OmuApp, prisonerNumber: string, actions: [owner: string, dueOn: IsoDate][]) {
  const meeting = await run(app, 'irmt/create-meeting', { meetingDate: '2026-11-01' });
  for (const [owner, dueOn] of actions)
    await run(app, 'irmt/add-action', {
      meetingId: meeting.id,
      prisonerNumber,
      action: { action: `Call by ${dueOn}`, owner, dueOn },
    });
}

describe('the due service on a small unit', () => {
  it("gives each prisoner's items whole: kind, due date, status, owner and id, in order; the released left out", async () => {
    const app = await dueUnit();
    expect(listed(app, { prisonerNumber: 'A1111AA' })).toEqual(SMITH);
    expect(listed(app, { prisonerNumber: 'b2222bb' })).toEqual(JONES);
    expect(listed(app, { prisonerNumber: 'D4444DD' })).toEqual(GREEN);
    // Carl Brown was released on 20/11/2026: nothing of his is listed.
    expect(listed(app, { prisonerNumber: 'C3333CC' })).toEqual([]);
    expect(listed(app)).toEqual(byDue([...SMITH, ...JONES, ...GREEN]));
    const [first] = app.services.due.list(TODAY, { prisonerNumber: 'A1111AA' });
    const pat = app.services.staff.findByName('Pat Pom')!;
    expect({ ...first, basis: undefined }).toEqual({
      kind: 'categorisation-initial',
      dueDate: '2025-01-15',
      title: 'Initial categorisation',
      basis: undefined,
      id: 'A1111AA/categorisation-initial/2025-01-15',
      owner: { role: 'pom', staffName: 'Pat Pom' },
      status: 'overdue',
      prisonerId: first!.prisonerId,
      prisonerNumber: 'A1111AA',
      prisonerName: 'SMITH, John',
      pomId: pat.id,
      pomName: 'Pat Pom',
    });
    expect(first!.basis.ruleKey).toBe('categorisation');
    const overdue = app.services.due.list(TODAY, { kinds: ['com-allocation-overdue'] });
    expect(overdue.map((e) => [e.title, e.basis.sentence.split('. ')[0]])).toEqual([
      [
        'No COM allocated after handover',
        'COM allocation overdue since 19/09/2026: no COM recorded 2 days after the handover date',
      ],
    ]);
    expect(overdue[0]!.basis.ruleKey).toBe('omic-handover');
    const green = app.services.due.list(TODAY, { prisonerNumber: 'D4444DD' })[0]!;
    expect([green.pomId, green.pomName, green.prisonerName]).toEqual([null, null, 'GREEN, Dan']);
  });

  it("answers one prisoner's handover and items from his facts, the released too", async () => {
    const app = await dueUnit();
    const { due } = app.services;
    const smith = due.forPrisoner('a1111aa', TODAY)!;
    expect([smith.prisonerNumber, smith.handover.handoverDate, smith.handover.responsibility]).toEqual([
      'A1111AA',
      '2026-09-17',
      'com',
    ]);
    // His items as listed, less the owners the list adds.
    expect(smith.items.map((i) => `${i.kind} ${i.dueDate}`).sort()).toEqual(
      SMITH.map((l) => `${l.split('/')[1]} ${l.split(' ')[1]}`).sort(),
    );
    expect([smith.releasePlan?.releaseDate, smith.noReleasePlan]).toEqual(['2027-06-01', null]);
    const jones = due.forPrisoner('B2222BB', TODAY)!;
    // In the order they are worked out: OASys, public protection, categorisation, release plan, handover.
    expect(jones.items.map((i) => `${i.kind} ${i.dueDate}`)).toEqual([
      'oasys-initial 2026-06-16',
      'oasys-pre-release 2029-09-17',
      'categorisation-initial 2026-06-15',
      'handover 2029-09-17',
    ]);
    expect(jones.items.find((i) => i.kind === 'handover')).toMatchObject({
      title: 'Handover to COM',
      basis: jones.handover.basis,
    });
    // Released on 20/11/2026: his handover is still worked out, with no release plan and no reason for none.
    const brown = due.forPrisoner('C3333CC', TODAY)!;
    expect([brown.handover.handoverDate, brown.releasePlan, brown.noReleasePlan]).toEqual([
      '2026-04-17',
      null,
      null,
    ]);
    expect(due.forPrisoner('Z9999ZZ', TODAY)).toBeNull();
    // Every prisoner's at once, the same as one by one.
    const every = due.forEveryPrisoner(TODAY);
    expect([...every.keys()]).toEqual(['A1111AA', 'B2222BB', 'C3333CC', 'D4444DD']);
    for (const [n, d] of every) expect(d, n).toEqual(due.forPrisoner(n, TODAY));
    // Some prisoners at once, by number as given in any case; a number not found left out.
    const some = due.forPrisoners(['c3333cc', 'Z9999ZZ', 'A1111AA'], TODAY);
    expect([...some.keys()]).toEqual(['A1111AA', 'C3333CC']);
    for (const [n, d] of some) expect(d, n).toEqual(every.get(n));
  });

  it('gives IRMT actions their owner, title and basis, and each status at every boundary, on the list, the pages and the counts', async () => {
    const app = await dueUnit();
    await irmtActions(app, 'B2222BB', [
      ['Police liaison', '2026-11-21'],
      ['the POM', '2026-11-22'],
      ['the COM', '2026-12-06'],
      ['Rita Resettle', '2026-12-07'],
    ]);
    const { due } = app.services;
    const actions = due.list(TODAY, { kinds: ['irmt-action'] });
    expect(actions.map(brief)).toEqual([
      expect.stringMatching(/^B2222BB\/irmt-action\/\S+ 2026-11-21 overdue other:Police liaison$/),
      expect.stringMatching(/^B2222BB\/irmt-action\/\S+ 2026-11-22 due-soon pom:Sam Pom$/),
      expect.stringMatching(/^B2222BB\/irmt-action\/\S+ 2026-12-06 due-soon com:Carla Com$/),
      expect.stringMatching(/^B2222BB\/irmt-action\/\S+ 2026-12-07 upcoming other:Rita Resettle$/),
    ]);
    expect(actions.map((a) => a.id)).toEqual(actions.map((a) => `B2222BB/irmt-action/${a.ref}`));
    expect(actions[0]).toMatchObject({
      title: 'IRMT action (Police liaison): Call by 2026-11-21',
      basis: {
        ruleKey: 'irmt',
        ruleName: 'IRMT agenda rules',
        ruleVersion: 0,
        effectiveFrom: '2026-11-01',
        inputs: { owner: 'Police liaison', meetingDate: '2026-11-01' },
        sentence: 'Agreed at the IRMT meeting on 01/11/2026: Police liaison by 21/11/2026',
      },
    });
    // The pages of each status hold those items, and the counts agree.
    const dates = (s: 'overdue' | 'due-soon' | 'upcoming') =>
      due.page(TODAY, { kinds: ['irmt-action'], status: s }).rows.map((r) => r.dueDate);
    expect([dates('overdue'), dates('due-soon'), dates('upcoming')]).toEqual([
      ['2026-11-21'],
      ['2026-11-22', '2026-12-06'],
      ['2026-12-07'],
    ]);
    expect(due.summary(TODAY, { kinds: ['irmt-action'] }).totals).toEqual({
      overdue: 1,
      'due-soon': 2,
      upcoming: 1,
    });
    expect(due.summary(TODAY, { kinds: ['irmt-action'] })).toEqual(countsOf(app, { kinds: ['irmt-action'] }));
    // The next day: the 22nd overdue, the 7th due soon.
    expect(due.list('2026-11-23', { kinds: ['irmt-action'] }).map((e) => e.status)).toEqual([
      'overdue',
      'overdue',
      'due-soon',
      'due-soon',
    ]);
    // The window: overdue always; up to the 14th day with 14.
    expect(due.list(TODAY, { kinds: ['irmt-action'], within: 14 }).map((e) => e.dueDate)).toEqual([
      '2026-11-21',
      '2026-11-22',
      '2026-12-06',
    ]);
    expect(due.list(TODAY, { kinds: ['irmt-action'], within: 0 }).map((e) => e.dueDate)).toEqual([
      '2026-11-21',
      '2026-11-22',
    ]);
    expect(due.summary(TODAY, { kinds: ['irmt-action'], within: 0 }).totals).toEqual({
      overdue: 1,
      'due-soon': 1,
      upcoming: 0,
    });
    expect(
      due.list(TODAY, { kinds: ['irmt-action'], statuses: ['overdue', 'upcoming'] }).map((e) => e.dueDate),
    ).toEqual(['2026-11-21', '2026-12-07']);
  });

  it('gives an IRMT action named for a POM to that POM, not to the prisoner\'s own: on the list and in each one\'s "My work"', async () => {
    const app = await dueUnit();
    // Ben Jones's POM is Sam Pom; the meeting gives an action to Pat Pom by name.
    await irmtActions(app, 'B2222BB', [['Pat Pom', '2026-11-30']]);
    const { due } = app.services;
    expect(due.list(TODAY, { kinds: ['irmt-action'] }).map(brief)).toEqual([
      expect.stringMatching(/^B2222BB\/irmt-action\/\S+ 2026-11-30 due-soon pom:Pat Pom$/),
    ]);
    expect(listed(app, { ownedBy: 'Pat Pom', kinds: ['irmt-action'] })).toHaveLength(1);
    expect(listed(app, { ownedBy: 'Sam Pom', kinds: ['irmt-action'] })).toEqual([]);
    expect(due.summary(TODAY, { ownedBy: 'Pat Pom', kinds: ['irmt-action'] }).totals).toEqual({
      overdue: 0,
      'due-soon': 1,
      upcoming: 0,
    });
  });

  it('filters by POM, prisoner, kind, owner role and statuses, and "My work" by person, each counted as listed', async () => {
    const app = await dueUnit();
    const { due } = app.services;
    const pat = app.services.staff.findByName('Pat Pom')!;
    expect(listed(app, { pomId: pat.id })).toEqual(SMITH);
    expect(listed(app, { pomName: 'sam POM' })).toEqual(JONES);
    expect(listed(app, { pomName: 'Nobody' })).toEqual([]);
    expect(listed(app, { kinds: ['handover', 'oasys-initial'] })).toEqual(
      byDue([SMITH[1]!, JONES[1]!, JONES[3]!, GREEN[1]!, GREEN[3]!]),
    );
    expect(listed(app, { ownerRole: 'vlo' })).toEqual([SMITH[16]]);
    expect(listed(app, { statuses: ['due-soon'] })).toEqual([SMITH[6]]);
    // My work: what is his by name, and the shared work of the roles he holds (not a POM's or COM's unnamed work).
    expect(listed(app, { ownedBy: 'pat pom' })).toEqual(SMITH.filter((l) => l.endsWith('pom:Pat Pom')));
    expect(listed(app, { ownedBy: 'Maggie Manager' })).toEqual(
      SMITH.filter((l) => l.endsWith(' case-administrator')),
    );
    for (const q of [
      { pomId: pat.id },
      { pomName: 'sam pom' },
      { prisonerNumber: 'd4444dd' },
      { ownedBy: 'Pat Pom' },
      { ownedBy: 'Maggie Manager', within: 30 },
      { kinds: ['release-plan-item' as const] },
      { ownerRole: 'pom' as const },
      { ownerRole: 'resettlement' as const, within: 120 },
    ])
      expect(due.summary(TODAY, q), JSON.stringify(q)).toEqual(countsOf(app, q));
    expect(due.summary(TODAY, { ownedBy: 'Pat Pom' }).totals).toEqual({
      overdue: 2,
      'due-soon': 0,
      upcoming: 1,
    });
    for (const call of [
      () => due.list(TODAY, { ownedBy: 'Nobody Known' }),
      () => due.page(TODAY, { ownedBy: 'Nobody Known' }),
      () => due.summary(TODAY, { ownedBy: 'Nobody Known' }),
    ])
      expect(call).toThrow(
        expect.objectContaining({
          code: 'not-found',
          field: 'ownedBy',
          message: 'There is no member of staff called Nobody Known',
        }),
      );
  });

  it('counts the whole unit over every window, month by month and day by day, as the list holds them', async () => {
    const app = await dueUnit();
    await irmtActions(app, 'D4444DD', [
      ['Police liaison', '2026-11-01'],
      ['the POM', '2026-11-30'],
      ['the POM', '2026-12-31'],
      ['the POM', '2027-01-01'],
      ['Case admin', '2027-02-28'],
    ]);
    const { due } = app.services;
    for (const today of [TODAY, '2026-11-30', '2026-12-01', '2026-12-20', '2027-01-15'] as IsoDate[])
      for (const within of [undefined, 0, 8, 9, 14, 39, 40, 41, 70, 100, 400])
        for (const filter of [{}, { kinds: ['irmt-action' as const] }, { ownerRole: 'pom' as const }]) {
          const q = { ...filter, within };
          expect(due.summary(today, q), `${today} ${JSON.stringify(q)}`).toEqual(countsOf(app, q, today));
        }
    expect(due.summary(TODAY).totals).toEqual({ overdue: 11, 'due-soon': 2, upcoming: 22 });
  });

  it('pages a status in the order asked for, ties in the list order, and shows the last page when asked past it', async () => {
    const app = await dueUnit();
    const { due } = app.services;
    const all = due.list(TODAY, { statuses: ['upcoming'] });
    expect(all).toHaveLength(19);
    const labels = (e: DueEntry) => DUE_KIND_LABELS[e.kind];
    const orders: Record<DueSort, (a: DueEntry, b: DueEntry) => number> = {
      due: () => 0,
      prisoner: (a, b) => a.prisonerName.localeCompare(b.prisonerName),
      kind: (a, b) => labels(a).localeCompare(labels(b)),
      owner: (a, b) => ownerLabel(a.owner).toLowerCase().localeCompare(ownerLabel(b.owner).toLowerCase()),
    };
    for (const sort of DUE_SORTS) {
      const first = due.page(TODAY, { status: 'upcoming', sort, pageRows: 5 });
      expect([first.total, first.pages, first.page, first.pageRows, first.status]).toEqual([
        19,
        4,
        1,
        5,
        'upcoming',
      ]);
      const rows = [...first.rows];
      for (let n = 2; n <= 4; n++)
        rows.push(...due.page(TODAY, { status: 'upcoming', sort, pageRows: 5, page: n }).rows);
      // Array.prototype.sort is stable: ties keep the list's order.
      expect(
        rows.map((r) => r.id),
        sort,
      ).toEqual([...all].sort(orders[sort]).map((r) => r.id));
      const past = due.page(TODAY, { status: 'upcoming', sort, pageRows: 5, page: 9 });
      expect([past.page, past.rows.map((r) => r.id)]).toEqual([4, rows.slice(15).map((r) => r.id)]);
    }
    const none = due.page(TODAY, { status: 'due-soon', kinds: ['handover'] });
    expect([none.total, none.pages, none.page, none.rows]).toEqual([0, 1, 1, []]);
    expect(due.page(TODAY).summary).toEqual(countsOf(app));
    expect(due.page(TODAY, { status: 'overdue', pageRows: 500 }).rows.map(brief)).toEqual(
      listed(app, { statuses: ['overdue'] }),
    );
  });

  it('works a prisoner out again when his facts change: a command, an import, another process; and on days back', async () => {
    const app = await dueUnit();
    const { due } = app.services;
    expect(listed(app)).toEqual(byDue([...SMITH, ...JONES, ...GREEN]));
    // Counted before the changes, so that counts kept from before a write would show after it.
    const before = due.summary(TODAY);
    expect(before.totals).toEqual({ overdue: 10, 'due-soon': 1, upcoming: 19 });
    await run(app, 'oasys/add-assessment', {
      prisonerNumber: 'B2222BB',
      assessment: { type: 'initial', completedOn: '2026-07-01', layer: 3, completedBy: 'prison' },
    } as never);
    expect(listed(app, { prisonerNumber: 'B2222BB', kinds: ['oasys-initial', 'oasys-review'] })).toEqual([
      'B2222BB/oasys-review/2027-07-01 2027-07-01 upcoming pom:Sam Pom',
    ]);
    // Another process moves his release on a year: the handover (and its items) moves with it.
    const other = new Database(app.file);
    other
      .prepare(
        "UPDATE prisoners SET conditional_release_date = '2028-06-01' WHERE prisoner_number = 'A1111AA'",
      )
      .run();
    other.close();
    expect(due.forPrisoner('A1111AA', TODAY)!.handover.handoverDate).toBe('2027-09-17');
    expect(
      listed(app, {
        prisonerNumber: 'A1111AA',
        kinds: ['handover', 'com-allocation-overdue', 'oasys-pre-release'],
      }),
    ).toEqual([
      'A1111AA/oasys-pre-release/2027-09-17 2027-09-17 upcoming pom:Pat Pom',
      'A1111AA/handover/2027-09-17 2027-09-17 upcoming pom:Pat Pom',
    ]);
    // An import that records a COM and Dan Green's release after today: his items stay listed (and counted) until it.
    const update = [
      HEADER,
      'D4444DD,Green,Dan,04/05/1970,determinate,01/10/2026,01/10/2028,Sam Pom,Chris Com,chris.com@justice.gov.uk,30/11/2026',
    ].join('\n');
    expect(app.services.caseloadImport.commit(app.context(), 'u.csv', update)).toMatchObject({
      committed: true,
    });
    const green = GREEN.map((l) => l.replace(/ pom$/, ' pom:Sam Pom'));
    expect(listed(app, { prisonerNumber: 'D4444DD' })).toEqual(green);
    expect(due.summary(TODAY)).toEqual(countsOf(app));
    expect(due.summary(TODAY)).not.toEqual(before);
    expect(due.summary(TODAY, { within: 60 })).toEqual(countsOf(app, { within: 60 }));
    expect(due.summary(TODAY, { kinds: ['handover'] }).totals.upcoming).toBe(3);
    expect(listed(app, { prisonerNumber: 'D4444DD' }, '2026-11-29').length).toBe(4);
    expect(listed(app, { prisonerNumber: 'D4444DD' }, '2026-11-30')).toEqual([]);
    expect(due.summary('2026-11-30', { kinds: ['handover'] }).totals.upcoming).toBe(2);
    // Days back: the list as it was on those days, from the same facts.
    for (const day of ['2026-09-16', '2026-09-18', TODAY] as IsoDate[])
      expect(listed(app, {}, day), day).toEqual(due.workedOutWhole(day).entries.map(brief));
  });

  it('moves the items worked out ahead into the list on each new day, and after working ahead, as worked out whole', async () => {
    const app = await dueUnit();
    await irmtActions(app, 'A1111AA', [['Police liaison', '2026-11-25']]);
    const { due } = app.services;
    const days = [
      '2026-11-23',
      '2026-11-24',
      '2026-11-29',
      '2026-11-30',
      '2026-12-06',
      '2026-12-07',
      '2027-01-20',
    ];
    for (const day of [TODAY, ...days] as IsoDate[]) {
      expect(listed(app, {}, day), day).toEqual(due.workedOutWhole(day).entries.map(brief));
      expect(due.summary(day), day).toEqual(countsOf(app, {}, day));
      await due.workAhead(day, { batch: 1 });
    }
    // Back to the first day, and a day on after working ahead from it.
    expect(listed(app)).toEqual(due.workedOutWhole(TODAY).entries.map(brief));
    await due.workAhead(TODAY);
    expect(listed(app, { prisonerNumber: 'A1111AA' }, '2026-11-26')).toEqual(
      due
        .workedOutWhole('2026-11-26')
        .entries.filter((e) => e.prisonerNumber === 'A1111AA')
        .map(brief),
    );
  });

  it('lists the handovers not released by the day and the releases within the weeks asked, in order', async () => {
    const app = await dueUnit();
    const { due } = app.services;
    const handovers = (day: IsoDate) =>
      due
        .handovers(day)
        .map((h) => [
          h.prisonerNumber,
          h.prisonerName,
          h.pomName,
          h.comName,
          h.comEmail,
          h.handover.handoverDate,
        ]);
    expect(handovers(TODAY)).toEqual([
      ['A1111AA', 'SMITH, John', 'Pat Pom', null, null, '2026-09-17'],
      ['B2222BB', 'JONES, Ben', 'Sam Pom', 'Carla Com', 'carla.com@justice.gov.uk', '2029-09-17'],
      ['D4444DD', 'GREEN, Dan', null, null, null, '2028-01-18'],
    ]);
    // Before Carl Brown's release on 20/11/2026 he is there too.
    expect(handovers('2026-11-19').map((h) => h[0])).toEqual(['A1111AA', 'B2222BB', 'C3333CC', 'D4444DD']);
    expect(due.handovers(TODAY)[0]!.handover).toEqual(due.forPrisoner('A1111AA', TODAY)!.handover);
    const releases = (weeks: number) =>
      due
        .releases(TODAY, weeks)
        .map((r) => [
          r.prisonerNumber,
          r.name,
          r.pomName,
          r.comName,
          r.releaseDate,
          r.releaseName,
          r.done,
          r.total,
          r.overdue,
        ]);
    expect(releases(52 * 5)).toEqual([
      ['A1111AA', 'SMITH, John', 'Pat Pom', null, '2027-06-01', 'CRD', 0, 18, 2],
      ['D4444DD', 'GREEN, Dan', null, null, '2028-10-01', 'CRD', 0, 18, 0],
      ['B2222BB', 'JONES, Ben', 'Sam Pom', 'Carla Com', '2030-06-01', 'CRD', 1, 18, 0],
    ]);
    // 01/06/2027 is 27 weeks and 2 days after 22/11/2026.
    expect(releases(27).map((r) => r[0])).toEqual([]);
    expect(releases(28).map((r) => r[0])).toEqual(['A1111AA']);
    expect(due.releases(TODAY, 28)[0]).toMatchObject({
      rosh: null,
      mappaCategory: null,
      mappaLevel: null,
      warnings: [],
    });
  });

  it('works every prisoner out again after a rule change, in the background, reporting its progress', async () => {
    const app = await dueUnit();
    const { due } = app.services;
    expect(listed(app, { kinds: ['com-allocation-overdue'] })).toEqual([SMITH[5]]);
    expect(due.followRules(TODAY)).toBeNull();
    expect(due.progress()).toBeNull();
    // The command alone (the router would start the background work itself).
    await app.runner.run(
      'policy/add-version',
      {
        key: 'omic-handover',
        effectiveFrom: '2026-11-01',
        source: 'test',
        params: { comAllocationOverdueDays: 10 },
      },
      app.context(),
    );
    const progress: { done: number; total: number }[] = [];
    const work = due.recompute(TODAY, { batch: 1, onProgress: (p) => progress.push({ ...p }) });
    expect(due.followRules(TODAY)).toBe(work);
    expect(due.recompute(TODAY)).toBe(work);
    expect(due.progress()).toEqual({ done: 0, total: 4 });
    // A read of one prisoner meanwhile works out his own items.
    expect(listed(app, { prisonerNumber: 'A1111AA', kinds: ['com-allocation-overdue'] })).toEqual([
      'A1111AA/com-allocation-overdue/2026-09-27 2026-09-27 overdue case-administrator',
    ]);
    await due.settled();
    await work;
    expect(progress).toEqual([1, 2, 3, 4].map((done) => ({ done, total: 4 })));
    expect(due.progress()).toBeNull();
    expect(listed(app)).toEqual(due.workedOutWhole(TODAY).entries.map(brief));
    expect(due.followRules(TODAY)).toBeNull();
  });

  it('reads every slice of his facts: a transfer in, public protection, monitoring, a child contact application, the release plan', async () => {
    const app = await dueUnit();
    await run(app, 'oasys/add-event', {
      prisonerNumber: 'A1111AA',
      event: { type: 'transfer-in', date: '2026-11-10' },
    } as never);
    await run(app, 'public-protection/add-status', {
      prisonerNumber: 'A1111AA',
      status: { type: 'pprc', status: 'confirmed', identifiedOn: '2026-11-12', groundsCurrentOffence: true },
    } as never);
    const { id: auth } = await run(app, 'public-protection/authorise-monitoring', {
      prisonerNumber: 'A1111AA',
      authorisation: {
        means: 'phone',
        basis: 'offence-related',
        reasons: 'Offence against a child known to him',
        necessityAndProportionality: 'Necessary to protect the victim; phone only',
        authorisedOn: '2026-11-13',
      },
    } as never);
    await run(app, 'public-protection/review-monitoring', {
      authorisationId: auth,
      review: { reviewedOn: '2026-11-20', decision: 'continue', reasons: 'Calls reviewed' },
    } as never);
    await run(app, 'public-protection/add-application', {
      prisonerNumber: 'A1111AA',
      application: { receivedOn: '2026-11-15', childInitials: 'K.S.', childAge: 4, relationship: 'son' },
    } as never);
    await run(app, 'release-planning/set-facts', {
      prisonerNumber: 'A1111AA',
      facts: { approvedPremisesNeeded: false, victimInContactScheme: true },
    } as never);
    await run(app, 'release-planning/set-item', {
      prisonerNumber: 'A1111AA',
      item: { itemKey: 'pre-release-meeting', status: 'done', completedOn: '2026-11-20' },
    } as never);
    // Checked by hand: the transfer in on 10/11/2026 plus 28 days; monitoring reviewed on 20/11/2026 plus 3 months
    // (not from the authorisation on 13/11); the PPRC status adds the release plan's children's items, no approved
    // premises needed takes its referral away, the meeting done takes it off the list.
    expect(listed(app, { prisonerNumber: 'A1111AA' })).toEqual([
      ...SMITH.slice(0, 6),
      'A1111AA/oasys-significant-change/2026-12-08 2026-12-08 upcoming com',
      'A1111AA/monitoring-review/2027-02-20 2027-02-20 upcoming pom:Pat Pom',
      SMITH[8],
      'A1111AA/release-plan-item/address-safe-for-children 2027-03-09 upcoming com',
      ...SMITH.slice(9, 17),
      'A1111AA/release-plan-item/police-notified 2027-05-04 upcoming pom:Pat Pom',
      'A1111AA/release-plan-item/childrens-services-notified 2027-05-04 upcoming pom:Pat Pom',
      ...SMITH.slice(17),
    ]);
    const a = app.services.due.forPrisoner('A1111AA', TODAY)!;
    expect(
      Object.fromEntries(
        a.items
          .filter((i) => i.kind === 'oasys-significant-change' || i.kind === 'monitoring-review')
          .map((i) => [i.kind, i.basis.inputs]),
      ),
    ).toEqual({
      'oasys-significant-change': { event: 'transfer-in', eventDate: '2026-11-10' },
      'monitoring-review': { basis: 'offence-related', lastReviewOrAuthorisation: '2026-11-20' },
    });
    expect(a.releasePlan!.items.find((i) => i.key === 'pre-release-meeting')).toMatchObject({
      status: 'done',
      dueDate: '2027-03-01',
    });
  });

  it('works ahead in the background for days to come, each of which then reads as worked out whole', async () => {
    const app = await dueUnit();
    const { due } = app.services;
    expect(listed(app)).toEqual(due.workedOutWhole(TODAY).entries.map(brief));
    // Every third day for three months, worked ahead for before it is read.
    for (let n = 3; n <= 90; n += 3) {
      const day = new Date(Date.UTC(2026, 10, 22 + n)).toISOString().slice(0, 10) as IsoDate;
      await due.workAhead(day, { batch: 1 });
      expect(listed(app, {}, day), day).toEqual(due.workedOutWhole(day).entries.map(brief));
    }
  });
});
