import { z } from 'zod';
import type { CallContext, Store } from '../shared/context';
import { auditRow } from './row';

export interface AuditInput {
  action: string;
  entity: string;
  entityId?: string | null;
  prisonerId?: string | null;
  summary: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: string | null;
  prisonerId: string | null;
  summary: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export const auditQuerySchema = z.object({
  prisonerId: z.string().optional(),
  entity: z.string().optional(),
  limit: z.number().int().min(1).max(1000).default(200),
  beforeSeq: z.number().int().optional(),
});

interface AuditRow {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string | null;
  prisoner_id: string | null;
  summary: string;
  before: string | null;
  after: string | null;
}

const parse = (s: string | null) => (s === null ? null : (JSON.parse(s) as Record<string, unknown>));

export function createAuditService(store: Store) {
  const insert = store.sqlite.prepare(
    `INSERT INTO audit_log (at, actor_id, actor_name, action, entity, entity_id, prisoner_id, summary, before, after)
     VALUES (@at, @actorId, @actorName, @action, @entity, @entityId, @prisonerId, @summary, @before, @after)`,
  );
  return {
    /** Call inside the transaction that makes the change, so the change and its record stand or fall together. */
    /** Returns the entry's sequence number. */
    record(ctx: CallContext, entry: AuditInput): number {
      return Number(insert.run(auditRow(ctx, entry)).lastInsertRowid);
    },
    list(query: z.output<typeof auditQuerySchema>): AuditEntry[] {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: query.limit };
      if (query.prisonerId) {
        where.push('prisoner_id = @prisonerId');
        params.prisonerId = query.prisonerId;
      }
      if (query.entity) {
        where.push('entity = @entity');
        params.entity = query.entity;
      }
      if (query.beforeSeq !== undefined) {
        where.push('seq < @beforeSeq');
        params.beforeSeq = query.beforeSeq;
      }
      const rows = store.sqlite
        .prepare(
          `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`,
        )
        .all(params) as AuditRow[];
      return rows.map((r) => ({
        seq: r.seq,
        at: r.at,
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        prisonerId: r.prisoner_id,
        summary: r.summary,
        before: parse(r.before),
        after: parse(r.after),
      }));
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
