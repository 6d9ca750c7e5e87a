import crypto from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { deriveSigningKey, newSigningSalt } from '../electron/core/signing';
import { AppError } from '../electron/domain/shared/errors';
import { oneTimeCodes, staffCredentials } from './db/schema';
import type { Tx } from './store';

/**
 * The unit's passwords, owned by the server once a workstation joins: a scrypt verifier (which workstations
 * cache, so a person can sign in while offline) and the key their changes are signed with (which only the
 * server keeps). One-time codes set a first password; failed attempts make the next one wait, longer each time.
 */

const COST = { N: 2 ** 15, r: 8, p: 1 };
const maxmem = 128 * COST.N * COST.r * 2;
const FREE_ATTEMPTS = 5;

export function hashPassword(password: string): string {
  const salt = crypto.randomBytes(16);
  const key = crypto.scryptSync(password.normalize('NFC'), salt, 32, { ...COST, maxmem });
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export function checkPassword(verifier: string, password: string): boolean {
  const [kind, n, r, p, salt, key] = verifier.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  const derived = crypto.scryptSync(password.normalize('NFC'), Buffer.from(salt, 'base64'), 32, { ...cost, maxmem: 128 * cost.N * cost.r * 2 });
  const expected = Buffer.from(key, 'base64');
  return expected.length === derived.length && crypto.timingSafeEqual(expected, derived);
}

/** A code a person reads off a screen and types: 12 letters and digits in three groups, no look-alikes. */
export function newCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
  const bytes = crypto.randomBytes(12);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export const codeHash = (code: string) => crypto.createHash('sha256').update(code.trim().toUpperCase().replace(/[^A-Z0-9]/g, '')).digest('hex');

/** Stores a one-time code's hash and returns the code, once. */
export async function issueCode(tx: Tx, purpose: 'enrol' | 'password', prison: string, subject: string, issuedBy: string, now: Date, hours = 72): Promise<{ code: string; expiresAt: string }> {
  const code = newCode();
  const expiresAt = new Date(now.getTime() + hours * 3600_000);
  await tx.insert(oneTimeCodes).values({ codeHash: codeHash(code), purpose, prison, subject, issuedBy, issuedAt: now, expiresAt });
  return { code, expiresAt: expiresAt.toISOString() };
}

/** Spends a one-time code: refuses one that is unknown, used or expired. */
export async function spendCode(tx: Tx, purpose: 'enrol' | 'password', code: string, now: Date): Promise<{ prison: string; subject: string }> {
  const [row] = await tx.update(oneTimeCodes).set({ usedAt: now })
    .where(and(eq(oneTimeCodes.codeHash, codeHash(code)), eq(oneTimeCodes.purpose, purpose), isNull(oneTimeCodes.usedAt), gt(oneTimeCodes.expiresAt, now)))
    .returning();
  if (!row) throw new AppError('forbidden', 'That code is not valid: it may be mistyped, already used or expired. Ask an administrator for a new one.', 'code');
  return { prison: row.prison, subject: row.subject };
}

export interface CachedCredential {
  staffId: string;
  verifier: string;
  signingSalt: string;
}

export async function setPassword(tx: Tx, prison: string, staffId: string, password: string, now: Date): Promise<CachedCredential> {
  const signingSalt = newSigningSalt();
  const values = { verifier: hashPassword(password), signingSalt, signingKey: deriveSigningKey(password, signingSalt), changedAt: now, failedAttempts: 0, lockedUntil: null };
  await tx.insert(staffCredentials).values({ staffId, prison, ...values }).onConflictDoUpdate({ target: staffCredentials.staffId, set: values });
  return { staffId, verifier: values.verifier, signingSalt };
}

/**
 * Checks a password with the growing wait after five failures; the verifier and salt come back for the
 * workstation's cache. A failure is returned, not thrown, so that the count it adds is committed.
 */
export async function signIn(tx: Tx, prison: string, staffId: string, password: string, now: Date): Promise<CachedCredential | AppError> {
  const [cred] = await tx.select().from(staffCredentials).where(eq(staffCredentials.staffId, staffId));
  if (!cred || cred.prison !== prison) throw new AppError('forbidden', 'No password is set for this person yet: sign in with the one-time code an administrator gave you.', 'password');
  if (cred.lockedUntil && cred.lockedUntil > now) {
    return new AppError('forbidden', `Too many wrong passwords: try again after ${cred.lockedUntil.toISOString().slice(11, 16)} UTC.`, 'password');
  }
  if (!checkPassword(cred.verifier, password)) {
    const failures = cred.failedAttempts + 1;
    const wait = failures >= FREE_ATTEMPTS ? 30_000 * 2 ** (failures - FREE_ATTEMPTS) : 0;
    await tx.update(staffCredentials).set({ failedAttempts: failures, lockedUntil: wait ? new Date(now.getTime() + wait) : null }).where(eq(staffCredentials.staffId, staffId));
    return new AppError('forbidden', 'The password is not right.', 'password');
  }
  await tx.update(staffCredentials).set({ failedAttempts: 0, lockedUntil: null }).where(eq(staffCredentials.staffId, staffId));
  return { staffId, verifier: cred.verifier, signingSalt: cred.signingSalt };
}
