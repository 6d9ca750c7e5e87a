import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../../../electron/cli';

/**
 * parseCli: the call a command line parses to, as runCli runs it (electron/cli.ts). The usage test
 * (tests/integration/cli/usage.test.ts) runs each distinct call once and checks that the other orders of its options
 * parse to it, so what two command lines parse to must differ whenever they would run differently.
 */
describe('omu parseCli: the call a command line runs, without running it', () => {
  const quiet = { stdout: () => {}, stderr: () => {} };
  const parse = async (...argv: string[]) => {
    const r = await parseCli(argv, quiet);
    if (!('call' in r)) throw new Error(`no call: exit ${r.exitCode}`);
    return r.call;
  };

  it('gives the global options the same wherever they stand, and the command its own options without them', async () => {
    const before = await parse('--db', 'a.sqlite', '--json', 'due', '--within', '30', '--status', 'overdue');
    expect(before).toEqual({
      command: 'due',
      args: [{ within: 30, status: ['overdue'] }],
      globals: { db: 'a.sqlite', json: true },
    });
    expect(await parse('due', '--status', 'overdue', '--json', '--within', '30', '--db', 'a.sqlite')).toEqual(
      before,
    );
    expect(await parse('--db', 'a.sqlite', 'due', '--within', '30', '--status', 'overdue')).not.toEqual(
      before,
    );
  });

  it("keeps a command's own --json FILE apart from the global --json flag (issue 12, item 8)", async () => {
    const pack = ['handover-pack', 'A1234BC', '--out', 'p.pdf', '--json', 'p.json'];
    const own = await parse('--db', 'a.sqlite', ...pack);
    expect(own).toEqual({
      command: 'handover-pack',
      args: ['A1234BC', { out: 'p.pdf', json: 'p.json' }],
      globals: { db: 'a.sqlite' },
    });
    expect(await parse('--json', '--db', 'a.sqlite', ...pack)).toEqual({
      ...own,
      globals: { db: 'a.sqlite', json: true },
    });
  });

  it('names the command by its words and keeps its arguments', async () => {
    expect(await parse('--db', 'a.sqlite', 'staff', 'bind', 'jsmith', 'Anna Patel')).toEqual({
      command: 'staff bind',
      args: ['jsmith', 'Anna Patel', {}],
      globals: { db: 'a.sqlite' },
    });
  });

  it('runs nothing: parsing `init` makes no database', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'omu-parse-')), 'new.sqlite');
    expect(await parse('--db', file, 'init')).toEqual({ command: 'init', args: [{}], globals: { db: file } });
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
    fs.rmSync(path.dirname(file), { recursive: true });
  });

  it('gives a usage error its exit code and message, and help its text, as runCli does', async () => {
    let err = '';
    expect(await parseCli(['due', '--within'], { stdout: () => {}, stderr: (s) => (err += s) })).toEqual({
      exitCode: 2,
    });
    expect(err).toMatch(/--within/);
    err = '';
    expect(
      await parseCli(['handover-packs', '--out-dir', 'd', '--within-weeks', '99'], {
        stdout: () => {},
        stderr: (s) => (err += s),
      }),
    ).toEqual({ exitCode: 2 });
    expect(err).toMatch(/--within-weeks must be a whole number from 1 to 52/);
    let out = '';
    expect(await parseCli(['--help'], { stdout: (s) => (out += s), stderr: () => {} })).toEqual({
      exitCode: 0,
    });
    expect(out).toMatch(/Usage: omu/);
  });
});
