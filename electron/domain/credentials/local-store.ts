import type Database from 'better-sqlite3';
import { hashSecret, hashSecretSync, verifySecret, PASSWORD_COST, type ScryptCost } from './hashing';
import { CODE_LIFETIME_HOURS, newOneTimeCode, normaliseCode, waitUntil } from './rules';
import type { Binding, Check, CredentialState, CredentialStore, IssuedCode, SignInEvent } from './store';

interface CredentialRow {
  staff_id: string;
  password_hash: string | null;
  password_set_at: string | null;
  failed_attempts: number;
  last_failed_at: string | null;
}
interface CodeRow {
  staff_id: string;
  code_hash: string;
  issued_at: string;
  issued_by: string;
  expires_at: string;
}
interface BindingRow {
  os_account: string;
  staff_id: string;
  bound_at: string;
  bound_by: string;
}

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
  const credential = sqlite.prepare('SELECT * FROM staff_credentials WHERE staff_id = ?');
  const code = sqlite.prepare('SELECT * FROM one_time_codes WHERE staff_id = ?');
  const upsert = sqlite.prepare(
    `INSERT INTO staff_credentials (staff_id, password_hash, password_set_at, failed_attempts, last_failed_at, updated_at)
     VALUES (@staffId, @hash, @setAt, @failures, @lastFailedAt, @at)
     ON CONFLICT(staff_id) DO UPDATE SET password_hash = excluded.password_hash, password_set_at = excluded.password_set_at,
       failed_attempts = excluded.failed_attempts, last_failed_at = excluded.last_failed_at, updated_at = excluded.updated_at`,
  );
  const row = (staffId: string) => credential.get(staffId) as CredentialRow | undefined;

  /** Refuses while the person must wait after failed attempts. */
  function waiting(r: CredentialRow | undefined, now: Date): Check | null {
    if (!r?.last_failed_at) return null;
    const until = waitUntil(r.failed_attempts, new Date(r.last_failed_at));
    return until && until > now ? { ok: false, reason: 'wait', waitUntil: until.toISOString() } : null;
  }

  function fail(staffId: string, now: Date): Check {
    const r = row(staffId);
    const failures = (r?.failed_attempts ?? 0) + 1;
    upsert.run({
      staffId,
      hash: r?.password_hash ?? null,
      setAt: r?.password_set_at ?? null,
      failures,
      lastFailedAt: now.toISOString(),
      at: now.toISOString(),
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
    const hash = newHash ?? r?.password_hash ?? null;
    upsert.run({
      staffId,
      hash,
      setAt: newHash ? now.toISOString() : (r?.password_set_at ?? null),
      failures: 0,
      lastFailedAt: null,
      at: now.toISOString(),
    });
  }

  async function check(staffId: string, password: string, now: Date): Promise<Check> {
    const r = row(staffId);
    const wait = waiting(r, now);
    if (wait) return wait;
    if (!r?.password_hash) {
      await verifySecret(password, null, cost);
      return { ok: false, reason: 'no-password' };
    }
    if (!(await verifySecret(password, r.password_hash, cost))) return fail(staffId, now);
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
        if (row(staffId)?.failed_attempts) succeed(staffId, now);
      },
    },

    async state(staffId, now) {
      const r = row(staffId);
      const c = code.get(staffId) as CodeRow | undefined;
      const wait = waiting(r, now);
      return {
        staffId,
        hasPassword: !!r?.password_hash,
        passwordSetAt: r?.password_set_at ?? null,
        code: c ? { issuedAt: c.issued_at, expiresAt: c.expires_at, issuedBy: c.issued_by } : null,
        failedAttempts: r?.failed_attempts ?? 0,
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
      const c = code.get(staffId) as CodeRow | undefined;
      if (!c) {
        await verifySecret(typed, null, cost);
        return { ok: false, reason: 'no-code' };
      }
      if (!(await verifySecret(normaliseCode(typed), c.code_hash, cost))) return fail(staffId, now);
      if (c.expires_at <= now.toISOString())
        return { ok: false, reason: 'code-expired', expiredAt: c.expires_at };
      const hash = await hashSecret(newPassword, cost);
      sqlite.transaction(() => {
        // Spent only if it is still the code that was checked (another may have been issued meanwhile).
        const spent = sqlite
          .prepare('DELETE FROM one_time_codes WHERE staff_id = ? AND code_hash = ?')
          .run(staffId, c.code_hash);
        if (spent.changes === 1) succeed(staffId, now, hash);
      })();
      return (code.get(staffId) as CodeRow | undefined) ? { ok: false, reason: 'no-code' } : { ok: true };
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
        upsert.run({
          staffId,
          hash: null,
          setAt: null,
          failures: 0,
          lastFailedAt: null,
          at: now.toISOString(),
        });
        sqlite
          .prepare(
            `INSERT INTO one_time_codes (staff_id, code_hash, issued_at, issued_by, expires_at) VALUES (?,?,?,?,?)
                    ON CONFLICT(staff_id) DO UPDATE SET code_hash = excluded.code_hash, issued_at = excluded.issued_at, issued_by = excluded.issued_by, expires_at = excluded.expires_at`,
          )
          .run(staffId, hash, now.toISOString(), issuedBy, expiresAt);
      })();
      return { code: issued, expiresAt };
    },

    async bind(osAccount, staffId, boundBy, now) {
      sqlite
        .prepare(
          `INSERT INTO os_account_bindings (os_account, staff_id, bound_at, bound_by) VALUES (?,?,?,?)
                  ON CONFLICT(os_account) DO UPDATE SET staff_id = excluded.staff_id, bound_at = excluded.bound_at, bound_by = excluded.bound_by`,
        )
        .run(accountKey(osAccount), staffId, now.toISOString(), boundBy);
    },

    async unbind(osAccount) {
      return (
        sqlite.prepare('DELETE FROM os_account_bindings WHERE os_account = ?').run(accountKey(osAccount))
          .changes === 1
      );
    },

    async boundTo(osAccount) {
      const r = sqlite
        .prepare('SELECT staff_id FROM os_account_bindings WHERE os_account = ?')
        .get(accountKey(osAccount)) as { staff_id: string } | undefined;
      return r?.staff_id ?? null;
    },

    async bindings(): Promise<Binding[]> {
      return (
        sqlite.prepare('SELECT * FROM os_account_bindings ORDER BY os_account').all() as BindingRow[]
      ).map((b) => ({
        osAccount: b.os_account,
        staffId: b.staff_id,
        boundAt: b.bound_at,
        boundBy: b.bound_by,
      }));
    },

    async log(event) {
      sqlite
        .prepare(
          'INSERT INTO sign_in_log (at, os_account, staff_id, actor_name, action, summary) VALUES (@at, @osAccount, @staffId, @actorName, @action, @summary)',
        )
        .run(event);
    },

    async events({ limit, staffId }): Promise<SignInEvent[]> {
      const rows = sqlite
        .prepare(
          `SELECT seq, at, os_account, staff_id, actor_name, action, summary FROM sign_in_log ${staffId ? 'WHERE staff_id = @staffId' : ''} ORDER BY seq DESC LIMIT @limit`,
        )
        .all({ limit, ...(staffId ? { staffId } : {}) }) as {
        seq: number;
        at: string;
        os_account: string;
        staff_id: string | null;
        actor_name: string;
        action: string;
        summary: string;
      }[];
      return rows.map((r) => ({
        seq: r.seq,
        at: r.at,
        osAccount: r.os_account,
        staffId: r.staff_id,
        actorName: r.actor_name,
        action: r.action,
        summary: r.summary,
      }));
    },

    async isEmpty() {
      const n = sqlite
        .prepare(
          `SELECT (SELECT count(*) FROM staff_credentials WHERE password_hash IS NOT NULL)
              + (SELECT count(*) FROM one_time_codes) + (SELECT count(*) FROM os_account_bindings) AS n`,
        )
        .get() as { n: number };
      return n.n === 0;
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
  const put = sqlite.prepare(
    `INSERT INTO staff_credentials (staff_id, password_hash, password_set_at, failed_attempts, last_failed_at, updated_at) VALUES (?, ?, ?, 0, NULL, ?)
     ON CONFLICT(staff_id) DO NOTHING`,
  );
  for (const id of staffIds)
    put.run(id, hashSecretSync(password, cost), now.toISOString(), now.toISOString());
}
