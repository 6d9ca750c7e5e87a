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
  },
  (t) => [index('command_log_name_idx').on(t.name)],
);
