import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp';
import { copyDemoDatabase } from '../../support/demo-template';

const BIN = path.resolve('bin/omu.mjs');
const REPORT = path.resolve('tests/support/report-builtins.cjs');

/** Runs the built `omu` as a process; what it printed, and the Node built-in modules it loaded. */
function omu(dir: string, args: string[]) {
  const list = path.join(dir, 'builtins.txt');
  const r = spawnSync(process.execPath, ['--require', REPORT, BIN, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, OMU_TEST_BUILTINS_FILE: list },
  });
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    builtins: fs.readFileSync(list, 'utf8').split('\n'),
  };
}

describe('omu loads what a read needs (issue 18 item 2)', () => {
  it('a read on a database the call before it checked and sealed hashes nothing, so node:crypto is never loaded; a file written by anything else is checked again, hashes and all', () => {
    const dir = tempDir('omu-lazy-');
    // A bare copy, not sealed: its first read checks it, hashes and all.
    const db = copyDemoDatabase(dir, 'omu.sqlite', { sealed: false });
    const raw = new Database(db, { readonly: true });
    const number = raw
      .prepare('SELECT prisoner_number FROM prisoners ORDER BY prisoner_number LIMIT 1')
      .pluck()
      .get() as string;
    raw.close();
    const read = ['--db', db, 'prisoner', number, '--json'];

    // A copy has no seal: the first call checks the file and walks the audit chain, hashing its entries.
    const first = omu(dir, read);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ prisonerNumber: number });
    expect(first.builtins).toContain('crypto');

    const sealed = omu(dir, read);
    expect(sealed.code, sealed.stderr).toBe(0);
    expect(sealed.stdout).toBe(first.stdout);
    expect(sealed.builtins).not.toContain('crypto');
    // Nor node:zlib, which only a command with a large input, or a read of the command log, needs.
    expect(sealed.builtins).not.toContain('zlib');

    // Another program writes the file: the seal no longer holds, and the next call hashes the chain again.
    const other = new Database(db);
    other.exec('CREATE TABLE notes (text TEXT)');
    other.close();
    const checked = omu(dir, read);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toBe(first.stdout);
    expect(checked.builtins).toContain('crypto');
  }, 300_000);

  it('the code cache written by a call that ran no command (help) is kept apart, and the first command writes the full one, once', () => {
    // A copy of the built command line, so that its code caches are this test's own.
    const dir = tempDir('omu-cache-');
    fs.mkdirSync(path.join(dir, 'dist', 'cli'), { recursive: true });
    fs.cpSync(path.resolve('bin'), path.join(dir, 'bin'), { recursive: true });
    fs.copyFileSync(path.resolve('dist/cli/omu.cjs'), path.join(dir, 'dist', 'cli', 'omu.cjs'));
    fs.symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'));
    fs.symlinkSync(path.resolve('db'), path.join(dir, 'db'));
    const run = (args: string[]) =>
      spawnSync(process.execPath, [path.join(dir, 'bin', 'omu.mjs'), ...args], {
        encoding: 'utf8',
        timeout: 120_000,
      });
    const caches = () =>
      fs
        .readdirSync(path.join(dir, 'dist', 'cli'))
        .filter((f) => f.endsWith('.cache'))
        .map((f) => (f.endsWith('.start.cache') ? 'start' : 'command'))
        .sort();
    const modified = () =>
      fs
        .readdirSync(path.join(dir, 'dist', 'cli'))
        .filter((f) => f.endsWith('.cache'))
        .map((f) => fs.statSync(path.join(dir, 'dist', 'cli', f)).mtimeMs);

    expect(run(['--help']).status).toBe(0);
    expect(caches()).toEqual(['start']);
    const db = copyDemoDatabase(dir, 'omu.sqlite', { sealed: false });
    const shown = run(['--db', db, 'prisoner', 'A0000AA']);
    expect(shown.status, shown.stderr).toBe(1);
    expect(caches()).toEqual(['command', 'start']);
    // Neither is written again: help reads the full one, and so does every command.
    const before = modified();
    expect(run(['--help']).status).toBe(0);
    expect(run(['--db', db, 'whoami']).status).toBe(0);
    expect(modified()).toEqual(before);
  }, 300_000);
});
