import { and, asc, count, desc, eq, getTableColumns, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/open';
import { tableInfo, type AnyTable, type NewRow, type Row } from './tables';

/**
 * What a command may read and what it may change, in the words of the drizzle schema. The reader is written
 * against an interface that the unit server implements over PostgreSQL, so one command's code runs in both
 * places; its methods return promises for that reason (on SQLite they are already resolved).
 */

/** Equality filters: a value, `null` (IS NULL) or a list of values (IN). */
export type Where<T extends AnyTable> = {
  [K in keyof Row<T>]?: Row<T>[K] | readonly NonNullable<Row<T>[K]>[] | null;
};
export interface ReadOptions<T extends AnyTable> {
  orderBy?: readonly (keyof Row<T> | `-${Extract<keyof Row<T>, string>}`)[];
  limit?: number;
}

export interface Reader {
  one<T extends AnyTable>(table: T, where: Where<T>): Promise<Row<T> | undefined>;
  all<T extends AnyTable>(table: T, where?: Where<T>, options?: ReadOptions<T>): Promise<Row<T>[]>;
}

/** One change to one row, keyed by its primary key; what a command decides, the runner applies and the server sends. */
export type Change =
  | { op: 'insert'; table: string; row: Record<string, unknown>; prisonerId?: string | null }
  | {
      op: 'update';
      table: string;
      key: string | number;
      set: Record<string, unknown>;
      prisonerId?: string | null;
    }
  | { op: 'delete'; table: string; key: string | number; prisonerId?: string | null };

/** A change as applied, with the row as it was before, so that a workstation can take back a change not yet accepted. */
export type AppliedChange = Change & { before: Record<string, unknown> | null };

const MAX_VARIABLES = 30_000;

/**
 * An IN list at least this long is bound as one JSON array and read back by SQLite's json_each, rather than as one
 * variable a value: a caseload file's 80,000 prisoner numbers made drizzle build and SQLite prepare three statements
 * of 30,000 variables each (about 6 % of an 80,000-row import's time, issue 18 item 3).
 */
const JSON_LIST_FROM = 500;

function condition<T extends AnyTable>(table: T, where: Where<T>): SQL | undefined {
  const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
  const parts: SQL[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    const column = columns[key];
    if (!column) throw new Error(`${tableInfo(table).name} has no column ${key}`);
    if (value === null) parts.push(isNull(column));
    else if (Array.isArray(value) && value.length >= JSON_LIST_FROM) {
      const json = JSON.stringify((value as unknown[]).map((v) => column.mapToDriverValue(v)));
      parts.push(sql`${column} IN (SELECT value FROM json_each(${json}))`);
    } else if (Array.isArray(value)) parts.push(inArray(column, value as unknown[]));
    else parts.push(eq(column, value));
  }
  return parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : and(...parts);
}

function ordering<T extends AnyTable>(table: T, orderBy: ReadOptions<T>['orderBy']): SQL[] {
  const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
  return (orderBy ?? []).map((k) => {
    const key = String(k);
    return key.startsWith('-') ? desc(columns[key.slice(1)]!) : asc(columns[key]!);
  });
}

/** How many rows of `table` match `where`, synchronously (drizzle's own `$count` answers with a promise). */
export function countSync(db: Pick<Db, 'select'>, table: AnyTable, where?: SQL): number {
  return db.select({ n: count() }).from(table).where(where).get()!.n;
}

interface PreparedRead {
  all(values: Record<string, unknown>): unknown[];
}
/** Statements prepared for equality reads, by connection (a restore opens a new one) and shape of read. */
const preparedByDb = new WeakMap<Db, Map<string, PreparedRead>>();

export interface SqliteReader extends Reader {
  oneSync<T extends AnyTable>(table: T, where: Where<T>): Row<T> | undefined;
  allSync<T extends AnyTable>(table: T, where?: Where<T>, options?: ReadOptions<T>): Row<T>[];
}

/** Reads on this workstation's SQLite file, synchronously underneath. */
export function sqliteReader(db: Db): SqliteReader {
  function allSync<T extends AnyTable>(
    table: T,
    where: Where<T> = {},
    options: ReadOptions<T> = {},
  ): Row<T>[] {
    const entries = Object.entries(where).filter(([, v]) => v !== undefined);
    if (!entries.some(([, v]) => Array.isArray(v))) return preparedRead(table, entries, options);
    let q = db.select().from(table).where(condition(table, where)).$dynamic();
    const order = ordering(table, options.orderBy);
    if (order.length) q = q.orderBy(...order);
    if (options.limit !== undefined) q = q.limit(options.limit);
    return q.all() as Row<T>[];
  }

  /**
   * A read by equal values (no IN list) through a statement prepared once per table, columns (each a value or NULL),
   * order and limit, on this connection: building a drizzle query cost about 0.1 ms each time, and commands read
   * a few rows this way for each prisoner (issue 18: the demo's and the packs' per-prisoner reads). Values go through
   * each column's own mapping to SQLite (booleans, JSON), as drizzle does for values written into a query.
   */
  function preparedRead<T extends AnyTable>(
    table: T,
    entries: [string, unknown][],
    options: ReadOptions<T>,
  ): Row<T>[] {
    const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
    const key = `${tableInfo(table).name}|${entries.map(([k, v]) => (v === null ? `${k}=null` : k)).join(',')}|${(options.orderBy ?? []).join(',')}|${options.limit ?? ''}`;
    let statements = preparedByDb.get(db);
    if (!statements) preparedByDb.set(db, (statements = new Map()));
    let statement = statements.get(key);
    if (!statement) {
      const parts: SQL[] = entries.map(([k, v]) => {
        const column = columns[k];
        if (!column) throw new Error(`${tableInfo(table).name} has no column ${k}`);
        return v === null ? isNull(column) : eq(column, sql.placeholder(k));
      });
      let q = db
        .select()
        .from(table)
        .where(parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : and(...parts))
        .$dynamic();
      const order = ordering(table, options.orderBy);
      if (order.length) q = q.orderBy(...order);
      if (options.limit !== undefined) q = q.limit(options.limit);
      statement = q.prepare() as unknown as PreparedRead;
      statements.set(key, statement);
    }
    const values: Record<string, unknown> = {};
    for (const [k, v] of entries) if (v !== null) values[k] = columns[k]!.mapToDriverValue(v);
    return statement.all(values) as Row<T>[];
  }
  const oneSync = <T extends AnyTable>(table: T, where: Where<T>): Row<T> | undefined =>
    allSync(table, where, { limit: 1 })[0];
  return {
    oneSync,
    allSync,
    one: async (table, where) => oneSync(table, where),
    all: async (table, where, options) => allSync(table, where, options),
  };
}

function keyColumn(table: AnyTable): SQLiteColumn {
  const info = tableInfo(table);
  return (getTableColumns(table) as Record<string, SQLiteColumn>)[info.primaryKey]!;
}

/**
 * Applies changes to the SQLite file inside the caller's transaction, returning each with its before-image.
 * Consecutive inserts into one table are written as multi-row statements (an import writes thousands).
 */
export function applyToSqlite(
  db: Db,
  changes: readonly Change[],
  options: { keepBefore?: boolean } = {},
): AppliedChange[] {
  const applied: AppliedChange[] = [];
  let i = 0;
  while (i < changes.length) {
    const change = changes[i]!;
    const info = tableInfo(change.table);
    const table = info.table;
    if (change.op === 'insert') {
      let j = i;
      while (j < changes.length && changes[j]!.op === 'insert' && changes[j]!.table === change.table) j++;
      const rows = changes.slice(i, j).map((c) => (c as Extract<Change, { op: 'insert' }>).row);
      const perRow = Math.max(1, Object.keys(rows[0] ?? {}).length);
      const chunk = Math.max(1, Math.floor(MAX_VARIABLES / perRow / 4));
      for (let k = 0; k < rows.length; k += chunk)
        db.insert(table)
          .values(rows.slice(k, k + chunk) as NewRow<AnyTable>[])
          .run();
      for (let k = i; k < j; k++) applied.push({ ...changes[k]!, before: null });
      i = j;
      continue;
    }
    const key = keyColumn(table);
    const before =
      options.keepBefore !== false
        ? ((db.select().from(table).where(eq(key, change.key)).get() as
            Record<string, unknown> | undefined) ?? null)
        : null;
    if (change.op === 'update') {
      const result = db
        .update(table)
        .set(change.set as never)
        .where(eq(key, change.key))
        .run();
      if (result.changes === 0) throw new Error(`No ${info.name} row ${String(change.key)} to update`);
    } else {
      db.delete(table).where(eq(key, change.key)).run();
    }
    applied.push({
      ...change,
      prisonerId:
        change.prisonerId ?? (before && info.prisonerKey ? (before[info.prisonerKey] as string) : null),
      before,
    });
    i++;
  }
  return applied;
}
