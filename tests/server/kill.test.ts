import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { workstationDigest } from '../../electron/core/replay';
import { OfflineError } from '../../electron/sync/transport';
import { verifyServerAudit } from '../../server/audit-chain';
import { connectServerDb, freePort } from '../../server/db/postgres';
import { prisonDigest } from '../../server/store';
import { createUnit } from '../../server/unit';
import { syntheticCaseloadCsv } from '../support/caseload-csv';
import { freshServerDatabase } from '../support/postgres';
import { signIn } from '../support/sign-in';
import { PASSWORD, recordEvents, signInOnline, workstation } from '../support/unit-workstations';

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

/** `omu-server serve` on the test cluster's database (DATABASE_URL, as on the platform's PostgreSQL), ready to answer. */
async function serve(port: number, dbUrl: string, ownerUrl: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [path.resolve('bin/omu-server.mjs'), 'serve', '--port', String(port)],
    {
      env: { ...process.env, DATABASE_URL: ownerUrl, DATABASE_APP_URL: dbUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  closers.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening')) resolve();
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', (code) => reject(new Error(`omu-server serve exited ${code}: ${out}`)));
  });
  return child;
}

describe('the unit server killed with SIGKILL in the middle of a push', () => {
  it('loses nothing and applies nothing twice once it is back', async () => {
    const { url: dbUrl, ownerUrl } = await freshServerDatabase();
    const { pool } = connectServerDb(dbUrl, 2);
    closers.push(() => pool.end());
    const unit = createUnit(pool);
    const { code: adminCode } = await unit.initPrison({
      code: 'MDI',
      name: 'HMP Moorland',
      adminName: 'Sam Admin',
    });
    const setup = await unit.enrol({
      code: (await unit.issueEnrolment({ prison: 'MDI', workstation: 'setup', issuedBy: 'test' })).code,
      workstation: 'setup',
    });
    await unit.setPasswordWithCode(
      { id: setup.deviceId, prison: 'MDI', name: 'setup' },
      { code: adminCode, password: PASSWORD },
    );

    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let server = await serve(port, dbUrl, ownerUrl);

    // A standalone workstation's caseload becomes the prison's; Sam Admin signs in there and records 150 events.
    const a = workstation('a', closers);
    const { csv, numbers } = syntheticCaseloadCsv(10);
    const clerk = a.services.staff.insertUnchecked(a.context(), {
      name: 'Case Admin',
      email: null,
      roles: ['case-administrator'],
      active: true,
    });
    await signIn(a, clerk.name);
    a.services.caseloadImport.commit(a.context(), 'c.csv', csv);
    const joined = await a.sync.join({
      url,
      code: (await unit.issueEnrolment({ prison: 'MDI', workstation: 'A', issuedBy: 'test' })).code,
      workstation: 'A',
      seedAs: { adminName: 'Sam Admin', password: PASSWORD },
    });
    expect(joined.prison).toBe('MDI');
    await signInOnline(a, 'Sam Admin');
    await recordEvents(a, numbers, CHANGES);
    expect(a.sync.status().pending).toBe(CHANGES);
    const deviceId = (
      a.opened.sqlite.prepare('SELECT device_id AS id FROM sync_link').get() as { id: string }
    ).id;
    const committed = async () =>
      Number(
        (await pool.query('SELECT count(*) AS n FROM mutations WHERE device_id = $1', [deviceId])).rows[0].n,
      );

    // The push of all 150 starts; once some are committed, the server is killed.
    const syncing = a.sync.sync().then(
      () => null,
      (e: unknown) => e,
    );
    for (let n = await committed(); n < 5; n = await committed()) {
      expect(n, 'the push ended before the server could be killed in the middle of it').toBeLessThan(CHANGES);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const exited = new Promise((resolve) => server.once('exit', (_code, signal) => resolve(signal)));
    server.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(await syncing).toBeInstanceOf(OfflineError);
    const before = await committed();
    expect(before, 'killed in the middle of the push: some changes committed, not all').toBeGreaterThan(0);
    expect(before).toBeLessThan(CHANGES);
    expect(a.sync.status().pending).toBe(CHANGES);

    // Back up: the same 150 are sent again; those already applied get their first answer and are not applied again.
    server = await serve(port, dbUrl, ownerUrl);
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
