// The run's shape (issue 18 item 7): with OMU_RUN_SHAPE=FILE.jsonl, each part of a run appends one line a moment to
// FILE.jsonl: when vitest started, each global setup's start and end (the demo template, PostgreSQL, the CLI build),
// the renderer build, the type-check and the lint (scripts/test.mjs), and each test file's start, first hook and end
// with its worker (tests/support/run-shape.setup.ts and run-shape-reporter.ts, added by vitest.config.ts only when the
// variable is set). `node scripts/run-shape.mjs FILE.jsonl` draws the workers' timelines from it. Unset, nothing is
// written and nothing is added to the run.
import fs from 'node:fs';

/** Appends one moment to the run's shape file, when OMU_RUN_SHAPE names one (one short line: a single append). */
export function shapeMark(event: string, extra: Record<string, unknown> = {}): void {
  const file = process.env.OMU_RUN_SHAPE;
  if (!file) return;
  fs.appendFileSync(file, `${JSON.stringify({ at: Date.now(), pid: process.pid, event, ...extra })}\n`);
}

/** Runs `work`, marking its start and end as `name` in the run's shape. */
export async function shapeTimed<T>(name: string, work: () => Promise<T>): Promise<T> {
  shapeMark('setup start', { name });
  try {
    return await work();
  } finally {
    shapeMark('setup end', { name });
  }
}
