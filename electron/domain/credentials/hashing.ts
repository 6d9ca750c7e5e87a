import crypto from 'node:crypto';

/**
 * The one home of password hashing for OMU Desk, on workstations and on the unit server alike: how a password or a
 * one-time code is hashed and checked (scrypt), at what cost, and the signing key a password gives. Nothing else
 * calls scrypt.
 */

/**
 * scrypt's cost parameters: N (CPU/memory cost, a power of two), r (block size), p (parallelisation). Memory used is
 * about 128 × N × r bytes.
 */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/**
 * The cost for every password a person sets: N = 2^17, r = 8, p = 1 (128 MiB, the first row of the OWASP Password
 * Storage Cheat Sheet's scrypt table, https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html).
 * Each hash records the cost it was made with, so a later release can raise it without invalidating stored hashes.
 */
export const PASSWORD_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };

/**
 * The cost of the key a person's changes are signed with on a workstation joined to a unit server (derived from the
 * password at every sign-in, on top of checking it, so lighter; still memory-hard: 16 MiB). See electron/core/signing.ts.
 */
export const SIGNING_COST: ScryptCost = { N: 2 ** 14, r: 8, p: 1 };

/** The demo's password is published in the README, so a full-cost hash of it protects nothing; it only slows the demo. */
export const DEMO_COST: ScryptCost = { N: 2 ** 10, r: 8, p: 1 };

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const PREFIX = 'scrypt';

const maxmem = (c: ScryptCost) => 256 * c.N * c.r + 16 * 1024 * 1024;

function validCost(c: ScryptCost): boolean {
  return (
    Number.isInteger(c.N) &&
    c.N >= 2 ** 10 &&
    c.N <= 2 ** 20 &&
    (c.N & (c.N - 1)) === 0 &&
    c.r >= 1 &&
    c.r <= 32 &&
    c.p >= 1 &&
    c.p <= 16
  );
}

function derive(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(secret.normalize('NFC'), salt, KEY_LENGTH, { ...cost, maxmem: maxmem(cost) }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

const encode = (cost: ScryptCost, salt: Buffer, key: Buffer) =>
  `${PREFIX}$${cost.N}$${cost.r}$${cost.p}$${salt.toString('base64')}$${key.toString('base64')}`;

/** A new hash of `secret` with a fresh random salt: `scrypt$N$r$p$salt$key` (base64). */
export async function hashSecret(secret: string, cost: ScryptCost = PASSWORD_COST): Promise<string> {
  if (!validCost(cost)) throw new Error('Invalid scrypt cost');
  const salt = crypto.randomBytes(SALT_LENGTH);
  return encode(cost, salt, await derive(secret, salt, cost));
}

/** The same, synchronously: only for the demo loader, whose transaction cannot wait, at the demo's low cost. */
export function hashSecretSync(secret: string, cost: ScryptCost): string {
  if (!validCost(cost)) throw new Error('Invalid scrypt cost');
  const salt = crypto.randomBytes(SALT_LENGTH);
  return encode(
    cost,
    salt,
    crypto.scryptSync(secret.normalize('NFC'), salt, KEY_LENGTH, { ...cost, maxmem: maxmem(cost) }),
  );
}

/**
 * A new random salt for a signing key, issued by the unit server with each password it sets. It carries the cost the
 * key is derived at (`N$r$p$salt`, base64 salt), so that workstations derive the same key as the server; a salt
 * without a cost is at SIGNING_COST.
 */
export function newSigningSalt(cost: ScryptCost = SIGNING_COST): string {
  if (!validCost(cost)) throw new Error('Invalid scrypt cost');
  return `${cost.N}$${cost.r}$${cost.p}$${crypto.randomBytes(SALT_LENGTH).toString('base64')}`;
}

function signingSalt(salt: string): { cost: ScryptCost; salt: Buffer } {
  const parts = salt.split('$');
  if (parts.length === 1) return { cost: SIGNING_COST, salt: Buffer.from(salt, 'base64') };
  const cost = { N: Number(parts[0]), r: Number(parts[1]), p: Number(parts[2]) };
  if (parts.length !== 4 || !validCost(cost)) throw new Error('Not a signing salt');
  return { cost, salt: Buffer.from(parts[3]!, 'base64') };
}

/** The signing key a password gives with `salt` (base64 out): the server keeps it, a workstation holds it in memory. */
export async function deriveSigningKey(password: string, salt: string): Promise<string> {
  const s = signingSalt(salt);
  return (await derive(password, s.salt, s.cost)).toString('base64');
}

/** The same, synchronously: only for test and bench set-up, outside any request. */
export function deriveSigningKeySync(password: string, salt: string): string {
  const s = signingSalt(salt);
  return crypto
    .scryptSync(password.normalize('NFC'), s.salt, KEY_LENGTH, { ...s.cost, maxmem: maxmem(s.cost) })
    .toString('base64');
}

function decode(stored: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== PREFIX) return null;
  const cost = { N: Number(parts[1]), r: Number(parts[2]), p: Number(parts[3]) };
  const salt = Buffer.from(parts[4]!, 'base64');
  const key = Buffer.from(parts[5]!, 'base64');
  if (!validCost(cost) || salt.length < SALT_LENGTH || key.length !== KEY_LENGTH) return null;
  return { cost, salt, key };
}

/** The cost a stored hash was made with, or null when it is not one of ours. */
export const costOf = (stored: string): ScryptCost | null => decode(stored)?.cost ?? null;

/** A stand-in hash, so that checking a name with no password takes as long as checking a wrong password. */
let dummy: { cost: ScryptCost; hash: Promise<string> } | null = null;

/**
 * True when `secret` matches `stored`. The comparison is constant-time; a missing or malformed hash still costs one
 * derivation at `costForMissing`, so the time taken does not tell whether the person exists.
 */
export async function verifySecret(
  secret: string,
  stored: string | null,
  costForMissing: ScryptCost = PASSWORD_COST,
): Promise<boolean> {
  const parsed = stored ? decode(stored) : null;
  if (!parsed) {
    if (!dummy || dummy.cost !== costForMissing)
      dummy = { cost: costForMissing, hash: hashSecret('no such password', costForMissing) };
    const d = decode(await dummy.hash)!;
    crypto.timingSafeEqual(await derive(secret, d.salt, d.cost), d.key);
    return false;
  }
  const key = await derive(secret, parsed.salt, parsed.cost);
  return crypto.timingSafeEqual(key, parsed.key);
}
