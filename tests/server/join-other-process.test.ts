import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { httpTransport, type Transport } from '../../electron/sync/transport';
import { syntheticCaseloadCsv } from '../support/caseload-csv';
import { startUnitServer } from '../support/unit-server';
import { FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST, TEST_PASSWORD, signIn } from '../support/sign-in';
import { firstPasswordFromCode, PASSWORD } from '../support/unit-workstations';
import { emptyDatabase } from '../support/empty-database';
import { currentWriter } from '../../db/write-transaction';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/**
 * A workstation's caseload becomes a prison's first data (a join that sends it, slice by slice, then takes the prison's
 * data back); meanwhile another process on the same file (`omu`, a scheduled import) records a change. Found by using
 * the product (28/11/2026): is that change sent, refused, or lost?
 */
describe('another process writing the database while this workstation brings its caseload to the unit server', () => {
  it('its change is not lost: it is refused while the join runs, or it reaches the unit server', async () => {
    const server = await startUnitServer();
    closers.push(() => server.close());
    const { code: adminCode } = await server.unit.initPrison({
      code: 'MDI',
      name: 'HMP Moorland',
      adminName: 'Sam Admin',
    });
    await firstPasswordFromCode(server, 'MDI', adminCode);
    let during: (() => Promise<void>) | null = null;
    const probing = (url: string): Transport => {
      const real = httpTransport(url);
      return {
        async call<T>(p: string, body: unknown, token?: string): Promise<T> {
          if (p === 'seed-finish' && during) {
            const d = during;
            during = null;
            await d();
          }
          return real.call<T>(p, body, token);
        },
      };
    };
    const dbFile = emptyDatabase('omu-join-other-');
    const a: OmuApp = openApp({
      dbFile,
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
    const { csv, numbers } = syntheticCaseloadCsv(20);
    a.services.caseloadImport.commit(a.context(), 'c.csv', csv);

    let answer: unknown = null;
    let writer: unknown = null;
    during = async () => {
      // What another process refused meanwhile names: the join, and how far it has got.
      writer = currentWriter(dbFile);
      // The command line on the same file, as Sam Admin.
      const cli = openApp({
        dbFile,
        today: FIXED_TODAY,
        clock: fixedClock,
        osAccount: 'a',
        door: 'cli',
        passwordHashCost: TEST_COST,
      });
      // It waits half a second for the join's write lock, not the app's 5 s: how long it waits is not what this
      // checks (tests/integration/hardening/two-writers.test.ts does), and the join holds the lock throughout.
      cli.opened.sqlite.pragma('busy_timeout = 500');
      try {
        // As `omu --as "Sam Admin"` does: signs in, then records the event.
        const router = createRouter(cli, 'cli');
        const signedIn = await router.handle('session/sign-in', {
          name: 'Sam Admin',
          password: TEST_PASSWORD,
        });
        answer = signedIn.ok
          ? await router.handle('oasys/add-event', {
              prisonerNumber: numbers[0],
              event: {
                type: 'programme-completion',
                date: '2026-11-20',
                note: 'recorded by omu during the join',
              },
            })
          : signedIn;
      } finally {
        cli.close();
      }
    };
    const { code } = await server.unit.issueEnrolment({ prison: 'MDI', workstation: 'A', issuedBy: 'test' });
    await a.sync.join({
      url: server.url,
      code,
      workstation: 'A',
      seedAs: { adminName: 'Sam Admin', password: PASSWORD },
    });
    expect(during).toBeNull();
    const here = a.opened.sqlite
      .prepare("SELECT count(*) AS n FROM significant_events WHERE note = 'recorded by omu during the join'")
      .get() as { n: number };
    // It waited for the join's write lock and was refused (it was accepted, then gone with the join's taking of the
    // prison's data). In this process the writer is its own, so the refusal does not name it; another process's names
    // "bringing this workstation's caseload to the unit server" (tests/integration/hardening/two-writers.test.ts).
    expect(answer).toMatchObject({
      ok: false,
      error: {
        code: 'busy',
        message: expect.stringMatching(/^The database is busy: .*Nothing was changed\.$/),
      },
    });
    expect(here).toEqual({ n: 0 });
    expect(writer).toMatchObject({
      who: 'OMU Desk',
      what: expect.stringMatching(
        /^bringing this workstation's caseload to the unit server \(step 1 of 3: sending this workstation's caseload, [\d,]+ of [\d,]+\)$/,
      ),
    });
  }, 120_000);
});
