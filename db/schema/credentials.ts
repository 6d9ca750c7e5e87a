import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The credential store's tables (electron/domain/credentials/local-store.ts is the only code that reads them). Hashes
 * only: `scrypt$N$r$p$salt$key`. This workstation's own state, not case data: no foreign key ties them to the staff
 * table, which a restore or a unit server's snapshot may replace (a row for someone no longer listed is ignored).
 */
export const staffCredentials = sqliteTable('staff_credentials', {
  staffId: text('staff_id').primaryKey(),
  passwordHash: text('password_hash'),
  passwordSetAt: text('password_set_at'),
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lastFailedAt: text('last_failed_at'),
  updatedAt: text('updated_at').notNull(),
});

/** At most one live one-time code per person; issuing another replaces it. */
export const oneTimeCodes = sqliteTable('one_time_codes', {
  staffId: text('staff_id').primaryKey(),
  codeHash: text('code_hash').notNull(),
  issuedAt: text('issued_at').notNull(),
  issuedBy: text('issued_by').notNull(),
  expiresAt: text('expires_at').notNull(),
});

/** A computer (operating-system) account that an administrator has bound to a member of staff. */
export const osAccountBindings = sqliteTable('os_account_bindings', {
  osAccount: text('os_account').primaryKey(),
  staffId: text('staff_id').notNull(),
  boundAt: text('bound_at').notNull(),
  boundBy: text('bound_by').notNull(),
});

/**
 * The sign-in log: every sign-in, failed attempt, wait, lock, unlock, sign-out, password set, reset and binding on this
 * workstation, append-only (triggers). Kept with the credentials, not in the caseload's audit log: these are events of
 * this workstation and its credential store, not case data, so they are never replayed or sent to a unit server.
 */
export const signInLog = sqliteTable('sign_in_log', {
  seq: integer('seq').primaryKey({ autoIncrement: true }),
  at: text('at').notNull(),
  osAccount: text('os_account').notNull(),
  /** The member of staff the event is about (the name tried, for a failed attempt), when known. */
  staffId: text('staff_id'),
  /** Who did it: the person signed in, or the computer account when nobody was. */
  actorName: text('actor_name').notNull(),
  action: text('action').notNull(),
  summary: text('summary').notNull(),
});
