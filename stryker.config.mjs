// Mutation testing of electron/domain (issue 19, item 4): StrykerJS with the vitest runner. Run it with
// `npm run mutation` (scripts/mutation.mjs), which runs one group of files at a time, so that each run is short.
// STRYKER_GROUP names the group; each has its own incremental file (reports/mutation/<group>.incremental.json,
// not committed: large, and written by every run), so a rerun tests only the mutants whose code or tests changed.
import { mutationGroup } from './scripts/mutation-groups.mjs';

const group = process.env.STRYKER_GROUP ?? 'rules-due';
const { mutate, tests } = mutationGroup(group);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate,
  coverageAnalysis: 'perTest',
  // A static mutant (a module-level constant: labels, tables) reruns every test: 13 s each here. They are left out and
  // reported as ignored; the rules' tables of tests reach the constants through the functions that read them.
  ignoreStatic: true,
  // Two cores shared by everyone: one test process at a time.
  concurrency: 1,
  // A service's integration test file opens a database and signs people in before its tests: a minute on a busy machine.
  timeoutMS: tests ? 120_000 : 20_000,
  // The first run of all the tests, on a machine others are using too: 5 minutes (the default) is not always enough.
  dryRunTimeoutMinutes: 30,
  incremental: true,
  incrementalFile: `reports/mutation/${group}.incremental.json`,
  reporters: ['clear-text'],
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false },
  // One sandbox folder per group, so that two groups may run at once without one cleaning up the other's.
  tempDirName: `.stryker-tmp/${group}`,
  // Not the other groups' sandboxes, nor earlier reports, into this group's sandbox.
  ignorePatterns: ['/.stryker-tmp', '/reports'],
  cleanTempDir: 'always',
  // Types are checked by tsc in npm test; Stryker need not.
  disableTypeChecks: 'electron/**/*.ts',
};
