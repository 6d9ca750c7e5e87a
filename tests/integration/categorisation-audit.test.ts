import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { EVIDENCE_SECTIONS } from '../../electron/domain/categorisation/schemas';
import { FIXED_TODAY, fixedClock } from '../support/temp';
import { run } from '../support/commands';
import { TEST_COST, signIn } from '../support/sign-in';
import { emptyDatabase } from '../support/empty-database';

/**
 * Categorisation's writes read back from a real SQLite file (issue 19: what the categorisation service's mutation run
 * let through): the audit entry of each (who, what, before and after), the rows written, the refusals that write
 * nothing (each with its code, the field and the words the screen shows), and each boundary on its day. Sources: the
 * Security Categorisation Policy Framework (reviews by a categoriser, approval by another, more senior, member of staff;
 * reasons when the approver changes the category; the next review date: 6 or 12 months by the time to release); the
 * Digital Categorisation Service (ministryofjustice/digital-categorisation-service: a review is started, completed,
 * sent for approval, approved or sent back, and may be cancelled); HMI Probation/HMI Prisons joint thematic inspection
 * (2019) and R (Gill) / R (Craig) 2010 on refusing progression for a programme he was assessed unsuitable for; OASys
 * significant events (completing an accredited programme).
 */

let app: OmuApp;
afterEach(() => app?.close());

const STAFF = {
  manager: 'Maggie Manager',
  head: 'Harry Head',
  pom: 'Pat Pom',
  pom2: 'Paul Pom',
  clerk: 'Cathy Clerk',
} as const;
const EVIDENCE = Object.fromEntries(EVIDENCE_SECTIONS.map((s) => [s.key, `${s.label}: nothing of concern`]));
const TOMORROW = '2026-11-23';

async function setup(today = FIXED_TODAY, dbFile = emptyDatabase()) {
  app = openApp({ dbFile, today, clock: fixedClock, osAccount: 'tester', passwordHashCost: TEST_COST });
  const s = app.services;
  s.staff.create(app.context(), { name: 'Ada Admin', email: null, roles: ['administrator'], active: true });
  for (const [role, name] of [
    ['senior-manager', STAFF.manager],
    ['senior-manager', STAFF.head],
    ['pom', STAFF.pom],
    ['pom', STAFF.pom2],
    ['case-administrator', STAFF.clerk],
  ] as const)
    s.staff.insertUnchecked(app.context(), { name, email: null, roles: [role], active: true });
  await as('pom');
  s.caseloadImport.commit(
    app.context(),
    'c.csv',
    [
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,category,last_categorised_on',
      // More than 3 years to CRD: the next review may be up to 12 months after a review.
      'A1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2031,B,01/06/2026',
      'B2222BB,JONES,Tom,01/01/1990,determinate,16/11/2026,20/05/2029,C,',
      'C3333CC,BROWN,Dan,01/01/1985,determinate,01/01/2024,20/05/2031,,',
      // 21 on 21/11/2026: in the young men's estate until then.
      'Y5555YY,YOUNG,Yan,21/11/2005,determinate,01/01/2025,20/05/2029,I,01/06/2026',
    ].join('\n') + '\n',
  );
  return dbFile;
}
const reopen = async (dbFile: string) => {
  app.close();
  app = openApp({
    dbFile,
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
};
const as = (who: keyof typeof STAFF) => signIn(app, STAFF[who]);
const prisonerId = (n: string) => app.services.caseload.get(n).id;
const view = (n = 'A1111AA') => app.services.categorisation.view(n, FIXED_TODAY);
/** The audit entries of one prisoner, oldest first, as what each says (the import's entry left out). */
const audited = (n = 'A1111AA') =>
  app.services.audit
    .list({ prisonerId: prisonerId(n), limit: 100 })
    .reverse()
    .filter((a) => a.action !== 'create' || a.entity !== 'prisoner')
    .map(({ actorName, action, entity, entityId, summary, before, after }) => ({
      actorName,
      action,
      entity,
      entityId,
      summary,
      before,
      after,
    }));
const count = (table: string) => app.opened.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
const written = () =>
  [
    'audit_log',
    'categorisation_reviews',
    'categorisation_date_changes',
    'progression_work',
    'significant_events',
  ].map(count);
const reviewRow = (id: string) =>
  app.opened.sqlite.prepare('SELECT * FROM categorisation_reviews WHERE id = ?').get(id) as Record<
    string,
    unknown
  >;
/** Runs a command that must be refused: what it says, having written nothing. */
const refused = async (name: string, input: unknown) => {
  const before = written();
  const error = await run(app, name as never, input as never).then(
    () => 'allowed',
    (e: Error & { code: string; field?: string }) => ({ code: e.code, field: e.field, message: e.message }),
  );
  expect(written(), `${name} wrote nothing`).toEqual(before);
  return error;
};
const invalid = (field: string, message: string) => ({ code: 'invalid-input', field, message });

const start = (n: string, startedOn: string, reason = 'due') =>
  run(app, 'categorisation/start-review', {
    prisonerNumber: n,
    review: { reason: reason as 'due', startedOn },
  }) as Promise<string>;
const draft = (reviewId: string, d: Record<string, unknown>) =>
  run(app, 'categorisation/save-draft', { reviewId, draft: d as never });
const complete = (reviewId: string, completedOn: string, nextReview: { months: number } | { date: string }) =>
  run(app, 'categorisation/submit-review', { reviewId, completion: { completedOn, nextReview } });
const approve = (reviewId: string, approvedOn: string, approvedCategory: string, reasons?: string) =>
  run(app, 'categorisation/approve-review', {
    reviewId,
    approval: { approvedOn, approvedCategory: approvedCategory as 'C', reasons: reasons ?? null },
  });
/** A review started, drafted and sent for approval by the POM. */
async function readyForApproval(n: string, startedOn: string, proposed: string, completedOn = startedOn) {
  await as('pom');
  const id = await start(n, startedOn);
  await draft(id, {
    proposedCategory: proposed,
    evidence: EVIDENCE,
    recommendation: `Category ${proposed}: settled, working, no adjudications in two years.`,
  });
  await complete(id, completedOn, { months: 6 });
  return id;
}

describe('categorisation: every write audited with who, what, before and after', () => {
  it('a review started, drafted, completed, sent back, approved with a changed category, and the prisoner changed with it', async () => {
    await setup();
    const id = await start('A1111AA', '2026-11-20');
    await draft(id, {
      proposedCategory: 'C',
      evidence: EVIDENCE,
      recommendation: 'Progress to category C: two years without adjudications.',
      citedProgrammes: ['Horizon'],
    });
    // The same values again change nothing and write nothing.
    const before = written();
    await draft(id, {
      proposedCategory: 'C',
      recommendation: 'Progress to category C: two years without adjudications.',
    });
    expect(written()).toEqual(before);
    // One section cleared: that section is removed and only the evidence is named as changed.
    await draft(id, { evidence: { extremism: '' } });
    expect(reviewRow(id)).toMatchObject({ proposed_category: 'C', cited_programmes: '["Horizon"]' });
    const { extremism: _cleared, ...rest } = EVIDENCE;
    expect(JSON.parse(reviewRow(id).evidence as string)).toEqual(rest);
    await draft(id, { evidence: { extremism: 'None' }, alternativeEvidence: 'Enhanced IEP since 2025' });
    await complete(id, '2026-11-21', { months: 12 });
    await as('manager');
    await run(app, 'categorisation/send-back', {
      reviewId: id,
      sendBack: { sentBackOn: '2026-11-21', message: 'Add the security view on escape risk.' },
    });
    await as('pom');
    await complete(id, '2026-11-22', { date: '2027-05-01' });
    await as('manager');
    await approve(id, FIXED_TODAY, 'D', 'Open conditions: the security view supports it.');
    expect(reviewRow(id)).toMatchObject({
      status: 'approved',
      approved_on: FIXED_TODAY,
      approved_category: 'D',
      approval_reasons: 'Open conditions: the security view supports it.',
      next_review_on: '2027-05-01',
      submitted_on: '2026-11-22',
      sent_back_on: '2026-11-21',
      sent_back_message: 'Add the security view on escape risk.',
      current_category: 'B',
    });
    expect(app.services.caseload.get('A1111AA').category).toBe('D');
    const review = { action: 'update', entity: 'categorisation-review', entityId: id };
    expect(audited()).toEqual([
      {
        actorName: STAFF.pom,
        action: 'create',
        entity: 'categorisation-review',
        entityId: id,
        summary: 'Started a categorisation review (review due) on 20/11/2026, current category B',
        before: null,
        after: { reason: 'due', startedOn: '2026-11-20' },
      },
      {
        actorName: STAFF.pom,
        ...review,
        summary: 'Categorisation review updated: proposedCategory, evidence, recommendation, citedProgrammes',
        before: { proposedCategory: null, evidence: {}, recommendation: null, citedProgrammes: [] },
        after: {
          proposedCategory: 'C',
          evidence: EVIDENCE,
          recommendation: 'Progress to category C: two years without adjudications.',
          citedProgrammes: ['Horizon'],
        },
      },
      {
        actorName: STAFF.pom,
        ...review,
        summary: 'Categorisation review updated: evidence',
        before: { evidence: EVIDENCE },
        after: { evidence: rest },
      },
      {
        actorName: STAFF.pom,
        ...review,
        summary: 'Categorisation review updated: evidence, alternativeEvidence',
        before: { evidence: rest, alternativeEvidence: null },
        after: { evidence: { ...rest, extremism: 'None' }, alternativeEvidence: 'Enhanced IEP since 2025' },
      },
      {
        actorName: STAFF.pom,
        ...review,
        summary:
          'Categorisation review completed on 21/11/2026: recommends category C, next review 21/11/2027; sent for approval',
        before: { status: 'started' },
        after: { status: 'awaiting-approval', nextReviewOn: '2027-11-21' },
      },
      {
        actorName: STAFF.manager,
        ...review,
        summary: 'Categorisation review sent back on 21/11/2026: Add the security view on escape risk.',
        before: { status: 'awaiting-approval' },
        after: {
          status: 'sent-back',
          sentBackOn: '2026-11-21',
          message: 'Add the security view on escape risk.',
        },
      },
      {
        actorName: STAFF.pom,
        ...review,
        summary:
          'Categorisation review completed on 22/11/2026: recommends category C, next review 01/05/2027; sent for approval',
        before: { status: 'sent-back' },
        after: { status: 'awaiting-approval', nextReviewOn: '2027-05-01' },
      },
      {
        actorName: STAFF.manager,
        ...review,
        summary: 'Categorisation approved on 22/11/2026: category D (changed from the recommended C)',
        before: { status: 'awaiting-approval' },
        after: {
          status: 'approved',
          approvedOn: FIXED_TODAY,
          approvedCategory: 'D',
          reasons: 'Open conditions: the security view supports it.',
        },
      },
      {
        actorName: STAFF.manager,
        action: 'update',
        entity: 'prisoner',
        entityId: prisonerId('A1111AA'),
        summary: 'Changed Category from B to D (categorisation approved)',
        before: { category: 'B' },
        after: { category: 'D' },
      },
    ]);
  });

  it('an approval that keeps his category writes no change to the prisoner; a start with no category says so', async () => {
    await setup();
    const id = await readyForApproval('A1111AA', '2026-11-20', 'B');
    await as('manager');
    await approve(id, FIXED_TODAY, 'B');
    expect(audited().map((a) => `${a.entity}: ${a.summary}`)).toEqual([
      'categorisation-review: Started a categorisation review (review due) on 20/11/2026, current category B',
      'categorisation-review: Categorisation review updated: proposedCategory, evidence, recommendation',
      'categorisation-review: Categorisation review completed on 20/11/2026: recommends category B, next review 20/05/2027; sent for approval',
      'categorisation-review: Categorisation approved on 22/11/2026: category B',
    ]);
    await as('pom');
    await start('C3333CC', FIXED_TODAY, 'initial');
    expect(audited('C3333CC').map((a) => a.summary)).toEqual([
      'Started a categorisation review (initial categorisation) on 22/11/2026, current category not recorded',
    ]);
  });

  it('a cancelled review: its row, its entry; a review cancelled or approved cannot be cancelled again', async () => {
    await setup();
    await as('clerk');
    const id = await start('A1111AA', '2026-11-20');
    await run(app, 'categorisation/cancel-review', {
      reviewId: id,
      reason: 'Started in error, wrong prisoner',
    });
    expect(reviewRow(id)).toMatchObject({
      status: 'cancelled',
      cancelled_on: FIXED_TODAY,
      cancelled_reason: 'Started in error, wrong prisoner',
    });
    expect(audited().at(-1)).toEqual({
      actorName: STAFF.clerk,
      action: 'update',
      entity: 'categorisation-review',
      entityId: id,
      summary: 'Categorisation review cancelled: Started in error, wrong prisoner',
      before: { status: 'started' },
      after: { status: 'cancelled' },
    });
    expect(
      await refused('categorisation/cancel-review', { reviewId: id, reason: 'Cancelling it twice over' }),
    ).toEqual({
      code: 'conflict',
      field: undefined,
      message: 'This review is cancelled',
    });
    const approved = await readyForApproval('A1111AA', '2026-11-21', 'B');
    await as('manager');
    await approve(approved, FIXED_TODAY, 'B');
    expect(
      await refused('categorisation/cancel-review', {
        reviewId: approved,
        reason: 'Cancelling an approved review',
      }),
    ).toEqual({ code: 'conflict', field: undefined, message: 'This review is approved' });
    expect(
      await refused('categorisation/cancel-review', {
        reviewId: 'no-such-review',
        reason: 'Cancelling nothing at all',
      }),
    ).toEqual({ code: 'not-found', field: undefined, message: 'Categorisation review was not found' });
    // A review awaiting approval may be cancelled, by a senior manager too.
    const awaiting = await readyForApproval('B2222BB', '2026-11-20', 'C');
    await as('manager');
    await run(app, 'categorisation/cancel-review', {
      reviewId: awaiting,
      reason: 'Transferred out before approval',
    });
    expect(reviewRow(awaiting).status).toBe('cancelled');
  });

  it('the next review date moved from the latest approval, kept with its reason; moved to the same date, nothing written', async () => {
    await setup();
    const first = await readyForApproval('A1111AA', '2026-11-01', 'B');
    await as('manager');
    await approve(first, '2026-11-02', 'B');
    const second = await readyForApproval('A1111AA', '2026-11-10', 'B', '2026-11-12');
    await as('head');
    await approve(second, '2026-11-20', 'B');
    // The first review started later than... no: each approved on its own day; the latest approval is the second's.
    expect([reviewRow(first).next_review_on, reviewRow(second).next_review_on]).toEqual([
      '2027-05-01',
      '2027-05-12',
    ]);
    expect(
      await refused('categorisation/change-next-date', {
        prisonerNumber: 'A1111AA',
        change: { toDate: '2026-11-20', reason: 'Parole hearing brought forward' },
      }),
    ).toEqual(invalid('toDate', 'New date must be after the last approval (20/11/2026)'));
    const before = written();
    await run(app, 'categorisation/change-next-date', {
      prisonerNumber: 'A1111AA',
      change: { toDate: '2027-05-12', reason: 'The same date, said again' },
    });
    expect(written()).toEqual(before);
    await run(app, 'categorisation/change-next-date', {
      prisonerNumber: 'A1111AA',
      change: { toDate: '2026-11-21', reason: 'Parole hearing brought forward' },
    });
    expect([reviewRow(first).next_review_on, reviewRow(second).next_review_on]).toEqual([
      '2027-05-01',
      '2026-11-21',
    ]);
    expect(view().dateChanges).toMatchObject([
      { reviewId: second, fromDate: '2027-05-12', toDate: '2026-11-21', changedBy: STAFF.head },
    ]);
    expect(audited().at(-1)).toEqual({
      actorName: STAFF.head,
      action: 'update',
      entity: 'categorisation-review',
      entityId: second,
      summary:
        'Next categorisation review moved from 12/05/2027 to 21/11/2026: Parole hearing brought forward',
      before: { nextReviewOn: '2027-05-12' },
      after: { nextReviewOn: '2026-11-21', reason: 'Parole hearing brought forward' },
    });
    // The other prisoners' pages show none of it.
    expect(view('B2222BB')).toMatchObject({ reviews: [], dateChanges: [], work: [] });
  });

  it('progression work: each record and change audited; completing an accredited programme, and only that, is a significant event for OASys', async () => {
    await setup();
    const pid = prisonerId('A1111AA');
    const events = () =>
      app.opened.sqlite
        .prepare(
          'SELECT type, event_date, note FROM significant_events WHERE prisoner_id = ? ORDER BY event_date',
        )
        .all(pid);
    const kaizen = {
      kind: 'accredited-programme',
      work: 'Kaizen',
      suitability: 'unsuitable',
      unsuitableReason: 'low-rm2000',
      status: 'assessed',
      assessedOn: '2025-03-01',
    } as const;
    const kaizenId = (await run(app, 'categorisation/add-work', {
      prisonerNumber: 'A1111AA',
      work: kaizen,
    })) as string;
    const maps = {
      kind: 'other-work',
      work: 'Maps for Change',
      status: 'completed',
      startedOn: '2025-06-01',
      endedOn: '2025-09-01',
    } as const;
    const mapsId = (await run(app, 'categorisation/add-work', {
      prisonerNumber: 'A1111AA',
      work: maps,
    })) as string;
    const horizon = {
      kind: 'accredited-programme',
      work: 'Horizon',
      suitability: 'suitable',
      status: 'completed',
      startedOn: '2026-06-01',
      endedOn: '2026-11-20',
    } as const;
    const horizonId = (await run(app, 'categorisation/add-work', {
      prisonerNumber: 'A1111AA',
      work: horizon,
    })) as string;
    expect(events()).toEqual([
      { type: 'programme-completion', event_date: '2026-11-20', note: 'Completed Horizon' },
    ]);
    // Nothing changed: nothing written.
    const before = written();
    await run(app, 'categorisation/update-work', { workId: kaizenId, work: kaizen });
    expect(written()).toEqual(before);
    // Maps for Change (not accredited) and Horizon again (already completed): no new event.
    await run(app, 'categorisation/update-work', {
      workId: mapsId,
      work: { ...maps, outcome: 'All sessions' },
    });
    await run(app, 'categorisation/update-work', {
      workId: horizonId,
      work: { ...horizon, outcome: 'Good report' },
    });
    expect(events()).toHaveLength(1);
    // Kaizen re-assessed suitable, started, completed: one event on the day it ended.
    const started = {
      ...kaizen,
      suitability: 'suitable',
      unsuitableReason: null,
      status: 'started',
      startedOn: '2025-04-01',
    } as const;
    await run(app, 'categorisation/update-work', { workId: kaizenId, work: started });
    expect(events()).toHaveLength(1);
    await run(app, 'categorisation/update-work', {
      workId: kaizenId,
      work: { ...started, status: 'completed', endedOn: '2025-10-01' },
    });
    expect(events()).toEqual([
      { type: 'programme-completion', event_date: '2025-10-01', note: 'Completed Kaizen' },
      { type: 'programme-completion', event_date: '2026-11-20', note: 'Completed Horizon' },
    ]);
    const work = audited().filter((a) => a.entity !== 'prisoner');
    expect(work.map((a) => [a.actorName, a.action, a.entity, a.summary])).toEqual([
      [STAFF.pom, 'create', 'progression-work', 'Recorded Kaizen: assessed (assessed unsuitable)'],
      [STAFF.pom, 'create', 'progression-work', 'Recorded Maps for Change: completed'],
      [STAFF.pom, 'create', 'progression-work', 'Recorded Horizon: completed'],
      [
        STAFF.pom,
        'create',
        'significant-event',
        'Significant event for OASys: programme completion (Horizon) on 20/11/2026',
      ],
      [STAFF.pom, 'update', 'progression-work', 'Maps for Change updated: outcome'],
      [STAFF.pom, 'update', 'progression-work', 'Horizon updated: outcome'],
      [
        STAFF.pom,
        'update',
        'progression-work',
        'Kaizen updated: suitability, unsuitableReason, status, startedOn',
      ],
      [STAFF.pom, 'update', 'progression-work', 'Kaizen updated: status, endedOn'],
      [
        STAFF.pom,
        'create',
        'significant-event',
        'Significant event for OASys: programme completion (Kaizen) on 01/10/2025',
      ],
    ]);
    expect(work[0]).toMatchObject({
      entityId: kaizenId,
      before: null,
      after: expect.objectContaining(kaizen),
    });
    expect(work[3]!.after).toEqual({ type: 'programme-completion', date: '2026-11-20', work: 'Horizon' });
    expect(work[6]).toMatchObject({
      entityId: kaizenId,
      before: {
        suitability: 'unsuitable',
        unsuitableReason: 'low-rm2000',
        status: 'assessed',
        startedOn: null,
      },
      after: { suitability: 'suitable', unsuitableReason: null, status: 'started', startedOn: '2025-04-01' },
    });
    // The page lists his work in the order it happened; another prisoner's page shows none.
    expect(view().work.map((w) => w.work)).toEqual(['Kaizen', 'Maps for Change', 'Horizon']);
    expect(view('C3333CC').work).toEqual([]);
  });
});

describe('categorisation: refusals say what is wrong, name the field, and write nothing', () => {
  it('starting a review: in the future, before the sentence, with one open, after release', async () => {
    await setup();
    expect(
      await refused('categorisation/start-review', {
        prisonerNumber: 'A1111AA',
        review: { reason: 'due', startedOn: TOMORROW },
      }),
    ).toEqual(invalid('startedOn', 'Started on must not be in the future'));
    expect(
      await refused('categorisation/start-review', {
        prisonerNumber: 'B2222BB',
        review: { reason: 'initial', startedOn: '2026-11-15' },
      }),
    ).toEqual(invalid('startedOn', 'Started on must not be before the sentence start date'));
    // On the day his sentence began, and on today: allowed.
    await start('B2222BB', '2026-11-16', 'initial');
    await start('A1111AA', FIXED_TODAY, 'risk-change');
    expect(
      await refused('categorisation/start-review', {
        prisonerNumber: 'A1111AA',
        review: { reason: 'manual', startedOn: FIXED_TODAY },
      }),
    ).toEqual({
      code: 'conflict',
      field: undefined,
      message: 'A change in risk review started 22/11/2026 is still started; finish or cancel it first',
    });
  });

  it('changing a review: not found, not the categoriser, no longer with the categoriser, a category not valid for him', async () => {
    await setup();
    const id = await start('A1111AA', '2026-11-20');
    expect(await refused('categorisation/save-draft', { reviewId: 'no-such-review', draft: {} })).toEqual({
      code: 'not-found',
      field: undefined,
      message: 'Categorisation review was not found',
    });
    await as('pom2');
    expect(
      await refused('categorisation/save-draft', { reviewId: id, draft: { proposedCategory: 'C' } }),
    ).toEqual({
      code: 'forbidden',
      field: undefined,
      message: 'Only the categoriser (Pat Pom) can change this review.',
    });
    expect(
      await refused('categorisation/submit-review', {
        reviewId: id,
        completion: { completedOn: FIXED_TODAY, nextReview: { months: 6 } },
      }),
    ).toEqual({
      code: 'forbidden',
      field: undefined,
      message: 'Only the categoriser (Pat Pom) can complete this review.',
    });
    await as('pom');
    expect(
      await refused('categorisation/save-draft', { reviewId: id, draft: { proposedCategory: 'R' } }),
    ).toEqual(
      invalid(
        'proposedCategory',
        "Category R is not valid for a prisoner aged 21 or over in the men's estate: choose B, C or D",
      ),
    );
    await draft(id, {
      proposedCategory: 'C',
      evidence: EVIDENCE,
      recommendation: 'Progress to C: settled and working.',
    });
    await complete(id, FIXED_TODAY, { months: 6 });
    for (const [name, input, words] of [
      [
        'categorisation/save-draft',
        { reviewId: id, draft: { recommendation: 'Something else entirely' } },
        'it can no longer be changed',
      ],
      [
        'categorisation/submit-review',
        { reviewId: id, completion: { completedOn: FIXED_TODAY, nextReview: { months: 6 } } },
        'it cannot be sent for approval',
      ],
    ] as const)
      expect(await refused(name, input)).toEqual({
        code: 'conflict',
        field: undefined,
        message: `This review is awaiting approval; ${words}`,
      });
  });

  it('completing a review: its dates, what is missing, and the next review date on either side of its limits', async () => {
    await setup();
    const id = await start('A1111AA', '2026-11-20');
    const submit = (completedOn: string, nextReview: { months: number } | { date: string }) =>
      refused('categorisation/submit-review', { reviewId: id, completion: { completedOn, nextReview } });
    expect(await submit(TOMORROW, { months: 6 })).toEqual(
      invalid('completedOn', 'Completed on must not be in the future'),
    );
    expect(await submit('2026-11-19', { months: 6 })).toEqual(
      invalid('completedOn', 'Completed on must not be before the review started'),
    );
    expect(await submit(FIXED_TODAY, { months: 6 })).toEqual(
      invalid('proposedCategory', 'Propose a category.'),
    );
    await draft(id, {
      proposedCategory: 'C',
      evidence: EVIDENCE,
      recommendation: 'Progress to C: settled and working.',
    });
    expect(await submit(FIXED_TODAY, { months: 18 })).toMatchObject(
      invalid('nextReview', expect.stringMatching(/^Next review must be 6 or 12 months: /) as never),
    );
    expect(await submit(FIXED_TODAY, { date: FIXED_TODAY })).toEqual(
      invalid('nextReview', 'Next review must be after the review is completed'),
    );
    expect(await submit(FIXED_TODAY, { date: '2027-11-23' })).toMatchObject(
      invalid(
        'nextReview',
        expect.stringMatching(/^Next review must be on or before 22\/11\/2027: /) as never,
      ),
    );
    // The day after completion and the limit itself are allowed.
    await complete(id, FIXED_TODAY, { date: '2027-11-22' });
    expect(reviewRow(id)).toMatchObject({ status: 'awaiting-approval', next_review_on: '2027-11-22' });
    const other = await readyForApproval('B2222BB', '2026-11-20', 'C');
    await as('pom');
    await run(app, 'categorisation/cancel-review', {
      reviewId: other,
      reason: 'Started again to test a date',
    });
    const again = await start('B2222BB', FIXED_TODAY);
    await draft(again, {
      proposedCategory: 'C',
      evidence: EVIDENCE,
      recommendation: 'Stays C: early days of sentence.',
    });
    await complete(again, FIXED_TODAY, { date: TOMORROW });
    expect(reviewRow(again).next_review_on).toBe(TOMORROW);
  });

  it('a category valid when proposed but not when completed: he turned 21 in between', async () => {
    const dbFile = await setup('2026-11-20');
    const id = await start('Y5555YY', '2026-11-20');
    await draft(id, {
      proposedCategory: 'J',
      evidence: EVIDENCE,
      recommendation: 'YOI open: settled, working, no adjudications.',
    });
    await reopen(dbFile);
    await as('pom');
    expect(
      await refused('categorisation/submit-review', {
        reviewId: id,
        completion: { completedOn: FIXED_TODAY, nextReview: { months: 6 } },
      }),
    ).toEqual(
      invalid(
        'proposedCategory',
        expect.stringMatching(/^Category J is not valid for a prisoner aged 21 or over/) as never,
      ),
    );
  });

  it('approving and sending back: dates, who, which status, and the reasons a changed category needs', async () => {
    await setup();
    const id = await readyForApproval('A1111AA', '2026-11-20', 'C', '2026-11-21');
    expect(
      await refused('categorisation/approve-review', {
        reviewId: id,
        approval: { approvedOn: FIXED_TODAY, approvedCategory: 'C' },
      }),
    ).toMatchObject({
      code: 'forbidden',
    });
    await as('manager');
    const approval = (approvedOn: string, approvedCategory: string, reasons: string | null = null) =>
      refused('categorisation/approve-review', {
        reviewId: id,
        approval: { approvedOn, approvedCategory, reasons },
      });
    const sendBack = (sentBackOn: string) =>
      refused('categorisation/send-back', {
        reviewId: id,
        sendBack: { sentBackOn, message: 'Add the security view.' },
      });
    expect(await approval(TOMORROW, 'C')).toEqual(
      invalid('approvedOn', 'Approved on must not be in the future'),
    );
    expect(await sendBack(TOMORROW)).toEqual(invalid('sentBackOn', 'Sent back on must not be in the future'));
    expect(await approval('2026-11-20', 'C')).toEqual(
      invalid('approvedOn', 'Approved on must not be before the review was completed'),
    );
    expect(await approval(FIXED_TODAY, 'R', 'Changed on reading the file again')).toEqual(
      invalid(
        'approvedCategory',
        "Category R is not valid for a prisoner aged 21 or over in the men's estate: choose B, C or D",
      ),
    );
    const REASONS = (c: string) =>
      invalid(
        'reasons',
        `Reasons: give the reasons for category ${c} instead of the recommended C (at least 10 characters)`,
      );
    expect(await approval(FIXED_TODAY, 'D')).toEqual(REASONS('D'));
    expect(await approval(FIXED_TODAY, 'D', '123456789')).toEqual(REASONS('D'));
    // Kaizen assessed unsuitable and named: keeping him in B for it needs the other evidence of progress.
    await as('pom');
    await run(app, 'categorisation/add-work', {
      prisonerNumber: 'A1111AA',
      work: {
        kind: 'accredited-programme',
        work: 'Kaizen',
        suitability: 'unsuitable',
        unsuitableReason: 'low-rm2000',
        status: 'assessed',
        assessedOn: '2025-03-01',
      },
    });
    await as('manager');
    expect(await approval(FIXED_TODAY, 'B', 'Not until he has done Kaizen')).toMatchObject({
      code: 'invalid-input',
      field: 'approvedCategory',
      message: expect.stringMatching(/Kaizen .*not defensible/) as never,
    });
    // The approval's reasons of exactly 10 characters are enough when they name no programme.
    await run(app, 'categorisation/approve-review', {
      reviewId: id,
      approval: { approvedOn: '2026-11-21', approvedCategory: 'D', reasons: '1234567890' },
    });
    expect(reviewRow(id)).toMatchObject({
      status: 'approved',
      approved_category: 'D',
      approval_reasons: '1234567890',
    });
    for (const name of ['categorisation/approve-review', 'categorisation/send-back'] as const)
      expect(
        await refused(
          name,
          name === 'categorisation/approve-review'
            ? { reviewId: id, approval: { approvedOn: FIXED_TODAY, approvedCategory: 'D' } }
            : { reviewId: id, sendBack: { sentBackOn: FIXED_TODAY, message: 'Add the security view.' } },
        ),
      ).toEqual({
        code: 'conflict',
        field: undefined,
        message: 'This review is approved, not awaiting approval',
      });
  });

  it('the recommendation counts when the approver changes the category: a programme it names is weighed', async () => {
    await setup();
    await run(app, 'categorisation/add-work', {
      prisonerNumber: 'A1111AA',
      work: {
        kind: 'accredited-programme',
        work: 'Kaizen',
        suitability: 'unsuitable',
        unsuitableReason: 'low-rm2000',
        status: 'assessed',
        assessedOn: '2025-03-01',
      },
    });
    const id = await start('A1111AA', '2026-11-20');
    await draft(id, {
      proposedCategory: 'C',
      evidence: EVIDENCE,
      recommendation: 'Progress to C although Kaizen is not done: assessed unsuitable.',
    });
    await complete(id, '2026-11-20', { months: 6 });
    await as('manager');
    expect(
      await refused('categorisation/approve-review', {
        reviewId: id,
        approval: {
          approvedOn: FIXED_TODAY,
          approvedCategory: 'B',
          reasons: 'Security intelligence received',
        },
      }),
    ).toMatchObject({
      code: 'invalid-input',
      field: 'approvedCategory',
      message: expect.stringMatching(/Kaizen/) as never,
    });
  });

  it('moving the next review date: none approved yet; progression work: not found, dates in the future', async () => {
    await setup();
    expect(
      await refused('categorisation/change-next-date', {
        prisonerNumber: 'B2222BB',
        change: { toDate: '2027-01-01', reason: 'Transferred in, review on arrival' },
      }),
    ).toEqual({
      code: 'conflict',
      field: undefined,
      message:
        'B2222BB has no approved categorisation yet: the initial categorisation is due by the rule and cannot be moved',
    });
    const work = {
      kind: 'other-work',
      work: 'Education',
      status: 'started',
      startedOn: FIXED_TODAY,
    } as const;
    expect(await refused('categorisation/update-work', { workId: 'no-such-work', work })).toEqual({
      code: 'not-found',
      field: undefined,
      message: 'Progression work was not found',
    });
    for (const [field, label] of [
      ['assessedOn', 'Assessed on'],
      ['startedOn', 'Started on'],
      ['endedOn', 'Completed or ended on'],
    ] as const)
      expect(
        await refused('categorisation/add-work', {
          prisonerNumber: 'A1111AA',
          // Ended tomorrow too when it started tomorrow (an end before the start is refused first).
          work: {
            ...work,
            status: 'completed',
            endedOn: field === 'assessedOn' ? FIXED_TODAY : TOMORROW,
            [field]: TOMORROW,
          },
        }),
      ).toEqual(invalid(field, `${label} must not be in the future`));
    const id = (await run(app, 'categorisation/add-work', { prisonerNumber: 'A1111AA', work })) as string;
    expect(
      await refused('categorisation/update-work', { workId: id, work: { ...work, startedOn: TOMORROW } }),
    ).toEqual(invalid('startedOn', 'Started on must not be in the future'));
  });
});

describe("categorisation: each command's answer, and one prisoner's records kept from another's", () => {
  it("answers with the record it changed; a man's work, approvals and release touch no one else's review", async () => {
    await setup();
    // B2222BB was assessed unsuitable for Kaizen; A1111AA was not. A1111AA's review may keep him in B naming Kaizen.
    await run(app, 'categorisation/add-work', {
      prisonerNumber: 'B2222BB',
      work: {
        kind: 'accredited-programme',
        work: 'Kaizen',
        suitability: 'unsuitable',
        unsuitableReason: 'low-rm2000',
        status: 'assessed',
        assessedOn: '2025-03-01',
      },
    });
    const id = await start('A1111AA', '2026-11-20');
    expect(
      await draft(id, {
        proposedCategory: 'B',
        evidence: EVIDENCE,
        recommendation: 'Remain category B until he has completed Kaizen.',
      }),
    ).toEqual({ id });
    expect(await complete(id, '2026-11-20', { months: 6 })).toEqual({ id });
    await as('manager');
    expect(
      await run(app, 'categorisation/send-back', {
        reviewId: id,
        sendBack: { sentBackOn: '2026-11-20', message: 'Say more about the programme.' },
      }),
    ).toEqual({ id });
    await as('pom');
    await complete(id, '2026-11-20', { months: 6 });
    await as('manager');
    expect(await approve(id, '2026-11-20', 'B')).toEqual({ id });
    // A later approval for another prisoner is not A1111AA's last approval.
    const other = await readyForApproval('C3333CC', '2026-11-21', 'C');
    await as('head');
    await approve(other, FIXED_TODAY, 'C');
    expect(
      await run(app, 'categorisation/change-next-date', {
        prisonerNumber: 'A1111AA',
        change: { toDate: '2027-01-10', reason: 'Parole hearing brought forward' },
      }),
    ).toEqual({ id });
    expect(
      await run(app, 'categorisation/change-next-date', {
        prisonerNumber: 'A1111AA',
        change: { toDate: '2027-01-10', reason: 'The same date, said again' },
      }),
    ).toEqual({ id });
    expect([reviewRow(id).next_review_on, reviewRow(other).next_review_on]).toEqual([
      '2027-01-10',
      '2027-05-21',
    ]);
    const cancelled = await start('B2222BB', FIXED_TODAY, 'initial');
    expect(
      await run(app, 'categorisation/cancel-review', {
        reviewId: cancelled,
        reason: 'Started in error, again',
      }),
    ).toEqual({
      id: cancelled,
    });
    // Work other than an accredited programme completed: no significant event; each change answers with its id.
    const work = {
      kind: 'other-work',
      work: 'Education',
      status: 'started',
      startedOn: '2026-01-05',
    } as const;
    const workId = (await run(app, 'categorisation/add-work', { prisonerNumber: 'A1111AA', work })) as string;
    expect(await run(app, 'categorisation/update-work', { workId, work })).toEqual({ id: workId });
    expect(
      await run(app, 'categorisation/update-work', {
        workId,
        work: { ...work, status: 'completed', endedOn: '2026-11-01' },
      }),
    ).toEqual({ id: workId });
    expect(count('significant_events')).toBe(0);
  });

  it("a categoriser who is a senior manager cannot approve or send back his own review; a released man's review cannot start", async () => {
    await setup();
    await as('manager');
    const id = await start('A1111AA', '2026-11-20');
    await draft(id, {
      proposedCategory: 'B',
      evidence: EVIDENCE,
      recommendation: 'Remain B: new intelligence received.',
    });
    await complete(id, '2026-11-20', { months: 6 });
    expect(
      await refused('categorisation/approve-review', {
        reviewId: id,
        approval: { approvedOn: FIXED_TODAY, approvedCategory: 'B' },
      }),
    ).toEqual({
      code: 'forbidden',
      field: undefined,
      message: 'Maggie Manager completed this review and cannot approve it: another senior manager must.',
    });
    expect(
      await refused('categorisation/send-back', {
        reviewId: id,
        sendBack: { sentBackOn: FIXED_TODAY, message: 'Please look again at this.' },
      }),
    ).toEqual({
      code: 'forbidden',
      field: undefined,
      message: 'Maggie Manager completed this review and cannot decide on it: another senior manager must.',
    });
    const p = app.services.caseload.get('C3333CC');
    await run(app, 'caseload/update-prisoner', {
      prisonerNumber: 'C3333CC',
      prisoner: { ...p, releasedOn: '2026-11-21' },
    });
    expect(
      await refused('categorisation/start-review', {
        prisonerNumber: 'C3333CC',
        review: { reason: 'due', startedOn: FIXED_TODAY },
      }),
    ).toEqual({
      code: 'conflict',
      field: undefined,
      message: 'C3333CC was released on 21/11/2026; no review can be started',
    });
  });
});

describe('categorisation: the page of one prisoner', () => {
  it('his reviews in the order they were started, with names; what stops the open one going for approval', async () => {
    await setup();
    const later = await start('A1111AA', '2026-11-20');
    await run(app, 'categorisation/cancel-review', { reviewId: later, reason: 'Started on the wrong date' });
    const earlier = await start('A1111AA', '2026-11-10');
    await start('C3333CC', '2026-11-10', 'initial');
    const v = view();
    expect(v.reviews.map((r) => [r.id, r.startedOn, r.categoriser])).toEqual([
      [earlier, '2026-11-10', STAFF.pom],
      [later, '2026-11-20', STAFF.pom],
    ]);
    expect(v.open?.id).toBe(earlier);
    expect(v.problems.map((p) => p.field)).toEqual([
      'proposedCategory',
      ...EVIDENCE_SECTIONS.map((s) => `evidence.${s.key}`),
      'recommendation',
    ]);
    await draft(earlier, {
      proposedCategory: 'C',
      evidence: EVIDENCE,
      recommendation: 'Progress to C: settled and working.',
    });
    expect(view().problems).toEqual([]);
    await complete(earlier, FIXED_TODAY, { months: 6 });
    await as('manager');
    await approve(earlier, FIXED_TODAY, 'C');
    expect(app.services.categorisation.review(earlier)).toMatchObject({
      prisonerId: prisonerId('A1111AA'),
      categoriser: STAFF.pom,
      approver: STAFF.manager,
      status: 'approved',
    });
    expect(() => app.services.categorisation.review('no-such-review')).toThrow(/Categorisation review/);
  });

  it('a review awaiting approval shows no problems, even if the work recorded since would make one', async () => {
    await setup();
    const id = await start('A1111AA', '2026-11-20');
    await draft(id, {
      proposedCategory: 'B',
      evidence: EVIDENCE,
      recommendation: 'Remain category B: he has not done the programme he needs.',
      citedProgrammes: ['Kaizen'],
    });
    await complete(id, FIXED_TODAY, { months: 6 });
    await run(app, 'categorisation/add-work', {
      prisonerNumber: 'A1111AA',
      work: {
        kind: 'accredited-programme',
        work: 'Kaizen',
        suitability: 'unsuitable',
        unsuitableReason: 'low-rm2000',
        status: 'assessed',
        assessedOn: '2025-03-01',
      },
    });
    expect(view().open).toMatchObject({ id, status: 'awaiting-approval' });
    expect(view().problems).toEqual([]);
  });
});
