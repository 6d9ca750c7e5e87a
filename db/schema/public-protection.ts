import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { rowMeta } from './common';
import { prisoners } from './prisoners';
import { staff } from './staff';

/** A PPRC or harassment (HPPM) status: potential on identification, confirmed once assessed. */
export const publicProtectionStatuses = sqliteTable(
  'public_protection_statuses',
  {
    ...rowMeta,
    prisonerId: text('prisoner_id')
      .notNull()
      .references(() => prisoners.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    status: text('status').notNull(),
    identifiedOn: text('identified_on').notNull(),
    confirmedOn: text('confirmed_on'),
    groundsCurrentOffence: integer('grounds_current_offence', { mode: 'boolean' }).notNull().default(false),
    groundsPreviousConvictions: integer('grounds_previous_convictions', { mode: 'boolean' })
      .notNull()
      .default(false),
    groundsWiderInformation: integer('grounds_wider_information', { mode: 'boolean' })
      .notNull()
      .default(false),
    summary: text('summary'),
  },
  (t) => [index('pp_status_prisoner_idx').on(t.prisonerId)],
);

/** Mail and/or phone monitoring, authorised by a senior manager, until stopped with reasons. */
export const monitoringAuthorisations = sqliteTable(
  'monitoring_authorisations',
  {
    ...rowMeta,
    prisonerId: text('prisoner_id')
      .notNull()
      .references(() => prisoners.id, { onDelete: 'cascade' }),
    means: text('means').notNull(),
    basis: text('basis').notNull(),
    reasons: text('reasons').notNull(),
    necessityAndProportionality: text('necessity_and_proportionality').notNull(),
    authorisedById: text('authorised_by_id')
      .notNull()
      .references(() => staff.id),
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
    authorisationId: text('authorisation_id')
      .notNull()
      .references(() => monitoringAuthorisations.id, { onDelete: 'cascade' }),
    reviewedOn: text('reviewed_on').notNull(),
    decision: text('decision').notNull(),
    reasons: text('reasons').notNull(),
    reviewedById: text('reviewed_by_id')
      .notNull()
      .references(() => staff.id),
  },
  (t) => [index('monitoring_review_auth_idx').on(t.authorisationId, t.reviewedOn)],
);

/** A recorded decision not to monitor (with reasons), which answers a monitoring-decision item as an authorisation does. */
export const monitoringDecisions = sqliteTable(
  'monitoring_decisions',
  {
    ...rowMeta,
    prisonerId: text('prisoner_id')
      .notNull()
      .references(() => prisoners.id, { onDelete: 'cascade' }),
    decidedOn: text('decided_on').notNull(),
    reasons: text('reasons').notNull(),
    decidedById: text('decided_by_id')
      .notNull()
      .references(() => staff.id),
  },
  (t) => [index('monitoring_decision_prisoner_idx').on(t.prisonerId)],
);

/** Someone a public protection status protects: a child (initials, age, relationship, contact level) or a named adult. */
export const protectedPeople = sqliteTable(
  'protected_people',
  {
    ...rowMeta,
    statusId: text('status_id')
      .notNull()
      .references(() => publicProtectionStatuses.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    age: integer('age'),
    relationship: text('relationship').notNull(),
    /** Children: 1 no contact, 2 written only, 3 monitored written and phone, 4 no restriction; null until assessed. */
    contactLevel: integer('contact_level'),
  },
  (t) => [index('protected_people_status_idx').on(t.statusId)],
);

/** An application for contact with a named child: requests to the agencies, their replies, the Governor's decision. */
export const childContactApplications = sqliteTable(
  'child_contact_applications',
  {
    ...rowMeta,
    prisonerId: text('prisoner_id')
      .notNull()
      .references(() => prisoners.id, { onDelete: 'cascade' }),
    receivedOn: text('received_on').notNull(),
    childInitials: text('child_initials').notNull(),
    childAge: integer('child_age'),
    relationship: text('relationship').notNull(),
    childrensServicesRequestedOn: text('childrens_services_requested_on'),
    childrensServicesReplyOn: text('childrens_services_reply_on'),
    probationRequestedOn: text('probation_requested_on'),
    probationReplyOn: text('probation_reply_on'),
    policeRequestedOn: text('police_requested_on'),
    policeReplyOn: text('police_reply_on'),
    decisionOn: text('decision_on'),
    decisionLevel: integer('decision_level'),
    reviewOn: text('review_on'),
  },
  (t) => [index('child_contact_prisoner_idx').on(t.prisonerId)],
);
