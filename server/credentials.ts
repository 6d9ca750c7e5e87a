import crypto from 'node:crypto';
import { and, eq, getTableColumns, gt, isNull, sql } from 'drizzle-orm';
import {
  deriveSigningKey,
  hashSecret,
  newSigningSalt,
  verifySecret,
  PASSWORD_COST,
  SIGNING_COST,
  type ScryptCost,
} from '../electron/domain/credentials/hashing';
import { passwordProblem, waitUntil } from '../electron/domain/credentials/rules';
import type { CachedCredential, ServerCheck } from '../electron/domain/credentials/store';
import { DEMO_PASSWORD } from '../electron/domain/session/settings';
import { AppError } from '../electron/domain/shared/errors';
import { oneTimeCodes, staffCredentials, twinOf } from './db/schema';
import type { Tx } from './store';

/**
 * The unit's passwords, owned by the server once a workstation joins: a scrypt verifier (which workstations
 * cache, so a person can sign in while offline) and the key their changes are signed with (which only the
 * server keeps). One-time codes set a first password; failed attempts make the next one wait, longer each time.
 * Hashing, the growing wait and the password rules are the workstation's own (electron/domain/credentials/): one
 * implementation for both.
 */

/** A code a person reads off a screen and types: 12 letters and digits in three groups, no look-alikes. */
export function newCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
  const bytes = crypto.randomBytes(12);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export const codeHash = (code: string) =>
  crypto
    .createHash('sha256')
    .update(
      code
        .trim()
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, ''),
    )
    .digest('hex');

/** Stores a one-time code's hash and returns the code, once. */
export async function issueCode(
  tx: Tx,
  purpose: 'enrol' | 'password',
  prison: string,
  subject: string,
  issuedBy: string,
  now: Date,
  hours = 72,
): Promise<{ code: string; expiresAt: string }> {
  const code = newCode();
  const expiresAt = new Date(now.getTime() + hours * 3600_000);
  await tx
    .insert(oneTimeCodes)
    .values({ codeHash: codeHash(code), purpose, prison, subject, issuedBy, issuedAt: now, expiresAt });
  return { code, expiresAt: expiresAt.toISOString() };
}

/** Spends a one-time code: refuses one that is unknown, used or expired. */
export async function spendCode(
  tx: Tx,
  purpose: 'enrol' | 'password',
  code: string,
  now: Date,
): Promise<{ prison: string; subject: string }> {
  const [row] = await tx
    .update(oneTimeCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(oneTimeCodes.codeHash, codeHash(code)),
        eq(oneTimeCodes.purpose, purpose),
        isNull(oneTimeCodes.usedAt),
        gt(oneTimeCodes.expiresAt, now),
      ),
    )
    .returning();
  if (!row)
    throw new AppError(
      'forbidden',
      'That code is not valid: it may be mistyped, already used or expired. Ask an administrator for a new one.',
      'code',
    );
  return { prison: row.prison, subject: row.subject };
}

/** What a workstation caches, and the server's answer to a sign-in (shared with the workstation's credential store). */
export type { CachedCredential, ServerCheck } from '../electron/domain/credentials/store';

/** Why `password` cannot be this person's new password (the workstation's rules, enforced here too), or null. */
export function newPasswordProblem(password: string, staffName: string): string | null {
  return passwordProblem(password, staffName, DEMO_PASSWORD);
}

export async function setPassword(
  tx: Tx,
  prison: string,
  staffId: string,
  password: string,
  now: Date,
  cost: ScryptCost = PASSWORD_COST,
): Promise<CachedCredential> {
  // The signing key is never costlier than the password hash (tests lower both).
  const signingSalt = newSigningSalt(cost.N < SIGNING_COST.N ? cost : SIGNING_COST);
  const values = {
    verifier: await hashSecret(password, cost),
    signingSalt,
    signingKey: await deriveSigningKey(password, signingSalt),
    changedAt: now,
    failedAttempts: 0,
    lockedUntil: null,
  };
  await tx
    .insert(staffCredentials)
    .values({ staffId, prison, ...values })
    .onConflictDoUpdate({ target: staffCredentials.staffId, set: values });
  return { staffId, verifier: values.verifier, signingSalt };
}

/** Whether the prison's staff list (the server's copy) has this person, active. */
export async function isActive(tx: Tx, prison: string, staffId: string): Promise<boolean> {
  const t = twinOf('staff');
  const [member] = (await tx
    .select({ active: sql<boolean>`${t.active}` })
    .from(t)
    .where(and(eq(t.id, staffId), eq(t.prison, prison)))) as { active: boolean }[];
  return member?.active === true;
}

/**
 * Checks a password, with the growing wait after five failures (the workstation's rule); the verifier and salt come
 * back for the workstation's cache. A failure is returned, not thrown, so that the count it adds is committed.
 */
export async function signIn(
  tx: Tx,
  prison: string,
  staffId: string,
  password: string,
  now: Date,
  cost: ScryptCost = PASSWORD_COST,
): Promise<ServerCheck> {
  // The person's details, and whether the staff list (the server's copy) has them active, in one statement (they were
  // two round trips at every sign-in).
  const member = twinOf('staff');
  const [cred] = await tx
    .select({ ...getTableColumns(staffCredentials), active: sql<boolean | null>`${member.active}` })
    .from(staffCredentials)
    .leftJoin(
      member,
      and(eq(member.id, staffCredentials.staffId), eq(member.prison, staffCredentials.prison)),
    )
    .where(eq(staffCredentials.staffId, staffId))
    .for('update', { of: staffCredentials });
  if (!cred || cred.prison !== prison) {
    await verifySecret(password, null, cost);
    return { ok: false, reason: 'no-password' };
  }
  // Made inactive on the staff list (by an administrator, on any workstation): refused whatever the password, and
  // after the same work as a wrong one.
  if (cred.active !== true) {
    await verifySecret(password, null, cost);
    return { ok: false, reason: 'inactive' };
  }
  if (cred.lockedUntil && cred.lockedUntil > now)
    return { ok: false, reason: 'wait', waitUntil: cred.lockedUntil.toISOString() };
  if (!(await verifySecret(password, cred.verifier))) {
    const failures = cred.failedAttempts + 1;
    const until = waitUntil(failures, now);
    await tx
      .update(staffCredentials)
      .set({ failedAttempts: failures, lockedUntil: until })
      .where(eq(staffCredentials.staffId, staffId));
    return { ok: false, reason: 'wrong', failures, waitUntil: until?.toISOString() ?? null };
  }
  // The count of failures starts again; nothing is written when there is none to clear (most sign-ins).
  if (cred.failedAttempts !== 0 || cred.lockedUntil !== null)
    await tx
      .update(staffCredentials)
      .set({ failedAttempts: 0, lockedUntil: null })
      .where(eq(staffCredentials.staffId, staffId));
  return { ok: true, staffId, verifier: cred.verifier, signingSalt: cred.signingSalt };
}
