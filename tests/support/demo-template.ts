import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { fileState, readSeal, writeSeal } from '../../db/integrity-seal';

/**
 * A copy of the run's demo database (tests/support/demo-template.setup.ts) as `omu.sqlite` in `dir`; its path. It
 * carries the template's seal (copySealed), so that an opening on the tests' fixed clock does not check its every page
 * again; `sealed: false` gives a bare copy, which any opening checks.
 */
export function copyDemoDatabase(
  dir: string,
  name = 'omu.sqlite',
  options: { sealed?: boolean } = {},
): string {
  const file = path.join(dir, name);
  if (options.sealed === false) fs.copyFileSync(inject('demoTemplate'), file);
  else copySealed(inject('demoTemplate'), file);
  return file;
}

/**
 * Copies a database file that an OMU Desk process checked and sealed when it closed it (db/integrity-seal.ts), and
 * seals the copy with the same check: the copy holds the same bytes, which passed `quick_check` and the audit counts
 * against the same migrations. A copy is a new file, so without this its first opening checks every page again
 * (about 55 ms of CPU for the demo, at each of the usage test's command lines). Anything that writes the copy
 * afterwards changes its state, and the opening checks it as usual. `checkedAt` is the check's time on the clock of
 * whatever opens the copy (a seal more than a day old, or in the future, is no seal): a template made in this run on
 * the tests' fixed clock and opened by commands on the real clock says now. A template that is not sealed as it is
 * now gives a copy with no seal (false).
 */
export function copySealed(from: string, to: string, checkedAt?: Date): boolean {
  fs.copyFileSync(from, to);
  const seal = readSeal(from);
  const state = fileState(from);
  if (!seal || !state || state.wal !== null || seal.state.db !== state.db || seal.state.wal !== null)
    return false;
  fs.mkdirSync(`${path.resolve(to)}.locks`, { recursive: true });
  writeSeal(to, checkedAt ?? new Date(seal.checkedAt), {
    digest: seal.migrations,
    files: seal.migrationFiles ?? '',
  });
  return true;
}
