import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * This workstation's link to a unit server (one row, when joined): where, as which enrolled device, for which
 * prison, and how far it has pulled. Local to the workstation: never sent, never replayed.
 */
export const syncLink = sqliteTable('sync_link', {
  id: integer('id').primaryKey(),
  serverUrl: text('server_url').notNull(),
  deviceId: text('device_id').notNull(),
  deviceToken: text('device_token').notNull(),
  prison: text('prison').notNull(),
  prisonName: text('prison_name').notNull(),
  /** The last version of the prison's data this workstation holds. */
  cursor: integer('cursor').notNull().default(0),
  joinedAt: text('joined_at').notNull(),
  lastSyncAt: text('last_sync_at'),
  /** Since when the server could not be reached (null while it can). */
  offlineSince: text('offline_since'),
  /** Why the last sync failed: unreachable (with offline_since) or refused by the server (without); null once one succeeds. */
  lastError: text('last_error'),
});

/**
 * The rows a command not yet accepted by the unit server changed, with how they were before, so that the
 * workstation can take its changes back, apply the server's, and run what is still pending again.
 */
export const pendingChanges = sqliteTable('pending_changes', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  commandSeq: integer('command_seq').notNull(),
  position: integer('position').notNull(),
  /** JSON of the applied change with its before-image. */
  change: text('change').notNull(),
});

/** What lets a member of staff sign in here while the unit server cannot be reached: the server's verifier and signing salt. */
export const credentialCache = sqliteTable('credential_cache', {
  staffId: text('staff_id').primaryKey(),
  verifier: text('verifier').notNull(),
  signingSalt: text('signing_salt').notNull(),
  cachedAt: text('cached_at').notNull(),
  /** When the password was set or changed on the unit server (ISO), as it last said. */
  changedAt: text('changed_at'),
  /**
   * The verifier this workstation held before it learnt of a change of password on the unit server: kept only to tell
   * the person who types it that it is their previous password, until they sign in here with the new one.
   */
  previousVerifier: text('previous_verifier'),
});
