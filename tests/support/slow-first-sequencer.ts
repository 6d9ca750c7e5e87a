import fs from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** The projects whose files take longest (Chromium, real processes, PostgreSQL) start first. */
const PROJECT_ORDER = ['e2e', 'integration', 'server', 'unit'];

/**
 * The order files start in (vitest.config.ts): the slow projects first, and in each the largest file first (a file's
 * size stands for its running time: a fresh clone has no timings of an earlier run for vitest to sort by). With two
 * workers the long files run while the short ones fill the gaps, instead of a long file starting last and running
 * alone at the end.
 */
export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const size = new Map(files.map((f) => [f, fs.statSync(f.moduleId).size]));
    const rank = (f: TestSpecification) => {
      const i = PROJECT_ORDER.indexOf(f.project.name);
      return i === -1 ? PROJECT_ORDER.length : i;
    };
    return [...files].sort((a, b) => rank(a) - rank(b) || size.get(b)! - size.get(a)!);
  }
}
