import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The stored due list: derived data, this workstation's own (electron/core/tables.ts LOCAL_TABLES), never sent to
 * the unit server or replayed; each workstation works out its own from the case tables (electron/domain/due).
 * One row per prisoner worked out: the rule versions used and the days his stored items cover.
 * Triggers (db/migrations 0021_due_store_triggers.sql) delete his row when a fact it was worked out from changes, and
 * with it (0021, 0028) his items and generations.
 */
export const duePrisoners = sqliteTable(
  'due_prisoners',
  {
    /** Rises with every write and is never used again, so that a reader loads only what was written since it last looked. */
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    prisonerId: text('prisoner_id').notNull(),
    /** Which rule versions his items were worked out by. */
    rulesStamp: text('rules_stamp').notNull(),
    /**
     * The days his stored items and generations cover: [validFrom, validUntil); null is open-ended (shared/today.ts).
     * Worked out to at least AHEAD_DAYS (electron/domain/due/service.ts) past the day he was worked out on, and carried
     * on in the background; a day outside them makes a read work him out again.
     */
    validFrom: text('valid_from'),
    validUntil: text('valid_until'),
  },
  (t) => [
    uniqueIndex('due_prisoners_prisoner_idx').on(t.prisonerId),
    // A new day finds the prisoners whose days do not cover it through these, not by reading every prisoner; the
    // background work ahead finds those whose days end within AHEAD_DAYS.
    index('due_prisoners_until_idx').on(t.validUntil),
    index('due_prisoners_from_idx').on(t.validFrom),
  ],
);

/**
 * An item's or a generation's days are [validFrom, validUntil): FROM_ANY_DAY when they hold from any day before,
 * UNTIL_ANY_DAY when they hold for every day after, so that "holds on today" is always two comparisons an index serves
 * (`valid_from <= today AND valid_until > today`).
 */
export const FROM_ANY_DAY = '';
export const UNTIL_ANY_DAY = '9999-12-31';

/**
 * A prisoner's generations: his items are the same for each generation's days `[validFrom, validUntil)` (the days
 * watchToday found them to hold for, shared/today.ts); here his handover as worked out for them, which the Handovers
 * list reads for the one holding on today. Deleted with his due_prisoners row (db/migrations/0028's trigger).
 */
export const dueGenerations = sqliteTable(
  'due_generations',
  {
    id: integer('id').primaryKey(),
    prisonerId: text('prisoner_id').notNull(),
    validFrom: text('valid_from').notNull(),
    validUntil: text('valid_until').notNull(),
    /** His handover worked out (JSON, a HandoverResult) when it has a date. */
    handover: text('handover'),
    /**
     * His release plan's numbers but the day's own part (JSON, a StoredPlanSummary,
     * electron/domain/release-planning/rules.ts) when he has a plan: what the releases list reads (migration 0029).
     */
    releasePlan: text('release_plan'),
  },
  (t) => [index('due_generations_prisoner_idx').on(t.prisonerId)],
);

/**
 * Each prisoner's due items (kind, due date, basis, owner), each with the days it holds for, without the day's status,
 * which is applied at read time in SQL (electron/domain/due/service.ts): which rows hold on today (valid_from,
 * valid_until), the status from the due date, the listing window, hiding a prisoner released by today, and the filters
 * and sort of a page. A prisoner's items are stored for every generation from today's to AHEAD_DAYS ahead: an item the
 * same in consecutive generations is one row holding for all their days, one that changes is two rows, so that a new
 * day writes nothing and reads the same table with another "today". The prisoner's number, name, POM and release date
 * are kept with each item so that a page is read from this table alone; any change to the prisoner (or his POM's staff
 * row) deletes his row in due_prisoners (migration 0021's triggers), and with it these items, so they are never read
 * stale.
 */
export const dueItems = sqliteTable(
  'due_items',
  {
    row: integer('row').primaryKey(),
    /** The entry's id in the list (unique among the items holding on a day): prisoner number, kind, and the item's ref or due date. */
    id: text('id').notNull(),
    prisonerId: text('prisoner_id').notNull(),
    /** The days it holds for: [validFrom, validUntil), FROM_ANY_DAY and UNTIL_ANY_DAY at the ends. */
    validFrom: text('valid_from').notNull(),
    validUntil: text('valid_until').notNull(),
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
  },
  (t) => [
    index('due_items_prisoner_idx').on(t.prisonerId, t.validUntil),
    // The list's order (due date, prisoner, his order) and the windows and statuses, which are ranges of due dates.
    index('due_items_day_idx').on(t.dueDate, t.prisonerNumber, t.ord),
    // My work's counts read from this index alone.
    index('due_items_owner_idx').on(
      t.ownerKey,
      t.dueDate,
      t.releasedOn,
      t.validFrom,
      t.validUntil,
      t.kind,
      t.ownerRole,
      t.ownerName,
    ),
    index('due_items_role_idx').on(t.ownerRole, t.dueDate),
    index('due_items_pom_idx').on(t.pomId, t.dueDate),
    // The items of prisoners with a release recorded, which the counts tables leave out.
    index('due_items_released_idx').on(t.releasedOn),
    // The rows that begin or stop holding between the counts' day and today (the counts' difference, countSql), read
    // from these alone.
    index('due_items_from_idx').on(
      t.validFrom,
      t.validUntil,
      t.releasedOn,
      t.dueDate,
      t.kind,
      t.ownerRole,
      t.ownerName,
    ),
    index('due_items_until_idx').on(
      t.validUntil,
      t.validFrom,
      t.releasedOn,
      t.dueDate,
      t.kind,
      t.ownerRole,
      t.ownerName,
    ),
  ],
);

/**
 * The stored items counted by due date, kind and owner (the What is due page's cards and tables), so that a view's
 * counts are sums over ranges of due dates rather than a count of every item in its window. Kept by triggers on
 * due_items (db/migrations/0026_due_counts.sql, 0028) in the same transaction as the items, whoever writes them. They
 * count the items holding on one day, due_count_state's (the counts' day): a read on another day adds the difference,
 * summed from the few rows that begin or stop holding between the two days, and the background work moves the counts'
 * day on to today. The items of a prisoner with a release recorded are left out (they are counted from due_items, by
 * the release date). Owners as
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

/** The day the counts tables count the items holding on (one row, id 1; db/migrations/0028). */
export const dueCountState = sqliteTable('due_count_state', {
  id: integer('id').primaryKey(),
  day: text('day').notNull(),
});
