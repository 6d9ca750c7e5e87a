// The pooled random source (shared/ids.ts): ulid's own asks the system once per character (the demo spent ~10 % there).
import { ascendingUlids, ulid } from '../domain/shared/ids';
import type { CallContext, Store } from '../domain/shared/context';
import type { AuditService } from '../domain/audit/service';
import { applyDecision } from './bulk';
import type { CommandContext, Decision } from './operations';

/**
 * Applies a decision inside the caller's own transaction, without the command log. Only for seeding a database with a
 * caseload file (electron/domain/caseload/import-service.ts: tests, benches); case work, and the demo, go through the
 * runner (electron/core/runner.ts).
 */
export function applyInline<R>(
  store: Store,
  audit: AuditService,
  ctx: CallContext,
  decide: (ctx: CommandContext) => Decision<R>,
): R {
  const decision = decide({
    ...ctx,
    commandId: ulid(ctx.now.getTime()),
    newId: ascendingUlids(ctx.now.getTime()),
  });
  applyDecision(store, audit, decision, ctx, { keepBefore: false, auditChanges: false });
  return decision.result;
}
