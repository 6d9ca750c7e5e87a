// The pooled random source (shared/ids.ts): ulid's own asks the system once per character (the demo spent ~10 % there).
import { ascendingUlids, ulid } from '../domain/shared/ids';
import type { z } from 'zod';
import type { CallContext, Store } from '../domain/shared/context';
import type { AuditService } from '../domain/audit/service';
import { authorise } from './authorise';
import { applyDecision } from './bulk';
import type { CommandContext, CommandDef, Decision, DecisionPart } from './operations';

/**
 * Applies a decision inside the caller's own transaction, without the command log. Only for the demo loader, which
 * builds a whole synthetic prison in one transaction through the same decisions the commands make, and for seeding a
 * database with a caseload file (electron/domain/caseload/import-service.ts: tests, benches); case work goes through
 * the runner (electron/core/runner.ts).
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

/** A command's own decision, given the state its load would read, validated and authorised as the runner does, applied inline. */
export function decideInline<I extends z.ZodType, S, R, O>(
  store: Store,
  audit: AuditService,
  def: CommandDef<I, S, R, O>,
  state: S,
  input: z.input<I>,
  ctx: CallContext,
): R {
  const parsed = def.input.parse(input);
  authorise(def, ctx.actor);
  return applyInline(store, audit, ctx, (c) => def.decide(state, parsed, c));
}

/**
 * Commands' decisions made inline one after another, as `decideInline` makes them, and applied together through the
 * bulk path (statements prepared once, many rows to one: each small decision applied alone prepared its statements
 * anew, most of the demo's release plans' time, issue 18 item 4). Each decision's changes and then its audit entries
 * are written in the order decided, as one by one. Only for decisions whose state no earlier decision of the same
 * batch writes (the caller reads it before `apply`); all are recorded as made by the batch's `ctx`.
 */
export function inlineBatch(store: Store, audit: AuditService, ctx: CallContext) {
  let parts: DecisionPart[] = [];
  return {
    decide<I extends z.ZodType, S, R, O>(def: CommandDef<I, S, R, O>, state: S, input: z.input<I>): R {
      const parsed = def.input.parse(input);
      authorise(def, ctx.actor);
      const decision = def.decide(state, parsed, {
        ...ctx,
        commandId: ulid(ctx.now.getTime()),
        newId: ascendingUlids(ctx.now.getTime()),
      });
      parts.push({ changes: decision.changes, audit: decision.audit });
      return decision.result;
    },
    /** Writes what has been decided since the last `apply`, inside the caller's transaction. */
    apply(): void {
      if (parts.length === 0) return;
      const more = { atLeast: 0, parts };
      parts = [];
      applyDecision(store, audit, { changes: [], audit: [], more }, ctx, {
        keepBefore: false,
        auditChanges: false,
        keep: false,
        bulk: true,
      });
    },
  };
}
