import { describe, expect, it } from 'vitest';
import { normaliseCode, passwordProblem, waitUntil } from '../../../electron/domain/credentials/rules';

/**
 * The credential rules on their boundaries (issue 19 item 4): NCSC "Password administration for system owners" and
 * the GOV.UK Design System "Passwords" pattern (length over complexity, a short deny-list), Crockford's base32 for
 * one-time codes. Expectations written out by hand.
 */
const TOO_EASY = 'New password is too easy to guess: choose another, for example three random words';

describe('new passwords on their boundaries', () => {
  it.each([
    ['10 characters: long enough', 'kettle har', 'Pat Pom', null],
    ['9 characters: too short', 'kettle ha', 'Pat Pom', 'New password must be 10 characters or more'],
    ['200 characters: not too long', 'kettle harbour violin '.repeat(10).slice(0, 200), 'Pat Pom', null],
    ['four different characters: not a repeat', 'abcdabcdab', 'Pat Pom', null],
    [
      'three different characters: a repeat',
      'abcabcabca',
      'Pat Pom',
      'New password must not repeat the same few characters',
    ],
    [
      'the name in other case and spacing',
      'my PAT-POM kettle',
      'Pat Pom',
      'New password must not contain your name',
    ],
    ['a name of three letters or fewer is not looked for', 'al b kettle harbour', 'Al B', null],
    ['a name of four letters is', 'alby kettle harbour', 'Al By', 'New password must not contain your name'],
    ['a common password at the start, whatever the case', 'Welcome-to-the-prison', 'Pat Pom', TOO_EASY],
    ['a common word inside is not refused', 'my-welcome-kettle', 'Pat Pom', null],
    ['the demo password exactly', 'demo-password', 'Pat Pom', TOO_EASY],
    ['the last common password listed', 'admin-kettle-harbour', 'Pat Pom', TOO_EASY],
  ])('%s', (_n, password, name, problem) => {
    expect(passwordProblem(password, name, 'demo-password')).toBe(problem);
  });
});

describe('codes as typed', () => {
  it.each([
    ['lower-case l and o read as 1 and 0', '7kl4-m9to', '7K14-M9T0'],
    ['tabs and several hyphens ignored', '7KQ4\t--M9TX', '7KQ4-M9TX'],
    ['nine characters are left ungrouped, to be refused', '7KQ4M9TX1', '7KQ4M9TX1'],
  ])('%s', (_n, typed, code) => expect(normaliseCode(typed)).toBe(code));
});

describe('the wait after failures', () => {
  it('is counted in minutes from the last failure, the first at the fifth failure', () => {
    expect(waitUntil(5, new Date('2026-11-22T10:00:00Z'))!.toISOString()).toBe('2026-11-22T10:01:00.000Z');
    expect(waitUntil(12, new Date('2026-11-22T10:00:00Z'))!.toISOString()).toBe('2026-11-22T11:00:00.000Z');
  });
});
