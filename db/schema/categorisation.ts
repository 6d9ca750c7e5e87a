import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { rowMeta } from './common';
import { prisoners } from './prisoners';
import { staff } from './staff';

/**
 * One categorisation review from start to approval: the categoriser's evidence and recommendation, the
 * supervisor's decision, and the next review date set when it was completed.
 */
export const categorisationReviews = sqliteTable(
  'categorisation_reviews',
  {
    ...rowMeta,
    prisonerId: text('prisoner_id')
      .notNull()
      .references(() => prisoners.id, { onDelete: 'cascade' }),
    reason: text('reason').notNull(),
    status: text('status').notNull(),
    startedOn: text('started_on').notNull(),
    categoriserId: text('categoriser_id')
      .notNull()
      .references(() => staff.id),
    currentCategory: text('current_category'),
    proposedCategory: text('proposed_category'),
    /** JSON: evidence section key → what the categoriser found. */
    evidence: text('evidence').notNull().default('{}'),
    recommendation: text('recommendation'),
    /** JSON: accredited programmes the recommendation cites as not completed. */
    citedProgrammes: text('cited_programmes').notNull().default('[]'),
    alternativeEvidence: text('alternative_evidence'),
    nextReviewOn: text('next_review_on'),
    submittedOn: text('submitted_on'),
    sentBackOn: text('sent_back_on'),
    sentBackMessage: text('sent_back_message'),
    approverId: text('approver_id').references(() => staff.id),
    approvedOn: text('approved_on'),
    approvedCategory: text('approved_category'),
    approvalReasons: text('approval_reasons'),
    cancelledOn: text('cancelled_on'),
    cancelledReason: text('cancelled_reason'),
  },
  (t) => [index('categorisation_reviews_prisoner_idx').on(t.prisonerId, t.startedOn)],
);

/** A change by hand to the next review date: from, to, why and who; kept as history. */
export const categorisationDateChanges = sqliteTable('categorisation_date_changes', {
  ...rowMeta,
  reviewId: text('review_id')
    .notNull()
    .references(() => categorisationReviews.id, { onDelete: 'cascade' }),
  fromDate: text('from_date').notNull(),
  toDate: text('to_date').notNull(),
  reason: text('reason').notNull(),
  changedById: text('changed_by_id')
    .notNull()
    .references(() => staff.id),
});

/** The record of progression: accredited programmes and other offence-focused work, with dates and outcomes. */
export const progressionWork = sqliteTable(
  'progression_work',
  {
    ...rowMeta,
    prisonerId: text('prisoner_id')
      .notNull()
      .references(() => prisoners.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    work: text('work').notNull(),
    suitability: text('suitability').notNull(),
    unsuitableReason: text('unsuitable_reason'),
    status: text('status').notNull(),
    assessedOn: text('assessed_on'),
    startedOn: text('started_on'),
    endedOn: text('ended_on'),
    outcome: text('outcome'),
  },
  (t) => [index('progression_work_prisoner_idx').on(t.prisonerId)],
);
