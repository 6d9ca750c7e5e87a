import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { CallContext } from '../domain/shared/context';
import type { Role } from '../domain/staff/roles';
import type { CommandRunner } from './runner';
import { getTableColumns, getTableName } from 'drizzle-orm';
import { commandLog } from '../../db/schema';
import type { Db } from '../../db/open';
import { prepared } from '../../db/prepared';
import { caseTables, type Row, type TableInfo } from './tables';
import { loggedInputJson } from './logged-input';

/** What replaying a logged command needs of its command_log row (db/schema/commands.ts). */
export const LOGGED_COLUMNS = {
  seq: commandLog.seq,
  commandId: commandLog.commandId,
  name: commandLog.name,
  input: commandLog.input,
  actorId: commandLog.actorId,
  actorName: commandLog.actorName,
  actorRoles: commandLog.actorRoles,
  today: commandLog.today,
  at: commandLog.at,
  outcome: commandLog.outcome,
};
export type LoggedCommand = Pick<Row<typeof commandLog>, keyof typeof LOGGED_COLUMNS>;

/** SQL for LOGGED_COLUMNS, each column's name from the schema, aliased to its key. */
const LOGGED_SELECT = Object.entries(LOGGED_COLUMNS)
  .map(([key, column]) => `"${column.name}" AS "${key}"`)
  .join(', ');

/**
 * The commands a database has applied, in the order it applied them, each input as its JSON (a large one stored
 * compressed is read back: ./logged-input.ts). On the connection itself, not through a drizzle driver (the unit server
 * imports this module and has no workstation connection); its SQL and row type are the schema's.
 */
export function appliedCommands(sqlite: Database.Database, afterSeq = 0): LoggedCommand[] {
  return (
    sqlite
      .prepare(
        `SELECT ${LOGGED_SELECT} FROM "${getTableName(commandLog)}" WHERE "${commandLog.outcome.name}" = 'applied' AND "${commandLog.seq.name}" > ? ORDER BY "${commandLog.seq.name}"`,
      )
      .all(afterSeq) as Pick<Row<typeof commandLog>, keyof typeof LOGGED_COLUMNS>[]
  ).map((c) => ({ ...c, input: loggedInputJson(c.input) }));
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

/**
 * The workstation's digest. Its reads are kept prepared for the database (db/prepared.ts): a digest reads every case
 * table, and the sync convergence simulation takes one of each workstation after every schedule, where building and
 * preparing the reads anew was most of its cost.
 */
export const workstationDigest = (db: Db) =>
  rowsDigest(
    (t) =>
      prepared(db, `every row of ${t.name}`, () => db.select().from(t.table).prepare()).all() as Record<
        string,
        unknown
      >[],
  );
