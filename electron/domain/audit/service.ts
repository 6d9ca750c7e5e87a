import { z } from 'zod';
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { auditLog } from '../../../db/schema';
import type { CallContext, Store } from '../shared/context';
import { AUDIT_ROW_KEYS, auditRow } from './row';
import { withBlankFields } from '../caseload/fields';

export interface AuditInput {
  action: string;
  entity: string;
  entityId?: string | null;
  prisonerId?: string | null;
  summary: string;
  before?: unknown;
  after?: unknown;
  /** `after` already as JSON text, which is stored as it is (a new prisoner's record, caseload/changes.ts). */
  afterJson?: string;
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

export const auditQuerySchema = z.lazy(() =>
  z.object({
    prisonerId: z.string().optional(),
    entity: z.string().optional(),
    limit: z.number().int().min(1).max(1000).default(200),
    beforeSeq: z.number().int().optional(),
  }),
);

/** Entries written by one statement of recordMany (ten columns each). */
const MANY_PER_INSERT = 200;

const parse = (s: string | null) => (s === null ? null : (JSON.parse(s) as Record<string, unknown>));
/** An entry's `after` as read: a prisoner's addition with his whole record, blank fields and all (caseload/fields.ts). */
const parseAfter = (r: { entity: string; action: string; after: string | null }) => {
  const after = parse(r.after);
  return after && r.entity === 'prisoner' && r.action === 'create' ? withBlankFields(after) : after;
};

export function createAuditService(store: Store) {
  const insert = store.sqlite.prepare(
    `INSERT INTO audit_log (at, actor_id, actor_name, action, entity, entity_id, prisoner_id, summary, before, after)
     VALUES (@at, @actorId, @actorName, @action, @entity, @entityId, @prisonerId, @summary, @before, @after)`,
  );
  const manyHead = `INSERT INTO audit_log (${AUDIT_ROW_KEYS.map((k) => auditLog[k].name).join(', ')}) VALUES `;
  const manyStatements = new Map<number, ReturnType<typeof store.sqlite.prepare>>();
  const insertMany = (n: number) => {
    let statement = manyStatements.get(n);
    if (!statement) {
      const tuple = `(${AUDIT_ROW_KEYS.map(() => '?').join(', ')})`;
      statement = store.sqlite.prepare(manyHead + Array.from({ length: n }, () => tuple).join(', '));
      manyStatements.set(n, statement);
    }
    return statement;
  };
  return {
    /** Call inside the transaction that makes the change, so the change and its record stand or fall together. */
    /** Returns the entry's sequence number. */
    record(ctx: CallContext, entry: AuditInput): number {
      return Number(insert.run(auditRow(ctx, entry)).lastInsertRowid);
    },
    /**
     * Records many entries in order, many to a statement (a caseload import writes one per prisoner), inside the
     * caller's transaction; returns their sequence numbers. Each entry still gets its link in the hash chain from the
     * audit_log_link trigger, row by row in order, as `record` does (db/audit-chain.ts).
     */
    recordMany(ctx: CallContext, entries: readonly AuditInput[]): number[] {
      const seqs: number[] = [];
      const values: unknown[] = [];
      for (let i = 0; i < entries.length; i += MANY_PER_INSERT) {
        const slice = entries.slice(i, i + MANY_PER_INSERT);
        values.length = 0;
        for (const entry of slice) {
          const row = auditRow(ctx, entry);
          for (const c of AUDIT_ROW_KEYS) values.push(row[c]);
        }
        const last = Number(insertMany(slice.length).run(values).lastInsertRowid);
        for (let k = slice.length - 1; k >= 0; k--) seqs.push(last - k);
      }
      return seqs;
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
        .map((r) => ({ ...r, before: parse(r.before), after: parseAfter(r) }));
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
