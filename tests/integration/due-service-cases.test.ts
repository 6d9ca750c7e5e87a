import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import type { DueEntry } from '../../electron/domain/due/service';
import { EVIDENCE_SECTIONS } from '../../electron/domain/categorisation/schemas';
import type { IsoDate } from '../../electron/domain/shared/dates';
import { run } from '../support/commands';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST, signIn } from '../support/sign-in';

/**
 * The due service (electron/domain/due/service.ts) on the cases due-service.test.ts's unit has none of (issue 19: what
 * the due service's mutation groups let through): indeterminate sentences (a tariff within the releases list's window
 * and a hearing after it, a tariff on the window's last day, one today, none recorded), two prisoners with one release
 * date, every release date passed, a release recorded today, and categorisation reviews approved and awaiting
 * approval, recorded through the commands. Each prisoner's handover, release and items are written out by hand for
 * Sunday 22/11/2026 (sources in each rule: electron/domain/handover/rules.ts, release-planning/rules.ts,
 * categorisation/rules.ts). A small SQLite file is made once per process and copied for each test, as in
 * due-service.test.ts.
 */
const TODAY = FIXED_TODAY; // Sunday 22/11/2026
const CASELOAD = [
  'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,tariff_expiry_date,target_hearing_date,category,pom,released_on',
  // Indeterminate: tariff 01/03/2027 (in 28 weeks), hearing 01/09/2027 (the caseload lists him by the later).
  'E1111EE,Evans,Eric,01/01/1970,indeterminate,01/01/2015,,01/03/2027,01/09/2027,B,Pat Pom,',
  // Indeterminate: tariff on 06/06/2027, 28 weeks from today to the day.
  'F2222FF,Fox,Fred,01/01/1971,indeterminate,01/01/2015,,06/06/2027,,B,,',
  // Indeterminate: tariff today.
  'G3333GG,Gray,Gus,01/01/1972,indeterminate,01/01/2010,,22/11/2026,,B,,',
  // Two prisoners sentenced on one day with one CRD.
  'H4444HH,Hill,Harry,01/01/1980,determinate,01/06/2025,01/04/2027,,,C,Pat Pom,',
  'J5555JJ,Hill,Jack,01/01/1981,determinate,01/06/2025,01/04/2027,,,C,Pat Pom,',
  // Every release date passed, and not released.
  'K6666KK,King,Ken,01/01/1982,determinate,01/01/2024,01/10/2026,,,C,,',
  // Indeterminate with neither tariff nor hearing recorded.
  'L7777LL,Lee,Leo,01/01/1983,indeterminate,01/01/2020,,,,B,,',
  // Released today.
  'M8888MM,Moss,Max,01/01/1984,determinate,01/01/2024,20/11/2026,,,C,,22/11/2026',
  // Categorisation reviews: approved (N), awaiting approval (P).
  'N1212NN,Nash,Ned,01/01/1985,determinate,01/01/2026,01/01/2029,,,C,Pat Pom,',
  'P1313PP,Park,Pete,01/01/1986,determinate,01/01/2026,01/01/2029,,,C,Pat Pom,',
].join('\n');
const EVIDENCE = Object.fromEntries(EVIDENCE_SECTIONS.map((s) => [s.key, `${s.label}: nothing of concern`]));

/** A review started, drafted and completed by Pat Pom: its id. */
async function reviewed(app: OmuApp, prisonerNumber: string, on: IsoDate, nextReviewOn: IsoDate) {
  await signIn(app, 'Pat Pom');
  const id = (await run(app, 'categorisation/start-review', {
    prisonerNumber,
    review: { reason: 'due', startedOn: on },
  })) as string;
  await run(app, 'categorisation/save-draft', {
    reviewId: id,
    draft: {
      proposedCategory: 'C',
      evidence: EVIDENCE,
      recommendation: 'Category C: settled, working, no adjudications.',
    },
  } as never);
  await run(app, 'categorisation/submit-review', {
    reviewId: id,
    completion: { completedOn: on, nextReview: { date: nextReviewOn } },
  });
  return id;
}

const template = path.join(os.tmpdir(), `omu-due-service-cases-${process.pid}-v1.sqlite`);
async function makeTemplate() {
  const file = path.join(tempDir('omu-due-service-cases-'), 'omu.sqlite');
  const t = openApp({
    dbFile: file,
    today: TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  for (const [name, roles] of [
    ['Pat Pom', ['pom']],
    ['Maggie Manager', ['senior-manager', 'case-administrator', 'administrator']],
  ] as const)
    t.services.staff.insertUnchecked(t.context(), { name, email: null, roles: [...roles], active: true });
  await signIn(t, 'Maggie Manager');
  const r = t.services.caseloadImport.commit(t.context(), 'c.csv', CASELOAD);
  if (!r.committed) throw new Error(JSON.stringify(r.problems));
  // Ned Nash: reviewed on Monday 02/11/2026, next review 10/01/2027, approved the next day.
  const approved = await reviewed(t, 'N1212NN', '2026-11-02', '2027-01-10');
  await signIn(t, 'Maggie Manager');
  await run(t, 'categorisation/approve-review', {
    reviewId: approved,
    approval: { approvedOn: '2026-11-03', approvedCategory: 'C', reasons: null },
  });
  // Pete Park: reviewed on Friday 20/11/2026, not yet approved.
  await reviewed(t, 'P1313PP', '2026-11-20', '2027-05-20');
  t.close();
  const db = new Database(file);
  const stored = db.prepare('SELECT count(*) FROM due_prisoners').pluck().get();
  db.close();
  if (stored !== 0) throw new Error('The template should hold no due items');
  fs.copyFileSync(file, `${template}.part`);
  fs.renameSync(`${template}.part`, template);
}

const apps: OmuApp[] = [];
async function dueUnit(): Promise<OmuApp> {
  if (!fs.existsSync(template)) await makeTemplate();
  const file = path.join(tempDir('omu-due-service-cases-'), 'omu.sqlite');
  fs.copyFileSync(template, file);
  const app = openApp({
    dbFile: file,
    today: TODAY,
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

const brief = (e: DueEntry) =>
  `${e.id} ${e.dueDate} ${e.status} ${e.owner.role}${e.owner.staffName ? `:${e.owner.staffName}` : ''}`;

/** Every item of a query in short, in the list's order. */
const listed = (
  app: OmuApp,
  q: Parameters<OmuApp['services']['due']['list']>[1] = {},
  today: IsoDate = TODAY,
) => app.services.due.list(today, q).map(brief);

describe('the due service on indeterminate sentences, shared release dates and categorisation reviews', () => {
  it('lists the releases within the weeks asked: indeterminate ones by their tariff, ties by prisoner number', async () => {
    const app = await dueUnit();
    const releases = (weeks: number) =>
      app.services.due
        .releases(TODAY, weeks)
        .map((r) => `${r.prisonerNumber} ${r.releaseDate} ${r.releaseName}`);
    // Left out: Ken King (every date passed), Leo Lee (no tariff or hearing recorded), Max Moss (released today).
    // Eric Evans is listed by his tariff (the caseload's release date is his later hearing); Harry and Jack Hill share
    // one CRD, as do Ned Nash and Pete Park.
    const all = [
      'G3333GG 2026-11-22 TED',
      'E1111EE 2027-03-01 TED',
      'H4444HH 2027-04-01 CRD',
      'J5555JJ 2027-04-01 CRD',
      'F2222FF 2027-06-06 TED',
      'N1212NN 2029-01-01 CRD',
      'P1313PP 2029-01-01 CRD',
    ];
    expect(releases(52 * 5)).toEqual(all);
    // 28 weeks from 22/11/2026 is 06/06/2027: Fred Fox's tariff, the window's last day, is in; at 27 weeks it is not.
    expect(releases(28)).toEqual(all.slice(0, 5));
    expect(releases(27)).toEqual(all.slice(0, 4));
    // A window of no weeks: today's tariff only.
    expect(releases(0)).toEqual(all.slice(0, 1));
    expect(app.services.due.releases(TODAY, 28)[1]).toMatchObject({
      name: 'EVANS, Eric',
      pomName: 'Pat Pom',
      comName: null,
    });
  });

  it("counts each release plan's items from its facts, a PPRC status and its progress, as the plan does", async () => {
    const app = await dueUnit();
    await run(app, 'public-protection/add-status', {
      prisonerNumber: 'H4444HH',
      status: { type: 'pprc', status: 'confirmed', identifiedOn: '2026-11-12', groundsCurrentOffence: true },
    } as never);
    await run(app, 'release-planning/set-facts', {
      prisonerNumber: 'H4444HH',
      facts: { approvedPremisesNeeded: false, victimInContactScheme: null },
    } as never);
    await run(app, 'release-planning/set-item', {
      prisonerNumber: 'H4444HH',
      item: { itemKey: 'pre-release-meeting', status: 'done', completedOn: '2026-11-20' },
    } as never);
    const counts = (n: string) => {
      const r = app.services.due.releases(TODAY, 28).find((x) => x.prisonerNumber === n)!;
      return [r.done, r.total, r.overdue];
    };
    // Jack Hill: 18 items, none done; overdue by 22/11/2026 the COM allocated and the pre-release OASys (by the
    // handover, 18/07/2026) and the approved premises referral (CRD minus 6 months, 01/10/2026).
    expect(counts('J5555JJ')).toEqual([0, 18, 3]);
    // Harry Hill: the PPRC status adds the address safe for children, police and children's services notified; no
    // approved premises needed takes the referral away; the pre-release meeting done.
    expect(counts('H4444HH')).toEqual([1, 20, 2]);
    const plan = app.services.due.forPrisoner('H4444HH', TODAY)!.releasePlan!;
    expect([plan.items.length, plan.items.filter((i) => i.status === 'done').length]).toEqual([20, 1]);
  });

  it('says why there is no release plan, except for a prisoner released by today', async () => {
    const app = await dueUnit();
    const { due } = app.services;
    const plan = (n: string) => {
      const d = due.forPrisoner(n, TODAY)!;
      return [d.handover.handoverDate, d.releasePlan?.releaseDate ?? null, d.noReleasePlan];
    };
    // Indeterminate: handover 12 months before the tariff (omic-handover version 5).
    expect(plan('E1111EE')).toEqual(['2026-03-01', '2027-03-01', null]);
    expect(plan('G3333GG')).toEqual(['2025-11-22', '2026-11-22', null]);
    // CRD 01/10/2026 minus 8 months 14 days; passed, and not released.
    expect(plan('K6666KK')).toEqual([
      '2026-01-18',
      null,
      'Every release date recorded has passed: record his release, or correct the dates.',
    ]);
    expect(plan('L7777LL')).toEqual([null, null, 'No tariff expiry or target hearing date is recorded.']);
    // Released today (his CRD 20/11/2026 passed): no plan and nothing to say.
    expect(plan('M8888MM')).toEqual(['2026-03-06', null, null]);
  });

  it('lists the handovers, worked out whole and stored, for those not released by the day, in prisoner number order', async () => {
    const app = await dueUnit();
    const { due } = app.services;
    const row = (h: ReturnType<typeof due.handovers>[number]) => [
      h.prisonerNumber,
      h.prisonerName,
      h.pomName,
      h.comName,
      h.comEmail,
      h.handover.handoverDate,
    ];
    // Leo Lee has no handover date (no release date); Max Moss is released today.
    const expected = [
      ['E1111EE', 'EVANS, Eric', 'Pat Pom', null, null, '2026-03-01'],
      ['F2222FF', 'FOX, Fred', null, null, null, '2026-06-06'],
      ['G3333GG', 'GRAY, Gus', null, null, null, '2025-11-22'],
      ['H4444HH', 'HILL, Harry', 'Pat Pom', null, null, '2026-07-18'],
      ['J5555JJ', 'HILL, Jack', 'Pat Pom', null, null, '2026-07-18'],
      ['K6666KK', 'KING, Ken', null, null, null, '2026-01-18'],
      ['N1212NN', 'NASH, Ned', 'Pat Pom', null, null, '2028-04-17'],
      ['P1313PP', 'PARK, Pete', 'Pat Pom', null, null, '2028-04-17'],
    ];
    const whole = due.workedOutWhole(TODAY).handovers;
    expect(whole.map(row)).toEqual(expected);
    expect(due.handovers(TODAY).map(row)).toEqual(expected);
    for (const h of whole) {
      expect(h.prisonerId, h.prisonerNumber).toBe(app.services.caseload.get(h.prisonerNumber).id);
      expect(h.handover, h.prisonerNumber).toEqual(due.forPrisoner(h.prisonerNumber, TODAY)!.handover);
    }
    expect(due.handovers(TODAY)).toEqual(whole);
    // The day before his release Max Moss is there too, in both.
    const before = [
      ...expected.slice(0, 6),
      ['M8888MM', 'MOSS, Max', null, null, null, '2026-03-06'],
      ...expected.slice(6),
    ];
    expect(due.workedOutWhole('2026-11-21').handovers.map(row)).toEqual(before);
    expect(due.handovers('2026-11-21').map(row)).toEqual(before);
  });

  it("orders the list worked out whole by due date, then prisoner, then each prisoner's own order, as stored", async () => {
    const app = await dueUnit();
    const { due } = app.services;
    const whole = due.workedOutWhole(TODAY).entries;
    // Harry and Jack Hill's handover on 18/07/2026 (CRD 01/04/2027 minus 8 months 14 days): the pre-release OASys and
    // the release plan's items due by it, his before Jack's.
    expect(whole.filter((e) => e.dueDate === '2026-07-18').map((e) => e.id)).toEqual([
      'H4444HH/oasys-pre-release/2026-07-18',
      'H4444HH/release-plan-item/com-allocated',
      'H4444HH/release-plan-item/pre-release-oasys',
      'J5555JJ/oasys-pre-release/2026-07-18',
      'J5555JJ/release-plan-item/com-allocated',
      'J5555JJ/release-plan-item/pre-release-oasys',
    ]);
    const dates = whole.map((e) => e.dueDate);
    expect(dates).toEqual([...dates].sort());
    expect(whole.map(brief)).toEqual(listed(app));
  });

  it('reads categorisation reviews approved (the date set for the next) and awaiting approval', async () => {
    const app = await dueUnit();
    const kinds = [
      'categorisation-initial',
      'categorisation-review',
      'categorisation-approval',
      'categorisation-age-21',
      'categorisation-recall',
    ] as const;
    // Approved on 03/11/2026 with the next review set for 10/01/2027 (listed from 2 months before): no initial.
    expect(listed(app, { prisonerNumber: 'N1212NN', kinds: [...kinds] })).toEqual([
      'N1212NN/categorisation-review/2027-01-10 2027-01-10 upcoming pom:Pat Pom',
    ]);
    // Completed on Friday 20/11/2026: approval due 5 working days on, Friday 27/11; his initial categorisation, SSD
    // 01/01/2026 (a bank holiday) plus 10 working days, is still due.
    expect(listed(app, { prisonerNumber: 'P1313PP', kinds: [...kinds] })).toEqual([
      'P1313PP/categorisation-initial/2026-01-15 2026-01-15 overdue pom:Pat Pom',
      'P1313PP/categorisation-approval/2026-11-27 2026-11-27 due-soon senior-manager',
    ]);
    const items = [
      ...app.services.due.forPrisoner('N1212NN', TODAY)!.items,
      ...app.services.due.forPrisoner('P1313PP', TODAY)!.items,
    ].filter((i) => i.kind === 'categorisation-review' || i.kind === 'categorisation-approval');
    expect(items.map((i) => [i.kind, i.dueDate, i.basis.inputs, i.basis.sentence])).toEqual([
      [
        'categorisation-review',
        '2027-01-10',
        { approvedOn: '2026-11-03', nextReviewOn: '2027-01-10' },
        'Categorisation review due 10/01/2027: the date set at the review approved 03/11/2026, Security categorisation rules effective 14/04/2025',
      ],
      [
        'categorisation-approval',
        '2026-11-27',
        { submittedOn: '2026-11-20' },
        'Approval due 27/11/2026: submitted 20/11/2026 plus 5 working days, Security categorisation rules effective 14/04/2025',
      ],
    ]);
  });
});
