// A second process for the busy-writer tests: opens a database, begins a write through withWriteTransaction as
// "<what>" by "<who>", says "writing", and commits when the file <release> appears, or, for "after:N:FILE", N ms after
// the file FILE was written (by its modification time: the test writes it as it starts its own write, so however late
// this process gets the CPU on a busy machine, the hold is N ms of the other writer's wait, not N ms of this process's).
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
  if (releaseFile.startsWith('after:')) {
    const [, ms = '', started = ''] = /^after:(\d+):(.+)$/.exec(releaseFile) ?? [];
    for (;;) {
      const writing = fs.statSync(started, { throwIfNoEntry: false });
      if (writing && Date.now() >= writing.mtimeMs + Number(ms)) break;
      Atomics.wait(pause, 0, 0, 20);
    }
  } else while (!fs.existsSync(releaseFile)) Atomics.wait(pause, 0, 0, 20);
});
process.stdout.write('committed\n');
opened.sqlite.close();
