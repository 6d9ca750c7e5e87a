import crypto from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { ulid } from 'ulid';
import { caseTables, tableInfo } from '../electron/core/tables';
import { Changes, idSource, type CommandContext } from '../electron/core/operations';
import { AppError } from '../electron/domain/shared/errors';
import { londonDate } from '../electron/domain/shared/dates';
import type { Actor } from '../electron/domain/shared/context';
import { auditRow } from '../electron/domain/audit/row';
import { sliceDigest, type HeldSlice } from '../electron/sync/slice-digest';
import { credentialsDigest, type CredentialsAnswer } from '../electron/sync/credentials-digest';
import { staff } from '../db/schema';
import {
  devices,
  oneTimeCodes,
  prisons,
  seedSlices,
  seedUploads,
  serverAudit,
  staffCredentials,
  twinOf,
} from './db/schema';
import {
  applyMutations,
  NotEnrolled,
  type Device,
  type MutationHooks,
  type MutationOutcome,
  type PushedMutation,
  type PushTiming,
} from './mutations';
import {
  applyToPostgres,
  columnName,
  fromSqlNames,
  ident,
  insertAndLogRows,
  logChanges,
  withoutPrison,
  type LoggedChange,
  type Tx,
} from './store';
import * as credentials from './credentials';
import { PASSWORD_COST, type ScryptCost } from '../electron/domain/credentials/hashing';

export interface PulledChange {
  table: string;
  key: string;
  op: 'put' | 'delete';
  row: Record<string, unknown> | null;
  version: number;
}
/** Where the writing of a prison's first data stands: written (its version and rows), or how far it has got. */
export type SeedProgress =
  { state: 'done'; version: number; rows: number } | { state: 'writing'; written: number; total: number };
export interface PullResult {
  version: number;
  changes: PulledChange[];
  more: boolean;
}

const SERVER_ACTOR = (name: string): Actor => ({
  staffId: null,
  name,
  roles: [],
  identifiedBy: 'os-account',
});
const tokenHash = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/**
 * The unit server's work, over PostgreSQL, independent of HTTP: prisons, enrolled workstations, pushes re-run
 * under the server's rules, pulls confined to a prison, first data from a standalone workstation, and sign-in.
 * Stateless between calls, so several can run behind a load balancer on one database.
 */
export interface UnitOptions {
  /** The scrypt cost for new password hashes (default: the full cost, PASSWORD_COST); tests pass a lower one. */
  passwordCost?: ScryptCost;
}

export function createUnit(
  pool: pg.Pool,
  now: () => Date = () => new Date(),
  hooks: MutationHooks = {},
  options: UnitOptions = {},
) {
  const db = drizzle(pool) as Tx;
  const cost = options.passwordCost ?? PASSWORD_COST;
  // The statements every workstation's sync makes, prepared by name (see runPrepared in server/store.ts).
  const deviceByToken = db
    .select()
    .from(devices)
    .where(eq(devices.tokenHash, sql.placeholder('hash')))
    .prepare('omu_device_by_token');
  const staffTwin = twinOf('staff');
  const credentialList = db
    .select({
      staffId: staffCredentials.staffId,
      verifier: staffCredentials.verifier,
      signingSalt: staffCredentials.signingSalt,
      // When it was set or changed: a workstation that learns of a change says when to whoever types the old one.
      changedAt: staffCredentials.changedAt,
    })
    .from(staffCredentials)
    .innerJoin(
      staffTwin,
      and(eq(staffTwin.id, staffCredentials.staffId), eq(staffTwin.prison, staffCredentials.prison)),
    )
    .where(and(eq(staffCredentials.prison, sql.placeholder('prison')), eq(staffTwin.active, true)))
    .prepare('omu_credential_list');
  async function credentialCache(device: Device): Promise<credentials.CachedCredential[]> {
    // Only the active staff's: a person made inactive cannot sign in offline on a workstation that joins later.
    return (await credentialList.execute({ prison: device.prison })).map((c) => ({
      ...c,
      changedAt: c.changedAt.toISOString(),
    }));
  }
  /** Workstations whose token this server has found enrolled, by the token's hash (authenticate, for pushes). */
  const enrolled = new Map<string, Device>();

  async function inTransaction<T>(fn: (tx: Tx) => Promise<T>, isolation = 'READ COMMITTED'): Promise<T> {
    const client = await pool.connect();
    try {
      await client.query(`BEGIN ISOLATION LEVEL ${isolation}`);
      const out = await fn(drizzle(client) as Tx);
      await client.query('COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }

  /** A change the server makes itself (setting up a prison, its first data): one new version, logged and audited. */
  async function serverWrite(
    tx: Tx,
    prison: string,
    build: (changes: Changes, ctx: CommandContext) => void,
    actorName: string,
  ): Promise<number> {
    const at = now();
    const commandId = ulid(at.getTime());
    const ctx: CommandContext = {
      actor: SERVER_ACTOR(actorName),
      today: londonDate(at),
      now: at,
      commandId,
      newId: idSource(commandId),
    };
    const changes = new Changes(ctx);
    build(changes, ctx);
    const [bumped] = await tx
      .update(prisons)
      .set({ version: sql`${prisons.version} + 1` })
      .where(eq(prisons.code, prison))
      .returning({ version: prisons.version });
    const logged = await applyToPostgres(tx, prison, changes.changes);
    for (const entry of changes.audit) {
      const [row] = await tx
        .insert(twinOf('audit_log'))
        .values({ ...auditRow(ctx, entry), prison })
        .returning();
      const r = withoutPrison(row as Record<string, unknown>);
      logged.push({ table: 'audit_log', key: String(r.seq), op: 'put', row: r });
    }
    await logChanges(tx, prison, bumped!.version, logged);
    return bumped!.version;
  }

  /** The prison's administrator of that name, who alone may bring a workstation's data (the server's own record). */
  async function seedingAdmin(tx: Tx, device: Device, adminName: string) {
    const admin = await staffByName(tx, device.prison, adminName);
    if (!admin || !(JSON.parse(admin.roles) as string[]).includes('administrator'))
      throw new AppError(
        'forbidden',
        `Only an administrator of ${device.prison} can bring a workstation's data to the unit server.`,
        'adminName',
      );
    return admin;
  }

  async function refuseIfHeld(tx: Tx, prison: string): Promise<void> {
    const t = twinOf('prisoners');
    const [{ n }] = (await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(t)
      .where(eq(t.prison, prison))) as [{ n: number }];
    if (n > 0)
      throw new AppError(
        'conflict',
        `${prison} already has a caseload on the unit server: join it instead of bringing this workstation's data (which would be set aside).`,
      );
  }

  /** An upload of this workstation's prison, started by this workstation and not yet written (else refused). */
  async function openUpload(tx: Tx, device: Device, id: string) {
    const [upload] = await tx.select().from(seedUploads).where(eq(seedUploads.id, id));
    if (!upload || upload.prison !== device.prison || upload.deviceId !== device.id || upload.result)
      throw new AppError(
        'conflict',
        "This upload of the workstation's caseload is no longer under way on the unit server (another was started, or it was written): join again.",
      );
    return upload;
  }

  /** Uploads being written by this server process, with how far each has got. */
  const seedsWriting = new Map<
    string,
    { progress: { written: number; total: number }; done: Promise<{ version: number; rows: number }> }
  >();

  /** The slices of an upload written as the prison's first data, in one transaction. */
  async function writeSeed(
    device: Device,
    input: { upload: string; slices: Record<string, number> },
    progress: { written: number; total: number },
  ): Promise<{ version: number; rows: number }> {
    return inTransaction(async (tx) => {
      // Taken for this upload alone: a second finish of the same upload (another server behind the balancer) waits,
      // then finds it written and gives the same answer.
      await tx.execute(
        sql`SELECT 1 FROM ${seedUploads} WHERE ${seedUploads.id} = ${input.upload} FOR UPDATE`,
      );
      const [written] = await tx.select().from(seedUploads).where(eq(seedUploads.id, input.upload));
      if (written?.result && written.prison === device.prison)
        return written.result as { version: number; rows: number };
      const upload = await openUpload(tx, device, input.upload);
      // Slices beyond what the workstation sent this time (kept from an upload it took up, of more rows) are not its data.
      await tx.execute(sql`
        DELETE FROM ${seedSlices} s WHERE s.upload_id = ${upload.id}
        AND s.slice >= coalesce((${JSON.stringify(input.slices)}::jsonb ->> s.table_name)::int, 0)`);
      const held = (await tx
        .select({ table: seedSlices.tableName, slice: seedSlices.slice, rows: seedSlices.rowCount })
        .from(seedSlices)
        .where(eq(seedSlices.uploadId, upload.id))) as { table: string; slice: number; rows: number }[];
      for (const [table, count] of Object.entries(input.slices)) {
        const got = held.filter((h) => h.table === table).length;
        if (got !== count)
          throw new AppError(
            'conflict',
            `The unit server has ${got} of the ${count} parts of ${table} sent: send them again.`,
          );
      }
      progress.total = held.reduce((n, h) => n + h.rows, 0);
      const admin = await seedingAdmin(
        tx,
        device,
        (
          await tx
            .select()
            .from(twinOf('staff'))
            .where(eq(twinOf('staff').id, upload.adminId))
        )[0]?.name ?? '',
      );
      await refuseIfHeld(tx, device.prison);
      const t = twinOf('prisoners');
      // A prisoner is on one prison's caseload at a time (a transfer moves him): a number another prison holds is
      // refused by name, before anything is written (it used to be skipped silently, and his records then failed).
      // The first held, in the order the workstation sent them (its slices, each in its own order).
      const [taken] = (
        await tx.execute(sql`
        SELECT p.prisoner_number AS number, p.prison
        FROM ${seedSlices} s
        CROSS JOIN LATERAL jsonb_array_elements(s.rows) WITH ORDINALITY AS e(r, n)
        JOIN ${t} p ON p.prisoner_number = e.r->>'prisonerNumber'
        WHERE s.upload_id = ${upload.id} AND s.table_name = 'prisoners'
        ORDER BY s.slice, e.n
        LIMIT 1`)
      ).rows as { number: string; prison: string }[];
      if (taken)
        throw new AppError(
          'conflict',
          `${taken.number} is already on the unit server's caseload at ${taken.prison}: a prisoner is held by one prison at a time (a transfer moves him). Nothing was brought from this workstation.`,
          'prisonerNumber',
        );
      // One new version holds all of it: its changes are logged as each slice is written (see insertAndLogRows).
      const [bumped] = await tx
        .update(prisons)
        .set({ version: sql`${prisons.version} + 1` })
        .where(eq(prisons.code, device.prison))
        .returning({ version: prisons.version });
      const version = bumped!.version;
      let count = 0;
      for (const info of caseTables())
        for (const h of held.filter((x) => x.table === info.name).sort((x, y) => x.slice - y.slice)) {
          count += await insertAndLogRows(
            tx,
            device.prison,
            info.name,
            sql`(SELECT rows FROM ${seedSlices} WHERE upload_id = ${upload.id} AND table_name = ${info.name} AND slice = ${h.slice})`,
            version,
            count,
          );
          progress.written += h.rows;
        }
      const logged: LoggedChange[] = [];
      // The server's set-up staff (its first administrator) are the workstation's people of the same name: their
      // password and codes go to the workstation's record, which every reference in the data points at.
      const staffTwin = twinOf('staff');
      const seededStaff = (
        await tx.execute(sql`
          SELECT x.id, x.name FROM ${seedSlices} s, jsonb_to_recordset(s.rows) AS x(id text, name text)
          WHERE s.upload_id = ${upload.id} AND s.table_name = 'staff'`)
      ).rows as { id: string; name: string }[];
      for (const member of (await tx.select().from(staffTwin).where(eq(staffTwin.prison, device.prison))) as {
        id: string;
        name: string;
      }[]) {
        const same = seededStaff.find(
          (x) => x.id !== member.id && x.name.trim().toLowerCase() === member.name.trim().toLowerCase(),
        );
        if (!same) continue;
        await tx
          .update(staffCredentials)
          .set({ staffId: same.id })
          .where(eq(staffCredentials.staffId, member.id));
        await tx
          .update(oneTimeCodes)
          .set({ subject: same.id })
          .where(and(eq(oneTimeCodes.subject, member.id), eq(oneTimeCodes.purpose, 'password')));
        await tx.delete(staffTwin).where(eq(staffTwin.id, member.id));
        logged.push({ table: 'staff', key: member.id, op: 'delete', row: null });
      }
      await logChanges(tx, device.prison, version, logged, count);
      await tx.insert(serverAudit).values({
        prison: device.prison,
        actorId: admin.id,
        actorName: admin.name,
        deviceId: device.id,
        event: 'seeded',
        outcome: 'applied',
        detail: { rows: count, upload: upload.id },
      });
      const result = { version, rows: count };
      await tx.delete(seedSlices).where(eq(seedSlices.uploadId, upload.id));
      await tx.update(seedUploads).set({ result }).where(eq(seedUploads.id, upload.id));
      return result;
    });
  }

  async function staffByName(tx: Tx, prison: string, name: string) {
    const t = twinOf('staff');
    const rows = (await tx
      .select()
      .from(t)
      .where(and(eq(t.prison, prison), eq(t.active, true)))) as { id: string; name: string; roles: string }[];
    return rows.find((r) => r.name.toLowerCase() === name.trim().toLowerCase());
  }

  /** The workstation's password rules, enforced by the server too (a workstation's checks can be bypassed). */
  async function refuseWeakPassword(
    tx: Tx,
    prison: string,
    staffId: string,
    password: string,
  ): Promise<void> {
    const t = twinOf('staff');
    const [member] = (await tx
      .select()
      .from(t)
      .where(and(eq(t.id, staffId), eq(t.prison, prison)))) as { name: string }[];
    const problem = credentials.newPasswordProblem(password, member?.name ?? '');
    if (problem) throw new AppError('invalid-input', problem, 'newPassword');
  }

  return {
    db,

    /** Sets up a prison with its first administrator, and returns that person's one-time code for a first password. */
    async initPrison(input: {
      code: string;
      name: string;
      adminName: string;
    }): Promise<{ adminId: string; code: string; expiresAt: string }> {
      const prison = input.code.trim().toUpperCase();
      return inTransaction(async (tx) => {
        const [existing] = await tx.select().from(prisons).where(eq(prisons.code, prison));
        if (existing) throw new AppError('conflict', `Prison ${prison} is already served here.`, 'prison');
        await tx.insert(prisons).values({ code: prison, name: input.name.trim() });
        let adminId = '';
        await serverWrite(
          tx,
          prison,
          (changes) => {
            adminId = changes.insert(staff, {
              name: input.adminName.trim(),
              email: null,
              roles: JSON.stringify(['administrator']),
              active: true,
            }).id;
            changes.record({
              action: 'create',
              entity: 'staff',
              entityId: adminId,
              summary: `Unit server set up for ${input.name.trim()} (${prison}) with ${input.adminName.trim()} as its first administrator`,
            });
          },
          'unit server',
        );
        const issued = await credentials.issueCode(tx, 'password', prison, adminId, 'unit server', now());
        await tx
          .insert(serverAudit)
          .values({ prison, event: 'prison-initialised', outcome: 'applied', detail: { adminId } });
        return { adminId, ...issued };
      });
    },

    async issueEnrolment(input: {
      prison: string;
      workstation: string;
      issuedBy: string;
    }): Promise<{ code: string; expiresAt: string }> {
      const prison = input.prison.trim().toUpperCase();
      return inTransaction(async (tx) => {
        const [p] = await tx.select().from(prisons).where(eq(prisons.code, prison));
        if (!p) throw new AppError('not-found', `Prison ${prison} is not served here.`, 'prison');
        const issued = await credentials.issueCode(
          tx,
          'enrol',
          prison,
          input.workstation.trim(),
          input.issuedBy,
          now(),
          24,
        );
        await tx.insert(serverAudit).values({
          prison,
          event: 'enrolment-issued',
          outcome: 'applied',
          detail: { workstation: input.workstation, issuedBy: input.issuedBy },
        });
        return issued;
      });
    },

    /** The prison's workstations, enrolled and removed, in the order they were enrolled. */
    async workstations(
      prisonCode: string,
    ): Promise<{ id: string; name: string; enrolledAt: string; removedAt: string | null }[]> {
      const prison = prisonCode.trim().toUpperCase();
      const [p] = await db.select().from(prisons).where(eq(prisons.code, prison));
      if (!p) throw new AppError('not-found', `Prison ${prison} is not served here.`, 'prison');
      const rows = await db
        .select()
        .from(devices)
        .where(eq(devices.prison, prison))
        .orderBy(devices.enrolledAt, devices.id);
      return rows.map((d) => ({
        id: d.id,
        name: d.name,
        enrolledAt: d.enrolledAt.toISOString(),
        removedAt: d.revokedAt ? d.revokedAt.toISOString() : null,
      }));
    },

    /**
     * Removes a workstation (a lost or retired machine): every request it makes is refused from then on, its changes
     * not yet sent included (server/mutations.ts checks it inside each push's transaction), and the server forgets
     * its token. Named as it was enrolled; every enrolled workstation of that name at the prison is removed.
     */
    async removeWorkstation(input: {
      prison: string;
      workstation: string;
      removedBy: string;
    }): Promise<{ removed: { id: string; name: string }[] }> {
      const prison = input.prison.trim().toUpperCase();
      const name = input.workstation.trim();
      return inTransaction(async (tx) => {
        const [p] = await tx.select().from(prisons).where(eq(prisons.code, prison));
        if (!p) throw new AppError('not-found', `Prison ${prison} is not served here.`, 'prison');
        const removed = await tx
          .update(devices)
          .set({ revokedAt: now() })
          .where(and(eq(devices.prison, prison), eq(devices.name, name), isNull(devices.revokedAt)))
          .returning({ id: devices.id, name: devices.name, tokenHash: devices.tokenHash });
        if (!removed.length)
          throw new AppError(
            'not-found',
            `No workstation named "${name}" is enrolled at ${prison} (omu-server workstations --prison ${prison} lists them).`,
            'workstation',
          );
        for (const d of removed)
          await tx.insert(serverAudit).values({
            prison,
            event: 'workstation-removed',
            outcome: 'applied',
            detail: { workstation: d.name, deviceId: d.id, removedBy: input.removedBy },
          });
        for (const d of removed) enrolled.delete(d.tokenHash);
        return { removed: removed.map(({ id, name }) => ({ id, name })) };
      });
    },

    /** Enrols a workstation with a one-time code: it gets its id and token (the only time the token is shown). */
    async enrol(input: {
      code: string;
      workstation: string;
    }): Promise<{ deviceId: string; token: string; prison: string; prisonName: string }> {
      return inTransaction(async (tx) => {
        const spent = await credentials.spendCode(tx, 'enrol', input.code, now());
        const deviceId = ulid(now().getTime());
        const token = crypto.randomBytes(32).toString('base64url');
        await tx.insert(devices).values({
          id: deviceId,
          prison: spent.prison,
          name: input.workstation.trim() || spent.subject,
          tokenHash: tokenHash(token),
          enrolledAt: now(),
        });
        await tx.insert(serverAudit).values({
          prison: spent.prison,
          deviceId,
          event: 'workstation-enrolled',
          outcome: 'applied',
          detail: { workstation: input.workstation },
        });
        const [p] = await tx.select().from(prisons).where(eq(prisons.code, spent.prison));
        return { deviceId, token, prison: spent.prison, prisonName: p!.name };
      });
    },

    async authenticate(
      token: string | undefined,
      options: { checkedInTransaction?: boolean } = {},
    ): Promise<Device | null> {
      if (!token) return null;
      const hash = tokenHash(token);
      // A push checks its workstation again inside its own transaction (whatIsKnown, server/mutations.ts: still
      // enrolled, not removed), so for a push a token already seen here is taken from memory: a round trip to
      // PostgreSQL, and a connection, fewer on every push. The token is still proved by its SHA-256 (it is 32 random
      // bytes: a keyed or slow hash would add nothing), and which workstation and prison it names never changes.
      if (options.checkedInTransaction) {
        const seen = enrolled.get(hash);
        if (seen) return seen;
      }
      const [d] = await deviceByToken.execute({ hash });
      if (!d || d.revokedAt) {
        enrolled.delete(hash);
        return null;
      }
      const device = { id: d.id, prison: d.prison, name: d.name };
      enrolled.set(hash, device);
      return device;
    },

    /**
     * The prison's version, its prisoners, and how many rows of case data it holds in all (what a joining workstation
     * takes, for its progress), in one statement: each count read from the table's (prison, key) index.
     */
    async state(
      device: Device,
    ): Promise<{ prison: string; version: number; prisoners: number; rows: number }> {
      const { rows } = await pool.query<{ version: string | null; prisoners: number; rows: string }>(
        `SELECT (SELECT version FROM prisons WHERE code = $1) AS version,
           (SELECT count(*)::int FROM prisoners WHERE prison = $1) AS prisoners,
           ${caseTables()
             .map((info) => `(SELECT count(*) FROM ${ident(info.name)} WHERE prison = $1)`)
             .join(' + ')} AS rows`,
        [device.prison],
      );
      const r = rows[0]!;
      return {
        prison: device.prison,
        version: Number(r.version ?? 0),
        prisoners: r.prisoners,
        rows: Number(r.rows),
      };
    },

    /** Re-runs a workstation's commands, in its order; each is applied or refused on its own. */
    async push(device: Device, pushed: PushedMutation[], timing?: PushTiming): Promise<MutationOutcome[]> {
      const forget = () => {
        for (const [hash, d] of enrolled) if (d.id === device.id) enrolled.delete(hash);
      };
      // With no change to check it in its transaction, a push whose token was taken from memory is checked here: a
      // workstation removed since is refused (it was answered [] as if enrolled).
      if (!pushed.length) {
        const [d] = await db
          .select({ revokedAt: devices.revokedAt })
          .from(devices)
          .where(eq(devices.id, device.id));
        if (!d || d.revokedAt) {
          forget();
          throw new NotEnrolled();
        }
        return [];
      }
      try {
        return await applyMutations(pool, device, pushed, now, hooks, timing);
      } catch (e) {
        // Refused in its transaction as removed: the token is looked up again next time.
        if (e instanceof NotEnrolled) forget();
        throw e;
      }
    },

    /**
     * What changed in the prison's data after `cursor`, whole versions at a time, in commit order, for the workstation
     * whose token it is (null: none enrolled has it, or it was removed); with `held` (the digest of the sign-in details
     * the workstation holds, see credentialsSince), the prison's digest and, when they differ, the details. One
     * statement, so one snapshot and one round trip: the workstation found by its token, the versions up to the
     * prison's, the first `maxVersions` of them, their changes, each read from change_log's key (prison, version,
     * position) from the cursor on, and the sign-in details. Its cost follows what changed after the cursor, not the
     * prison's history. (It was three round trips at every sync: the token looked up, the pull, the details read.)
     */
    async pull(
      token: string | undefined,
      cursor: number,
      maxVersions = 500,
      held?: string | null,
    ): Promise<{ device: Device; pulled: PullResult; credentials?: CredentialsAnswer } | null> {
      if (!token) return null;
      const hash = tokenHash(token);
      const { rows } = await pool.query<{
        device: Device | null;
        current: string | null;
        last: string | null;
        more: boolean;
        changes: PulledChange[] | null;
        credentials: (Omit<credentials.CachedCredential, 'changedAt'> & { changedAt: string })[] | null;
      }>({
        // Prepared by name (see runPrepared in server/store.ts): every workstation asks it at every sync.
        name: 'omu_pull_by_token',
        text: `WITH d AS (SELECT id, prison, name FROM devices WHERE token_hash = $1 AND revoked_at IS NULL),
         p AS (SELECT version FROM prisons WHERE code = (SELECT prison FROM d)),
         vs AS (
           SELECT DISTINCT c.version FROM change_log c, p
           WHERE c.prison = (SELECT prison FROM d) AND c.version > $2 AND c.version <= p.version
           ORDER BY c.version LIMIT $3::int + 1),
         included AS (SELECT version FROM vs ORDER BY version LIMIT $3)
         SELECT (SELECT json_build_object('id', id, 'prison', prison, 'name', name) FROM d) AS device,
           (SELECT version FROM p) AS current,
           (SELECT max(version) FROM included) AS last,
           (SELECT count(*) FROM vs) > $3 AS more,
           (SELECT json_agg(json_build_object('table', c.table_name, 'key', c.key, 'op', c.op, 'row', c.row,
               'version', c.version) ORDER BY c.version, c.position)
            FROM change_log c
            WHERE c.prison = (SELECT prison FROM d) AND c.version > $2
              AND c.version <= (SELECT max(version) FROM included)) AS changes,
           -- The active staff's details, as credentialList reads them (changed_at in its text form, read as drizzle does).
           CASE WHEN $4::boolean THEN (
             SELECT json_agg(json_build_object('staffId', k.staff_id, 'verifier', k.verifier,
               'signingSalt', k.signing_salt, 'changedAt', k.changed_at::text))
             FROM staff_credentials k JOIN staff s ON s.id = k.staff_id AND s.prison = k.prison
             WHERE k.prison = (SELECT prison FROM d) AND s.active) END AS credentials`,
        values: [hash, cursor, maxVersions, held !== undefined],
      });
      const r = rows[0]!;
      if (!r.device) {
        enrolled.delete(hash);
        return null;
      }
      const device = r.device;
      enrolled.set(hash, device);
      const current = Number(r.current ?? 0);
      const pulled = {
        version: r.more ? Number(r.last) : current,
        more: r.more,
        changes: (r.changes ?? []).map((c) => ({ ...c, version: Number(c.version) })),
      };
      if (held === undefined) return { device, pulled };
      const list = (r.credentials ?? []).map((c) => ({
        ...c,
        changedAt: new Date(c.changedAt).toISOString(),
      }));
      const digest = credentialsDigest(list);
      return { device, pulled, credentials: digest === held ? { digest } : { digest, list } };
    },

    /** One page of one table of the prison's data as it is now, for a workstation joining; then it pulls from `version`. */
    async snapshot(
      device: Device,
      table: string,
      after: string | null,
      limit = 5000,
    ): Promise<{ version: number; rows: Record<string, unknown>[]; next: string | null }> {
      const info = tableInfo(table);
      if (info.scope !== 'case') throw new AppError('invalid-input', `${table} is not case data`, 'table');
      // One statement, one snapshot and one round trip (it was a transaction of four): the prison's version and the
      // page, read in key order from the table's index on (prison, key) from `after` on.
      const key = ident(columnName(table, info.primaryKey));
      const { rows } = await pool.query<{ version: string | null; rows: Record<string, unknown>[] | null }>(
        `SELECT (SELECT version FROM prisons WHERE code = $1) AS version,
           (SELECT json_agg(row_to_json(x) ORDER BY x.${key}) FROM (
              SELECT * FROM ${ident(table)} WHERE prison = $1 ${after === null ? '' : `AND ${key} > $3`}
              ORDER BY ${key} LIMIT $2) x) AS rows`,
        after === null ? [device.prison, limit] : [device.prison, limit, after],
      );
      const page = (rows[0]!.rows ?? []).map(fromSqlNames(table));
      return {
        version: Number(rows[0]!.version ?? 0),
        rows: page,
        next: page.length === limit ? String(page[page.length - 1]![info.primaryKey]) : null,
      };
    },

    /**
     * Pages of the prison's data as it is now, from `after` in `table` on through the case tables that follow it (in
     * caseTables' order), up to `limit` rows in all: a small prison in one answer, where a page a table took one request
     * each (26, each with its workstation checked). `next` says where the next answer starts, or null at the end.
     */
    async snapshotFrom(
      device: Device,
      table: string,
      after: string | null,
      limit = 5000,
    ): Promise<{
      version: number;
      pages: { table: string; rows: Record<string, unknown>[] }[];
      next: { table: string; after: string | null } | null;
    }> {
      const tables = caseTables().map((t) => t.name);
      let i = tables.indexOf(table);
      if (i < 0) throw new AppError('invalid-input', `${table} is not case data`, 'table');
      const pages: { table: string; rows: Record<string, unknown>[] }[] = [];
      let version: number | null = null;
      for (let left = limit; ; i++, after = null) {
        const page = await this.snapshot(device, tables[i]!, after, left);
        version ??= page.version;
        pages.push({ table: tables[i]!, rows: page.rows });
        left -= page.rows.length;
        if (page.next !== null) return { version, pages, next: { table: tables[i]!, after: page.next } };
        const following = tables[i + 1];
        if (following === undefined) return { version, pages, next: null };
        if (left <= 0) return { version, pages, next: { table: following, after: null } };
      }
    },

    /**
     * A standalone workstation's data becomes the prison's first data: only while the prison holds nothing but
     * its set-up, and only for its administrator. It comes in slices of bounded size (seedBegin, seedSlice, each a
     * short request, then seedFinish), held apart from the prison's tables until seedFinish writes them all in one
     * transaction: an upload broken off leaves the prison as it was, and a new one discards it.
     */
    async seedBegin(
      device: Device,
      input: { adminName: string; password: string },
    ): Promise<{ upload: string; held: HeldSlice[] }> {
      return inTransaction(async (tx) => {
        const admin = await seedingAdmin(tx, device, input.adminName);
        const checked = await credentials.signIn(tx, device.prison, admin.id, input.password, now(), cost);
        if (!checked.ok)
          throw new AppError(
            'forbidden',
            `${admin.name}'s password is not right, or not set on the unit server yet.`,
            'password',
          );
        await refuseIfHeld(tx, device.prison);
        // One upload under way per prison. One broken off (its workstation stopped, or the network) is taken up by the
        // next join, which is told the slices the server holds and sends only the others: a slice is skipped only when
        // its digest is that of the rows the workstation would send, so another workstation's (or changed) data is sent
        // again, and written over the old.
        const [open] = await tx
          .select()
          .from(seedUploads)
          .where(and(eq(seedUploads.prison, device.prison), isNull(seedUploads.result)))
          .for('update');
        if (open) {
          await tx
            .update(seedUploads)
            .set({ deviceId: device.id, adminId: admin.id })
            .where(eq(seedUploads.id, open.id));
          const held = await tx
            .select({ table: seedSlices.tableName, slice: seedSlices.slice, digest: seedSlices.digest })
            .from(seedSlices)
            .where(eq(seedSlices.uploadId, open.id));
          return { upload: open.id, held };
        }
        const upload = crypto.randomUUID();
        await tx.insert(seedUploads).values({
          id: upload,
          prison: device.prison,
          deviceId: device.id,
          adminId: admin.id,
          startedAt: now(),
        });
        return { upload, held: [] };
      });
    },

    /**
     * One slice of an upload: kept once, however often it is sent (a lost answer is asked again); sent again with other
     * rows (a resumed upload whose data had changed), the new rows replace the old.
     */
    async seedSlice(
      device: Device,
      input: { upload: string; table: string; slice: number; rows: Record<string, unknown>[] },
    ): Promise<{ received: number }> {
      if (!caseTables().some((t) => t.name === input.table))
        throw new AppError('invalid-input', `There is no table ${input.table} to bring.`, 'table');
      return inTransaction(async (tx) => {
        await openUpload(tx, device, input.upload);
        await tx
          .insert(seedSlices)
          .values({
            uploadId: input.upload,
            tableName: input.table,
            slice: input.slice,
            rowCount: input.rows.length,
            rows: input.rows,
            digest: sliceDigest(input.rows),
          })
          .onConflictDoUpdate({
            target: [seedSlices.uploadId, seedSlices.tableName, seedSlices.slice],
            set: {
              rowCount: sql`excluded.row_count`,
              rows: sql`excluded.rows`,
              digest: sql`excluded.digest`,
            },
          });
        return { received: input.rows.length };
      });
    },

    /**
     * Writes an upload whose slices are all in (`slices`: how many of each table the workstation sent) as the
     * prison's first data, in one transaction; asked again after a lost answer, gives the same answer. A large
     * caseload is written in the background: the answer is then "writing", with how many rows are written so far,
     * and the workstation asks again.
     */
    async seedFinish(
      device: Device,
      input: { upload: string; slices: Record<string, number> },
      waitMs = 20_000,
    ): Promise<SeedProgress> {
      const [upload] = await db.select().from(seedUploads).where(eq(seedUploads.id, input.upload));
      if (upload?.result && upload.prison === device.prison)
        return { state: 'done', ...(upload.result as { version: number; rows: number }) };
      let writing = seedsWriting.get(input.upload);
      if (!writing) {
        const progress = { written: 0, total: 0 };
        const done = writeSeed(device, input, progress).finally(() => {
          // Kept a little while for a last ask of its outcome, then forgotten (the database has the result).
          setTimeout(() => seedsWriting.delete(input.upload), 60_000).unref();
        });
        writing = { progress, done };
        seedsWriting.set(input.upload, writing);
        done.catch(() => undefined);
      }
      const finished = await Promise.race([
        writing.done.then((r) => ({ state: 'done' as const, ...r })),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), waitMs).unref()),
      ]);
      return finished ?? { state: 'writing', ...writing.progress };
    },

    /**
     * Signs a member of staff in against the server's record; the workstation caches what lets them sign in offline.
     * A refusal (wrong password, a wait, no password yet) is an answer, not an error: its count is kept.
     */
    async signIn(
      device: Device,
      input: { staffId: string; password: string },
    ): Promise<credentials.ServerCheck> {
      const result = await inTransaction((tx) =>
        credentials.signIn(tx, device.prison, input.staffId, input.password, now(), cost),
      );
      await db.insert(serverAudit).values({
        prison: device.prison,
        actorId: input.staffId,
        deviceId: device.id,
        event: 'sign-in',
        outcome: result.ok ? 'applied' : 'refused',
        detail: result.ok ? null : { reason: result.reason },
      });
      return result;
    },

    /** Sets a first (or reset) password with the one-time code issued for that person; the code says whose it is. */
    async setPasswordWithCode(
      device: Device,
      input: { staffId?: string; code: string; password: string },
    ): Promise<credentials.CachedCredential> {
      return inTransaction(async (tx) => {
        const spent = await credentials.spendCode(tx, 'password', input.code, now());
        if (spent.prison !== device.prison || (input.staffId && spent.subject !== input.staffId))
          throw new AppError('forbidden', 'That code was issued to someone else.', 'code');
        // A code issued before the person was made inactive is not spent on them (nothing of it is kept).
        if (!(await credentials.isActive(tx, device.prison, spent.subject)))
          throw new AppError(
            'forbidden',
            "That code's person is no longer active on the unit server's staff list: ask an administrator.",
            'code',
          );
        await refuseWeakPassword(tx, device.prison, spent.subject, input.password);
        const cached = await credentials.setPassword(
          tx,
          device.prison,
          spent.subject,
          input.password,
          now(),
          cost,
        );
        await tx.insert(serverAudit).values({
          prison: device.prison,
          actorId: spent.subject,
          deviceId: device.id,
          event: 'password-set',
          outcome: 'applied',
        });
        return cached;
      });
    },

    /** Changes a password, checking the current one first (a wrong one counts towards the wait as at sign-in). */
    async changePassword(
      device: Device,
      input: { staffId: string; currentPassword: string; newPassword: string },
    ): Promise<credentials.ServerCheck> {
      const result = await inTransaction(async (tx): Promise<credentials.ServerCheck> => {
        const checked = await credentials.signIn(
          tx,
          device.prison,
          input.staffId,
          input.currentPassword,
          now(),
          cost,
        );
        if (!checked.ok) return checked;
        await refuseWeakPassword(tx, device.prison, input.staffId, input.newPassword);
        return {
          ok: true,
          ...(await credentials.setPassword(
            tx,
            device.prison,
            input.staffId,
            input.newPassword,
            now(),
            cost,
          )),
        };
      });
      await db.insert(serverAudit).values({
        prison: device.prison,
        actorId: input.staffId,
        deviceId: device.id,
        event: 'password-changed',
        outcome: result.ok ? 'applied' : 'refused',
        detail: result.ok ? null : { reason: result.reason },
      });
      return result;
    },

    /** The cached sign-in details of every member of staff of the prison who has a password. */
    credentialCache,

    /**
     * The cached sign-in details' digest and, when it is not `held` (the digest of the workstation's copy), the details:
     * given with a push and a pull, so that a sync learns of a password set, changed or reset on the unit server, or a
     * person made inactive, without a request of its own.
     */
    async credentialsSince(device: Device, held: string | null): Promise<CredentialsAnswer> {
      const list = await credentialCache(device);
      const digest = credentialsDigest(list);
      return digest === held ? { digest } : { digest, list };
    },

    /** A one-time code for a member of staff (named as on the staff list) to set a new password. */
    async issueStaffCode(input: {
      prison: string;
      staffName: string;
      issuedBy: string;
    }): Promise<{ code: string; expiresAt: string }> {
      const prison = input.prison.trim().toUpperCase();
      return inTransaction(async (tx) => {
        const member = await staffByName(tx, prison, input.staffName);
        if (!member)
          throw new AppError(
            'not-found',
            `${prison} has no active member of staff called ${input.staffName}.`,
            'staff',
          );
        const issued = await credentials.issueCode(tx, 'password', prison, member.id, input.issuedBy, now());
        await tx.insert(serverAudit).values({
          prison,
          actorId: member.id,
          event: 'password-code-issued',
          outcome: 'applied',
          detail: { issuedBy: input.issuedBy },
        });
        return issued;
      });
    },

    serverWrite: (
      prison: string,
      build: (changes: Changes, ctx: CommandContext) => void,
      actorName: string,
    ) => inTransaction((tx) => serverWrite(tx, prison, build, actorName)),
  };
}

export type Unit = ReturnType<typeof createUnit>;
