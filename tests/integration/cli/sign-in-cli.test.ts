import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../support/temp';
import { TEST_COST } from '../../support/sign-in';
import { promptHidden } from '../../../electron/cli/prompt';
import { runCli } from '../../../electron/cli';

const BIN = path.resolve('bin/omu.mjs');
const NO_SECRETS = { OMU_PASSWORD: '', OMU_NEW_PASSWORD: '', OMU_ONE_TIME_CODE: '' };

/** The real `omu` (the built bin) in its own process: its secrets from its environment, new hashes at the full cost. */
function omu(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, ...NO_SECRETS, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same command line in this process (as the usage test runs every command), where the process and the full cost
 * of new hashes are not the point: new codes and passwords are hashed at the test cost, and a stored hash is checked
 * at the cost it records, so the password set by the real `omu` above is still checked at the full cost.
 */
async function omuHere(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    env: { ...NO_SECRETS, ...env },
    passwordHashCost: TEST_COST,
  });
  return { code, stdout, stderr };
}

/** The command on a real terminal (a pseudo-terminal from Python's pty module), typing `answers` at each prompt. */
function onTerminal(args: string[], answers: [prompt: string, answer: string][]) {
  const r = spawnSync(
    'python3',
    [path.resolve('tests/support/pty-run.py'), ...answers.flat(), '--', process.execPath, BIN, ...args],
    {
      encoding: 'utf8',
      timeout: 240_000,
      env: { ...process.env, OMU_PASSWORD: '', OMU_NEW_PASSWORD: '', OMU_ONE_TIME_CODE: '' },
    },
  );
  return { code: r.status, shown: r.stdout };
}

describe('setting up sign-in from the command line', () => {
  const db = path.join(tempDir('omu-cli-signin-'), 'omu.sqlite');
  let code = '';

  // In this process: the code it prints is issued again below (at the test cost), so a real process hashing it at the
  // full cost checked nothing that the real `password set` and `whoami` below do not (exit 0, JSON on standard output).
  it('init --admin creates the first administrator and prints a one-time code, once', async () => {
    const first = await omuHere(['--db', db, '--json', 'init', '--admin', 'Ada Admin']);
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout);
    expect(out.administrator).toMatchObject({
      name: 'Ada Admin',
      oneTimeCode: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/),
    });
    code = out.administrator.oneTimeCode;
    // Until an administrator has a password, a lost first code can be issued again from the command line.
    const lost = JSON.parse((await omuHere(['--db', db, '--json', 'init', '--admin', 'Ada Admin'])).stdout);
    expect(lost.administrator.oneTimeCode).not.toBe(code);
    code = lost.administrator.oneTimeCode;
  });

  it('password set spends the code; --as then needs the password, read from OMU_PASSWORD', async () => {
    const weak = await omuHere(['--db', db, '--as', 'Ada Admin', 'password', 'set'], {
      OMU_ONE_TIME_CODE: code,
      OMU_NEW_PASSWORD: 'short',
    });
    expect(weak).toMatchObject({
      code: 1,
      stderr: 'omu: New password must be 10 characters or more (newPassword)\n',
    });
    const set = omu(['--db', db, '--as', 'Ada Admin', 'password', 'set'], {
      OMU_ONE_TIME_CODE: code,
      OMU_NEW_PASSWORD: 'kettle harbour violin',
    });
    expect(set).toMatchObject({ code: 0, stdout: 'Password set for Ada Admin.\n' });
    const again = await omuHere(['--db', db, 'init', '--admin', 'Someone Else']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Sign-in is already set up on this caseload');
    expect(
      (
        await omuHere(['--db', db, '--as', 'Ada Admin', 'password', 'set'], {
          OMU_ONE_TIME_CODE: code,
          OMU_NEW_PASSWORD: 'kettle harbour violin',
        })
      ).code,
    ).toBe(1);
    expect(
      JSON.parse(
        omu(['--db', db, '--as', 'Ada Admin', '--json', 'whoami'], { OMU_PASSWORD: 'kettle harbour violin' })
          .stdout,
      ),
    ).toMatchObject({ staff: { name: 'Ada Admin' }, signedInWith: 'password' });
    // The administrator adds a member of staff and issues a code, with the password she signed in with.
    const added = await omuHere(
      ['--db', db, '--as', 'Ada Admin', 'staff', 'add', 'Pat Pom', '--role', 'pom'],
      {
        OMU_PASSWORD: 'kettle harbour violin',
      },
    );
    expect(added.code).toBe(0);
    const issued = await omuHere(['--db', db, '--as', 'Ada Admin', '--json', 'staff', 'code', 'Pat Pom'], {
      OMU_PASSWORD: 'kettle harbour violin',
    });
    expect(JSON.parse(issued.stdout)).toMatchObject({ name: 'Pat Pom', oneTimeCode: expect.any(String) });
    // Pat Pom sets his password with it (here, at the test cost), for the terminal's prompt below.
    expect(
      await omuHere(['--db', db, '--as', 'Pat Pom', 'password', 'set'], {
        OMU_ONE_TIME_CODE: JSON.parse(issued.stdout).oneTimeCode,
        OMU_NEW_PASSWORD: 'lantern orchard ninety',
      }),
    ).toMatchObject({ code: 0, stdout: 'Password set for Pat Pom.\n' });
    // A wrong password refused by the real process: against Pat Pom's hash, at the test cost (a hash is checked at the
    // cost it records: Ada Admin's, at the full cost, is checked right above, so a wrong one there would add a
    // CPU-second of scrypt and no other check).
    expect(
      omu(['--db', db, '--as', 'Pat Pom', 'whoami'], { OMU_PASSWORD: 'lantern orchard ninety-one' }),
    ).toMatchObject({ code: 1, stderr: 'omu: --as Pat Pom: The name or password is not right\n' });
  }, 300_000);

  // The prompt is the point here, not the hash: Pat Pom's password was hashed at the test cost (Ada Admin's, at the
  // full cost, is checked by the real `omu` above), so this process spends no full-cost scrypt.
  it('on a terminal, asks for the password without echoing it', () => {
    const run = onTerminal(
      ['--db', db, '--as', 'Pat Pom', 'whoami'],
      [['Password for Pat Pom:', 'lantern orchard ninety']],
    );
    expect(run.shown).toContain('Password for Pat Pom:');
    expect(run.shown).toContain('Pat Pom (pom), signed in with a password');
    expect(run.shown).not.toContain('lantern');
    expect(run.code).toBe(0);
  }, 300_000);
});

describe('the hidden prompt', () => {
  it('reads up to Enter, honours Backspace, prints nothing typed, and turns raw mode off again', async () => {
    const listeners: ((s: string) => void)[] = [];
    const modes: boolean[] = [];
    const input = {
      isTTY: true,
      setRawMode: (raw: boolean) => modes.push(raw),
      setEncoding: () => undefined,
      on: (_e: 'data', fn: (s: string) => void) => listeners.push(fn),
      off: (_e: 'data', fn: (s: string) => void) => listeners.splice(listeners.indexOf(fn), 1),
      resume: () => undefined,
      pause: () => undefined,
    };
    let written = '';
    let rawWhenAsked: boolean | undefined;
    const answer = promptHidden('Password: ', input, (s) => {
      written += s;
      rawWhenAsked ??= modes.at(-1);
    });
    listeners[0]!('secreT\u007ft');
    listeners[0]!(' word\r');
    await expect(answer).resolves.toBe('secret word');
    expect(written).toBe('Password: \n');
    expect(modes).toEqual([true, false]);
    expect(rawWhenAsked).toBe(true);
    expect(listeners).toEqual([]);
  });
});
