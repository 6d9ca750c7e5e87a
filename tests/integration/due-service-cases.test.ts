import { toInput } from '../../electron/domain/caseload/changes';
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
import { emptyDatabase } from '../support/empty-database';

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
  'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,tariff_expiry_date,target_hearing_date,category,pom,com_name,released_on',
  // Indeterminate: tariff 01/03/2027 (in 28 weeks), hearing 01/09/2027 (the caseload lists him by the later).
  'E1111EE,Evans,Eric,01/01/1970,indeterminate,01/01/2015,,01/03/2027,01/09/2027,B,Pat Pom,,',
  // Indeterminate: tariff on 06/06/2027, 28 weeks from today to the day; a COM recorded.
  'F2222FF,Fox,Fred,01/01/1971,indeterminate,01/01/2015,,06/06/2027,,B,,Carla Com,',
  // Indeterminate: tariff today.
  'G3333GG,Gray,Gus,01/01/1972,indeterminate,01/01/2010,,22/11/2026,,B,,,',
  // Two prisoners sentenced on one day with one CRD.
  'H4444HH,Hill,Harry,01/01/1980,determinate,01/06/2025,01/04/2027,,,C,Pat Pom,,',
  'J5555JJ,Hill,Jack,01/01/1981,determinate,01/06/2025,01/04/2027,,,C,Pat Pom,,',
  // Every release date passed, and not released.
  'K6666KK,King,Ken,01/01/1982,determinate,01/01/2024,01/10/2026,,,C,,,',
  // Indeterminate with neither tariff nor hearing recorded.
  'L7777LL,Lee,Leo,01/01/1983,indeterminate,01/01/2020,,,,B,,,',
  // Released today.
  'M8888MM,Moss,Max,01/01/1984,determinate,01/01/2024,20/11/2026,,,C,,,22/11/2026',
  // Categorisation reviews: approved (N), awaiting approval (P).
  'N1212NN,Nash,Ned,01/01/1985,determinate,01/01/2026,01/01/2029,,,C,Pat Pom,,',
  'P1313PP,Park,Pete,01/01/1986,determinate,01/01/2026,01/01/2029,,,C,Pat Pom,,',
  // Handover on Tuesday 24/11/2026 (CRD 08/08/2027 minus 8 months 14 days), no COM and no POM.
  'Q1414QQ,Quinn,Quentin,01/01/1987,determinate,01/01/2026,08/08/2027,,,C,,,',
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
  const file = emptyDatabase('omu-due-service-cases-');
  const t = openApp({
    dbFile: file,
    today: TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  for (const [name, roles] of [
    ['Pat Pom', ['pom']],
    ['Maggie Manager', ['senior-manager', 'irmt-chair', 'case-administrator', 'administrator']],
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

/** The totals of the list's items by status on `day`, counted here from the list. */
const summaryOf = (app: OmuApp, day: IsoDate) => {
  const totals = { overdue: 0, 'due-soon': 0, upcoming: 0 };
  for (const e of app.services.due.list(day)) totals[e.status]++;
  return totals;
};

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
    // Eric Evans is listed by his tariff (as the caseload lists him, one rule); Harry and Jack Hill share
    // one CRD, as do Ned Nash and Pete Park.
    const all = [
      'G3333GG 2026-11-22 TED',
      'E1111EE 2027-03-01 TED',
      'H4444HH 2027-04-01 CRD',
      'J5555JJ 2027-04-01 CRD',
      'F2222FF 2027-06-06 TED',
      'Q1414QQ 2027-08-08 CRD',
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

  it('lists a recalled prisoner by his post-recall release date, though the caseload lists him by his SED', async () => {
    const app = await dueUnit();
    // Recalled on 01/09/2026: post-recall release 01/02/2027 (in 10 weeks), sentence expiry 01/06/2028. His plan
    // counts from the PRRD, and so must the releases list (found by the mutation helper: he was left off it, his SED
    // being outside the window) and the caseload (one rule, release-planning/release-date.ts: it listed him at his SED).
    expect(
      await run(app, 'caseload/add-prisoner', {
        prisoner: {
          prisonerNumber: 'R1515RR',
          surname: 'ROSS',
          forenames: 'Ray',
          dateOfBirth: '1979-01-01',
          sentenceType: 'determinate',
          sentenceStartDate: '2024-03-01',
          conditionalReleaseDate: '2026-03-01',
          sentenceExpiryDate: '2028-06-01',
          recallDate: '2026-09-01',
          postRecallReleaseDate: '2027-02-01',
        },
      } as never),
    ).toBeTruthy();
    expect(
      app.opened.sqlite
        .prepare("SELECT list_release_date FROM prisoners WHERE prisoner_number = 'R1515RR'")
        .pluck()
        .get(),
    ).toBe('2027-02-01');
    const recalled = (weeks: number) =>
      app.services.due
        .releases(TODAY, weeks)
        .filter((r) => r.prisonerNumber === 'R1515RR')
        .map((r) => `${r.releaseDate} ${r.releaseName}`);
    expect(recalled(28)).toEqual(['2027-02-01 PRRD']);
    // 10 weeks from 22/11/2026 is 31/01/2027: the day after is outside.
    expect(recalled(10)).toEqual([]);
    expect(recalled(11)).toEqual(['2027-02-01 PRRD']);
  });

  it("counts each release plan's items from its facts, a PPRC status, an OASys and its progress, as the plan does", async () => {
    const app = await dueUnit();
    await run(app, 'public-protection/add-status', {
      prisonerNumber: 'H4444HH',
      status: { type: 'pprc', status: 'confirmed', identifiedOn: '2026-11-12', groundsCurrentOffence: true },
    } as never);
    await run(app, 'release-planning/set-facts', {
      prisonerNumber: 'H4444HH',
      facts: { approvedPremisesNeeded: false, victimInContactScheme: false },
    } as never);
    for (const itemKey of ['pre-release-meeting', 'accommodation-confirmed'])
      await run(app, 'release-planning/set-item', {
        prisonerNumber: 'H4444HH',
        item: { itemKey, status: 'done', completedOn: '2026-11-20' },
      } as never);
    await run(app, 'oasys/add-assessment', {
      prisonerNumber: 'H4444HH',
      assessment: { type: 'initial', completedOn: '2026-06-01', layer: 3, completedBy: 'prison' },
    } as never);
    const counts = (n: string) => {
      const r = app.services.due.releases(TODAY, 28).find((x) => x.prisonerNumber === n)!;
      return [r.done, r.total, r.overdue];
    };
    // Jack Hill: 18 items, none done; overdue by 22/11/2026 the COM allocated and the pre-release OASys (by the
    // handover, 18/07/2026) and the approved premises referral (CRD minus 6 months, 01/10/2026).
    expect(counts('J5555JJ')).toEqual([0, 18, 3]);
    // Harry Hill: the PPRC status adds the address safe for children, police and children's services notified; no
    // approved premises needed and no victim in the contact scheme take the referral and the victim liaison away;
    // the pre-release meeting and accommodation done, and the pre-release OASys done by the assessment on 01/06/2026
    // (within 6 months before the handover).
    expect(counts('H4444HH')).toEqual([3, 19, 1]);
    const plan = app.services.due.forPrisoner('H4444HH', TODAY)!.releasePlan!;
    expect([plan.items.length, plan.items.filter((i) => i.status === 'done').map((i) => i.key)]).toEqual([
      19,
      ['pre-release-oasys', 'pre-release-meeting', 'accommodation-confirmed'],
    ]);
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
    // Ken King with a release recorded for next week (by another process): until then, still the reason.
    const other = new Database(app.file);
    other.prepare("UPDATE prisoners SET released_on = '2026-11-30' WHERE prisoner_number = 'K6666KK'").run();
    other.close();
    expect(plan('K6666KK')[2]).toBe(
      'Every release date recorded has passed: record his release, or correct the dates.',
    );
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
    // Leo Lee has no handover date (no release date); Max Moss is released today; Ken King's every release date has
    // passed with none recorded, so his handover waits on the check whether he has left, as his due items do.
    const expected = [
      ['E1111EE', 'EVANS, Eric', 'Pat Pom', null, null, '2026-03-01'],
      ['F2222FF', 'FOX, Fred', null, 'Carla Com', null, '2026-06-06'],
      ['G3333GG', 'GRAY, Gus', null, null, null, '2025-11-22'],
      ['H4444HH', 'HILL, Harry', 'Pat Pom', null, null, '2026-07-18'],
      ['J5555JJ', 'HILL, Jack', 'Pat Pom', null, null, '2026-07-18'],
      ['N1212NN', 'NASH, Ned', 'Pat Pom', null, null, '2028-04-17'],
      ['P1313PP', 'PARK, Pete', 'Pat Pom', null, null, '2028-04-17'],
      ['Q1414QQ', 'QUINN, Quentin', null, null, null, '2026-11-24'],
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
      ...expected.slice(0, 5),
      ['M8888MM', 'MOSS, Max', null, null, null, '2026-03-06'],
      ...expected.slice(5),
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
    // Whole: titles, bases, the prisoner's names and his POM's.
    expect(whole).toStrictEqual(due.list(TODAY));
    // Fred Fox's COM is recorded: the case administrator's item is nobody's by name.
    expect(listed(app, { prisonerNumber: 'F2222FF', ownerRole: 'case-administrator' })).toEqual([
      'F2222FF/release-plan-item/release-transport 2027-05-30 upcoming case-administrator',
    ]);
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

  it('stores each item once for the days it holds: the handover until the day after it, the COM allocation overdue from two days after', async () => {
    const app = await dueUnit();
    const { due } = app.services;
    const kinds = ['handover' as const, 'com-allocation-overdue' as const];
    const quinn = (day: IsoDate) => listed(app, { prisonerNumber: 'Q1414QQ', kinds }, day);
    expect(quinn(TODAY)).toEqual(['Q1414QQ/handover/2026-11-24 2026-11-24 due-soon pom']);
    const db = app.opened.sqlite;
    const rows = () =>
      db
        .prepare(
          "SELECT row, id, valid_from AS 'from', valid_until AS 'until', owner_role AS role FROM due_items WHERE prisoner_number = 'Q1414QQ' ORDER BY id, valid_from",
        )
        .all() as { row: number; id: string; from: string; until: string; role: string }[];
    // Stored from today to a week ahead: the handover up to the day after it, the COM allocation overdue from two
    // days after it; his OASys the POM's up to the handover and the COM's from it (the COM responsible from the
    // handover date); an item the same over every day (his initial categorisation) in one row.
    const stored = rows();
    const of = (id: string) => stored.filter((r) => r.id === id).map((r) => [r.from, r.until, r.role]);
    expect(of('Q1414QQ/handover/2026-11-24')).toEqual([[expect.any(String), '2026-11-25', 'pom']]);
    expect(of('Q1414QQ/handover/2026-11-24')[0]![0]! <= TODAY).toBe(true);
    expect(of('Q1414QQ/com-allocation-overdue/2026-11-26')).toEqual([
      ['2026-11-26', expect.any(String), 'case-administrator'],
    ]);
    expect(of('Q1414QQ/oasys-pre-release/2026-11-24')).toEqual([
      [expect.any(String), '2026-11-24', 'pom'],
      ['2026-11-24', expect.any(String), 'com'],
    ]);
    expect(of('Q1414QQ/categorisation-initial/2026-01-15')).toHaveLength(1);
    const twice = stored.filter((r, n) => stored.findIndex((x) => x.id === r.id) !== n).map((r) => r.id);
    expect(twice).toEqual(['Q1414QQ/oasys-initial/2026-01-16', 'Q1414QQ/oasys-pre-release/2026-11-24']);
    // The days read from the rows stored: on the 24th the handover is due today, on the 25th neither, on the 26th
    // the COM allocation is overdue from today.
    expect(quinn('2026-11-24')).toEqual(['Q1414QQ/handover/2026-11-24 2026-11-24 due-soon pom']);
    expect(quinn('2026-11-25')).toEqual([]);
    expect(quinn('2026-11-26')).toEqual([
      'Q1414QQ/com-allocation-overdue/2026-11-26 2026-11-26 due-soon case-administrator',
    ]);
    expect(rows()).toEqual(stored);
    // Worked ahead from the 26th: his items go on in the rows they are in (the same rows, to a later day).
    await due.workAhead('2026-11-26');
    const after = rows();
    expect(after.map((r) => r.id)).toEqual(stored.map((r) => r.id));
    const overdue = after.find((r) => r.id === 'Q1414QQ/com-allocation-overdue/2026-11-26')!;
    const was = stored.find((r) => r.id === overdue.id)!;
    expect([overdue.row, overdue.from]).toEqual([was.row, '2026-11-26']);
    expect(overdue.until >= '2026-12-03').toBe(true);
    for (const day of ['2026-11-26', '2026-12-02', '2026-12-03'] as IsoDate[])
      expect(listed(app, {}, day), day).toEqual(due.workedOutWhole(day).entries.map(brief));
  });

  it("keeps the counts tables counting the items that hold on the counts' day, moved on by the work ahead", async () => {
    const app = await dueUnit();
    const { due } = app.services;
    const db = app.opened.sqlite;
    const named = "CASE WHEN owner_role IN ('com', 'other') OR owner_name IS NULL THEN 0 ELSE 1 END";
    const name = "CASE WHEN owner_role IN ('com', 'other') THEN '' ELSE coalesce(owner_name, '') END";
    /** The counts tables as they are, and as counted here from the items holding on `day`. */
    const tables = () => [
      db.prepare('SELECT day FROM due_count_state').pluck().all(),
      db
        .prepare(
          'SELECT due_date, kind, owner_role, named, owner_name, n FROM due_count_days ORDER BY due_date, kind, owner_role, named, owner_name',
        )
        .all(),
      db
        .prepare(
          'SELECT month, kind, owner_role, named, owner_name, n FROM due_count_months ORDER BY month, kind, owner_role, named, owner_name',
        )
        .all(),
    ];
    const holding = (day: IsoDate) => {
      const where = `released_on IS NULL AND valid_from <= '${day}' AND valid_until > '${day}'`;
      const by = (key: string, as: string) =>
        db
          .prepare(
            `SELECT ${key} AS ${as}, kind, owner_role, ${named} AS named, ${name} AS owner_name, count(*) AS n FROM due_items WHERE ${where} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
          )
          .all();
      return [[day], by('due_date', 'due_date'), by('substr(due_date, 1, 7)', 'month')];
    };
    // The first read stores the list and counts on its day.
    expect(due.summary(TODAY).totals).toEqual(summaryOf(app, TODAY));
    expect(tables()).toEqual(holding(TODAY));
    // Quentin Quinn's handover on 24/11 due soon; Ned Nash's and Pete Park's on 17/04/2028 upcoming.
    expect(due.summary(TODAY, { kinds: ['handover'] }).totals).toEqual({
      overdue: 0,
      'due-soon': 1,
      upcoming: 2,
    });
    // Read on the 26th: the counts' day stays; the difference (his handover gone, his COM allocation overdue come)
    // is added to the counts.
    expect(due.summary('2026-11-26').totals).toEqual(summaryOf(app, '2026-11-26'));
    // Every other prisoner not released with a handover date passed but Fred Fox has no COM: overdue since two days
    // after it; but Ken King (CRD passed) and, from the 23rd, Gus Gray (tariff passed on the 22nd, no hearing) have
    // every release date passed with none recorded: their work waits on the check whether they have left.
    const on26 = (kind: 'handover' | 'com-allocation-overdue') =>
      due.summary('2026-11-26', { kinds: [kind] }).totals;
    expect([on26('handover'), on26('com-allocation-overdue')]).toEqual([
      { overdue: 0, 'due-soon': 0, upcoming: 2 },
      { overdue: 3, 'due-soon': 1, upcoming: 0 },
    ]);
    expect(tables()).toEqual(holding(TODAY));
    // The work ahead moves the counts' day on to the 26th: his handover's count goes (no row left at 0).
    await due.workAhead('2026-11-26');
    expect(tables()).toEqual(holding('2026-11-26'));
    expect(
      db
        .prepare("SELECT count(*) FROM due_count_days WHERE kind = 'handover' AND due_date = '2026-11-24'")
        .pluck()
        .get(),
    ).toBe(0);
    // A change on the 26th (an IRMT action for him) is counted in the tables on their day, and read back on it.
    const meeting = await run(app, 'irmt/create-meeting', { meetingDate: '2026-11-01' });
    await run(app, 'irmt/add-action', {
      meetingId: meeting.id,
      prisonerNumber: 'Q1414QQ',
      action: { action: 'Call the COM team', owner: 'Case admin', dueOn: '2026-12-31' },
    });
    expect(due.summary('2026-11-26').totals).toEqual(summaryOf(app, '2026-11-26'));
    expect(due.summary('2026-11-26', { kinds: ['irmt-action'] }).totals).toEqual({
      overdue: 0,
      'due-soon': 0,
      upcoming: 1,
    });
    expect(tables()).toEqual(holding('2026-11-26'));
    // And on a day after the counts' day, before any work ahead.
    expect(due.summary('2026-12-31').totals).toEqual(summaryOf(app, '2026-12-31'));
    expect(due.summary(TODAY).totals).toEqual(summaryOf(app, TODAY));
  });

  it('reads each slice of public protection alone: a status, a monitoring authorisation, a child contact application, a decision, a transfer in', async () => {
    const app = await dueUnit();
    const status = (prisonerNumber: string, type: string, identifiedOn: IsoDate) =>
      run(app, 'public-protection/add-status', {
        prisonerNumber,
        status: { type, status: 'potential', identifiedOn, groundsCurrentOffence: true },
      } as never);
    // Ken King's every release date has passed with none recorded: his work waits on the check whether he has left
    // (28/11/2026); his CRD recalculated to a day to come brings it back.
    expect(listed(app, { prisonerNumber: 'K6666KK' })).toEqual([
      'K6666KK/release-passed/2026-10-02 2026-10-02 overdue case-administrator',
    ]);
    await run(app, 'caseload/update-prisoner', {
      prisonerNumber: 'K6666KK',
      prisoner: { ...toInput(app.services.caseload.get('K6666KK')), conditionalReleaseDate: '2027-10-01' },
    });
    // Ken King: a potential PPRC status from a statuses file, its grounds in words only (none of the three named),
    // identified 12/11/2026, recorded today.
    expect(
      await run(app, 'public-protection/import', {
        fileName: 'pp.csv',
        csvText:
          'prisoner_number,type,status,identified_on,grounds\nK6666KK,pprc,potential,12/11/2026,Offence against a child\n',
      }),
    ).toMatchObject({ committed: true, added: 1 });
    // And new risk information today: a significant event, not a transfer.
    await run(app, 'oasys/add-event', {
      prisonerNumber: 'K6666KK',
      event: { type: 'new-risk-information', date: TODAY },
    } as never);
    // Harry Hill: a potential harassment status from before he came, and a transfer in today.
    await status('H4444HH', 'hppm', '2026-11-01');
    await run(app, 'oasys/add-event', {
      prisonerNumber: 'H4444HH',
      event: { type: 'transfer-in', date: TODAY },
    } as never);
    // Jack Hill: potential PPRC and harassment statuses on one day, and a decision not to monitor today.
    await status('J5555JJ', 'pprc', '2026-11-01');
    await status('J5555JJ', 'hppm', '2026-11-01');
    await run(app, 'public-protection/decide-not-to-monitor', {
      prisonerNumber: 'J5555JJ',
      decision: { decidedOn: TODAY, reasons: 'No contact with the victim; reviewed with the police' },
    } as never);
    // Leo Lee: offence-related monitoring authorised on 13/11/2026, and nothing else.
    await run(app, 'public-protection/authorise-monitoring', {
      prisonerNumber: 'L7777LL',
      authorisation: {
        means: 'mail',
        basis: 'offence-related',
        reasons: 'Letters to the victim intercepted',
        necessityAndProportionality: 'Necessary to protect the victim; mail only',
        authorisedOn: '2026-11-13',
      },
    } as never);
    // Gus Gray: a child contact application, asked of each agency; none has replied.
    await run(app, 'public-protection/add-application', {
      prisonerNumber: 'G3333GG',
      application: {
        receivedOn: '2026-11-15',
        childInitials: 'K.S.',
        childAge: 4,
        relationship: 'son',
        childrensServicesRequestedOn: '2026-11-16',
        probationRequestedOn: '2026-11-17',
        policeRequestedOn: '2026-11-18',
      },
    } as never);
    const kinds = [
      'pp-assessment',
      'pp-grounds-to-classify',
      'monitoring-review',
      'monitoring-decision',
      'child-contact-reply',
      'child-contact-review',
    ] as const;
    const pp = (n: string) => listed(app, { prisonerNumber: n, kinds: [...kinds] });
    // Checked by hand: an assessment 28 days after a potential status is identified; the grounds 28 days after the
    // status was recorded without them; a monitoring decision 5 days after he arrived (22/11/2026, the import) with a
    // status identified before; offence-related monitoring reviewed 3 months on; a reply 21 days after each request.
    expect(pp('K6666KK')).toEqual([
      'K6666KK/monitoring-decision/2026-11-27 2026-11-27 due-soon senior-manager',
      'K6666KK/pp-assessment/2026-12-10 2026-12-10 upcoming pom',
      'K6666KK/pp-grounds-to-classify/pprc-2026-11-12 2026-12-20 upcoming pom',
    ]);
    expect(pp('H4444HH')).toEqual([
      'H4444HH/monitoring-decision/2026-11-27 2026-11-27 due-soon senior-manager',
      'H4444HH/pp-assessment/2026-11-29 2026-11-29 due-soon pom:Pat Pom',
    ]);
    // Two assessments due on one day: the second's id told apart.
    expect(pp('J5555JJ')).toEqual([
      'J5555JJ/pp-assessment/2026-11-29 2026-11-29 due-soon pom:Pat Pom',
      'J5555JJ/pp-assessment/2026-11-29#2 2026-11-29 due-soon pom:Pat Pom',
    ]);
    expect(pp('L7777LL')).toEqual(['L7777LL/monitoring-review/2027-02-13 2027-02-13 upcoming pom']);
    expect(pp('G3333GG')).toEqual([
      'G3333GG/child-contact-reply/2026-12-07 2026-12-07 upcoming case-administrator',
      'G3333GG/child-contact-reply/2026-12-08 2026-12-08 upcoming case-administrator',
      'G3333GG/child-contact-reply/2026-12-09 2026-12-09 upcoming case-administrator',
    ]);
    const facts = (n: string, kind: (typeof kinds)[number]) =>
      app.services.due
        .forPrisoner(n, TODAY)!
        .items.filter((i) => i.kind === kind)
        .map((i) => [i.title, i.basis.inputs]);
    // The transfer in today outranks his arrival on the same day; Ken King's new risk information is no transfer.
    expect(facts('H4444HH', 'monitoring-decision')).toEqual([
      ['Transfer received: confirm monitoring', { trigger: '2026-11-22' }],
    ]);
    expect(facts('K6666KK', 'monitoring-decision')).toEqual([
      ['Public protection status received: confirm monitoring decision', { trigger: '2026-11-22' }],
    ]);
    expect(facts('K6666KK', 'pp-grounds-to-classify')).toEqual([
      [
        'Classify the grounds of the PPRC status',
        { type: 'pprc', identifiedOn: '2026-11-12', recordedOn: '2026-11-22' },
      ],
    ]);
    expect(facts('G3333GG', 'child-contact-reply')).toEqual([
      [
        "Chase children's services: child contact (K.S.)",
        { agency: 'childrens-services', requestedOn: '2026-11-16' },
      ],
      ['Chase probation: child contact (K.S.)', { agency: 'probation', requestedOn: '2026-11-17' }],
      ['Chase police: child contact (K.S.)', { agency: 'police', requestedOn: '2026-11-18' }],
    ]);
    // A PPRC status adds the plan's three children's items (18 without); a harassment status alone adds none.
    const total = (n: string) => app.services.due.forPrisoner(n, TODAY)!.releasePlan!.total;
    expect([total('H4444HH'), total('J5555JJ')]).toEqual([18, 21]);
  });

  it('starts the work after a rule change from the command that made it, and waits for it only for the whole list', async () => {
    const app = await dueUnit();
    const { due } = app.services;
    // Nothing read yet on this connection: the first read works everything out, so a command starts no work.
    await app.runner.run(
      'oasys/add-event',
      { prisonerNumber: 'E1111EE', event: { type: 'transfer-in', date: TODAY } } as never,
      app.context(),
    );
    expect(due.followRules(TODAY)).toBeNull();
    expect(due.progress()).toBeNull();
    // Ken King's waits on the check whether he has left (every release date passed).
    expect(listed(app, { kinds: ['com-allocation-overdue'] })).toHaveLength(4);
    expect(due.followRules(TODAY)).toBeNull();
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
    const work = due.followRules(TODAY);
    expect(work).not.toBeNull();
    // Every prisoner to do again: the eleven in the unit.
    expect(due.progress()).toEqual({ done: 0, total: 11 });
    expect(due.followRules(TODAY)).toBe(work);
    // A read of one prisoner waits for nothing; the whole list waits for the work.
    await due.settled({ prisonerNumber: 'E1111EE' });
    expect(due.progress()).not.toBeNull();
    await due.settled();
    expect(due.progress()).toBeNull();
    expect(listed(app, { prisonerNumber: 'E1111EE', kinds: ['com-allocation-overdue'] })).toEqual([
      'E1111EE/com-allocation-overdue/2026-03-11 2026-03-11 overdue case-administrator',
    ]);
    expect(due.followRules(TODAY)).toBeNull();
    await work;
  });
});
