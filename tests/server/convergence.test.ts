import fs from 'node:fs';
import path from 'node:path';
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
 * replies, a server that stops before it commits and workstations that stop part-way through a sync. Every
 * schedule must end with identical case data everywhere, no command applied twice, none lost, and every
 * refusal explained. RUNS sets how many schedules (OMU_CONVERGENCE_RUNS; the suite and CI run the default 50, two sessions of 25, for
 * the suite to fit its time on a 2-core machine; OMU_CONVERGENCE_RUNS=1000 for a deeper search).
 */
const RUNS = Number(process.env.OMU_CONVERGENCE_RUNS ?? 50);
/** Schedules run one after another on the same three workstations, each starting from the last one's truth. */
const PER_SESSION = 25;
const PASSWORD = 'simulation password';
const PRISONERS = 6;

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

let http: FastifyInstance;
let unit: Unit;
let pool: ReturnType<typeof connectServerDb>['pool'];
let template: string;
let verifier: string;
const signingSalt = newSigningSalt(TEST_COST);
const signingKey = deriveSigningKeySync(PASSWORD, signingSalt);
/** The server stops (as if killed) before committing the next command pushed while this is set. */
let stopServerOnce = false;

beforeAll(async () => {
  const { url } = await freshServerDatabase();
  pool = connectServerDb(url, 4).pool;
  unit = createUnit(pool, fixedClock, {
    beforeCommit: () => {
      if (stopServerOnce) {
        stopServerOnce = false;
        throw new Error('the server stopped');
      }
    },
  });
  http = createHttpServer(unit);
  await http.ready();
  verifier = hashSecretSync(PASSWORD, TEST_COST);
  template = path.join(tempDir('omu-sim-template-'), 'template.sqlite');
  openApp({ dbFile: template, today: FIXED_TODAY, clock: fixedClock, osAccount: 'template' }).close();
});
afterAll(async () => {
  await http?.close();
  await pool?.end();
});

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
      const res = await http.inject({
        method: 'POST',
        url: `/api/${p}`,
        headers: token ? { authorization: `Bearer ${token}` } : {},
        payload: (body ?? {}) as object,
      });
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

let prisonSeq = 0;
async function setUpPrison(): Promise<{ prison: string; staffIds: string[]; numbers: string[] }> {
  const prison = `S${++prisonSeq}`;
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
async function runSession(schedules: Step[][]): Promise<void> {
  const { prison, staffIds, numbers } = await setUpPrison();
  const dir = tempDir('omu-sim-');
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
    await w.app.sync.join({ url: 'http://unit', code, workstation: w.name });
    await signIn(w, staffIds[i % 2]!);
    stations.push(w);
  }
  let forged = 0;
  try {
    for (const steps of schedules) {
      for (const step of steps) {
        const w = stations[step.ws]!;
        const router = createRouter(w.app, 'http');
        switch (step.op) {
          case 'edit': {
            const date = `2026-11-${String(step.day).padStart(2, '0')}`;
            const res =
              step.kind === 'assessment'
                ? await router.handle('oasys.addAssessment', {
                    prisonerNumber: numbers[step.prisoner],
                    assessment: { type: 'review', completedOn: date },
                  })
                : await router.handle('oasys.addEvent', {
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
            const res = await router.handle('oasys.addEvent', {
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
      // Everyone reconnects and syncs until nothing is left to exchange: each sends, then the first two take the last's.
      for (const w of stations) w.online = true;
      for (const w of [...stations, stations[0]!, stations[1]!]) await w.app.sync.sync();
      await checkOneTruth(prison, stations, forged);
    }
  } finally {
    for (const w of stations) w.app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
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

describe('convergence of three workstations and the unit server', () => {
  it(`${RUNS} seeded schedules of offline edits, lost replies and stops all end with one truth`, async () => {
    const sessions = Math.max(1, Math.round(RUNS / PER_SESSION));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(stepArb, { minLength: 4, maxLength: 20 }), {
          minLength: PER_SESSION,
          maxLength: PER_SESSION,
        }),
        (schedules) => runSession(schedules),
      ),
      { seed: 20261126, numRuns: sessions, endOnFailure: true },
    );
  }, 900_000);
});
