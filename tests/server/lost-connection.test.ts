import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRouter } from '../../electron/api/router';
import type { OmuApp } from '../../electron/app/omu-app';
import { connectServerDb } from '../../server/db/postgres';
import { freshServerDatabase } from '../support/postgres';
import { servedPrison, startUnitServer } from '../support/unit-server';
import { firstPasswordFromCode, recordEvents, seedingWorkstation } from '../support/unit-workstations';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/**
 * Ends (`pg_terminate_backend`, as an administrator or a restart does) or cancels (`pg_cancel_backend`) the one
 * connection to the database that runs a query matching `where`, once there is one.
 */
async function endWaiting(ownerUrl: string, where: string, how: 'terminate' | 'cancel'): Promise<void> {
  const admin = new pg.Client({ connectionString: ownerUrl });
  await admin.connect();
  try {
    const pid = await vi.waitFor(
      async () => {
        const { rows } = await admin.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND ${where}`,
        );
        expect(rows).toHaveLength(1);
        return rows[0]!.pid;
      },
      { timeout: 120_000, interval: 20 },
    );
    await admin.query(`SELECT pg_${how}_backend($1)`, [pid]);
  } finally {
    await admin.end();
  }
}

/** A programme completion with a note, recorded on the workstation (pending until it is sent). */
async function recordNotedEvent(app: OmuApp, prisonerNumber: string, note: string): Promise<void> {
  const res = await createRouter(app, 'cli').handle('oasys/add-event', {
    prisonerNumber,
    event: { type: 'programme-completion', date: '2026-11-01', note },
  });
  expect(res.ok).toBe(true);
}

/**
 * PostgreSQL closing a connection the unit server keeps idle (an administrator's pg_terminate_backend, a restart, the
 * cluster stopping as `omu-server init` ends). node-postgres's pool hands the error to the pool's own 'error'
 * event; with no listener there, Node throws it and the process dies. The project's CI failed so on 28/11/2026:
 * `omu-server init` printed a "terminating connection due to administrator command" stack, because `pool.end()`
 * answers once it has asked each connection to close, not once they have, and the embedded cluster was stopped
 * while one was still open.
 */
describe('a unit server connection that PostgreSQL closes while it is idle', () => {
  it('is dropped and reported in one line; the next query opens another', async () => {
    const { url, ownerUrl } = await freshServerDatabase();
    const lines: string[] = [];
    const { pool, close } = connectServerDb(url, 2, (line) => lines.push(line));
    try {
      const first = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const owner = new pg.Client({ connectionString: ownerUrl });
      await owner.connect();
      try {
        await owner.query('SELECT pg_terminate_backend($1)', [first]);
      } finally {
        await owner.end();
      }
      await vi.waitFor(() => expect(lines).toHaveLength(1), { timeout: 120_000 });
      expect(lines[0]).toBe(
        'omu-server: PostgreSQL closed an idle connection (terminating connection due to administrator command); the next request opens another\n',
      );
      const next = (await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      expect(next).not.toBe(first);
    } finally {
      await close();
    }
  });

  it('closes every connection before close() answers, so the cluster may be stopped at once', async () => {
    const { url, ownerUrl, name } = await freshServerDatabase();
    const { pool, close } = connectServerDb(url, 3);
    let ended = 0;
    pool.on('connect', (client) => client.once('end', () => (ended += 1)));
    // Three connections open and idle.
    await Promise.all([1, 2, 3].map(() => pool.query('SELECT pg_sleep(0.05)')));
    expect(pool.totalCount).toBe(3);
    await close();
    // Each connection has ended (its socket closed at both ends): PostgreSQL cannot speak on any of them.
    expect(ended).toBe(3);
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    try {
      await vi.waitFor(
        async () =>
          expect(
            (
              await owner.query<{ n: number }>(
                'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
                [name],
              )
            ).rows[0]!.n,
          ).toBe(0),
        { timeout: 120_000 },
      );
    } finally {
      await owner.end();
    }
  });
});

/**
 * A connection ended while a push is using it (checked out of the pool for its transaction, where the pool keeps no
 * 'error' listener): node-postgres emitted the error on the connection, Node threw it, and the unit server died. A
 * push waiting for its prison's turn whose connection ended kept it checked out for good.
 */
describe('a connection PostgreSQL ends or cancels while a push is using it', () => {
  it('the real omu-server answers that it could not, stays up, logs no case data, and the next sync applies the change', async () => {
    const { unit, url, ownerUrl, server } = await servedPrison(closers);
    let logged = '';
    server.stderr!.on('data', (d: Buffer) => (logged += d.toString()));
    const { app: a, numbers } = await seedingWorkstation({ unit, url }, 'MDI', 'A', 3, closers);
    const note = 'Disclosed a threat to his former partner';
    await recordNotedEvent(a, numbers[1]!, note);

    // The push's insert waits for the table, held here; its query is cancelled, then (next sync) its connection ended.
    const holder = new pg.Client({ connectionString: ownerUrl });
    await holder.connect();
    closers.push(() => holder.end());
    const insertWaiting = `wait_event_type = 'Lock' AND query LIKE 'insert into "significant_events"%'`;
    const couldNot = { code: 'internal', message: 'The unit server could not do that; it has been logged.' };
    for (const how of ['cancel', 'terminate'] as const) {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE significant_events IN EXCLUSIVE MODE');
      const syncing = a.sync.sync().then(
        () => null,
        (e: unknown) => e,
      );
      await endWaiting(ownerUrl, insertWaiting, how);
      await holder.query('ROLLBACK');
      expect(await syncing, how).toMatchObject(couldNot);
      expect(server.exitCode, how).toBeNull();
      expect(a.sync.status().pending).toBe(1);
      // The server's log says what failed and why, without the query's values (the note, the prisoner's id).
      await vi.waitFor(() => expect(logged).toContain('[omu-server] internal error: '), {
        timeout: 120_000,
      });
      if (how === 'cancel') {
        expect(logged).toContain('Failed query: insert into "significant_events"');
        expect(logged).toContain('canceling statement due to user request');
      }
      expect(logged).not.toContain(note);
      expect(logged).not.toContain('params:');
      logged = '';
    }
    expect(await a.sync.sync()).toMatchObject({ pushed: 1, applied: 1, refused: [] });
    expect(server.exitCode).toBeNull();
  }, 240_000);

  it("a push waiting for its prison's turn whose connection ends gives it back: a pool of one serves the next sync", async () => {
    const server = await startUnitServer(undefined, { poolSize: 1 });
    closers.push(() => server.close());
    const { code } = await server.unit.initPrison({
      code: 'MDI',
      name: 'HMP Moorland',
      adminName: 'Sam Admin',
    });
    await firstPasswordFromCode(server, 'MDI', code);
    const { app: a, numbers } = await seedingWorkstation(server, 'MDI', 'A', 3, closers);
    await recordEvents(a, numbers, 1);
    // The prison's turn (server/mutations.ts: an advisory lock on 'omu-prison:MDI'), held here.
    const holder = new pg.Client({ connectionString: server.ownerUrl });
    await holder.connect();
    closers.push(() => holder.end());
    await holder.query("SELECT pg_advisory_lock(hashtext('omu-prison:MDI'))");
    const syncing = a.sync.sync().then(
      () => null,
      (e: unknown) => e,
    );
    await endWaiting(server.ownerUrl, "wait_event = 'advisory'", 'terminate');
    await holder.query("SELECT pg_advisory_unlock(hashtext('omu-prison:MDI'))");
    expect(await syncing).toMatchObject({ code: 'internal' });
    expect(await a.sync.sync()).toMatchObject({ pushed: 1, applied: 1, refused: [] });
  }, 240_000);
});
