import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter, type Router } from '../../electron/api/router';
import { FIXED_TODAY } from '../support/temp';
import { TEST_COST, TEST_PASSWORD, givePassword, movableClock, signIn } from '../support/sign-in';
import { costOf, hashSecret, verifySecret, PASSWORD_COST } from '../../electron/domain/credentials/hashing';
import { DECISIONS_OF_RECORD } from '../../electron/domain/session/reauth';
import { commands } from '../../electron/api/registry';
import { emptyDatabase } from '../support/empty-database';

let app: OmuApp;
afterEach(() => app?.close());

/** A unit of five on a real file, its clock moved by hand; everyone has a password; nobody is signed in. */
async function unit(osAccount = 'ws-17') {
  const clock = movableClock();
  const dbFile = emptyDatabase('omu-signin-');
  app = openApp({ dbFile, today: FIXED_TODAY, clock, osAccount, passwordHashCost: TEST_COST });
  const s = app.services;
  const ctx = app.context();
  for (const [name, roles] of [
    ['Ada Admin', ['administrator']],
    ['Maggie Manager', ['senior-manager']],
    ['Pat Pom', ['pom']],
    ['Cathy Clerk', ['case-administrator']],
  ] as const)
    s.staff.insertUnchecked(ctx, {
      name,
      email: `${name.split(' ')[0]!.toLowerCase()}@justice.gov.uk`,
      roles: [...roles],
      active: true,
    });
  for (const name of ['Ada Admin', 'Maggie Manager', 'Pat Pom', 'Cathy Clerk']) await givePassword(app, name);
  const router = createRouter(app, 'http');
  return { clock, router, dbFile };
}

const call = async (router: Router, name: string, input: unknown = {}) => router.handle(name, input);
const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);
const who = async (router: Router) => {
  const r = await call(router, 'session/current');
  return r.ok
    ? `${(r.value as { state: string }).state} ${(r.value as { staff: { name: string } | null }).staff?.name ?? ''}`.trim()
    : 'error';
};
const signInLog = async () =>
  (await app.credentials.events({ limit: 100 })).map((a) => `${a.action}: ${a.summary}`);

describe('passwords (scrypt)', () => {
  it('hashes with the full cost by default, a salt per hash, and verifies only the right password', async () => {
    const a = await hashSecret('tulip window seventeen');
    // One hash and one check at the full cost (about a CPU-second each; there were four): the salt does not depend on
    // the cost, and a hash is checked at the cost it records, so the second hash, at the tests' cost, shows both.
    const b = await hashSecret('tulip window seventeen', TEST_COST);
    expect(costOf(a)).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    expect(costOf(b)).toEqual(TEST_COST);
    expect(PASSWORD_COST.N * PASSWORD_COST.r * 128).toBe(128 * 1024 * 1024);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
    expect(await verifySecret('tulip window seventeen', a)).toBe(true);
    expect(await verifySecret('tulip window seventeen', b)).toBe(true);
    expect(await verifySecret('tulip window seventeeN', b)).toBe(false);
    expect(await verifySecret('anything', 'not-a-hash', TEST_COST)).toBe(false);
  }, 120_000);

  it('keeps hashes only: no password or one-time code is in the database file', async () => {
    const { dbFile } = await unit();
    const issued = await app.credentials.issueCode(
      app.services.staff.findByName('Pat Pom')!.id,
      'Ada Admin',
      app.context().now,
    );
    const raw = new Database(dbFile, { readonly: true });
    const dump = JSON.stringify([
      raw.prepare('SELECT * FROM staff_credentials').all(),
      raw.prepare('SELECT * FROM one_time_codes').all(),
    ]);
    raw.close();
    expect(dump).not.toContain(TEST_PASSWORD);
    expect(dump).not.toContain(issued.code);
    expect(dump).not.toContain(issued.code.replace('-', ''));
    expect(dump).toMatch(/scrypt\$1024\$8\$1\$/);
  });
});

describe('signing in', () => {
  it('needs the right password; a wrong one, an unknown name or a person who has left is refused alike, and audited', async () => {
    const { router } = await unit();
    expect(await who(router)).toBe('signed-out');
    expect(code(await call(router, 'caseload/query', {}))).toBe('not-signed-in');
    expect(
      await call(router, 'session/sign-in', { name: 'Pat Pom', password: 'wrong password' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'sign-in-refused', message: 'The name or password is not right', field: 'password' },
    });
    expect(
      await call(router, 'session/sign-in', { name: 'Nobody Known', password: TEST_PASSWORD }),
    ).toMatchObject({
      ok: false,
      error: { code: 'sign-in-refused', message: 'The name or password is not right' },
    });
    expect(await call(router, 'session/sign-in', { name: '', password: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'name', message: 'Enter your name' },
    });
    expect(await who(router)).toBe('signed-out');
    // By name in any case, or by e-mail address.
    expect(code(await call(router, 'session/sign-in', { name: 'pat pom', password: TEST_PASSWORD }))).toBe(
      'ok',
    );
    expect(await who(router)).toBe('signed-in Pat Pom');
    expect(
      code(await call(router, 'session/sign-in', { name: 'cathy@justice.gov.uk', password: TEST_PASSWORD })),
    ).toBe('ok');
    expect(await who(router)).toBe('signed-in Cathy Clerk');
    expect((await signInLog()).reverse()).toEqual([
      'sign-in-failed: Failed sign-in for Pat Pom on ws-17 (1st failed attempt in a row)',
      'sign-in-failed: Failed sign-in on ws-17: no active member of staff called "Nobody Known"',
      'sign-in: Pat Pom signed in with a password on computer account ws-17',
      'sign-out: Pat Pom signed out (another person signed in)',
      'sign-in: Cathy Clerk signed in with a password on computer account ws-17',
    ]);
    // Marked as left: signed out at once, and refused from then on.
    await signIn(app, 'Ada Admin');
    const pat = app.services.staff.findByName('Pat Pom')!;
    await app.runner.run(
      'staff/update-member',
      { id: pat.id, staff: { ...pat, active: false } },
      app.context(),
    );
    expect(await call(router, 'session/sign-in', { name: 'Pat Pom', password: TEST_PASSWORD })).toMatchObject(
      {
        ok: false,
        error: { message: 'The name or password is not right' },
      },
    );
  });

  it('remembers nobody: a new session on the same computer account starts signed out', async () => {
    const { router, dbFile } = await unit();
    await call(router, 'session/sign-in', { name: 'Pat Pom', password: TEST_PASSWORD });
    expect(await who(router)).toBe('signed-in Pat Pom');
    app.close();
    app = openApp({ dbFile, today: FIXED_TODAY, osAccount: 'ws-17', passwordHashCost: TEST_COST });
    expect(await who(createRouter(app, 'http'))).toBe('signed-out');
  });

  it('after 5 failed attempts each further one doubles the wait; the right password is refused while waiting', async () => {
    const { router, clock } = await unit();
    const attempt = (password: string) =>
      call(router, 'session/sign-in', { name: 'Maggie Manager', password });
    for (let i = 1; i <= 2; i++)
      expect(await attempt(`guess ${i}`)).toMatchObject({
        ok: false,
        error: { code: 'sign-in-refused', message: 'The name or password is not right' },
      });
    expect(await attempt('guess 3')).toMatchObject({
      ok: false,
      error: { message: 'The name or password is not right. You have 2 more tries before you must wait.' },
    });
    expect(await attempt('guess 4')).toMatchObject({
      ok: false,
      error: { message: 'The name or password is not right. You have 1 more try before you must wait.' },
    });
    // 5th failure at 10:00: wait 1 minute.
    expect(await attempt('guess 5')).toMatchObject({
      ok: false,
      error: {
        code: 'wait',
        message:
          'You have entered the wrong password too many times. Try again after 10:01, or ask an administrator to reset your password.',
      },
    });
    clock.advanceSeconds(59);
    expect(await attempt(TEST_PASSWORD)).toMatchObject({ ok: false, error: { code: 'wait' } });
    clock.advanceSeconds(1);
    // 6th failure at 10:01: wait 2 minutes.
    expect(await attempt('guess 6')).toMatchObject({
      ok: false,
      error: { code: 'wait', message: expect.stringContaining('Try again after 10:03') },
    });
    clock.advanceMinutes(1);
    expect(await attempt(TEST_PASSWORD)).toMatchObject({ ok: false, error: { code: 'wait' } });
    clock.advanceMinutes(1);
    // 7th failure at 10:03: wait 4 minutes.
    expect(await attempt('guess 7')).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('Try again after 10:07') },
    });
    clock.advanceMinutes(4);
    expect(code(await attempt(TEST_PASSWORD))).toBe('ok');
    // Success clears the count: the next mistake is a first one again.
    await call(router, 'session/sign-out');
    expect(await attempt('guess again')).toMatchObject({ ok: false, error: { code: 'sign-in-refused' } });
    const failures = (await signInLog()).filter(
      (a) => a.startsWith('sign-in-failed') || a.startsWith('sign-in-refused'),
    );
    expect(failures).toHaveLength(10);
    expect(failures.filter((a) => a.startsWith('sign-in-refused'))).toEqual(
      expect.arrayContaining([
        expect.stringContaining('waiting after failed attempts until 2026-11-22T10:01:00.000Z'),
      ]),
    );
  });

  it("the wait caps at an hour, and an administrator's reset ends it", async () => {
    const { router, clock } = await unit();
    for (let i = 0; i < 12; i++) {
      await call(router, 'session/sign-in', { name: 'Pat Pom', password: 'nope' });
      const state = await app.credentials.state(app.services.staff.findByName('Pat Pom')!.id, clock());
      if (state.waitUntil)
        clock.advanceMinutes((new Date(state.waitUntil).getTime() - clock().getTime()) / 60_000);
    }
    const before = clock().getTime();
    await call(router, 'session/sign-in', { name: 'Pat Pom', password: 'nope' });
    const state = await app.credentials.state(app.services.staff.findByName('Pat Pom')!.id, clock());
    expect((new Date(state.waitUntil!).getTime() - before) / 60_000).toBe(60);
    await signIn(app, 'Ada Admin');
    const issued = await call(router, 'credentials/issue-code', {
      staffId: app.services.staff.findByName('Pat Pom')!.id,
    });
    expect(issued.ok).toBe(true);
    await call(router, 'session/sign-out');
    const { code: oneTime } = (issued as { value: { code: string } }).value;
    expect(
      code(
        await call(router, 'session/set-password', {
          name: 'Pat Pom',
          code: oneTime,
          newPassword: 'a brand new passphrase',
          confirmPassword: 'a brand new passphrase',
        }),
      ),
    ).toBe('ok');
    expect(await who(router)).toBe('signed-in Pat Pom');
  });
});

describe('changing your own password (a workstation on its own)', () => {
  it('needs the current password; the new one must be good and confirmed; then only the new one works, and it is logged', async () => {
    const { router } = await unit();
    const change = (currentPassword: string, newPassword: string, confirmPassword = newPassword) =>
      call(router, 'session/change-password', { currentPassword, newPassword, confirmPassword });
    const fresh = 'copper lantern harbour';
    // Signed out: nobody's password can be changed.
    expect(code(await change(TEST_PASSWORD, fresh))).toBe('not-signed-in');
    expect(code(await call(router, 'session/sign-in', { name: 'Pat Pom', password: TEST_PASSWORD }))).toBe(
      'ok',
    );
    expect(await change('', fresh)).toMatchObject({
      ok: false,
      error: { field: 'currentPassword', message: 'Enter your current password' },
    });
    expect(await change('not my password', fresh)).toMatchObject({
      ok: false,
      error: { field: 'currentPassword', message: 'Your current password is not right' },
    });
    expect(await change(TEST_PASSWORD, fresh, 'copper lantern harbor')).toMatchObject({
      ok: false,
      error: {
        field: 'confirmPassword',
        message: 'Confirm your new password: the two passwords are not the same',
      },
    });
    expect(await change(TEST_PASSWORD, 'short')).toMatchObject({
      ok: false,
      error: { field: 'newPassword' },
    });
    // Nothing refused changed anything: the old password still signs in.
    await call(router, 'session/sign-out');
    expect(code(await call(router, 'session/sign-in', { name: 'Pat Pom', password: TEST_PASSWORD }))).toBe(
      'ok',
    );
    expect(code(await change(TEST_PASSWORD, fresh))).toBe('ok');
    expect(await who(router)).toBe('signed-in Pat Pom');
    await call(router, 'session/sign-out');
    expect(code(await call(router, 'session/sign-in', { name: 'Pat Pom', password: TEST_PASSWORD }))).toBe(
      'sign-in-refused',
    );
    expect(code(await call(router, 'session/sign-in', { name: 'Pat Pom', password: fresh }))).toBe('ok');
    const log = await signInLog();
    expect(log.filter((l) => l.startsWith('password-changed:'))).toEqual([
      'password-changed: Pat Pom changed their password',
    ]);
    expect(JSON.stringify(log)).not.toContain(fresh);
  });
});

describe('the sign-in log', () => {
  it("is append-only, kept with the credentials and not in the caseload's audit log", async () => {
    const { router, dbFile } = await unit();
    await call(router, 'session/sign-in', { name: 'Pat Pom', password: 'wrong' });
    await call(router, 'session/sign-in', { name: 'Pat Pom', password: TEST_PASSWORD });
    expect(await call(router, 'credentials/events', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await call(router, 'session/sign-in', { name: 'Ada Admin', password: TEST_PASSWORD });
    const events = await call(router, 'credentials/events', { limit: 10 });
    expect(events).toMatchObject({ ok: true });
    expect(
      (events as { value: { action: string; actorName: string }[] }).value.map(
        (e) => `${e.action} ${e.actorName}`,
      ),
    ).toEqual([
      'sign-in Ada Admin',
      'sign-out Pat Pom',
      'sign-in Pat Pom',
      'sign-in-failed ws-17 (not signed in)',
    ]);
    expect(app.services.audit.list({ limit: 100 }).filter((a) => a.action.startsWith('sign-'))).toEqual([]);
    const raw = new Database(dbFile);
    try {
      expect(() => raw.prepare("UPDATE sign_in_log SET summary = 'nothing happened'").run()).toThrow(
        'sign_in_log is append-only',
      );
      expect(() => raw.prepare('DELETE FROM sign_in_log').run()).toThrow('sign_in_log is append-only');
    } finally {
      raw.close();
    }
  });
});

describe('one-time codes', () => {
  it('an administrator issues one (a reset: the old password stops working); it sets a password once, and expires after 72 hours', async () => {
    const { router, clock } = await unit();
    const pat = app.services.staff.findByName('Pat Pom')!;
    await signIn(app, 'Cathy Clerk');
    expect(await call(router, 'credentials/issue-code', { staffId: pat.id })).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message: "Only an administrator can reset someone's password. Cathy Clerk is not recorded as one.",
      },
    });
    await call(router, 'session/sign-in', { name: 'Ada Admin', password: TEST_PASSWORD });
    const first = await call(router, 'credentials/issue-code', { staffId: pat.id });
    expect(first).toMatchObject({
      ok: true,
      value: {
        name: 'Pat Pom',
        code: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/),
        expiresAt: '2026-11-25T10:00:00.000Z',
      },
    });
    expect((await app.credentials.events({ limit: 1 }))[0]).toMatchObject({
      action: 'password-reset',
      actorName: 'Ada Admin',
      staffId: pat.id,
      summary:
        'Issued Pat Pom a one-time code, valid until 2026-11-25T10:00:00.000Z; their old password no longer works',
    });
    const issuedCode = (first as { value: { code: string } }).value.code;
    expect(
      JSON.stringify([app.services.audit.list({ limit: 50 }), await app.credentials.events({ limit: 50 })]),
    ).not.toContain(issuedCode);
    await call(router, 'session/sign-out');
    expect(code(await call(router, 'session/sign-in', { name: 'Pat Pom', password: TEST_PASSWORD }))).toBe(
      'sign-in-refused',
    );

    // A second code replaces the first.
    await call(router, 'session/sign-in', { name: 'Ada Admin', password: TEST_PASSWORD });
    const second = (await call(router, 'credentials/issue-code', { staffId: pat.id })) as {
      ok: true;
      value: { code: string };
    };
    await call(router, 'session/sign-out');
    const setWith = (c: string, newPassword = 'seven purple elephants') =>
      call(router, 'session/set-password', {
        name: 'Pat Pom',
        code: c,
        newPassword,
        confirmPassword: newPassword,
      });
    expect(await setWith((first as { value: { code: string } }).value.code)).toMatchObject({
      ok: false,
      error: { code: 'sign-in-refused', field: 'code', message: 'The one-time code is not right' },
    });
    // The password is checked before the code is spent, and named as the form names it.
    expect(await setWith(second.value.code, 'short')).toMatchObject({
      ok: false,
      error: { field: 'newPassword', message: 'New password must be 10 characters or more' },
    });
    expect(
      await call(router, 'session/set-password', {
        name: 'Pat Pom',
        code: second.value.code,
        newPassword: 'seven purple elephants',
        confirmPassword: 'seven purple elephant',
      }),
    ).toMatchObject({ ok: false, error: { field: 'confirmPassword' } });
    // Typed loosely: lower case, no hyphen, O for 0.
    expect(code(await setWith(second.value.code.toLowerCase().replace('-', ' ').replace(/0/g, 'o')))).toBe(
      'ok',
    );
    expect(await who(router)).toBe('signed-in Pat Pom');
    await call(router, 'session/sign-out');
    expect(code(await setWith(second.value.code, 'another new passphrase'))).toBe('sign-in-refused');
    expect(
      code(await call(router, 'session/sign-in', { name: 'Pat Pom', password: 'seven purple elephants' })),
    ).toBe('ok');

    // Expiry.
    await call(router, 'session/sign-in', { name: 'Ada Admin', password: TEST_PASSWORD });
    const third = (await call(router, 'credentials/issue-code', { staffId: pat.id })) as {
      ok: true;
      value: { code: string };
    };
    await call(router, 'session/sign-out');
    clock.advanceMinutes(72 * 60);
    expect(await setWith(third.value.code)).toMatchObject({
      ok: false,
      error: {
        code: 'sign-in-refused',
        message: 'This one-time code has expired. Ask an administrator for a new one.',
      },
    });
  });

  it('the first administrator: only while nobody can sign in; their code is printed once', async () => {
    const dbFile = emptyDatabase('omu-first-');
    app = openApp({ dbFile, today: FIXED_TODAY, osAccount: 'installer', passwordHashCost: TEST_COST });
    const router = createRouter(app, 'electron');
    expect(
      ((await call(router, 'session/current')) as { value: { setupNeeded: boolean } }).value.setupNeeded,
    ).toBe(true);
    const first = await call(router, 'credentials/set-up-first-administrator', {
      name: 'Helen Head',
      roles: ['senior-manager'],
    });
    expect(first).toMatchObject({ ok: true, value: { name: 'Helen Head', code: expect.any(String) } });
    expect(app.services.staff.findByName('Helen Head')!.roles).toEqual(['senior-manager', 'administrator']);
    expect(
      await call(router, 'credentials/set-up-first-administrator', {
        name: 'Ivan Intruder',
        roles: ['administrator'],
      }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(app.services.staff.findByName('Ivan Intruder')).toBeNull();
    expect((await app.credentials.events({ limit: 5 })).map((a) => `${a.actorName}: ${a.summary}`)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Setup on computer account installer: First administrator: issued Helen Head a one-time code/,
        ),
      ]),
    );
    // Adding the person is case data, in the audit log.
    expect(app.services.audit.list({ entity: 'staff', limit: 1 })[0]).toMatchObject({
      action: 'create',
      actorName: 'Setup on computer account installer',
    });
  });
});

describe('locking', () => {
  it('locks after 10 idle minutes; while locked only unlocking works; unlocking needs the password', async () => {
    const { router, clock } = await unit();
    await call(router, 'session/sign-in', { name: 'Pat Pom', password: TEST_PASSWORD });
    clock.advanceMinutes(9);
    expect(code(await call(router, 'caseload/query', {}))).toBe('ok');
    clock.advanceMinutes(9);
    expect(code(await call(router, 'session/record-activity'))).toBe('ok');
    clock.advanceMinutes(9);
    expect(await who(router)).toBe('signed-in Pat Pom');
    clock.advanceMinutes(1);
    expect(await who(router)).toBe('locked Pat Pom');
    expect(app.context().actor.staffId).toBeNull();
    expect(await call(router, 'caseload/query', {})).toMatchObject({
      ok: false,
      error: { code: 'locked', message: 'OMU Desk is locked. Enter your password to unlock it.' },
    });
    expect(code(await call(router, 'session/unlock', { password: 'wrong' }))).toBe('sign-in-refused');
    expect(code(await call(router, 'session/unlock', { password: TEST_PASSWORD }))).toBe('ok');
    expect(code(await call(router, 'caseload/query', {}))).toBe('ok');
    // "Lock" at once, and "Switch user" (sign out) from a locked session.
    expect(((await call(router, 'session/lock')) as { value: { state: string } }).value.state).toBe('locked');
    expect(code(await call(router, 'session/sign-out'))).toBe('ok');
    expect(await who(router)).toBe('signed-out');
    expect((await signInLog()).slice(0, 5).reverse()).toEqual([
      "lock: Pat Pom's session locked after 10 minutes idle",
      'sign-in-failed: Failed unlock for Pat Pom on ws-17 (1st failed attempt in a row)',
      'unlock: Pat Pom unlocked the session',
      'lock: Pat Pom locked the session',
      'sign-out: Pat Pom signed out',
    ]);
  });

  it('an administrator sets the idle time (audited, re-authenticated); failed unlocks count towards the wait', async () => {
    const { router, clock } = await unit();
    await call(router, 'session/sign-in', { name: 'Pat Pom', password: TEST_PASSWORD });
    expect(await call(router, 'session/set-idle-lock', { minutes: 3 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await call(router, 'session/sign-in', { name: 'Ada Admin', password: TEST_PASSWORD });
    expect(await call(router, 'session/set-idle-lock', { minutes: 0 })).toMatchObject({
      ok: false,
      error: { field: 'minutes' },
    });
    expect(await call(router, 'session/set-idle-lock', { minutes: 3 })).toEqual({
      ok: true,
      value: { minutes: 3 },
    });
    expect(app.services.audit.list({ entity: 'settings', limit: 1 })[0]!.summary).toBe(
      'OMU Desk now locks after 3 minutes idle (was 10)',
    );
    clock.advanceMinutes(3);
    expect(await who(router)).toBe('locked Ada Admin');
    for (let i = 0; i < 4; i++) await call(router, 'session/unlock', { password: 'not it' });
    expect(await call(router, 'session/unlock', { password: 'not it' })).toMatchObject({
      ok: false,
      error: { code: 'wait' },
    });
    expect(await call(router, 'session/unlock', { password: TEST_PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'wait' },
    });
    clock.advanceMinutes(1);
    expect(code(await call(router, 'session/unlock', { password: TEST_PASSWORD }))).toBe('ok');
  });
});

describe('re-authentication for decisions of record', () => {
  it('asks for the password again when it was entered more than 5 minutes ago, for each act in the one list', async () => {
    const { router, clock } = await unit();
    await call(router, 'session/sign-in', { name: 'Maggie Manager', password: TEST_PASSWORD });
    app.services.caseloadImport.commit(
      app.context(),
      'c.csv',
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date\nA1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2028\n',
    );
    const authorise = () =>
      call(router, 'public-protection/authorise-monitoring', {
        prisonerNumber: 'A1111AA',
        authorisation: {
          means: 'phone',
          basis: 'offence-related',
          reasons: 'Offence against a child known to him',
          necessityAndProportionality: 'Necessary and the least intrusive means',
          authorisedOn: '2026-11-22',
        },
      });
    clock.advanceMinutes(5);
    expect(code(await authorise())).toBe('ok');
    clock.advanceMinutes(4);
    expect(code(await call(router, 'caseload/query', {}))).toBe('ok');
    clock.advanceMinutes(2);
    const refused = await authorise();
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'reauthentication-required',
        message: 'Enter your password again to authorise mail or phone monitoring.',
        field: 'password',
      },
    });
    expect(app.services.publicProtection.view('A1111AA').authorisations).toHaveLength(1);
    expect(
      code(
        await call(router, 'session/reauthenticate', {
          password: 'wrong',
          operation: 'public-protection/authorise-monitoring',
        }),
      ),
    ).toBe('sign-in-refused');
    expect(
      code(
        await call(router, 'session/reauthenticate', {
          password: TEST_PASSWORD,
          operation: 'public-protection/authorise-monitoring',
        }),
      ),
    ).toBe('ok');
    expect(code(await authorise())).toBe('ok');
    expect((await signInLog())[0]).toBe(
      'reauthenticate: Maggie Manager confirmed their password to authorise mail or phone monitoring',
    );
    // Every act in the list is refused the same way once the password is stale (before any input is acted on).
    clock.advanceMinutes(4);
    await call(router, 'session/record-activity');
    clock.advanceMinutes(4);
    const decisions = [
      ...Object.keys(DECISIONS_OF_RECORD),
      ...Object.entries(commands)
        .filter(([, d]) => 'reauth' in d && d.reauth)
        .map(([n]) => n),
    ];
    expect(decisions).toContain('session/set-idle-lock');
    for (const name of decisions) {
      expect(await call(router, name, validInput(name))).toMatchObject({
        ok: false,
        error: { code: 'reauthentication-required' },
      });
    }
  });

  it('a session signed in by a bound computer account has entered no password: decisions need it at once', async () => {
    const { router } = await unit('MANAGER-PC');
    await signIn(app, 'Ada Admin');
    expect(
      code(
        await call(router, 'credentials/bind-account', {
          osAccount: 'manager-pc',
          staffId: app.services.staff.findByName('Maggie Manager')!.id,
        }),
      ),
    ).toBe('ok');
    await call(router, 'session/sign-out');
    const bound = await call(router, 'session/current');
    expect(bound).toMatchObject({ ok: true, value: { state: 'signed-out', boundTo: 'Maggie Manager' } });
    expect(code(await call(router, 'session/sign-in-with-computer-account'))).toBe('ok');
    expect(await who(router)).toBe('signed-in Maggie Manager');
    expect(code(await call(router, 'app/restore-backup', { name: 'x' }))).toBe('reauthentication-required');
    expect((await signInLog())[0]).toBe(
      'sign-in: Maggie Manager signed in by the computer account bound to them on computer account MANAGER-PC',
    );
  });

  it('the app opens signed in as the person its computer account is bound to, and only that account', async () => {
    const { dbFile } = await unit('ws-17');
    await app.credentials.bind(
      'jsmith',
      app.services.staff.findByName('Pat Pom')!.id,
      'Ada Admin',
      app.context().now,
    );
    app.close();
    app = openApp({ dbFile, today: FIXED_TODAY, osAccount: 'JSmith', passwordHashCost: TEST_COST });
    expect(await app.signInByBinding()).toBe(true);
    expect(await who(createRouter(app, 'electron'))).toBe('signed-in Pat Pom');
    app.close();
    app = openApp({ dbFile, today: FIXED_TODAY, osAccount: 'jsmith2', passwordHashCost: TEST_COST });
    expect(await app.signInByBinding()).toBe(false);
    expect(await who(createRouter(app, 'electron'))).toBe('signed-out');
  });
});

/** An input each decision of record accepts, so that the refusal tested is the re-authentication, not the input. */
function validInput(name: string): unknown {
  const staffId = app.services.staff.findByName('Pat Pom')!.id;
  const inputs: Record<string, unknown> = {
    'public-protection/authorise-monitoring': { prisonerNumber: 'A1111AA', authorisation: {} },
    'public-protection/review-monitoring': { authorisationId: 'x', review: {} },
    'public-protection/decide-not-to-monitor': { prisonerNumber: 'A1111AA', decision: {} },
    'categorisation/approve-review': { reviewId: 'x', approval: {} },
    'categorisation/send-back': { reviewId: 'x', sendBack: {} },
    'policy/add-version': {
      key: 'omic-handover',
      effectiveFrom: '2027-01-01',
      params: {},
      source: 'A circular',
    },
    'staff/add-member': { name: 'New Person', roles: ['pom'] },
    'staff/update-member': { id: staffId, staff: { name: 'Pat Pom', roles: ['pom'] } },
    'credentials/issue-code': { staffId },
    'credentials/bind-account': { osAccount: 'pat', staffId },
    'credentials/unbind-account': { osAccount: 'pat' },
    'session/set-idle-lock': { minutes: 5 },
    'app/restore-backup': { name: 'x' },
  };
  if (!(name in inputs)) throw new Error(`No sample input for ${name}`);
  return inputs[name];
}
