import type Database from 'better-sqlite3';

/**
 * A table's own indexes (those a migration created: the `sqlite_autoindex_*` of a primary key stay) set aside while a
 * write adds at least as many rows as the table holds, and made again, from the same SQL, once it is done: SQLite then
 * builds each from the sorted rows in one pass instead of placing 80,000 random prisoner numbers and ULIDs one at a
 * time into six b-trees (issue 18 item 3: an 80,000-row import spent about a quarter of its SQLite time there). It
 * runs inside the caller's transaction, so a rollback, or a failure at any row, puts every index back as it was; a
 * UNIQUE index made again refuses a duplicate as the insert would have, and the transaction fails with it.
 */
export const DEFER_INDEXES_FROM = 500;

export function deferIndexes<T>(
  sqlite: Database.Database,
  table: string,
  newRows: number,
  write: () => T,
): T {
  const restore = setIndexesAside(sqlite, table, newRows);
  const result = write();
  restore();
  return result;
}

/** The first half of `deferIndexes`: sets the indexes aside when it would, and returns what makes them again. */
export function setIndexesAside(sqlite: Database.Database, table: string, newRows: number): () => void {
  if (newRows < DEFER_INDEXES_FROM) return () => undefined;
  const held = sqlite.prepare(`SELECT coalesce(max(rowid), 0) FROM "${table}"`).pluck().get() as number;
  if (newRows < held) return () => undefined;
  const indexes = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL")
    .all(table) as { name: string; sql: string }[];
  for (const i of indexes) sqlite.exec(`DROP INDEX "${i.name}"`);
  return () => {
    for (const i of indexes) sqlite.exec(i.sql);
  };
}
