import { afterEach, describe, expect, it } from 'vitest';
import { count, eq, gt, and } from 'drizzle-orm';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { workstationDigest } from '../../electron/core/replay';
import { caseTables } from '../../electron/core/tables';
import { countSync } from '../../electron/core/data';
import { httpTransport, OfflineError, type Transport } from '../../electron/sync/transport';
import type { SeedProgress } from '../../electron/sync/engine';
import { changeLog, prisons, seedSlices, seedUploads } from '../../server/db/schema';
import { prisonDigest } from '../../server/store';
import { syntheticCaseloadCsv } from '../support/caseload-csv';
import { startUnitServer, type TestUnitServer } from '../support/unit-server';
import { FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST, signIn } from '../support/sign-in';
import { firstPasswordFromCode, PASSWORD } from '../support/unit-workstations';
import { emptyDatabase } from '../support/empty-database';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/**
 * A transport to the real server that can fail as a network or a workstation does: `stop` throws before a request
 * leaves (the workstation stopped there), `lose` sends it and then loses the answer. Counts calls by path, and lists
 * the slices sent (table/slice, once for each time sent).
 */
function unreliable(
  url: string,
  plan: { stop?: (path: string, n: number) => boolean; lose?: (path: string, n: number) => boolean },
  calls: Map<string, number>,
  slicesSent: string[],
) {
  const real = httpTransport(url);
  const transport: Transport = {
    async call<T>(p: string, body: unknown, token?: string): Promise<T> {
      const n = (calls.get(p) ?? 0) + 1;
      calls.set(p, n);
      if (p === 'seed-slice' && !plan.stop?.(p, n)) {
        const { table, slice } = body as { table: string; slice: number };
        slicesSent.push(`${table}/${slice}`);
      }
      if (plan.stop?.(p, n)) throw new Error(`The workstation stopped before ${p} #${n}`);
      const answer = await real.call<T>(p, body, token);
      if (plan.lose?.(p, n)) throw new OfflineError(`The answer to ${p} #${n} was lost`);
      return answer;
    },
  };
  return transport;
}

describe("a workstation's caseload brought to a prison in slices", () => {
  it('a join broken off mid-upload leaves the prison empty; joining again sends only the slices the server lacks, and brings it all once despite lost answers', async () => {
    const server: TestUnitServer = await startUnitServer();
    closers.push(() => server.close());
    const { code: adminCode } = await server.unit.initPrison({
      code: 'MDI',
      name: 'HMP Moorland',
      adminName: 'Sam Admin',
    });
    await firstPasswordFromCode(server, 'MDI', adminCode);

    let plan: Parameters<typeof unreliable>[1] = {};
    // Calls by path, and the slices sent, since the plan was last set.
    const calls = new Map<string, number>();
    const slicesSent: string[] = [];
    const a: OmuApp = openApp({
      dbFile: emptyDatabase('omu-seed-a-'),
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'a',
      passwordHashCost: TEST_COST,
      transport: (url) => unreliable(url, plan, calls, slicesSent),
    });
    closers.push(() => a.close());
    const admin = a.services.staff.insertUnchecked(a.context(), {
      name: 'Sam Admin',
      email: null,
      roles: ['administrator', 'pom'],
      active: true,
    });
    await signIn(a, admin.name);
    a.services.caseloadImport.commit(a.context(), 'c.csv', syntheticCaseloadCsv(40).csv);
    const before = workstationDigest(a.opened.db);
    const rowsHere = caseTables().reduce((n, t) => n + countSync(a.opened.db, t.table), 0);
    const versionBefore = (await server.unit.db.select().from(prisons).where(eq(prisons.code, 'MDI')))[0]!
      .version;
    const join = (onProgress?: (p: SeedProgress) => void) =>
      server.unit.issueEnrolment({ prison: 'MDI', workstation: 'A', issuedBy: 'test' }).then(({ code }) =>
        a.sync.join({
          url: server.url,
          code,
          workstation: 'A',
          seedAs: { adminName: 'Sam Admin', password: PASSWORD },
          sliceRows: 25,
          onProgress,
        }),
      );

    // The workstation stops as it is about to send its fourth slice: three are on the server.
    plan = { stop: (p, n) => p === 'seed-slice' && n === 4 };
    calls.clear();
    await expect(join()).rejects.toThrow(/stopped before seed-slice #4/);
    expect(calls.get('seed-slice')).toBe(4);
    expect(await server.unit.db.select({ n: count() }).from(seedSlices)).toEqual([{ n: 3 }]);
    const sentFirst = slicesSent.splice(0);
    expect(sentFirst).toHaveLength(3);
    // Nothing of it is in the prison: no prisoner, no new version, nothing for a workstation to pull.
    expect((await server.unit.state({ id: 'x', prison: 'MDI', name: 'x' })).prisoners).toBe(0);
    expect((await server.unit.db.select().from(prisons).where(eq(prisons.code, 'MDI')))[0]!.version).toBe(
      versionBefore,
    );
    expect(
      await server.unit.db
        .select({ n: count() })
        .from(changeLog)
        .where(and(eq(changeLog.prison, 'MDI'), gt(changeLog.version, versionBefore))),
    ).toEqual([{ n: 0 }]);
    // The workstation is still on its own, its caseload as it was.
    expect(a.sync.link()).toBeNull();
    expect(workstationDigest(a.opened.db)).toEqual(before);

    // Joined again (a new enrolment): the broken-off upload is taken up where it stopped, the server saying which slices
    // it holds. A slice's answer and the first answer to "write it" are lost, and asked again; each is kept once.
    plan = {
      lose: (p, n) => (p === 'seed-slice' && n === 2) || (p === 'seed-finish' && n === 1),
    };
    calls.clear();
    const seen: SeedProgress[] = [];
    const joined = await join((p) => seen.push(p));
    expect(calls.get('seed-finish')).toBe(2);
    // Only the slices the server lacked, each once, and the one whose answer was lost once more.
    const slices = caseTables().reduce((n, t) => n + Math.ceil(countSync(a.opened.db, t.table) / 25), 0);
    expect(calls.get('seed-slice')).toBe(slices - 3 + 1);
    expect(slicesSent.filter((x) => sentFirst.includes(x))).toEqual([]);
    expect(new Set([...sentFirst, ...slicesSent]).size).toBe(slices);
    expect(joined.seeded).toBe(rowsHere);
    expect(seen[0]).toEqual({ stage: 'sending', done: 0, total: rowsHere, step: 1, steps: 3 });
    expect(seen.filter((p) => p.stage === 'sending').map((p) => p.done)).toEqual(
      [...seen.filter((p) => p.stage === 'sending').map((p) => p.done)].sort((x, y) => x - y),
    );
    expect(seen.filter((p) => p.stage === 'writing').at(-1)).toEqual({
      stage: 'writing',
      done: rowsHere,
      total: rowsHere,
      step: 2,
      steps: 3,
    });
    // Then the prison's caseload taken here, page by page: counted up to every row the workstation now holds.
    const taken = seen.filter((p) => p.stage === 'receiving');
    const rowsNow = caseTables().reduce((n, t) => n + countSync(a.opened.db, t.table), 0);
    expect(seen.slice(-taken.length)).toEqual(taken);
    expect(taken[0]).toEqual({ stage: 'receiving', done: 0, total: rowsNow, step: 3, steps: 3 });
    expect(taken.at(-1)).toEqual({ stage: 'receiving', done: rowsNow, total: rowsNow, step: 3, steps: 3 });
    expect(taken.map((p) => p.done)).toEqual([...taken.map((p) => p.done)].sort((x, y) => x - y));
    expect(seen.filter((p) => p.stage === 'sending')).toHaveLength(slices + 1);
    expect((await server.unit.state({ id: 'x', prison: 'MDI', name: 'x' })).prisoners).toBe(40);
    expect(await server.unit.db.select({ n: count() }).from(seedSlices)).toEqual([{ n: 0 }]);
    const uploads = await server.unit.db.select().from(seedUploads);
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.result).toMatchObject({ rows: rowsHere });
    expect(workstationDigest(a.opened.db)).toEqual(await prisonDigest(server.unit.db, 'MDI'));
    // Its caseload as it was (the audit log has the server's entries for the join besides).
    const { audit_log: _after, ...caseData } = workstationDigest(a.opened.db);
    const { audit_log: _before, ...caseDataBefore } = before;
    expect(caseData).toEqual(caseDataBefore);
  }, 120_000);
});
