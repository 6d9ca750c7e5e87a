import fs from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The projects whose files take longest (Chromium, real processes, PostgreSQL) start first. */
const PROJECT_ORDER = ['e2e', 'integration', 'server', 'unit'];

/**
 * The order files start in (vitest.config.ts): the slow projects first, and in each the largest file first (a file's
 * size stands for its running time: a fresh clone has no timings of an earlier run for vitest to sort by). With two
 * workers the long files run while the short ones fill the gaps, instead of a long file starting last and running
 * alone at the end. A file that is part N of M of a split one (`name-N-of-M.test.ts`, its body in `name.ts` beside it)
 * weighs its own size plus an M-th of that module's.
 */
export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const size = new Map(files.map((f) => [f, weight(f.moduleId)]));
    const rank = (f: TestSpecification) => {
      const i = PROJECT_ORDER.indexOf(f.project.name);
      return i === -1 ? PROJECT_ORDER.length : i;
    };
    return [...files].sort((a, b) => rank(a) - rank(b) || size.get(b)! - size.get(a)!);
  }
}

/** A file's size, with its share of the module it is one part of (see above). */
function weight(file: string): number {
  const own = fs.statSync(file).size;
  const part = /^(.+)-\d+-of-(\d+)\.test\.ts$/.exec(path.basename(file));
  if (!part) return own;
  const body = path.join(path.dirname(file), `${part[1]}.ts`);
  return own + (fs.existsSync(body) ? fs.statSync(body).size / Number(part[2]) : 0);
}
