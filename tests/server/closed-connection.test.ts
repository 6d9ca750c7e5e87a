import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { servedPrison } from '../support/unit-server';
import { recordEvents, seedingWorkstation } from '../support/unit-workstations';

/**
 * A workstation busy for longer than the unit server keeps an idle connection (its event loop held by writing a
 * joined prison's snapshot into SQLite, or a large import) kept the connections it had in its pool: the server had
 * closed them meanwhile, and the next request went out on one of them. bench/sync.ts's join failed so on a busy
 * machine ("write EPIPE": the server's FIN, then the reset its kernel sent once the closed connection had timed out).
 * Here the real `omu-server` closes idle connections after 3 s instead of 72 s (the workstation keeps one a second
 * less than the server says it will, so a shorter one is never kept); the workstation's sync after the hold must
 * still reach the server.
 */

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/**
 * Holds this thread, and so its event loop, until the server has closed every connection this process has open to
 * `port` (each in CLOSE_WAIT, 08, in /proc/net/tcp: the server's FIN received, not yet seen by the loop); answers how many.
 */
function holdUntilServerClosed(port: number): number {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (const deadline = Date.now() + 60_000; ; Atomics.wait(pause, 0, 0, 50)) {
    const states = fs
      .readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f[2]?.endsWith(hex))
      .map((f) => f[3])
      // Connections this process closed itself (TIME_WAIT) are not in its pool.
      .filter((state) => state !== '06');
    if (states.length && states.every((s) => s === '08')) return states.length;
    if (Date.now() > deadline)
      throw new Error(`the server did not close its idle connections: ${states.join(' ')}`);
  }
}

describe('a workstation whose event loop was held while the unit server closed its idle connections', () => {
  it('sends its next sync on a new connection, and the change is applied once', async () => {
    const { pool, unit, port, url } = await servedPrison(closers, ['--keep-alive-timeout', '3000']);

    const { app: a, numbers } = await seedingWorkstation({ unit, url }, 'MDI', 'A', 5, closers);
    await recordEvents(a, numbers, 1);
    // Two requests at once (as the automatic sync and a sign-in can be): the pool keeps two connections.
    await Promise.all([a.sync.sync(), fetch(`${url}/api/health`).then((r) => r.json())]);
    await recordEvents(a, numbers, 1, 'programme-completion', 1);

    expect(holdUntilServerClosed(port)).toBeGreaterThanOrEqual(2);
    const report = await a.sync.sync();

    expect(report).toMatchObject({ pushed: 1, applied: 1, refused: [] });
    expect(a.sync.status()).toMatchObject({ pending: 0, offlineSince: null, lastError: null });
    const { rows } = await pool.query(
      "SELECT count(*)::int AS n FROM significant_events WHERE prison = 'MDI' AND type = 'programme-completion'",
    );
    expect(rows[0].n).toBe(2);
  });
});
