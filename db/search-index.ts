import type Database from 'better-sqlite3';

/**
 * The prisoners' search index (migration 0003: an FTS5 trigram table kept by three triggers) is filled by its insert
 * trigger one row at a time, about 50 µs a row. When a write adds at least this many prisoners, the trigger is set
 * aside inside the caller's transaction, the new rows are indexed by one statement, and the trigger is put back
 * exactly as it was; a rollback undoes all of it (tests/integration/import.test.ts checks the triggers after both).
 */
export const BULK_INDEX_FROM = 500;

const TRIGGER = 'prisoners_search_ai';

export function deferSearchIndex<T>(sqlite: Database.Database, newPrisoners: number, write: () => T): T {
  const restore = setSearchIndexAside(sqlite, newPrisoners);
  const result = write();
  restore();
  return result;
}

/** The first half of `deferSearchIndex`: sets the trigger aside when it would, and returns what fills the index and puts it back. */
export function setSearchIndexAside(sqlite: Database.Database, newPrisoners: number): () => void {
  const trigger =
    newPrisoners >= BULK_INDEX_FROM
      ? (sqlite
          .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
          .pluck()
          .get(TRIGGER) as string | undefined)
      : undefined;
  if (!trigger) return () => undefined;
  const last = sqlite.prepare('SELECT coalesce(max(rowid), 0) FROM prisoners').pluck().get() as number;
  sqlite.exec(`DROP TRIGGER ${TRIGGER}`);
  return () => {
    sqlite
      .prepare(
        'INSERT INTO prisoner_search(rowid, search_text) SELECT rowid, search_text FROM prisoners WHERE rowid > ?',
      )
      .run(last);
    sqlite.exec(trigger);
  };
}
