import crypto from 'node:crypto';
import { and, asc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { getTableColumns } from 'drizzle-orm';
import type pg from 'pg';
import { ulid } from 'ulid';
import { caseTables, tableInfo } from '../electron/core/tables';
import { Changes, idSource, type CommandContext } from '../electron/core/operations';
import { AppError } from '../electron/domain/shared/errors';
import { londonDate } from '../electron/domain/shared/dates';
import type { Actor } from '../electron/domain/shared/context';
import { auditRow } from '../electron/domain/audit/row';
import { staff } from '../db/schema';
import {
  changeLog,
  devices,
  oneTimeCodes,
  prisons,
  serverAudit,
  staffCredentials,
  twinOf,
} from './db/schema';
import {
  applyMutation,
  type Device,
  type MutationHooks,
  type MutationOutcome,
  type PushedMutation,
  type PushTiming,
} from './mutations';
import {
  applyToPostgres,
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

    async authenticate(token: string | undefined): Promise<Device | null> {
      if (!token) return null;
      const [d] = await db
        .select()
        .from(devices)
        .where(eq(devices.tokenHash, tokenHash(token)));
      if (!d || d.revokedAt) return null;
      return { id: d.id, prison: d.prison, name: d.name };
    },

    async state(device: Device): Promise<{ prison: string; version: number; prisoners: number }> {
      const [p] = await db.select().from(prisons).where(eq(prisons.code, device.prison));
      const t = twinOf('prisoners');
      const [{ n }] = (await db
        .select({ n: sql<number>`count(*)::int` })
        .from(t)
        .where(eq(t.prison, device.prison))) as [{ n: number }];
      return { prison: device.prison, version: p?.version ?? 0, prisoners: n };
    },

    /** Re-runs a workstation's commands, in its order; each is applied or refused on its own. */
    async push(device: Device, pushed: PushedMutation[], timing?: PushTiming): Promise<MutationOutcome[]> {
      const out: MutationOutcome[] = [];
      for (const m of pushed) out.push(await applyMutation(pool, device, m, now, hooks, timing));
      return out;
    },

    /** What changed in the prison's data after `cursor`, whole versions at a time, in commit order. */
    async pull(device: Device, cursor: number, maxVersions = 500): Promise<PullResult> {
      return inTransaction(async (tx) => {
        const [p] = await tx.select().from(prisons).where(eq(prisons.code, device.prison));
        const current = p?.version ?? 0;
        const versions = (
          await tx
            .selectDistinct({ v: changeLog.version })
            .from(changeLog)
            .where(
              and(
                eq(changeLog.prison, device.prison),
                gt(changeLog.version, cursor),
                lte(changeLog.version, current),
              ),
            )
            .orderBy(asc(changeLog.version))
            .limit(maxVersions + 1)
        ).map((r) => r.v);
        const more = versions.length > maxVersions;
        const included = versions.slice(0, maxVersions);
        const upTo = more ? included[included.length - 1]! : current;
        const rows = included.length
          ? await tx
              .select()
              .from(changeLog)
              .where(and(eq(changeLog.prison, device.prison), inArray(changeLog.version, included)))
              .orderBy(asc(changeLog.version), asc(changeLog.position))
          : [];
        return {
          version: upTo,
          more,
          changes: rows.map((r) => ({
            table: r.tableName,
            key: r.key,
            op: r.op as 'put' | 'delete',
            row: r.row as Record<string, unknown> | null,
            version: r.version,
          })),
        };
      }, 'REPEATABLE READ');
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
      return inTransaction(async (tx) => {
        const [p] = await tx.select().from(prisons).where(eq(prisons.code, device.prison));
        const twin = twinOf(table);
        const columns = getTableColumns(twin) as Record<string, PgColumn>;
        const key = columns[info.primaryKey]!;
        const where =
          after === null
            ? eq(columns.prison!, device.prison)
            : and(
                eq(columns.prison!, device.prison),
                gt(key, info.primaryKey === 'seq' ? Number(after) : after),
              );
        const rows = (await tx.select().from(twin).where(where).orderBy(asc(key)).limit(limit)) as Record<
          string,
          unknown
        >[];
        return {
          version: p?.version ?? 0,
          rows: rows.map(withoutPrison),
          next: rows.length === limit ? String(rows[rows.length - 1]![info.primaryKey]) : null,
        };
      }, 'REPEATABLE READ');
    },

    /**
     * A standalone workstation's data becomes the prison's first data: only while the prison holds nothing but
     * its set-up, and only for its administrator.
     */
    async seed(
      device: Device,
      input: { adminName: string; password: string; tables: Record<string, Record<string, unknown>[]> },
    ): Promise<{ version: number; rows: number }> {
      return inTransaction(async (tx) => {
        const admin = await staffByName(tx, device.prison, input.adminName);
        // The server's own record of the administrator (before the workstation's staff arrive) signs this.
        if (!admin || !(JSON.parse(admin.roles) as string[]).includes('administrator'))
          throw new AppError(
            'forbidden',
            `Only an administrator of ${device.prison} can bring a workstation's data to the unit server.`,
            'adminName',
          );
        const checked = await credentials.signIn(tx, device.prison, admin.id, input.password, now(), cost);
        if (!checked.ok)
          throw new AppError(
            'forbidden',
            `${admin.name}'s password is not right, or not set on the unit server yet.`,
            'password',
          );
        const t = twinOf('prisoners');
        const [{ n }] = (await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(t)
          .where(eq(t.prison, device.prison))) as [{ n: number }];
        if (n > 0)
          throw new AppError(
            'conflict',
            `${device.prison} already has a caseload on the unit server: join it instead of bringing this workstation's data (which would be set aside).`,
          );
        // A prisoner is on one prison's caseload at a time (a transfer moves him): a number another prison holds is
        // refused by name, before anything is written (it used to be skipped silently, and his records then failed).
        const numbers = ((input.tables.prisoners ?? []) as { prisonerNumber?: unknown }[])
          .map((r) => r.prisonerNumber)
          .filter((x): x is string => typeof x === 'string');
        for (let i = 0; i < numbers.length; i += 1000) {
          const [held] = await tx
            .select({ number: t.prisonerNumber, prison: t.prison })
            .from(t)
            .where(inArray(t.prisonerNumber, numbers.slice(i, i + 1000)))
            .limit(1);
          if (held)
            throw new AppError(
              'conflict',
              `${held.number} is already on the unit server's caseload at ${held.prison}: a prisoner is held by one prison at a time (a transfer moves him). Nothing was brought from this workstation.`,
              'prisonerNumber',
            );
        }
        // One new version holds all of it: its changes are logged as each table is written (see insertAndLogRows).
        const [bumped] = await tx
          .update(prisons)
          .set({ version: sql`${prisons.version} + 1` })
          .where(eq(prisons.code, device.prison))
          .returning({ version: prisons.version });
        const version = bumped!.version;
        let count = 0;
        for (const info of caseTables()) {
          const rows = input.tables[info.name] ?? [];
          for (let i = 0; i < rows.length; i += 5000)
            count += await insertAndLogRows(
              tx,
              device.prison,
              info.name,
              rows.slice(i, i + 5000),
              version,
              count,
            );
        }
        const logged: LoggedChange[] = [];
        // The server's set-up staff (its first administrator) are the workstation's people of the same name: their
        // password and codes go to the workstation's record, which every reference in the data points at.
        const staffTwin = twinOf('staff');
        const seededStaff = (input.tables.staff ?? []) as { id: string; name: string }[];
        for (const member of (await tx
          .select()
          .from(staffTwin)
          .where(eq(staffTwin.prison, device.prison))) as { id: string; name: string }[]) {
          const same = seededStaff.find(
            (s) => s.id !== member.id && s.name.trim().toLowerCase() === member.name.trim().toLowerCase(),
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
          detail: { rows: count },
        });
        return { version, rows: count };
      });
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
    async credentialCache(device: Device): Promise<credentials.CachedCredential[]> {
      const rows = await db.select().from(staffCredentials).where(eq(staffCredentials.prison, device.prison));
      return rows.map((r) => ({ staffId: r.staffId, verifier: r.verifier, signingSalt: r.signingSalt }));
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
