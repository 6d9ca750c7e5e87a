import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { rowMeta } from './common';
import { prisoners } from './prisoners';
import { staff } from './staff';

/** A PPRC or harassment (HPPM) status: potential on identification, confirmed once assessed. */
export const publicProtectionStatuses = sqliteTable(
  'public_protection_statuses',
  {
    ...rowMeta,
    prisonerId: text('prisoner_id').notNull().references(() => prisoners.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    status: text('status').notNull(),
    identifiedOn: text('identified_on').notNull(),
    confirmedOn: text('confirmed_on'),
    groundsCurrentOffence: integer('grounds_current_offence', { mode: 'boolean' }).notNull().default(false),
    groundsPreviousConvictions: integer('grounds_previous_convictions', { mode: 'boolean' }).notNull().default(false),
    groundsWiderInformation: integer('grounds_wider_information', { mode: 'boolean' }).notNull().default(false),
    summary: text('summary'),
  },
  (t) => [index('pp_status_prisoner_idx').on(t.prisonerId)],
);

/** Mail and/or phone monitoring, authorised by a senior manager, until stopped with reasons. */
export const monitoringAuthorisations = sqliteTable(
  'monitoring_authorisations',
  {
    ...rowMeta,
    prisonerId: text('prisoner_id').notNull().references(() => prisoners.id, { onDelete: 'cascade' }),
    means: text('means').notNull(),
    basis: text('basis').notNull(),
    reasons: text('reasons').notNull(),
    necessityAndProportionality: text('necessity_and_proportionality').notNull(),
    authorisedById: text('authorised_by_id').notNull().references(() => staff.id),
    authorisedOn: text('authorised_on').notNull(),
    stoppedOn: text('stopped_on'),
    stopReasons: text('stop_reasons'),
  },
  (t) => [index('monitoring_prisoner_idx').on(t.prisonerId)],
);

/** A professional's review of monitoring: continue, vary or stop, with reasons. */
export const monitoringReviews = sqliteTable(
  'monitoring_reviews',
  {
    ...rowMeta,
    authorisationId: text('authorisation_id').notNull().references(() => monitoringAuthorisations.id, { onDelete: 'cascade' }),
    reviewedOn: text('reviewed_on').notNull(),
    decision: text('decision').notNull(),
    reasons: text('reasons').notNull(),
    reviewedById: text('reviewed_by_id').notNull().references(() => staff.id),
  },
  (t) => [index('monitoring_review_auth_idx').on(t.authorisationId, t.reviewedOn)],
);

/** A recorded decision not to monitor (with reasons), which answers a monitoring-decision item as an authorisation does. */
export const monitoringDecisions = sqliteTable(
  'monitoring_decisions',
  {
    ...rowMeta,
    prisonerId: text('prisoner_id').notNull().references(() => prisoners.id, { onDelete: 'cascade' }),
    decidedOn: text('decided_on').notNull(),
    reasons: text('reasons').notNull(),
    decidedById: text('decided_by_id').notNull().references(() => staff.id),
  },
  (t) => [index('monitoring_decision_prisoner_idx').on(t.prisonerId)],
);
