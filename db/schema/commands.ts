import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Every command run on this workstation, in order: its name, input, who ran it, the clocks it ran under and
 * what came of it. Replaying the applied ones on the database they started from gives identical tables; a
 * workstation joined to a unit server sends the pending ones and keeps the server's answer.
 */
export const commandLog = sqliteTable(
  'command_log',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    /** The command's own id (a ULID): the ids it creates derive from it. */
    commandId: text('command_id').notNull().unique(),
    name: text('name').notNull(),
    /** JSON of the validated input. */
    input: text('input').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    /** JSON array of the roles the actor held when it ran. */
    actorRoles: text('actor_roles').notNull(),
    today: text('today').notNull(),
    at: text('at').notNull(),
    outcome: text('outcome').notNull(),
    /** JSON { code, message, field } when refused. */
    error: text('error'),
    /** JSON list of the prisoner ids it changed, or ["*"] when it changed something that concerns everyone. */
    affected: text('affected').notNull().default('[]'),
    /**
     * Where it stands with the unit server: `local` (no server), `pending` (to send), `accepted` (applied by the
     * server), `refused` (the server or a later run refused it: `serverError` says why).
     */
    sync: text('sync').notNull().default('local'),
    /** The signed-in person's signature, proving to the server who made it. */
    signature: text('signature'),
    /**
     * The signing salt of the key that signed it (the unit server's, cached in credential_cache): a change signed with a
     * key from a password since changed on the unit server waits here for its maker to confirm it with that password.
     */
    signingSalt: text('signing_salt'),
    serverError: text('server_error'),
  },
  (t) => [
    index('command_log_name_idx').on(t.name),
    // A joined workstation asks for its pending commands (at every sync, and to count them for the header every few
    // seconds) and its refused ones, in order: read through this index, not a walk of the whole log.
    index('command_log_sync_idx').on(t.sync, t.seq),
  ],
);
