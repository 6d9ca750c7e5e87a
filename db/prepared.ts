import type { Db } from './open';

/**
 * Statements kept prepared for each open database, by a key the caller gives (what the statement does, on which table
 * and columns): for statements run many times over, such as a rebase's, once for each change it takes back or applies.
 * drizzle builds a statement's SQL and SQLite prepares it on every call otherwise, which was most of their cost. Built
 * with drizzle's placeholders (`sql.placeholder`), their values are mapped to SQLite as drizzle maps them.
 */
const preparedByDb = new WeakMap<Db, Map<string, unknown>>();

export function prepared<T>(db: Db, key: string, build: () => T): T {
  let kept = preparedByDb.get(db);
  if (!kept) preparedByDb.set(db, (kept = new Map()));
  let statement = kept.get(key) as T | undefined;
  if (!statement) kept.set(key, (statement = build()));
  return statement;
}
