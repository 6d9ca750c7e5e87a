import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The stored due list: derived data, this workstation's own (electron/core/tables.ts LOCAL_TABLES), never sent to
 * the unit server or replayed; each workstation works out its own from the case tables (electron/domain/due).
 * One row per prisoner worked out: the rule versions used, the days his items hold for, his handover.
 * Triggers (db/migrations 0020_due_store_triggers.sql) delete his row when a fact it was worked out from changes.
 */
export const duePrisoners = sqliteTable(
  'due_prisoners',
  {
    /** Rises with every write and is never used again, so that a reader loads only what was written since it last looked. */
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    prisonerId: text('prisoner_id').notNull(),
    /** Which rule versions his items were worked out by. */
    rulesStamp: text('rules_stamp').notNull(),
    /** The days his items hold for: [validFrom, validUntil); null is open-ended (shared/today.ts). */
    validFrom: text('valid_from'),
    validUntil: text('valid_until'),
    /** His handover worked out (JSON, a HandoverResult) when it has a date. */
    handover: text('handover'),
  },
  (t) => [uniqueIndex('due_prisoners_prisoner_idx').on(t.prisonerId)],
);

/** Each prisoner's due items (kind, due date, basis, owner), without the day's status, which is applied at read time. */
export const dueItems = sqliteTable(
  'due_items',
  {
    /** The entry's id in the list: prisoner number, kind, and the item's ref or due date. */
    id: text('id').primaryKey(),
    prisonerId: text('prisoner_id').notNull(),
    /** Its place among his items. */
    ord: integer('ord').notNull(),
    kind: text('kind').notNull(),
    dueDate: text('due_date').notNull(),
    title: text('title').notNull(),
    /** The basis, JSON. */
    basis: text('basis').notNull(),
    ownerRole: text('owner_role').notNull(),
    /** The person named, for roles other than POM and COM (read from the prisoner at read time). */
    ownerName: text('owner_name'),
    ref: text('ref'),
  },
  (t) => [index('due_items_prisoner_idx').on(t.prisonerId)],
);
