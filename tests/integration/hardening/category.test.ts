import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../../electron/app/omu-app';
import { createRouter } from '../../../electron/api/router';
import { FIXED_TODAY, fixedClock } from '../../support/temp';
import { TEST_COST, signIn } from '../../support/sign-in';
import { emptyDatabase } from '../../support/empty-database';

let app: OmuApp;
afterEach(() => app?.close());

const HEAD = 'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,category';
async function setup() {
  app = openApp({
    dbFile: emptyDatabase(),
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  const s = app.services;
  const admin = s.staff.create(app.context(), {
    name: 'Ada Admin',
    email: null,
    roles: ['administrator'],
    active: true,
  });
  const ctx = app.context();
  const clerk = s.staff.insertUnchecked(ctx, {
    name: 'Cas Clerk',
    email: null,
    roles: ['case-administrator'],
    active: true,
  });
  const manager = s.staff.insertUnchecked(ctx, {
    name: 'Head Of OMU',
    email: null,
    roles: ['senior-manager'],
    active: true,
  });
  const as = (id: string) => signIn(app, s.staff.get(id)!.name);
  await as(clerk.id);
  s.caseloadImport.commit(
    app.context(),
    'a.csv',
    `${HEAD}\nA1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,C\nB2222BB,JONES,Tom,01/01/1980,determinate,01/01/2024,B\n`,
  );
  return { router: createRouter(app, 'http'), as, clerk, manager, admin };
}

describe('a security category changes only through an approved review or an allowed import (issue 13, item 6)', () => {
  it('a case administrator cannot change a category by editing the prisoner: C to D is refused, naming the rule', async () => {
    const { router } = await setup();
    const p = app.services.caseload.get('A1111AA');
    const res = await router.handle('caseload/update-prisoner', {
      prisonerNumber: 'A1111AA',
      prisoner: { ...p, category: 'D' },
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'category' } });
    expect((res as { error: { message: string } }).error.message).toMatch(/categorisation review/);
    expect(app.services.caseload.get('A1111AA').category).toBe('C');
    // Other fields still change as before.
    expect(
      await router.handle('caseload/update-prisoner', {
        prisonerNumber: 'A1111AA',
        prisoner: { ...p, location: 'B-1-01' },
      }),
    ).toMatchObject({ ok: true });
  });

  it("a case administrator's caseload import that changes B to D writes nothing and says why; a senior manager's goes in", async () => {
    const { router, as, manager } = await setup();
    const csvText = `${HEAD}\nB2222BB,JONES,Tom,01/01/1980,determinate,01/01/2024,D\n`;
    const preview = await router.handle('caseload/preview-import', { fileName: 'b.csv', csvText });
    expect(preview).toMatchObject({
      ok: true,
      value: { ok: false, problems: [{ line: 2, column: 'category' }] },
    });
    const res = await router.handle('caseload/import', { fileName: 'b.csv', csvText });
    expect(res).toMatchObject({
      ok: true,
      value: { ok: false, committed: false, problems: [{ line: 2, column: 'category' }] },
    });
    expect((res as { value: { problems: { message: string }[] } }).value.problems[0]!.message).toMatch(
      /categorisation review.*\(B to D\)/,
    );
    expect(app.services.caseload.get('B2222BB').category).toBe('B');
    await as(manager.id);
    expect(await router.handle('caseload/import', { fileName: 'b.csv', csvText })).toMatchObject({
      ok: true,
      value: { committed: true },
    });
    expect(app.services.caseload.get('B2222BB').category).toBe('D');
  });

  it('a confirmed PPRC status cannot be imported by a role that cannot confirm one on screen', async () => {
    const { router, as, manager } = await setup();
    const csvText =
      'prisoner_number,type,status,identified_on,grounds\nA1111AA,pprc,confirmed,01/03/2024,current offence and police intelligence\n';
    const refused = await router.handle('public-protection/import', { fileName: 'pp.csv', csvText });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(app.services.publicProtection.view('A1111AA').statuses).toEqual([]);
    expect(
      await router.handle('public-protection/import', {
        fileName: 'pp.csv',
        csvText: csvText.replace('confirmed', 'potential'),
      }),
    ).toMatchObject({ ok: true, value: { committed: true } });
    await as(manager.id);
    expect(
      await router.handle('public-protection/import', {
        fileName: 'pp2.csv',
        csvText: csvText.replace('01/03/2024', '02/03/2024'),
      }),
    ).toMatchObject({ ok: true, value: { committed: true } });
  });
});
