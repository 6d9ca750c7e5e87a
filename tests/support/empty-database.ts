// A new, empty OMU Desk database file for a test: a copy of one that openApp created and migrated once in this worker
// process, instead of running every migration again for each test's new file. Opening a new file cost 50-90 ms of CPU
// and 100-330 ms of wall time (27/11/2026, load 11), opening a copy 10-25 ms and 15-30 ms; in six integration files
// (sign-in, session-audit, categorisation-audit, import, data-safety, due-dates) openApp was 15 of their workers' 42
// CPU-seconds, half of it the migrations. What is copied is the file the product makes: creating and migrating a new
// file is still done here once a worker, and tested on its own (data-safety, demo-load, the audit chain from an older
// schema, `omu init` in the command line tests).
import fs from 'node:fs';
import path from 'node:path';
import { openApp } from '../../electron/app/omu-app';
import { FIXED_TODAY, fixedClock, tempDir } from './temp';

let template: string | undefined;

/** The path of a new copy of the empty database, `name` in a new temporary folder named from `prefix`. */
export function emptyDatabase(prefix = 'omu-', name = 'omu.sqlite'): string {
  if (!template || !fs.existsSync(template)) {
    template = path.join(tempDir('omu-empty-template-'), 'empty.sqlite');
    openApp({ dbFile: template, today: FIXED_TODAY, clock: fixedClock, osAccount: 'template' }).close();
  }
  const file = path.join(tempDir(prefix), name);
  fs.copyFileSync(template, file);
  return file;
}
