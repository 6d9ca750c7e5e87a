// Mutation testing of electron/domain (issue 19, item 4): StrykerJS with the vitest runner. Run it with
// `npm run mutation` (scripts/mutation.mjs), which runs one group of files at a time, so that each run is short.
// STRYKER_GROUP names the group; each has its own incremental file (reports/mutation/<group>.incremental.json,
// not committed: large, and written by every run), so a rerun tests only the mutants whose code or tests changed.
import { MUTATION_GROUPS } from './scripts/mutation-groups.mjs';

const group = process.env.STRYKER_GROUP ?? 'rules-due';
const files = MUTATION_GROUPS[group];
if (!files)
  throw new Error(`STRYKER_GROUP must be one of ${Object.keys(MUTATION_GROUPS).join(', ')}, not "${group}"`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: files,
  coverageAnalysis: 'perTest',
  // A static mutant (a module-level constant: labels, tables) reruns every test: 13 s each here. They are left out and
  // reported as ignored; the rules' tables of tests reach the constants through the functions that read them.
  ignoreStatic: true,
  // Two cores shared by everyone: one test process at a time.
  concurrency: 1,
  timeoutMS: 20_000,
  incremental: true,
  incrementalFile: `reports/mutation/${group}.incremental.json`,
  reporters: ['clear-text'],
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // Types are checked by tsc in npm test; Stryker need not.
  disableTypeChecks: 'electron/**/*.ts',
};
