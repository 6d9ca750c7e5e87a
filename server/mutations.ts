import { and, eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { ZodError } from 'zod';
import { commands } from '../electron/api/registry';
import { authorise } from '../electron/core/authorise';
import { idSource, type CommandContext } from '../electron/core/operations';
import type { AnyCommand } from '../electron/core/runner';
import { toApiError } from '../electron/api/errors';
import type { Actor } from '../electron/domain/shared/context';
import { AppError } from '../electron/domain/shared/errors';
import { londonDate } from '../electron/domain/shared/dates';
import type { Role } from '../electron/domain/staff/roles';
import { auditRow } from '../electron/domain/audit/row';
import { mutations, prisons, serverAudit, twinOf } from './db/schema';
import { applyToPostgres, logChanges, pgReader, withoutPrison, type LoggedChange, type Tx } from './store';
import { verifyCommandSignature } from './signatures';
import { receiveTransfer } from './transfers';

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

/** Who the server says ran a command: its own record of the person, never the workstation's. */
async function serverActor(tx: Tx, device: Device, m: PushedMutation): Promise<Actor> {
  if (!m.actorId) throw new AppError('not-identified', 'Sign in before you change anything: the unit server accepts changes only from a named member of staff.');
  const staffTable = twinOf('staff');
  const [row] = await tx.select().from(staffTable).where(and(eq(staffTable.id, m.actorId), eq(staffTable.prison, device.prison)));
  const member = row as { id: string; name: string; roles: string; active: boolean } | undefined;
  if (!member || !member.active) throw new AppError('forbidden', `The unit server has no active member of staff ${m.actorId} at ${device.prison}.`);
  if (!(await verifyCommandSignature(tx, device, m))) {
    throw new AppError('forbidden', `The change is not signed by ${member.name}: it was not made by ${member.name} signed in on ${device.name}, so the unit server will not accept it.`);
  }
  return { staffId: member.id, name: member.name, roles: JSON.parse(member.roles) as Role[], identifiedBy: 'staff' };
}

async function recorded(tx: Tx, device: Device, mutationId: number): Promise<MutationOutcome | null> {
  const [row] = await tx.select().from(mutations).where(and(eq(mutations.deviceId, device.id), eq(mutations.mutationId, mutationId)));
  if (!row) return null;
  return {
    mutationId, commandId: row.commandId, outcome: row.outcome as MutationOutcome['outcome'],
    ...(row.error ? { error: row.error as MutationOutcome['error'] } : {}), ...(row.version !== null ? { version: row.version } : {}),
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

/** PostgreSQL's error code, also when a query builder wraps the driver's error (drizzle's DrizzleQueryError keeps it as its cause). */
export function pgCode(e: unknown): string | undefined {
  for (let x = e as { code?: unknown; cause?: unknown } | undefined, depth = 0; x && depth < 5; x = x.cause as typeof x, depth++) {
    if (typeof x.code === 'string') return x.code;
  }
  return undefined;
}

export async function applyMutation(pool: pg.Pool, device: Device, m: PushedMutation, now: () => Date, hooks: MutationHooks = {}): Promise<MutationOutcome> {
  for (let attempt = 0; ; attempt++) {
    const client = await pool.connect();
    const tx = drizzle(client) as Tx;
    // One prison's changes are applied one at a time (they all bump its version, so they could not commit together
    // anyway): waiting here, before the transaction takes its snapshot, spares a busy prison a storm of
    // serialization failures and retries. Prisons do not wait for each other.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`omu-prison:${device.prison}`]);
    try {
      await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
      const seen = await recorded(tx, device, m.mutationId);
      if (seen) {
        await client.query('COMMIT');
        return seen;
      }
      const at = now();
      let outcome: MutationOutcome;
      try {
        outcome = await decideAndApply(tx, device, m, at);
      } catch (e) {
        if (!(e instanceof AppError) && !(e instanceof ZodError)) throw e;
        await client.query('ROLLBACK');
        await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
        const again = await recorded(tx, device, m.mutationId);
        if (again) {
          await client.query('COMMIT');
          return again;
        }
        const error = toApiError(e);
        const refusal = { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) };
        outcome = { mutationId: m.mutationId, commandId: m.commandId, outcome: 'refused', error: refusal };
        await tx.insert(mutations).values({ deviceId: device.id, mutationId: m.mutationId, commandId: m.commandId, prison: device.prison, name: m.name, outcome: 'refused', error: refusal, version: null, at });
        await tx.insert(serverAudit).values({ at, prison: device.prison, actorId: m.actorId, deviceId: device.id, clientClock: m.clientAt, event: m.name, commandId: m.commandId, outcome: 'refused', detail: refusal });
      }
      if (outcome.outcome === 'applied') await hooks.beforeCommit?.(m);
      await client.query('COMMIT');
      return outcome;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      const code = pgCode(e);
      if ((code === SERIALIZATION_FAILURE || code === DEADLOCK) && attempt < 20) continue;
      // A command id already used by another device is a refusal, not a crash.
      if (code === '23505' && /mutations_command_id_unique/.test(`${(e as Error).message} ${String(((e as Error).cause as Error | undefined)?.message ?? '')} ${String((((e as Error).cause ?? e) as { constraint?: string }).constraint ?? '')}`)) {
        return { mutationId: m.mutationId, commandId: m.commandId, outcome: 'refused', error: { code: 'conflict', message: 'This change was already sent by another workstation.' } };
      }
      throw e;
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [`omu-prison:${device.prison}`]).catch(() => undefined);
      client.release();
    }
  }
}

async function decideAndApply(tx: Tx, device: Device, m: PushedMutation, at: Date): Promise<MutationOutcome> {
  const def = (commands as Record<string, AnyCommand>)[m.name];
  if (!def) throw new AppError('not-found', `The unit server does not know the change "${m.name}": update OMU Desk on the server.`);
  const actor = await serverActor(tx, device, m);
  const input = def.input.parse(m.input ?? {});
  authorise(def, actor);
  const ctx: CommandContext = { actor, today: londonDate(at), now: at, commandId: m.commandId, newId: idSource(m.commandId) };
  const state = await def.load(pgReader(tx, device.prison), input, ctx);
  const decision = def.decide(state, input, ctx);
  const [bumped] = await tx.update(prisons).set({ version: sql`${prisons.version} + 1` }).where(eq(prisons.code, device.prison)).returning({ version: prisons.version });
  if (!bumped) throw new Error(`Prison ${device.prison} is not served here`);
  const logged: LoggedChange[] = await applyToPostgres(tx, device.prison, decision.changes);
  const auditTable = twinOf('audit_log');
  for (const entry of decision.audit) {
    const [row] = await tx.insert(auditTable).values({ ...auditRow(ctx, entry), prison: device.prison }).returning();
    const r = withoutPrison(row as Record<string, unknown>);
    logged.push({ table: 'audit_log', key: String(r.seq), op: 'put', row: r });
  }
  await logChanges(tx, device.prison, bumped.version, logged);
  if (decision.handoff) await receiveTransfer(tx, device.prison, decision.handoff, ctx, device);
  await tx.insert(mutations).values({ deviceId: device.id, mutationId: m.mutationId, commandId: m.commandId, prison: device.prison, name: m.name, outcome: 'applied', error: null, version: bumped.version, at });
  await tx.insert(serverAudit).values({
    at, prison: device.prison, actorId: actor.staffId, actorName: actor.name, deviceId: device.id, clientClock: m.clientAt, event: m.name,
    commandId: m.commandId, outcome: 'applied', detail: { version: bumped.version, changes: logged.length },
  });
  return { mutationId: m.mutationId, commandId: m.commandId, outcome: 'applied', version: bumped.version };
}
