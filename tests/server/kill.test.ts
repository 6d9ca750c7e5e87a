import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { workstationDigest } from '../../electron/core/replay';
import { OfflineError } from '../../electron/sync/transport';
import { verifyServerAudit } from '../../server/audit-chain';
import { prisonDigest } from '../../server/store';
import { servedPrison } from '../support/unit-server';
import { recordEvents, seedingWorkstation } from '../support/unit-workstations';

/**
 * kill -9 of the real `omu-server` (the built bin, in its own process) in the middle of a push of 150 changes: the
 * changes it committed stay, the one it was applying is gone with its transaction, and after a restart the
 * workstation's next sync sends all 150 again and each is applied exactly once. The convergence simulation stops an
 * in-process server at chosen points; this is the operating system's kill, at whatever point it lands.
 */

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const CHANGES = 150;
/** The advisory lock the test holds to stop the server's second transaction of the push. */
const HOLD = 71_150;

describe('the unit server killed with SIGKILL in the middle of a push', () => {
  it('loses nothing and applies nothing twice once it is back', async () => {
    const prison = await servedPrison(closers);
    const { pool, unit, url } = prison;
    let server = prison.server;

    // A standalone workstation's caseload becomes the prison's; Sam Admin signs in there and records 150 events.
    const { app: a, numbers } = await seedingWorkstation({ unit, url }, 'MDI', 'A', 10, closers);
    expect(a.sync.link()?.prison).toBe('MDI');
    await recordEvents(a, numbers, CHANGES);
    expect(a.sync.status().pending).toBe(CHANGES);
    const deviceId = (
      a.opened.sqlite.prepare('SELECT device_id AS id FROM sync_link').get() as { id: string }
    ).id;
    const committed = async () =>
      Number(
        (await pool.query('SELECT count(*) AS n FROM mutations WHERE device_id = $1', [deviceId])).rows[0].n,
      );

    // The push of all 150 starts; once some are committed, the server is killed. Where: its next transaction after
    // the first commit waits at its first change (a trigger, on an advisory lock this test holds), so the kill lands
    // with some committed and not all on a machine of any speed (it polled the count, and a slow test process could
    // see the push end first).
    const holder = new pg.Client({ connectionString: prison.ownerUrl });
    await holder.connect();
    closers.push(() => holder.end());
    await holder.query(`CREATE FUNCTION test_hold_next_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('omu_test.seen', true) IS DISTINCT FROM 'yes' THEN
          PERFORM set_config('omu_test.seen', 'yes', true);
          IF EXISTS (SELECT 1 FROM mutations WHERE device_id = NEW.device_id) THEN
            PERFORM pg_advisory_xact_lock(${HOLD});
          END IF;
        END IF;
        RETURN NEW;
      END $$`);
    await holder.query(
      'CREATE TRIGGER test_hold_next_commit BEFORE INSERT ON mutations FOR EACH ROW EXECUTE FUNCTION test_hold_next_commit()',
    );
    await holder.query(`SELECT pg_advisory_lock(${HOLD})`);
    const syncing = a.sync.sync().then(
      () => null,
      (e: unknown) => e,
    );
    await vi.waitFor(
      async () =>
        expect(
          (
            await pool.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory' AND query ILIKE '%mutations%'`,
            )
          ).rows[0]!.n,
        ).toBe(1),
      { timeout: 120_000, interval: 20 },
    );
    const exited = new Promise((resolve) => server.once('exit', (_code, signal) => resolve(signal)));
    server.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(await syncing).toBeInstanceOf(OfflineError);
    // Let go: the waiting transaction finds its process gone and is rolled back; the trigger goes once it has.
    await holder.query(`SELECT pg_advisory_unlock(${HOLD})`);
    await holder.query('DROP TRIGGER test_hold_next_commit ON mutations');
    const before = await committed();
    expect(before, 'killed in the middle of the push: some changes committed, not all').toBeGreaterThan(0);
    expect(before).toBeLessThan(CHANGES);
    expect(a.sync.status().pending).toBe(CHANGES);

    // Back up: the same 150 are sent again; those already applied get their first answer and are not applied again.
    server = await prison.serve();
    const report = await a.sync.sync();
    expect(report).toMatchObject({ pushed: CHANGES, applied: CHANGES, refused: [] });
    expect(a.sync.status().pending).toBe(0);
    const counts = (
      await pool.query(
        `SELECT
        (SELECT count(*)::int FROM mutations WHERE device_id = $1 AND outcome = 'applied') AS applied,
        (SELECT count(DISTINCT version)::int FROM mutations WHERE device_id = $1) AS versions,
        (SELECT count(*)::int FROM significant_events WHERE prison = 'MDI' AND type = 'programme-completion') AS events`,
        [deviceId],
      )
    ).rows[0];
    expect(counts).toEqual({ applied: CHANGES, versions: CHANGES, events: CHANGES });
    // The workstation's tables equal the server's; both audits hold.
    expect(workstationDigest(a.opened.db)).toEqual(await prisonDigest(unit.db, 'MDI'));
    expect(a.verifyAudit()).toMatchObject({ intact: true, problems: [] });
    expect((await verifyServerAudit(unit.db, 'MDI'))[0]).toMatchObject({ intact: true, problems: [] });
  }, 180_000);
});
