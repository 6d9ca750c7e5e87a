import type Database from 'better-sqlite3';
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { oneTimeCodes, osAccountBindings, signInLog, staffCredentials } from '../../../db/schema';
import { countSync } from '../../core/data';
import { hashSecret, hashSecretSync, verifySecret, PASSWORD_COST, type ScryptCost } from './hashing';
import { CODE_LIFETIME_HOURS, newOneTimeCode, normaliseCode, waitUntil } from './rules';
import type { Binding, Check, CredentialState, CredentialStore, IssuedCode, SignInEvent } from './store';

type CredentialRow = typeof staffCredentials.$inferSelect;

/**
 * The local store, with its count of failed attempts open to the store of a joined workstation (unit-store.ts), which
 * counts the attempts made here (offline ones included) towards the same growing wait.
 */
export interface LocalCredentialStore extends CredentialStore {
  cost: ScryptCost;
  attempts: {
    /** Refuses while the person must wait after failed attempts. */
    waiting(staffId: string, now: Date): Promise<Check | null>;
    failed(staffId: string, now: Date): Promise<Extract<Check, { reason: 'wrong' }>>;
    succeeded(staffId: string, now: Date): Promise<void>;
  };
}

/** Computer account names are compared without case, as Windows does. */
const accountKey = (osAccount: string) => osAccount.trim().toLowerCase();

/**
 * The credential store in the workstation's own database. `cost` is the scrypt cost for new hashes (tests pass a
 * lower one to stay quick; every hash records its own cost, so checking never depends on it).
 */
export function createLocalCredentialStore(
  sqlite: Database.Database,
  options: { cost?: ScryptCost } = {},
): LocalCredentialStore {
  const cost = options.cost ?? PASSWORD_COST;
  // Its queries are built from the tables alone: with the schema, drizzle works out every table's relations again
  // (openDatabase's connection did so already), at each opening.
  const db = drizzle(sqlite);
  const row = (staffId: string) =>
    db.select().from(staffCredentials).where(eq(staffCredentials.staffId, staffId)).get();
  const code = (staffId: string) =>
    db.select().from(oneTimeCodes).where(eq(oneTimeCodes.staffId, staffId)).get();
  /** Writes a person's credential row whole, inserting it the first time. */
  const upsert = (r: CredentialRow) => {
    const { staffId: _key, ...set } = r;
    db.insert(staffCredentials).values(r).onConflictDoUpdate({ target: staffCredentials.staffId, set }).run();
  };

  /** Refuses while the person must wait after failed attempts. */
  function waiting(r: CredentialRow | undefined, now: Date): Check | null {
    if (!r?.lastFailedAt) return null;
    const until = waitUntil(r.failedAttempts, new Date(r.lastFailedAt));
    return until && until > now ? { ok: false, reason: 'wait', waitUntil: until.toISOString() } : null;
  }

  function fail(staffId: string, now: Date): Check {
    const r = row(staffId);
    const failures = (r?.failedAttempts ?? 0) + 1;
    upsert({
      staffId,
      passwordHash: r?.passwordHash ?? null,
      passwordSetAt: r?.passwordSetAt ?? null,
      failedAttempts: failures,
      lastFailedAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    return {
      ok: false,
      reason: 'wrong',
      failures,
      waitUntil: waitUntil(failures, now)?.toISOString() ?? null,
    };
  }

  function succeed(staffId: string, now: Date, newHash?: string): void {
    const r = row(staffId);
    upsert({
      staffId,
      passwordHash: newHash ?? r?.passwordHash ?? null,
      passwordSetAt: newHash ? now.toISOString() : (r?.passwordSetAt ?? null),
      failedAttempts: 0,
      lastFailedAt: null,
      updatedAt: now.toISOString(),
    });
  }

  async function check(staffId: string, password: string, now: Date): Promise<Check> {
    const r = row(staffId);
    const wait = waiting(r, now);
    if (wait) return wait;
    if (!r?.passwordHash) {
      await verifySecret(password, null, cost);
      return { ok: false, reason: 'no-password' };
    }
    if (!(await verifySecret(password, r.passwordHash, cost))) return fail(staffId, now);
    return { ok: true };
  }

  return {
    cost,
    attempts: {
      async waiting(staffId: string, now: Date) {
        return waiting(row(staffId), now);
      },
      async failed(staffId: string, now: Date) {
        return fail(staffId, now) as Extract<Check, { reason: 'wrong' }>;
      },
      async succeeded(staffId: string, now: Date) {
        if (row(staffId)?.failedAttempts) succeed(staffId, now);
      },
    },

    async state(staffId, now) {
      const r = row(staffId);
      const c = code(staffId);
      const wait = waiting(r, now);
      return {
        staffId,
        hasPassword: !!r?.passwordHash,
        passwordSetAt: r?.passwordSetAt ?? null,
        code: c ? { issuedAt: c.issuedAt, expiresAt: c.expiresAt, issuedBy: c.issuedBy } : null,
        failedAttempts: r?.failedAttempts ?? 0,
        waitUntil: wait && !wait.ok && wait.reason === 'wait' ? wait.waitUntil : null,
      } satisfies CredentialState;
    },

    async checkPassword(staffId, password, now) {
      const result = await check(staffId, password, now);
      if (result.ok) succeed(staffId, now);
      return result;
    },

    async setPasswordWithCode(staffId, typed, newPassword, now) {
      const r = row(staffId);
      const wait = waiting(r, now);
      if (wait) return wait;
      const c = code(staffId);
      if (!c) {
        await verifySecret(typed, null, cost);
        return { ok: false, reason: 'no-code' };
      }
      if (!(await verifySecret(normaliseCode(typed), c.codeHash, cost))) return fail(staffId, now);
      if (c.expiresAt <= now.toISOString())
        return { ok: false, reason: 'code-expired', expiredAt: c.expiresAt };
      const hash = await hashSecret(newPassword, cost);
      sqlite.transaction(() => {
        // Spent only if it is still the code that was checked (another may have been issued meanwhile).
        const spent = db
          .delete(oneTimeCodes)
          .where(and(eq(oneTimeCodes.staffId, staffId), eq(oneTimeCodes.codeHash, c.codeHash)))
          .run();
        if (spent.changes === 1) succeed(staffId, now, hash);
      })();
      return code(staffId) ? { ok: false, reason: 'no-code' } : { ok: true };
    },

    async changePassword(staffId, currentPassword, newPassword, now) {
      const result = await check(staffId, currentPassword, now);
      if (!result.ok) return result;
      succeed(staffId, now, await hashSecret(newPassword, cost));
      return { ok: true };
    },

    async issueCode(staffId, issuedBy, now): Promise<IssuedCode> {
      const issued = newOneTimeCode();
      const hash = await hashSecret(issued, cost);
      const expiresAt = new Date(now.getTime() + CODE_LIFETIME_HOURS * 3_600_000).toISOString();
      sqlite.transaction(() => {
        upsert({
          staffId,
          passwordHash: null,
          passwordSetAt: null,
          failedAttempts: 0,
          lastFailedAt: null,
          updatedAt: now.toISOString(),
        });
        const issuedCode = { codeHash: hash, issuedAt: now.toISOString(), issuedBy, expiresAt };
        db.insert(oneTimeCodes)
          .values({ staffId, ...issuedCode })
          .onConflictDoUpdate({ target: oneTimeCodes.staffId, set: issuedCode })
          .run();
      })();
      return { code: issued, expiresAt };
    },

    async bind(osAccount, staffId, boundBy, now) {
      const binding = { staffId, boundAt: now.toISOString(), boundBy };
      db.insert(osAccountBindings)
        .values({ osAccount: accountKey(osAccount), ...binding })
        .onConflictDoUpdate({ target: osAccountBindings.osAccount, set: binding })
        .run();
    },

    async unbind(osAccount) {
      return (
        db
          .delete(osAccountBindings)
          .where(eq(osAccountBindings.osAccount, accountKey(osAccount)))
          .run().changes === 1
      );
    },

    async boundTo(osAccount) {
      const r = db
        .select({ staffId: osAccountBindings.staffId })
        .from(osAccountBindings)
        .where(eq(osAccountBindings.osAccount, accountKey(osAccount)))
        .get();
      return r?.staffId ?? null;
    },

    async bindings(): Promise<Binding[]> {
      return db.select().from(osAccountBindings).orderBy(osAccountBindings.osAccount).all();
    },

    async log(event) {
      db.insert(signInLog)
        .values({
          at: event.at,
          osAccount: event.osAccount,
          staffId: event.staffId,
          actorName: event.actorName,
          action: event.action,
          summary: event.summary,
        })
        .run();
    },

    async events({ limit, staffId }): Promise<SignInEvent[]> {
      return db
        .select()
        .from(signInLog)
        .where(staffId ? eq(signInLog.staffId, staffId) : undefined)
        .orderBy(desc(signInLog.seq))
        .limit(limit)
        .all();
    },

    async isEmpty() {
      return (
        countSync(db, staffCredentials, isNotNull(staffCredentials.passwordHash)) +
          countSync(db, oneTimeCodes) +
          countSync(db, osAccountBindings) ===
        0
      );
    },
  };
}

/**
 * The demo's staff all get the published demo password, written inside the demo loader's transaction (so hashed
 * synchronously, at the demo's low cost: see DEMO_COST).
 */
export function writeDemoPasswords(
  sqlite: Database.Database,
  staffIds: string[],
  password: string,
  cost: ScryptCost,
  now: Date,
): void {
  const db = drizzle(sqlite);
  for (const id of staffIds)
    db.insert(staffCredentials)
      .values({
        staffId: id,
        passwordHash: hashSecretSync(password, cost),
        passwordSetAt: now.toISOString(),
        failedAttempts: 0,
        lastFailedAt: null,
        updatedAt: now.toISOString(),
      })
      .onConflictDoNothing({ target: staffCredentials.staffId })
      .run();
}
