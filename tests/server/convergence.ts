import fs from 'node:fs';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { workstationDigest } from '../../electron/core/replay';
import {
  deriveSigningKeySync,
  hashSecretSync,
  newSigningSalt,
} from '../../electron/domain/credentials/hashing';
import { staff } from '../../db/schema';
import { AppError } from '../../electron/domain/shared/errors';
import { OfflineError, type Transport } from '../../electron/sync/transport';
import { connectServerDb } from '../../server/db/postgres';
import { mutations, staffCredentials } from '../../server/db/schema';
import { createHttpServer } from '../../server/http';
import { prisonDigest } from '../../server/store';
import { createUnit, type Unit } from '../../server/unit';
import { freshServerDatabase } from '../support/postgres';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST, signInById } from '../support/sign-in';
import { insertPrisoners } from '../support/unit-workstations';

/**
 * Three workstations and a unit server under seeded random schedules of offline edits, reconnections, lost
 * replies, a server that stops before it commits, workstations that stop part-way through a sync, and, in a seeded
 * subset of the schedules, a workstation's real `omu sync` process killed with SIGKILL mid-push, once the server
 * has read its pull, or once the pull's answer has left. Every schedule must end with identical case data
 * everywhere, no command applied twice, none lost, and every refusal explained.
 *
 * RUNS sets how many schedules (OMU_CONVERGENCE_RUNS; the suite and CI run 200, in sessions of PER_SESSION on one
 * database migrated once, each session a prison of its own with three newly joined workstations, the sessions shared
 * between the parts of the run, tests/server/convergence-N-of-2.test.ts, one per worker; longer sessions
 * made each schedule dearer, as every check reads the whole history). About one schedule in KILL_ONE_IN has a kill
 * step (OMU_CONVERGENCE_KILL_ONE_IN): a real process costs about 0.6 s where a schedule in process costs about
 * 0.17 s. OMU_CONVERGENCE_PROFILE=1 prints where the time went; OMU_CONVERGENCE_RUNS=2000 searches deeper.
 */
const RUNS = Number(process.env.OMU_CONVERGENCE_RUNS ?? 200);
/** Schedules run one after another on the same three workstations, each starting from the last one's truth. */
const PER_SESSION = Number(process.env.OMU_CONVERGENCE_PER_SESSION ?? 20);
const KILL_ONE_IN = Number(process.env.OMU_CONVERGENCE_KILL_ONE_IN ?? 25);
const PROFILE = !!process.env.OMU_CONVERGENCE_PROFILE;
const PASSWORD = 'simulation password';
const PRISONERS = 6;
/** A real `omu` process, its bundle loaded, waiting for its arguments (tests/support/omu-warm.mjs). */
const OMU_WARM = path.resolve('tests/support/omu-warm.mjs');

type Step =
  | { op: 'edit'; ws: number; prisoner: number; kind: 'assessment' | 'event'; day: number }
  | { op: 'forge'; ws: number; prisoner: number }
  | {
      op: 'offline' | 'online' | 'sync' | 'lose-reply' | 'server-stops' | 'workstation-stops' | 'switch-user';
      ws: number;
    };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('edit' as const),
      ws: fc.nat(2),
      prisoner: fc.nat(PRISONERS - 1),
      kind: fc.constantFrom('assessment' as const, 'event' as const),
      day: fc.integer({ min: 1, max: 20 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('forge' as const),
      ws: fc.nat(2),
      prisoner: fc.nat(PRISONERS - 1),
    }),
  },
  { weight: 4, arbitrary: fc.record({ op: fc.constantFrom('sync' as const), ws: fc.nat(2) }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constantFrom('offline' as const, 'online' as const), ws: fc.nat(2) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constantFrom(
        'lose-reply' as const,
        'server-stops' as const,
        'workstation-stops' as const,
        'switch-user' as const,
      ),
      ws: fc.nat(2),
    }),
  },
);

/** Where a workstation's `omu sync` process is killed: at the server's commit of its first pending change, once the server has read its pull, or once the pull's answer has been sent. */
type KillPoint = 'push' | 'pull-read' | 'pull-answered';
interface Kill {
  /** Before which step (modulo the schedule's length + 1). */
  at: number;
  ws: number;
  point: KillPoint;
}
interface Schedule {
  steps: Step[];
  kill: Kill | null;
}
const scheduleArb: fc.Arbitrary<Schedule> = fc.record({
  steps: fc.array(stepArb, { minLength: 4, maxLength: 20 }),
  kill: fc.oneof(
    { weight: KILL_ONE_IN - 1, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc.record({
        at: fc.nat(20),
        ws: fc.nat(2),
        point: fc.constantFrom<KillPoint>('push', 'pull-read', 'pull-answered'),
      }),
    },
  ),
});

/** Milliseconds spent, by step, when OMU_CONVERGENCE_PROFILE is set. */
const spent = new Map<string, { ms: number; n: number }>();
async function timed<T>(what: string, fn: () => Promise<T> | T): Promise<T> {
  if (!PROFILE) return fn();
  const start = performance.now();
  try {
    return await fn();
  } finally {
    const t = spent.get(what) ?? { ms: 0, n: 0 };
    t.ms += performance.now() - start;
    t.n++;
    spent.set(what, t);
  }
}

let http: FastifyInstance;
/** The same server on a loopback port, for the workstations' real `omu sync` processes. */
let serverUrl: string;
/** The `omu sync` process running now, and where it is to be killed. */
let victim: { child: ChildProcess; deviceId: string; point: KillPoint; commandIds: Set<string> } | null =
  null;
function killVictim(): void {
  victim?.child.kill('SIGKILL');
  victim = null;
}
let unit: Unit;
let pool: ReturnType<typeof connectServerDb>['pool'];
let template: string;
let verifier: string;
const signingSalt = newSigningSalt(TEST_COST);
const signingKey = deriveSigningKeySync(PASSWORD, signingSalt);
/** The server stops (as if killed) before committing the next command pushed while this is set. */
let stopServerOnce = false;

/** The run's unit server: one database, migrated once; each session of schedules is a prison of its own. */
async function startServer(): Promise<void> {
  // This module is shared by the parts run in one worker (vitest.config.ts: the server files share their modules), so
  // each part counts its own kills.
  killsLanded = 0;
  // One database for the whole run, migrated once; each session of schedules is a prison of its own. The run's cluster
  // commits without waiting for the disk (tests/support/postgres-global.ts: PostgreSQL's own crash safety is not what
  // this simulates; tests/server/kill.test.ts kills the real server process).
  const { url } = await freshServerDatabase();
  pool = connectServerDb(url, 4).pool;
  unit = createUnit(pool, fixedClock, {
    beforeCommit: (m) => {
      if (victim?.point === 'push' && victim.commandIds.has(m.commandId)) killVictim();
      if (stopServerOnce) {
        stopServerOnce = false;
        throw new Error('the server stopped');
      }
    },
  });
  const pull = unit.pull;
  unit.pull = async (...asked) => {
    const pulled = await pull(...asked);
    if (victim?.point === 'pull-read' && victim.deviceId === pulled?.device.id) killVictim();
    return pulled;
  };
  http = createHttpServer(unit);
  http.addHook('onResponse', async (req) => {
    if (victim?.point === 'pull-answered' && req.url === '/api/pull') killVictim();
  });
  await http.listen({ host: '127.0.0.1', port: 0 });
  serverUrl = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
  verifier = hashSecretSync(PASSWORD, TEST_COST);
  template = path.join(tempDir('omu-sim-template-'), 'template.sqlite');
  openApp({ dbFile: template, today: FIXED_TODAY, clock: fixedClock, osAccount: 'template' }).close();
}
async function stopServer(): Promise<void> {
  killVictim();
  await warm?.then((child) => child.kill('SIGKILL')).catch(() => undefined);
  warm = null;
  await http?.close();
  await pool?.end();
  if (PROFILE)
    console.log(
      `this process's CPU ${Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000)} ms\n` +
        [...spent]
          .sort((x, y) => y[1].ms - x[1].ms)
          .map(([k, v]) => `${k}: ${Math.round(v.ms)} ms in ${v.n} (${(v.ms / v.n).toFixed(1)} ms each)`)
          .join('\n'),
    );
}

interface Station {
  name: string;
  file: string;
  app: OmuApp;
  online: boolean;
  loseNextReply: boolean;
  stopNextRebase: boolean;
  actor: string;
}

function transportFor(w: Station) {
  return (): Transport => ({
    async call<T>(p: string, body: unknown, token?: string): Promise<T> {
      if (!w.online) throw new OfflineError('offline');
      const res = await timed(`  server: ${p}`, () =>
        http.inject({
          method: 'POST',
          url: `/api/${p}`,
          headers: token ? { authorization: `Bearer ${token}` } : {},
          payload: (body ?? {}) as object,
        }),
      );
      const payload = res.json() as {
        ok: boolean;
        value?: T;
        error?: { code: string; message: string; field?: string };
      };
      if (p === 'push' && w.loseNextReply) {
        w.loseNextReply = false;
        throw new OfflineError('the reply was lost');
      }
      if (!payload.ok)
        throw new AppError(payload.error!.code as never, payload.error!.message, payload.error!.field);
      return payload.value as T;
    },
  });
}

async function openStation(w: Omit<Station, 'app'> & { app?: OmuApp }, joined = true): Promise<Station> {
  const station = w as Station;
  station.app = openApp({
    dbFile: w.file,
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: w.name,
    transport: transportFor(station),
    passwordHashCost: TEST_COST,
    duringRebase: () => {
      if (station.stopNextRebase) {
        station.stopNextRebase = false;
        throw new Error('the workstation stopped');
      }
    },
  });
  if (joined) await signIn(station, station.actor);
  return station;
}

/** Signs in through the workstation's session: the server checks the password (or, offline, the cached verifier) and the key it gives signs the changes. */
async function signIn(w: Station, staffId: string): Promise<void> {
  w.actor = staffId;
  await signInById(w.app, staffId, PASSWORD);
}

/** Session `session`'s prison (S1, S2, …: the same in whichever part of the run it plays). */
async function setUpPrison(
  session: number,
): Promise<{ prison: string; staffIds: string[]; numbers: string[] }> {
  const prisonSeq = session + 1;
  const prison = `S${prisonSeq}`;
  await unit.initPrison({ code: prison, name: `Simulated ${prison}`, adminName: 'Admin' });
  const staffIds: string[] = [];
  const numbers = Array.from(
    { length: PRISONERS },
    (_, i) => `A${String(1000 + i)}${String.fromCharCode(65 + (prisonSeq % 26))}A`,
  );
  await unit.serverWrite(
    prison,
    (changes) => {
      for (const name of ['Pat Pom', 'Kim Pom'])
        staffIds.push(
          changes.insert(staff, { name, email: null, roles: JSON.stringify(['pom']), active: true }).id,
        );
      insertPrisoners(changes, numbers, 'SIM');
    },
    'simulation',
  );
  for (const staffId of staffIds)
    await unit.db
      .insert(staffCredentials)
      .values({ staffId, prison, verifier, signingSalt, signingKey, changedAt: fixedClock() });
  return { prison, staffIds, numbers };
}

async function attempt(fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (
      e instanceof OfflineError ||
      e instanceof AppError ||
      (e instanceof Error && /stopped/.test(e.message))
    )
      return;
    throw e;
  }
}

/**
 * Sets up a prison and three joined workstations, then runs each schedule in turn: its steps, then everyone
 * reconnects and syncs, and the checks hold before the next schedule starts from that one truth.
 */
async function runSession(schedules: Schedule[], session: number): Promise<void> {
  const { prison, staffIds, numbers } = await timed('set up a prison', () => setUpPrison(session));
  const dir = tempDir('omu-sim-');
  // The session's kill steps each take a waiting `omu` process, started while the schedules before them run.
  killsAhead = schedules.filter((x) => x.kill).length;
  if (killsAhead > 0 && !warm) {
    warm = startWarmOmu();
    warm.catch(() => undefined);
  }
  const stations: Station[] = [];
  for (let i = 0; i < 3; i++) {
    const file = path.join(dir, `ws${i}.sqlite`);
    fs.copyFileSync(template, file);
    const w = await openStation(
      {
        name: `ws${i}`,
        file,
        online: true,
        loseNextReply: false,
        stopNextRebase: false,
        actor: staffIds[i % 2]!,
      },
      false,
    );
    const { code } = await unit.issueEnrolment({ prison, workstation: w.name, issuedBy: 'simulation' });
    // In this process the workstations call the server through Fastify's inject (transportFor); the address is for
    // their real `omu sync` processes.
    await timed('join', () => w.app.sync.join({ url: serverUrl, code, workstation: w.name }));
    await signIn(w, staffIds[i % 2]!);
    stations.push(w);
  }
  let forged = 0;
  try {
    for (const { steps, kill } of schedules) {
      const killAt = kill ? kill.at % (steps.length + 1) : -1;
      for (let i = 0; i <= steps.length; i++) {
        if (i === killAt)
          await timed('kill -9 of omu sync', () => killedMidSync(stations[kill!.ws]!, kill!.point));
        const step = steps[i];
        if (!step) break;
        await timed(step.op, () => runStep(step));
      }
      // Everyone reconnects and syncs until nothing is left to exchange: each sends, then the first two take the last's.
      for (const w of stations) w.online = true;
      await timed('final syncs', async () => {
        for (const w of [...stations, stations[0]!, stations[1]!]) await w.app.sync.sync();
      });
      await timed('checks', () => checkOneTruth(prison, stations, forged));
    }
  } finally {
    for (const w of stations) w.app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }

  async function runStep(step: Step): Promise<void> {
    const w = stations[step.ws]!;
    const router = createRouter(w.app, 'http');
    switch (step.op) {
      case 'edit': {
        const date = `2026-11-${String(step.day).padStart(2, '0')}`;
        const res =
          step.kind === 'assessment'
            ? await router.handle('oasys/add-assessment', {
                prisonerNumber: numbers[step.prisoner],
                assessment: { type: 'review', completedOn: date },
              })
            : await router.handle('oasys/add-event', {
                prisonerNumber: numbers[step.prisoner],
                event: { type: 'transfer-in', date },
              });
        expect(res.ok, JSON.stringify(res)).toBe(true);
        break;
      }
      case 'forge': {
        // Signed in here as someone else, then their key forgotten (as a workstation altered to keep the name but not the
        // key would): the change carries no signature of theirs.
        const other = staffIds.find((x) => x !== w.actor)!;
        await signInById(w.app, other, PASSWORD);
        w.app.sync.forgetSigningKey(other);
        const res = await router.handle('oasys/add-event', {
          prisonerNumber: numbers[step.prisoner],
          event: { type: 'recall', date: '2026-11-02' },
        });
        if (res.ok) forged++;
        await signIn(w, w.actor);
        break;
      }
      case 'offline':
        w.online = false;
        break;
      case 'online':
        w.online = true;
        break;
      case 'sync':
        await attempt(() => w.app.sync.sync());
        break;
      case 'lose-reply':
        w.loseNextReply = true;
        await attempt(() => w.app.sync.sync());
        w.loseNextReply = false;
        break;
      case 'server-stops':
        stopServerOnce = true;
        await attempt(() => w.app.sync.sync());
        stopServerOnce = false;
        break;
      case 'workstation-stops': {
        w.stopNextRebase = true;
        await attempt(() => w.app.sync.sync());
        w.stopNextRebase = false;
        // Restarted from its file: nothing in memory survives.
        w.app.close();
        await openStation(w);
        break;
      }
      case 'switch-user':
        await signIn(
          w,
          staffIds.find((x) => x !== w.actor)!,
        );
        break;
    }
  }
}

/** The next kill's process, started while the schedules before it run. */
let warm: Promise<ChildProcess> | null = null;
function startWarmOmu(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [OMU_WARM], { stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let said = '';
    const ready = (d: Buffer) => {
      said += d.toString();
      if (!said.includes('ready\n')) return;
      child.stdout!.off('data', ready);
      resolve(child);
    };
    child.stdout!.on('data', ready);
    child.once('exit', (code) =>
      reject(new Error(`the waiting omu ended (${code}) before its command: ${said}`)),
    );
  });
}
/**
 * How many kill steps of the session under way have yet to take their process: the next is started only for one of
 * them (the last one started for a part was never used, a whole `omu` start, about 0.3 CPU-s, for nothing).
 */
let killsAhead = 0;
/** The waiting `omu` process, and another started to wait for the session's next kill, if it has one. */
async function takeWarmOmu(): Promise<ChildProcess> {
  const child = await (warm ?? startWarmOmu());
  warm = null;
  killsAhead--;
  child.removeAllListeners('exit');
  if (child.exitCode !== null || child.signalCode !== null)
    throw new Error(`the waiting omu ended (${child.exitCode ?? child.signalCode}) before its command`);
  if (killsAhead > 0) {
    warm = startWarmOmu();
    warm.catch(() => undefined);
  }
  return child;
}

/** How many `omu sync` processes were killed where the schedule said (a sync with nothing to commit there ends by itself). */
let killsLanded = 0;

/**
 * The workstation's process is its real `omu sync` (the built bin), killed with SIGKILL at `point`; the workstation
 * then starts again from its file, as after a crash, and the schedule goes on.
 */
async function killedMidSync(w: Station, point: KillPoint): Promise<void> {
  w.online = true;
  const commandIds = new Set(
    (
      w.app.opened.sqlite
        .prepare("SELECT command_id AS id FROM command_log WHERE sync = 'pending'")
        .all() as {
        id: string;
      }[]
    ).map((r) => r.id),
  );
  const deviceId = w.app.sync.link()!.deviceId;
  w.app.close();
  const child = await takeWarmOmu();
  victim = { child, deviceId, point: point === 'push' && !commandIds.size ? 'pull-read' : point, commandIds };
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  child.stdin!.end(`${JSON.stringify(['--db', w.file, 'sync', '--json'])}\n`);
  const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  victim = null;
  if (ended.signal === 'SIGKILL') killsLanded++;
  // Killed, or ended by itself when its point never came (every pending change already applied, answered from the
  // server's record without a commit): 0, or 1 when the server refused one of them.
  else expect([0, 1], `omu sync ended ${ended.code} ${ended.signal}: ${output}`).toContain(ended.code);
  await openStation(w);
}

async function checkOneTruth(prison: string, stations: Station[], forged: number): Promise<void> {
  const expected = await prisonDigest(unit.db, prison);
  const serverMutations = await unit.db.select().from(mutations).where(eq(mutations.prison, prison));
  const applied = serverMutations
    .filter((m) => m.outcome === 'applied')
    .map((m) => m.commandId)
    .sort();
  const acceptedEverywhere: string[] = [];
  for (const w of stations) {
    expect(workstationDigest(w.app.opened.db), `${w.name} equals the server`).toEqual(expected);
    const log = w.app.opened.sqlite
      .prepare("SELECT command_id AS id, sync, server_error AS error FROM command_log WHERE sync <> 'local'")
      .all() as { id: string; sync: string; error: string | null }[];
    expect(
      log.filter((c) => c.sync === 'pending'),
      `${w.name} has nothing left to send`,
    ).toEqual([]);
    for (const c of log.filter((x) => x.sync === 'refused'))
      expect(JSON.parse(c.error!).message, 'a refusal says why').toMatch(/^\S+( \S+){3,}/);
    acceptedEverywhere.push(...log.filter((c) => c.sync === 'accepted').map((c) => c.id));
  }
  // No command applied twice, none lost: what the workstations hold as accepted is exactly what the server applied.
  expect(acceptedEverywhere.sort()).toEqual(applied);
  // Every forged change was refused, and said why.
  expect(
    stations.flatMap((w) => w.app.sync.status().notAccepted).filter((r) => /not signed/.test(r.reason)),
  ).toHaveLength(forged);
}

/**
 * Registers part `part` of `parts` of the simulation (its file, tests/server/convergence-N-of-M.test.ts, runs in a
 * worker of its own, so that the two workers of a run share it instead of one running it alone): the same seeded
 * sessions as one file would run, every part generating them all (fast-check's seed gives each run its own values,
 * whatever the runs before it did) and playing its own consecutive share, on a unit server and database of its own.
 * A failure names the seed and the run's index (fast-check's `path`), which replays in the part that holds it.
 */
export function convergence(part: number, parts: number): void {
  beforeAll(startServer);
  afterAll(stopServer);
  const sessions = Math.max(1, Math.round(RUNS / PER_SESSION));
  const mine = (session: number) => Math.floor((session * parts) / sessions) === part - 1;
  const here = Array.from({ length: sessions }, (_, i) => i).filter(mine);
  describe('convergence of three workstations and the unit server', () => {
    // (A run of fewer sessions than parts leaves a part with none: it says so as skipped.)
    it.runIf(here.length > 0)(
      `${RUNS} seeded schedules in sessions of ${PER_SESSION}, sessions ${here[0]! + 1}–${here.at(-1)! + 1} of ${sessions} here: offline edits, lost replies, stops and kill -9 all end with one truth`,
      async () => {
        let kills = 0;
        let session = 0;
        await fc.assert(
          fc.asyncProperty(
            fc.array(scheduleArb, { minLength: PER_SESSION, maxLength: PER_SESSION }),
            async (schedules) => {
              const now = session++;
              if (!mine(now)) return;
              kills += schedules.filter((x) => x.kill).length;
              await runSession(schedules, now);
            },
          ),
          { seed: 20261126, numRuns: sessions, endOnFailure: true },
        );
        expect(session, 'every session was generated').toBe(sessions);
        // The kill steps ran, and most killed their process where they meant to (the rest ended by themselves first).
        expect(kills).toBeGreaterThan(0);
        expect(killsLanded).toBeGreaterThan(kills / 2);
      },
      900_000,
    );
  });
}
