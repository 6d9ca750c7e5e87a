import { and, asc, desc, eq, getTableColumns, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import type { Change, ReadOptions, Reader, Where } from '../electron/core/data';
import { tableInfo, type AnyTable, type Row } from '../electron/core/tables';
import { changeLog, twinOf, type PgTwin } from './db/schema';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a drizzle PostgreSQL database over any schema
export type Tx = NodePgDatabase<any>;

const dialect = new PgDialect();

/**
 * Runs one of the server's frequent statements as a named prepared statement (node-postgres's `name`): each connection
 * parses and plans it once and then only binds and runs it, where an unnamed statement is parsed, analysed and planned
 * on every call. Planning alone was 1.6 of PostgreSQL's 5.6 CPU-seconds in the convergence simulation
 * (tests/server/convergence-1-of-2.test.ts, pg_stat_statements, 28/11/2026), a unit's server pays the same per
 * request. `name` must always go with the same text (node-postgres refuses another on a connection that has it), so
 * only statements whose text is fixed and whose values are all parameters are named; PostgreSQL plans them again
 * itself when a table they read changes. `on` is a drizzle database over a pool or a connection, or either itself.
 */
export async function runPrepared<R extends pg.QueryResultRow>(
  on: Tx | pg.Pool | pg.PoolClient,
  name: string,
  query: SQL | { text: string; values: unknown[] },
): Promise<pg.QueryResult<R>> {
  const client =
    '$client' in on ? (on as Tx & { $client: pg.Pool | pg.PoolClient }).$client : (on as pg.Pool);
  const { text, values } =
    'text' in query
      ? query
      : (({ sql: t, params }) => ({ text: t, values: params }))(dialect.sqlToQuery(query));
  return client.query<R>({ name, text, values });
}

/** PostgreSQL's error code, also when a query builder wraps the driver's error (drizzle's DrizzleQueryError keeps it as its cause). */
export function pgCode(e: unknown): string | undefined {
  for (
    let x = e as { code?: unknown; cause?: unknown } | undefined, depth = 0;
    x && depth < 5;
    x = x.cause as typeof x, depth++
  ) {
    if (typeof x.code === 'string') return x.code;
  }
  return undefined;
}

/** PostgreSQL's answer to a row whose key (or another unique index) is taken. */
export const UNIQUE_VIOLATION = '23505';

/** A row as the workstation holds it: the server's bookkeeping column (its prison) taken off. */
export function withoutPrison(row: Record<string, unknown>): Record<string, unknown> {
  const { prison: _prison, ...rest } = row;
  return rest;
}

function conditions(twin: PgTwin, prison: string, where: Record<string, unknown>): SQL {
  const columns = getTableColumns(twin) as Record<string, PgColumn>;
  const parts: SQL[] = [eq(columns.prison!, prison)];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    const column = columns[key];
    if (!column) throw new Error(`${twin._.name} has no column ${key} on the server`);
    if (value === null) parts.push(isNull(column));
    else if (Array.isArray(value)) parts.push(inArray(column, value as unknown[]));
    else parts.push(eq(column, value));
  }
  return and(...parts)!;
}

/**
 * The same reads a command makes on a workstation, on the server's PostgreSQL, confined to one prison: a
 * command about another prison's prisoner finds nothing, and is refused as it would be locally.
 */
export function pgReader(tx: Tx, prison: string): Reader {
  async function all<T extends AnyTable>(
    table: T,
    where: Where<T> = {},
    options: ReadOptions<T> = {},
  ): Promise<Row<T>[]> {
    const twin = twinOf(tableInfo(table).name);
    const columns = getTableColumns(twin) as Record<string, PgColumn>;
    let q = tx
      .select()
      .from(twin)
      .where(conditions(twin, prison, where as Record<string, unknown>))
      .$dynamic();
    const order = (options.orderBy ?? []).map((k) => {
      const key = String(k);
      return key.startsWith('-') ? desc(columns[key.slice(1)]!) : asc(columns[key]!);
    });
    if (order.length) q = q.orderBy(...order);
    if (options.limit !== undefined) q = q.limit(options.limit);
    return (await q).map((r) => withoutPrison(r as Record<string, unknown>)) as Row<T>[];
  }
  return {
    all,
    one: async (table, where) => (await all(table, where, { limit: 1 }))[0],
  };
}

export interface LoggedChange {
  table: string;
  key: string;
  op: 'put' | 'delete';
  row: Record<string, unknown> | null;
}

/**
 * Applies a command's changes to one prison's data and returns each as the workstations will receive it: the
 * whole row after the change (or its key, for a delete).
 */
export async function applyToPostgres(
  tx: Tx,
  prison: string,
  changes: readonly Change[],
): Promise<LoggedChange[]> {
  const out: LoggedChange[] = [];
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    const info = tableInfo(change.table);
    const twin = twinOf(info.name);
    const columns = getTableColumns(twin) as Record<string, PgColumn>;
    const keyColumn = columns[info.primaryKey]!;
    if (change.op === 'insert') {
      // Consecutive inserts into one table go in one statement (an import adds thousands of rows).
      let j = i;
      while (
        j < changes.length &&
        j - i < 500 &&
        changes[j]!.op === 'insert' &&
        changes[j]!.table === change.table
      )
        j++;
      const values = changes
        .slice(i, j)
        .map((c) => ({ ...(c as Extract<Change, { op: 'insert' }>).row, prison }));
      const rows = (await tx.insert(twin).values(values).returning()) as Record<string, unknown>[];
      for (const row of rows)
        out.push({ table: info.name, key: String(row[info.primaryKey]), op: 'put', row: withoutPrison(row) });
      i = j - 1;
    } else if (change.op === 'update') {
      const rows = await tx
        .update(twin)
        .set(change.set)
        .where(and(eq(keyColumn, change.key), eq(columns.prison!, prison)))
        .returning();
      if (!rows.length) throw new Error(`No ${info.name} row ${String(change.key)} to update in ${prison}`);
      out.push({
        table: info.name,
        key: String(change.key),
        op: 'put',
        row: withoutPrison(rows[0] as Record<string, unknown>),
      });
    } else {
      await tx.delete(twin).where(and(eq(keyColumn, change.key), eq(columns.prison!, prison)));
      out.push({ table: info.name, key: String(change.key), op: 'delete', row: null });
    }
  }
  return out;
}

/** Records what a version of a prison's data changed, for the workstations to pull (from `first`, its positions). */
export async function logChanges(
  tx: Tx,
  prison: string,
  version: number,
  changes: readonly LoggedChange[],
  first = 0,
): Promise<void> {
  const rows = changes.map((c, i) => ({
    prison,
    version,
    position: first + i,
    tableName: c.table,
    key: c.key,
    op: c.op,
    row: c.row,
  }));
  for (let i = 0; i < rows.length; i += 1000) await tx.insert(changeLog).values(rows.slice(i, i + 1000));
}

/** prisonDigest's statement (the same for every prison: the prison is its one parameter). */
let digestText: string | undefined;

/**
 * The same digest as a workstation's (electron/core/replay.ts rowsDigest), of one prison's data on the server: every
 * table's rows of the prison read in one statement (it was a round trip for each table), each from its index on the
 * prison.
 */
export async function prisonDigest(tx: Tx, prison: string): Promise<Record<string, string>> {
  const { caseTables } = await import('../electron/core/tables');
  const { rowsDigest } = await import('../electron/core/replay');
  const tables = caseTables();
  // Prepared by name (runPrepared): planning its 60-odd reads took as long as running them, 100 times in each of the
  // convergence files.
  digestText ??= `SELECT ${tables
    .map((t, i) => `(SELECT json_agg(row_to_json(x)) FROM ${ident(t.name)} x WHERE x.prison = $1) AS t${i}`)
    .join(', ')}`;
  const { rows } = await runPrepared<Record<string, Record<string, unknown>[] | null>>(
    tx,
    'omu_prison_digest',
    {
      text: digestText,
      values: [prison],
    },
  );
  return rowsDigest((t) => (rows[0]![`t${tables.indexOf(t)}`] ?? []).map(fromSqlNames(t.name)));
}

/** A name quoted for SQL. */
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The SQL name of a case table's column, by its key as the workstation's rows have it. */
export function columnName(table: string, key: string): string {
  return (getTableColumns(twinOf(table)) as Record<string, PgColumn>)[key]!.name;
}

const renamers = new Map<string, (row: Record<string, unknown>) => Record<string, unknown>>();
/**
 * A row read as JSON by its SQL column names (row_to_json) given the keys a workstation's rows have, without its prison:
 * the same row drizzle's select gives (the twins' columns are text, integer, double precision, boolean and the audit
 * log's bigint number, which JSON carries as they are).
 */
export function fromSqlNames(table: string): (row: Record<string, unknown>) => Record<string, unknown> {
  let rename = renamers.get(table);
  if (!rename) {
    const pairs = Object.entries(getTableColumns(twinOf(table)) as Record<string, PgColumn>)
      .filter(([key]) => key !== 'prison')
      .map(([key, c]) => [key, c.name] as const);
    rename = (row) => {
      const out: Record<string, unknown> = {};
      for (const [key, name] of pairs) out[key] = row[name] ?? null;
      return out;
    };
    renamers.set(table, rename);
  }
  return rename;
}

/**
 * Rows brought whole from a workstation (a prison's first data) written into one table and logged for the pulls, in
 * one statement: PostgreSQL reads the rows from one JSON parameter (jsonb_to_recordset, keyed by the same names as the
 * workstation's rows) and writes each row's change-log entry from what it inserted, in the form a pull gives (the
 * row's keys as on the workstation, without its prison). Building thousands of rows' parameters and change-log rows in
 * JavaScript, as every other write does, made an 80,000-prisoner prison's first data take minutes (the sync bench).
 * Rows already there (a key taken) are skipped; `seq` (the audit log's number) is the server's own. Returns how many were written.
 */
export async function insertAndLogRows(
  tx: Tx,
  prison: string,
  table: string,
  rows: readonly Record<string, unknown>[] | SQL,
  version: number,
  firstPosition: number,
): Promise<number> {
  if (Array.isArray(rows) && !rows.length) return 0;
  // The rows as one jsonb value: given here, or an expression of the database's (a slice held in seed_slices).
  const source = Array.isArray(rows) ? sql`${JSON.stringify(rows)}::jsonb` : (rows as SQL);
  const info = tableInfo(table);
  const columns = Object.entries(getTableColumns(twinOf(table)) as Record<string, PgColumn>).filter(
    ([key]) => key !== 'prison',
  );
  const given = columns.filter(([key]) => !(table === 'audit_log' && key === 'seq'));
  const recordType = given.map(([key, c]) => `${ident(key)} ${c.getSQLType()}`).join(', ');
  // jsonb_build_object takes at most 100 arguments: the row is built from parts of 40 columns.
  const parts: string[] = [];
  for (let i = 0; i < columns.length; i += 40)
    parts.push(
      `jsonb_build_object(${columns
        .slice(i, i + 40)
        .map(([key, c]) => `'${key}', ins.${ident(c.name)}`)
        .join(', ')})`,
    );
  const key = columns.find(([k]) => k === info.primaryKey)![1];
  const statement = (skipHeld: boolean) => sql`
    WITH ins AS (
      INSERT INTO ${sql.raw(ident(table))} (${sql.raw(given.map(([, c]) => ident(c.name)).join(', '))}, prison)
      SELECT ${sql.raw(given.map(([k]) => `x.${ident(k)}`).join(', '))}, ${prison}
      FROM jsonb_to_recordset(${source}) AS x(${sql.raw(recordType)})
      ${skipHeld ? sql`ON CONFLICT DO NOTHING` : sql``}
      RETURNING *
    )
    INSERT INTO change_log (prison, version, position, table_name, key, op, row)
    SELECT ${prison}, ${version}, ${firstPosition}::int + (row_number() OVER ())::int - 1, ${table},
      ins.${sql.raw(ident(key.name))}::text, 'put', ${sql.raw(parts.join(' || '))}
    FROM ins`;
  // A plain insert first: ON CONFLICT DO NOTHING checks every unique index of every row before inserting it, which
  // took two fifths of a slice's time (2,000 prisoners: 560 ms with it, 360 ms without, the sync bench's 80,000 first
  // data). Only when a row is already there (its key taken) is the slice written again, skipping what is held.
  await tx.execute(sql`SAVEPOINT seed_rows`);
  let result;
  try {
    result = await tx.execute(statement(false));
    await tx.execute(sql`RELEASE SAVEPOINT seed_rows`);
  } catch (e) {
    if (pgCode(e) !== UNIQUE_VIOLATION) throw e;
    await tx.execute(sql`ROLLBACK TO SAVEPOINT seed_rows`);
    result = await tx.execute(statement(true));
  }
  return result.rowCount ?? 0;
}
