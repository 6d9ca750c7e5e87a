import type { Store } from '../shared/context';
import type { Category } from '../caseload/fields';
import { notFound } from '../shared/errors';
import type { IsoDate } from '../shared/dates';
import type { CaseloadService } from '../caseload/service';
import type { PolicyService } from '../policy/service';
import type { DueItem } from '../due/types';
import {
  categorisationDue,
  categorisationFacts,
  nextReviewLimit,
  openConditionsConsideration,
  validCategories,
  type ValidCategories,
} from './rules';
import type { ProgressionWork } from './progression';
import { asc, eq } from 'drizzle-orm';
import { categorisationDateChanges, categorisationReviews, progressionWork, staff } from '../../../db/schema';
import { sqliteReader } from '../../core/data';
import { OPEN_STATUSES, orderWork, reviewProblems, toReview, type CategorisationReview } from './schemas';

export {
  REVIEW_REASONS,
  REVIEW_STATUSES,
  REASON_LABELS,
  STATUS_LABELS,
  EVIDENCE_SECTIONS,
  startInputSchema,
  draftInputSchema,
  submitInputSchema,
  approveInputSchema,
  sendBackInputSchema,
  dateChangeInputSchema,
  type ReviewReason,
  type ReviewStatus,
  type EvidenceKey,
  type CategorisationReview,
} from './schemas';

export interface DateChange {
  reviewId: string;
  fromDate: IsoDate;
  toDate: IsoDate;
  reason: string;
  changedBy: string;
  changedAt: string;
}

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
  /** The categories a review may propose or approve today, by estate and age, with why. */
  validCategories: ValidCategories;
  /** Whether open conditions may be considered without special reasons today (years to the earliest release). */
  openConditions: ReturnType<typeof openConditionsConsideration> | null;
  /** Why the open review cannot go for approval yet, if it cannot. */
  problems: { field: string; message: string }[];
}

/**
 * Categorisation as the page shows it: reviews from start to approval, the next review date and its history, and
 * the record of progression. Every change is a command (./commands.ts).
 */
export function createCategorisationService(store: Store, caseload: CaseloadService, policy: PolicyService) {
  const reader = sqliteReader(store.db);
  const nameOf = (id: string) => reader.oneSync(staff, { id })?.name ?? null;
  const reviewsOf = (prisonerId: string) =>
    reader
      .allSync(categorisationReviews, { prisonerId }, { orderBy: ['startedOn', 'createdAt'] })
      .map((r) => toReview(r, nameOf));
  const workOf = (prisonerId: string): ProgressionWork[] =>
    orderWork(reader.allSync(progressionWork, { prisonerId }, { orderBy: ['createdAt'] }));

  return {
    view(prisonerNumber: string, today: IsoDate): CategorisationView {
      const p = caseload.get(prisonerNumber);
      const reviews = reviewsOf(p.id);
      const open = reviews.find((r) => OPEN_STATUSES.includes(r.status)) ?? null;
      const work = workOf(p.id);
      const facts = categorisationFacts(p, reviews);
      const d = categorisationDateChanges;
      const dateChanges: DateChange[] = store.db
        .select({
          reviewId: d.reviewId,
          fromDate: d.fromDate,
          toDate: d.toDate,
          reason: d.reason,
          changedBy: staff.name,
          changedAt: d.createdAt,
        })
        .from(d)
        .innerJoin(staff, eq(staff.id, d.changedById))
        .innerJoin(categorisationReviews, eq(categorisationReviews.id, d.reviewId))
        .where(eq(categorisationReviews.prisonerId, p.id))
        .orderBy(asc(d.createdAt))
        .all();
      return {
        prisonerNumber: p.prisonerNumber,
        name: `${p.surname.toUpperCase()}, ${p.forenames}`,
        category: p.category,
        releasedOn: p.releasedOn,
        reviews,
        open,
        dateChanges,
        work,
        next: p.releasedOn ? [] : categorisationDue(facts, today, policy.versions(), { unlisted: true }),
        nextReviewLimit: p.releasedOn ? null : nextReviewLimit(facts, today, policy.versions()),
        validCategories: validCategories(p, today),
        openConditions: p.releasedOn ? null : openConditionsConsideration(facts, today, policy.versions()),
        problems: open && open.status !== 'awaiting-approval' ? reviewProblems(open, work) : [],
      };
    },

    review(id: string): CategorisationReview & { prisonerId: string } {
      const row = reader.oneSync(categorisationReviews, { id });
      if (!row) throw notFound('Categorisation review');
      return { ...toReview(row, nameOf), prisonerId: row.prisonerId };
    },
  };
}

export type CategorisationService = ReturnType<typeof createCategorisationService>;
