import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OmuApp } from '../../electron/app/omu-app';
import { createRouter, type Router } from '../../electron/api/router';
import { and, desc, eq } from 'drizzle-orm';
import { staff } from '../../db/schema';
import { serverAudit } from '../../server/db/schema';
import { startUnitServer, type TestUnitServer } from '../support/unit-server';
import {
  PASSWORD,
  firstPasswordFromCode,
  insertPrisoners,
  joinedWorkstation,
} from '../support/unit-workstations';

/**
 * Sign-in on a workstation joined to a unit server (issue 14 with issue 16): the one sign-in service every door uses
 * asks the server, or offline the verifier cached here; the key that signs a person's changes lives only as long as
 * their session. Real PostgreSQL, a real unit server on loopback; "offline" is the workstation pointed at a port where
 * nothing listens.
 */

const closers: (() => Promise<void> | void)[] = [];
let server: TestUnitServer;
let ws: OmuApp;
let router: Router;
let numbers: string[];
const ids: Record<string, string> = {};
const pw: Record<string, string> = {
  'Cathy Clerk': 'filing cabinet sunrise',
  'Maggie Manager': 'orchard lantern seven',
  'Pat Pom': 'pebble river window',
};

const call = (name: string, input: unknown = {}) => router.handle(name, input);
const signIn = (name: string, password: string) => call('session/sign-in', { name, password });
const actor = (name: string) => ({
  staffId: ids[name]!,
  name,
  roles: [] as never[],
  identifiedBy: 'staff' as const,
});
let url = '';
const offline = () =>
  ws.opened.sqlite.prepare('UPDATE sync_link SET server_url = ?').run('http://127.0.0.1:9');
const online = () => ws.opened.sqlite.prepare('UPDATE sync_link SET server_url = ?').run(url);
const signatureOfLast = () =>
  ws.opened.sqlite.prepare('SELECT signature FROM command_log ORDER BY seq DESC LIMIT 1').pluck().get();
const addEvent = (i: number) => ({
  prisonerNumber: numbers[i]!,
  event: { type: 'transfer-in', date: '2026-11-20' },
});

beforeAll(async () => {
  server = await startUnitServer();
  closers.push(() => server.close());
  url = server.url;
  const { code } = await server.unit.initPrison({
    code: 'MDI',
    name: 'HMP Moorland',
    adminName: 'Sam Admin',
  });
  await firstPasswordFromCode(server, 'MDI', code);
  numbers = Array.from({ length: 6 }, (_, i) => `A${1000 + i}AA`);
  // The unit's staff and caseload on the server, as the administrator's workstation would have sent them.
  await server.unit.serverWrite(
    'MDI',
    (changes) => {
      for (const [name, roles] of [
        ['Cathy Clerk', ['case-administrator']],
        ['Maggie Manager', ['senior-manager']],
        ['Pat Pom', ['pom']],
      ] as const) {
        ids[name] = changes.insert(staff, {
          name,
          email: null,
          roles: JSON.stringify(roles),
          active: true,
        }).id;
      }
      insertPrisoners(changes, numbers);
    },
    'test set-up',
  );
  ws = await joinedWorkstation(server, 'MDI', 'ws1', closers);
  router = createRouter(ws, 'http');
  ids['Sam Admin'] = ws.services.staff.findByName('Sam Admin')!.id;
  // Everyone's first password: a one-time code from the unit server (omu-server reset-password), spent here.
  for (const name of ['Cathy Clerk', 'Maggie Manager', 'Pat Pom']) {
    const issued = await server.unit.issueStaffCode({
      prison: 'MDI',
      staffName: name,
      issuedBy: 'omu-server reset-password',
    });
    const set = await call('session/set-password', {
      name,
      code: issued.code,
      newPassword: pw[name]!,
      confirmPassword: pw[name]!,
    });
    expect(set, JSON.stringify(set)).toMatchObject({
      ok: true,
      value: { state: 'signed-in', staff: { name } },
    });
  }
  await call('session/sign-out');
}, 240_000);
afterAll(async () => {
  while (closers.length) await closers.pop()!();
});

describe('sign-in on a workstation joined to the unit server', () => {
  it('signs in against the server: the password is not kept here, the change is signed and the server applies it; codes are not issued here', async () => {
    expect(await signIn('Cathy Clerk', 'filing cabinet sunset')).toMatchObject({
      ok: false,
      error: { code: 'sign-in-refused', message: 'The name or password is not right' },
    });
    expect(await signIn('Cathy Clerk', pw['Cathy Clerk']!)).toMatchObject({
      ok: true,
      value: { state: 'signed-in', signedInOffline: false, unitServer: url },
    });
    // The server's verifier is cached for offline sign-in; no password hash of this workstation's own.
    expect(
      ws.opened.sqlite
        .prepare('SELECT password_hash FROM staff_credentials WHERE staff_id = ?')
        .pluck()
        .get(ids['Cathy Clerk']),
    ).toBeFalsy();
    expect(ws.sync.cachedCredential(ids['Cathy Clerk']!)?.verifier).toMatch(/^scrypt\$/);
    expect(await call('oasys/add-event', addEvent(0))).toMatchObject({ ok: true });
    expect(signatureOfLast()).toEqual(expect.any(String));
    expect(await ws.sync.sync()).toMatchObject({ applied: 1, refused: [] });

    // An administrator here cannot reset a password or bind a computer account: the server holds the passwords.
    expect(await signIn('Sam Admin', PASSWORD)).toMatchObject({ ok: true });
    const reset = await call('credentials/issue-code', { staffId: ids['Pat Pom'] });
    expect(reset).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(reset.ok ? '' : reset.error.message).toBe(
      `This workstation is joined to the unit server at ${url}, which holds the unit's passwords: reset Pat Pom's password on the unit server (omu-server reset-password --prison MDI --staff "Pat Pom"), and give the one-time code it prints to the person, who sets their password here with it.`,
    );
    expect(
      await call('credentials/bind-account', { osAccount: 'pat', staffId: ids['Pat Pom'] }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message: expect.stringMatching(/a computer account cannot stand in for it/),
      },
    });
    await call('session/sign-out');
  });

  it('offline: signs in with the verifier cached here and says so; the change is signed and applied later; wrong passwords still make people wait', async () => {
    offline();
    try {
      expect(await signIn('Cathy Clerk', pw['Cathy Clerk']!)).toMatchObject({
        ok: true,
        value: { state: 'signed-in', signedInOffline: true },
      });
      expect(await call('oasys/add-event', addEvent(1))).toMatchObject({ ok: true });
      expect(signatureOfLast()).toEqual(expect.any(String));
      // A first password or a change needs the server.
      expect(
        await call('session/change-password', {
          currentPassword: pw['Cathy Clerk']!,
          newPassword: 'a brand new passphrase',
          confirmPassword: 'a brand new passphrase',
        }),
      ).toMatchObject({
        ok: false,
        error: {
          message: expect.stringMatching(/cannot be reached.*Changing a password needs the unit server/),
        },
      });
      // Pat's wrong guesses, offline: the first five are free, then a wait (counted here, as when online).
      for (let i = 1; i <= 5; i++)
        expect(await signIn('Pat Pom', `guess number ${i}`)).toMatchObject({ ok: false });
      expect(await signIn('Pat Pom', pw['Pat Pom']!)).toMatchObject({ ok: false, error: { code: 'wait' } });
    } finally {
      online();
    }
    // Back online the wait still holds; Cathy's offline change is accepted under her name.
    expect(await signIn('Pat Pom', pw['Pat Pom']!)).toMatchObject({ ok: false, error: { code: 'wait' } });
    expect(await ws.sync.sync()).toMatchObject({ applied: 1, refused: [] });
    const [onServer] = await server.unit.db
      .select({ actorName: serverAudit.actorName })
      .from(serverAudit)
      .where(and(eq(serverAudit.event, 'oasys/add-event'), eq(serverAudit.outcome, 'applied')))
      .orderBy(desc(serverAudit.seq))
      .limit(1);
    expect(onServer?.actorName).toBe('Cathy Clerk');
    await call('session/sign-out');
  });

  it('a password changed on the server takes effect here at the next online sign-in; a change made here goes to the server', async () => {
    const old = pw['Maggie Manager']!;
    const reset = 'maggie reset on the server';
    // Reset on the server (omu-server reset-password), the code spent on another workstation.
    await firstPasswordFromCode(
      server,
      'MDI',
      (await server.unit.issueStaffCode({ prison: 'MDI', staffName: 'Maggie Manager', issuedBy: 'test' }))
        .code,
      reset,
    );
    expect(await signIn('Maggie Manager', old)).toMatchObject({
      ok: false,
      error: { message: 'The name or password is not right' },
    });
    expect(await signIn('Maggie Manager', reset)).toMatchObject({
      ok: true,
      value: { signedInOffline: false },
    });
    await call('session/sign-out');
    // Offline from now on, only the new password opens.
    offline();
    try {
      expect(await signIn('Maggie Manager', old)).toMatchObject({ ok: false });
      expect(await signIn('Maggie Manager', reset)).toMatchObject({
        ok: true,
        value: { signedInOffline: true },
      });
    } finally {
      online();
    }
    // Changed here: the server takes it; a change signed with the new key is applied.
    expect(
      await call('session/change-password', {
        currentPassword: reset,
        newPassword: 'maggie changed it herself',
        confirmPassword: 'maggie changed it herself',
      }),
    ).toMatchObject({ ok: true });
    expect(
      await server.unit.signIn(
        { id: 'x', prison: 'MDI', name: 'x' },
        { staffId: ids['Maggie Manager']!, password: 'maggie changed it herself' },
      ),
    ).toMatchObject({ ok: true });
    expect(await call('oasys/add-event', addEvent(2))).toMatchObject({ ok: true });
    expect(await ws.sync.sync()).toMatchObject({ applied: 1, refused: [] });
    await call('session/sign-out');
  });

  it("a case administrator cannot act as anyone else: the sign-in is refused, and a change in another's name (after they signed out or locked) is not signed and is refused", async () => {
    // Maggie signs in and out, then locks another session: her key is gone each time.
    expect(await signIn('Maggie Manager', 'maggie changed it herself')).toMatchObject({ ok: true });
    await call('session/sign-out');
    expect(await signIn('Cathy Clerk', pw['Cathy Clerk']!)).toMatchObject({ ok: true });
    // Cathy tries Maggie's name with her own password, online and offline.
    expect(await signIn('Maggie Manager', pw['Cathy Clerk']!)).toMatchObject({
      ok: false,
      error: { code: 'sign-in-refused' },
    });
    offline();
    try {
      expect(await signIn('Maggie Manager', pw['Cathy Clerk']!)).toMatchObject({
        ok: false,
        error: { code: 'sign-in-refused' },
      });
    } finally {
      online();
    }
    // A change written in Maggie's name (as an altered workstation would) carries no signature of hers.
    await ws.runner.run('oasys/add-event', addEvent(3), { ...ws.context(), actor: actor('Maggie Manager') });
    expect(signatureOfLast()).toBeNull();
    // Locked: the key is forgotten too.
    await call('session/sign-out');
    expect(await signIn('Maggie Manager', 'maggie changed it herself')).toMatchObject({ ok: true });
    expect(await call('session/lock')).toMatchObject({ ok: true, value: { state: 'locked' } });
    await ws.runner.run('oasys/add-event', addEvent(4), { ...ws.context(), actor: actor('Maggie Manager') });
    expect(signatureOfLast()).toBeNull();
    const report = await ws.sync.sync();
    expect(report.refused).toEqual([
      {
        command: 'oasys/add-event',
        description: expect.stringMatching(/^Record a significant event for /),
        reason: expect.stringMatching(/^The change is not signed by Maggie Manager/),
      },
      {
        command: 'oasys/add-event',
        description: expect.stringMatching(/^Record a significant event for /),
        reason: expect.stringMatching(/^The change is not signed by Maggie Manager/),
      },
    ]);
    expect(ws.services.oasys.events(ws.services.caseload.get(numbers[3]!).id)).toHaveLength(0);
    // Unlocked with her password: signed again.
    expect(await call('session/unlock', { password: 'maggie changed it herself' })).toMatchObject({
      ok: true,
      value: { state: 'signed-in' },
    });
    expect(await call('oasys/add-event', addEvent(5))).toMatchObject({ ok: true });
    expect(await ws.sync.sync()).toMatchObject({ applied: 1, refused: [] });
    await call('session/sign-out');
  });

  it('a password reset on the server reaches the copy kept here with the next sync, which has nothing to send: its pull brings it, and no request of its own asks for it', async () => {
    // The sign-in details asked for by a request of their own (the server's list for /api/credentials).
    const asked: string[] = [];
    const { credentialCache } = server.unit;
    server.unit.credentialCache = (device) => {
      asked.push(device.id);
      return credentialCache(device);
    };
    try {
      const before = ws.sync.cachedCredential(ids['Cathy Clerk']!)!;
      const reset = 'cathy reset on the server';
      await firstPasswordFromCode(
        server,
        'MDI',
        (await server.unit.issueStaffCode({ prison: 'MDI', staffName: 'Cathy Clerk', issuedBy: 'test' }))
          .code,
        reset,
      );
      expect(await ws.sync.sync()).toMatchObject({ pushed: 0, pulled: 0, refused: [] });
      // Compared as strings: a base64 verifier or salt is no regular expression ("++" in one failed the match).
      const after = ws.sync.cachedCredential(ids['Cathy Clerk']!);
      expect(after).toMatchObject({ previousVerifier: before.verifier });
      expect(after!.verifier).not.toBe(before.verifier);
      expect(after!.signingSalt).not.toBe(before.signingSalt);
      // Offline, the old password no longer opens and the new one does.
      offline();
      try {
        expect(await signIn('Cathy Clerk', pw['Cathy Clerk']!)).toMatchObject({ ok: false });
        expect(await signIn('Cathy Clerk', reset)).toMatchObject({
          ok: true,
          value: { signedInOffline: true },
        });
        await call('session/sign-out');
      } finally {
        online();
      }
      // Nothing changed since: the next sync is told so, and keeps the copy as it is.
      expect(await ws.sync.sync()).toMatchObject({ pushed: 0, pulled: 0, refused: [] });
      expect(asked).toEqual([]);
      pw['Cathy Clerk'] = reset;
    } finally {
      server.unit.credentialCache = credentialCache;
    }
  });

  it('a person made inactive on the unit server loses the copy of their sign-in details here with the next sync, which has nothing to send: its pull says so, and their password no longer opens offline', async () => {
    expect(ws.sync.cachedCredential(ids['Maggie Manager']!)).not.toBeNull();
    await server.unit.serverWrite(
      'MDI',
      (changes) => changes.update(staff, ids['Maggie Manager']!, { active: false }),
      'test: an administrator on another workstation',
    );
    expect(await ws.sync.sync()).toMatchObject({ pushed: 0, pulled: 1, refused: [] });
    // Only the active staff's details are the prison's (the pull reads them in its own statement, server/unit.ts).
    expect(ws.sync.cachedCredential(ids['Maggie Manager']!)).toBeNull();
    expect(ws.sync.cachedCredential(ids['Pat Pom']!)).not.toBeNull();
    offline();
    try {
      expect(await signIn('Maggie Manager', pw['Maggie Manager']!)).toMatchObject({ ok: false });
    } finally {
      online();
    }
  });

  it('the right password on the unit server clears the count of wrong ones before it', async () => {
    const link = ws.sync.link()!;
    const device = { id: link.deviceId, prison: 'MDI', name: 'ws1' };
    const asPat = (password: string) => server.unit.signIn(device, { staffId: ids['Pat Pom']!, password });
    for (let failures = 1; failures <= 3; failures++)
      expect(await asPat('not her password')).toMatchObject({ ok: false, reason: 'wrong', failures });
    expect(await asPat(pw['Pat Pom']!)).toMatchObject({ ok: true });
    expect(await asPat('not her password')).toMatchObject({ ok: false, reason: 'wrong', failures: 1 });
    expect(await asPat(pw['Pat Pom']!)).toMatchObject({ ok: true });
  });
});
