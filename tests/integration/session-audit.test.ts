import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter, type Router } from '../../electron/api/router';
import { FIXED_TODAY } from '../support/temp';
import { TEST_COST, TEST_PASSWORD, givePassword, movableClock } from '../support/sign-in';
import { DEMO_PASSWORD } from '../../electron/domain/session/settings';
import { emptyDatabase } from '../support/empty-database';

/**
 * The session read back from a real SQLite file: every sign-in, failure, refusal, lock, unlock, password change and
 * sign-out as a row of the sign-in log (when, which computer account, whom it is about, who was at the door, the
 * words), each refusal by code, field and words with nothing else written, what `session/current` answers in each
 * state, and the idle-lock setting's row and audit entry. Each test opens a unit of its own (Stryker may run any one
 * test alone).
 */
let app: OmuApp;
afterEach(() => app?.close());

const START = '2026-11-22T10:00:00.000Z';

/** A unit of four on a real file, everyone with a password, nobody signed in; its clock moved by hand. */
async function unit(osAccount = 'ws-17', start = START) {
  const clock = movableClock(start);
  const dbFile = emptyDatabase('omu-session-audit-');
  app = openApp({ dbFile, today: FIXED_TODAY, clock, osAccount, passwordHashCost: TEST_COST });
  const ids: Record<string, string> = {};
  for (const [name, roles] of [
    ['Ada Admin', ['administrator']],
    ['Maggie Manager', ['senior-manager']],
    ['Pat Pom', ['pom']],
    ['Cathy Clerk', ['case-administrator']],
  ] as const) {
    ids[name] = app.services.staff.insertUnchecked(app.context(), {
      name,
      email: `${name.split(' ')[0]!.toLowerCase()}@justice.gov.uk`,
      roles: [...roles],
      active: true,
    }).id;
    await givePassword(app, name);
  }
  const router = createRouter(app, 'http');
  const mark = logSeq();
  return { clock, router, ids, mark };
}

const logSeq = () =>
  app.opened.sqlite.prepare('SELECT coalesce(max(seq), 0) FROM sign_in_log').pluck().get() as number;
/** The sign-in log's rows after `seq`, oldest first, as the file holds them. */
const logAfter = (seq: number) =>
  app.opened.sqlite
    .prepare(
      'SELECT at, os_account AS osAccount, staff_id AS staffId, actor_name AS actorName, action, summary FROM sign_in_log WHERE seq > ? ORDER BY seq',
    )
    .all(seq) as {
    at: string;
    osAccount: string;
    staffId: string | null;
    actorName: string;
    action: string;
    summary: string;
  }[];
const credentialRow = (staffId: string) =>
  app.opened.sqlite.prepare('SELECT * FROM staff_credentials WHERE staff_id = ?').get(staffId);
const call = (router: Router, name: string, input: unknown = {}) => router.handle(name, input);
const NEW_PASSWORD = 'amber meadow lighthouse';
const changePassword = (router: Router, currentPassword: string, confirmPassword = NEW_PASSWORD) =>
  call(router, 'session/change-password', { currentPassword, newPassword: NEW_PASSWORD, confirmPassword });
const current = async (router: Router) => {
  const r = await call(router, 'session/current');
  if (!r.ok) throw new Error(r.error.message);
  return r.value as Record<string, unknown> & { state: string; staff: { name: string } | null };
};
const who = async (router: Router) => {
  const c = await current(router);
  return `${c.state} ${c.staff?.name ?? ''}`.trim();
};
const refused = (code: string, message: string, field?: string) => ({
  ok: false,
  error: field ? { code, message, field } : { code, message },
});

describe('the session, read back from the sign-in log in the file', () => {
  it('counts wrong passwords 1st to 23rd in the log, with the wait in London time, the person tried and who was at the door', async () => {
    const { router, clock, ids } = await unit();
    // Pat is signed in: Maggie's name tried at Pat's door is logged as Pat's doing, about Maggie.
    expect((await call(router, 'session/sign-in', { name: 'Pat Pom', password: TEST_PASSWORD })).ok).toBe(
      true,
    );
    const mark = logSeq();
    const attempt = () =>
      call(router, 'session/sign-in', { name: 'Maggie Manager', password: 'not her password' });
    expect(await attempt()).toEqual(
      refused('sign-in-refused', 'The name or password is not right', 'password'),
    );
    expect(await who(router)).toBe('signed-in Pat Pom');
    await call(router, 'session/sign-out');
    const answers: unknown[] = [];
    for (let n = 2; n <= 23; n++) {
      answers.push(await attempt());
      const wait = (await app.credentials.state(ids['Maggie Manager']!, clock())).waitUntil;
      if (wait) clock.advanceSeconds((new Date(wait).getTime() - clock().getTime()) / 1000);
    }
    expect(answers.slice(0, 5)).toEqual([
      refused('sign-in-refused', 'The name or password is not right', 'password'),
      refused(
        'sign-in-refused',
        'The name or password is not right. You have 2 more tries before you must wait.',
        'password',
      ),
      refused(
        'sign-in-refused',
        'The name or password is not right. You have 1 more try before you must wait.',
        'password',
      ),
      // The 5th at 10:00 waits a minute, the 6th at 10:01 two, the 7th at 10:03 four.
      refused(
        'wait',
        'You have entered the wrong password too many times. Try again after 10:01, or ask an administrator to reset your password.',
        'password',
      ),
      refused(
        'wait',
        'You have entered the wrong password too many times. Try again after 10:03, or ask an administrator to reset your password.',
        'password',
      ),
    ]);
    const log = logAfter(mark);
    const failures = log.filter((r) => r.action === 'sign-in-failed');
    expect(failures.map((r) => /\((\w+) failed attempt in a row\)$/.exec(r.summary)?.[1])).toEqual(
      ['1st', '2nd', '3rd', '4th', '5th', '6th', '7th', '8th', '9th', '10th', '11th', '12th', '13th'].concat([
        '14th',
        '15th',
        '16th',
        '17th',
        '18th',
        '19th',
        '20th',
        '21st',
        '22nd',
        '23rd',
      ]),
    );
    expect(failures[0]).toEqual({
      at: START,
      osAccount: 'ws-17',
      staffId: ids['Maggie Manager'],
      actorName: 'Pat Pom',
      action: 'sign-in-failed',
      summary: 'Failed sign-in for Maggie Manager on ws-17 (1st failed attempt in a row)',
    });
    expect(failures[1]).toEqual({
      at: START,
      osAccount: 'ws-17',
      staffId: ids['Maggie Manager'],
      actorName: 'ws-17 (not signed in)',
      action: 'sign-in-failed',
      summary: 'Failed sign-in for Maggie Manager on ws-17 (2nd failed attempt in a row)',
    });
    expect(log.map((r) => r.action)).toEqual([
      'sign-in-failed',
      'sign-out',
      ...failures.slice(1).map(() => 'sign-in-failed'),
    ]);
    // Nothing but the log was written: nobody is signed in, and the right password still waits.
    expect(await who(router)).toBe('signed-out');
  });

  it('refuses the right password while waiting, in the words of the door asking, before 10 in the morning too', async () => {
    const { router, ids } = await unit('ws-17', '2026-11-22T09:04:00.000Z');
    for (let i = 0; i < 5; i++)
      await call(router, 'session/sign-in', { name: 'Pat Pom', password: 'nope nope' });
    const mark = logSeq();
    expect(await call(router, 'session/sign-in', { name: 'Pat Pom', password: TEST_PASSWORD })).toEqual(
      refused(
        'wait',
        'You have entered the wrong password too many times. Try again after 09:05, or ask an administrator to reset your password.',
        'password',
      ),
    );
    expect(logAfter(mark)).toEqual([
      {
        at: '2026-11-22T09:04:00.000Z',
        osAccount: 'ws-17',
        staffId: ids['Pat Pom'],
        actorName: 'ws-17 (not signed in)',
        action: 'sign-in-refused',
        summary:
          'Refused sign-in for Pat Pom on ws-17: waiting after failed attempts until 2026-11-22T09:05:00.000Z',
      },
    ]);
    expect(await who(router)).toBe('signed-out');
  });

  it('an unknown name is logged about nobody, cut to 100 characters; spaces round a name and an e-mail in capitals still find the person', async () => {
    const { router, mark, ids } = await unit();
    const long = `  ${'X'.repeat(150)}  `;
    await expect(app.session.signInWithPassword(app.context(), long, TEST_PASSWORD)).rejects.toMatchObject({
      code: 'sign-in-refused',
      message: 'The name or password is not right',
      field: 'password',
    });
    expect(
      await call(router, 'session/set-password', {
        name: 'Nobody Known',
        code: 'ABCD-EFGH',
        newPassword: 'amber meadow lighthouse',
        confirmPassword: 'amber meadow lighthouse',
      }),
    ).toEqual(
      refused(
        'sign-in-refused',
        'There is no one-time code for this name. Check your name, or ask an administrator for a code.',
        'name',
      ),
    );
    // A blank name through the service itself (the door refuses it first).
    await expect(app.session.signInWithPassword(app.context(), '   ', TEST_PASSWORD)).rejects.toMatchObject({
      code: 'sign-in-refused',
      field: 'password',
    });
    expect(logAfter(mark)).toEqual([
      {
        at: START,
        osAccount: 'ws-17',
        staffId: null,
        actorName: 'ws-17 (not signed in)',
        action: 'sign-in-failed',
        summary: `Failed sign-in on ws-17: no active member of staff called "${'X'.repeat(100)}"`,
      },
      {
        at: START,
        osAccount: 'ws-17',
        staffId: null,
        actorName: 'ws-17 (not signed in)',
        action: 'sign-in-failed',
        summary: 'Failed one-time code on ws-17: no active member of staff called "Nobody Known"',
      },
      {
        at: START,
        osAccount: 'ws-17',
        staffId: null,
        actorName: 'ws-17 (not signed in)',
        action: 'sign-in-failed',
        summary: 'Failed sign-in on ws-17: no active member of staff called ""',
      },
    ]);
    expect(await who(router)).toBe('signed-out');
    const after = logSeq();
    // Through the service itself: the door trims names first.
    await app.session.signInWithPassword(app.context(), '  Pat Pom  ', TEST_PASSWORD);
    expect(await who(router)).toBe('signed-in Pat Pom');
    expect(
      (await call(router, 'session/sign-in', { name: 'MAGGIE@JUSTICE.GOV.UK', password: TEST_PASSWORD })).ok,
    ).toBe(true);
    expect(await who(router)).toBe('signed-in Maggie Manager');
    expect(logAfter(after)).toEqual([
      {
        at: START,
        osAccount: 'ws-17',
        staffId: ids['Pat Pom'],
        actorName: 'Pat Pom',
        action: 'sign-in',
        summary: 'Pat Pom signed in with a password on computer account ws-17',
      },
      {
        at: START,
        osAccount: 'ws-17',
        staffId: ids['Pat Pom'],
        actorName: 'Pat Pom',
        action: 'sign-out',
        summary: 'Pat Pom signed out (another person signed in)',
      },
      {
        at: START,
        osAccount: 'ws-17',
        staffId: ids['Maggie Manager'],
        actorName: 'Maggie Manager',
        action: 'sign-in',
        summary: 'Maggie Manager signed in with a password on computer account ws-17',
      },
    ]);
  });

  it('someone with no password, no code or a code run out is refused by field and words, logged, with nothing set', async () => {
    const { router, clock } = await unit();
    const nina = app.services.staff.insertUnchecked(app.context(), {
      name: 'Nina New',
      email: null,
      roles: ['pom'],
      active: true,
    });
    const mark = logSeq();
    const setWith = (code: string) =>
      call(router, 'session/set-password', {
        name: 'Nina New',
        code,
        newPassword: 'amber meadow lighthouse',
        confirmPassword: 'amber meadow lighthouse',
      });
    expect(await call(router, 'session/sign-in', { name: 'Nina New', password: TEST_PASSWORD })).toEqual(
      refused(
        'sign-in-refused',
        'Nina New has no password yet. Use the one-time code from your administrator to set one.',
        'password',
      ),
    );
    expect(await setWith('ABCD-EFGH')).toEqual(
      refused(
        'sign-in-refused',
        'There is no one-time code for this name. Ask an administrator for one.',
        'code',
      ),
    );
    const { code } = await app.credentials.issueCode(nina.id, 'Ada Admin', clock());
    expect(await setWith('ZZZZ-ZZZZ')).toEqual(
      refused('sign-in-refused', 'The one-time code is not right', 'code'),
    );
    // Wrong codes count as failures: the 3rd and 4th say how many tries are left, in the code's words.
    expect(await setWith('ZZZZ-ZZZY')).toEqual(
      refused('sign-in-refused', 'The one-time code is not right', 'code'),
    );
    expect(await setWith('ZZZZ-ZZZX')).toEqual(
      refused(
        'sign-in-refused',
        'The one-time code is not right. You have 2 more tries before you must wait.',
        'code',
      ),
    );
    expect(await setWith('ZZZZ-ZZZW')).toEqual(
      refused(
        'sign-in-refused',
        'The one-time code is not right. You have 1 more try before you must wait.',
        'code',
      ),
    );
    expect(await setWith('ZZZZ-ZZZV')).toMatchObject({ ok: false, error: { code: 'wait', field: 'code' } });
    expect(await setWith(code)).toMatchObject({ ok: false, error: { code: 'wait', field: 'code' } });
    clock.advanceMinutes(72 * 60);
    expect(await setWith(code)).toEqual(
      refused(
        'sign-in-refused',
        'This one-time code has expired. Ask an administrator for a new one.',
        'code',
      ),
    );
    expect(
      (credentialRow(nina.id) as { password_hash: string | null } | undefined)?.password_hash ?? null,
    ).toBeNull();
    expect(await who(router)).toBe('signed-out');
    const log = logAfter(mark).filter((r) => r.action !== 'password-reset');
    expect(log.map((r) => [r.action, r.staffId, r.actorName, r.summary])).toEqual([
      [
        'sign-in-failed',
        nina.id,
        'ws-17 (not signed in)',
        'Failed sign-in for Nina New on ws-17: no password set',
      ],
      [
        'sign-in-failed',
        nina.id,
        'ws-17 (not signed in)',
        'Failed one-time code for Nina New on ws-17: no one-time code issued',
      ],
      ...['1st', '2nd', '3rd', '4th', '5th'].map((n) => [
        'sign-in-failed',
        nina.id,
        'ws-17 (not signed in)',
        `Failed one-time code for Nina New on ws-17 (${n} failed attempt in a row)`,
      ]),
      [
        'sign-in-refused',
        nina.id,
        'ws-17 (not signed in)',
        expect.stringMatching(
          /^Refused one-time code for Nina New on ws-17: waiting after failed attempts until /,
        ),
      ],
      [
        'sign-in-failed',
        nina.id,
        'ws-17 (not signed in)',
        'Failed one-time code for Nina New on ws-17: one-time code expired',
      ],
    ]);
  });

  it('a one-time code spent signs the person in: the password set and the sign-in logged, the demo password refused as a new one', async () => {
    const { router, ids, clock } = await unit();
    const { code } = await app.credentials.issueCode(ids['Cathy Clerk']!, 'Ada Admin', clock());
    const mark = logSeq();
    expect(
      await call(router, 'session/set-password', {
        name: 'Cathy Clerk',
        code,
        newPassword: DEMO_PASSWORD,
        confirmPassword: DEMO_PASSWORD,
      }),
    ).toEqual(
      refused(
        'invalid-input',
        'New password is too easy to guess: choose another, for example three random words',
        'newPassword',
      ),
    );
    expect(logAfter(mark)).toEqual([]);
    expect(
      (
        await call(router, 'session/set-password', {
          name: 'Cathy Clerk',
          code,
          newPassword: 'amber meadow lighthouse',
          confirmPassword: 'amber meadow lighthouse',
        })
      ).ok,
    ).toBe(true);
    expect(await current(router)).toMatchObject({
      state: 'signed-in',
      signedInWith: 'one-time-code',
      hasPassword: true,
    });
    expect(logAfter(mark).map((r) => [r.action, r.staffId, r.actorName, r.summary])).toEqual([
      ['password-set', ids['Cathy Clerk'], 'Cathy Clerk', 'Cathy Clerk set a password with a one-time code'],
      [
        'sign-in',
        ids['Cathy Clerk'],
        'Cathy Clerk',
        'Cathy Clerk signed in with a one-time code on computer account ws-17',
      ],
    ]);
    // Just set: no decision of record asks for it again.
    expect(app.session.reauthenticationNeeded('app/restore-backup', app.context())).toBeNull();
  });
});

describe('what the session says of itself', () => {
  it('session/current in full: signed out, signed in (when it locks), locked, and a person marked as left signed out at once', async () => {
    const { router, clock, ids } = await unit();
    expect(await current(router)).toEqual({
      osAccount: 'ws-17',
      state: 'signed-out',
      staff: null,
      signedInWith: null,
      hasPassword: false,
      boundTo: null,
      idleLockMinutes: 10,
      locksAt: null,
      setupNeeded: false,
      demoPassword: null,
      signedInOffline: false,
      unitServer: null,
      lockedBecause: null,
      earlierChanges: null,
      may: [],
      refused: {},
    });
    await call(router, 'session/sign-in', { name: 'Pat Pom', password: TEST_PASSWORD });
    clock.advanceMinutes(4);
    await call(router, 'session/record-activity');
    const pat = app.services.staff.get(ids['Pat Pom']!)!;
    expect(await current(router)).toEqual({
      osAccount: 'ws-17',
      state: 'signed-in',
      staff: pat,
      signedInWith: 'password',
      hasPassword: true,
      boundTo: null,
      idleLockMinutes: 10,
      locksAt: '2026-11-22T10:14:00.000Z',
      setupNeeded: false,
      demoPassword: null,
      signedInOffline: false,
      unitServer: null,
      lockedBecause: null,
      earlierChanges: null,
      // What a POM may run (the whole list is the role matrix's: tests/integration/roles/role-matrix.test.ts).
      may: expect.arrayContaining(['staff/list', 'public-protection/confirm-status']) as string[],
      refused: expect.objectContaining({
        'staff/add-member':
          'Only an administrator or senior manager / head of OMU can add staff. Pat Pom is not recorded as one.',
      }) as Record<string, string>,
    });
    expect(app.session.actor()).toEqual({
      staffId: pat.id,
      name: 'Pat Pom',
      roles: ['pom'],
      identifiedBy: 'staff',
    });
    // Locked a minute short of the ten: still Pat's session, but nobody acts.
    clock.advanceMinutes(9);
    expect(await call(router, 'session/lock')).toMatchObject({
      ok: true,
      value: { state: 'locked', staff: pat, signedInWith: 'password', hasPassword: true, locksAt: null },
    });
    expect(app.session.actor()).toEqual({
      staffId: null,
      name: 'ws-17 (not signed in)',
      roles: [],
      identifiedBy: 'none',
    });
    // Activity while locked does not count: unlocking starts the ten minutes again.
    await call(router, 'session/record-activity');
    expect((await call(router, 'session/unlock', { password: TEST_PASSWORD })).ok).toBe(true);
    expect(await current(router)).toMatchObject({ state: 'signed-in', locksAt: '2026-11-22T10:23:00.000Z' });
    // Marked as left meanwhile (by another door): signed out the next time the session is asked.
    const mark = logSeq();
    app.opened.sqlite.prepare('UPDATE staff SET active = 0 WHERE id = ?').run(pat.id);
    expect(app.session.actor()).toMatchObject({ staffId: null, name: 'ws-17 (not signed in)' });
    expect(await current(router)).toMatchObject({ state: 'signed-out', staff: null, signedInWith: null });
    expect(logAfter(mark)).toEqual([
      {
        at: '2026-11-22T10:13:00.000Z',
        osAccount: 'ws-17',
        staffId: pat.id,
        actorName: 'Pat Pom',
        action: 'sign-out',
        summary: 'Pat Pom signed out (marked as left)',
      },
    ]);
  });

  it('locks at the unit’s idle time to the minute, once, logged with the minutes; a locked session stays locked', async () => {
    const { router, clock, ids } = await unit();
    await call(router, 'session/sign-in', { name: 'Ada Admin', password: TEST_PASSWORD });
    expect(await call(router, 'session/set-idle-lock', { minutes: 7 })).toEqual({
      ok: true,
      value: { minutes: 7 },
    });
    const mark = logSeq();
    clock.advanceSeconds(7 * 60 - 1);
    expect(await current(router)).toMatchObject({
      state: 'signed-in',
      idleLockMinutes: 7,
      locksAt: '2026-11-22T10:07:00.000Z',
    });
    clock.advanceSeconds(1);
    expect(await current(router)).toMatchObject({ state: 'locked', idleLockMinutes: 7, locksAt: null });
    clock.advanceMinutes(30);
    expect(await current(router)).toMatchObject({ state: 'locked' });
    expect(logAfter(mark)).toEqual([
      {
        at: '2026-11-22T10:07:00.000Z',
        osAccount: 'ws-17',
        staffId: ids['Ada Admin'],
        actorName: 'Ada Admin',
        action: 'lock',
        summary: "Ada Admin's session locked after 7 minutes idle",
      },
    ]);
  });

  it('a new database needs its first administrator; a bound account offered by name, but not once its person has left', async () => {
    const fresh = openApp({
      dbFile: emptyDatabase('omu-session-audit-'),
      today: FIXED_TODAY,
      clock: movableClock(START),
      osAccount: 'installer',
      passwordHashCost: TEST_COST,
    });
    try {
      expect(await fresh.session.info(fresh.context())).toMatchObject({
        osAccount: 'installer',
        setupNeeded: true,
      });
    } finally {
      fresh.close();
    }
    const { router, ids, clock } = await unit('pat-pc');
    await app.credentials.bind('pat-pc', ids['Pat Pom']!, 'Ada Admin', clock());
    expect(await current(router)).toMatchObject({
      state: 'signed-out',
      boundTo: 'Pat Pom',
      setupNeeded: false,
    });
    app.opened.sqlite.prepare('UPDATE staff SET active = 0 WHERE id = ?').run(ids['Pat Pom']);
    expect(await current(router)).toMatchObject({ boundTo: null });
    const mark = logSeq();
    expect(await call(router, 'session/sign-in-with-computer-account')).toEqual(
      refused(
        'sign-in-refused',
        'The computer account pat-pc is not bound to anyone on the staff list. Sign in with your name and password.',
      ),
    );
    expect(logAfter(mark)).toEqual([]);
    expect(await who(router)).toBe('signed-out');
  });
});

describe('locking, unlocking, confirming and changing a password', () => {
  it('each refusal names its field, is logged in the words of its door, and changes nothing', async () => {
    const { router, ids } = await unit();
    const pat = ids['Pat Pom']!;
    // Signed out: nothing to lock, confirm or change; nothing logged.
    let mark = logSeq();
    expect(await call(router, 'session/lock')).toMatchObject({ ok: true, value: { state: 'signed-out' } });
    expect(await call(router, 'session/sign-out')).toMatchObject({
      ok: true,
      value: { state: 'signed-out' },
    });
    await expect(app.session.reauthenticate(app.context(), TEST_PASSWORD, null)).rejects.toMatchObject({
      code: 'not-signed-in',
      message: 'Sign in first',
    });
    await expect(
      app.session.changePassword(
        app.context(),
        TEST_PASSWORD,
        'amber meadow lighthouse',
        'amber meadow lighthouse',
      ),
    ).rejects.toMatchObject({ code: 'not-signed-in', message: 'Sign in first' });
    await expect(app.session.unlock(app.context(), TEST_PASSWORD)).rejects.toMatchObject({
      code: 'conflict',
      message: 'OMU Desk is not locked',
    });
    expect(logAfter(mark)).toEqual([]);

    await call(router, 'session/sign-in', { name: 'Pat Pom', password: TEST_PASSWORD });
    const hash = credentialRow(pat);
    // The form's own mistakes: by field, as invalid input, before any password is checked.
    expect(await changePassword(router, '')).toEqual(
      refused('invalid-input', 'Enter your current password', 'currentPassword'),
    );
    expect(
      await call(router, 'session/change-password', {
        currentPassword: TEST_PASSWORD,
        newPassword: 'amber meadow lighthouse',
        confirmPassword: 'amber meadow lighthousE',
      }),
    ).toEqual(
      refused(
        'invalid-input',
        'Confirm your new password: the two passwords are not the same',
        'confirmPassword',
      ),
    );
    expect(await call(router, 'session/unlock', { password: TEST_PASSWORD })).toEqual(
      refused('conflict', 'OMU Desk is not locked'),
    );
    mark = logSeq();
    expect(await call(router, 'session/reauthenticate', { password: 'not it at all' })).toEqual(
      refused('sign-in-refused', 'The name or password is not right', 'password'),
    );
    expect(await changePassword(router, 'not it either')).toEqual(
      refused('sign-in-refused', 'Your current password is not right', 'currentPassword'),
    );
    expect(await changePassword(router, 'wrong a third time')).toEqual(
      refused(
        'sign-in-refused',
        'Your current password is not right. You have 2 more tries before you must wait.',
        'currentPassword',
      ),
    );
    expect(await call(router, 'session/lock')).toMatchObject({ ok: true, value: { state: 'locked' } });
    expect(await call(router, 'session/unlock', { password: 'wrong a fourth time' })).toEqual(
      refused(
        'sign-in-refused',
        'The name or password is not right. You have 1 more try before you must wait.',
        'password',
      ),
    );
    expect(await call(router, 'session/unlock', { password: 'wrong a fifth time' })).toEqual(
      refused(
        'wait',
        'You have entered the wrong password too many times. Try again after 10:01, or ask an administrator to reset your password.',
        'password',
      ),
    );
    expect(await call(router, 'session/unlock', { password: TEST_PASSWORD })).toMatchObject({
      ok: false,
      error: { code: 'wait', field: 'password' },
    });
    expect(credentialRow(pat)).toMatchObject({
      password_hash: (hash as { password_hash: string }).password_hash,
    });
    expect(await who(router)).toBe('locked Pat Pom');
    expect(logAfter(mark).map((r) => [r.action, r.staffId, r.actorName, r.summary])).toEqual([
      [
        'sign-in-failed',
        pat,
        'Pat Pom',
        'Failed password confirmation for Pat Pom on ws-17 (1st failed attempt in a row)',
      ],
      [
        'sign-in-failed',
        pat,
        'Pat Pom',
        'Failed password change for Pat Pom on ws-17 (2nd failed attempt in a row)',
      ],
      [
        'sign-in-failed',
        pat,
        'Pat Pom',
        'Failed password change for Pat Pom on ws-17 (3rd failed attempt in a row)',
      ],
      ['lock', pat, 'Pat Pom', 'Pat Pom locked the session'],
      ['sign-in-failed', pat, 'Pat Pom', 'Failed unlock for Pat Pom on ws-17 (4th failed attempt in a row)'],
      ['sign-in-failed', pat, 'Pat Pom', 'Failed unlock for Pat Pom on ws-17 (5th failed attempt in a row)'],
      [
        'sign-in-refused',
        pat,
        'Pat Pom',
        'Refused unlock for Pat Pom on ws-17: waiting after failed attempts until 2026-11-22T10:01:00.000Z',
      ],
    ]);
  });

  it('a wrong current password that starts the wait keeps the wait’s words; a change while waiting is refused alike', async () => {
    const { router } = await unit();
    await call(router, 'session/sign-in', { name: 'Pat Pom', password: TEST_PASSWORD });
    const change = (currentPassword: string) => changePassword(router, currentPassword);
    for (let i = 1; i <= 4; i++)
      expect(await change(`wrong ${i} time`)).toMatchObject({
        ok: false,
        error: { code: 'sign-in-refused' },
      });
    const wait = refused(
      'wait',
      'You have entered the wrong password too many times. Try again after 10:01, or ask an administrator to reset your password.',
      'currentPassword',
    );
    expect(await change('wrong 5 time')).toEqual(wait);
    expect(await change(TEST_PASSWORD)).toEqual(wait);
    expect(await who(router)).toBe('signed-in Pat Pom');
  });

  it('each success is logged, and an entered password resets the five minutes before a decision of record asks for it again', async () => {
    const { router, clock, ids } = await unit();
    const pat = ids['Pat Pom']!;
    await call(router, 'session/sign-in', { name: 'Pat Pom', password: TEST_PASSWORD });
    const needed = () => app.session.reauthenticationNeeded('app/restore-backup', app.context());
    expect(needed()).toBeNull();
    clock.advanceMinutes(6);
    expect(needed()).toBe('restore a backup');
    const mark = logSeq();
    expect(await call(router, 'session/reauthenticate', { password: TEST_PASSWORD })).toMatchObject({
      ok: true,
      value: { state: 'signed-in', locksAt: '2026-11-22T10:16:00.000Z' },
    });
    expect(needed()).toBeNull();
    clock.advanceMinutes(6);
    expect(needed()).toBe('restore a backup');
    await call(router, 'session/lock');
    expect((await call(router, 'session/unlock', { password: TEST_PASSWORD })).ok).toBe(true);
    expect(needed()).toBeNull();
    clock.advanceMinutes(6);
    expect(needed()).toBe('restore a backup');
    expect((await changePassword(router, TEST_PASSWORD)).ok).toBe(true);
    expect(needed()).toBeNull();
    // Signing in again as the same person is no change of person: no sign-out logged.
    await call(router, 'session/sign-in', { name: 'Pat Pom', password: 'amber meadow lighthouse' });
    // From a locked session, another person signing in ends it.
    await call(router, 'session/lock');
    await call(router, 'session/sign-in', { name: 'Cathy Clerk', password: TEST_PASSWORD });
    await call(router, 'session/sign-out');
    await call(router, 'session/sign-out');
    expect(
      logAfter(mark).map((r) => [r.at.slice(11, 16), r.action, r.staffId, r.actorName, r.summary]),
    ).toEqual([
      ['10:06', 'reauthenticate', pat, 'Pat Pom', 'Pat Pom confirmed their password'],
      ['10:12', 'lock', pat, 'Pat Pom', 'Pat Pom locked the session'],
      ['10:12', 'unlock', pat, 'Pat Pom', 'Pat Pom unlocked the session'],
      ['10:18', 'password-changed', pat, 'Pat Pom', 'Pat Pom changed their password'],
      ['10:18', 'sign-in', pat, 'Pat Pom', 'Pat Pom signed in with a password on computer account ws-17'],
      ['10:18', 'lock', pat, 'Pat Pom', 'Pat Pom locked the session'],
      ['10:18', 'sign-out', pat, 'Pat Pom', 'Pat Pom signed out (another person signed in)'],
      [
        '10:18',
        'sign-in',
        ids['Cathy Clerk'],
        'Cathy Clerk',
        'Cathy Clerk signed in with a password on computer account ws-17',
      ],
      ['10:18', 'sign-out', ids['Cathy Clerk'], 'Cathy Clerk', 'Cathy Clerk signed out'],
    ]);
  });
});

describe('the idle-lock setting (session/set-idle-lock)', () => {
  const settingRow = () =>
    app.opened.sqlite
      .prepare("SELECT value, updated_at, updated_by FROM settings WHERE key = 'session-idle-lock-minutes'")
      .get();
  const audited = () =>
    app.services.audit
      .list({ entity: 'settings', limit: 100 })
      .reverse()
      .map(({ actorName, action, entityId, summary, before, after }) => ({
        actorName,
        action,
        entityId,
        summary,
        before,
        after,
      }));

  it('the row and the audit entry with who, before and after; changed again from the value stored; bad values and other roles refused with nothing written', async () => {
    const { router, clock } = await unit();
    await call(router, 'session/sign-in', { name: 'Maggie Manager', password: TEST_PASSWORD });
    expect(await call(router, 'session/set-idle-lock', { minutes: 5 })).toEqual(
      refused('forbidden', expect.stringContaining('Maggie Manager') as unknown as string),
    );
    await call(router, 'session/sign-in', { name: 'Ada Admin', password: TEST_PASSWORD });
    for (const [minutes, words] of [
      [0, 'must be at least 1 minute'],
      [61, 'must be 60 minutes or fewer'],
      [2.5, 'must be a whole number of minutes'],
    ] as const)
      expect(await call(router, 'session/set-idle-lock', { minutes })).toMatchObject(
        refused('invalid-input', `Lock OMU Desk after this many minutes without use ${words}`, 'minutes'),
      );
    expect(settingRow()).toBeUndefined();
    expect(audited()).toEqual([]);
    expect(await call(router, 'session/set-idle-lock', { minutes: 3 })).toEqual({
      ok: true,
      value: { minutes: 3 },
    });
    expect(settingRow()).toEqual({ value: '3', updated_at: START, updated_by: 'Ada Admin' });
    clock.advanceMinutes(2);
    expect(await call(router, 'session/set-idle-lock', { minutes: 45 })).toEqual({
      ok: true,
      value: { minutes: 45 },
    });
    expect(settingRow()).toEqual({
      value: '45',
      updated_at: '2026-11-22T10:02:00.000Z',
      updated_by: 'Ada Admin',
    });
    expect(audited()).toEqual([
      {
        actorName: 'Ada Admin',
        action: 'update',
        entityId: 'session-idle-lock-minutes',
        summary: 'OMU Desk now locks after 3 minutes idle (was 10)',
        before: { minutes: 10 },
        after: { minutes: 3 },
      },
      {
        actorName: 'Ada Admin',
        action: 'update',
        entityId: 'session-idle-lock-minutes',
        summary: 'OMU Desk now locks after 45 minutes idle (was 3)',
        before: { minutes: 3 },
        after: { minutes: 45 },
      },
    ]);
    expect(await current(router)).toMatchObject({ idleLockMinutes: 45, locksAt: '2026-11-22T10:47:00.000Z' });
  });
});
