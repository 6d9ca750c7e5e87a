import { expect } from 'vitest';
import { runCli } from '../../electron/cli';
import type { E2E } from './harness';

export interface CliDueItem {
  id: string;
  prisonerNumber: string;
  kind: string;
  dueDate: string;
  status: string;
  title: string;
  owner: { role: string; staffName: string | null };
}

/** `omu due --json` with these arguments, run in this process on the same database file as the browser door. */
export async function omuDue(e: E2E, args: string[]): Promise<CliDueItem[]> {
  let out = '';
  let err = '';
  const code = await runCli(['--db', e.app.file, '--today', e.app.today(), 'due', '--json', ...args], {
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
  });
  expect(err).toBe('');
  expect(code).toBe(0);
  return JSON.parse(out);
}
