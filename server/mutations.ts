import { sql } from 'drizzle-orm';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import { ZodError } from 'zod';
import { commands } from '../electron/api/registry';
import { authorise } from '../electron/core/authorise';
import { idSource, wholeDecision, type CommandContext } from '../electron/core/operations';
import type { AnyCommand } from '../electron/core/runner';
import { toApiError } from '../electron/api/errors';
import { inputRefusal, labelRefusal } from '../electron/core/labels';
import type { Actor } from '../electron/domain/shared/context';
import { AppError } from '../electron/domain/shared/errors';
import { formatUk, londonDate } from '../electron/domain/shared/dates';
import type { Role } from '../electron/domain/staff/roles';
import { auditRow } from '../electron/domain/audit/row';
import { changeLog, devices, mutations, prisons, serverAudit, staffCredentials, twinOf } from './db/schema';
import {
  applyToPostgres,
  pgCode,
  pgReader,
  runPrepared,
  UNIQUE_VIOLATION,
  withoutPrison,
  type LoggedChange,
  type Tx,
} from './store';
import { verifyCommandSignature } from './signatures';
import { receiveTransfer } from './transfers';
import { resolveOperation } from '../electron/core/operation-aliases';

/** A command as a workstation sends it: what it ran locally, by whom, and its proof that this person ran it. */
export interface PushedMutation {
  mutationId: number;
  commandId: string;
  name: string;
  input: unknown;
  actorId: string | null;
  clientToday: string;
  clientAt: string;
  signature: string;
}

export interface MutationOutcome {
  mutationId: number;
  commandId: string;
  outcome: 'applied' | 'refused';
  error?: { code: string; message: string; field?: string };
  /** The prison's data version that holds its changes, when applied. */
  version?: number;
}

export interface Device {
  id: string;
  prison: string;
  name: string;
}

const SERIALIZATION_FAILURE = '40001';
const DEADLOCK = '40P01';

/**
 * What the server knows before re-running a command, read in one query: whether the workstation is still enrolled, the
 * answer it already gave, and the person.
 */
interface Known {
  /** The workstation was removed (revoked) or is not enrolled at all: none of its changes is taken. */
  revoked: boolean;
  seen: MutationOutcome | null;
  member: { id: string; name: string; roles: string; active: boolean } | null;
  signingKey: string | null;
}

const dialect = new PgDialect();

/**
 * A statement with its parameters written into it as literals (quoted by node-postgres's escapeLiteral), so that it can
 * go in one simple query with the transaction's control statements before it: one round trip for both.
 */
function inlined(query: ReturnType<typeof sql>): string {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return text.replace(/\$(\d+)\b/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    if (value === null || value === undefined) return 'NULL';
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (typeof value === 'string') return pg.escapeLiteral(value);
    throw new Error(`Cannot write ${typeof value} into a statement as a literal`);
  });
}

/**
 * Reads what is known (after `control`, the savepoint's statements, in the same round trip: they were one of their own
 * for every change re-run, a sixth of a change's trips to PostgreSQL while the prison's turn is held).
 */
async function whatIsKnown(
  client: pg.PoolClient,
  control: string,
  device: Device,
  m: PushedMutation,
): Promise<Known> {
  const staffTable = twinOf('staff');
  const actorId = m.actorId ?? '';
  const results = (await client.query(
    `${control}; ${inlined(sql`
    SELECT
      (SELECT ${devices.revokedAt} IS NULL FROM ${devices} WHERE ${devices.id} = ${device.id}) AS enrolled,
      (SELECT row_to_json(x) FROM (SELECT ${mutations.commandId} AS "commandId", ${mutations.outcome} AS outcome, ${mutations.error} AS error, ${mutations.version} AS version
        FROM ${mutations} WHERE ${mutations.deviceId} = ${device.id} AND ${mutations.mutationId} = ${m.mutationId}) x) AS seen,
      (SELECT row_to_json(x) FROM (SELECT ${staffTable.id} AS id, ${staffTable.name} AS name, ${staffTable.roles} AS roles, ${staffTable.active} AS active
        FROM ${staffTable} WHERE ${staffTable.id} = ${actorId} AND ${staffTable.prison} = ${device.prison}) x) AS member,
      (SELECT ${staffCredentials.signingKey} FROM ${staffCredentials} WHERE ${staffCredentials.staffId} = ${actorId} AND ${staffCredentials.prison} = ${device.prison}) AS signing_key`)}`,
  )) as unknown as pg.QueryResult<{
    enrolled: boolean | null;
    seen: Record<string, unknown> | null;
    member: Known['member'];
    signing_key: string | null;
  }>[];
  const row = results[results.length - 1]!.rows[0]!;
  const seen = row.seen as {
    commandId: string;
    outcome: MutationOutcome['outcome'];
    error: MutationOutcome['error'] | null;
    version: number | string | null;
  } | null;
  return {
    revoked: row.enrolled !== true,
    seen: seen
      ? {
          mutationId: m.mutationId,
          commandId: seen.commandId,
          outcome: seen.outcome,
          ...(seen.error ? { error: seen.error } : {}),
          ...(seen.version !== null ? { version: Number(seen.version) } : {}),
        }
      : null,
    member: row.member,
    signingKey: row.signing_key,
  };
}

/** Who the server says ran a command: its own record of the person, never the workstation's. */
function serverActor(known: Known, device: Device, m: PushedMutation): Actor {
  if (!m.actorId)
    throw new AppError(
      'not-identified',
      'Sign in before you change anything: the unit server accepts changes only from a named member of staff.',
    );
  const member = known.member;
  // Named as the staff list names them (it said "no active member of staff 01JF…", their id).
  if (member && !member.active)
    throw new AppError(
      'forbidden',
      `${member.name} is no longer active on the unit server's staff list, so a change made in their name is not accepted. Ask an administrator to make them active again, or someone active to make the change.`,
    );
  if (!member)
    throw new AppError(
      'forbidden',
      `The unit server has no member of staff ${m.actorId} at ${device.prison}.`,
    );
  if (!verifyCommandSignature(known.signingKey, device, m)) {
    // Signed, but not with their key as it is now: most likely made before they changed their password elsewhere.
    throw new AppError(
      'forbidden',
      m.signature
        ? `The change is not signed with ${member.name}'s password as it is now, so the unit server will not accept it: if ${member.name} changed their password after making it on ${device.name}, they sign in there again with the new one and make the change again.`
        : `The change is not signed by ${member.name}: it was not made by ${member.name} signed in on ${device.name}, so the unit server will not accept it.`,
    );
  }
  return {
    staffId: member.id,
    name: member.name,
    roles: JSON.parse(member.roles) as Role[],
    identifiedBy: 'staff',
  };
}

/**
 * Re-runs one pushed command under the server's rules: the server's record of who the person is and what they
 * may do, its own copy of the prison's data, and its own clock. Applied in a serializable transaction with the
 * prison's version bumped (so versions follow commit order), its changes logged for the other workstations,
 * and both outcomes audited. A mutation already seen gets the answer it got then.
 */
export interface MutationHooks {
  /** Called after a command's changes are applied and before they commit (tests stop the server here). */
  beforeCommit?(m: PushedMutation): void | Promise<void>;
}

/** Where a push's time went on the server: the Server-Timing header of /api/push (the bench reads it). */
export interface PushTiming {
  /** Waiting in this server for the prison's turn, behind other workstations' changes to it. */
  queueMs: number;
  /** Waiting for a database connection. */
  poolMs: number;
  /** Waiting for the prison's lock in PostgreSQL (held by another server process, if several serve it). */
  lockMs: number;
  /** Re-running the commands and writing what they change. */
  applyMs: number;
  /**
   * Inside the prison's turn, waiting for the other changes applied in the same transaction (re-run before or after
   * this push's own, up to the batch's commit).
   */
  batchMs: number;
  /** Committing: PostgreSQL writing its log to disk. */
  commitMs: number;
  /** Transactions started: one per batch of changes applied together, more when a serialization failure made the server try again. */
  attempts: number;
}

export const newPushTiming = (): PushTiming => ({
  queueMs: 0,
  poolMs: 0,
  lockMs: 0,
  applyMs: 0,
  batchMs: 0,
  commitMs: 0,
  attempts: 0,
});

/**
 * One prison's changes are applied one at a time (they all bump its version), in one server process waiting their turn
 * here, in memory, holding no database connection: waiting on PostgreSQL's lock instead held a connection each, so
 * that under load the waiting pushes took every connection of the pool and a workstation's sign-in check, a pull, or
 * another prison's push queued behind them all (the sync bench's p99). The PostgreSQL advisory lock stays, for several
 * server processes serving one prison.
 *
 * Changes that arrive while the prison's turn is taken (several workstations pushing at once) are applied together
 * when it comes: one after another in one transaction, each inside its own savepoint (a refusal takes back only its
 * own changes), with one connection, one lock and one commit for them all. Each still gets its own version, in the
 * order they arrived. A commit (PostgreSQL writing its log to disk), the lock, the connection and the transaction's
 * start were about half of each change's 9 ms, so the last of 40 changes sent at the same instant waited for 39 of
 * them; now it waits for one or two commits (the sync bench's burst). One push's changes join the queue together, in
 * their order, and so share a transaction too (they had a transaction and a commit each: with the round trips saved in
 * recordApplied and recordRefused, the convergence simulation's push went from 12.4 to 9.8 ms); one failing (an
 * error, not a refusal) still stops the rest of its push, as when each awaited the one before.
 */
interface Waiting {
  device: Device;
  m: PushedMutation;
  timing: PushTiming;
  queuedAt: number;
  /** The change sent before this one in the same push: when it failed, this one is not applied either. */
  after?: Waiting;
  /** It failed (not refused: an error of the server's), so the rest of its push is not applied. */
  failed?: boolean;
  resolve(o: MutationOutcome): void;
  reject(e: unknown): void;
}
/** At most this many changes in one transaction (a longer one holds the prison's lock longer for everyone). */
const MAX_BATCH = 64;
const waitingByPool = new WeakMap<pg.Pool, Map<string, Waiting[]>>();

/**
 * One push's changes, in its order: they wait for the prison's turn together and are applied in the same transaction
 * (up to MAX_BATCH), one commit for them all, rather than one transaction and one commit each. As when they were
 * applied one by one, a change that fails (an error of the server's, not a refusal) stops the rest of its push: they
 * are not applied, and the push fails with that error; those before it stand.
 */
export function applyMutations(
  pool: pg.Pool,
  device: Device,
  ms: readonly PushedMutation[],
  now: () => Date,
  hooks: MutationHooks = {},
  timing: PushTiming = newPushTiming(),
): Promise<MutationOutcome[]> {
  const byPrison = waitingByPool.get(pool) ?? new Map<string, Waiting[]>();
  waitingByPool.set(pool, byPrison);
  const entries: Waiting[] = [];
  const answers = ms.map(
    (m) =>
      new Promise<MutationOutcome>((resolve, reject) => {
        entries.push({
          device,
          m,
          timing,
          queuedAt: performance.now(),
          after: entries[entries.length - 1],
          resolve,
          reject,
        });
      }),
  );
  const queue = byPrison.get(device.prison);
  if (queue) queue.push(...entries);
  else if (entries.length) {
    // No turn running for this prison: this push starts one, which applies whatever has arrived each time round.
    const mine = [...entries];
    byPrison.set(device.prison, mine);
    void (async () => {
      while (mine.length) {
        const batch = mine.splice(0, MAX_BATCH);
        try {
          await applyBatch(pool, device.prison, batch, now, hooks);
        } catch (e) {
          for (const w of batch) {
            w.failed = true;
            w.reject(e);
          }
        }
      }
      byPrison.delete(device.prison);
    })();
  }
  return Promise.all(answers);
}

type Settled = { outcome: MutationOutcome } | { error: unknown };

/** A change re-run inside the batch's transaction: applied, refused, or failed (internal: only its savepoint undone). */
async function applyOne(
  client: pg.PoolClient,
  tx: Tx,
  control: string,
  w: Waiting,
  now: () => Date,
  hooks: MutationHooks,
): Promise<Settled> {
  const { device, m } = w;
  if (w.after?.failed) {
    w.failed = true;
    return {
      error: new Error(`Not applied: a change sent before it in the same push failed (${m.commandId})`),
    };
  }
  const started = performance.now();
  // Inside its savepoint, taken here with the transaction's start or the last change's release (`control`), in the
  // same round trip as what is known.
  try {
    const known = await whatIsKnown(client, control, device, m);
    // Checked here, in the transaction, for every change: the token may have been found in the server's memory of
    // the tokens it has seen (Unit.authenticate), and a workstation removed since is refused all the same.
    if (known.revoked) throw new NotEnrolled();
    if (known.seen) return { outcome: known.seen };
    const at = now();
    let outcome: MutationOutcome;
    try {
      outcome = await decideAndApply(tx, device, m, at, known);
    } catch (e) {
      if (!(e instanceof AppError) && !(e instanceof ZodError)) throw e;
      // Refused: nothing of the command stays, only the refusal. (No other push can have recorded this mutation
      // meanwhile: the same device is the same prison, whose turn this is.)
      await client.query('ROLLBACK TO SAVEPOINT mutation');
      const error = toApiError(e);
      const refusal = {
        code: error.code,
        message: withClockNote(error.message, m, at, error.code),
        ...(error.field ? { field: error.field } : {}),
      };
      outcome = { mutationId: m.mutationId, commandId: m.commandId, outcome: 'refused', error: refusal };
      await recordRefused(tx, device, m, at, refusal);
    }
    if (outcome.outcome === 'applied') await hooks.beforeCommit?.(m);
    return { outcome };
  } catch (e) {
    const code = pgCode(e);
    // The whole transaction is tried again; a stop before the commit (a test's hook) stops the whole batch.
    if (code === SERIALIZATION_FAILURE || code === DEADLOCK || e instanceof StopBatch) throw e;
    await client.query('ROLLBACK TO SAVEPOINT mutation');
    // A command id already used by another device is a refusal, not a crash.
    if (
      code === UNIQUE_VIOLATION &&
      /mutations_command_id_unique/.test(
        `${(e as Error).message} ${String(((e as Error).cause as Error | undefined)?.message ?? '')} ${String((((e as Error).cause ?? e) as { constraint?: string }).constraint ?? '')}`,
      )
    )
      return {
        outcome: {
          mutationId: m.mutationId,
          commandId: m.commandId,
          outcome: 'refused',
          error: { code: 'conflict', message: 'This change was already sent by another workstation.' },
        },
      };
    w.failed = true;
    return { error: e };
  } finally {
    w.timing.applyMs += performance.now() - started;
  }
}

/** The workstation was removed while its push waited: the push is refused as a whole, as its token would be. */
export class NotEnrolled extends AppError {
  constructor() {
    super(
      'not-identified',
      'This workstation is not enrolled with the unit server (or was removed): join again with a new code.',
    );
  }
}

/** A hook's failure before the commit: the whole batch is given up, as when the server stops there. */
class StopBatch extends Error {
  constructor(readonly reason: unknown) {
    super('stopped before the commit');
  }
}

async function applyBatch(
  pool: pg.Pool,
  prison: string,
  batch: Waiting[],
  now: () => Date,
  hooks: MutationHooks,
): Promise<void> {
  const turn = performance.now();
  // A push's changes share one account of its time: each of its waits and commits is counted once.
  const timings = new Map<PushTiming, number>();
  for (const w of batch) if (!timings.has(w.timing)) timings.set(w.timing, w.queuedAt);
  for (const [timing, queuedAt] of timings) timing.queueMs += turn - queuedAt;
  const stopping: MutationHooks = {
    beforeCommit: async (m) => {
      try {
        await hooks.beforeCommit?.(m);
      } catch (e) {
        throw new StopBatch(e);
      }
    },
  };
  for (let attempt = 0; ; attempt++) {
    const asked = performance.now();
    const client = await pool.connect();
    const tx = drizzle(client) as Tx;
    const connected = performance.now();
    // Waiting for the lock before the transaction takes its snapshot spares a busy prison a storm of serialization
    // failures and retries. Prisons do not wait for each other.
    const lock = `hashtext(${client.escapeLiteral(`omu-prison:${prison}`)})`;
    try {
      await client.query(`SELECT pg_advisory_lock(${lock})`);
    } catch (e) {
      // Its connection lost while it waited (PostgreSQL restarting, an administrator's pg_terminate_backend): given back
      // with the error, so that the pool drops it. Kept, it left the pool one connection short for good
      // (tests/server/lost-connection.test.ts).
      client.release(e as Error);
      throw e;
    }
    let unlocked = false;
    const locked = performance.now();
    const appliedBefore = new Map<PushTiming, number>();
    for (const timing of timings.keys()) {
      timing.poolMs += connected - asked;
      timing.lockMs += locked - connected;
      timing.attempts++;
      appliedBefore.set(timing, timing.applyMs);
    }
    // Tried again after a serialization failure: what failed in the try before is tried again too.
    for (const w of batch) w.failed = false;
    try {
      // The transaction's control statements go with the statement before or after them, several to a round trip (a
      // simple query of PostgreSQL's runs them in order and stops at the first error): each change's savepoint with the
      // transaction's start or the last one's release and the change's first read (whatIsKnown), the commit with the
      // lock's release. Each was a round trip of its
      // own, a third of a one-change push's (the convergence profile).
      const settled: Settled[] = [];
      for (const [i, w] of batch.entries())
        settled.push(
          await applyOne(
            client,
            tx,
            i === 0
              ? 'BEGIN ISOLATION LEVEL SERIALIZABLE; SAVEPOINT mutation'
              : 'RELEASE SAVEPOINT mutation; SAVEPOINT mutation',
            w,
            now,
            stopping,
          ),
        );
      const committing = performance.now();
      for (const [timing, applied] of appliedBefore)
        timing.batchMs += committing - locked - (timing.applyMs - applied);
      await client.query(`COMMIT; SELECT pg_advisory_unlock(${lock})`);
      unlocked = true;
      const committed = performance.now();
      for (const timing of timings.keys()) timing.commitMs += committed - committing;
      batch.forEach((w, i) => {
        const s = settled[i]!;
        if ('outcome' in s) w.resolve(s.outcome);
        else w.reject(s.error);
      });
      return;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      const code = pgCode(e);
      if ((code === SERIALIZATION_FAILURE || code === DEADLOCK) && attempt < 20) continue;
      throw e instanceof StopBatch ? e.reason : e;
    } finally {
      if (!unlocked) await client.query(`SELECT pg_advisory_unlock(${lock})`).catch(() => undefined);
      client.release();
    }
  }
}

/**
 * A change refused for its input, made on a workstation whose date was ahead of the server's: the date the person took
 * for today (the forms offer the workstation's) may be the server's future, so the refusal says the clocks differ,
 * or the person would be told their "today" is in the future and not why.
 */
function withClockNote(message: string, m: PushedMutation, at: Date, code: string): string {
  const serverToday = londonDate(at);
  if (code !== 'invalid-input' || !(m.clientToday > serverToday)) return message;
  return `${/[.!?]$/.test(message) ? message : `${message}.`} This workstation's date was ${formatUk(m.clientToday)} when the change was made and the unit server's is ${formatUk(serverToday)}: check this workstation's clock.`;
}

/**
 * A refusal recorded, in one statement: the answer kept for a resend (mutations) and the server's audit entry. Both were
 * two round trips to PostgreSQL of their own, in every command's path (the convergence profile's push).
 */
async function recordRefused(
  tx: Tx,
  device: Device,
  m: PushedMutation,
  at: Date,
  refusal: NonNullable<MutationOutcome['error']>,
): Promise<void> {
  const when = at.toISOString();
  // Today's name of the operation (a workstation on the names before issue 15 sends an old one).
  const name = resolveOperation(m.name);
  await tx.execute(sql`
    WITH kept AS (
      INSERT INTO ${mutations} (device_id, mutation_id, command_id, prison, name, outcome, error, version, at)
      VALUES (${device.id}, ${m.mutationId}, ${m.commandId}, ${device.prison}, ${name}, 'refused', ${JSON.stringify(refusal)}::jsonb, NULL, ${when}::timestamptz)
    )
    INSERT INTO ${serverAudit} (at, prison, actor_id, device_id, client_clock, event, command_id, outcome, detail)
    VALUES (${when}::timestamptz, ${device.prison}, ${m.actorId}, ${device.id}, ${m.clientAt}, ${name}, ${m.commandId}, 'refused', ${JSON.stringify(refusal)}::jsonb)`);
}

/**
 * An applied command settled, in one statement: the prison's next version (versions follow commit order: the prison's
 * turn is held), the changes logged under it for the pulls, the answer kept for a resend, and the server's audit
 * entry. They were four round trips to PostgreSQL (the convergence profile's push).
 */
async function recordApplied(
  tx: Tx,
  device: Device,
  m: PushedMutation,
  at: Date,
  actor: Actor,
  logged: readonly LoggedChange[],
): Promise<number> {
  const when = at.toISOString();
  const name = resolveOperation(m.name);
  const changes = JSON.stringify(
    logged.map((c, i) => ({ position: i, table_name: c.table, key: c.key, op: c.op, row: c.row })),
  );
  // Prepared by name (runPrepared): its text is the same for every command, its values all parameters.
  const { rows } = await runPrepared<{ version: number | string }>(
    tx,
    'omu_push_applied',
    sql`
    WITH v AS (
      UPDATE ${prisons} SET version = version + 1 WHERE code = ${device.prison} RETURNING version
    ), logged AS (
      INSERT INTO ${changeLog} (prison, version, position, table_name, key, op, "row")
      SELECT ${device.prison}, v.version, x.position, x.table_name, x.key, x.op, x."row"
      FROM v, jsonb_to_recordset(${changes}::jsonb) AS x(position int, table_name text, key text, op text, "row" jsonb)
    ), kept AS (
      INSERT INTO ${mutations} (device_id, mutation_id, command_id, prison, name, outcome, error, version, at)
      SELECT ${device.id}, ${m.mutationId}, ${m.commandId}, ${device.prison}, ${name}, 'applied', NULL, v.version, ${when}::timestamptz
      FROM v
    ), audited AS (
      INSERT INTO ${serverAudit} (at, prison, actor_id, actor_name, device_id, client_clock, event, command_id, outcome, detail)
      SELECT ${when}::timestamptz, ${device.prison}, ${actor.staffId}, ${actor.name}, ${device.id}, ${m.clientAt}, ${name}, ${m.commandId}, 'applied',
        jsonb_build_object('version', v.version, 'changes', ${logged.length}::int)
      FROM v
    )
    SELECT version FROM v`,
  );
  if (!rows[0]) throw new Error(`Prison ${device.prison} is not served here`);
  return Number(rows[0].version);
}

async function decideAndApply(
  tx: Tx,
  device: Device,
  m: PushedMutation,
  at: Date,
  known: Known,
): Promise<MutationOutcome> {
  // A workstation still on the names before issue 15 (or its log from then) sends an old name: today's is looked up and recorded.
  const name = resolveOperation(m.name);
  const def = (commands as Record<string, AnyCommand>)[name];
  if (!def)
    throw new AppError(
      'not-found',
      `The unit server does not know the change "${m.name}": update OMU Desk on the server.`,
    );
  // A workstation's own command (the demo's synthetic caseload) never reaches the unit's data, whoever sends it.
  if (def.workstationOnly)
    throw new AppError('forbidden', `The unit server does not accept "${name}": ${def.workstationOnly}`);
  const actor = serverActor(known, device, m);
  // Refusals name the field as the workstation's form labels it, as the runner's do (electron/core/labels.ts).
  const parsed = def.input.safeParse(m.input ?? {});
  if (!parsed.success) throw inputRefusal(parsed.error, def.labels);
  const input = parsed.data;
  authorise(def, actor);
  const ctx: CommandContext = {
    actor,
    today: londonDate(at),
    now: at,
    commandId: m.commandId,
    newId: idSource(m.commandId),
  };
  let decision: ReturnType<AnyCommand['decide']>;
  try {
    const state = await def.load(pgReader(tx, device.prison), input, ctx);
    // A large decision's parts collected (a caseload file's rows): the server applies and logs its changes whole.
    decision = wholeDecision(def.decide(state, input, ctx));
  } catch (e) {
    throw e instanceof AppError ? labelRefusal(e, def.labels) : e;
  }
  const logged: LoggedChange[] = await applyToPostgres(tx, device.prison, decision.changes);
  const auditTable = twinOf('audit_log');
  if (decision.audit.length) {
    // Every audit entry in one statement; numbered by the server in the order given.
    const rows = (await tx
      .insert(auditTable)
      .values(decision.audit.map((entry) => ({ ...auditRow(ctx, entry), prison: device.prison })))
      .returning()) as Record<string, unknown>[];
    for (const row of rows.sort((x, y) => Number(x.seq) - Number(y.seq))) {
      const r = withoutPrison(row);
      logged.push({ table: 'audit_log', key: String(r.seq), op: 'put', row: r });
    }
  }
  if (decision.handoff) await receiveTransfer(tx, device.prison, decision.handoff, ctx, device);
  const version = await recordApplied(tx, device, m, at, actor, logged);
  return { mutationId: m.mutationId, commandId: m.commandId, outcome: 'applied', version };
}
