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
  (t) => [
    index('audit_prisoner_idx').on(t.prisonerId, t.seq),
    index('audit_entity_idx').on(t.entity, t.entityId),
  ],
);

/**
 * The audit log's hash chain (db/audit-chain.ts): one link per entry, written by a trigger, naming the entry before
 * and holding the SHA-256 of that entry's link and this entry's columns. This workstation's own: never sent.
 */
export const auditChain = sqliteTable('audit_chain', {
  seq: integer('seq').primaryKey(),
  prevSeq: integer('prev_seq'),
  hash: text('hash').notNull(),
});

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});
