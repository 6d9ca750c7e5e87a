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
    /**
     * The last day his stored generations reach to (exclusive): his current items' `validUntil`, or that of the last
     * generation worked out ahead (due_ahead); null when they hold open-ended, so that nothing is left to work ahead.
     */
    aheadUntil: text('ahead_until'),
  },
  (t) => [
    uniqueIndex('due_prisoners_prisoner_idx').on(t.prisonerId),
    // A new day finds the prisoners whose items stop holding on it through these, not by reading every prisoner.
    index('due_prisoners_until_idx').on(t.validUntil),
    index('due_prisoners_from_idx').on(t.validFrom),
    // The prisoners whose generations worked out ahead end within the days kept ahead (the background work ahead).
    index('due_prisoners_ahead_idx').on(t.aheadUntil),
  ],
);

/**
 * A prisoner's items as they will be from a later day: his next generations, worked out ahead (for the days
 * `[validFrom, validUntil)`, after his current ones in due_prisoners stop holding) from the same facts and rules, so
 * that a new day's read moves them into due_items in SQL instead of working him out again (electron/domain/due/service.ts
 * `promote`). Deleted with his due_prisoners row (db/migrations/0027's trigger), so a change to his facts ends them too.
 */
export const dueAhead = sqliteTable(
  'due_ahead',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    prisonerId: text('prisoner_id').notNull(),
    rulesStamp: text('rules_stamp').notNull(),
    validFrom: text('valid_from').notNull(),
    validUntil: text('valid_until'),
    handover: text('handover'),
  },
  (t) => [
    uniqueIndex('due_ahead_prisoner_idx').on(t.prisonerId, t.validFrom),
    index('due_ahead_from_idx').on(t.validFrom),
  ],
);

/**
 * Each prisoner's due items (kind, due date, basis, owner), without the day's status, which is applied at read time in
 * SQL (electron/domain/due/service.ts): the status from the due date, the listing window, hiding a prisoner released
 * by today, and the filters and sort of a page. The prisoner's number, name, POM and release date are kept with each
 * item so that a page is read from this table alone; any change to the prisoner (or his POM's staff row) deletes his
 * row in due_prisoners (migration 0021's triggers), and with it these items, so they are never read stale.
 */
const itemColumns = {
  prisonerId: text('prisoner_id').notNull(),
  /** Its place among his items. */
  ord: integer('ord').notNull(),
  kind: text('kind').notNull(),
  dueDate: text('due_date').notNull(),
  title: text('title').notNull(),
  /** The basis, JSON. */
  basis: text('basis').notNull(),
  ownerRole: text('owner_role').notNull(),
  /** The person who owns it: the prisoner's POM or COM for their work, the person an item names for the rest. */
  ownerName: text('owner_name'),
  /** The owner's name lower-cased (as "My work" compares names), null when nobody is named. */
  ownerKey: text('owner_key'),
  prisonerNumber: text('prisoner_number').notNull(),
  /** "SURNAME, Forenames", as lists show him. */
  prisonerName: text('prisoner_name').notNull(),
  pomId: text('pom_id'),
  pomName: text('pom_name'),
  /** His release, when recorded: his items are hidden from the day he is released. */
  releasedOn: text('released_on'),
  ref: text('ref'),
};
export const dueItems = sqliteTable(
  'due_items',
  {
    /** The entry's id in the list: prisoner number, kind, and the item's ref or due date. */
    id: text('id').primaryKey(),
    ...itemColumns,
  },
  (t) => [
    index('due_items_prisoner_idx').on(t.prisonerId),
    // The list's order (due date, prisoner, his order) and the windows and statuses, which are ranges of due dates.
    index('due_items_day_idx').on(t.dueDate, t.prisonerNumber, t.ord),
    // The counts by status, kind and owner read from this index alone, not from the rows (whose bases are most of
    // their bytes).
    index('due_items_count_idx').on(t.dueDate, t.releasedOn, t.kind, t.ownerRole, t.ownerName, t.pomId),
    index('due_items_owner_idx').on(t.ownerKey, t.dueDate),
    index('due_items_role_idx').on(t.ownerRole, t.dueDate),
    index('due_items_pom_idx').on(t.pomId, t.dueDate),
    // The items of prisoners with a release recorded, which the counts tables leave out.
    index('due_items_released_idx').on(t.releasedOn),
  ],
);

/** The items of a generation worked out ahead (due_ahead), as they will be written to due_items when its day comes. */
export const dueAheadItems = sqliteTable(
  'due_ahead_items',
  {
    id: integer('id').primaryKey(),
    aheadId: integer('ahead_id').notNull(),
    /** The entry's id in the list (due_items.id). */
    itemId: text('item_id').notNull(),
    ...itemColumns,
  },
  (t) => [
    index('due_ahead_items_ahead_idx').on(t.aheadId),
    index('due_ahead_items_prisoner_idx').on(t.prisonerId),
    // A promotion keeps the items its generation has as they are: found by their id in the list.
    index('due_ahead_items_item_idx').on(t.itemId),
  ],
);

/**
 * The stored items counted by due date, kind and owner (the What is due page's cards and tables), so that a view's
 * counts are sums over ranges of due dates rather than a count of every item in its window. Kept by triggers on
 * due_items (db/migrations/0026_due_counts.sql) in the same transaction as the items, whoever writes them; the items of a
 * prisoner with a release recorded are left out (they are counted from due_items, by the release date). Owners as
 * summariseDue groups them (due/types.ts): COMs and others named in actions by role, so `named` is 0 and the name ''.
 */
const countColumns = {
  /** The row's own key (SQLite's rowid); the counts are found by the unique key below. */
  id: integer('id').primaryKey(),
  kind: text('kind').notNull(),
  ownerRole: text('owner_role').notNull(),
  /** 1 when the owner is named (the name may be ''), 0 when not. */
  named: integer('named').notNull(),
  ownerName: text('owner_name').notNull(),
  n: integer('n').notNull(),
};
export const dueCountDays = sqliteTable(
  'due_count_days',
  { dueDate: text('due_date').notNull(), ...countColumns },
  (t) => [uniqueIndex('due_count_days_key').on(t.dueDate, t.kind, t.ownerRole, t.named, t.ownerName)],
);
/** The same by month of the due date (YYYY-MM): the whole months of a range are read from here. */
export const dueCountMonths = sqliteTable(
  'due_count_months',
  { month: text('month').notNull(), ...countColumns },
  (t) => [uniqueIndex('due_count_months_key').on(t.month, t.kind, t.ownerRole, t.named, t.ownerName)],
);
