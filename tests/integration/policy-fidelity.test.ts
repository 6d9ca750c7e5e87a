import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { copyDemoDatabase } from '../support/demo-template';
import { TEST_COST, signInNewStaff } from '../support/sign-in';
import { emptyDatabase } from '../support/empty-database';

let app: OmuApp;
afterEach(() => app?.close());

const HEADER =
  'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,tariff_expiry_date,target_hearing_date,sentence_expiry_date,recall_date,post_recall_release_date,fixed_term_recall_days,parole_outcome,parole_outcome_date,immigration_case,mappa_level,com_name,com_email,last_categorised_on';

/** A caseload on a real database file, imported through the CSV with the columns issue 17 added. Today is 22/11/2026. */
async function setup(rows: string[]) {
  app = openApp({
    dbFile: emptyDatabase(),
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  await signInNewStaff(app);
  const report = app.services.caseloadImport.commit(
    app.context(),
    'caseload.csv',
    [HEADER, ...rows].join('\n'),
  );
  expect(report).toMatchObject({ committed: true });
  return app.services;
}
const due = (n: string) => app.services.due.list(FIXED_TODAY, { prisonerNumber: n });

describe('policy fidelity on a real database (issues 17 and 12 item 3)', () => {
  it('a recall: the release plan keys to the post-recall release date, nothing falls due before the recall, no negative day count, and the recall review is listed', async () => {
    const s = await setup([
      // CRD 25/02/2025 passed long ago (635 days before today); recalled 01/06/2026; PRRD 05/01/2027.
      'R1111RR,RECALL,Ray,01/01/1980,determinate,01/01/2023,25/02/2025,,,01/01/2028,16/11/2026,05/01/2027,,,,no,,,,01/06/2026',
    ]);
    const view = s.releasePlanning.view('R1111RR', FIXED_TODAY);
    expect([view.plan?.releaseName, view.plan?.releaseDate]).toEqual(['PRRD', '2027-01-05']);
    expect(view.plan!.warnings.join(' ')).not.toMatch(/-\d/);
    expect(view.plan!.warnings.join(' ')).toMatch(/No accommodation confirmed 44 days before release/);
    const items = due('R1111RR');
    expect(
      items
        .filter((i) => i.kind === 'release-plan-item' || i.kind === 'mappa-level-confirmation')
        .every((i) => i.dueDate >= '2026-11-16'),
    ).toBe(true);
    expect(items.find((i) => i.kind === 'categorisation-recall')).toMatchObject({ dueDate: '2026-11-26' });
    expect(items.find((i) => i.kind === 'categorisation-review')).toBeUndefined();
    expect(s.handover.view('R1111RR', FIXED_TODAY)).toMatchObject({
      responsibility: 'com',
      reason: 'recall',
      handoverDate: null,
    });
  });

  it('a recall with no post-recall release date has no plan and says why; a 28-day fixed-term recall needs no recategorisation', async () => {
    const s = await setup([
      'R2222RR,NOPRRD,Rob,01/01/1980,determinate,01/01/2023,25/02/2025,,,01/01/2028,01/11/2026,,,,,no,,,,01/06/2026',
      'F3333FF,FIXED,Fred,01/01/1980,determinate,01/01/2023,25/02/2025,,,01/01/2028,10/11/2026,08/12/2026,28,,,no,,,,01/06/2026',
    ]);
    expect(s.releasePlanning.view('R2222RR', FIXED_TODAY)).toMatchObject({
      plan: null,
      noPlan: expect.stringMatching(/no post-recall release date is recorded/),
    });
    expect(due('R2222RR').map((i) => i.kind)).toContain('categorisation-recall');
    expect(
      due('F3333FF')
        .map((i) => i.kind)
        .filter((k) => k.startsWith('categorisation')),
    ).toEqual([]);
    expect(s.releasePlanning.view('F3333FF', FIXED_TODAY).plan).toMatchObject({
      releaseName: 'PRRD',
      releaseDate: '2026-12-08',
    });
  });

  it('a recalled life sentence with the next hearing over a year away and MAPPA level none stays with the POM, the COM supporting, and gets a recall review', async () => {
    const s = await setup([
      'L4444LL,LIFER,Len,01/01/1970,indeterminate,01/01/2005,,01/01/2015,01/06/2028,,01/11/2026,,,,,no,none,,,01/06/2026',
    ]);
    expect(s.handover.view('L4444LL', FIXED_TODAY)).toMatchObject({
      responsibility: 'pom-with-com',
      reason: 'recall-thd-over-12-months',
      handoverDate: null,
      startDate: null,
    });
    expect(due('L4444LL').map((i) => `${i.kind} ${i.dueDate}`)).toContain('categorisation-recall 2026-11-11');
    expect(due('L4444LL').map((i) => i.kind)).not.toContain('handover');
  });

  it('a COM recorded by e-mail only counts as allocated: no "COM allocation overdue", and "COM allocated" is done', async () => {
    const s = await setup([
      // CRD 20/05/2027: handover 06/09/2026, long passed.
      'E5555EE,EMAIL,Eve,01/01/1980,determinate,01/01/2023,20/05/2027,,,01/01/2029,,,,,,no,,,sue.hill@justice.gov.uk,01/06/2026',
      'N6666NN,NOCOM,Ned,01/01/1980,determinate,01/01/2023,20/05/2027,,,01/01/2029,,,,,,no,,,,01/06/2026',
    ]);
    expect(due('E5555EE').map((i) => i.kind)).not.toContain('com-allocation-overdue');
    expect(due('N6666NN').map((i) => i.kind)).toContain('com-allocation-overdue');
    expect(s.handover.view('E5555EE', FIXED_TODAY).comAllocated).toBe(true);
    expect(
      s.releasePlanning.view('E5555EE', FIXED_TODAY).plan!.items.find((i) => i.key === 'com-allocated'),
    ).toMatchObject({ status: 'done', automatic: true });
    const lists = s.handover.lists(FIXED_TODAY, s.policy.versions());
    expect(lists['com-allocation-overdue'].map((r) => r.prisonerNumber)).toEqual(['N6666NN']);
  });

  it('nothing is due before the sentence began; an immigration case is COM responsible with no initial categorisation', async () => {
    await setup([
      'S7777SS,SENTENCED,Sid,01/01/1980,determinate,18/09/2026,01/03/2027,,,01/09/2027,,,,,,no,,,,',
      'I8888II,DETAINEE,Ian,01/01/1980,determinate,10/11/2026,01/06/2028,,,01/06/2030,,,,,,yes,,,,',
    ]);
    const items = due('S7777SS').filter(
      (i) => i.kind === 'release-plan-item' || i.kind === 'mappa-level-confirmation',
    );
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i) => i.dueDate >= '2026-09-18')).toBe(true);
    expect(app.services.handover.view('I8888II', FIXED_TODAY)).toMatchObject({
      responsibility: 'com',
      reason: 'immigration-case',
    });
    expect(due('I8888II').map((i) => i.kind)).not.toContain('categorisation-initial');
  });

  it('a post-tariff life sentence with no target hearing date is reviewed every 3 years; a review after a PED that has passed is still listed', async () => {
    await setup([
      'P9999PP,POSTTARIFF,Paul,01/01/1970,indeterminate,01/01/2005,,01/01/2020,,,,,,stay in closed,01/06/2025,no,,,,01/12/2023',
      'Q1010QQ,PAROLE,Quin,01/01/1980,determinate,01/01/2022,01/01/2028,,,01/01/2031,,,,,,no,,,,01/06/2026',
    ]);
    expect(due('P9999PP').map((i) => `${i.kind} ${i.dueDate}`)).toContain('categorisation-review 2026-12-01');
    app.services.caseloadImport.commit(
      app.context(),
      'ped.csv',
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,parole_eligibility_date\nQ1010QQ,PAROLE,Quin,01/01/1980,determinate,01/01/2022,01/10/2026\n',
    );
    expect(due('Q1010QQ').map((i) => `${i.kind} ${i.dueDate}`)).toContain('categorisation-review 2026-12-01');
  });

  it('on the whole demo caseload: no plan counts back from a date that has passed, nothing is due before the sentence or the recall, no negative day count', () => {
    app = openApp({
      dbFile: copyDemoDatabase(tempDir()),
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
    });
    type Floor = { n: string; floor: string; recall: string | null };
    const floors = new Map(
      (
        app.services.store.sqlite
          .prepare(
            `SELECT prisoner_number AS n, max(sentence_start_date, coalesce(recall_date, '')) AS floor, recall_date AS recall
      FROM prisoners`,
          )
          .all() as Floor[]
      ).map((x) => [x.n, x] as const),
    );
    const items = app.services.due.list(FIXED_TODAY, {
      kinds: ['release-plan-item', 'mappa-level-confirmation'],
    });
    expect(items.length).toBeGreaterThan(100);
    const early = items
      .filter((i) => i.dueDate < floors.get(i.prisonerNumber)!.floor)
      .map((i) => `${i.prisonerNumber} ${i.dueDate} ${i.basis.sentence}`);
    expect(early).toEqual([]);
    const releases = app.services.due.releases(FIXED_TODAY, 520);
    expect(releases.every((r) => r.releaseDate >= FIXED_TODAY)).toBe(true);
    expect(releases.flatMap((r) => r.warnings).filter((w) => /-\d+ days?/.test(w))).toEqual([]);
    const recalled = releases.filter((r) => floors.get(r.prisonerNumber)!.recall);
    expect(recalled.length).toBeGreaterThan(10);
    expect(
      recalled.filter((r) => r.releaseName !== 'PRRD').map((r) => `${r.prisonerNumber} ${r.releaseName}`),
    ).toEqual([]);
  }, 180_000);

  it('the handover pack carries the new facts in words', async () => {
    const s = await setup([
      'R1111RR,RECALL,Ray,01/01/1980,determinate,01/01/2023,25/02/2025,,,01/01/2028,16/11/2026,05/01/2027,,,,no,none,,,01/06/2026',
    ]);
    const pack = s.handoverPacks.build(app.context(), 'R1111RR', null);
    expect(pack.sentence.circumstances).toEqual([
      { name: 'Recall', value: 'Recalled 16/11/2026, standard recall; post-recall release date 05/01/2027' },
    ]);
    expect(pack.sentence.dates).toContainEqual({ name: 'Post-recall release date', date: '2027-01-05' });
    expect([pack.risk.mappaLevel, pack.risk.mappaLevelText]).toEqual([0, 'None (MAPPA does not apply)']);
    expect(pack.releasePlan.exists).toBe(true);
  });
});
