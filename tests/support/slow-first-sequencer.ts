import fs from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The projects whose files take longest (Chromium, real processes, PostgreSQL) start first. */
const PROJECT_ORDER = ['e2e', 'integration', 'server', 'unit'];

/**
 * The files that run longest, with their seconds in an idle whole run (`npm test` on b3a9c53, 28/11/2026 04:40 UTC,
 * the lead's; `node scripts/run-shape.mjs` prints a run's). They start before the other files of their project,
 * longest first. A file's size was their only weight before, and it is a poor one for them: `server/cli` (87 s, one
 * test of real processes) weighed less than eight other server files, started late and ran alone at the end of the
 * run; `integration/due-store` (26 s) started 22nd of the integration files.
 */
const SECONDS: Record<string, number> = {
  // 87 s there, 70 of them the server's stop waiting out its keep-alive; about 29 s alone at load 5 since that fix.
  'tests/server/cli.test.ts': 29,
  'tests/e2e/screens.test.ts': 27,
  'tests/integration/due-store.test.ts': 26,
  'tests/e2e/unit-server.test.ts': 22,
  'tests/e2e/irmt.test.ts': 21,
  'tests/e2e/due-views.test.ts': 20,
  'tests/server/sync.test.ts': 19,
  'tests/server/convergence-2-of-2.test.ts': 19,
  'tests/server/convergence-1-of-2.test.ts': 17,
  'tests/e2e/foundation.test.ts': 16,
  'tests/e2e/due-dates.test.ts': 13,
  'tests/e2e/release-planning.test.ts': 12,
  'tests/integration/cli/sign-in-cli.test.ts': 11,
  'tests/integration/cli/usage.test.ts': 10,
  'tests/e2e/sign-in.test.ts': 10,
  'tests/e2e/caseload-search.test.ts': 9,
  'tests/integration/roles/role-matrix.test.ts': 8,
  'tests/integration/cli/cli.test.ts': 8,
  'tests/server/two-users.test.ts': 8,
};

/**
 * Files that spend most of their time waiting (a server's idle connections closing, another process's lock, a
 * process's start), not computing. Sorted by size they came last in their project, together: in dbd8792's idle profile
 * (28/11/2026 15:12) the machine sat idle 12.4 CPU-seconds in the 20 s at the server project's end while
 * closed-connection (6.3 s of wall, 2.0 CPU-s), auto-sync-failure (6.0, 1.5) and join-other-process (5.7, 2.4) ran
 * side by side. They now start right after their project's long files, beside files that keep a core busy.
 */
const WAITING = new Set([
  'tests/server/closed-connection.test.ts',
  'tests/server/auto-sync-failure.test.ts',
  'tests/server/join-other-process.test.ts',
  'tests/integration/hardening/two-writers.test.ts',
  'tests/integration/hardening/browser-door.test.ts',
]);

/**
 * The order files start in (vitest.config.ts): the slow projects first, and in each the files known to run long
 * (SECONDS) longest first, then the files that mostly wait (WAITING), then the others largest first (a file's size stands for its running time: a fresh clone
 * has no timings of an earlier run for vitest to sort by). With two workers the long files run while the short ones
 * fill the gaps, instead of a long file starting last and running alone at the end. A file that is part N of M of a
 * split one (`name-N-of-M.test.ts`, its body in `name.ts` beside it) weighs its own size plus an M-th of that module's.
 */
export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = new Map(files.map((f) => [f, SECONDS[relative(this.ctx.config.root, f.moduleId)] ?? 0]));
    const waits = new Map(
      files.map((f) => [f, WAITING.has(relative(this.ctx.config.root, f.moduleId)) ? 1 : 0]),
    );
    const size = new Map(files.map((f) => [f, weight(f.moduleId)]));
    const rank = (f: TestSpecification) => {
      const i = PROJECT_ORDER.indexOf(f.project.name);
      return i === -1 ? PROJECT_ORDER.length : i;
    };
    return [...files].sort(
      (a, b) =>
        rank(a) - rank(b) ||
        seconds.get(b)! - seconds.get(a)! ||
        waits.get(b)! - waits.get(a)! ||
        size.get(b)! - size.get(a)!,
    );
  }
}

/** The file's path from the project's root, with forward slashes (`tests/server/cli.test.ts`). */
function relative(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** A file's size, with its share of the module it is one part of (see above). */
function weight(file: string): number {
  const own = fs.statSync(file).size;
  const part = /^(.+)-\d+-of-(\d+)\.test\.ts$/.exec(path.basename(file));
  if (!part) return own;
  const body = path.join(path.dirname(file), `${part[1]}.ts`);
  return own + (fs.existsSync(body) ? fs.statSync(body).size / Number(part[2]) : 0);
}
