import { z } from 'zod';
import { ulid } from 'ulid';
import { nowIso, type CallContext, type Store } from '../shared/context';
import { isoDateSchema } from '../caseload/prisoner';
import { CATEGORIES, type Category } from '../caseload/fields';
import { AppError, notFound } from '../shared/errors';
import { addMonths, formatUk, type IsoDate } from '../shared/dates';
import { requireRole } from '../staff/roles';
import type { AuditService } from '../audit/service';
import { toInput, type CaseloadService } from '../caseload/service';
import type { PolicyService } from '../policy/service';
import type { DueItem } from '../due/types';
import { categorisationDue, categorisationFacts, nextReviewLimit, openConditionsConsideration } from './rules';
import { defensibilityProblems } from './defensibility';
import { ACCREDITED_PROGRAMMES, progressionWorkInputSchema, type ProgressionWork } from './progression';
import { writeTransaction } from '../shared/write';
import { REVIEW_REASONS, REVIEW_STATUSES, REASON_LABELS, STATUS_LABELS, EVIDENCE_SECTIONS, type ReviewReason, type ReviewStatus, type EvidenceKey } from './labels';

export { REVIEW_REASONS, REVIEW_STATUSES, REASON_LABELS, STATUS_LABELS, EVIDENCE_SECTIONS, type ReviewReason, type ReviewStatus, type EvidenceKey };
const EVIDENCE_KEYS = EVIDENCE_SECTIONS.map((s) => s.key) as [EvidenceKey, ...EvidenceKey[]];

const CATEGORISERS = ['pom', 'case-administrator', 'senior-manager'] as const;
const text = (max: number) => z.preprocess((v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : v), z.string().max(max, `must be at most ${max} characters`).nullable());
const category = z.preprocess((v) => (v === '' ? null : v), z.enum(CATEGORIES, { message: `must be one of ${CATEGORIES.join(', ')}` }).nullable());

export const startInputSchema = z.object({
  reason: z.enum(REVIEW_REASONS, { message: `must be one of ${REVIEW_REASONS.join(', ')}` }),
  startedOn: isoDateSchema,
});
export const draftInputSchema = z.object({
  proposedCategory: category.optional(),
  evidence: z.partialRecord(z.enum(EVIDENCE_KEYS), text(8000)).optional(),
  recommendation: text(8000).optional(),
  citedProgrammes: z.array(z.enum(ACCREDITED_PROGRAMMES, { message: 'must be an accredited programme' })).max(20).optional(),
  alternativeEvidence: text(8000).optional(),
});
export const submitInputSchema = z.object({
  completedOn: isoDateSchema,
  nextReview: z.union([
    z.object({ months: z.number().int().min(1).max(36) }),
    z.object({ date: isoDateSchema }),
  ], { message: 'choose 6 or 12 months, or a date' }),
});
export const approveInputSchema = z.object({
  approvedOn: isoDateSchema,
  approvedCategory: z.enum(CATEGORIES, { message: `must be one of ${CATEGORIES.join(', ')}` }),
  reasons: text(4000).default(null),
});
export const sendBackInputSchema = z.object({
  sentBackOn: isoDateSchema,
  message: z.string().trim().min(10, 'say what needs doing (at least 10 characters)').max(4000),
});
export const dateChangeInputSchema = z.object({
  toDate: isoDateSchema,
  reason: z.string().trim().min(10, 'give the reason for the change (at least 10 characters)').max(2000),
});

interface ReviewRow {
  id: string; prisoner_id: string; reason: ReviewReason; status: ReviewStatus; started_on: string; categoriser_id: string; categoriser: string;
  current_category: Category | null; proposed_category: Category | null; evidence: string; recommendation: string | null; cited_programmes: string;
  alternative_evidence: string | null; next_review_on: string | null; submitted_on: string | null; sent_back_on: string | null; sent_back_message: string | null;
  approver_id: string | null; approver: string | null; approved_on: string | null; approved_category: Category | null; approval_reasons: string | null;
  cancelled_on: string | null; cancelled_reason: string | null; updated_at: string;
}

export interface CategorisationReview {
  id: string;
  reason: ReviewReason;
  status: ReviewStatus;
  startedOn: IsoDate;
  categoriserId: string;
  categoriser: string;
  currentCategory: Category | null;
  proposedCategory: Category | null;
  evidence: Partial<Record<EvidenceKey, string>>;
  recommendation: string | null;
  citedProgrammes: string[];
  alternativeEvidence: string | null;
  nextReviewOn: IsoDate | null;
  submittedOn: IsoDate | null;
  sentBackOn: IsoDate | null;
  sentBackMessage: string | null;
  approver: string | null;
  approvedOn: IsoDate | null;
  approvedCategory: Category | null;
  approvalReasons: string | null;
  cancelledOn: IsoDate | null;
  cancelledReason: string | null;
  updatedAt: string;
}

export interface DateChange { reviewId: string; fromDate: IsoDate; toDate: IsoDate; reason: string; changedBy: string; changedAt: string }

export interface CategorisationView {
  prisonerNumber: string;
  name: string;
  category: Category | null;
  releasedOn: IsoDate | null;
  reviews: CategorisationReview[];
  open: CategorisationReview | null;
  dateChanges: DateChange[];
  work: ProgressionWork[];
  /** The next review(s) by the rule, however far ahead, each with its basis. */
  next: DueItem[];
  /** What a review completed today may set as the next review date. */
  nextReviewLimit: ReturnType<typeof nextReviewLimit> | null;
  /** Whether open conditions may be considered without special reasons today (years to the earliest release). */
  openConditions: ReturnType<typeof openConditionsConsideration> | null;
  /** Why the open review cannot go for approval yet, if it cannot. */
  problems: { field: string; message: string }[];
}

const toReview = (r: ReviewRow): CategorisationReview => ({
  id: r.id, reason: r.reason, status: r.status, startedOn: r.started_on, categoriserId: r.categoriser_id, categoriser: r.categoriser,
  currentCategory: r.current_category, proposedCategory: r.proposed_category, evidence: JSON.parse(r.evidence) as CategorisationReview['evidence'],
  recommendation: r.recommendation, citedProgrammes: JSON.parse(r.cited_programmes) as string[], alternativeEvidence: r.alternative_evidence,
  nextReviewOn: r.next_review_on, submittedOn: r.submitted_on, sentBackOn: r.sent_back_on, sentBackMessage: r.sent_back_message,
  approver: r.approver, approvedOn: r.approved_on, approvedCategory: r.approved_category, approvalReasons: r.approval_reasons,
  cancelledOn: r.cancelled_on, cancelledReason: r.cancelled_reason, updatedAt: r.updated_at,
});

/** Categorisation reviews from start to approval, the next review date and its history, and the record of progression. */
export function createCategorisationService(store: Store, audit: AuditService, caseload: CaseloadService, policy: PolicyService) {
  const { sqlite } = store;
  const reviewsOf = (prisonerId: string) => (sqlite.prepare(`SELECT r.*, c.name AS categoriser, a.name AS approver FROM categorisation_reviews r
      JOIN staff c ON c.id = r.categoriser_id LEFT JOIN staff a ON a.id = r.approver_id WHERE r.prisoner_id = ? ORDER BY r.started_on, r.created_at`).all(prisonerId) as ReviewRow[]).map(toReview);
  const review = (id: string) => {
    const row = sqlite.prepare(`SELECT r.*, c.name AS categoriser, a.name AS approver FROM categorisation_reviews r
      JOIN staff c ON c.id = r.categoriser_id LEFT JOIN staff a ON a.id = r.approver_id WHERE r.id = ?`).get(id) as ReviewRow | undefined;
    if (!row) throw notFound('Categorisation review');
    return { ...toReview(row), prisonerId: row.prisoner_id };
  };
  const workOf = (prisonerId: string): ProgressionWork[] => (sqlite.prepare('SELECT * FROM progression_work WHERE prisoner_id = ? ORDER BY coalesce(started_on, assessed_on, created_at), created_at').all(prisonerId) as Record<string, string | null>[]).map((w) => ({
    id: w.id!, kind: w.kind as ProgressionWork['kind'], work: w.work!, suitability: w.suitability as ProgressionWork['suitability'], unsuitableReason: w.unsuitable_reason as ProgressionWork['unsuitableReason'],
    status: w.status as ProgressionWork['status'], assessedOn: w.assessed_on ?? null, startedOn: w.started_on ?? null, endedOn: w.ended_on ?? null, outcome: w.outcome ?? null,
    recordedBy: w.updated_by!, updatedAt: w.updated_at!,
  }));
  const notFuture = (ctx: CallContext, date: string, field: string) => {
    if (date > ctx.today) throw new AppError('invalid-input', 'must not be in the future', field);
  };
  const set = (ctx: CallContext, id: string, cols: Record<string, unknown>) => {
    const keys = Object.keys(cols);
    sqlite.prepare(`UPDATE categorisation_reviews SET ${keys.map((k) => `${k} = ?`).join(', ')}, updated_at = ?, updated_by = ? WHERE id = ?`)
      .run(...keys.map((k) => cols[k]), nowIso(ctx), ctx.actor.name, id);
  };
  const problemsOf = (r: CategorisationReview, work: ProgressionWork[]) => {
    const problems: { field: string; message: string }[] = [];
    if (!r.proposedCategory) problems.push({ field: 'proposedCategory', message: 'Propose a category.' });
    for (const s of EVIDENCE_SECTIONS) if (!r.evidence[s.key]) problems.push({ field: `evidence.${s.key}`, message: `Record what you found for "${s.label}" (write "None" if there is nothing).` });
    if (!r.recommendation || r.recommendation.length < 20) problems.push({ field: 'recommendation', message: 'Give the recommendation and its reasons (at least 20 characters).' });
    problems.push(...defensibilityProblems(r, work));
    return problems;
  };

  const service = {
    view(prisonerNumber: string, today: IsoDate): CategorisationView {
      const p = caseload.get(prisonerNumber);
      const reviews = reviewsOf(p.id);
      const open = reviews.find((r) => r.status === 'started' || r.status === 'sent-back' || r.status === 'awaiting-approval') ?? null;
      const work = workOf(p.id);
      const facts = categorisationFacts(p, reviews);
      const dateChanges = sqlite.prepare(`SELECT d.review_id AS reviewId, d.from_date AS fromDate, d.to_date AS toDate, d.reason, s.name AS changedBy, d.created_at AS changedAt
        FROM categorisation_date_changes d JOIN staff s ON s.id = d.changed_by_id JOIN categorisation_reviews r ON r.id = d.review_id WHERE r.prisoner_id = ? ORDER BY d.created_at`).all(p.id) as DateChange[];
      return {
        prisonerNumber: p.prisonerNumber, name: `${p.surname.toUpperCase()}, ${p.forenames}`, category: p.category, releasedOn: p.releasedOn,
        reviews, open, dateChanges, work,
        next: p.releasedOn ? [] : categorisationDue(facts, today, policy.versions(), { unlisted: true }),
        nextReviewLimit: p.releasedOn ? null : nextReviewLimit(facts, today, policy.versions()),
        openConditions: p.releasedOn ? null : openConditionsConsideration(facts, today, policy.versions()),
        problems: open && open.status !== 'awaiting-approval' ? problemsOf(open, work) : [],
      };
    },

    review(id: string): CategorisationReview & { prisonerId: string } {
      return review(id);
    },

    start(ctx: CallContext, prisonerNumber: string, raw: unknown): string {
      requireRole(ctx.actor, CATEGORISERS, 'start a categorisation review');
      const input = startInputSchema.parse(raw);
      notFuture(ctx, input.startedOn, 'startedOn');
      return writeTransaction(store, ctx, 'a categorisation review', () => {
        const p = caseload.get(prisonerNumber);
        if (p.releasedOn) throw new AppError('conflict', `${p.prisonerNumber} was released on ${formatUk(p.releasedOn)}; no review can be started`);
        const open = reviewsOf(p.id).find((r) => ['started', 'sent-back', 'awaiting-approval'].includes(r.status));
        if (open) throw new AppError('conflict', `A ${REASON_LABELS[open.reason].toLowerCase()} review started ${formatUk(open.startedOn)} is still ${STATUS_LABELS[open.status].toLowerCase()}; finish or cancel it first`);
        if (input.startedOn < p.sentenceStartDate) throw new AppError('invalid-input', 'must not be before the sentence start date', 'startedOn');
        const id = ulid();
        const at = nowIso(ctx);
        sqlite.prepare(`INSERT INTO categorisation_reviews (id, created_at, updated_at, updated_by, prisoner_id, reason, status, started_on, categoriser_id, current_category)
          VALUES (?,?,?,?,?,?,?,?,?,?)`).run(id, at, at, ctx.actor.name, p.id, input.reason, 'started', input.startedOn, ctx.actor.staffId, p.category);
        audit.record(ctx, { action: 'create', entity: 'categorisation-review', entityId: id, prisonerId: p.id, summary: `Started a categorisation review (${REASON_LABELS[input.reason].toLowerCase()}) on ${formatUk(input.startedOn)}, current category ${p.category ?? 'not recorded'}`, after: input });
        return id;
      });
    },

    /** Saves what the categoriser has so far; only the categoriser, and only while the review is with them. */
    saveDraft(ctx: CallContext, reviewId: string, raw: unknown): void {
      const input = draftInputSchema.parse(raw);
      writeTransaction(store, ctx, 'a categorisation review', () => {
        const r = review(reviewId);
        if (r.status !== 'started' && r.status !== 'sent-back') throw new AppError('conflict', `This review is ${STATUS_LABELS[r.status].toLowerCase()}; it can no longer be changed`);
        if (r.categoriserId !== ctx.actor.staffId) throw new AppError('forbidden', `Only the categoriser (${r.categoriser}) can change this review.`);
        const cols: Record<string, unknown> = {};
        const before: Record<string, unknown> = {};
        const after: Record<string, unknown> = {};
        const put = (key: keyof CategorisationReview, col: string, value: unknown, stored: unknown = value) => {
          if (JSON.stringify(r[key]) === JSON.stringify(value)) return;
          cols[col] = stored; before[key] = r[key]; after[key] = value;
        };
        if (input.proposedCategory !== undefined) put('proposedCategory', 'proposed_category', input.proposedCategory);
        if (input.evidence) {
          const evidence = { ...r.evidence };
          for (const [k, v] of Object.entries(input.evidence)) { if (v) evidence[k as EvidenceKey] = v; else delete evidence[k as EvidenceKey]; }
          put('evidence', 'evidence', evidence, JSON.stringify(evidence));
        }
        if (input.recommendation !== undefined) put('recommendation', 'recommendation', input.recommendation);
        if (input.citedProgrammes) put('citedProgrammes', 'cited_programmes', input.citedProgrammes, JSON.stringify(input.citedProgrammes));
        if (input.alternativeEvidence !== undefined) put('alternativeEvidence', 'alternative_evidence', input.alternativeEvidence);
        if (!Object.keys(cols).length) return;
        set(ctx, reviewId, cols);
        audit.record(ctx, { action: 'update', entity: 'categorisation-review', entityId: reviewId, prisonerId: r.prisonerId, summary: `Categorisation review updated: ${Object.keys(after).join(', ')}`, before, after });
      });
    },

    /**
     * The categoriser completes the review and sends it for approval, with the next review date: 6 or 12 months or a
     * date, never beyond the rule's limit. Refused while anything is missing or the recommendation is not defensible.
     */
    submit(ctx: CallContext, reviewId: string, raw: unknown): void {
      const input = submitInputSchema.parse(raw);
      notFuture(ctx, input.completedOn, 'completedOn');
      writeTransaction(store, ctx, 'a categorisation review', () => {
        const r = review(reviewId);
        if (r.status !== 'started' && r.status !== 'sent-back') throw new AppError('conflict', `This review is ${STATUS_LABELS[r.status].toLowerCase()}; it cannot be sent for approval`);
        if (r.categoriserId !== ctx.actor.staffId) throw new AppError('forbidden', `Only the categoriser (${r.categoriser}) can complete this review.`);
        if (input.completedOn < r.startedOn) throw new AppError('invalid-input', 'must not be before the review started', 'completedOn');
        const problem = problemsOf(r, workOf(r.prisonerId))[0];
        if (problem) throw new AppError('invalid-input', problem.message, problem.field);
        const p = caseload.getById(r.prisonerId)!;
        const limit = nextReviewLimit(categorisationFacts(p, reviewsOf(p.id)), input.completedOn, policy.versions());
        let nextReviewOn: IsoDate;
        if ('months' in input.nextReview) {
          if (!limit.choices.includes(input.nextReview.months)) throw new AppError('invalid-input', `must be ${limit.choices.join(' or ')} months: ${limit.basis.sentence}`, 'nextReview');
          nextReviewOn = addMonths(input.completedOn, input.nextReview.months);
        } else {
          nextReviewOn = input.nextReview.date;
          if (nextReviewOn <= input.completedOn) throw new AppError('invalid-input', 'must be after the review is completed', 'nextReview');
          if (nextReviewOn > limit.latest) throw new AppError('invalid-input', `must be on or before ${formatUk(limit.latest)}: ${limit.basis.sentence}`, 'nextReview');
        }
        set(ctx, reviewId, { status: 'awaiting-approval', submitted_on: input.completedOn, next_review_on: nextReviewOn });
        audit.record(ctx, { action: 'update', entity: 'categorisation-review', entityId: reviewId, prisonerId: r.prisonerId, summary: `Categorisation review completed on ${formatUk(input.completedOn)}: recommends category ${r.proposedCategory}, next review ${formatUk(nextReviewOn)}; sent for approval`, before: { status: r.status }, after: { status: 'awaiting-approval', nextReviewOn } });
      });
    },

    /** A senior manager approves, or changes the category with reasons; never their own review. */
    approve(ctx: CallContext, reviewId: string, raw: unknown): void {
      requireRole(ctx.actor, ['senior-manager'], 'approve a categorisation review');
      const input = approveInputSchema.parse(raw);
      notFuture(ctx, input.approvedOn, 'approvedOn');
      writeTransaction(store, ctx, 'a categorisation approval', () => {
        const r = review(reviewId);
        if (r.categoriserId === ctx.actor.staffId) throw new AppError('forbidden', `${ctx.actor.name} completed this review and cannot approve it: another senior manager must.`);
        if (r.status !== 'awaiting-approval') throw new AppError('conflict', `This review is ${STATUS_LABELS[r.status].toLowerCase()}, not awaiting approval`);
        if (input.approvedOn < r.submittedOn!) throw new AppError('invalid-input', 'must not be before the review was completed', 'approvedOn');
        const changed = input.approvedCategory !== r.proposedCategory;
        if (changed && (!input.reasons || input.reasons.length < 10)) throw new AppError('invalid-input', `give the reasons for category ${input.approvedCategory} instead of the recommended ${r.proposedCategory} (at least 10 characters)`, 'reasons');
        const problem = defensibilityProblems({ ...r, proposedCategory: input.approvedCategory, recommendation: `${r.recommendation ?? ''} ${input.reasons ?? ''}` }, workOf(r.prisonerId))[0];
        if (problem) throw new AppError('invalid-input', problem.message, 'approvedCategory');
        set(ctx, reviewId, { status: 'approved', approver_id: ctx.actor.staffId, approved_on: input.approvedOn, approved_category: input.approvedCategory, approval_reasons: input.reasons });
        audit.record(ctx, { action: 'update', entity: 'categorisation-review', entityId: reviewId, prisonerId: r.prisonerId, summary: `Categorisation approved on ${formatUk(input.approvedOn)}: category ${input.approvedCategory}${changed ? ` (changed from the recommended ${r.proposedCategory})` : ''}`, before: { status: r.status }, after: { status: 'approved', ...input } });
        const p = caseload.getById(r.prisonerId)!;
        if (p.category !== input.approvedCategory) caseload.applyChanges(ctx, p, { ...toInput(p), category: input.approvedCategory }, 'update', 'categorisation approved');
      });
    },

    sendBack(ctx: CallContext, reviewId: string, raw: unknown): void {
      requireRole(ctx.actor, ['senior-manager'], 'send a categorisation review back');
      const input = sendBackInputSchema.parse(raw);
      notFuture(ctx, input.sentBackOn, 'sentBackOn');
      writeTransaction(store, ctx, 'a categorisation review', () => {
        const r = review(reviewId);
        if (r.categoriserId === ctx.actor.staffId) throw new AppError('forbidden', `${ctx.actor.name} completed this review and cannot decide on it: another senior manager must.`);
        if (r.status !== 'awaiting-approval') throw new AppError('conflict', `This review is ${STATUS_LABELS[r.status].toLowerCase()}, not awaiting approval`);
        set(ctx, reviewId, { status: 'sent-back', sent_back_on: input.sentBackOn, sent_back_message: input.message });
        audit.record(ctx, { action: 'update', entity: 'categorisation-review', entityId: reviewId, prisonerId: r.prisonerId, summary: `Categorisation review sent back on ${formatUk(input.sentBackOn)}: ${input.message}`, before: { status: r.status }, after: { status: 'sent-back', ...input } });
      });
    },

    cancel(ctx: CallContext, reviewId: string, reason: string): void {
      requireRole(ctx.actor, CATEGORISERS, 'cancel a categorisation review');
      const why = z.string().trim().min(10, 'give the reason (at least 10 characters)').max(2000).parse(reason);
      writeTransaction(store, ctx, 'a categorisation review', () => {
        const r = review(reviewId);
        if (r.status === 'approved' || r.status === 'cancelled') throw new AppError('conflict', `This review is ${STATUS_LABELS[r.status].toLowerCase()}`);
        set(ctx, reviewId, { status: 'cancelled', cancelled_on: ctx.today, cancelled_reason: why });
        audit.record(ctx, { action: 'update', entity: 'categorisation-review', entityId: reviewId, prisonerId: r.prisonerId, summary: `Categorisation review cancelled: ${why}`, before: { status: r.status }, after: { status: 'cancelled' } });
      });
    },

    /** Moves the next review date set at the last approved review; the reason is required and the change kept. */
    changeNextReviewDate(ctx: CallContext, prisonerNumber: string, raw: unknown): void {
      requireRole(ctx.actor, ['pom', 'senior-manager'], 'change the next categorisation review date');
      const input = dateChangeInputSchema.parse(raw);
      writeTransaction(store, ctx, 'a categorisation date change', () => {
        const p = caseload.get(prisonerNumber);
        const last = reviewsOf(p.id).filter((r) => r.status === 'approved').sort((a, b) => (a.approvedOn! < b.approvedOn! ? 1 : -1))[0];
        if (!last) throw new AppError('conflict', `${p.prisonerNumber} has no approved categorisation yet: the initial categorisation is due by the rule and cannot be moved`);
        if (input.toDate <= last.approvedOn!) throw new AppError('invalid-input', `must be after the last approval (${formatUk(last.approvedOn)})`, 'toDate');
        const from = last.nextReviewOn ?? '';
        if (from === input.toDate) return;
        const at = nowIso(ctx);
        sqlite.prepare('INSERT INTO categorisation_date_changes (id, created_at, updated_at, updated_by, review_id, from_date, to_date, reason, changed_by_id) VALUES (?,?,?,?,?,?,?,?,?)')
          .run(ulid(), at, at, ctx.actor.name, last.id, from, input.toDate, input.reason, ctx.actor.staffId);
        set(ctx, last.id, { next_review_on: input.toDate });
        audit.record(ctx, { action: 'update', entity: 'categorisation-review', entityId: last.id, prisonerId: p.id, summary: `Next categorisation review moved from ${formatUk(from)} to ${formatUk(input.toDate)}: ${input.reason}`, before: { nextReviewOn: from }, after: { nextReviewOn: input.toDate, reason: input.reason } });
      });
    },

    addWork(ctx: CallContext, prisonerNumber: string, raw: unknown): string {
      requireRole(ctx.actor, CATEGORISERS, 'record progression work');
      const input = progressionWorkInputSchema.parse(raw);
      for (const f of ['assessedOn', 'startedOn', 'endedOn'] as const) if (input[f]) notFuture(ctx, input[f], f);
      return writeTransaction(store, ctx, 'a record of progression', () => {
        const p = caseload.get(prisonerNumber);
        const id = ulid();
        const at = nowIso(ctx);
        sqlite.prepare(`INSERT INTO progression_work (id, created_at, updated_at, updated_by, prisoner_id, kind, work, suitability, unsuitable_reason, status, assessed_on, started_on, ended_on, outcome)
          VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`).run(id, at, at, ctx.actor.name, p.id, input.kind, input.work, input.suitability, input.unsuitableReason, input.status, input.assessedOn, input.startedOn, input.endedOn, input.outcome);
        audit.record(ctx, { action: 'create', entity: 'progression-work', entityId: id, prisonerId: p.id, summary: `Recorded ${input.work}: ${input.status}${input.suitability === 'unsuitable' ? ' (assessed unsuitable)' : ''}`, after: input });
        if (input.kind === 'accredited-programme' && input.status === 'completed') completionEvent(ctx, p.id, input.work, input.endedOn!);
        return id;
      });
    },

    updateWork(ctx: CallContext, workId: string, raw: unknown): void {
      requireRole(ctx.actor, CATEGORISERS, 'update progression work');
      const input = progressionWorkInputSchema.parse(raw);
      for (const f of ['assessedOn', 'startedOn', 'endedOn'] as const) if (input[f]) notFuture(ctx, input[f], f);
      writeTransaction(store, ctx, 'a record of progression', () => {
        const row = sqlite.prepare('SELECT prisoner_id, status, kind FROM progression_work WHERE id = ?').get(workId) as { prisoner_id: string; status: string; kind: string } | undefined;
        if (!row) throw notFound('Progression work');
        const before = workOf(row.prisoner_id).find((w) => w.id === workId)!;
        sqlite.prepare(`UPDATE progression_work SET kind = ?, work = ?, suitability = ?, unsuitable_reason = ?, status = ?, assessed_on = ?, started_on = ?, ended_on = ?, outcome = ?, updated_at = ?, updated_by = ? WHERE id = ?`)
          .run(input.kind, input.work, input.suitability, input.unsuitableReason, input.status, input.assessedOn, input.startedOn, input.endedOn, input.outcome, nowIso(ctx), ctx.actor.name, workId);
        const changed = (Object.keys(input) as (keyof typeof input)[]).filter((k) => before[k] !== input[k]);
        if (!changed.length) return;
        audit.record(ctx, { action: 'update', entity: 'progression-work', entityId: workId, prisonerId: row.prisoner_id, summary: `${input.work} updated: ${changed.join(', ')}`, before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, input[k]])) });
        if (input.kind === 'accredited-programme' && input.status === 'completed' && row.status !== 'completed') completionEvent(ctx, row.prisoner_id, input.work, input.endedOn!);
      });
    },
  };

  /** Completing a programme is a significant event for OASys: a review becomes due. */
  function completionEvent(ctx: CallContext, prisonerId: string, work: string, date: IsoDate) {
    const at = nowIso(ctx);
    const id = ulid();
    sqlite.prepare('INSERT INTO significant_events (id, created_at, updated_at, updated_by, prisoner_id, type, event_date, note) VALUES (?,?,?,?,?,?,?,?)')
      .run(id, at, at, ctx.actor.name, prisonerId, 'programme-completion', date, `Completed ${work}`);
    audit.record(ctx, { action: 'create', entity: 'significant-event', entityId: id, prisonerId, summary: `Significant event for OASys: programme completion (${work}) on ${formatUk(date)}`, after: { type: 'programme-completion', date, work } });
  }

  return service;
}

export type CategorisationService = ReturnType<typeof createCategorisationService>;
