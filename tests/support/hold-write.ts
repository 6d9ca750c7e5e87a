// A second process for the busy-writer tests: opens a database, begins a write through withWriteTransaction as
// "<what>" by "<who>", says "writing", and commits when the file <release> appears (or, for "ms:N", after N ms).
// Built and run by tests/support/script-bundle.ts.
import fs from 'node:fs';
import { openDatabase } from '../../db/open';
import { withWriteTransaction } from '../../db/write-transaction';

const [dbFile, what, who, releaseFile] = process.argv.slice(2) as [string, string, string, string];
const opened = openDatabase(dbFile, { create: false });
const pause = new Int32Array(new SharedArrayBuffer(4));
withWriteTransaction(opened.sqlite, { what, who }, () => {
  opened.sqlite
    .prepare(
      "INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('held-by', ?, '2026-11-22T10:00:00Z', ?)",
    )
    .run(who, who);
  process.stdout.write('writing\n');
  const until = releaseFile.startsWith('ms:') ? Date.now() + Number(releaseFile.slice(3)) : Infinity;
  while (Date.now() < until && !fs.existsSync(releaseFile)) Atomics.wait(pause, 0, 0, 20);
});
process.stdout.write('committed\n');
opened.sqlite.close();
