import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against each mutant (stryker.config.mjs): the rule tables, the property tests and the other
 * unit tests of electron/domain, which need no database, browser or built app, so that a mutant takes a second, not a
 * minute. The services are reached by the integration tests, too slow to run per mutant on this machine.
 */
export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    include: ['tests/unit/rules/**/*.test.ts', 'tests/unit/caseload/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
