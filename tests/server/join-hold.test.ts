import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { httpTransport, type Transport } from '../../electron/sync/transport';
import type { ApiResponse } from '../../shared/api';
import { syntheticCaseloadCsv } from '../support/caseload-csv';
import { startUnitServer } from '../support/unit-server';
import { FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST, signIn } from '../support/sign-in';
import { firstPasswordFromCode, PASSWORD } from '../support/unit-workstations';
import { emptyDatabase } from '../support/empty-database';
import { HELD_WAIT_MS, waitUntilFree } from '../../renderer/api/hold-wait';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const PRISONERS = 60;

/**
 * While a workstation joins a unit server, the join writes the prison's caseload in one long transaction, page by page,
 * with the event loop given back between pages; and before that it sends this workstation's caseload. Another view of
 * the app in the same process (a second window, a second browser tab on the same door) asked meanwhile: found by
 * using the product (27/11/2026), it read the open transaction's partial rows (a caseload of 0 prisoners, then some,
 * the app's counts of a first start), and a change it made while the caseload was being sent was accepted and then
 * gone once the join took the prison's data. Now every other question and change is refused, saying how far the join
 * has got, the session stays as it was, and the app's counts are those from before the join.
 */
describe('another view of the app while this workstation joins the unit server', () => {
  it('is refused with how far the join has got, never shown partial rows, and loses no change', async () => {
    const server = await startUnitServer();
    closers.push(() => server.close());
    const { code: adminCode } = await server.unit.initPrison({
      code: 'MDI',
      name: 'HMP Moorland',
      adminName: 'Sam Admin',
    });
    await firstPasswordFromCode(server, 'MDI', adminCode);

    // Each request the join makes first lets the other view ask its questions, the join's transaction open or not.
    const probes: ((path: string) => Promise<void>)[] = [];
    const probing = (url: string): Transport => {
      const real = httpTransport(url);
      return {
        async call<T>(p: string, body: unknown, token?: string): Promise<T> {
          if (p === 'seed-slice' || p === 'snapshot' || p === 'seed-finish')
            for (const probe of probes) await probe(p);
          return real.call<T>(p, body, token);
        },
      };
    };
    const a: OmuApp = openApp({
      dbFile: emptyDatabase('omu-join-hold-'),
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'a',
      passwordHashCost: TEST_COST,
      transport: probing,
    });
    closers.push(() => a.close());
    const admin = a.services.staff.insertUnchecked(a.context(), {
      name: 'Sam Admin',
      email: null,
      roles: ['administrator', 'pom'],
      active: true,
    });
    await signIn(a, admin.name);
    a.services.caseloadImport.commit(a.context(), 'c.csv', syntheticCaseloadCsv(PRISONERS).csv);
    const number = a.services.caseload.query({ today: FIXED_TODAY }, { sort: 'name', limit: 1 }).rows[0]!
      .prisonerNumber;

    // Sam Admin and the POMs the file names.
    const staffBefore = a.services.staff.list().length;
    const joinDoor = createRouter(a, 'http');
    // The second window: the same app, its own door.
    const other = createRouter(a, 'http');
    const answers: { op: string; answer: ApiResponse<unknown> }[] = [];
    const ask = async (op: string, input: unknown = {}) => {
      const answer = await other.handle(op, input);
      answers.push({ op, answer });
      return answer;
    };
    let changeTried = false;
    // The audit chain's whole walk (daily, and at start) falling during the join: it waits for the join to end
    // (the join rewrites the audit log in its transaction), and asking for a check meanwhile says so.
    let joinEnded = false;
    let walk: Promise<{ check: unknown; settledDuringJoin: boolean }> | null = null;
    const verifyAsked: unknown[] = [];
    // A page in the other window refused during the join (useView in the renderer) asks again by itself once the
    // join has finished: it waits on `app/held` (answered meanwhile), which answers when the join ends, told by its
    // end rather than by asking every second; it then shows the whole caseload.
    let comeBack: Promise<{
      refused: unknown;
      again: boolean;
      answer: unknown;
      afterJoin: boolean;
      asked: number;
    }> | null = null;
    let heldAsked = 0;
    let waitingSince = 0;
    probes.push(async (path) => {
      if (path !== 'snapshot' || comeBack) return;
      waitingSince = Date.now();
      const refused = await other.handle('caseload/query', { sort: 'name', limit: 1000 });
      comeBack = waitUntilFree(
        async (waitMs) => {
          heldAsked += 1;
          const r = await other.handle('app/held', { waitMs });
          if (!r.ok) throw new Error(r.error.message);
          return r.value as { held: unknown };
        },
        { stillWanted: () => true },
      ).then(async (again) => ({
        refused,
        again,
        afterJoin: a.sync.joining() === null,
        // A question waits up to 20 s (HELD_WAIT_MS): one for each 20 s the join went on after the refusal.
        asked: heldAsked - Math.floor((Date.now() - waitingSince) / HELD_WAIT_MS),
        answer: await other.handle('caseload/query', { sort: 'name', limit: 1000 }),
      }));
    });
    probes.push(async (path) => {
      if (path === 'snapshot' && !walk)
        walk = a.walkWholeAudit().then((check) => ({ check, settledDuringJoin: !joinEnded }));
      try {
        verifyAsked.push(a.verifyAudit());
      } catch (e) {
        verifyAsked.push((e as Error).message);
      }
    });
    probes.push(async (path) => {
      await ask('caseload/query', { sort: 'name', limit: 1000 });
      await ask('due/page', { page: 1 });
      await ask('app/info');
      await ask('session/current');
      await ask('sync/join-progress');
      await ask('app/held');
      // A change made once this workstation's caseload has been sent, while the server writes it.
      if (path === 'seed-finish' && !changeTried) {
        changeTried = true;
        await ask('oasys/add-event', {
          prisonerNumber: number,
          event: { type: 'transfer-in', date: FIXED_TODAY, note: 'made in another window during the join' },
        });
      }
    });

    const { code } = await server.unit.issueEnrolment({ prison: 'MDI', workstation: 'A', issuedBy: 'test' });
    const joined = await joinDoor.handle('sync/join', {
      url: server.url,
      code,
      workstation: 'A',
      adminName: 'Sam Admin',
      password: PASSWORD,
    });
    joinEnded = true;
    probes.length = 0;
    expect(joined).toMatchObject({ ok: true, value: { joined: true, seeded: expect.any(Number) } });
    expect(await comeBack).toEqual({
      refused: { ok: false, error: expect.objectContaining({ code: 'held' }) },
      again: true,
      afterJoin: true,
      // Told when the join ended, not by asking again and again.
      asked: 1,
      answer: { ok: true, value: expect.objectContaining({ total: PRISONERS }) },
    });
    // The walk asked for during the join ran after it, of the joined chain, and found it intact.
    expect(walk).not.toBeNull();
    expect(await walk).toEqual({
      check: expect.objectContaining({ intact: true, walked: 'whole' }),
      settledDuringJoin: false,
    });
    expect(verifyAsked.length).toBeGreaterThan(1);
    for (const asked of verifyAsked)
      expect(asked).toMatch(/^The audit chain is not checked while this workstation joins the unit server/);

    const of = (op: string) => answers.filter((x) => x.op === op).map((x) => x.answer);
    expect(of('caseload/query').length).toBeGreaterThan(1);
    // Reads of case data: refused, saying the join is under way and how far it has got; never a partial caseload.
    for (const op of ['caseload/query', 'due/page'])
      for (const answer of of(op))
        expect(answer).toMatchObject({
          ok: false,
          error: {
            code: 'held',
            message: expect.stringMatching(
              /^This workstation is joining the unit server \(step \d of \d: [^,]+, [\d,]+ of [\d,]+\)\. Nothing else /,
            ),
          },
        });
    // The change tried once the caseload had been sent is refused, not accepted and then lost with the join.
    expect(of('oasys/add-event')).toEqual([{ ok: false, error: expect.objectContaining({ code: 'held' }) }]);
    expect(
      a.opened.sqlite
        .prepare("SELECT count(*) AS n FROM significant_events WHERE note LIKE '%during the join%'")
        .get(),
    ).toEqual({ n: 0 });
    // The person stays signed in, and the app's counts are the caseload's before the join, never a first start's.
    for (const answer of of('session/current'))
      expect(answer).toMatchObject({ ok: true, value: { state: 'signed-in', staff: { name: 'Sam Admin' } } });
    for (const answer of of('app/info'))
      expect(answer).toMatchObject({
        ok: true,
        value: { prisonerCount: PRISONERS, staffCount: staffBefore },
      });
    // Whether the app is held, and by what, is answered to any of its doors, in the join's words.
    for (const answer of of('app/held'))
      expect(answer).toEqual({
        ok: true,
        value: {
          held: {
            kind: 'join',
            message: expect.stringMatching(/^This workstation is joining the unit server \(/),
          },
        },
      });
    // The join's progress is the app's, answered to any of its doors.
    expect(
      of('sync/join-progress').some((x) => x.ok && (x.value as { running: unknown }).running !== null),
    ).toBe(true);

    // Once joined, the other view reads the whole caseload again.
    expect(await other.handle('caseload/query', { sort: 'name', limit: 1000 })).toMatchObject({
      ok: true,
      value: { total: PRISONERS },
    });
  }, 180_000);
});
