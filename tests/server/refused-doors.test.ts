import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { staff } from '../../db/schema';
import { runServerCli } from '../../server/cli';
import { startUnitServer, type TestUnitServer } from '../support/unit-server';
import {
  firstPasswordFromCode,
  insertPrisoners,
  joinedWorkstation,
  signInOnline,
} from '../support/unit-workstations';

/**
 * Every door of the unit server refuses a workstation that was removed and a member of staff who was made inactive,
 * whatever the server remembers of them: a push (with changes or none), a pull, a page of a snapshot, the prison's
 * state, the cached sign-in details, a sign-in, a password set with a code or changed. Real PostgreSQL, the real
 * server on loopback, its HTTP doors asked as a workstation asks them.
 */

const closers: (() => Promise<void> | void)[] = [];
let server: TestUnitServer;
const numbers = ['A2000AA', 'A2001AA', 'A2002AA'];
const ids: Record<string, string> = {};
const PAT_PASSWORD = 'pebble river window';

/** One request to the server as a workstation sends it: its answer's status and body. */
async function post(path: string, body: unknown, token: string) {
  const res = await fetch(`${server.url}/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const asOwnerRows = async (statement: string) => {
  const owner = new pg.Client({ connectionString: server.ownerUrl });
  await owner.connect();
  try {
    return (await owner.query(statement)).rows as Record<string, unknown>[];
  } finally {
    await owner.end();
  }
};
/** `omu-server ARGS` in this process, on this test's server database (DATABASE_URL, as a platform would set it). */
async function serverCli(args: string[]) {
  let out = '';
  let err = '';
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = server.ownerUrl;
  try {
    const code = await runServerCli(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
    return { code, out, err };
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
}
const version = async () => (await server.unit.state({ id: 'x', prison: 'MDI', name: 'x' })).version;
const NOT_ENROLLED = {
  status: 401,
  body: {
    ok: false,
    error: {
      code: 'not-identified',
      message:
        'This workstation is not enrolled with the unit server (or was removed): join again with a new code.',
    },
  },
};

beforeAll(async () => {
  server = await startUnitServer();
  closers.push(() => server.close());
  const { code } = await server.unit.initPrison({
    code: 'MDI',
    name: 'HMP Moorland',
    adminName: 'Sam Admin',
  });
  await firstPasswordFromCode(server, 'MDI', code);
  await server.unit.serverWrite(
    'MDI',
    (changes) => {
      ids['Pat Pom'] = changes.insert(staff, {
        name: 'Pat Pom',
        email: null,
        roles: JSON.stringify(['pom']),
        active: true,
      }).id;
      insertPrisoners(changes, numbers);
    },
    'test set-up',
  );
  const { code: patCode } = await server.unit.issueStaffCode({
    prison: 'MDI',
    staffName: 'Pat Pom',
    issuedBy: 'test',
  });
  await firstPasswordFromCode(server, 'MDI', patCode, PAT_PASSWORD);
}, 240_000);
afterAll(async () => {
  while (closers.length) await closers.pop()!();
});

describe('a removed workstation', () => {
  it('is refused on every request once removed, even when the server remembers its token: a push with no changes, a push, a pull, a snapshot; nothing is applied and sync-status says so', async () => {
    const ws: OmuApp = await joinedWorkstation(server, 'MDI', 'ws-removed', closers);
    await signInOnline(ws, 'Sam Admin');
    const router = createRouter(ws, 'cli');
    const addEvent = (date: string) =>
      router.handle('oasys/add-event', {
        prisonerNumber: numbers[0],
        event: { type: 'programme-completion', date },
      });
    expect(await addEvent('2026-10-01')).toMatchObject({ ok: true });
    // Pushed and applied: the server has found its token enrolled, and remembers it for its next pushes.
    expect(await ws.sync.sync()).toMatchObject({ pushed: 1, applied: 1 });
    const token = ws.sync.link()!.deviceToken;
    expect(await post('push', { mutations: [] }, token)).toEqual({
      status: 200,
      body: { ok: true, value: [] },
    });
    const before = await version();

    // Removed by an administrator with omu-server (on this server's database, as DATABASE_URL names it).
    expect(await serverCli(['remove-workstation', '--prison', 'MDI', '--workstation', 'ws-gone'])).toEqual({
      code: 1,
      out: '',
      err: 'omu-server: No workstation named "ws-gone" is enrolled at MDI (omu-server workstations --prison MDI lists them).\n',
    });
    expect(await serverCli(['remove-workstation', '--prison', 'mdi', '--workstation', 'ws-removed'])).toEqual(
      {
        code: 0,
        out: 'Removed workstation ws-removed: the unit server refuses it from now on. Changes it had not sent are not applied; to use it again, enrol it with a new code.\n',
        err: '',
      },
    );
    const listed = await serverCli(['workstations', '--prison', 'MDI', '--json']);
    expect(
      (JSON.parse(listed.out) as { name: string; removedAt: string | null }[])
        .filter((w) => w.name === 'ws-removed')
        .map((w) => w.removedAt !== null),
    ).toEqual([true]);
    const removals = await asOwnerRows(
      "SELECT detail->>'workstation' AS workstation, detail->>'removedBy' AS by FROM server_audit WHERE event = 'workstation-removed'",
    );
    expect(removals).toEqual([{ workstation: 'ws-removed', by: 'omu-server remove-workstation' }]);
    expect(await post('push', { mutations: [] }, token), 'a push with no changes').toEqual(NOT_ENROLLED);
    expect(await post('pull', { cursor: 0 }, token), 'a pull').toEqual(NOT_ENROLLED);
    expect(await post('snapshot', { table: 'prisoners', after: null }, token), 'a snapshot').toEqual(
      NOT_ENROLLED,
    );
    expect(await post('state', {}, token), "the prison's state").toEqual(NOT_ENROLLED);
    expect(await post('credentials', {}, token), 'the cached sign-in details').toEqual(NOT_ENROLLED);
    expect(
      await post('sign-in', { staffId: ids['Pat Pom'], password: PAT_PASSWORD }, token),
      'a sign-in',
    ).toEqual(NOT_ENROLLED);

    // A change made here since is refused whole by the workstation's own sync, and waits; sync-status says why.
    expect(await addEvent('2026-10-02')).toMatchObject({ ok: true });
    await expect(ws.sync.sync()).rejects.toThrow(/not enrolled with the unit server \(or was removed\)/);
    // After that refusal too, a push with no changes is refused (the server has let go of the token).
    expect(await post('push', { mutations: [] }, token), 'an empty push after a refused one').toEqual(
      NOT_ENROLLED,
    );
    expect(await version()).toBe(before);
    expect(ws.sync.status()).toMatchObject({
      joined: true,
      pending: 1,
      offlineSince: null,
      refusal:
        'This workstation is not enrolled with the unit server (or was removed): join again with a new code.',
    });
  });
});

describe('a member of staff made inactive', () => {
  it('is refused by the server at sign-in, in a password change or a code spent, and in a change signed before; their sign-in details are no longer handed out', async () => {
    const admins = await joinedWorkstation(server, 'MDI', 'ws-admin', closers);
    const pats = await joinedWorkstation(server, 'MDI', 'ws-pat', closers);
    const token = pats.sync.link()!.deviceToken;
    // Pat signs in on her workstation (online) and keeps working offline on it: a change signed by her waits there.
    await signInOnline(pats, 'Pat Pom', PAT_PASSWORD);
    const patsRouter = createRouter(pats, 'cli');
    expect(
      await patsRouter.handle('oasys/add-event', {
        prisonerNumber: numbers[1],
        event: { type: 'programme-completion', date: '2026-10-03' },
      }),
    ).toMatchObject({ ok: true });
    expect(
      ((await post('credentials', {}, token)).body.value as { staffId: string }[]).map((c) => c.staffId),
    ).toContain(ids['Pat Pom']);
    // A code for a new password issued while she was active, not yet spent.
    const { code: unspent } = await server.unit.issueStaffCode({
      prison: 'MDI',
      staffName: 'Pat Pom',
      issuedBy: 'test',
    });

    // An administrator makes her inactive on another workstation; it reaches the server.
    await signInOnline(admins, 'Sam Admin');
    const pat = admins.services.staff.findByName('Pat Pom')!;
    expect(
      await createRouter(admins, 'cli').handle('staff/update-member', {
        id: pat.id,
        staff: { name: 'Pat Pom', email: null, roles: ['pom'], active: false },
      }),
    ).toMatchObject({ ok: true });
    expect(await admins.sync.sync()).toMatchObject({ applied: 1, refused: [] });

    // The server's doors, asked by her workstation (whose copy still has her active).
    expect(await post('sign-in', { staffId: ids['Pat Pom'], password: PAT_PASSWORD }, token)).toEqual({
      status: 200,
      body: { ok: true, value: { ok: false, reason: 'inactive' } },
    });
    expect(
      await post(
        'change-password',
        { staffId: ids['Pat Pom'], currentPassword: PAT_PASSWORD, newPassword: 'a long new passphrase' },
        token,
      ),
    ).toEqual({ status: 200, body: { ok: true, value: { ok: false, reason: 'inactive' } } });
    expect(
      await post(
        'set-password',
        { staffId: ids['Pat Pom'], code: unspent, password: 'another new passphrase' },
        token,
      ),
    ).toMatchObject({ status: 403, body: { ok: false, error: { code: 'forbidden', field: 'code' } } });
    expect(
      ((await post('credentials', {}, token)).body.value as { staffId: string }[]).map((c) => c.staffId),
    ).not.toContain(ids['Pat Pom']);
    // On her workstation, whose staff list still has her active, the server's answer is what she reads.
    pats.session.signOut(pats.context());
    await expect(pats.session.signInWithPassword(pats.context(), 'Pat Pom', PAT_PASSWORD)).rejects.toThrow(
      "Pat Pom is no longer active on the unit server's staff list. Ask an administrator to make them active again.",
    );
    // Her change signed before is refused by name and taken back on her workstation.
    const report = await pats.sync.sync();
    expect(report).toMatchObject({ pushed: 1, applied: 0 });
    expect(report.refused).toEqual([
      {
        command: 'oasys/add-event',
        description: expect.stringMatching(
          new RegExp(`^Record a significant event for [A-Z][A-Z' -]*, .+ \\(${numbers[1]}\\)$`),
        ),
        // Named as the staff list names her (it gave her id: "no active member of staff 01JF…").
        reason:
          "Pat Pom is no longer active on the unit server's staff list, so a change made in their name is not accepted. Ask an administrator to make them active again, or someone active to make the change.",
      },
    ]);
  });
});
