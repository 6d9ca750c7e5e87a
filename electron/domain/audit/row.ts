import type { CallContext } from '../shared/context';
import type { AuditInput } from './service';

/** The columns of an audit entry as a row, in the order auditRow gives them (the key, `seq`, is SQLite's). */
export const AUDIT_ROW_KEYS = [
  'at',
  'actorId',
  'actorName',
  'action',
  'entity',
  'entityId',
  'prisonerId',
  'summary',
  'before',
  'after',
] as const;

/** An audit entry as a row: who (from the context), when (its clock), and what. The workstation and the unit server write the same. */
export function auditRow(ctx: CallContext, entry: AuditInput) {
  return {
    at: ctx.now.toISOString(),
    actorId: ctx.actor.staffId,
    actorName: ctx.actor.name,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    prisonerId: entry.prisonerId ?? null,
    summary: entry.summary,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after:
      entry.afterJson !== undefined
        ? entry.afterJson
        : entry.after === undefined
          ? null
          : JSON.stringify(entry.after),
  };
}
