import crypto from 'node:crypto';

/**
 * Failed sign-in attempts: the first few are free (people mistype), then each further failure makes the person wait
 * twice as long, up to an hour. A wait, not a lock-out, so that a colleague cannot shut someone out for the day
 * (NCSC, "Password administration for system owners": throttle rather than lock out).
 */
export const FREE_ATTEMPTS = 5;
export const FIRST_WAIT_MINUTES = 1;
export const LONGEST_WAIT_MINUTES = 60;

/** Minutes to wait after `failures` consecutive failed attempts (0 while within the free attempts). */
export function waitMinutesAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(FIRST_WAIT_MINUTES * 2 ** (failures - FREE_ATTEMPTS), LONGEST_WAIT_MINUTES);
}

/** When the person may try again after `failures` failures, the last at `lastFailureAt`; null when they need not wait. */
export function waitUntil(failures: number, lastFailureAt: Date): Date | null {
  const minutes = waitMinutesAfter(failures);
  return minutes ? new Date(lastFailureAt.getTime() + minutes * 60_000) : null;
}

/** One-time codes: 8 characters from Crockford's base32 (no I, L, O or U), shown as two groups of four; 40 bits. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LIFETIME_HOURS = 72;

export function newOneTimeCode(): string {
  const bytes = crypto.randomBytes(8);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]!).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** What the person typed, read as a code: case, spaces and hyphens ignored; O read as 0, I and L as 1. */
export function normaliseCode(typed: string): string {
  const c = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return c.length === 8 ? `${c.slice(0, 4)}-${c.slice(4)}` : c;
}

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * Why a new password is not acceptable, in the words of the form's label, or null. Length over complexity rules, and
 * a short deny-list of passwords guessed first (NCSC password guidance; GOV.UK Design System "Passwords" pattern).
 */
export function passwordProblem(password: string, staffName: string, demoPassword: string): string | null {
  if (!password) return 'Enter a new password';
  if (password.length < MIN_PASSWORD_LENGTH)
    return `New password must be ${MIN_PASSWORD_LENGTH} characters or more`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `New password must be ${MAX_PASSWORD_LENGTH} characters or fewer`;
  const plain = password.toLowerCase().replace(/[^a-z0-9]/g, '');
  const name = staffName.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (new Set(password).size < 4) return 'New password must not repeat the same few characters';
  if (name.length > 3 && plain.includes(name)) return 'New password must not contain your name';
  if (password === demoPassword || COMMON.some((c) => plain.startsWith(c)))
    return 'New password is too easy to guess: choose another, for example three random words';
  return null;
}

const COMMON = [
  'password',
  'qwerty',
  '1234567890',
  '123456789',
  'letmein',
  'welcome',
  'omudesk',
  'changeme',
  'iloveyou',
  'abc123',
  'admin',
];
