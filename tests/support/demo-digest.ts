import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/** A ULID as the ids in this database are written (electron/domain/shared/ids.ts). */
const ULID = /\b[0-9A-HJKMNP-TV-Z]{26}\b/g;

/**
 * A digest of every table of a database loaded with the demo caseload, made so that two loads compare equal when they
 * wrote the same data, whatever random ids they were given: each prisoner's id is replaced by his prisoner number and
 * each member of staff's by the name, any other id by `#`, wherever it appears (in a row's JSON too); the audit
 * chain's hashes, which are made from those ids, are left out, and rows are compared as a sorted list, not by key.
 * The due list's stored tables (`due_*`, db/schema/due.ts) are left out too: they are worked out from the case tables
 * by the due service, on a read or in the background, not written by the demo (and `due_count_state` holds its one
 * row from the migration on).
 */
export function demoDigest(sqlite: Database.Database): Record<string, string> {
  const names = new Map<string, string>();
  for (const r of sqlite.prepare('SELECT id, prisoner_number AS n FROM prisoners').all() as {
    id: string;
    n: string;
  }[])
    names.set(r.id, `prisoner ${r.n}`);
  for (const r of sqlite.prepare('SELECT id, name FROM staff').all() as { id: string; name: string }[])
    names.set(r.id, `staff ${r.name}`);
  const tables = sqlite
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%search%' AND name NOT LIKE 'due\\_%' ESCAPE '\\' ORDER BY name",
    )
    .pluck()
    .all() as string[];
  const out: Record<string, string> = {};
  for (const t of tables) {
    const columns = (
      sqlite.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t) as string[]
    ).filter((c) => !/hash/i.test(c));
    const rows = (
      sqlite
        .prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${t}"`)
        .raw()
        .all() as unknown[][]
    ).map((r) => JSON.stringify(r).replace(ULID, (id) => names.get(id) ?? '#'));
    rows.sort();
    const hash = createHash('sha256');
    for (const r of rows) hash.update(`${r}\n`);
    out[t] = `${rows.length}:${hash.digest('hex').slice(0, 16)}`;
  }
  return out;
}
