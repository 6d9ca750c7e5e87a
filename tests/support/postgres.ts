import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { migrateServerDb } from '../../server/db/postgres';

/** The same cluster's URL for another database. */
export const withDatabase = (url: string, name: string) => url.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);

/** A new, migrated database on the test cluster: the server role's URL and the owner's. */
export async function freshServerDatabase(): Promise<{ url: string; ownerUrl: string; name: string }> {
  const { ownerUrl, url } = inject('postgres');
  const name = `omu_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ownerUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const owner = withDatabase(ownerUrl, name);
  await migrateServerDb(owner, 'omu_app');
  return { url: withDatabase(url, name), ownerUrl: owner, name };
}
