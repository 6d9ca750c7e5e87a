import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { rowMeta } from './common';
import { prisoners } from './prisoners';

/** A completed OASys assessment: a recorded fact; when the next one is due is worked out from it. */
export const oasysAssessments = sqliteTable(
  'oasys_assessments',
  {
    ...rowMeta,
    prisonerId: text('prisoner_id')
      .notNull()
      .references(() => prisoners.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    layer: integer('layer').notNull(),
    completedOn: text('completed_on').notNull(),
    completedBy: text('completed_by').notNull(),
    resultingRosh: text('resulting_rosh'),
    note: text('note'),
  },
  (t) => [index('oasys_prisoner_idx').on(t.prisonerId, t.completedOn)],
);

/** Something that happened to a prisoner that calls for an OASys review (recall, transfer in, ...). */
export const significantEvents = sqliteTable(
  'significant_events',
  {
    ...rowMeta,
    prisonerId: text('prisoner_id')
      .notNull()
      .references(() => prisoners.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    eventDate: text('event_date').notNull(),
    note: text('note'),
  },
  (t) => [index('events_prisoner_idx').on(t.prisonerId, t.eventDate)],
);

/** A handover checklist item ticked: which, on what date, by whom. */
export const handoverTasks = sqliteTable(
  'handover_tasks',
  {
    ...rowMeta,
    prisonerId: text('prisoner_id')
      .notNull()
      .references(() => prisoners.id, { onDelete: 'cascade' }),
    itemKey: text('item_key').notNull(),
    completedOn: text('completed_on').notNull(),
    completedBy: text('completed_by').notNull(),
  },
  (t) => [index('handover_tasks_prisoner_idx').on(t.prisonerId, t.itemKey)],
);

/** A policy rule version added by an administrator; the defaults ship in code. */
export const policyRuleVersions = sqliteTable(
  'policy_rule_versions',
  {
    ...rowMeta,
    ruleKey: text('rule_key').notNull(),
    version: integer('version').notNull(),
    effectiveFrom: text('effective_from').notNull(),
    params: text('params').notNull(),
    source: text('source').notNull(),
    note: text('note'),
  },
  (t) => [index('policy_rule_versions_key_idx').on(t.ruleKey, t.effectiveFrom)],
);
