import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { API_CHANNEL, registerIpcDoor } from '../../electron/app/ipc-door';
import { startHttpDoor } from '../../electron/api/http-door';
import type { ApiResponse } from '../../electron/api/contract';
import { EVIDENCE_SECTIONS } from '../../electron/domain/categorisation/schemas';
import { run } from '../support/commands';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST, givePassword, signIn } from '../support/sign-in';
import { emptyDatabase } from '../support/empty-database';
import { runCli } from '../../electron/cli';

/**
 * Issue 14: a case administrator chose a senior manager's name and approved a categorisation. Through every door,
 * Cathy Clerk (case administrator, signed in with her own password) tries every way to act as Maggie Manager.
 */
type Send = (name: string, input: unknown) => Promise<ApiResponse<unknown>>;
const apps: OmuApp[] = [];
afterEach(() => {
  while (apps.length) apps.pop()!.close();
});

async function unit(osAccount = 'clerk-pc') {
  const dbFile = emptyDatabase('omu-imp-');
  const app = openApp({
    dbFile,
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount,
    passwordHashCost: TEST_COST,
  });
  apps.push(app);
  const s = app.services;
  for (const [name, roles] of [
    ['Ada Admin', ['administrator']],
    ['Maggie Manager', ['senior-manager']],
    ['Pat Pom', ['pom']],
    ['Cathy Clerk', ['case-administrator']],
  ] as const) {
    s.staff.insertUnchecked(app.context(), { name, email: null, roles: [...roles], active: true });
    await givePassword(app, name, `${name.toLowerCase().replace(' ', '-')}-passphrase`);
  }
  await signIn(app, 'Pat Pom', 'pat-pom-passphrase');
  s.caseloadImport.commit(
    app.context(),
    'c.csv',
    'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,category,last_categorised_on\nA1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2031,C,01/06/2026\n',
  );
  const reviewId = await run(app, 'categorisation/start-review', {
    prisonerNumber: 'A1111AA',
    review: { reason: 'due', startedOn: '2026-11-20' },
  });
  await run(app, 'categorisation/save-draft', {
    reviewId,
    draft: {
      proposedCategory: 'D',
      recommendation: 'Progress to open conditions: settled and working.',
      evidence: Object.fromEntries(
        EVIDENCE_SECTIONS.map((e) => [e.key, `${e.label}: nothing of concern recorded`]),
      ),
    },
  });
  await run(app, 'categorisation/submit-review', {
    reviewId,
    completion: { completedOn: '2026-11-21', nextReview: { months: 12 } },
  });
  app.session.signOut(app.context());
  return { app, dbFile, reviewId };
}

/** Every attempt, through one door; afterwards the review still waits, the category is C and Maggie did nothing. */
async function attempts(app: OmuApp, send: Send, reviewId: string) {
  const maggie = app.services.staff.findByName('Maggie Manager')!;
  const cathy = app.services.staff.findByName('Cathy Clerk')!;
  const approve = (extra: Record<string, unknown> = {}) =>
    send('categorisation/approve-review', {
      reviewId,
      approval: { approvedOn: '2026-11-22', approvedCategory: 'D' },
      ...extra,
    });
  const codeOf = (r: ApiResponse<unknown>) => (r.ok ? 'ok' : r.error.code);

  // Before signing in, nothing.
  expect(codeOf(await approve())).toBe('not-signed-in');
  expect(
    codeOf(await send('session/sign-in', { name: 'Cathy Clerk', password: 'cathy-clerk-passphrase' })),
  ).toBe('ok');
  expect(await approve()).toMatchObject({
    ok: false,
    error: { code: 'forbidden', message: expect.stringContaining('Cathy Clerk is not recorded as one') },
  });
  // The old way: choose Maggie's name. Now her password is needed, and Cathy's own is not it.
  expect(
    codeOf(await send('session/sign-in', { name: 'Maggie Manager', password: 'cathy-clerk-passphrase' })),
  ).toBe('sign-in-refused');
  expect(codeOf(await send('session/sign-in', { name: 'Maggie Manager', password: '' }))).toBe(
    'invalid-input',
  );
  expect(codeOf(await send('session/sign-in', { staffId: maggie.id, remember: true }))).toBe('invalid-input');
  expect(
    codeOf(
      await send('session/set-password', {
        name: 'Maggie Manager',
        code: 'AAAA-AAAA',
        newPassword: 'i am maggie now',
        confirmPassword: 'i am maggie now',
      }),
    ),
  ).toBe('sign-in-refused');
  expect(codeOf(await send('session/sign-in-with-computer-account', {}))).toBe('sign-in-refused');
  // Still Cathy; naming someone else in the input changes nothing.
  expect(await send('session/current', {})).toMatchObject({
    ok: true,
    value: { state: 'signed-in', staff: { name: 'Cathy Clerk' } },
  });
  expect(
    codeOf(
      await approve({
        actor: { staffId: maggie.id, name: maggie.name, roles: ['senior-manager'] },
        staffId: maggie.id,
      }),
    ),
  ).toBe('forbidden');
  // Nor can she give herself the role, a code for Maggie, or bind her computer account to Maggie.
  expect(
    codeOf(
      await send('staff/update-member', {
        id: cathy.id,
        staff: { name: cathy.name, roles: ['case-administrator', 'senior-manager'] },
      }),
    ),
  ).toBe('forbidden');
  expect(codeOf(await send('credentials/issue-code', { staffId: maggie.id }))).toBe('forbidden');
  expect(codeOf(await send('credentials/bind-account', { osAccount: 'clerk-pc', staffId: maggie.id }))).toBe(
    'forbidden',
  );

  expect(app.services.categorisation.view('A1111AA', FIXED_TODAY).reviews[0]).toMatchObject({
    status: 'awaiting-approval',
    approver: null,
  });
  expect(app.services.caseload.get('A1111AA').category).toBe('C');
  const asMaggie = app.services.audit
    .list({ limit: 500 })
    .filter((a) => a.actorId === maggie.id || a.actorName === maggie.name);
  expect(asMaggie).toEqual([]);
  expect(app.services.staff.findByName('Cathy Clerk')!.roles).toEqual(['case-administrator']);
  expect(await app.credentials.boundTo('clerk-pc')).toBeNull();
  // Each try is in the sign-in log under Cathy's name, about Maggie.
  const tries = (await app.credentials.events({ limit: 50 })).filter((ev) => ev.staffId === maggie.id);
  expect(tries.map((ev) => `${ev.actorName}: ${ev.action}`)).toEqual([
    'Cathy Clerk: sign-in-failed',
    'Cathy Clerk: sign-in-failed',
  ]);
}

describe('a case administrator cannot act as anyone else', () => {
  it('through the router', async () => {
    const { app, reviewId } = await unit();
    const router = createRouter(app, 'http');
    await attempts(app, (name, input) => router.handle(name, input), reviewId);
  });

  it('through the IPC door (electron mocked)', async () => {
    const { app, reviewId } = await unit();
    const handlers = new Map<
      string,
      (event: unknown, name: unknown, input: unknown) => Promise<ApiResponse<unknown>>
    >();
    const rendererUrl = 'file:///opt/omu/resources/app.asar/dist/renderer/index.html';
    registerIpcDoor(
      { handle: (channel: string, fn: never) => handlers.set(channel, fn) } as never,
      createRouter(app, 'electron'),
      rendererUrl,
    );
    const handler = handlers.get(API_CHANNEL)!;
    await attempts(
      app,
      (name, input) => handler({ senderFrame: { url: `${rendererUrl}#/caseload` } }, name, input),
      reviewId,
    );
  });

  it('through the HTTP door, with its token', async () => {
    const { app, reviewId } = await unit();
    const staticDir = tempDir('omu-static-');
    fs.writeFileSync(
      path.join(staticDir, 'index.html'),
      '<!doctype html><html><head><title>OMU Desk</title></head><body></body></html>',
    );
    const door = await startHttpDoor({ router: createRouter(app, 'http'), staticDir });
    try {
      const html = await (await fetch(door.url)).text();
      const token = /name="omu-token" content="([0-9a-f]+)"/.exec(html)![1]!;
      const send: Send = async (name, input) =>
        (await (
          await fetch(`${door.url}api/${name}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-omu-token': token },
            body: JSON.stringify(input),
          })
        ).json()) as ApiResponse<unknown>;
      await attempts(app, send, reviewId);
      // Without the token, not even the sign-in page's operations.
      const anonymous = await fetch(`${door.url}api/session/sign-in`, {
        method: 'POST',
        body: JSON.stringify({ name: 'Maggie Manager', password: 'x' }),
      });
      expect(anonymous.status).toBe(403);
    } finally {
      await door.close();
    }
  });

  it("through the command line: --as needs the named person's password; a bound account acts only as its person", async () => {
    const { app, dbFile, reviewId } = await unit();
    const me = os.userInfo().username;
    const cathy = app.services.staff.findByName('Cathy Clerk')!;
    const maggie = app.services.staff.findByName('Maggie Manager')!;
    const auditBefore = app.services.audit.list({ limit: 1 })[0]!.seq;
    app.close();
    apps.pop();
    // The real `omu` (the built bin, its own process, no terminal on its standard input).
    const realOmu = (args: string[], env: Record<string, string> = {}) => {
      const r = spawnSync(
        process.execPath,
        [path.resolve('bin/omu.mjs'), '--db', dbFile, '--today', FIXED_TODAY, ...args],
        {
          encoding: 'utf8',
          timeout: 120_000,
          env: { ...process.env, OMU_PASSWORD: '', ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    // The same command line in this process (runCli, as the role matrix and the usage test run it; standard input no
    // terminal either): the identity rules are the runtime's, the same in both. Each real process was about 0.3 CPU-s
    // of Node starting and loading the bundle.
    const omu = async (args: string[], env: Record<string, string> = {}) => {
      let stdout = '';
      let stderr = '';
      const code = await runCli(['--db', dbFile, '--today', FIXED_TODAY, ...args], {
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        env: { ...process.env, OMU_PASSWORD: '', ...env },
        stdin: Readable.from([]),
      });
      return { code, stdout, stderr };
    };
    const oasys = ['oasys', 'add', 'A1111AA', '--type', 'initial', '--completed', '2026-11-01'];

    // Nobody bound, no --as: reading works, a change is refused saying how to sign in.
    expect((await omu(['--json', 'prisoner', 'A1111AA'])).code).toBe(0);
    const nobody = realOmu(oasys);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('Nobody is signed in');
    expect(nobody.stderr).toContain('--as "Your Name"');
    // --as Maggie with Cathy's password, with a wrong one, with none (no terminal to ask on): refused.
    expect(
      await omu(['--as', 'Maggie Manager', ...oasys], { OMU_PASSWORD: 'cathy-clerk-passphrase' }),
    ).toMatchObject({ code: 1, stderr: 'omu: --as Maggie Manager: The name or password is not right\n' });
    const noPassword = realOmu(['--as', 'Maggie Manager', ...oasys]);
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toContain('set OMU_PASSWORD');

    // This computer account bound to Cathy: without --as it is Cathy; --as Maggie still needs Maggie's password.
    const bind = openApp({
      dbFile,
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: me,
      passwordHashCost: TEST_COST,
    });
    await bind.credentials.bind(me, cathy.id, 'Ada Admin', fixedClock());
    bind.close();
    expect(JSON.parse((await omu(['--json', 'whoami'])).stdout)).toEqual({
      osAccount: me,
      staff: { name: 'Cathy Clerk', roles: ['case-administrator'] },
      signedInWith: 'computer-account',
    });
    expect((await omu(['--as', 'Maggie Manager', 'whoami'])).code).toBe(1);
    // Identity acts need her password again (she signed in by binding); with it, her role still refuses them.
    expect((await omu(['staff', 'code', 'Maggie Manager'])).stderr).toContain(
      "Enter your password again to reset someone's password",
    );
    const cathyAgain = { OMU_PASSWORD: 'cathy-clerk-passphrase' };
    expect((await omu(['staff', 'code', 'Maggie Manager'], cathyAgain)).stderr).toContain(
      "Only an administrator can reset someone's password. Cathy Clerk is not recorded as one.",
    );
    expect((await omu(['staff', 'bind', me, 'Maggie Manager'], cathyAgain)).stderr).toContain(
      'Only an administrator can bind a computer account',
    );
    expect((await omu(oasys)).code).toBe(0);

    const check = openApp({
      dbFile,
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'checker',
      passwordHashCost: TEST_COST,
    });
    apps.push(check);
    const since = check.services.audit.list({ limit: 500 }).filter((a) => a.seq > auditBefore);
    expect(since.filter((a) => a.actorId === maggie.id)).toEqual([]);
    expect(
      since.filter((a) => a.action === 'create' && a.entity === 'oasys-assessment').map((a) => a.actorName),
    ).toEqual(['Cathy Clerk']);
    expect(check.services.categorisation.view('A1111AA', FIXED_TODAY).reviews[0]).toMatchObject({
      id: reviewId,
      status: 'awaiting-approval',
    });
  }, 600_000);
});
