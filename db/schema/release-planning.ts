import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { rowMeta } from './common';
import { prisoners } from './prisoners';

/** What the POM records about a prisoner's release plan that the caseload does not hold. */
export const releasePlans = sqliteTable(
  'release_plans',
  {
    ...rowMeta,
    prisonerId: text('prisoner_id')
      .notNull()
      .references(() => prisoners.id, { onDelete: 'cascade' }),
    approvedPremisesNeeded: integer('approved_premises_needed', { mode: 'boolean' }),
    victimInContactScheme: integer('victim_in_contact_scheme', { mode: 'boolean' }),
  },
  (t) => [uniqueIndex('release_plans_prisoner_idx').on(t.prisonerId)],
);

/** Progress on one release plan item, kept by its key so that it survives a change of release date. */
export const releasePlanItems = sqliteTable(
  'release_plan_items',
  {
    ...rowMeta,
    prisonerId: text('prisoner_id')
      .notNull()
      .references(() => prisoners.id, { onDelete: 'cascade' }),
    itemKey: text('item_key').notNull(),
    status: text('status').notNull(),
    note: text('note'),
    completedOn: text('completed_on'),
    completedBy: text('completed_by'),
  },
  (t) => [
    uniqueIndex('release_plan_items_key_idx').on(t.prisonerId, t.itemKey),
    index('release_plan_items_prisoner_idx').on(t.prisonerId),
  ],
);
