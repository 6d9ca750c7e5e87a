// A caseload over time (28/11/2026, the `released` helper): OMU Desk holds what the last import or edit said, not the
// prison's movements. Read six months after its import with nothing newer, a caseload listed the prisoners whose every
// release date had passed as if still held, "None to come", their OASys and categorisation reviews overdue work, and
// a POM could not tell "released, not yet taken off" from "release date passed, still here". Now each is "Release date
// passed: check he has left" (the caseload, its filter, the due list's one item for him, `omu caseload`), a case
// administrator records the day he left (audited) or a file does, and he leaves the caseload. On real SQLite files.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { runCli } from '../../electron/cli';
import { addDays, addMonths, type IsoDate } from '../../electron/domain/shared/dates';
import { releasePassedOn } from '../../electron/domain/release-planning/release-date';
import { FIXED_TODAY, fixedClock, tempDir } from '../support/temp';
import { TEST_COST, signIn } from '../support/sign-in';

const IMPORTED = FIXED_TODAY; // 22/11/2026
const LATER = addMonths(IMPORTED, 6) as IsoDate; // 22/05/2027, nothing imported since

const HEADER =
  'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,parole_eligibility_date,tariff_expiry_date,target_hearing_date,sentence_expiry_date,recall_date,post_recall_release_date,pom,rosh';
const ROWS = [
  // CRD in January: released then, unless something kept him.
  'A1000AA,ADAMS,Alan,01/01/1980,determinate,01/01/2024,10/01/2027,,,,10/01/2029,,,Pat Pom',
  // PED passed in February, CRD to come in 2028: still held, listed at his CRD.
  'B1000BB,BAKER,Bill,01/01/1980,determinate,01/01/2022,01/06/2028,01/02/2027,,,01/06/2031,,,Pat Pom',
  // Life: tariff in December, hearing in March, both passed, no parole date recorded.
  'C1000CC,CLARKE,Colin,01/01/1970,indeterminate,01/01/2012,,,01/12/2026,01/03/2027,,,,Pat Pom',
  // Life: tariff passed, hearing to come in September.
  'D1000DD,DAVIES,Dan,01/01/1970,indeterminate,01/01/2012,,,01/12/2026,01/09/2027,,,,Pat Pom',
  // Recall: post-recall release in January.
  'E1000EE,EVANS,Eric,01/01/1985,determinate,01/01/2024,01/01/2026,,,,01/01/2030,01/06/2026,20/01/2027,Pat Pom',
  // No release date recorded at all: nothing has passed.
  'F1000FF,FOSTER,Fred,01/01/1985,determinate,01/01/2024,,,,,01/01/2031,,,Pat Pom',
  // CRD in February: his release comes in a caseload file.
  'G1000GG,GREEN,Gary,01/01/1985,determinate,01/01/2024,01/02/2027,,,,01/02/2029,,,Pat Pom',
  // CRD in 2029: held.
  'H1000HH,HUGHES,Harry,01/01/1985,determinate,01/01/2024,01/03/2029,,,,01/03/2032,,,Pat Pom',
  // High risk, CRD in July: on the IRMT agenda until his early release (HDC) is recorded.
  'J1000JJ,JONES,Jack,01/01/1985,determinate,01/01/2024,01/07/2027,,,,01/07/2029,,,Pat Pom,high',
];
const PASSED = ['A1000AA', 'C1000CC', 'E1000EE', 'G1000GG'];

let app: OmuApp | null = null;
afterEach(() => app?.close());

const openOn = (dbFile: string, today: IsoDate) =>
  openApp({
    dbFile,
    today,
    clock: () => new Date(`${today}T10:00:00Z`),
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });

/** A caseload imported on IMPORTED into a new file, with a case administrator and a POM. */
async function importedCaseload(): Promise<string> {
  const dbFile = path.join(tempDir('omu-released-'), 'omu.sqlite');
  const a = openApp({
    dbFile,
    today: IMPORTED,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  for (const [name, roles] of [
    ['Cathy Clerk', ['case-administrator']],
    ['Pat Pom', ['pom']],
  ] as const)
    a.services.staff.insertUnchecked(a.context(), { name, email: null, roles: [...roles], active: true });
  await signIn(a, 'Cathy Clerk');
  const report = a.services.caseloadImport.commit(a.context(), 'caseload.csv', [HEADER, ...ROWS].join('\n'));
  expect(report.created).toHaveLength(ROWS.length);
  // On the day of the import nobody's release has passed.
  expect(a.services.caseload.query(a.context(), { status: 'release-passed' }).total).toBe(0);
  expect(a.services.due.handovers(IMPORTED).map((h) => h.prisonerNumber)).toContain('A1000AA');
  a.close();
  return dbFile;
}

describe('a caseload read six months after its import, with nothing newer', () => {
  it('lists those whose every release date has passed as "check he has left", in its filter and its count', async () => {
    const dbFile = await importedCaseload();
    app = openOn(dbFile, LATER);
    const { caseload } = app.services;
    const held = caseload.query(app.context(), { limit: 100 });
    expect(held.total).toBe(ROWS.length);
    expect(held.releasePassed).toBe(PASSED.length);
    const check = Object.fromEntries(held.rows.map((r) => [r.prisonerNumber, r.releaseCheck]));
    expect(check).toEqual({
      A1000AA: { date: '2027-01-10', name: 'CRD' },
      B1000BB: null,
      C1000CC: { date: '2027-03-01', name: 'THD' },
      D1000DD: null,
      E1000EE: { date: '2027-01-20', name: 'PRRD' },
      F1000FF: null,
      G1000GG: { date: '2027-02-01', name: 'CRD' },
      H1000HH: null,
      J1000JJ: null,
    });
    // Sorted by release: the releases to come first (J's CRD, D's hearing, B's CRD, H's CRD), then none to come by number.
    expect(held.rows.map((r) => r.prisonerNumber)).toEqual([
      'J1000JJ',
      'D1000DD',
      'B1000BB',
      'H1000HH',
      'A1000AA',
      'C1000CC',
      'E1000EE',
      'F1000FF',
      'G1000GG',
    ]);
    const passed = caseload.query(app.context(), { status: 'release-passed' });
    expect(passed.rows.map((r) => r.prisonerNumber)).toEqual(PASSED);
    expect(passed.total).toBe(PASSED.length);
    // The same filter with another, and sorted by name.
    expect(
      caseload
        .query(app.context(), { status: 'release-passed', sort: 'name', direction: 'desc' })
        .rows.map((r) => r.prisonerNumber),
    ).toEqual(['G1000GG', 'E1000EE', 'C1000CC', 'A1000AA']);
    // None is "releasing within" any window.
    expect(
      caseload.query(app.context(), { releaseWithinWeeks: 520 }).rows.map((r) => r.prisonerNumber),
    ).toEqual(['J1000JJ', 'D1000DD', 'B1000BB', 'H1000HH']);
    // The rule in TypeScript on each record says the same.
    for (const r of held.rows)
      expect(releasePassedOn(caseload.get(r.prisonerNumber), LATER), r.prisonerNumber).toEqual(
        r.releaseCheck,
      );
    // The command line lists them the same.
    let out = '';
    const code = await runCli(
      ['--db', dbFile, '--today', LATER, 'caseload', '--status', 'release-passed', '--json'],
      {
        stdout: (s) => (out += s),
        stderr: () => undefined,
        passwordHashCost: TEST_COST,
      },
    );
    expect(code).toBe(0);
    expect(
      (JSON.parse(out) as { rows: { prisonerNumber: string }[] }).rows.map((r) => r.prisonerNumber),
    ).toEqual(PASSED);
  });

  it("his due items wait on one item, the case administrator's check; they come back when a date to come is recorded", async () => {
    const dbFile = await importedCaseload();
    app = openOn(dbFile, LATER);
    const { due } = app.services;
    const items = due.list(LATER, { prisonerNumber: 'A1000AA' });
    expect(items.map((i) => [i.kind, i.dueDate, i.status, i.owner.role])).toEqual([
      ['release-passed', '2027-01-11', 'overdue', 'case-administrator'],
    ]);
    expect(items[0]!.basis.sentence).toMatch(/^CRD 10\/01\/2027 has passed/);
    // The unit's counts agree with the list: one check for each, and no other item of theirs.
    const all = due.list(LATER);
    const theirs = all.filter((i) => PASSED.includes(i.prisonerNumber));
    expect(theirs.map((i) => `${i.prisonerNumber} ${i.kind}`).sort()).toEqual(
      PASSED.map((n) => `${n} release-passed`),
    );
    const summary = due.summary(LATER);
    const kinds = Object.fromEntries(summary.byKind.map((k) => [k.kind, k.counts.overdue]));
    expect(kinds['release-passed']).toBe(PASSED.length);
    expect(summary.totals.overdue).toBe(all.filter((i) => i.status === 'overdue').length);
    // The Handovers list agrees: his handover work waits on the check too (on the day of the import he was listed).
    const handovers = due.handovers(LATER).map((h) => h.prisonerNumber);
    expect(handovers.filter((n) => PASSED.includes(n))).toEqual([]);
    expect(handovers).toContain('H1000HH');
    // Still held: his new date (a recall's, say, or a date recalculated) is recorded, and his work is back.
    await signIn(app, 'Cathy Clerk');
    const router = createRouter(app, 'http');
    const current = app.services.caseload.get('A1000AA');
    const changed = await router.handle('caseload/update-prisoner', {
      prisonerNumber: 'A1000AA',
      prisoner: { ...current, conditionalReleaseDate: '2027-08-01', pomId: current.pomId },
      opened: current,
    });
    expect(changed.ok).toBe(true);
    const back = due.list(LATER, { prisonerNumber: 'A1000AA' });
    expect(back.some((i) => i.kind === 'release-passed')).toBe(false);
    expect(back.length).toBeGreaterThan(0);
    expect(app.services.caseload.query(app.context(), { status: 'release-passed' }).total).toBe(
      PASSED.length - 1,
    );
  });

  it('a case administrator records the day he left (audited, who and when), or a caseload file does, and he leaves the caseload', async () => {
    const dbFile = await importedCaseload();
    app = openOn(dbFile, LATER);
    const router = createRouter(app, 'http');
    // A POM may not.
    await signIn(app, 'Pat Pom');
    const refused = await router.handle('caseload/record-release', {
      prisonerNumber: 'A1000AA',
      on: '2027-01-10',
    });
    expect(refused.ok ? null : refused.error.message).toBe(
      'Only a case administrator or senior manager / head of OMU can record a release. Pat Pom is not recorded as one.',
    );
    await signIn(app, 'Cathy Clerk');
    const future = await router.handle('caseload/record-release', {
      prisonerNumber: 'A1000AA',
      on: addDays(LATER, 1),
    });
    expect(future.ok ? null : [future.error.field, future.error.message]).toEqual([
      'on',
      'Date he left custody must be today or in the past (22/05/2027)',
    ]);
    const done = await router.handle('caseload/record-release', {
      prisonerNumber: 'A1000AA',
      on: '2027-01-10',
    });
    expect(done.ok ? done.value : done.error.message).toEqual({
      prisonerNumber: 'A1000AA',
      releasedOn: '2027-01-10',
    });
    const again = await router.handle('caseload/record-release', {
      prisonerNumber: 'A1000AA',
      on: '2027-01-12',
    });
    expect(again.ok ? null : again.error.message).toBe(
      'A1000AA is already recorded as released on 10/01/2027',
    );
    const id = app.services.caseload.get('A1000AA').id;
    const entry = app.services.audit.list({ prisonerId: id, limit: 5 })[0]!;
    expect([entry.actorName, entry.at.slice(0, 10), entry.after]).toEqual([
      'Cathy Clerk',
      LATER,
      expect.objectContaining({ releasedOn: '2027-01-10' }),
    ]);
    // A caseload file records G's release.
    const report = app.services.caseloadImport.commit(
      app.context(),
      'releases.csv',
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,released_on\nG1000GG,GREEN,Gary,01/01/1985,determinate,01/01/2024,01/02/2027',
    );
    expect(report.ok).toBe(true);
    // J, high risk and releasing in July, is on the IRMT agenda until his early release (HDC) is recorded today.
    const agenda = () => app!.services.irmt.agenda(LATER).items.map((i) => i.prisonerNumber);
    expect(agenda()).toContain('J1000JJ');
    const early = await router.handle('caseload/record-release', { prisonerNumber: 'J1000JJ', on: LATER });
    expect(early.ok).toBe(true);
    expect(agenda()).not.toContain('J1000JJ');
    // Off the caseload and the check list, listed as released; their items gone.
    const { caseload, due } = app.services;
    expect(caseload.query(app.context(), { limit: 100 }).rows.map((r) => r.prisonerNumber)).not.toContain(
      'A1000AA',
    );
    expect(caseload.query(app.context(), {}).total).toBe(ROWS.length - 3);
    expect(
      caseload.query(app.context(), { status: 'release-passed' }).rows.map((r) => r.prisonerNumber),
    ).toEqual(['C1000CC', 'E1000EE']);
    const released = caseload.query(app.context(), { status: 'released' });
    expect(released.rows.map((r) => [r.prisonerNumber, r.releasedOn, r.releaseCheck])).toEqual([
      ['J1000JJ', LATER, null],
      ['A1000AA', '2027-01-10', null],
      ['G1000GG', '2027-02-01', null],
    ]);
    expect(
      due.list(LATER).filter((i) => ['A1000AA', 'G1000GG', 'J1000JJ'].includes(i.prisonerNumber)),
    ).toEqual([]);
    // The file opened again says the same.
    app.close();
    app = openOn(dbFile, LATER);
    expect(app.services.caseload.query(app.context(), { status: 'released' }).total).toBe(3);
  });
});

/**
 * A file changes only the prisoners it names: one who left the prison with nothing recorded here stays held, so the
 * import, when the unit holds the prison's whole list in its hands, is when it can see who is missing (28/11/2026: the
 * preview and the report said nothing of them).
 */
describe('a caseload file that leaves out prisoners held on the caseload', () => {
  it('says which, in the preview and the report, when the file is a whole caseload; a file of a few says nothing', async () => {
    const dbFile = await importedCaseload();
    app = openOn(dbFile, IMPORTED);
    await signIn(app, 'Cathy Clerk');
    const router = createRouter(app, 'http');
    const answer = async (op: 'caseload/preview-import' | 'caseload/import', rows: string[]) => {
      const r = await router.handle(op, { fileName: 'week2.csv', csvText: [HEADER, ...rows].join('\n') });
      if (!r.ok) throw new Error(r.error.message);
      return (r.value as { warnings: string[] }).warnings;
    };
    // All but B and H: seven of nine.
    const seven = ROWS.filter((r) => !/^(B1000BB|H1000HH),/.test(r));
    const said =
      'Not in this file: 2 of the 9 prisoners held on the caseload (B1000BB BAKER, Bill; H1000HH HUGHES, Harry). A file changes only the prisoners it names: if it is the whole caseload, check whether each has left, and record the release or transfer on his page.';
    expect(await answer('caseload/preview-import', seven)).toEqual([said]);
    expect(await answer('caseload/import', seven)).toEqual([said]);
    // The two are still held: the file did not touch them.
    expect(app.services.caseload.query(app.context(), { limit: 100 }).total).toBe(ROWS.length);
    // Four of nine (one wing's list, say): fewer than half the caseload, nothing said.
    expect(await answer('caseload/preview-import', ROWS.slice(0, 4))).toEqual([]);
    // The whole caseload again: nobody is missing.
    expect(await answer('caseload/preview-import', ROWS)).toEqual([]);
  });
});
