import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../electron/app/omu-app';
import { workstationDigest } from '../../electron/core/replay';
import { verifyServerAudit } from '../../server/audit-chain';
import { prisonDigest } from '../../server/store';
import { syntheticCaseloadCsv } from '../support/caseload-csv';
import { signIn } from '../support/sign-in';
import { FIXED_TODAY, fixedClock } from '../support/temp';
import { startUnitServer } from '../support/unit-server';
import {
  PASSWORD,
  firstPasswordFromCode,
  joinedWorkstation,
  recordEvents,
  signInOnline,
  workstation,
} from '../support/unit-workstations';

/**
 * kill -9 of a workstation's real `omu sync` (the built bin, in its own process) in the middle of its push, while
 * the server is answering its pull, and just after the pull's answer has left (while it takes the changes in): each
 * time the next sync sends every change again, the server applies each once, nothing is lost, and the workstation's
 * tables end equal to the server's for its prison. tests/server/kill.test.ts kills the server; the convergence
 * simulation stops an in-process workstation at chosen points; this is the operating system's kill of the workstation.
 */

const OMU = path.resolve('bin/omu.mjs');
const CHANGES = 210; // more than one push batch (200), so the kill lands after a batch the server answered
const FROM_B = 100;

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/** `omu --db FILE sync --json` as its own process; resolves with how it ended and what it printed. */
function omuSync(dbFile: string): {
  child: ChildProcess;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, [OMU, '--db', dbFile, 'sync', '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  closers.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  // 'close', not 'exit': at 'exit' what the process printed last may still be unread in its pipes.
  const ended = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, ended };
}

describe("a workstation's `omu sync` killed with SIGKILL", () => {
  it('mid-push and mid-pull: the next sync applies nothing twice, loses nothing, and ends equal to the server', async () => {
    // Where the test stops the running `omu sync`: at the server's nth commit of its changes, when the server has
    // read its pull, or once the pull's answer has been sent.
    let running: ChildProcess | null = null;
    let killAtCommit = 0;
    let commits = 0;
    let killAtPull: 'read' | 'answered' | null = null;
    let deviceA = '';
    const kill = () => {
      running!.kill('SIGKILL');
      running = null;
    };
    const server = await startUnitServer(undefined, {
      hooks: {
        beforeCommit: () => {
          if (running && killAtCommit && ++commits === killAtCommit) kill();
        },
      },
      afterPull: (deviceId) => {
        if (running && deviceId === deviceA && killAtPull === 'read') kill();
      },
      answered: (url) => {
        if (running && url === '/api/pull' && killAtPull === 'answered') kill();
      },
    });
    closers.push(() => server.close());
    const { unit } = server;
    const { code: adminCode } = await unit.initPrison({
      code: 'MDI',
      name: 'HMP Moorland',
      adminName: 'Sam Admin',
    });
    await firstPasswordFromCode(server, 'MDI', adminCode);

    // A's caseload becomes the prison's; Sam Admin records 210 events on A, which stay pending.
    const a = workstation('a', closers);
    const dbA = a.opened.file;
    const { csv, numbers } = syntheticCaseloadCsv(10);
    const clerk = a.services.staff.insertUnchecked(a.context(), {
      name: 'Case Admin',
      email: null,
      roles: ['case-administrator'],
      active: true,
    });
    await signIn(a, clerk.name);
    a.services.caseloadImport.commit(a.context(), 'c.csv', csv);
    await a.sync.join({
      url: server.url,
      code: (await unit.issueEnrolment({ prison: 'MDI', workstation: 'A', issuedBy: 'test' })).code,
      workstation: 'A',
      seedAs: { adminName: 'Sam Admin', password: PASSWORD },
    });
    deviceA = a.sync.link()!.deviceId;
    await signInOnline(a, 'Sam Admin');
    await recordEvents(a, numbers, CHANGES);
    expect(a.sync.status().pending).toBe(CHANGES);
    a.close();

    const applied = async () =>
      (
        await unit.db.execute<{ n: number }>(
          sql`SELECT count(*)::int AS n FROM mutations WHERE device_id = ${deviceA} AND outcome = 'applied'`,
        )
      ).rows[0]!.n;
    const localState = () => {
      const ws = openApp({ dbFile: dbA, today: FIXED_TODAY, clock: fixedClock, osAccount: 'check' });
      try {
        return {
          pending: ws.sync.status().pending,
          cursor: ws.sync.link()!.cursor,
          accepted: (
            ws.opened.sqlite
              .prepare("SELECT count(*) AS n FROM command_log WHERE sync = 'accepted'")
              .get() as {
              n: number;
            }
          ).n,
        };
      } finally {
        ws.close();
      }
    };
    const before = localState();

    // 1. Killed mid-push: at the server's 205th commit of A's changes (the second batch; the first was answered).
    killAtCommit = 205;
    let run = omuSync(dbA);
    running = run.child;
    let ended = await run.ended;
    expect(ended.signal, `omu sync ended by itself: ${ended.stdout}${ended.stderr}`).toBe('SIGKILL');
    // The request it left behind is still applied by the server, each change once.
    await expect.poll(applied).toBe(CHANGES);
    expect(localState(), 'nothing of the sync was kept on the workstation').toEqual(before);
    killAtCommit = 0;

    // B, joined and online, records 100 changes of its own that A has still to take.
    const b = await joinedWorkstation(server, 'MDI', 'b', closers);
    await signInOnline(b, 'Sam Admin');
    await recordEvents(b, numbers, FROM_B, 'rosh-change', 3);
    expect(await b.sync.sync()).toMatchObject({ pushed: FROM_B, applied: FROM_B, refused: [] });

    // 2. Killed mid-pull: the push is answered (every change already applied: the answers given then), and the server
    // has read the pull when the workstation dies.
    killAtPull = 'read';
    run = omuSync(dbA);
    running = run.child;
    ended = await run.ended;
    expect(ended.signal, `omu sync ended by itself: ${ended.stdout}${ended.stderr}`).toBe('SIGKILL');
    expect(localState()).toEqual(before);

    // 3. Killed once the pull's answer has left the server: it lands while the workstation reads or takes in the
    // changes (one SQLite transaction: all of it or none).
    killAtPull = 'answered';
    run = omuSync(dbA);
    running = run.child;
    ended = await run.ended;
    expect(ended.signal, `omu sync ended by itself: ${ended.stdout}${ended.stderr}`).toBe('SIGKILL');
    const afterThird = localState();
    expect([
      before,
      { pending: 0, cursor: afterThird.cursor, accepted: before.accepted + CHANGES },
    ]).toContainEqual(afterThird);
    killAtPull = null;

    // The next sync, undisturbed: every change answered as applied, once; A holds exactly what the server holds.
    run = omuSync(dbA);
    ended = await run.ended;
    expect(ended.stderr).toBe('');
    expect(ended.code).toBe(0);
    const report = JSON.parse(ended.stdout) as { pushed: number; applied: number; refused: unknown[] };
    expect(report).toMatchObject({ refused: [] });
    expect(report.applied).toBe(report.pushed);
    expect([0, CHANGES]).toContain(report.pushed);

    const counts = (
      await unit.db.execute(
        sql`SELECT
        (SELECT count(*)::int FROM mutations WHERE device_id = ${deviceA} AND outcome = 'applied') AS applied,
        (SELECT count(*)::int FROM mutations WHERE device_id = ${deviceA} AND outcome = 'refused') AS refused,
        (SELECT count(DISTINCT version)::int FROM mutations WHERE device_id = ${deviceA}) AS versions,
        (SELECT count(*)::int FROM significant_events WHERE prison = 'MDI' AND type = 'programme-completion') AS froma,
        (SELECT count(*)::int FROM significant_events WHERE prison = 'MDI' AND type = 'rosh-change') AS fromb`,
      )
    ).rows[0];
    expect(counts).toEqual({
      applied: CHANGES,
      refused: 0,
      versions: CHANGES,
      froma: CHANGES,
      fromb: FROM_B,
    });

    const after = openApp({ dbFile: dbA, today: FIXED_TODAY, clock: fixedClock, osAccount: 'check' });
    closers.push(() => after.close());
    expect(after.sync.status()).toMatchObject({ pending: 0, notAccepted: [] });
    expect(
      (
        after.opened.sqlite
          .prepare("SELECT count(*) AS n FROM command_log WHERE sync = 'accepted'")
          .get() as {
          n: number;
        }
      ).n,
    ).toBe(before.accepted + CHANGES);
    expect(workstationDigest(after.opened.db)).toEqual(await prisonDigest(unit.db, 'MDI'));
    expect(after.verifyAudit()).toMatchObject({ intact: true, problems: [] });
    expect((await verifyServerAudit(unit.db, 'MDI'))[0]).toMatchObject({ intact: true, problems: [] });
  }, 300_000);
});
