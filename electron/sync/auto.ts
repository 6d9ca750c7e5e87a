import type { Sync } from './engine';

/**
 * Keeps a joined workstation in step while it is open: a sync shortly after each change made here, and one
 * every few seconds to take everyone else's. One at a time; an unreachable server only marks the link offline
 * (the status in the header says so) and the next attempt tries again.
 */
export function startAutoSync(sync: () => Sync, options: { everyMs?: number; afterChangeMs?: number } = {}) {
  const every = options.everyMs ?? 5000;
  const afterChange = options.afterChangeMs ?? 250;
  let running: Promise<unknown> | null = null;
  let again = false;
  let soon: NodeJS.Timeout | null = null;

  const run = () => {
    if (!sync().link()) return;
    if (running) {
      again = true;
      return;
    }
    running = sync()
      .sync()
      .catch(() => undefined)
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          run();
        }
      });
  };
  const timer = setInterval(run, every);
  timer.unref();
  return {
    /** A change was made here: send it soon. */
    changed() {
      if (soon) clearTimeout(soon);
      soon = setTimeout(run, afterChange);
      soon.unref();
    },
    /** "Sync now": waits for it. */
    async now() {
      run();
      await running;
    },
    stop() {
      clearInterval(timer);
      if (soon) clearTimeout(soon);
    },
  };
}

export type AutoSync = ReturnType<typeof startAutoSync>;
