import { getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { getTableColumns, is, Table } from 'drizzle-orm';
import * as schema from '../../db/schema';

/**
 * The tables commands may change, described once (by the drizzle schema in db/schema) and looked at here for
 * what the runner, the replay check and the unit server need: the primary key, the prisoner a row belongs to,
 * and whether a table is case data shared with the unit or this workstation's own bookkeeping.
 */
export type AnyTable = SQLiteTable;
export type Row<T extends AnyTable> = T['$inferSelect'];
export type NewRow<T extends AnyTable> = T['$inferInsert'];

export interface TableInfo {
  /** SQL name, e.g. `monitoring_authorisations`. */
  name: string;
  /** Tables this one references (its parents). */
  parents: string[];
  /** Each reference to another table: the JS key of the column and the table it points at. */
  references: { column: string; parent: string }[];
  /** Columns SQLite works out itself (never written, never sent). */
  generated: string[];
  table: AnyTable;
  /** JS key of the primary key column (`id`, `key`, `seq`). */
  primaryKey: string;
  /** JS key of the column holding the prisoner's id, when rows belong to one prisoner. */
  prisonerKey: string | null;
  /** Case data (changed only by commands, replayed, shared with the unit) or this workstation's own state. */
  scope: 'case' | 'local';
}

/**
 * Tables that are this workstation's own state: never changed by a command, never replayed, never sent to the
 * unit server. Everything else is case data. The credential store's tables (electron/domain/credentials) are here:
 * passwords are not case data, and the unit server keeps its own.
 */
const LOCAL_TABLES = new Set([
  'staff_credentials',
  'one_time_codes',
  'os_account_bindings',
  'sign_in_log',
  'audit_chain',
  'command_log',
  'sync_link',
  'pending_changes',
  'credential_cache',
  'due_prisoners',
  'due_items',
  'due_generations',
  'due_count_state',
  'due_count_days',
  'due_count_months',
  '__drizzle_migrations',
]);

function describe(table: AnyTable): TableInfo {
  const config = getTableConfig(table);
  const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
  const keyOf = (sqlName: string) => Object.entries(columns).find(([, c]) => c.name === sqlName)?.[0] ?? null;
  const pkColumn =
    Object.entries(columns).find(([, c]) => c.primary)?.[0] ?? config.primaryKeys[0]?.columns[0]?.name;
  if (!pkColumn) throw new Error(`Table ${config.name} has no single-column primary key`);
  return {
    name: config.name,
    parents: [
      ...new Set(
        config.foreignKeys
          .map((fk) => getTableConfig(fk.reference().foreignTable).name)
          .filter((n) => n !== config.name),
      ),
    ],
    references: config.foreignKeys.map((fk) => {
      const ref = fk.reference();
      return { column: keyOf(ref.columns[0]!.name)!, parent: getTableConfig(ref.foreignTable).name };
    }),
    generated: Object.entries(columns)
      .filter(([, c]) => c.generated)
      .map(([k]) => k),
    table,
    primaryKey: keyOf(pkColumn) ?? pkColumn,
    prisonerKey: config.name === 'prisoners' ? 'id' : keyOf('prisoner_id'),
    scope: LOCAL_TABLES.has(config.name) ? 'local' : 'case',
  };
}

/** Every table described, on first use: a command-line call that never writes does not pay for it (issue 18). */
let described: {
  byName: Map<string, TableInfo>;
  byTable: Map<AnyTable, TableInfo>;
  ordered: TableInfo[];
} | null = null;
function describeAll() {
  if (described) return described;
  const byName = new Map<string, TableInfo>();
  const byTable = new Map<AnyTable, TableInfo>();
  for (const value of Object.values(schema)) {
    if (!is(value, Table)) continue;
    const info = describe(value as AnyTable);
    byName.set(info.name, info);
    byTable.set(value as AnyTable, info);
  }
  // Every table of the schema, parents before children, so that rows can be written in this order.
  const ordered: TableInfo[] = [];
  const placed = new Set<string>();
  const place = (info: TableInfo) => {
    if (placed.has(info.name)) return;
    placed.add(info.name);
    for (const parent of info.parents) place(byName.get(parent)!);
    ordered.push(info);
  };
  for (const info of [...byName.values()].sort((a, b) => a.name.localeCompare(b.name))) place(info);
  described = { byName, byTable, ordered };
  return described;
}

export function tableInfo(table: AnyTable | string): TableInfo {
  const { byName, byTable } = describeAll();
  const info = typeof table === 'string' ? byName.get(table) : byTable.get(table);
  if (!info)
    throw new Error(`Unknown table ${typeof table === 'string' ? table : getTableConfig(table).name}`);
  return info;
}

/** Every table of the schema, parents before children, so that rows can be written in this order. */
export const allTables = (): TableInfo[] => describeAll().ordered;

/** Case data tables: what commands change and what a replay or a sync must reproduce exactly. */
export const caseTables = (): TableInfo[] => allTables().filter((t) => t.scope === 'case');
