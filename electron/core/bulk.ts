import type Database from 'better-sqlite3';
import { Column, getTableColumns, is, SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../../db/open';
import { deferSearchIndex, setSearchIndexAside } from '../../db/search-index';
import { setIndexesAside } from '../../db/deferred-indexes';
import { applyToSqlite, sqliteReader, type AppliedChange, type Change } from './data';
import { tableInfo, type AnyTable, type TableInfo } from './tables';
import { decisionParts, type Decision } from './operations';
import type { AuditService } from '../domain/audit/service';
import type { CallContext, Store } from '../domain/shared/context';

/**
 * The runner's bulk path (issue 15, issue 18 item 3): a decision with this many changes or more (a caseload file of
 * 80,000 prisoners makes 80,000 inserts) is applied through statements prepared once per table and shape, with
 * consecutive inserts into one table written many rows to a statement, and the prisoners' search index filled once
 * for all the new rows rather than by its trigger row by row (db/search-index.ts). It writes what `applyToSqlite`
 * writes, value for value (each through its column's own mapping, as drizzle does): tests/integration/commands/
 * bulk-apply.test.ts applies the same changes both ways and compares every table. It runs inside the runner's one
 * IMMEDIATE transaction, so a failure at any row leaves nothing written.
 */
export const BULK_FROM = 500;

/** Rows written by one multi-row INSERT: under SQLite's 32,766 variables for the widest table (prisoners, 47 columns). */
const ROWS_PER_INSERT = 200;

interface Columns {
  /** JS key and SQL name of every column a row can write (generated ones are SQLite's). */
  list: { key: string; name: string; column: SQLiteColumn; asIs: boolean }[];
  /** A column whose default drizzle would work out in JavaScript or SQL: such a table goes through applyToSqlite. */
  computedDefault: boolean;
}

const columnsOf = new Map<string, Columns>();
function columns(info: TableInfo): Columns {
  let c = columnsOf.get(info.name);
  if (!c) {
    const all = Object.entries(getTableColumns(info.table) as Record<string, SQLiteColumn>).filter(
      ([key]) => !info.generated.includes(key),
    );
    c = {
      // A column whose mapping is drizzle's own identity binds its values as they are, without a call for each of
      // the 3.8 million values of an 80,000-row caseload file (issue 18 item 3).
      list: all.map(([key, column]) => ({
        key,
        name: column.name,
        column,
        asIs: column.mapToDriverValue === Column.prototype.mapToDriverValue,
      })),
      computedDefault: all.some(
        ([, col]) => col.defaultFn !== undefined || col.onUpdateFn !== undefined || is(col.default, SQL),
      ),
    };
    columnsOf.set(info.name, c);
  }
  return c;
}

/** A value as drizzle binds it: null as null, anything else through the column's mapping (booleans to 0/1). */
const bind = (column: SQLiteColumn, value: unknown) =>
  value === null ? null : column.mapToDriverValue(value as never);
/** A value a row leaves out, as drizzle fills it: the column's default, or NULL. */
const fill = (column: SQLiteColumn) =>
  column.default !== undefined && column.default !== null ? bind(column, column.default) : null;

/** Statements prepared on one connection, by SQL text. */
const preparedByConnection = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prepared(sqlite: Database.Database, sql: string): Database.Statement {
  let statements = preparedByConnection.get(sqlite);
  if (!statements) preparedByConnection.set(sqlite, (statements = new Map()));
  let statement = statements.get(sql);
  if (!statement) statements.set(sql, (statement = sqlite.prepare(sql)));
  return statement;
}

function insertRows(sqlite: Database.Database, info: TableInfo, rows: Record<string, unknown>[]): void {
  const { list } = columns(info);
  const tuple = `(${list.map(() => '?').join(', ')})`;
  const head = `INSERT INTO "${info.name}" (${list.map((c) => `"${c.name}"`).join(', ')}) VALUES `;
  const values: unknown[] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const slice = rows.slice(i, i + ROWS_PER_INSERT);
    values.length = 0;
    for (const row of slice)
      for (const c of list) {
        const v = row[c.key];
        values.push(v === undefined ? fill(c.column) : c.asIs ? v : bind(c.column, v));
      }
    prepared(sqlite, head + Array.from({ length: slice.length }, () => tuple).join(', ')).run(values);
  }
}

/**
 * Applies changes as `applyToSqlite` does, inside the caller's transaction, in bulk (above). Returns each change
 * with its before-image (kept only when asked: a joined workstation's rebase needs them).
 */
export function applyInBulk(
  db: Db,
  sqlite: Database.Database,
  changes: readonly Change[],
  options: { keepBefore?: boolean } = {},
): AppliedChange[] {
  const applied: AppliedChange[] = [];
  const newPrisoners = changes.filter((c) => c.op === 'insert' && c.table === 'prisoners').length;
  deferSearchIndex(sqlite, newPrisoners, () => applyChanges(db, sqlite, changes, options, applied));
  return applied;
}

/** The bulk path's writes, without the search index's deferral; each change applied is given to `applied`. */
function applyChanges(
  db: Db,
  sqlite: Database.Database,
  changes: readonly Change[],
  options: { keepBefore?: boolean },
  applied: { push(c: AppliedChange): unknown },
): void {
  const reader = sqliteReader(db);
  let i = 0;
  while (i < changes.length) {
    const change = changes[i]!;
    const info = tableInfo(change.table);
    let j = i + 1;
    if (change.op === 'insert')
      while (j < changes.length && changes[j]!.op === 'insert' && changes[j]!.table === change.table) j++;
    if (columns(info).computedDefault) {
      for (const c of applyToSqlite(db, changes.slice(i, j), options)) applied.push(c);
    } else if (change.op === 'insert') {
      insertRows(
        sqlite,
        info,
        changes.slice(i, j).map((c) => (c as Extract<Change, { op: 'insert' }>).row),
      );
      for (let k = i; k < j; k++) applied.push({ ...changes[k]!, before: null });
    } else {
      const before =
        options.keepBefore !== false
          ? ((reader.oneSync(info.table as AnyTable, { [info.primaryKey]: change.key }) as
              Record<string, unknown> | undefined) ?? null)
          : null;
      const key = columns(info).list.find((c) => c.key === info.primaryKey)!;
      if (change.op === 'update') {
        const set = columns(info).list.filter((c) => change.set[c.key] !== undefined);
        const result = prepared(
          sqlite,
          `UPDATE "${info.name}" SET ${set.map((c) => `"${c.name}" = ?`).join(', ')} WHERE "${key.name}" = ?`,
        ).run([...set.map((c) => bind(c.column, change.set[c.key])), bind(key.column, change.key)]);
        if (result.changes === 0) throw new Error(`No ${info.name} row ${String(change.key)} to update`);
      } else {
        prepared(sqlite, `DELETE FROM "${info.name}" WHERE "${key.name}" = ?`).run(
          bind(key.column, change.key),
        );
      }
      applied.push({
        ...change,
        prisonerId:
          change.prisonerId ?? (before && info.prisonerKey ? (before[info.prisonerKey] as string) : null),
        before,
      });
    }
    i = j;
  }
}

export interface AppliedDecision {
  /** Each change with its before-image, and with `auditChanges` each audit entry written; empty unless `keep`. */
  applied: AppliedChange[];
  /** The prisoners the decision changed ('*' for what concerns all of them: staff, rules, settings). */
  affected: string[];
}

/**
 * Applies a decision's changes and audit entries inside the caller's transaction: through the bulk path from
 * BULK_FROM of them, otherwise change by change, part by part when the decision makes them as it goes
 * (`Decision.more`: a large file's rows, so that no more than one part of them is held at once). With `auditChanges`,
 * each audit entry written is returned among the changes too (what a joined workstation sends and a rerun gives back);
 * without `keep`, the changes are not kept at all, only the prisoners they affected. `bulk` chooses the path whatever
 * the size.
 */
export function applyDecision(
  store: Store,
  audit: AuditService,
  decision: Pick<Decision<unknown>, 'changes' | 'audit' | 'more'>,
  ctx: CallContext,
  options: ApplyOptions,
): AppliedDecision {
  const steps = applying(store, audit, decision, ctx, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `applyDecision`, reporting each part's `progress` as it is written and letting the event loop turn after it, so
 * that a door can answer meanwhile (the demo's progress bar). Still inside the caller's one transaction: the caller
 * lets no other change in while it waits (the router refuses them while the demo loads).
 */
export async function applyDecisionPaced(
  store: Store,
  audit: AuditService,
  decision: Pick<Decision<unknown>, 'changes' | 'audit' | 'more'>,
  ctx: CallContext,
  options: ApplyOptions,
  onProgress: (progress: unknown) => void,
): Promise<AppliedDecision> {
  const steps = applying(store, audit, decision, ctx, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    onProgress(step.value);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

interface ApplyOptions {
  keepBefore: boolean;
  auditChanges: boolean;
  keep?: boolean;
  bulk?: boolean;
  /**
   * Whether a part may name its own actor (`DecisionPart.actor`): only for a workstation's own command
   * (`CommandDef.workstationOnly`). Any other decision whose part names someone else is refused before anything is
   * written, so that no command can put another person's name on its audit entries.
   */
  partActors?: boolean;
}

/** The writes of `applyDecision`, yielding each part's `progress` once the part is written. */
function* applying(
  store: Store,
  audit: AuditService,
  decision: Pick<Decision<unknown>, 'changes' | 'audit' | 'more'>,
  ctx: CallContext,
  options: ApplyOptions,
): Generator<unknown, AppliedDecision> {
  const keep = options.keep ?? true;
  const size = decision.changes.length + decision.audit.length + (decision.more?.atLeast ?? 0);
  const bulk = options.bulk ?? size >= BULK_FROM;
  const applied: AppliedChange[] = [];
  const affected = new Set<string>();
  const note = (c: AppliedChange) => {
    if (keep) applied.push(c);
    if (c.prisonerId) affected.add(c.prisonerId);
    else if (c.table === 'staff' || c.table === 'policy_rule_versions' || c.table === 'settings')
      affected.add('*');
  };
  const sink = { push: note };
  const restore: (() => void)[] = [];
  if (bulk) {
    // Decided before the rows are made: a decision with parts counts as many new prisoners as it makes changes at least.
    const newPrisoners = decision.more
      ? decision.more.atLeast
      : decision.changes.filter((c) => c.op === 'insert' && c.table === 'prisoners').length;
    // The prisoners' and the audit log's own indexes are built once at the end when the decision at least doubles the
    // table (db/deferred-indexes.ts); the audit log's count is the decision's size, changes and entries together.
    restore.push(setSearchIndexAside(store.sqlite, newPrisoners));
    restore.push(setIndexesAside(store.sqlite, 'prisoners', newPrisoners));
    restore.push(setIndexesAside(store.sqlite, 'audit_log', size));
  }
  for (const part of decisionParts(decision)) {
    if (part.actor && !options.partActors)
      throw new Error(
        `A command's decision named ${part.actor.name} on its audit entries: only a workstation's own command may name someone other than ${ctx.actor.name}.`,
      );
    if (bulk) applyChanges(store.db, store.sqlite, part.changes, options, sink);
    else for (const c of applyToSqlite(store.db, part.changes, options)) note(c);
    const by = part.actor ? { ...ctx, actor: part.actor } : ctx;
    const seqs = bulk ? audit.recordMany(by, part.audit) : part.audit.map((entry) => audit.record(by, entry));
    if (options.auditChanges)
      part.audit.forEach((entry, i) =>
        note({
          op: 'insert',
          table: 'audit_log',
          row: { seq: seqs[i] },
          prisonerId: entry.prisonerId ?? null,
          before: null,
        }),
      );
    if (part.progress !== undefined) yield part.progress;
  }
  // As the deferrals nest: the audit log's indexes first, the search index last.
  for (const r of restore.reverse()) r();
  return { applied, affected: [...affected] };
}
