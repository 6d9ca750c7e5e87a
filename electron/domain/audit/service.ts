import { z } from 'zod';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { auditLog } from '../../../db/schema';
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
      const where: SQL[] = [];
      if (query.prisonerId) where.push(eq(auditLog.prisonerId, query.prisonerId));
      if (query.entity) where.push(eq(auditLog.entity, query.entity));
      if (query.beforeSeq !== undefined) where.push(lt(auditLog.seq, query.beforeSeq));
      return store.db
        .select()
        .from(auditLog)
        .where(and(...where))
        .orderBy(desc(auditLog.seq))
        .limit(query.limit)
        .all()
        .map((r) => ({ ...r, before: parse(r.before), after: parse(r.after) }));
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
