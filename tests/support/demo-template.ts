import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';

/** A copy of the run's demo database (tests/support/demo-template.setup.ts) as `omu.sqlite` in `dir`; its path. */
export function copyDemoDatabase(dir: string, name = 'omu.sqlite'): string {
  const file = path.join(dir, name);
  fs.copyFileSync(inject('demoTemplate'), file);
  return file;
}
