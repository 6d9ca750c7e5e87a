import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh folder under the system temp directory for one test's database files. */
export function tempDir(prefix = 'omu-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const FIXED_TODAY = '2026-11-22';
export const fixedClock = () => new Date('2026-11-22T10:00:00Z');
