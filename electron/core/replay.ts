import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { CallContext } from '../domain/shared/context';
import type { Role } from '../domain/staff/roles';
import type { CommandRunner } from './runner';
import { getTableColumns } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { caseTables, type TableInfo } from './tables';

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
  return sqlite
    .prepare(
      `SELECT seq, command_id AS commandId, name, input, actor_id AS actorId, actor_name AS actorName, actor_roles AS actorRoles,
      today, at, outcome FROM command_log WHERE outcome = 'applied' AND seq > ? ORDER BY seq`,
    )
    .all(afterSeq) as LoggedCommand[];
}

/** The moment a logged command ran in, as it ran: its actor, its day and its clock. */
export function loggedContext(c: LoggedCommand): CallContext {
  return {
    actor: {
      staffId: c.actorId,
      name: c.actorName,
      roles: JSON.parse(c.actorRoles) as Role[],
      identifiedBy: c.actorId ? 'staff' : 'os-account',
    },
    today: c.today,
    now: new Date(c.at),
  };
}

/**
 * Re-runs logged commands, in order, with their own ids, actors and clocks. On the database they started from,
 * the tables come out identical: that is what lets a unit server re-run a workstation's commands.
 */
export async function replay(runner: CommandRunner, log: readonly LoggedCommand[]): Promise<void> {
  for (const c of log)
    await runner.run(c.name, JSON.parse(c.input), loggedContext(c), { commandId: c.commandId });
}

/** A digest of every case table, row by row in key order: equal digests mean equal data. */
export function caseDigest(sqlite: Database.Database): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of caseTables()) {
    const hash = createHash('sha256');
    const key = sqlite.prepare(`SELECT name FROM pragma_table_info(?) WHERE pk = 1`).get(t.name) as
      { name: string } | undefined;
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

/**
 * A digest of case data as drizzle reads it (booleans as booleans, without the columns SQLite works out), so that
 * a workstation's SQLite and the unit server's PostgreSQL can be compared row for row.
 */
export function rowsDigest(read: (t: TableInfo) => Record<string, unknown>[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of caseTables()) {
    const keys = Object.keys(getTableColumns(t.table)).filter((k) => !t.generated.includes(k));
    const rows = read(t).map((r) => keys.map((k) => r[k] ?? null));
    const pk = keys.indexOf(t.primaryKey);
    rows.sort((a, b) =>
      typeof a[pk] === 'number'
        ? (a[pk] as number) - (b[pk] as number)
        : String(a[pk]).localeCompare(String(b[pk])),
    );
    const hash = createHash('sha256');
    for (const r of rows) hash.update(`${JSON.stringify(r)}\n`);
    out[t.name] = `${rows.length}:${hash.digest('hex').slice(0, 16)}`;
  }
  return out;
}

export const workstationDigest = (db: Db) =>
  rowsDigest((t) => db.select().from(t.table).all() as Record<string, unknown>[]);
