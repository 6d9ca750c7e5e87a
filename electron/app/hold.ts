import { AppError } from '../domain/shared/errors';
import { joinRefusal, type JoinUnderWay } from '../sync/engine';
import type { DemoProgress } from '../domain/caseload/demo-command';

/**
 * A long write of this app that holds the caseload half-written in one open transaction, with the event loop given
 * back between its parts: a join to a unit server (electron/sync/engine.ts), or the demo caseload loading. While it
 * runs, the app's other views are refused with code 'held' and how far it has got (electron/api/router.ts); it ends
 * by itself, and what waits for it is told when it has (`whenFree` in electron/app/omu-app.ts). Code 'busy' is
 * another thing: another program holds the database file's write lock (db/write-transaction.ts).
 */
export type Hold = { kind: 'join'; join: JoinUnderWay } | { kind: 'demo'; progress: DemoProgress };

/** What a view refused during a hold is told: which hold, how far it has got, and when to come back. */
export function holdRefusal(hold: Hold): AppError {
  if (hold.kind === 'join') return joinRefusal(hold.join);
  const p = hold.progress;
  const n = (x: number) => x.toLocaleString('en-GB');
  return new AppError(
    'held',
    `The demo caseload is still loading (${p.step === 'prisoners' ? 'prisoners' : 'release plans'}, ${n(p.done)} of ${n(p.total)}). Nothing else is shown or changed here until it has finished: try again then.`,
  );
}

/** The demo caseload loading, the app's and not one door's: its progress while it runs, and its end. */
export function demoHold() {
  let running: { progress: DemoProgress; ended: Promise<void> } | null = null;
  return {
    progress(): DemoProgress | null {
      return running?.progress ?? null;
    },
    /** Settles when the load under way has ended (at once when none runs). */
    ended(): Promise<void> {
      return running?.ended ?? Promise.resolve();
    },
    /** Runs the load, told its progress; a second load meanwhile is refused with the first one's. */
    async run<T>(load: (progress: (p: DemoProgress) => void) => Promise<T>): Promise<T> {
      if (running) throw holdRefusal({ kind: 'demo', progress: running.progress });
      let end: () => void = () => undefined;
      const mine = {
        progress: { step: 'prisoners', done: 0, total: 0 } as DemoProgress,
        ended: new Promise<void>((resolve) => (end = resolve)),
      };
      running = mine;
      try {
        return await load((p) => {
          mine.progress = p;
        });
      } finally {
        running = null;
        end();
      }
    },
  };
}
