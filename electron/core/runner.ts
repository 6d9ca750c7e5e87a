// The pooled random source (shared/ids.ts): ulid's own asks the system once per character (the demo spent ~10 % there).
import { ulid } from '../domain/shared/ids';
import type { z } from 'zod';
import type { Store, CallContext } from '../domain/shared/context';
import { AppError } from '../domain/shared/errors';
import type { AuditService } from '../domain/audit/service';
import { sqliteReader, type AppliedChange } from './data';
import { applyDecision, applyDecisionPaced } from './bulk';
import { idSource, type CommandContext, type CommandDef } from './operations';
import { authorise } from './authorise';
import { beginWriteTransaction } from '../../db/write-transaction';
import { inputRefusal, labelRefusal } from './labels';
import { resolveOperation } from './operation-aliases';
import { encodeLoggedInput, type StoredInput } from './logged-input';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a command of any state and result: the registry's element type
export type AnyCommand = CommandDef<z.ZodType, any, any>;

export interface RunOptions {
  /** Given when replaying or re-running a command already logged elsewhere; new commands get a fresh one. */
  commandId?: string;
  /** Keep the before-image of every change (a workstation joined to a unit server keeps them to rebase). */
  keepBefore?: boolean;
  /**
   * Given the `progress` of each part of a decision made in parts (`DecisionPart.progress`: the demo's) as it is
   * written; the event loop turns after each, inside the command's transaction (electron/core/bulk.ts).
   */
  onProgress?: (progress: unknown) => void;
}

/**
 * What a workstation joined to a unit server keeps of each command, in the same transaction: the command marked
 * pending, signed by the person who ran it, and its changes with their before-images (electron/sync/journal.ts).
 */
export interface CommandJournal {
  /** True while joined: commands are kept for the server. */
  active(): boolean;
  record(entry: {
    logSeq: number;
    commandId: string;
    name: string;
    input: unknown;
    ctx: CommandContext;
    applied: AppliedChange[];
  }): void;
}

export interface CommandOutcome<R> {
  commandId: string;
  /** The input as validated. */
  input: unknown;
  result: R;
  /** The changes with their before-images: kept while joined to a unit server (the journal's), otherwise empty. */
  applied: AppliedChange[];
  affected: string[];
}

/**
 * Runs commands against this workstation's SQLite file: validate, check who may, load the state, decide, and
 * apply the changes with their audit entries and a command-log row in one IMMEDIATE transaction (a large decision, such
 * as a caseload file's, through the bulk path of ./bulk.ts). A refusal writes nothing but its command-log row. Commands
 * run one at a time.
 */
export function createCommandRunner(
  store: Store,
  audit: AuditService,
  commands: Record<string, AnyCommand>,
  journal?: CommandJournal,
) {
  const { sqlite, db } = store;
  const reader = sqliteReader(db);
  let queue: Promise<unknown> = Promise.resolve();
  const insertLog =
    sqlite.prepare(`INSERT INTO command_log (command_id, name, input, actor_id, actor_name, actor_roles, today, at, outcome, error, affected)
    VALUES (@commandId, @name, @input, @actorId, @actorName, @actorRoles, @today, @at, @outcome, @error, @affected)`);

  function log(
    ctx: CommandContext,
    name: string,
    input: StoredInput,
    outcome: 'applied' | 'refused',
    error: unknown,
    affected: string[],
  ): number {
    return Number(
      insertLog.run({
        commandId: ctx.commandId,
        name,
        input,
        actorId: ctx.actor.staffId,
        actorName: ctx.actor.name,
        actorRoles: JSON.stringify(ctx.actor.roles),
        today: ctx.today,
        at: ctx.now.toISOString(),
        outcome,
        error: error === null ? null : JSON.stringify(error),
        affected: JSON.stringify(affected),
      }).lastInsertRowid,
    );
  }

  async function execute<R>(
    name: string,
    def: AnyCommand,
    input: unknown,
    ctx: CommandContext,
    options: RunOptions,
  ): Promise<CommandOutcome<R>> {
    // The input as the log will hold it, made before the command reads anything: a caseload file's is compressed, and
    // only that copy is held to the end (./logged-input.ts).
    const logged = encodeLoggedInput(input);
    // db/write-transaction.ts: BEGIN IMMEDIATE, waiting for another writer, which a refusal names when it holds on.
    const tx = beginWriteTransaction(sqlite, { what: `an action to ${def.action}`, who: ctx.actor.name });
    try {
      const joined = journal?.active() ?? false;
      if (joined && def.workstationOnly) throw new AppError('conflict', def.workstationOnly);
      const state = await def.load(reader, input, ctx);
      const decision = def.decide(state, input, ctx);
      // The changes are kept only for the journal (a large file's are otherwise applied part by part and let go).
      const how = {
        keepBefore: options.keepBefore ?? joined,
        auditChanges: joined,
        keep: joined,
        partActors: def.workstationOnly !== undefined,
      };
      const { applied, affected } = options.onProgress
        ? await applyDecisionPaced(store, audit, decision, ctx, how, options.onProgress)
        : applyDecision(store, audit, decision, ctx, how);
      def.local?.(store, decision.result, ctx);
      const logSeq = log(ctx, name, logged, 'applied', null, affected);
      if (joined) journal!.record({ logSeq, commandId: ctx.commandId, name, input, ctx, applied });
      tx.commit();
      return { commandId: ctx.commandId, input, result: decision.result as R, applied, affected };
    } catch (raw) {
      tx.rollback();
      const e = raw instanceof AppError ? labelRefusal(raw, def.labels) : raw;
      if (e instanceof AppError) {
        const error = { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) };
        try {
          log(ctx, name, logged, 'refused', error, []);
        } catch {
          // The refusal stands whether or not it could be logged (for example on a read-only file).
        }
      }
      throw e;
    }
  }

  /** Runs `fn` when no command is running, and keeps commands waiting until it is done (the sync engine's rebase). */
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = queue.then(fn);
    queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Runs a logged command's decision again inside the caller's transaction, as it first ran (its id, actor and
   * clocks), without logging it again: a joined workstation re-runs its pending commands on the server's data.
   * Returns the changes, or the refusal it now meets.
   */
  async function rerun(c: {
    name: string;
    input: unknown;
    ctx: CommandContext;
  }): Promise<AppliedChange[] | AppError> {
    const def = commands[resolveOperation(c.name)];
    if (!def) return new AppError('not-found', `Unknown command ${c.name}`);
    if (def.workstationOnly) return new AppError('conflict', def.workstationOnly);
    sqlite.exec('SAVEPOINT rerun');
    try {
      const state = await def.load(reader, c.input, c.ctx);
      const decision = def.decide(state, c.input, c.ctx);
      const { applied } = applyDecision(store, audit, decision, c.ctx, {
        keepBefore: true,
        auditChanges: true,
      });
      sqlite.exec('RELEASE rerun');
      return applied;
    } catch (e) {
      sqlite.exec('ROLLBACK TO rerun');
      sqlite.exec('RELEASE rerun');
      if (e instanceof AppError) return e;
      // A change the data no longer allows (a row someone else removed, a duplicate) is a refusal too.
      if (e instanceof Error && /constraint/i.test(e.message))
        return new AppError('conflict', `It no longer fits the unit's data: ${e.message}`);
      throw e;
    }
  }

  return {
    exclusive,
    rerun,
    has: (name: string) => Object.prototype.hasOwnProperty.call(commands, resolveOperation(name)),
    definition: (name: string) => commands[resolveOperation(name)],
    /** Validates, authorises and runs one command; throws AppError (refused) or ZodError (invalid input). */
    run<R = unknown>(
      name: string,
      raw: unknown,
      ctx: CallContext,
      options: RunOptions = {},
    ): Promise<CommandOutcome<R>> {
      // A name as logged before issue 15's renaming (a replay, an old door) runs today's command, logged by today's name.
      name = resolveOperation(name);
      const def = commands[name];
      if (!def) throw new AppError('not-found', `Unknown command ${name}`);
      const parsed = def.input.safeParse(raw ?? {});
      if (!parsed.success) throw inputRefusal(parsed.error, def.labels);
      const input = parsed.data;
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
