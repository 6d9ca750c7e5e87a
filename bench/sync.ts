// npm run bench (second part): the unit server on loopback, against baselines measured in the same run. Not a test.
import { spawn } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import { ulid } from 'ulid';
import { eq } from 'drizzle-orm';
import { openApp, type OmuApp } from '../electron/app/omu-app';
import { createRouter } from '../electron/api/router';
import { caseTables } from '../electron/core/tables';
import { signCommand } from '../electron/core/signing';
import { loadSyntheticCaseload } from '../db/demo/load';
import { httpTransport } from '../electron/sync/transport';
import { connectServerDb, migrateServerDb, startEmbedded } from '../server/db/postgres';
import { staffCredentials } from '../server/db/schema';
import { createHttpServer } from '../server/http';
import type { PushedMutation } from '../server/mutations';
import { createUnit } from '../server/unit';
import { medianMsAsync, printTable, type BenchLine } from './measure';
import { buildCli } from '../scripts/build-cli.mjs';

const TODAY = '2026-11-22';
const clock = () => new Date(`${TODAY}T10:00:00Z`);
const PASSWORD = 'bench password for the unit';
const SECONDS = Number(process.env.OMU_BENCH_SYNC_SECONDS ?? 60);
const WORKSTATIONS = 40;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omu-bench-sync-'));
const lines: BenchLine[] = [];
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/**
 * What the kernel's scheduler did for a group of processes (all their threads), from /proc/PID/task/TID/schedstat:
 * time on a core, and time runnable but waiting for one (the machine is shared: a push's time may be spent there).
 * Sampled every second, the threads listed again every 5 s (reading /proc is itself work in the bench's process), so
 * that a PostgreSQL backend that exits (a pool connection closed when idle) is still mostly counted.
 */
function schedAccount(groups: Record<string, () => number[]>) {
  const last = new Map<string, { cpu: number; wait: number }>();
  const first = new Map<string, { cpu: number; wait: number }>();
  let threads: [string, string][] = [];
  const list = () => {
    threads = [];
    for (const [group, pids] of Object.entries(groups))
      for (const pid of pids())
        try {
          for (const tid of fs.readdirSync(`/proc/${pid}/task`)) threads.push([group, `${pid}/task/${tid}`]);
        } catch {
          // the process ended
        }
  };
  let samples = 0;
  const sample = (initial: boolean) => {
    if (samples++ % 5 === 0) list();
    for (const [group, tid] of threads)
      try {
        const [cpu, wait] = fs.readFileSync(`/proc/${tid}/schedstat`, 'utf8').split(' ').map(Number);
        const key = `${group}:${tid}`;
        // A thread first seen after the start began after it: all its time is the window's.
        if (!first.has(key)) first.set(key, initial ? { cpu: cpu!, wait: wait! } : { cpu: 0, wait: 0 });
        last.set(key, { cpu: cpu!, wait: wait! });
      } catch {
        // the thread ended
      }
  };
  sample(true);
  const timer = setInterval(() => sample(false), 1000);
  return {
    /** Per group: seconds on a core and seconds waiting for one, over the window. */
    stop(): Record<string, { cpuS: number; waitS: number }> {
      clearInterval(timer);
      samples = 0;
      sample(false);
      const out: Record<string, { cpuS: number; waitS: number }> = {};
      for (const [key, end] of last) {
        const group = key.slice(0, key.indexOf(':'));
        const start = first.get(key)!;
        const o = (out[group] ??= { cpuS: 0, waitS: 0 });
        o.cpuS += (end.cpu - start.cpu) / 1e9;
        o.waitS += (end.wait - start.wait) / 1e9;
      }
      return out;
    },
  };
}

/** The processes under `pid` (PostgreSQL's backends under its postmaster). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces, so read after its closing parenthesis.
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(d));
    } catch {
      // gone
    }
  }
  return out;
}

const cluster = await startEmbedded(path.join(dir, 'pg'));
const postmaster = Number(
  fs.readFileSync(path.join(dir, 'pg', 'pg', 'postmaster.pid'), 'utf8').split('\n')[0],
);
await migrateServerDb(cluster.ownerUrl, 'omu_app');
// The bench's own connection, for what an administrator does with `omu-server` (set up a prison, issue codes).
const { pool, db, close: closePool } = connectServerDb(cluster.url, 4);
const unit = createUnit(pool);
// The unit server answering the workstations: `omu-server serve` in its own process, as in production (the built
// bin, on this PostgreSQL through DATABASE_URL). OMU_BENCH_SERVER=in-process runs it inside the bench's own process
// instead, beside the 40 clients and the watcher, as the first version of this bench did.
const inProcess = process.env.OMU_BENCH_SERVER === 'in-process';
let stopServer: () => Promise<void>;
let url: string;
let serverPid: number | undefined;
if (inProcess) {
  const serverDb = connectServerDb(cluster.url, 20);
  const http = createHttpServer(createUnit(serverDb.pool), { logger: !!process.env.OMU_BENCH_LOG });
  await http.listen({ host: '127.0.0.1', port: 0 });
  url = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
  stopServer = async () => {
    await http.close();
    await serverDb.close();
  };
} else {
  await buildCli();
  const child = spawn(
    process.execPath,
    [
      ...(process.env.OMU_BENCH_SERVER_PROF
        ? ['--cpu-prof', '--cpu-prof-dir', process.env.OMU_BENCH_SERVER_PROF]
        : []),
      'bin/omu-server.mjs',
      'serve',
      '--port',
      '0',
    ],
    {
      env: { ...process.env, DATABASE_URL: cluster.ownerUrl, DATABASE_APP_URL: cluster.url },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  // The port the system gave it (--port 0), as it prints it.
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const said = /listening on http:\/\/[^\s]+:(\d+)\n/.exec(out);
      if (said) resolve(Number(said[1]));
    });
    child.once('exit', (code) => reject(new Error(`omu-server serve exited ${code}`)));
  });
  url = `http://127.0.0.1:${port}`;
  serverPid = child.pid;
  stopServer = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
}
const t = httpTransport(url);

/**
 * Peak resident memory while a join runs: this process (the workstation) sampled every 20 ms, and the server's
 * process as the kernel counts it (VmHWM: its peak since it started; in-process, the two are one).
 */
function peakMemory(): { stop(): string } {
  // The process's peak since it started (kB): when it grew during the join, the join's peak is that, even if it fell
  // inside synchronous work that the sampling could not see.
  const maxBefore = process.resourceUsage().maxRSS;
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  // How long the workstation's event loop was held at most (its window would not answer meanwhile).
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  return {
    stop() {
      loop.disable();
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      const maxAfter = process.resourceUsage().maxRSS;
      if (maxAfter > maxBefore) peak = Math.max(peak, maxAfter * 1024);
      const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
      const hwm = serverPid
        ? /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${serverPid}/status`, 'utf8'))
        : null;
      return `workstation peak ${mb(peak)}${hwm ? `, server peak so far ${mb(Number(hwm[1]) * 1024)}` : ''}; workstation's event loop held at most ${Math.round(loop.max / 1e6)} ms`;
    },
  };
}

try {
  // Baselines: the HTTP round trip of a request that does nothing, and a command applied locally on SQLite.
  lines.push({
    size: 'loopback',
    operation: 'baseline: HTTP round trip, health check',
    medianMs: await medianMsAsync(
      async () => {
        await fetch(`${url}/api/health`);
      },
      200,
      20,
    ),
  });

  // Each prison's prisoner numbers start with its own letter, so no prisoner is on two prisons' caseloads (the unit
  // server refuses a caseload holding a prisoner another prison holds: the same seed alone gave both the same numbers).
  // The 80,000-prisoner prison is part of every run (its joins took 4 minutes at load 9, 27/11; the snapshot is taken
  // in pages written as they arrive): OMU_BENCH_SYNC_LARGE=0 leaves it out, a number sets its size.
  const large = Number(process.env.OMU_BENCH_SYNC_LARGE ?? 80000);
  const prisons: [string, number, string][] = [
    ['MDI', 1500, 'A'],
    ...(large > 0 ? [['LEI', large > 1 ? large : 80000, 'G'] as [string, number, string]] : []),
  ];
  let first: { app: OmuApp; adminId: string; numbers: string[] } | null = null;
  for (const [code, count, numberLetter] of prisons) {
    const made = await unit.initPrison({ code, name: `HMP ${code}`, adminName: 'Bench Admin' });
    const setup = await unit.enrol({
      code: (await unit.issueEnrolment({ prison: code, workstation: 'setup', issuedBy: 'bench' })).code,
      workstation: 'setup',
    });
    await unit.setPasswordWithCode(
      { id: setup.deviceId, prison: code, name: 'setup' },
      { code: made.code, password: PASSWORD },
    );
    const source = openApp({
      dbFile: path.join(dir, `${code}-source.sqlite`),
      today: TODAY,
      clock,
      osAccount: 'bench',
    });
    loadSyntheticCaseload(source.services, source.context(), { seed: 42, count, numberLetter });
    // The baseline: the same data copied whole, the plainest way (SQLite's VACUUM INTO a new file).
    const copyT = performance.now();
    source.services.store.sqlite.exec(`VACUUM INTO '${path.join(dir, `${code}-copy.sqlite`)}'`);
    lines.push({
      size: count.toLocaleString('en-GB'),
      operation: "baseline: the workstation's database copied whole (VACUUM INTO)",
      medianMs: performance.now() - copyT,
    });
    let memory = peakMemory();
    const seedT = Date.now();
    await source.sync.join({
      url,
      code: (await unit.issueEnrolment({ prison: code, workstation: 'source', issuedBy: 'bench' })).code,
      workstation: 'source',
      seedAs: { adminName: 'Bench Admin', password: PASSWORD },
    });
    lines.push({
      size: count.toLocaleString('en-GB'),
      operation: `a workstation's caseload becomes the prison's first data (join with seed; ${memory.stop()})`,
      medianMs: Date.now() - seedT,
    });
    memory = peakMemory();
    const joinT = Date.now();
    const joined = openApp({
      dbFile: path.join(dir, `${code}-joined.sqlite`),
      today: TODAY,
      clock,
      osAccount: 'bench',
    });
    await joined.sync.join({
      url,
      code: (await unit.issueEnrolment({ prison: code, workstation: 'joined', issuedBy: 'bench' })).code,
      workstation: 'joined',
    });
    lines.push({
      size: count.toLocaleString('en-GB'),
      operation: `an empty workstation joins the prison (enrol, snapshot, credentials; ${memory.stop()})`,
      medianMs: Date.now() - joinT,
      ...(count === 1500 ? { targetMs: 5000 } : {}),
    });
    joined.close();
    // The plainest read of the same rows on the server: PostgreSQL reading every case row of the prison and writing each
    // as JSON (what the snapshot pages send), with nothing sent or written anywhere.
    const rawT = performance.now();
    await pool.query(
      `SELECT ${caseTables()
        .map(
          (info) =>
            `(SELECT coalesce(sum(length(row_to_json(x)::text)), 0) FROM "${info.name}" x WHERE prison = $1)`,
        )
        .join(' + ')} AS bytes`,
      [code],
    );
    lines.push({
      size: count.toLocaleString('en-GB'),
      operation:
        "baseline: the server's PostgreSQL reads the prison's rows as JSON (one statement, nothing sent)",
      medianMs: performance.now() - rawT,
    });
    if (!first)
      first = {
        app: source,
        adminId: made.adminId,
        numbers: source.services.caseload
          .query(source.context(), { limit: 200 })
          .rows.map((r) => r.prisonerNumber),
      };
    else source.close();
  }

  // One command: applied locally (the baseline), then synced (push, server re-run, pull).
  const { app, adminId, numbers } = first!;
  const admin = app.services.staff.list().find((s) => s.name === 'Bench Admin') ?? { id: adminId };
  // Signs in through the session, which asks the unit server and keeps the key that signs the changes.
  const adminName = app.services.staff.get(admin.id)!.name;
  await app.session.signInWithPassword(app.context(), adminName, PASSWORD);
  const router = createRouter(app, 'cli');
  let k = 0;
  const addEvent = async () => {
    const res = await router.handle('oasys/add-event', {
      prisonerNumber: numbers[k++ % numbers.length],
      event: { type: 'programme-completion', date: '2026-11-01' },
    });
    if (!res.ok) throw new Error(res.error.message);
  };
  lines.push({
    size: '1,500',
    operation: 'baseline: one command applied on the workstation (SQLite)',
    medianMs: await medianMsAsync(addEvent, 25, 3),
  });
  await app.sync.sync();
  lines.push({
    size: '1,500',
    operation: 'one command synced: push, re-run by the server, pull',
    targetMs: 100,
    medianMs: await medianMsAsync(
      async () => {
        await addEvent();
        await app.sync.sync();
      },
      25,
      3,
    ),
  });

  // Pull of 1,000 changes by another workstation.
  const reader = openApp({
    dbFile: path.join(dir, 'reader.sqlite'),
    today: TODAY,
    clock,
    osAccount: 'bench',
  });
  await reader.sync.join({
    url,
    code: (await unit.issueEnrolment({ prison: 'MDI', workstation: 'reader', issuedBy: 'bench' })).code,
    workstation: 'reader',
  });
  for (let i = 0; i < 1000; i++) await addEvent();
  await app.sync.sync();
  const pullT = process.hrtime.bigint();
  const pulled = await reader.sync.sync();
  lines.push({
    size: '1,500',
    operation: `another workstation pulls ${pulled.pulled.toLocaleString('en-GB')} changes and applies them`,
    medianMs: Number(process.hrtime.bigint() - pullT) / 1e6,
  });
  reader.close();

  // 40 workstations on loopback for SECONDS: each sends one signed change at a time, with pauses; one more
  // watches, pulling every 100 ms, for when each change is visible to another workstation.
  const [keyRow] = await db
    .select({ signingKey: staffCredentials.signingKey })
    .from(staffCredentials)
    .where(eq(staffCredentials.staffId, admin.id));
  const signingKey = keyRow!.signingKey;
  const devices = await Promise.all(
    Array.from({ length: WORKSTATIONS + 1 }, async (_, i) => {
      const code = (await unit.issueEnrolment({ prison: 'MDI', workstation: `sim-${i}`, issuedBy: 'bench' }))
        .code;
      return t.call<{ deviceId: string; token: string }>('enrol', { code, workstation: `sim-${i}` });
    }),
  );
  const watcher = devices.pop()!;
  const pushLatency: number[] = [];
  /** Each push's time as the server reports it (Server-Timing): in all, waiting for the prison's turn, re-running, committing. */
  const server: Record<
    'total' | 'auth' | 'queue' | 'pool' | 'lock' | 'apply' | 'batch' | 'commit' | 'tries',
    number
  >[] = [];
  const sentAt = new Map<number, number>();
  const visible: number[] = [];
  const mutationIds = devices.map(() => 0);
  /**
   * Each simulated workstation's HTTP client: its own kept-alive connection (node:http), as a workstation has its own.
   * The 40 run in this one process, on the same 2 cores as the server and PostgreSQL, which a real unit's workstations
   * do not: with Node's fetch (what a workstation's transport uses) this process spent 3.9-4.0 ms of a core per push,
   * with node:http 3.1 ms (27/11, load 18-19; the watcher's pulls included), so the bench sends the same request with
   * the lighter client. OMU_BENCH_SYNC_CLIENT=fetch sends it with fetch, as the bench did before.
   */
  const useFetch = process.env.OMU_BENCH_SYNC_CLIENT === 'fetch';
  const agents = devices.map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  const post = (w: number, route: string, token: string, payload: unknown) => {
    const body = JSON.stringify(payload);
    if (useFetch)
      return fetch(`${url}${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body,
      }).then(async (res) => ({ timing: res.headers.get('server-timing'), json: await res.json() }));
    return new Promise<{ timing: string | null; json: unknown }>((resolve, reject) => {
      const req = http.request(
        `${url}${route}`,
        {
          method: 'POST',
          agent: agents[w],
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: `Bearer ${token}`,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            try {
              const timing = res.headers['server-timing'];
              resolve({
                timing: typeof timing === 'string' ? timing : null,
                json: JSON.parse(Buffer.concat(chunks).toString('utf8')),
              });
            } catch (e) {
              reject(e);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  };
  /** One signed change from workstation `w`, timed at the client and by the server. */
  const pushOne = async (w: number) => {
    const d = devices[w]!;
    const mutationId = ++mutationIds[w]!;
    const m: Omit<PushedMutation, 'signature'> = {
      mutationId,
      commandId: ulid(),
      name: 'oasys/add-event',
      actorId: admin.id,
      clientToday: TODAY,
      clientAt: new Date().toISOString(),
      input: {
        prisonerNumber: numbers[(w * 7 + mutationId) % numbers.length],
        event: { type: 'programme-completion', date: '2026-11-01' },
      },
    };
    const signature = signCommand(signingKey, {
      commandId: m.commandId,
      name: m.name,
      input: m.input,
      actorId: m.actorId,
      deviceId: d.deviceId,
    });
    const start = performance.now();
    const res = await post(w, '/api/push', d.token, { mutations: [{ ...m, signature }] });
    const body = res.json as {
      ok: boolean;
      value?: { outcome: string; version?: number; error?: { message: string } }[];
      error?: { message: string };
    };
    const ms = performance.now() - start;
    const timing = Object.fromEntries(
      (res.timing ?? '').split(',').map((part) => {
        const [name, ...params] = part.trim().split(';');
        const dur = params.find((x) => x.startsWith('dur='));
        const desc = params.find((x) => x.startsWith('desc='));
        return [name, Number(dur ? dur.slice(4) : desc ? desc.slice(5).replace(/"/g, '') : NaN)];
      }),
    );
    const outcome = body.value?.[0];
    if (!body.ok || outcome?.outcome !== 'applied')
      throw new Error(`bench push refused: ${outcome?.error?.message ?? body.error?.message}`);
    return {
      ms,
      start,
      version: outcome.version!,
      timing: {
        total: timing.total!,
        auth: timing.auth!,
        queue: timing.queue ?? 0,
        pool: timing.pool ?? 0,
        lock: timing.lock!,
        apply: timing.apply!,
        batch: timing.batch ?? 0,
        commit: timing.commit!,
        tries: timing.tries!,
      },
    };
  };

  // All 40 at the same instant, once: one prison's changes are applied one at a time, so the last waits for the 39
  // before it. Measured on its own (the first version of this bench started every workstation at the same instant
  // and so counted this burst, about 2 % of its pushes, into its p99).
  const burst = await Promise.all(devices.map((_, w) => pushOne(w)));
  const burstMs = burst.map((b) => b.ms);
  await new Promise((res) => setTimeout(res, 2000));

  // Then SECONDS of steady work: each workstation starts at its own moment (as a workstation's sync timer does) and
  // sends one change at a time with 0.5–2 s pauses; one more watches, pulling every 100 ms.
  const endAt = Date.now() + SECONDS * 1000;
  let cursor = (await t.call<{ version: number }>('state', {}, watcher.token)).version;
  let stopWatching = false;
  // How late this process's own event loop runs (the 40 clients and the watcher): time a push spends waiting here is
  // not the server's.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  // The server's event loop, from here on (its health check answers how late it ran since the last one).
  await fetch(`${url}/api/health`);
  // Where the machine's cores went during the window: the bench (the 40 clients and the watcher), the server, PostgreSQL.
  const sched = schedAccount({
    bench: () => [process.pid],
    server: () => (serverPid ? [serverPid] : []),
    postgres: () => [postmaster, ...childrenOf(postmaster)],
  });
  const windowStart = performance.now();
  const watch = (async () => {
    while (!stopWatching && Date.now() < endAt + 2000) {
      const r = await t.call<{ changes: unknown[]; version: number; more?: boolean }>(
        'pull',
        { cursor, maxVersions: 5000 },
        watcher.token,
      );
      const seenAt = performance.now();
      for (let v = cursor + 1; v <= r.version; v++)
        if (sentAt.has(v)) {
          visible.push(seenAt - sentAt.get(v)!);
          sentAt.delete(v);
        }
      cursor = r.version;
      await new Promise((res) => setTimeout(res, 100));
    }
  })();
  await Promise.all(
    devices.map(async (_, w) => {
      try {
        await new Promise((res) => setTimeout(res, Math.random() * 2000));
        while (Date.now() < endAt) {
          const p = await pushOne(w);
          pushLatency.push(p.ms);
          server.push(p.timing);
          sentAt.set(p.version, p.start);
          await new Promise((res) => setTimeout(res, 500 + Math.random() * 1500));
        }
      } catch (e) {
        stopWatching = true;
        throw e;
      }
    }),
  );
  await watch;
  loopDelay.disable();
  for (const agent of agents) agent.destroy();
  const windowS = (performance.now() - windowStart) / 1000;
  const cores = sched.stop();
  const serverLoop = (
    (await (await fetch(`${url}/api/health`)).json()) as {
      value: { eventLoopDelayMs: { p50: number; p99: number; max: number } | null };
    }
  ).value.eventLoopDelayMs;
  const size = `${WORKSTATIONS} ws, ${SECONDS} s`;
  const where = inProcess ? 'server in the bench process' : 'server in its own process';
  lines.push({
    size: `${WORKSTATIONS} ws at once`,
    operation: `push, all ${WORKSTATIONS} at the same instant: median (${where})`,
    medianMs: pct(burstMs, 50),
  });
  lines.push({
    size: `${WORKSTATIONS} ws at once`,
    operation: `push, all ${WORKSTATIONS} at the same instant: the last answered`,
    medianMs: Math.max(...burstMs),
  });
  // Where the burst's time went, by the server's account: each push's own work (token, re-run, commit) and its wait.
  const burstMean = (k: keyof (typeof burst)[number]['timing']) =>
    (burst.reduce((n, b) => n + b.timing[k], 0) / burst.length).toFixed(1);
  lines.push({
    size: `${WORKSTATIONS} ws at once`,
    operation: `burst, mean per push on the server: auth ${burstMean('auth')}, queue ${burstMean('queue')}, pool ${burstMean('pool')}, lock ${burstMean('lock')}, apply ${burstMean('apply')}, commit ${burstMean('commit')}; server total of the last`,
    medianMs: burst.reduce((m, b) => (b.ms > m.ms ? b : m)).timing.total,
  });
  lines.push({
    size,
    operation: `push p50 (${pushLatency.length.toLocaleString('en-GB')} changes; ${where})`,
    medianMs: pct(pushLatency, 50),
  });
  lines.push({ size, operation: 'push p99', medianMs: pct(pushLatency, 99), targetMs: 100 });
  // Where the time of the slowest pushes went: the server's own account (Server-Timing) of the slowest 1 %, beside
  // the client's; what the server did not account for was spent before its handler ran (HTTP, its event loop).
  const slowest = pushLatency
    .map((ms, i) => ({ ms, ...server[i]! }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, Math.max(1, Math.ceil(pushLatency.length / 100)));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const parts = (['total', 'auth', 'queue', 'pool', 'lock', 'apply', 'batch', 'commit'] as const)
    .map((k) => `${k} ${mean(slowest.map((x) => x[k])).toFixed(1)}`)
    .join(', ');
  lines.push({
    size,
    operation: 'push p99, on the server (Server-Timing total)',
    medianMs: pct(
      server.map((x) => x.total),
      99,
    ),
  });
  lines.push({
    size,
    operation: `slowest 1 % of pushes, mean at the client; server: ${parts}; retries ${server.reduce((n, x) => n + x.tries - 1, 0)} in all`,
    medianMs: mean(slowest.map((x) => x.ms)),
  });
  lines.push({
    size,
    operation: "the clients' event loop late, p99 (time a reply waits in the bench process)",
    medianMs: loopDelay.percentile(99) / 1e6,
  });
  if (serverLoop)
    lines.push({
      size,
      operation: `the server's event loop late, p99 (max ${serverLoop.max.toFixed(0)} ms; ${where})`,
      medianMs: serverLoop.p99,
    });
  // Per push, in milliseconds: time on a core (the work itself, whatever the load) and time runnable but waiting for
  // a core (the machine's other work): the bench's clients, the server, PostgreSQL.
  const perPush = (x: number) => ((x * 1000) / pushLatency.length).toFixed(2);
  lines.push({
    size,
    operation: `per push, ms on a core: ${Object.entries(cores)
      .map(([g, c]) => `${g} ${perPush(c.cpuS)}`)
      .join(', ')}; waiting for a core: ${Object.entries(cores)
      .map(([g, c]) => `${g} ${perPush(c.waitS)}`)
      .join(', ')} (over ${windowS.toFixed(0)} s)`,
    medianMs: Object.values(cores).reduce((n, c) => n + (c.cpuS * 1000) / pushLatency.length, 0),
  });
  // The machine is shared: a load average above its cores means every process, the server and PostgreSQL too, waits for a core.
  lines.push({
    size,
    operation: `machine load average, 1 min, at the end (${os.cpus().length} cores)`,
    medianMs: os.loadavg()[0]!,
  });
  lines.push({
    size,
    operation: 'change visible on another workstation, p50 (pulling every 100 ms)',
    medianMs: pct(visible, 50),
  });
  lines.push({
    size,
    operation: 'change visible on another workstation, p99',
    medianMs: pct(visible, 99),
    targetMs: 2000,
  });
  app.close();
} finally {
  await stopServer();
  await closePool();
  await cluster.stop();
}

console.log(`\nOMU Desk unit server benchmark, ${os.cpus().length} cores, Node ${process.version}\n`);
printTable(lines);
fs.rmSync(dir, { recursive: true, force: true });
