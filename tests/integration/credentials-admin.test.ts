// The administrator's side of sign-in (electron/domain/credentials/service.ts) through the router, on one real SQLite
// file for the whole file: who can sign in, the sign-in log's limit, one-time codes refused for someone unknown or who
// has left, computer accounts bound, re-bound and unbound (each logged with the names), and the first administrator
// on a caseload from before sign-in (an administrator already on the staff list, or recovering on the command line).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter, type Router } from '../../electron/api/router';
import { valueOf, type Answer } from '../support/commands';
import { FIXED_TODAY } from '../support/temp';
import type { SignInStatus } from '../../electron/domain/credentials/service';
import { TEST_COST, TEST_PASSWORD, givePassword, movableClock } from '../support/sign-in';
import { emptyDatabase } from '../support/empty-database';

let app: OmuApp;
let router: Router;
let clock: ReturnType<typeof movableClock>;
const ids: Record<string, string> = {};

type Result = Answer;
const call = async (name: string, input: unknown = {}) => (await router.handle(name, input)) as Result;
const value = valueOf;
const lastEvent = async () => (await app.credentials.events({ limit: 1 }))[0]!;

beforeAll(async () => {
  clock = movableClock();
  const dbFile = emptyDatabase('omu-cred-admin-');
  app = openApp({ dbFile, today: FIXED_TODAY, clock, osAccount: 'ws-9', passwordHashCost: TEST_COST });
  const ctx = app.context();
  for (const [name, roles, active] of [
    ['Ada Admin', ['administrator'], true],
    ['Pat Pom', ['pom'], true],
    ['Nina New', ['pom'], true],
    ['Larry Left', ['pom'], false],
  ] as const)
    ids[name] = app.services.staff.insertUnchecked(ctx, { name, email: null, roles: [...roles], active }).id;
  for (const name of ['Ada Admin', 'Pat Pom']) await givePassword(app, name);
  router = createRouter(app, 'http');
  expect(await call('session/sign-in', { name: 'Ada Admin', password: TEST_PASSWORD })).toMatchObject({
    ok: true,
  });
});
afterAll(() => app?.close());

describe('who can sign in (credentials/status)', () => {
  it('shows each person with their password, code, failed attempts and wait, and only their own computer accounts', async () => {
    await call('credentials/bind-account', { osAccount: 'pat.pc', staffId: ids['Pat Pom'] });
    const nina = value<{ code: string; expiresAt: string }>(
      await call('credentials/issue-code', { staffId: ids['Nina New'] }),
    );
    // Two wrong passwords for Pat, made through another door on the same file.
    const other = createRouter(app, 'cli');
    for (let i = 0; i < 2; i++)
      await other.handle('session/sign-in', { name: 'Pat Pom', password: 'wrong one' });
    const rows = value<SignInStatus[]>(await call('credentials/status'));
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName['Pat Pom']).toEqual({
      staffId: ids['Pat Pom'],
      name: 'Pat Pom',
      active: true,
      hasPassword: true,
      passwordSetAt: '2026-11-22T10:00:00.000Z',
      codeExpiresAt: null,
      failedAttempts: 2,
      waitUntil: null,
      osAccounts: ['pat.pc'],
    });
    expect(byName['Nina New']).toMatchObject({
      hasPassword: false,
      passwordSetAt: null,
      codeExpiresAt: nina.expiresAt,
      failedAttempts: 0,
      osAccounts: [],
    });
    expect(byName['Larry Left']).toMatchObject({ active: false, hasPassword: false, osAccounts: [] });
    expect(byName['Ada Admin']).toMatchObject({ hasPassword: true, osAccounts: [] });

    // A code past its 72 hours is no longer shown as waiting; one a minute before is.
    // (Signed in again at each new time: the session locks after 10 idle minutes.)
    const again = () => call('session/sign-in', { name: 'Ada Admin', password: TEST_PASSWORD });
    clock.advanceMinutes(72 * 60 - 1);
    await again();
    const before = value<{ name: string; codeExpiresAt: string | null }[]>(await call('credentials/status'));
    expect(before.find((r) => r.name === 'Nina New')!.codeExpiresAt).toBe(nina.expiresAt);
    clock.advanceMinutes(1);
    await again();
    const at = value<{ name: string; codeExpiresAt: string | null }[]>(await call('credentials/status'));
    expect(at.find((r) => r.name === 'Nina New')!.codeExpiresAt).toBeNull();
  });
});

describe('the sign-in log (credentials/events)', () => {
  it('gives as many entries as asked for, newest first', async () => {
    const all = value<{ seq: number }[]>(await call('credentials/events', { limit: 100 }));
    expect(all.length).toBeGreaterThan(3);
    const three = value<{ seq: number }[]>(await call('credentials/events', { limit: 3 }));
    expect(three).toEqual(all.slice(0, 3));
    expect(three[0]!.seq).toBeGreaterThan(three[1]!.seq);
  });
});

describe('one-time codes (credentials/issue-code)', () => {
  it('refuses someone not on the staff list, and someone who has left, writing nothing', async () => {
    const count = (await app.credentials.events({ limit: 1000 })).length;
    expect(await call('credentials/issue-code', { staffId: 'no-such-person' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringContaining('Staff member') },
    });
    expect(await call('credentials/issue-code', { staffId: ids['Larry Left'] })).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'conflict',
        message: 'Larry Left is marked as left; mark them as active first',
      }),
    });
    expect((await app.credentials.events({ limit: 1000 })).length).toBe(count);
    expect((await app.credentials.state(ids['Larry Left']!, clock())).code).toBeNull();
  });

  it('to someone with no password yet, says nothing of an old password', async () => {
    const issued = value<{ staffId: string; name: string; expiresAt: string }>(
      await call('credentials/issue-code', { staffId: ids['Nina New'] }),
    );
    expect(issued).toMatchObject({ staffId: ids['Nina New'], name: 'Nina New' });
    expect(await lastEvent()).toMatchObject({
      action: 'password-reset',
      staffId: ids['Nina New'],
      actorName: 'Ada Admin',
      osAccount: 'ws-9',
      summary: `Issued Nina New a one-time code, valid until ${issued.expiresAt}`,
    });
  });
});

describe('computer accounts (credentials/bind-account, credentials/unbind-account)', () => {
  it('refuses an account written with its domain, and a person who has left or is unknown, naming the field', async () => {
    const bindings = (await app.credentials.bindings()).length;
    expect(
      await call('credentials/bind-account', { osAccount: 'HMP\\nina', staffId: ids['Nina New'] }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'osAccount' } });
    for (const staffId of [ids['Larry Left'], 'no-such-person'])
      expect(await call('credentials/bind-account', { osAccount: 'nina.pc', staffId })).toEqual({
        ok: false,
        error: expect.objectContaining({
          code: 'invalid-input',
          field: 'staffId',
          message: 'Choose an active member of staff',
        }),
      });
    expect((await app.credentials.bindings()).length).toBe(bindings);
  });

  it('binds an account, logs who it was bound instead of when re-bound, and nothing of the kind when bound again to the same person', async () => {
    expect(
      await call('credentials/bind-account', { osAccount: ' nina.pc ', staffId: ids['Nina New'] }),
    ).toMatchObject({ ok: true });
    expect(await lastEvent()).toMatchObject({
      action: 'bind',
      staffId: ids['Nina New'],
      actorName: 'Ada Admin',
      summary: 'Computer account nina.pc bound to Nina New: it signs in as them without a password',
    });
    await call('credentials/bind-account', { osAccount: 'nina.pc', staffId: ids['Nina New'] });
    expect((await lastEvent()).summary).toBe(
      'Computer account nina.pc bound to Nina New: it signs in as them without a password',
    );
    await call('credentials/bind-account', { osAccount: 'nina.pc', staffId: ids['Pat Pom'] });
    expect(await lastEvent()).toMatchObject({
      staffId: ids['Pat Pom'],
      summary:
        'Computer account nina.pc bound to Pat Pom, instead of Nina New: it signs in as them without a password',
    });
    expect(await app.credentials.boundTo('nina.pc')).toBe(ids['Pat Pom']);
  });

  it('unbinds an account, naming whom it was bound to; an account bound to nobody is refused', async () => {
    expect(await call('credentials/unbind-account', { osAccount: 'nina.pc' })).toMatchObject({ ok: true });
    expect(await lastEvent()).toMatchObject({
      action: 'unbind',
      staffId: ids['Pat Pom'],
      actorName: 'Ada Admin',
      summary: 'Computer account nina.pc no longer bound to Pat Pom',
    });
    expect(await app.credentials.boundTo('nina.pc')).toBeNull();
    const count = (await app.credentials.events({ limit: 1000 })).length;
    expect(await call('credentials/unbind-account', { osAccount: 'nina.pc' })).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'not-found',
        message: 'The computer account nina.pc is not bound to anyone',
      }),
    });
    expect((await app.credentials.events({ limit: 1000 })).length).toBe(count);
  });
});

describe('the first administrator on a caseload from before sign-in', () => {
  /** A caseload whose staff list has people but where nobody has a password, a code or a binding. */
  async function before(osAccount: string) {
    const dbFile = emptyDatabase('omu-cred-first-');
    const a = openApp({ dbFile, today: FIXED_TODAY, osAccount, passwordHashCost: TEST_COST });
    for (const [name, roles, active] of [
      ['Harriet Head', ['senior-manager', 'administrator'], true],
      ['Olive Old', ['administrator'], false],
      ['Pete Pom', ['pom'], true],
    ] as const)
      a.services.staff.insertUnchecked(a.context(), { name, email: null, roles: [...roles], active });
    return a;
  }

  it('names an administrator already on the staff list (no one added); refuses someone who is not an active administrator', async () => {
    const a = await before('installer');
    try {
      const r = createRouter(a, 'electron');
      const staffBefore = a.services.staff.list().length;
      for (const name of ['Pete Pom', 'Olive Old'])
        expect(
          await r.handle('credentials/set-up-first-administrator', { name, roles: ['administrator'] }),
        ).toEqual({
          ok: false,
          error: expect.objectContaining({
            code: 'invalid-input',
            field: 'name',
            message: `${name} is on the staff list but is not an active administrator; give a new name, or the name of an administrator`,
          }),
        });
      expect(await a.credentials.isEmpty()).toBe(true);
      const harriet = a.services.staff.findByName('Harriet Head')!;
      expect(
        await r.handle('credentials/set-up-first-administrator', { name: 'Harriet Head', roles: ['pom'] }),
      ).toMatchObject({ ok: true, value: { staffId: harriet.id, name: 'Harriet Head' } });
      expect(a.services.staff.list().length).toBe(staffBefore);
      expect(a.services.staff.get(harriet.id)!.roles).toEqual(['senior-manager', 'administrator']);
      expect((await a.credentials.events({ limit: 1 }))[0]).toMatchObject({
        action: 'password-reset',
        staffId: harriet.id,
        actorName: 'Setup on computer account installer',
      });
    } finally {
      a.close();
    }
  });

  it('a new person keeps the roles given, administrator among them once', async () => {
    const a = await before('installer');
    try {
      const r = createRouter(a, 'electron');
      expect(
        await r.handle('credentials/set-up-first-administrator', {
          name: 'Ivy Install',
          roles: ['administrator', 'pom'],
        }),
      ).toMatchObject({ ok: true });
      expect(a.services.staff.findByName('Ivy Install')!.roles).toEqual(['administrator', 'pom']);
    } finally {
      a.close();
    }
  });

  it('on the command line, issues it again while no active administrator can sign in; not once one can', async () => {
    const a = await before('installer');
    try {
      const cli = createRouter(a, 'cli');
      const app2 = createRouter(a, 'electron');
      const first = (await cli.handle('credentials/set-up-first-administrator', {
        name: 'Harriet Head',
        roles: ['administrator'],
      })) as Result;
      expect(first.ok).toBe(true);
      // The code was lost before it was used: the app refuses, the command line (whose user holds the file) issues it again.
      expect(
        await app2.handle('credentials/set-up-first-administrator', {
          name: 'Harriet Head',
          roles: ['administrator'],
        }),
      ).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
      // A password for someone who is not an administrator, or for an administrator who has left, does not count.
      await givePassword(a, 'Pete Pom');
      await givePassword(a, 'Olive Old');
      expect(
        await cli.handle('credentials/set-up-first-administrator', {
          name: 'Harriet Head',
          roles: ['administrator'],
        }),
      ).toMatchObject({
        ok: true,
        value: { name: 'Harriet Head' },
      });
      // Once an active administrator is bound to a computer account, it is set up.
      await a.credentials.bind(
        'harriet.pc',
        a.services.staff.findByName('Harriet Head')!.id,
        'test',
        a.context().now,
      );
      expect(
        await cli.handle('credentials/set-up-first-administrator', {
          name: 'Harriet Head',
          roles: ['administrator'],
        }),
      ).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    } finally {
      a.close();
    }
  });

  it('on the command line, not once an active administrator has a password', async () => {
    const a = await before('installer');
    try {
      await givePassword(a, 'Harriet Head');
      expect(
        await createRouter(a, 'cli').handle('credentials/set-up-first-administrator', {
          name: 'Harriet Head',
          roles: ['administrator'],
        }),
      ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    } finally {
      a.close();
    }
  });
});
