import { useEffect, useState } from 'react';
import { call } from '../api/client';
import { ProgressBar } from './ProgressBar';

/**
 * After a rule change every prisoner's due items are worked out again in the background (due.recompute): how far it
 * has got, asked for until it has finished. Shows nothing when no such work is running.
 */
export function DueRecomputeProgress() {
  const [running, setRunning] = useState<{ done: number; total: number } | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      // The work starts as the command that changed the rules returns: ask at once, then until it has finished.
      for (;;) {
        const now = await call('due/progress', {}).catch(() => null);
        if (!live) return;
        setRunning(now?.running ?? null);
        if (!now?.running) return;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    })();
    return () => {
      live = false;
    };
  }, []);
  if (!running) return null;
  return (
    <ProgressBar
      id="due-recompute-bar"
      testId="due-recompute-progress"
      label={<>Working out every prisoner&apos;s due dates by the new rules</>}
      value={running.done}
      max={running.total}
      text={
        <>
          {running.done.toLocaleString('en-GB')} of {running.total.toLocaleString('en-GB')} prisoners. You can
          go on working meanwhile; the unit&apos;s due list waits for it, a prisoner&apos;s own items do not.
        </>
      }
    />
  );
}
