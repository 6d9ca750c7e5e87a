import { ulid } from 'ulid';
import type { z } from 'zod';
import type { Store, CallContext } from '../domain/shared/context';
import { AppError } from '../domain/shared/errors';
import type { AuditService } from '../domain/audit/service';
import { commandLog } from '../../db/schema';
import { applyToSqlite, sqliteReader, type AppliedChange } from './data';
import { idSource, type CommandContext, type CommandDef } from './operations';
import { authorise } from './authorise';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandDef<z.ZodType, any, any>;

export interface RunOptions {
  /** Given when replaying or re-running a command already logged elsewhere; new commands get a fresh one. */
  commandId?: string;
  /** Keep the before-image of every change (a workstation joined to a unit server keeps them to rebase). */
  keepBefore?: boolean;
}

export interface CommandOutcome<R> {
  commandId: string;
  /** The input as validated. */
  input: unknown;
  result: R;
  applied: AppliedChange[];
  affected: string[];
}

/**
 * Runs commands against this workstation's SQLite file: validate, check who may, load the state, decide, and
 * apply the changes with their audit entries and a command-log row in one IMMEDIATE transaction. A refusal
 * writes nothing but its command-log row. Commands run one at a time.
 */
export function createCommandRunner(store: Store, audit: AuditService, commands: Record<string, AnyCommand>) {
  const { sqlite, db } = store;
  const reader = sqliteReader(db);
  let queue: Promise<unknown> = Promise.resolve();
  const insertLog = sqlite.prepare(`INSERT INTO command_log (command_id, name, input, actor_id, actor_name, actor_roles, today, at, outcome, error, affected)
    VALUES (@commandId, @name, @input, @actorId, @actorName, @actorRoles, @today, @at, @outcome, @error, @affected)`);

  function log(ctx: CommandContext, name: string, input: unknown, outcome: 'applied' | 'refused', error: unknown, affected: string[]) {
    insertLog.run({
      commandId: ctx.commandId, name, input: JSON.stringify(input ?? null), actorId: ctx.actor.staffId, actorName: ctx.actor.name,
      actorRoles: JSON.stringify(ctx.actor.roles), today: ctx.today, at: ctx.now.toISOString(), outcome,
      error: error === null ? null : JSON.stringify(error), affected: JSON.stringify(affected),
    });
  }

  async function execute<R>(name: string, def: AnyCommand, input: unknown, ctx: CommandContext, options: RunOptions): Promise<CommandOutcome<R>> {
    sqlite.exec('BEGIN IMMEDIATE');
    try {
      const state = await def.load(reader, input, ctx);
      const decision = def.decide(state, input, ctx);
      const applied = applyToSqlite(db, decision.changes, { keepBefore: options.keepBefore });
      for (const entry of decision.audit) audit.record(ctx, entry);
      const affected = affectedPrisoners(applied);
      log(ctx, name, input, 'applied', null, affected);
      sqlite.exec('COMMIT');
      return { commandId: ctx.commandId, input, result: decision.result as R, applied, affected };
    } catch (e) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      if (e instanceof AppError) {
        const error = { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) };
        try {
          log(ctx, name, input, 'refused', error, []);
        } catch {
          // The refusal stands whether or not it could be logged (for example on a read-only file).
        }
      }
      throw e;
    }
  }

  return {
    has: (name: string) => Object.prototype.hasOwnProperty.call(commands, name),
    definition: (name: string) => commands[name],
    /** Validates, authorises and runs one command; throws AppError (refused) or ZodError (invalid input). */
    run<R = unknown>(name: string, raw: unknown, ctx: CallContext, options: RunOptions = {}): Promise<CommandOutcome<R>> {
      const def = commands[name];
      if (!def) throw new AppError('not-found', `Unknown command ${name}`);
      const input = def.input.parse(raw ?? {});
      authorise(def, ctx.actor);
      const commandId = options.commandId ?? ulid(ctx.now.getTime());
      const cctx: CommandContext = { ...ctx, commandId, newId: idSource(commandId) };
      const next = queue.then(() => execute<R>(name, def, input, cctx, options));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}

export type CommandRunner = ReturnType<typeof createCommandRunner>;

function affectedPrisoners(applied: AppliedChange[]): string[] {
  const ids = new Set<string>();
  for (const c of applied) {
    if (c.prisonerId) ids.add(c.prisonerId);
    else if (c.table === 'staff' || c.table === 'policy_rule_versions' || c.table === 'settings') ids.add('*');
  }
  return [...ids];
}
