import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Sync } from '../../../electron/sync/engine';
import { startAutoSync, type AutoSync } from '../../../electron/sync/auto';

/**
 * When the app syncs by itself (electron/sync/auto.ts), on the clock vitest's fake timers move. Before, a workstation
 * opened took in what the unit had changed meanwhile only at the first interval's end (5 s), and a sync that could not
 * run was logged only then (tests/server/auto-sync-failure.test.ts waited it out).
 */
describe('the automatic sync', () => {
  let calls: number;
  let auto: AutoSync | null = null;
  const sync = () => ({ link: () => ({}), sync: async () => void calls++ }) as unknown as Sync;
  beforeEach(() => {
    calls = 0;
    vi.useFakeTimers();
  });
  afterEach(() => {
    auto?.stop();
    auto = null;
    vi.useRealTimers();
  });

  it('runs soon after the workstation opens, then every interval', async () => {
    auto = startAutoSync(sync, { everyMs: 5000, afterChangeMs: 250 });
    await vi.advanceTimersByTimeAsync(249);
    expect(calls).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls, 'one sync a quarter of a second after opening').toBe(1);
    await vi.advanceTimersByTimeAsync(4749);
    expect(calls).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls, 'then one at each interval').toBe(2);
  });

  it('a change made before the first sync puts it off, to send the change with it, and runs it once', async () => {
    auto = startAutoSync(sync, { everyMs: 5000, afterChangeMs: 250 });
    await vi.advanceTimersByTimeAsync(200);
    auto.changed();
    await vi.advanceTimersByTimeAsync(249);
    expect(calls).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(1);
  });

  it('does nothing on a workstation that has not joined a unit server', async () => {
    const unjoined = () => ({ link: () => null, sync: async () => void calls++ }) as unknown as Sync;
    auto = startAutoSync(unjoined, { everyMs: 5000, afterChangeMs: 250 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(0);
  });
});
