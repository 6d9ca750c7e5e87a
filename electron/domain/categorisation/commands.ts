import { z } from 'zod';
import {
  categorisationDateChanges,
  categorisationReviews,
  prisoners,
  progressionWork,
  significantEvents,
  staff,
} from '../../../db/schema';
import { Changes, command, refuse, type CommandContext } from '../../core/operations';
import type { Reader } from '../../core/data';
import { loadPrisoner, type PrisonerRecord } from '../caseload/load';
import { diffPrisoner, toDetail } from '../caseload/service';
import type { PrisonerInput } from '../caseload/prisoner';
import { addMonths, formatUk, type IsoDate } from '../shared/dates';
import { loadRuleVersions } from '../policy/versions';
import type { RuleVersion } from '../policy/rule-sets';
import { categorisationFacts, categoryProblem, nextReviewLimit } from './rules';
import { defensibilityProblems } from './defensibility';
import { progressionWorkInputSchema, type ProgressionWork, type ProgressionWorkInput } from './progression';
import {
  approveInputSchema,
  cancelReasonSchema,
  CATEGORISERS,
  dateChangeInputSchema,
  draftInputSchema,
  OPEN_STATUSES,
  REASON_LABELS,
  reviewProblems,
  orderWork,
  sendBackInputSchema,
  startInputSchema,
  STATUS_LABELS,
  submitInputSchema,
  toReview,
  toWork,
  type CategorisationReview,
  type EvidenceKey,
  type ReviewRow,
} from './schemas';

/** The categorisation page's forms (renderer/pages/Categorisation.tsx): each field's label. */
const REVIEW_LABELS = {
  prisonerNumber: 'Prisoner number',
  reviewId: 'Categorisation review',
  reason: 'Reason for the review',
  startedOn: 'Started on',
  proposedCategory: 'Proposed category',
  evidence: 'Evidence',
  recommendation: 'Recommendation and reasons',
  citedProgrammes: 'Accredited programmes the recommendation relies on not having been completed',
  alternativeEvidence: 'Alternative evidence of progress considered',
  completedOn: 'Completed on',
  nextReview: 'Next review',
  months: 'Next review',
  date: 'Next review date',
  approvedOn: 'Approved on',
  approvedCategory: 'Category approved',
  reasons: 'Reasons',
  sentBackOn: 'Sent back on',
  message: 'What needs doing',
};
const CANCEL_LABELS = { reviewId: 'Categorisation review', reason: 'Why it is cancelled' };
const NEXT_DATE_LABELS = {
  prisonerNumber: 'Prisoner number',
  toDate: 'New date',
  reason: 'Reason (kept in the history)',
};
const WORK_LABELS = {
  prisonerNumber: 'Prisoner number',
  workId: 'Programme or work',
  kind: 'Kind',
  work: 'Programme or work',
  suitability: 'Suitability',
  unsuitableReason: 'Why unsuitable',
  status: 'Status',
  assessedOn: 'Assessed on',
  startedOn: 'Started on',
  endedOn: 'Completed or ended on',
  outcome: 'Outcome or note',
};

const prisonerNumber = z.string().trim().toUpperCase().min(1, 'is required');
const reviewId = z.string().min(1, 'is required');

function notFuture(ctx: CommandContext, date: string, field: string): void {
  if (date > ctx.today) refuse('invalid-input', 'must not be in the future', field);
}

/** Staff names by id, for the reviews' categoriser and approver. */
async function namesOf(read: Reader, ids: (string | null)[]): Promise<(id: string) => string | null> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  const rows = wanted.length ? await read.all(staff, { id: wanted }) : [];
  const names = new Map(rows.map((s) => [s.id, s.name]));
  return (id) => names.get(id) ?? null;
}

/** Reviews as the page shows them, oldest first, with names. */
export async function readReviews(read: Reader, prisonerId: string): Promise<CategorisationReview[]> {
  const rows = await read.all(categorisationReviews, { prisonerId }, { orderBy: ['startedOn', 'createdAt'] });
  const name = await namesOf(
    read,
    rows.flatMap((r) => [r.categoriserId, r.approverId]),
  );
  return rows.map((r) => toReview(r, name));
}

/** The record of progression in the order it happened (started, else assessed, else recorded). */
export async function readWork(read: Reader, prisonerId: string): Promise<ProgressionWork[]> {
  return orderWork(await read.all(progressionWork, { prisonerId }, { orderBy: ['createdAt'] }));
}

interface ReviewState {
  review: CategorisationReview & { prisonerId: string };
  row: ReviewRow;
}

async function loadReview(read: Reader, id: string): Promise<ReviewState> {
  const row = await read.one(categorisationReviews, { id });
  if (!row) refuse('not-found', 'Categorisation review was not found');
  const name = await namesOf(read, [row.categoriserId, row.approverId]);
  return { row, review: { ...toReview(row, name), prisonerId: row.prisonerId } };
}

/** Completing a programme is a significant event for OASys: a review becomes due. */
function completionEvent(changes: Changes, prisonerId: string, work: string, date: IsoDate): void {
  const row = changes.insert(significantEvents, {
    prisonerId,
    type: 'programme-completion',
    eventDate: date,
    note: `Completed ${work}`,
  });
  changes.record({
    action: 'create',
    entity: 'significant-event',
    entityId: row.id,
    prisonerId,
    summary: `Significant event for OASys: programme completion (${work}) on ${formatUk(date)}`,
    after: { type: 'programme-completion', date, work },
  });
}

function workDatesNotFuture(ctx: CommandContext, work: ProgressionWorkInput): void {
  for (const f of ['assessedOn', 'startedOn', 'endedOn'] as const) if (work[f]) notFuture(ctx, work[f], f);
}

export { cancelReviewsOnRelease } from './release';

interface SubmitState extends ReviewState {
  prisoner: PrisonerRecord;
  reviews: CategorisationReview[];
  work: ProgressionWork[];
  versions: RuleVersion[];
}

/**
 * Categorisation reviews from start to approval (the Digital Categorisation Service's steps), the next review date and
 * its changes, and the record of progression. The role rules are each command's `allow`; who may act on one review
 * (its categoriser; never the categoriser as approver) is decided from the review.
 */
export const categorisationCommands = {
  'categorisation/start-review': command({
    input: z.lazy(() => z.object({ prisonerNumber, review: startInputSchema })),
    allow: CATEGORISERS,
    action: 'start a categorisation review',
    labels: REVIEW_LABELS,
    async load(read, input) {
      const prisoner = await loadPrisoner(read, input.prisonerNumber);
      return {
        prisoner,
        open: await read.all(
          categorisationReviews,
          { prisonerId: prisoner.id, status: [...OPEN_STATUSES] },
          { orderBy: ['startedOn', 'createdAt'] },
        ),
      };
    },
    decide({ prisoner: p, open: openReviews }, { review: input }, ctx) {
      notFuture(ctx, input.startedOn, 'startedOn');
      if (p.releasedOn)
        refuse(
          'conflict',
          `${p.prisonerNumber} was released on ${formatUk(p.releasedOn)}; no review can be started`,
        );
      const open = openReviews[0] ? toReview(openReviews[0], () => null) : null;
      if (open)
        refuse(
          'conflict',
          `A ${REASON_LABELS[open.reason].toLowerCase()} review started ${formatUk(open.startedOn)} is still ${STATUS_LABELS[open.status].toLowerCase()}; finish or cancel it first`,
        );
      if (input.startedOn < p.sentenceStartDate)
        refuse('invalid-input', 'must not be before the sentence start date', 'startedOn');
      const changes = new Changes(ctx);
      const row = changes.insert(categorisationReviews, {
        prisonerId: p.id,
        reason: input.reason,
        status: 'started',
        startedOn: input.startedOn,
        categoriserId: ctx.actor.staffId!,
        currentCategory: p.category,
      });
      changes.record({
        action: 'create',
        entity: 'categorisation-review',
        entityId: row.id,
        prisonerId: p.id,
        summary: `Started a categorisation review (${REASON_LABELS[input.reason].toLowerCase()}) on ${formatUk(input.startedOn)}, current category ${p.category ?? 'not recorded'}`,
        after: input,
      });
      return changes.done(row.id);
    },
  }),

  /** Saves what the categoriser has so far; only the categoriser, and only while the review is with them. */
  'categorisation/save-draft': command({
    input: z.lazy(() => z.object({ reviewId, draft: draftInputSchema })),
    allow: 'signed-in',
    action: 'change a categorisation review',
    labels: REVIEW_LABELS,
    async load(read, input) {
      const state = await loadReview(read, input.reviewId);
      return { ...state, prisoner: (await read.one(prisoners, { id: state.row.prisonerId }))! };
    },
    decide({ review: r, prisoner }, { reviewId: id, draft: input }, ctx) {
      if (r.status !== 'started' && r.status !== 'sent-back')
        refuse(
          'conflict',
          `This review is ${STATUS_LABELS[r.status].toLowerCase()}; it can no longer be changed`,
        );
      if (r.categoriserId !== ctx.actor.staffId)
        refuse('forbidden', `Only the categoriser (${r.categoriser}) can change this review.`);
      const invalid = input.proposedCategory
        ? categoryProblem(prisoner, input.proposedCategory, ctx.today)
        : null;
      if (invalid) refuse('invalid-input', invalid, 'proposedCategory');
      const set: Partial<ReviewRow> = {};
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const put = <K extends keyof CategorisationReview & keyof ReviewRow>(
        key: K,
        value: CategorisationReview[K],
        stored: unknown = value,
      ) => {
        if (JSON.stringify(r[key]) === JSON.stringify(value)) return;
        (set as Record<string, unknown>)[key] = stored;
        before[key] = r[key];
        after[key] = value;
      };
      if (input.proposedCategory !== undefined) put('proposedCategory', input.proposedCategory);
      if (input.evidence) {
        const evidence = { ...r.evidence };
        for (const [k, v] of Object.entries(input.evidence)) {
          if (v) evidence[k as EvidenceKey] = v;
          else delete evidence[k as EvidenceKey];
        }
        put('evidence', evidence, JSON.stringify(evidence));
      }
      if (input.recommendation !== undefined) put('recommendation', input.recommendation);
      if (input.citedProgrammes)
        put('citedProgrammes', input.citedProgrammes, JSON.stringify(input.citedProgrammes));
      if (input.alternativeEvidence !== undefined) put('alternativeEvidence', input.alternativeEvidence);
      const changes = new Changes(ctx);
      if (Object.keys(set).length) {
        changes.update(categorisationReviews, id, set, r.prisonerId);
        changes.record({
          action: 'update',
          entity: 'categorisation-review',
          entityId: id,
          prisonerId: r.prisonerId,
          summary: `Categorisation review updated: ${Object.keys(after).join(', ')}`,
          before,
          after,
        });
      }
      return changes.done({ id });
    },
  }),

  /**
   * The categoriser completes the review and sends it for approval, with the next review date: 6 or 12 months or a
   * date, never beyond the rule's limit. Refused while anything is missing or the recommendation is not defensible.
   */
  'categorisation/submit-review': command({
    input: z.lazy(() => z.object({ reviewId, completion: submitInputSchema })),
    allow: 'signed-in',
    action: 'complete a categorisation review',
    labels: REVIEW_LABELS,
    async load(read, input): Promise<SubmitState> {
      const state = await loadReview(read, input.reviewId);
      const prisoner = (await read.one(prisoners, { id: state.row.prisonerId }))!;
      return {
        ...state,
        prisoner,
        reviews: await readReviews(read, prisoner.id),
        work: await readWork(read, prisoner.id),
        versions: await loadRuleVersions(read),
      };
    },
    decide({ review: r, prisoner, reviews, work, versions }, { reviewId: id, completion: input }, ctx) {
      notFuture(ctx, input.completedOn, 'completedOn');
      if (r.status !== 'started' && r.status !== 'sent-back')
        refuse(
          'conflict',
          `This review is ${STATUS_LABELS[r.status].toLowerCase()}; it cannot be sent for approval`,
        );
      if (r.categoriserId !== ctx.actor.staffId)
        refuse('forbidden', `Only the categoriser (${r.categoriser}) can complete this review.`);
      if (input.completedOn < r.startedOn)
        refuse('invalid-input', 'must not be before the review started', 'completedOn');
      const problem = reviewProblems(r, work)[0];
      if (problem) refuse('invalid-input', problem.message, problem.field);
      // Valid when proposed, but perhaps not now (he has turned 21 since).
      const invalid = categoryProblem(prisoner, r.proposedCategory!, input.completedOn);
      if (invalid) refuse('invalid-input', invalid, 'proposedCategory');
      const p = toDetail(prisoner, null);
      const limit = nextReviewLimit(categorisationFacts(p, reviews), input.completedOn, versions);
      let nextReviewOn: IsoDate;
      if ('months' in input.nextReview) {
        if (!limit.choices.includes(input.nextReview.months))
          refuse(
            'invalid-input',
            `must be ${limit.choices.join(' or ')} months: ${limit.basis.sentence}`,
            'nextReview',
          );
        nextReviewOn = addMonths(input.completedOn, input.nextReview.months);
      } else {
        nextReviewOn = input.nextReview.date;
        if (nextReviewOn <= input.completedOn)
          refuse('invalid-input', 'must be after the review is completed', 'nextReview');
        if (nextReviewOn > limit.latest)
          refuse(
            'invalid-input',
            `must be on or before ${formatUk(limit.latest)}: ${limit.basis.sentence}`,
            'nextReview',
          );
      }
      const changes = new Changes(ctx);
      changes.update(
        categorisationReviews,
        id,
        { status: 'awaiting-approval', submittedOn: input.completedOn, nextReviewOn },
        r.prisonerId,
      );
      changes.record({
        action: 'update',
        entity: 'categorisation-review',
        entityId: id,
        prisonerId: r.prisonerId,
        summary: `Categorisation review completed on ${formatUk(input.completedOn)}: recommends category ${r.proposedCategory}, next review ${formatUk(nextReviewOn)}; sent for approval`,
        before: { status: r.status },
        after: { status: 'awaiting-approval', nextReviewOn },
      });
      return changes.done({ id });
    },
  }),

  /**
   * A senior manager approves, or changes the category with reasons; never their own review. The prisoner's
   * category changes with the approval, in the same command, audited as a change to his record.
   */
  'categorisation/approve-review': command({
    input: z.lazy(() => z.object({ reviewId, approval: approveInputSchema })),
    allow: ['senior-manager'],
    action: 'approve a categorisation review',
    labels: REVIEW_LABELS,
    reauth: true,
    async load(read, input) {
      const state = await loadReview(read, input.reviewId);
      return {
        ...state,
        prisoner: (await read.one(prisoners, { id: state.row.prisonerId }))!,
        work: await readWork(read, state.row.prisonerId),
      };
    },
    decide({ review: r, prisoner: p, work }, { reviewId: id, approval: input }, ctx) {
      notFuture(ctx, input.approvedOn, 'approvedOn');
      if (r.categoriserId === ctx.actor.staffId)
        refuse(
          'forbidden',
          `${ctx.actor.name} completed this review and cannot approve it: another senior manager must.`,
        );
      if (r.status !== 'awaiting-approval')
        refuse('conflict', `This review is ${STATUS_LABELS[r.status].toLowerCase()}, not awaiting approval`);
      if (input.approvedOn < r.submittedOn!)
        refuse('invalid-input', 'must not be before the review was completed', 'approvedOn');
      const invalid = categoryProblem(p, input.approvedCategory, input.approvedOn);
      if (invalid) refuse('invalid-input', invalid, 'approvedCategory');
      const changed = input.approvedCategory !== r.proposedCategory;
      if (changed && (!input.reasons || input.reasons.length < 10))
        refuse(
          'invalid-input',
          `give the reasons for category ${input.approvedCategory} instead of the recommended ${r.proposedCategory} (at least 10 characters)`,
          'reasons',
        );
      const problem = defensibilityProblems(
        {
          ...r,
          proposedCategory: input.approvedCategory,
          recommendation: `${r.recommendation ?? ''} ${input.reasons ?? ''}`,
        },
        work,
      )[0];
      if (problem) refuse('invalid-input', problem.message, 'approvedCategory');
      const changes = new Changes(ctx);
      changes.update(
        categorisationReviews,
        id,
        {
          status: 'approved',
          approverId: ctx.actor.staffId,
          approvedOn: input.approvedOn,
          approvedCategory: input.approvedCategory,
          approvalReasons: input.reasons,
        },
        r.prisonerId,
      );
      changes.record({
        action: 'update',
        entity: 'categorisation-review',
        entityId: id,
        prisonerId: r.prisonerId,
        summary: `Categorisation approved on ${formatUk(input.approvedOn)}: category ${input.approvedCategory}${changed ? ` (changed from the recommended ${r.proposedCategory})` : ''}`,
        before: { status: r.status },
        after: { status: 'approved', ...input },
      });
      if (p.category !== input.approvedCategory) {
        const diff = diffPrisoner(
          { category: p.category } as PrisonerInput,
          { category: input.approvedCategory } as PrisonerInput,
          () => null,
        );
        changes.update(prisoners, p.id, { category: input.approvedCategory }, p.id);
        changes.record({
          action: 'update',
          entity: 'prisoner',
          entityId: p.id,
          prisonerId: p.id,
          summary: `Changed ${diff.sentence} (categorisation approved)`,
          before: diff.before,
          after: diff.after,
        });
      }
      return changes.done({ id });
    },
  }),

  'categorisation/send-back': command({
    input: z.lazy(() => z.object({ reviewId, sendBack: sendBackInputSchema })),
    allow: ['senior-manager'],
    action: 'send a categorisation review back',
    labels: REVIEW_LABELS,
    reauth: true,
    load: (read, input) => loadReview(read, input.reviewId),
    decide({ review: r }, { reviewId: id, sendBack: input }, ctx) {
      notFuture(ctx, input.sentBackOn, 'sentBackOn');
      if (r.categoriserId === ctx.actor.staffId)
        refuse(
          'forbidden',
          `${ctx.actor.name} completed this review and cannot decide on it: another senior manager must.`,
        );
      if (r.status !== 'awaiting-approval')
        refuse('conflict', `This review is ${STATUS_LABELS[r.status].toLowerCase()}, not awaiting approval`);
      const changes = new Changes(ctx);
      changes.update(
        categorisationReviews,
        id,
        { status: 'sent-back', sentBackOn: input.sentBackOn, sentBackMessage: input.message },
        r.prisonerId,
      );
      changes.record({
        action: 'update',
        entity: 'categorisation-review',
        entityId: id,
        prisonerId: r.prisonerId,
        summary: `Categorisation review sent back on ${formatUk(input.sentBackOn)}: ${input.message}`,
        before: { status: r.status },
        after: { status: 'sent-back', ...input },
      });
      return changes.done({ id });
    },
  }),

  'categorisation/cancel-review': command({
    input: z.lazy(() => z.object({ reviewId, reason: cancelReasonSchema })),
    allow: CATEGORISERS,
    action: 'cancel a categorisation review',
    labels: CANCEL_LABELS,
    load: (read, input) => loadReview(read, input.reviewId),
    decide({ review: r }, { reviewId: id, reason }, ctx) {
      if (r.status === 'approved' || r.status === 'cancelled')
        refuse('conflict', `This review is ${STATUS_LABELS[r.status].toLowerCase()}`);
      const changes = new Changes(ctx);
      changes.update(
        categorisationReviews,
        id,
        { status: 'cancelled', cancelledOn: ctx.today, cancelledReason: reason },
        r.prisonerId,
      );
      changes.record({
        action: 'update',
        entity: 'categorisation-review',
        entityId: id,
        prisonerId: r.prisonerId,
        summary: `Categorisation review cancelled: ${reason}`,
        before: { status: r.status },
        after: { status: 'cancelled' },
      });
      return changes.done({ id });
    },
  }),

  /** Moves the next review date set at the last approved review; the reason is required and the change kept. */
  'categorisation/change-next-date': command({
    input: z.lazy(() => z.object({ prisonerNumber, change: dateChangeInputSchema })),
    allow: ['pom', 'senior-manager'],
    action: 'change the next categorisation review date',
    labels: NEXT_DATE_LABELS,
    async load(read, input) {
      const prisoner = await loadPrisoner(read, input.prisonerNumber);
      return {
        prisoner,
        approved: await read.all(
          categorisationReviews,
          { prisonerId: prisoner.id, status: 'approved' },
          { orderBy: ['startedOn', 'createdAt'] },
        ),
      };
    },
    decide({ prisoner: p, approved }, { change: input }, ctx) {
      const last = [...approved].sort((a, b) => (a.approvedOn! < b.approvedOn! ? 1 : -1))[0];
      if (!last)
        refuse(
          'conflict',
          `${p.prisonerNumber} has no approved categorisation yet: the initial categorisation is due by the rule and cannot be moved`,
        );
      if (input.toDate <= last.approvedOn!)
        refuse('invalid-input', `must be after the last approval (${formatUk(last.approvedOn)})`, 'toDate');
      const from = last.nextReviewOn ?? '';
      const changes = new Changes(ctx);
      if (from === input.toDate) return changes.done({ id: last.id });
      changes.insert(
        categorisationDateChanges,
        {
          reviewId: last.id,
          fromDate: from,
          toDate: input.toDate,
          reason: input.reason,
          changedById: ctx.actor.staffId!,
        },
        p.id,
      );
      changes.update(categorisationReviews, last.id, { nextReviewOn: input.toDate }, p.id);
      changes.record({
        action: 'update',
        entity: 'categorisation-review',
        entityId: last.id,
        prisonerId: p.id,
        summary: `Next categorisation review moved from ${formatUk(from)} to ${formatUk(input.toDate)}: ${input.reason}`,
        before: { nextReviewOn: from },
        after: { nextReviewOn: input.toDate, reason: input.reason },
      });
      return changes.done({ id: last.id });
    },
  }),

  'categorisation/add-work': command({
    input: z.lazy(() => z.object({ prisonerNumber, work: progressionWorkInputSchema })),
    allow: CATEGORISERS,
    action: 'record progression work',
    labels: WORK_LABELS,
    load: (read, input) => loadPrisoner(read, input.prisonerNumber),
    decide(p, { work: input }, ctx) {
      workDatesNotFuture(ctx, input);
      const changes = new Changes(ctx);
      const row = changes.insert(progressionWork, { prisonerId: p.id, ...input });
      changes.record({
        action: 'create',
        entity: 'progression-work',
        entityId: row.id,
        prisonerId: p.id,
        summary: `Recorded ${input.work}: ${input.status}${input.suitability === 'unsuitable' ? ' (assessed unsuitable)' : ''}`,
        after: input,
      });
      if (input.kind === 'accredited-programme' && input.status === 'completed')
        completionEvent(changes, p.id, input.work, input.endedOn!);
      return changes.done(row.id);
    },
  }),

  'categorisation/update-work': command({
    input: z.lazy(() =>
      z.object({ workId: z.string().min(1, 'is required'), work: progressionWorkInputSchema }),
    ),
    allow: CATEGORISERS,
    action: 'update progression work',
    labels: WORK_LABELS,
    async load(read, input) {
      const row = await read.one(progressionWork, { id: input.workId });
      if (!row) refuse('not-found', 'Progression work was not found');
      return { prisonerId: row.prisonerId, before: toWork(row) };
    },
    decide({ prisonerId, before }, { workId, work: input }, ctx) {
      workDatesNotFuture(ctx, input);
      const changes = new Changes(ctx);
      const changed = (Object.keys(input) as (keyof typeof input)[]).filter((k) => before[k] !== input[k]);
      if (!changed.length) return changes.done({ id: workId });
      changes.update(progressionWork, workId, input, prisonerId);
      changes.record({
        action: 'update',
        entity: 'progression-work',
        entityId: workId,
        prisonerId,
        summary: `${input.work} updated: ${changed.join(', ')}`,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
        after: Object.fromEntries(changed.map((k) => [k, input[k]])),
      });
      if (
        input.kind === 'accredited-programme' &&
        input.status === 'completed' &&
        before.status !== 'completed'
      )
        completionEvent(changes, prisonerId, input.work, input.endedOn!);
      return changes.done({ id: workId });
    },
  }),
};
