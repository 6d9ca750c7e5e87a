import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { connectServerDb } from '../../server/db/postgres';
import { freshServerDatabase } from '../support/postgres';

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
      await vi.waitFor(() => expect(lines).toHaveLength(1), { timeout: 10_000 });
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
        { timeout: 10_000 },
      );
    } finally {
      await owner.end();
    }
  });
});
