import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** The same cluster's URL for another database. */
export const withDatabase = (url: string, name: string) => url.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);

/**
 * A new, migrated database on the test cluster: the server role's URL and the owner's. It is a copy of the run's
 * template database, migrated once (tests/support/postgres-global.ts): the same tables, triggers and grants as
 * migrating each database, without running the migrations again for each (the migrations themselves are run by the
 * template, by every `omu-server` that starts, and from an older schema in tests/server/audit-chain.test.ts).
 */
export async function freshServerDatabase(
  /** Another test database to copy instead (no one connected to it), as it was left. */
  copyOf?: string,
): Promise<{ url: string; ownerUrl: string; name: string }> {
  const { ownerUrl, url, template: runTemplate } = inject('postgres');
  const template = copyOf ?? runTemplate;
  const name = `omu_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ownerUrl });
  await admin.connect();
  try {
    // FILE_COPY copies the template's files (PostgreSQL 15+ copies block by block through the WAL by default): about
    // half the time and CPU on this throwaway cluster, whose checkpoints wait for no disk (28/11/2026, load 9: 220-280
    // against 500-540 ms, 100-140 against 210-270 ms of PostgreSQL's CPU a database).
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY`);
  } finally {
    await admin.end();
  }
  return { url: withDatabase(url, name), ownerUrl: withDatabase(ownerUrl, name), name };
}
