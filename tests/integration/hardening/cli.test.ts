import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp';
import { runCli } from '../../../electron/cli';

const BIN = path.resolve('bin/omu.mjs');
const omu = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
/** The same command line in this process: where what it answers is the point, not the process (shown once each above). */
const omuHere = async (args: string[]) => {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
};

describe('omu on a mistyped or damaged database (issue 13, item 8)', () => {
  it('only init creates a database: any other command on a missing file exits 2 naming it and creates nothing', async () => {
    const dir = tempDir('omu-cli-missing-');
    const typo = path.join(dir, 'no-such-folder', 'omu-dsek.sqlite');
    // The first as a real process (its exit code and streams), the others in this process.
    for (const [i, args] of [
      ['--json', 'due'],
      ['prisoner', 'A1234BC'],
      ['backup', '--out', path.join(dir, 'b.sqlite')],
    ].entries()) {
      const r = i === 0 ? omu(['--db', typo, ...args]) : await omuHere(['--db', typo, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(typo);
      expect(r.stderr).toContain('omu --db');
      expect(r.stdout).toBe('');
    }
    expect(fs.existsSync(path.join(dir, 'no-such-folder'))).toBe(false);
    const made = omu(['--db', typo, 'init']);
    expect(made.code).toBe(0);
    expect(fs.existsSync(typo)).toBe(true);
    expect((await omuHere(['--db', typo, '--json', 'due'])).code).toBe(0);
  }, 300_000);

  it('an internal error prints one plain line, never a stack trace', async () => {
    const db = path.join(tempDir('omu-cli-internal-'), 'omu.sqlite');
    expect((await omuHere(['--db', db, 'init'])).code).toBe(0);
    const raw = new Database(db);
    raw.exec('DROP TABLE irmt_meetings');
    raw.close();
    const r = omu(['--db', db, 'irmt', 'agenda', '--date', '2026-12-01']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toContain('SqliteError');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^omu: /);
  }, 120_000);
});
