import { describe, expect, it } from 'vitest';
import {
  newOneTimeCode,
  normaliseCode,
  passwordProblem,
  waitMinutesAfter,
  waitUntil,
} from '../../../electron/domain/credentials/rules';
import { commands } from '../../../electron/api/registry';
import { reauthenticationNeeded } from '../../../electron/domain/session/reauth';

describe('the wait after failed attempts (NCSC: throttle, do not lock out)', () => {
  it.each([
    [0, 0],
    [1, 0],
    [4, 0], // the first five are free
    [5, 1],
    [6, 2],
    [7, 4],
    [8, 8],
    [9, 16],
    [10, 32],
    [11, 60],
    [20, 60], // then doubling, at most an hour
  ])('after %i failures: %i minutes', (failures, minutes) => {
    expect(waitMinutesAfter(failures)).toBe(minutes);
  });

  it('counts from the last failure', () => {
    expect(waitUntil(4, new Date('2026-11-22T10:00:00Z'))).toBeNull();
    expect(waitUntil(6, new Date('2026-11-22T10:00:00Z'))!.toISOString()).toBe('2026-11-22T10:02:00.000Z');
  });
});

describe('one-time codes', () => {
  it('are 8 characters of Crockford base32 in two groups, and differ each time', () => {
    const codes = new Set(Array.from({ length: 200 }, newOneTimeCode));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(c).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  });

  it.each([
    ['7KQ4-M9TX', '7KQ4-M9TX'],
    ['7kq4m9tx', '7KQ4-M9TX'],
    [' 7kq4 m9tx ', '7KQ4-M9TX'],
    ['OOIL-1234', '0011-1234'],
    ['12345', '12345'],
  ])('reads %j as %j', (typed, code) => {
    expect(normaliseCode(typed)).toBe(code);
  });
});

describe('new passwords (length over rules; GOV.UK Design System "Passwords")', () => {
  it.each([
    ['', 'Enter a new password'],
    ['short one', 'New password must be 10 characters or more'],
    ['x'.repeat(201), 'New password must be 200 characters or fewer'],
    ['ababababab', 'New password must not repeat the same few characters'],
    ['PatPom2026!', 'New password must not contain your name'],
    ['password123', 'New password is too easy to guess: choose another, for example three random words'],
    ['demo-password', 'New password is too easy to guess: choose another, for example three random words'],
    ['kettle harbour violin', null],
    ['correct horse battery staple', null],
  ])('%j: %s', (password, problem) => {
    expect(passwordProblem(password, 'Pat Pom', 'demo-password')).toBe(problem);
  });
});

describe('re-authentication', () => {
  const at = (t: string) => new Date(`2026-11-22T${t}Z`);
  it.each([
    ['staff/update-member', '10:00:00', '10:05:00', null],
    ['staff/update-member', '10:00:00', '10:05:01', "change a member of staff's roles"],
    ['staff/update-member', null, '10:00:00', "change a member of staff's roles"],
    ['caseload/query', null, '10:00:00', null],
    ['app/restore-backup', '09:00:00', '10:00:00', 'restore a backup'],
  ])('%s, password entered %s, now %s: %s', (op, entered, now, act) => {
    expect(reauthenticationNeeded(op, entered ? at(entered) : null, at(now))).toBe(act);
  });

  it('a command may declare itself a decision of record', () => {
    const approve = commands['categorisation/approve-review'];
    expect(
      reauthenticationNeeded('categorisation/approve-review', at('10:00:00'), at('10:05:01'), approve),
    ).toBe('approve a categorisation review');
    expect(
      reauthenticationNeeded('categorisation/approve-review', at('10:00:00'), at('10:05:00'), approve),
    ).toBeNull();
    expect(
      reauthenticationNeeded('x.new', null, at('10:00:00'), { reauth: true, action: 'do the new thing' }),
    ).toBe('do the new thing');
    expect(reauthenticationNeeded('x.new', null, at('10:00:00'), { action: 'do the new thing' })).toBeNull();
  });
});
