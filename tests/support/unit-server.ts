import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { connectServerDb } from '../../server/db/postgres';
import { createHttpServer } from '../../server/http';
import type { MutationHooks } from '../../server/mutations';
import { createUnit, type Unit } from '../../server/unit';
import { freshServerDatabase } from './postgres';
import { TEST_COST } from './sign-in';
import { firstPasswordFromCode } from './unit-workstations';

export interface TestUnitServer {
  url: string;
  unit: Unit;
  dbUrl: string;
  ownerUrl: string;
  close(): Promise<void>;
}

/**
 * A real unit server (Fastify over a fresh PostgreSQL database of the test cluster) on a loopback port. `hooks` run
 * inside each push's transaction (before its commit); `afterPull` runs when a pull has been read, before it is
 * answered (tests stop a workstation at these points).
 */
export async function startUnitServer(
  now: () => Date = () => new Date(),
  options: {
    hooks?: MutationHooks;
    afterPull?: (deviceId: string) => void;
    /** After an answer has been sent whole (Fastify's onResponse), with the request's path. */
    answered?: (path: string) => void;
    /** As a request arrives, before it is read (Fastify's onRequest), with its path: the request waits for it. */
    arriving?: (path: string) => Promise<void> | void;
    /** How many connections its pool may hold (10, node-postgres's default, unless given). */
    poolSize?: number;
    /** A copy of this test database (no one connected to it) as it was left, rather than a new, empty one. */
    copyOf?: string;
  } = {},
): Promise<TestUnitServer> {
  const { url: dbUrl, ownerUrl } = await freshServerDatabase(options.copyOf);
  const { pool } = connectServerDb(dbUrl, options.poolSize);
  const unit = createUnit(pool, now, options.hooks ?? {}, { passwordCost: TEST_COST });
  const { afterPull } = options;
  if (afterPull) {
    const pull = unit.pull;
    unit.pull = async (...asked) => {
      const pulled = await pull(...asked);
      if (pulled) afterPull(pulled.device.id);
      return pulled;
    };
  }
  const http = createHttpServer(unit);
  const { answered } = options;
  if (answered) http.addHook('onResponse', async (req) => answered(req.url));
  const { arriving } = options;
  if (arriving) http.addHook('onRequest', async (req) => arriving(req.url));
  await http.listen({ host: '127.0.0.1', port: 0 });
  const port = (http.server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    unit,
    dbUrl,
    ownerUrl,
    async close() {
      await http.close();
      await pool.end();
    },
  };
}

/**
 * `omu-server serve` (the built bin, in its own process) on the test cluster's database (DATABASE_URL, as on the
 * platform's PostgreSQL), ready to answer, with the port it listens on (the one the system gave for port 0); killed
 * with SIGKILL by `closers` if still running. `args`: more of serve's options.
 */
export async function serveUnitServer(
  port: number,
  dbUrl: string,
  ownerUrl: string,
  closers: (() => Promise<void> | void)[],
  args: string[] = [],
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [path.resolve('bin/omu-server.mjs'), 'serve', '--port', String(port), ...args],
    {
      env: { ...process.env, DATABASE_URL: ownerUrl, DATABASE_APP_URL: dbUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  closers.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const listening = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const said = /listening on https?:\/\/[^\s]+:(\d+)\n/.exec(out);
      if (said) resolve(Number(said[1]));
    });
    child.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', (code) => reject(new Error(`omu-server serve exited ${code}: ${out}`)));
  });
  return { child, port: listening };
}

/**
 * An empty prison, MDI, whose administrator Sam Admin has set his first password, on a fresh database, served by the
 * real `omu-server` in its own process (`serve()` starts it again on the same port, after a kill).
 */
export async function servedPrison(closers: (() => Promise<void> | void)[], args: string[] = []) {
  const { url: dbUrl, ownerUrl } = await freshServerDatabase();
  const { pool } = connectServerDb(dbUrl, 2);
  closers.push(() => pool.end());
  // The first password at the tests' low scrypt cost (a hash records its cost, and the real server checks each password
  // at the cost it was made with): at the full cost each sign-in there took about a CPU-second of the server's.
  const unit = createUnit(pool, undefined, {}, { passwordCost: TEST_COST });
  const { code } = await unit.initPrison({ code: 'MDI', name: 'HMP Moorland', adminName: 'Sam Admin' });
  await firstPasswordFromCode({ unit }, 'MDI', code);
  // The port the system gives (a port picked here and asked for later could be taken meanwhile); a restart asks for it again.
  const first = await serveUnitServer(0, dbUrl, ownerUrl, closers, args);
  const { port } = first;
  const serve = async () => (await serveUnitServer(port, dbUrl, ownerUrl, closers, args)).child;
  return { pool, unit, dbUrl, ownerUrl, port, url: `http://127.0.0.1:${port}`, server: first.child, serve };
}
