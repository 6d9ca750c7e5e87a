import { defineConfig } from 'vitest/config';
import { mutationGroup } from './scripts/mutation-groups.mjs';

/**
 * The tests Stryker runs against each mutant (stryker.config.mjs). For a rule group: the rule tables, the property tests
 * and the other unit tests of electron/domain, which need no database, browser or built app, so that a mutant takes a
 * second. For a service group (STRYKER_GROUP, scripts/mutation-groups.mjs): the integration test files listed for it,
 * with the demo caseload's template they copy; Stryker's perTest coverage runs only the tests that reached the mutant.
 */
const { tests } = mutationGroup(process.env.STRYKER_GROUP ?? 'rules-due');

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    include: tests ?? ['tests/unit/rules/**/*.test.ts', 'tests/unit/caseload/**/*.test.ts'],
    globalSetup: tests ? ['tests/support/demo-template.setup.ts'] : [],
    testTimeout: tests ? 300_000 : 60_000,
    hookTimeout: 600_000,
  },
});
