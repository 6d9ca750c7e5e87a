import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { caseDigest } from '../../electron/core/replay';
import { syntheticCaseloadCsv } from '../support/caseload-csv';
import { startUnitServer } from '../support/unit-server';
import { FIXED_TODAY, fixedClock, tempDir } from '../support/temp';
import {
  PASSWORD,
  firstPasswordFromCode,
  joinedWorkstation,
  signInOnline,
  workstation,
} from '../support/unit-workstations';
import { signIn as signInLocally, TEST_COST } from '../support/sign-in';

/**
 * A prisoner transferred between two prisons served by one unit server: his record goes with him, the receiving
 * prison confirms monitoring and reviews OASys, the sending prison no longer holds him, and a transfer the
 * server cannot make is refused and taken back, with the reason.
 */

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const AUTHORISATION = {
  means: 'phone',
  basis: 'offence-related',
  reasons: 'Offence against a child by phone contact',
  necessityAndProportionality: 'Necessary to protect the victim; limited to calls',
  authorisedOn: '2026-11-01',
};

/** Moorland (MDI) from a workstation's caseload, and Leeds (LEI) empty, each with a joined workstation. */
async function twoPrisons() {
  const server = await startUnitServer();
  closers.push(() => server.close());
  const { code: mdiCode } = await server.unit.initPrison({
    code: 'MDI',
    name: 'HMP Moorland',
    adminName: 'Sam Admin',
  });
  const { code: leiCode } = await server.unit.initPrison({
    code: 'LEI',
    name: 'HMP Leeds',
    adminName: 'Lee Admin',
  });
  await firstPasswordFromCode(server, 'MDI', mdiCode);
  await firstPasswordFromCode(server, 'LEI', leiCode);

  const mdi = workstation('mdi', closers);
  const admin = mdi.services.staff.insertUnchecked(mdi.context(), {
    name: 'Sam Admin',
    email: null,
    roles: ['administrator', 'pom', 'senior-manager', 'case-administrator'],
    active: true,
  });
  await signInLocally(mdi, admin.name, PASSWORD);
  const { csv, numbers } = syntheticCaseloadCsv(12);
  mdi.services.caseloadImport.commit(mdi.context(), 'c.csv', csv);
  const enrol = await server.unit.issueEnrolment({ prison: 'MDI', workstation: 'mdi', issuedBy: 'test' });
  await mdi.sync.join({
    url: server.url,
    code: enrol.code,
    workstation: 'mdi',
    seedAs: { adminName: 'Sam Admin', password: PASSWORD },
  });
  const lei = await joinedWorkstation(server, 'LEI', 'lei', closers);
  return { server, mdi, lei, numbers };
}

/**
 * The two prisons as twoPrisons leaves them, built once for the file (the server's database and the two workstations'
 * files, closed) and copied for each test: every one of them built the same again (a caseload imported and brought to
 * the server, two joins). The copies are a new database of the test cluster and new workstation files, served by a new
 * unit server on its own port, so no test sees another's changes; a workstation copied is a new process's (no one
 * signed in, its memory empty).
 */
let builtPrisons: Promise<{
  database: string;
  files: { mdi: string; lei: string };
  numbers: string[];
}> | null = null;
async function copiedTwoPrisons() {
  builtPrisons ??= (async () => {
    const mark = closers.length;
    const { server, mdi, lei, numbers } = await twoPrisons();
    const files = { mdi: mdi.opened.sqlite.name, lei: lei.opened.sqlite.name };
    while (closers.length > mark) await closers.pop()!();
    return { database: new URL(server.dbUrl).pathname.slice(1), files, numbers };
  })();
  const { database, files, numbers } = await builtPrisons;
  const server = await startUnitServer(undefined, { copyOf: database });
  closers.push(() => server.close());
  const copied = (name: 'mdi' | 'lei') => {
    const dbFile = path.join(tempDir(`omu-ws-${name}-`), 'omu.sqlite');
    fs.copyFileSync(files[name], dbFile);
    const app = openApp({
      dbFile,
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: name,
      passwordHashCost: TEST_COST,
    });
    closers.push(() => app.close());
    app.opened.sqlite.prepare('UPDATE sync_link SET server_url = ?').run(server.url);
    return app;
  };
  return { server, mdi: copied('mdi'), lei: copied('lei'), numbers };
}

describe('transfers between prisons on one unit server', () => {
  it('his record, public protection status and monitoring go to the receiving prison, which must confirm monitoring and review OASys', async () => {
    const { server, mdi, lei, numbers } = await copiedTwoPrisons();
    const number = numbers[0]!;
    await signInOnline(mdi, 'Sam Admin');
    const router = createRouter(mdi, 'http');
    const ok = async (name: string, input: unknown) => {
      const res = await router.handle(name, input);
      expect(res, name).toMatchObject({ ok: true });
      return (res as { value: { id: string } }).value;
    };
    const { id: statusId } = await ok('public-protection/add-status', {
      prisonerNumber: number,
      status: { type: 'pprc', status: 'potential', identifiedOn: '2026-10-01', groundsCurrentOffence: true },
    });
    await ok('public-protection/confirm-status', { statusId, confirmedOn: '2026-10-10' });
    await ok('public-protection/authorise-monitoring', {
      prisonerNumber: number,
      authorisation: AUTHORISATION,
    });
    await ok('oasys/add-assessment', {
      prisonerNumber: number,
      assessment: { type: 'review', completedOn: '2026-09-01' },
    });
    // Monitoring answered at Moorland: nothing to decide there.
    expect(
      mdi.services.due.list(FIXED_TODAY, { prisonerNumber: number, kinds: ['monitoring-decision'] }),
    ).toEqual([]);

    await ok('transfer/transfer-out', { prisonerNumber: number, toPrison: 'lei', on: '2026-11-20' });
    expect(
      mdi.opened.sqlite.prepare('SELECT id FROM prisoners WHERE prisoner_number = ?').get(number),
    ).toBeUndefined();
    const report = await mdi.sync.sync();
    expect(report).toMatchObject({ applied: report.pushed, refused: [] });

    await lei.sync.sync();
    const arrived = lei.services.caseload.get(number);
    expect(arrived).toMatchObject({ prisonerNumber: number, arrivedOn: '2026-11-20', pomId: null });
    const pp = lei.services.publicProtection.view(number);
    expect(pp.statuses).toMatchObject([{ id: statusId, type: 'pprc', status: 'confirmed' }]);
    expect(pp.authorisations).toMatchObject([
      {
        basis: 'offence-related',
        authorisedOn: '2026-11-01',
        stoppedOn: null,
        authorisedBy: 'Sam Admin (HMP Moorland)',
      },
    ]);
    // Who authorised it is kept as a former member of Moorland's staff, not made one of Leeds's.
    const by = lei.opened.sqlite
      .prepare(
        'SELECT s.name, s.active, s.roles FROM monitoring_authorisations m JOIN staff s ON s.id = m.authorised_by_id',
      )
      .get();
    expect(by).toEqual({ name: 'Sam Admin (HMP Moorland)', active: 0, roles: '[]' });
    expect(lei.services.oasys.assessments(arrived.id).map((a) => a.completedOn)).toContain('2026-09-01');
    const due = lei.services.due
      .list(FIXED_TODAY, { prisonerNumber: number })
      .map((i) => `${i.kind} ${i.dueDate}`);
    expect(due).toContain('monitoring-decision 2026-11-25');
    expect(
      lei.services.due
        .list(FIXED_TODAY, { prisonerNumber: number, kinds: ['monitoring-decision'] })
        .map((i) => i.title),
    ).toEqual(['Transfer received: confirm monitoring']);
    expect(due.some((d) => d.startsWith('oasys-significant-change'))).toBe(true);
    expect(lei.services.audit.list({ limit: 5 }).map((e) => e.summary)).toContainEqual(
      expect.stringMatching(/^Transfer received from HMP Moorland \(MDI\) on 20\/11\/2026/),
    );

    // The sending prison holds nothing of him; a workstation joining Leeds now gets what the first one pulled.
    expect((await server.unit.state({ id: 'x', prison: 'MDI', name: 'x' })).prisoners).toBe(11);
    expect((await server.unit.state({ id: 'x', prison: 'LEI', name: 'x' })).prisoners).toBe(1);
    await mdi.sync.sync();
    expect(mdi.opened.sqlite.prepare('SELECT count(*) AS n FROM monitoring_authorisations').get()).toEqual({
      n: 0,
    });
    expect(mdi.services.audit.list({ limit: 3 }).map((e) => e.summary)).toContainEqual(
      expect.stringMatching(/^Transferred to LEI on 20\/11\/2026/),
    );
    const lei2 = await joinedWorkstation(server, 'LEI', 'lei2', closers);
    expect(caseDigest(lei2.opened.sqlite)).toEqual(caseDigest(lei.opened.sqlite));
  });

  it('a transfer to a prison the server does not serve is refused, taken back on the workstation and listed with the reason', async () => {
    const { mdi, numbers } = await copiedTwoPrisons();
    const number = numbers[1]!;
    await signInOnline(mdi, 'Sam Admin');
    const res = await createRouter(mdi, 'http').handle('transfer/transfer-out', {
      prisonerNumber: number,
      toPrison: 'XYZ',
      on: '2026-11-20',
    });
    expect(res).toMatchObject({ ok: true });
    const report = await mdi.sync.sync();
    expect(report.refused).toEqual([
      {
        command: 'transfer/transfer-out',
        description: expect.stringMatching(
          new RegExp(`^Record a transfer to another prison for [A-Z][A-Z' -]*, .+ \\(${number}\\)$`),
        ),
        reason: expect.stringMatching(/does not serve a prison XYZ/),
      },
    ]);
    expect(mdi.services.caseload.get(number)).toMatchObject({ prisonerNumber: number });
    expect(mdi.sync.status().notAccepted).toEqual([
      expect.objectContaining({ command: 'transfer/transfer-out', reason: expect.stringMatching(/XYZ/) }),
    ]);
  });

  it('refuses a date to come and a prison code that is not one, naming the field', async () => {
    const { mdi, numbers } = await copiedTwoPrisons();
    await signInOnline(mdi, 'Sam Admin');
    const router = createRouter(mdi, 'http');
    expect(
      await router.handle('transfer/transfer-out', {
        prisonerNumber: numbers[2],
        toPrison: 'LEI',
        on: '2027-01-01',
      }),
    ).toMatchObject({
      ok: false,
      error: { field: 'on', message: 'Date of transfer must be today or in the past (22/11/2026)' },
    });
    expect(
      await router.handle('transfer/transfer-out', {
        prisonerNumber: numbers[2],
        toPrison: 'Leeds',
        on: '2026-11-20',
      }),
    ).toMatchObject({
      ok: false,
      error: { field: 'toPrison', message: 'Receiving prison code must be three letters, for example LEI' },
    });
  });
});
