import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Append-only (triggers refuse UPDATE and DELETE): who changed what, when, with before and after. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    at: text('at').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name').notNull(),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    prisonerId: text('prisoner_id'),
    summary: text('summary').notNull(),
    before: text('before'),
    after: text('after'),
  },
  (t) => [index('audit_prisoner_idx').on(t.prisonerId, t.seq), index('audit_entity_idx').on(t.entity, t.entityId)],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});
