import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { PRISONER_FIELDS } from '../../electron/domain/caseload/fields';

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
/**
 * An audit entry's row with a new prisoner's `after` as his whole record, every field (a blank one as null) in
 * alphabetical order: an entry written without its blank fields (since issue 18 item 3) digests as the same entry
 * written with them, in the order the demo made them.
 */
function asRead(columns: string[], row: unknown[]): unknown[] {
  const at = (name: string) => row[columns.indexOf(name)];
  if (at('entity') !== 'prisoner' || at('action') !== 'create' || typeof at('after') !== 'string') return row;
  const copy = [...row];
  const after = JSON.parse(at('after') as string) as Record<string, unknown>;
  for (const f of PRISONER_FIELDS) after[f.key] ??= null;
  copy[columns.indexOf('after')] = JSON.stringify(Object.fromEntries(Object.entries(after).sort()));
  return copy;
}

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
    ).map((r) =>
      JSON.stringify(t === 'audit_log' ? asRead(columns, r) : r).replace(ULID, (id) => names.get(id) ?? '#'),
    );
    rows.sort();
    const hash = createHash('sha256');
    for (const r of rows) hash.update(`${r}\n`);
    out[t] = `${rows.length}:${hash.digest('hex').slice(0, 16)}`;
  }
  return out;
}
