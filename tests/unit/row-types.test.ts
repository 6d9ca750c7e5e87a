import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findHandWrittenRows, sourceFiles, type Finding } from '../support/row-types';

/**
 * One description of each table (issue 15, item 4): the drizzle schema in db/schema. A query goes through drizzle
 * (`db.select(...)`, the commands' Reader), or through SQL whose row type is derived from the schema
 * (`Row<typeof table>`, `Pick<...>`), so that renaming a column fails to compile instead of failing at run time.
 *
 * A type check cannot be run as a test, so this test reads the main process's slices and core (electron/domain,
 * electron/core, electron/sync, electron/documents) with the TypeScript parser and finds the three ways a table
 * gets described a second time:
 *  - a raw statement's rows cast to a hand-written type: `stmt.all(id) as { surname: string }[]`, `.get() as FooRow`;
 *  - a row read by position: `r[3] as string`;
 *  - a type or interface with SQL column names (snake_case members), the shape of a `SELECT *` row.
 * Not a second description, so allowed: a cast to a type derived from the schema (its text names `$inferSelect`,
 * `$inferInsert`, `Row<` or `NewRow<`), a cast narrowing a drizzle query's rows (`.from(table)`: already typed by the
 * schema), and reads of SQLite's own catalog (sqlite_master, pragma_table_info).
 */

const ROOTS = ['electron/domain', 'electron/core', 'electron/sync', 'electron/documents'];

/** Files that still describe rows by hand, with how many places; a file may go down, never up, and no other file may start. */
const STILL_HAND_WRITTEN: Record<string, number> = {};

describe('tables are described once, by the drizzle schema', () => {
  it('finds each way of describing a row by hand (the scanner itself)', () => {
    const found = findHandWrittenRows(
      'x.ts',
      `interface TaskRow { item_key: string; completed_on: string | null }
       const a = sqlite.prepare('SELECT * FROM t').all(id) as TaskRow[];
       const b = stmt.get() as { n: number };
       const c = r[3] as string;
       const ok1 = sqlite.prepare('SELECT * FROM t').all() as Row<typeof t>[];
       const ok2 = db.select().from(t).all();
       const ok3 = JSON.parse(s) as string[];
       const q = db.select(columns).from(prisoners).$dynamic();
       const ok4 = (join ? q.leftJoin(staff, on) : q).where(w).all() as CaseloadRow[];
       const ok5 = sqlite.prepare("SELECT sql FROM sqlite_master WHERE name = 'x'").pluck().get() as string;
       const byId = sqlite.prepare('SELECT * FROM staff WHERE id = ?');
       const e = byId.get(id) as StaffRow | undefined;`,
    );
    expect(found.map((f) => [f.line, f.why])).toEqual([
      [1, 'a row type with SQL column names (item_key)'],
      [2, 'rows of a raw statement cast to a hand-written type'],
      [3, 'rows of a raw statement cast to a hand-written type'],
      [4, 'a row read by position'],
      [12, 'rows of a raw statement cast to a hand-written type'],
    ]);
  });

  it('no slice or core module declares a row type of its own', () => {
    const byFile = new Map<string, Finding[]>();
    for (const root of ROOTS)
      for (const file of sourceFiles(root)) {
        const found = findHandWrittenRows(file, fs.readFileSync(file, 'utf8'));
        if (found.length) byFile.set(file.split(path.sep).join('/'), found);
      }
    const over = [...byFile].flatMap(([file, found]) =>
      found.length > (STILL_HAND_WRITTEN[file] ?? 0)
        ? found.map((f) => `${f.file}:${f.line} ${f.why}: ${f.text}`)
        : [],
    );
    expect(over).toEqual([]);
  });
});
