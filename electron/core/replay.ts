import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { CallContext } from '../domain/shared/context';
import type { Role } from '../domain/staff/roles';
import type { CommandRunner } from './runner';
import { caseTables } from './tables';

export interface LoggedCommand {
  seq: number;
  commandId: string;
  name: string;
  input: string;
  actorId: string | null;
  actorName: string;
  actorRoles: string;
  today: string;
  at: string;
  outcome: string;
}

/** The commands a database has applied, in the order it applied them. */
export function appliedCommands(sqlite: Database.Database, afterSeq = 0): LoggedCommand[] {
  return sqlite.prepare(`SELECT seq, command_id AS commandId, name, input, actor_id AS actorId, actor_name AS actorName, actor_roles AS actorRoles,
      today, at, outcome FROM command_log WHERE outcome = 'applied' AND seq > ? ORDER BY seq`).all(afterSeq) as LoggedCommand[];
}

/** The moment a logged command ran in, as it ran: its actor, its day and its clock. */
export function loggedContext(c: LoggedCommand): CallContext {
  return {
    actor: { staffId: c.actorId, name: c.actorName, roles: JSON.parse(c.actorRoles) as Role[], identifiedBy: c.actorId ? 'staff' : 'os-account' },
    today: c.today,
    now: new Date(c.at),
  };
}

/**
 * Re-runs logged commands, in order, with their own ids, actors and clocks. On the database they started from,
 * the tables come out identical: that is what lets a unit server re-run a workstation's commands.
 */
export async function replay(runner: CommandRunner, log: readonly LoggedCommand[]): Promise<void> {
  for (const c of log) await runner.run(c.name, JSON.parse(c.input), loggedContext(c), { commandId: c.commandId });
}

/** A digest of every case table, row by row in key order: equal digests mean equal data. */
export function caseDigest(sqlite: Database.Database): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of caseTables()) {
    const hash = createHash('sha256');
    const key = sqlite.prepare(`SELECT name FROM pragma_table_info(?) WHERE pk = 1`).get(t.name) as { name: string } | undefined;
    const stmt = sqlite.prepare(`SELECT * FROM ${t.name} ORDER BY ${key ? `"${key.name}"` : 'rowid'}`).raw();
    let n = 0;
    for (const row of stmt.iterate()) {
      hash.update(JSON.stringify(row));
      hash.update('\n');
      n++;
    }
    out[t.name] = `${n}:${hash.digest('hex').slice(0, 16)}`;
  }
  return out;
}
