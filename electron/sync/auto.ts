import type { Sync } from './engine';
import { OfflineError, RefusedByServer } from './transport';

/**
 * Keeps a joined workstation in step while it is open: a sync shortly after it opens and after each change made
 * here, and one every few seconds to take everyone else's. One at a time; an unreachable server only marks the link offline
 * (the status in the header says so) and the next attempt tries again.
 */
export function startAutoSync(
  sync: () => Sync,
  options: {
    everyMs?: number;
    afterChangeMs?: number;
    /**
     * Told of a sync started by itself (the timer, a change made here) that failed otherwise than by the server being
     * unreachable or refusing (the status says those): nobody awaits it, so without this it would go unseen.
     */
    onFailure?: (e: unknown) => void;
  } = {},
) {
  const every = options.everyMs ?? 5000;
  const afterChange = options.afterChangeMs ?? 250;
  /** The sync under way, settling with what made it fail (null when it did not). */
  let running: Promise<unknown> | null = null;
  /** The one sync to start when the running one ends: every request made meanwhile shares it. */
  let next: Promise<unknown> | null = null;

  /** Starts a sync, or, while one runs, the one after it; settles with what made that sync fail (null when it did not). */
  const run = (): Promise<unknown> => {
    if (!sync().link()) return Promise.resolve(null);
    if (!running) {
      running = sync()
        .sync()
        .then(
          () => null,
          (e: unknown) => e,
        )
        .finally(() => {
          running = null;
        });
      return running;
    }
    next ??= running.then(() => {
      next = null;
      return run();
    });
    return next;
  };
  const inBackground = () =>
    void run().then((failed) => {
      if (failed && !(failed instanceof OfflineError) && !(failed instanceof RefusedByServer))
        options.onFailure?.(failed);
    });
  const timer = setInterval(inBackground, every);
  timer.unref();
  // The first one soon after opening, as after a change, not a whole interval later: what the unit changed while this
  // workstation was closed shows at once, and a sync that cannot run is said (or logged) at once.
  let soon: NodeJS.Timeout | null = setTimeout(inBackground, afterChange);
  soon.unref();
  return {
    /** A change was made here: send it soon. */
    changed() {
      if (soon) clearTimeout(soon);
      soon = setTimeout(inBackground, afterChange);
      soon.unref();
    },
    /**
     * "Sync now": a sync that starts after this call (one already under way may have read the pending changes
     * before the last one was made), awaited; settles with what made it fail, null when it did not.
     */
    now(): Promise<unknown> {
      return run();
    },
    stop() {
      clearInterval(timer);
      if (soon) clearTimeout(soon);
    },
  };
}

export type AutoSync = ReturnType<typeof startAutoSync>;
