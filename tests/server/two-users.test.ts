import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { londonDate } from '../../electron/domain/shared/dates';
import { emptyDatabase } from '../support/empty-database';
import { TEST_COST } from '../support/sign-in';
import { FIXED_TODAY, fixedClock, tempDir } from '../support/temp';
import { createRouter } from '../../electron/api/router';
import { runCli } from '../../electron/cli';
import { caseDigest } from '../../electron/core/replay';
import { toInput } from '../../electron/domain/caseload/changes';
import { PRISONER_FIELDS } from '../../electron/domain/caseload/fields';
import { syntheticCaseloadCsv } from '../support/caseload-csv';
import { startUnitServer, type TestUnitServer } from '../support/unit-server';
import { signIn as signInLocally } from '../support/sign-in';
import {
  firstPasswordFromCode,
  joinedWorkstation,
  PASSWORD,
  signInOnline,
  workstation,
} from '../support/unit-workstations';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/**
 * Found by using the product as a unit does (27-28/11/2026): a POM on workstation A works offline on a prisoner's
 * record while a case administrator on workstation B changes the same record, then both sync with the real unit
 * server on PostgreSQL. Each change goes through the router, as the pages send it (the record as the form opened it).
 */
async function unitOfTwo(
  aClock?: () => Date,
): Promise<{ server: TestUnitServer; a: OmuApp; b: OmuApp; number: string }> {
  const server = await startUnitServer();
  closers.push(() => server.close());
  const { code: adminCode } = await server.unit.initPrison({
    code: 'MDI',
    name: 'HMP Moorland',
    adminName: 'Sam Admin',
  });
  await firstPasswordFromCode(server, 'MDI', adminCode);
  const a = aClock ? workstationOnClock('a', aClock) : workstation('a', closers);
  const admin = a.services.staff.insertUnchecked(a.context(), {
    name: 'Sam Admin',
    email: null,
    roles: ['administrator'],
    active: true,
  });
  for (const [name, roles] of [
    ['Pat Pom', ['pom']],
    ['Polly Pom', ['pom']],
    ['Cass Clerk', ['case-administrator']],
  ] as const)
    a.services.staff.insertUnchecked(a.context(), { name, email: null, roles: [...roles], active: true });
  await signInLocally(a, admin.name);
  const { csv, numbers } = syntheticCaseloadCsv(10);
  a.services.caseloadImport.commit(a.context(), 'c.csv', csv);
  await a.sync.join({
    url: server.url,
    code: (await server.unit.issueEnrolment({ prison: 'MDI', workstation: 'A', issuedBy: 'test' })).code,
    workstation: 'A',
    seedAs: { adminName: 'Sam Admin', password: PASSWORD },
  });
  for (const name of ['Pat Pom', 'Polly Pom', 'Cass Clerk']) {
    const { code } = await server.unit.issueStaffCode({ prison: 'MDI', staffName: name, issuedBy: 'test' });
    await a.sync.setPasswordWithCode(a.services.staff.findByName(name)!.id, code, PASSWORD);
  }
  const b = await joinedWorkstation(server, 'MDI', 'B', closers);
  const number = numbers[0]!;
  // Pat is his POM, on both workstations.
  await signInOnline(a, 'Sam Admin');
  await edit(a, number, { pomId: a.services.staff.findByName('Pat Pom')!.id });
  expect((await a.sync.sync()).refused).toEqual([]);
  await b.sync.sync();
  return { server, a, b, number };
}

/**
 * The unit of two as unitOfTwo leaves it, built once for the file (its server's database and the two workstations'
 * files, closed) and copied for each test that takes it as it is: every one of them built the same unit again (a
 * caseload imported, brought to the server, three first passwords, a join, the first change synced). The copies are a
 * new database of the test cluster and new workstation files, served by a new unit server on its own port, so no test
 * sees another's changes. A workstation copied is a new process's: the administrator signs in on A again, as
 * unitOfTwo left her.
 */
let builtUnitOfTwo: Promise<{ database: string; files: { a: string; b: string }; number: string }> | null =
  null;
async function copiedUnitOfTwo(): Promise<{ server: TestUnitServer; a: OmuApp; b: OmuApp; number: string }> {
  builtUnitOfTwo ??= (async () => {
    const mark = closers.length;
    const { server, a, b, number } = await unitOfTwo();
    const files = { a: a.opened.sqlite.name, b: b.opened.sqlite.name };
    while (closers.length > mark) await closers.pop()!();
    return { database: new URL(server.dbUrl).pathname.slice(1), files, number };
  })();
  const { database, files, number } = await builtUnitOfTwo;
  const server = await startUnitServer(undefined, { copyOf: database });
  closers.push(() => server.close());
  const copied = (name: 'a' | 'b') => {
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
  const a = copied('a');
  const b = copied('b');
  await signInOnline(a, 'Sam Admin');
  return { server, a, b, number };
}

/** A workstation whose clock (and so its "today") is its own, not the tests' fixed day. */
function workstationOnClock(name: string, clock: () => Date): OmuApp {
  const app = openApp({
    dbFile: emptyDatabase(`omu-ws-${name}-`),
    clock,
    osAccount: name,
    passwordHashCost: TEST_COST,
  });
  closers.push(() => app.close());
  return app;
}

/** A change to the prisoner's record as the Change details page sends it: the whole record, and the record as opened. */
async function edit(app: OmuApp, number: string, change: Record<string, unknown>) {
  const opened = app.services.caseload.get(number);
  const res = await createRouter(app, 'http').handle('caseload/update-prisoner', {
    prisonerNumber: number,
    prisoner: { ...toInput(opened), ...change },
    expectedUpdatedAt: opened.updatedAt,
    opened: Object.fromEntries(PRISONER_FIELDS.map((f) => [f.key, opened[f.key as keyof typeof opened]])),
  });
  expect(res, `${Object.keys(change).join(', ')} changed on ${app.osAccount}`).toMatchObject({ ok: true });
}

/** A significant event recorded through a door's router, as the OASys page sends it, by whoever is signed in there. */
async function recordEvent(app: OmuApp, number: string, date: string) {
  expect(
    await createRouter(app, 'http').handle('oasys/add-event', {
      prisonerNumber: number,
      event: { type: 'programme-completion', date },
    }),
  ).toMatchObject({ ok: true });
}

/** The person signed in on `app` changes their password there (the header's Change password). */
async function changePassword(app: OmuApp, from: string, to: string) {
  expect(
    await createRouter(app, 'http').handle('session/change-password', {
      currentPassword: from,
      newPassword: to,
      confirmPassword: to,
    }),
  ).toMatchObject({ ok: true });
}

const prisonerEntries = (app: OmuApp, number: string) =>
  app.services.audit
    .list({ prisonerId: app.services.caseload.get(number).id, limit: 50 })
    .map((e) => ({ actor: e.actorName, summary: e.summary, at: e.at }));

describe('two people change one prisoner on two workstations of a unit', () => {
  it("a POM's two changes to a record made one after the other offline both reach the unit server", async () => {
    const { a, b, number } = await copiedUnitOfTwo();
    await signInOnline(a, 'Pat Pom');
    // Offline (not synced): Pat moves him to B-2-14, then, the page read again, corrects it to B-2-15.
    await edit(a, number, { location: 'B-2-14' });
    await edit(a, number, { location: 'B-2-15' });
    const report = await a.sync.sync();
    expect(report.refused).toEqual([]);
    await b.sync.sync();
    expect(b.services.caseload.get(number).location).toBe('B-2-15');
    expect(caseDigest(b.opened.sqlite)).toEqual(caseDigest(a.opened.sqlite));
  }, 120_000);

  it('a POM offline records an OASys, a handover task and a new location while a case administrator reassigns him: nothing is lost, each change audited with who', async () => {
    const { a, b, number } = await copiedUnitOfTwo();
    await signInOnline(a, 'Pat Pom');
    await signInOnline(b, 'Cass Clerk');
    const router = createRouter(a, 'http');
    // A, offline: Pat's work on the case.
    expect(
      await router.handle('oasys/add-assessment', {
        prisonerNumber: number,
        assessment: { type: 'review', completedOn: '2026-11-20', resultingRosh: 'medium' },
      }),
    ).toMatchObject({ ok: true });
    expect(
      await router.handle('handover/set-task', {
        prisonerNumber: number,
        itemKey: 'contact-from-com',
        done: true,
      }),
    ).toMatchObject({ ok: true });
    await edit(a, number, { location: 'C-1-07' });
    // B, online: Cass reassigns him to Polly, and syncs first.
    await edit(b, number, { pomId: b.services.staff.findByName('Polly Pom')!.id });
    expect((await b.sync.sync()).refused).toEqual([]);

    const report = await a.sync.sync();
    expect(report.refused).toEqual([]);
    await b.sync.sync();
    for (const app of [a, b]) {
      const p = app.services.caseload.get(number);
      expect({ pom: p.pomId, location: p.location }, app.osAccount).toEqual({
        pom: app.services.staff.findByName('Polly Pom')!.id,
        location: 'C-1-07',
      });
      expect(
        app.services.oasys.assessments(app.services.caseload.get(number).id).map((x) => x.completedOn),
      ).toContain('2026-11-20');
    }
    expect(caseDigest(b.opened.sqlite)).toEqual(caseDigest(a.opened.sqlite));
    // Every change in his history, by whom.
    const history = prisonerEntries(b, number);
    expect(history).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          actor: 'Cass Clerk',
          summary: expect.stringMatching(/POM from Pat Pom to Polly Pom/),
        }),
        expect.objectContaining({
          actor: 'Pat Pom',
          summary: expect.stringMatching(/Location from .* to C-1-07/),
        }),
        expect.objectContaining({ actor: 'Pat Pom', summary: expect.stringMatching(/OASys/i) }),
        expect.objectContaining({ actor: 'Pat Pom', summary: expect.stringMatching(/^Handover task done/) }),
      ]),
    );
  }, 120_000);

  it('both change the same field: the second to sync is refused naming the prisoner, the field and the value that stands', async () => {
    const { a, b, number } = await copiedUnitOfTwo();
    await signInOnline(a, 'Pat Pom');
    await signInOnline(b, 'Cass Clerk');
    const p = b.services.caseload.get(number);
    await edit(a, number, { location: 'C-1-07' });
    await edit(b, number, { location: 'HCC-2' });
    expect((await b.sync.sync()).refused).toEqual([]);
    const report = await a.sync.sync();
    expect(report.refused).toEqual([
      {
        command: 'caseload/update-prisoner',
        description: `Change a prisoner record for ${p.surname.toUpperCase()}, ${p.forenames} (${number})`,
        reason: `The location of ${p.surname.toUpperCase()}, ${p.forenames} (${number}) was changed to HCC-2 by Cass Clerk since you opened the record, so your change to it (C-1-07) was not made. Reload the record to see it, then make your change again if it still stands.`,
      },
    ]);
    expect(a.services.caseload.get(number).location).toBe('HCC-2');
  }, 120_000);

  it("a workstation whose clock is days ahead: a date it took for today is refused by the unit server saying the clocks differ, not only 'in the future'", async () => {
    const DAY = 24 * 60 * 60 * 1000;
    const { a, number } = await unitOfTwo(() => new Date(Date.now() + 3 * DAY));
    await signInOnline(a, 'Pat Pom');
    const aToday = a.context().today;
    const serverToday = londonDate(new Date());
    expect(aToday > serverToday).toBe(true);
    // The form offers the workstation's today: Pat records the OASys completed "today".
    expect(
      await createRouter(a, 'http').handle('oasys/add-assessment', {
        prisonerNumber: number,
        assessment: { type: 'review', completedOn: aToday, resultingRosh: 'medium' },
      }),
    ).toMatchObject({ ok: true });
    const report = await a.sync.sync();
    const uk = (iso: string) => iso.split('-').reverse().join('/');
    expect(report.refused).toEqual([
      {
        command: 'oasys/add-assessment',
        description: expect.stringMatching(
          new RegExp(`^Record an OASys assessment for [A-Z][A-Z' -]*, .+ \\(${number}\\)$`),
        ),
        // The server's day as it refused (a run across midnight sees the next one).
        reason: expect.stringMatching(
          new RegExp(
            `^Completed on must not be in the future\\. This workstation's date was ${uk(aToday)} when the change was made and the unit server's is (${uk(serverToday)}|${uk(londonDate(new Date(Date.now() + DAY)))}): check this workstation's clock\\.$`,
          ),
        ),
      },
    ]);
  }, 120_000);

  it('a POM changes her password with a change not yet sent: the change is still hers on the unit server', async () => {
    const { a, b, number } = await copiedUnitOfTwo();
    await signInOnline(a, 'Pat Pom');
    const router = createRouter(a, 'http');
    expect(
      await router.handle('oasys/add-event', {
        prisonerNumber: number,
        event: { type: 'programme-completion', date: '2026-11-20' },
      }),
    ).toMatchObject({ ok: true });
    // Before the next sync (every few seconds, or the server was out of reach a moment): a new password.
    const NEW = 'a new and longer pass phrase';
    expect(
      await router.handle('session/change-password', {
        currentPassword: PASSWORD,
        newPassword: NEW,
        confirmPassword: NEW,
      }),
    ).toMatchObject({ ok: true });
    expect((await a.sync.sync()).refused).toEqual([]);
    await b.sync.sync();
    expect(b.services.oasys.events(b.services.caseload.get(number).id)).toHaveLength(1);
  }, 120_000);

  it('a POM signed in on both workstations changes her password on one: her change made on the other waits for her there, the old password stops opening it and says so, and her previous password, asked once, sends the change signed again', async () => {
    const { server, a, b, number } = await copiedUnitOfTwo();
    await signInOnline(a, 'Pat Pom');
    await signInOnline(b, 'Pat Pom');
    const pat = b.services.staff.findByName('Pat Pom')!;
    const onB = createRouter(b, 'http');
    // On B, before the password change: an event recorded, not yet sent.
    await recordEvent(b, number, '2026-11-20');
    const NEW = 'a new and longer pass phrase';
    await changePassword(a, PASSWORD, NEW);
    // B reaches the unit server: the change is not sent into a refusal ("not signed with Pat Pom's password as it is
    // now"); it waits for Pat, and the Unit server page and omu sync-status say why.
    expect(await b.sync.sync()).toMatchObject({ pushed: 0, waiting: 1, refused: [] });
    const when = String.raw`\d\d/\d\d/\d{4} \d\d:\d\d`;
    expect(b.sync.status()).toMatchObject({
      pending: 1,
      notAccepted: [],
      waitingForMaker: [
        {
          staffId: pat.id,
          name: 'Pat Pom',
          changes: 1,
          words: expect.stringMatching(
            new RegExp(
              `^1 change Pat Pom made here before Pat Pom's password was changed on the unit server \\(${when}\\): not sent until Pat Pom signs in here with the new password and confirms it with the previous one\\.$`,
            ),
          ),
        },
      ],
    });
    // Pat's session on B, opened with the old password, no longer signs anything the server takes: it locks, saying why.
    expect(await onB.handle('session/current', {})).toMatchObject({
      ok: true,
      value: {
        state: 'locked',
        lockedBecause: expect.stringMatching(
          new RegExp(
            `^Pat Pom's password was changed on the unit server on ${when}, so the one this session was opened with no longer works here\\. Enter the new password to carry on\\.$`,
          ),
        ),
      },
    });
    // The old password no longer opens B, even offline (it did until Pat signed in there online), and it says so.
    const previous = new RegExp(
      `^That is Pat Pom's previous password: it was changed on the unit server on ${when}, so it no longer opens OMU Desk here\\. Enter the new password\\.$`,
    );
    const serverUrl = b.sync.link()!.serverUrl;
    const offlineB = (on: boolean) =>
      b.opened.sqlite
        .prepare('UPDATE sync_link SET server_url = ?')
        .run(on ? 'http://127.0.0.1:9' : serverUrl);
    expect(await onB.handle('session/unlock', { password: PASSWORD })).toMatchObject({
      ok: false,
      error: { field: 'password', message: expect.stringMatching(previous) },
    });
    offlineB(true);
    try {
      expect(await onB.handle('session/unlock', { password: PASSWORD })).toMatchObject({
        ok: false,
        error: { field: 'password', message: expect.stringMatching(previous) },
      });
      // The new one opens it, offline too; the change waiting is listed for Pat to confirm, by prisoner and time.
      expect(await onB.handle('session/unlock', { password: NEW })).toMatchObject({
        ok: true,
        value: {
          state: 'signed-in',
          signedInOffline: true,
          lockedBecause: null,
          earlierChanges: {
            changedAt: expect.any(String),
            changes: [
              {
                description: expect.stringMatching(
                  new RegExp(`^Record a significant event for [A-Z][A-Z' -]*, .+ \\(${number}\\)$`),
                ),
                at: expect.any(String),
              },
            ],
          },
        },
      });
    } finally {
      offlineB(false);
    }
    // A wrong previous password confirms nothing, names the field, and the change still waits here.
    expect(
      await onB.handle('session/confirm-earlier-changes', { previousPassword: 'not the one I had before' }),
    ).toMatchObject({
      ok: false,
      error: {
        field: 'previousPassword',
        message: expect.stringMatching(
          new RegExp(
            `^That is not the password this change was made with\\. Enter the password you had before it was changed on the unit server on ${when}\\. Nothing is lost: it waits here until you do\\.$`,
          ),
        ),
      },
    });
    expect(b.sync.status()).toMatchObject({ pending: 1, notAccepted: [] });
    expect(b.services.oasys.events(b.services.caseload.get(number).id)).toHaveLength(1);
    // The right one: signed again with her current password and sent at once; the unit server takes it as Pat's.
    expect(await onB.handle('session/confirm-earlier-changes', { previousPassword: PASSWORD })).toMatchObject(
      { ok: true, value: { confirmed: 1, left: 0, sent: true, session: { earlierChanges: null } } },
    );
    expect(b.sync.status()).toMatchObject({ pending: 0, notAccepted: [], waitingForMaker: [] });
    await a.sync.sync();
    expect(a.services.oasys.events(a.services.caseload.get(number).id)).toHaveLength(1);
    expect(prisonerEntries(a, number)).toContainEqual(
      expect.objectContaining({ actor: 'Pat Pom', summary: expect.stringMatching(/significant event/i) }),
    );
    expect(caseDigest(b.opened.sqlite)).toEqual(caseDigest(a.opened.sqlite));
    // Each step in B's sign-in log, with who and when.
    const log = b.opened.sqlite
      .prepare(
        'SELECT action, actor_name AS actor, summary, at FROM sign_in_log WHERE staff_id = ? ORDER BY seq',
      )
      .all(pat.id) as { action: string; actor: string; summary: string; at: string }[];
    const after = log.slice(log.findIndex((e) => e.action === 'password-changed-elsewhere'));
    expect(after.map((e) => [e.action, e.actor])).toEqual([
      ['password-changed-elsewhere', 'OMU Desk (from the unit server)'],
      ['lock', 'Pat Pom'],
      ['sign-in-failed', 'Pat Pom'],
      ['sign-in-failed', 'Pat Pom'],
      ['unlock', 'Pat Pom'],
      ['earlier-changes-refused', 'Pat Pom'],
      ['earlier-changes-confirmed', 'Pat Pom'],
    ]);
    expect(after.at(-1)!.summary).toMatch(
      new RegExp(
        `^Pat Pom confirmed with their previous password 1 change made here before it was changed on the unit server on ${when}; signed again with their current password$`,
      ),
    );
    for (const e of after) expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT/);
    void server;
  }, 120_000);

  it('a password changed on the unit server while the POM is signed out of the other workstation: there, her old password says it is her previous one, online or not, and the new one asks once for it', async () => {
    const { a, b, number } = await copiedUnitOfTwo();
    await signInOnline(b, 'Pat Pom');
    const onB = createRouter(b, 'http');
    await recordEvent(b, number, '2026-11-21');
    expect(await onB.handle('session/sign-out', {})).toMatchObject({ ok: true });
    const NEW = 'another new pass phrase for pat';
    await signInOnline(a, 'Pat Pom');
    await changePassword(a, PASSWORD, NEW);
    expect(await b.sync.sync()).toMatchObject({ pushed: 0, waiting: 1, refused: [] });
    expect(await onB.handle('session/sign-in', { name: 'Pat Pom', password: PASSWORD })).toMatchObject({
      ok: false,
      error: { field: 'password', message: expect.stringMatching(/^That is Pat Pom's previous password: /) },
    });
    const signedIn = await onB.handle('session/sign-in', { name: 'Pat Pom', password: NEW });
    expect(signedIn).toMatchObject({
      ok: true,
      value: { signedInOffline: false, earlierChanges: { changes: [expect.anything()] } },
    });
    // Signed in with the new password: the previous one is no longer looked for (an ordinary wrong password now).
    expect(await onB.handle('session/sign-out', {})).toMatchObject({ ok: true });
    expect(await onB.handle('session/sign-in', { name: 'Pat Pom', password: PASSWORD })).toMatchObject({
      ok: false,
      error: { message: 'The name or password is not right' },
    });
  }, 120_000);

  it('a POM offline records an OASys for a prisoner a case administrator has meanwhile transferred out: refused naming him, where he went, since when, who recorded it and what to do, in every door', async () => {
    const { server, a, b, number } = await copiedUnitOfTwo();
    await server.unit.initPrison({ code: 'LEI', name: 'HMP Leeds', adminName: 'Lee Admin' });
    await signInOnline(a, 'Pat Pom');
    await signInOnline(b, 'Cass Clerk');
    const p = a.services.caseload.get(number);
    const who = `${p.surname.toUpperCase()}, ${p.forenames} (${number})`;
    const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(
      await createRouter(a, 'http').handle('oasys/add-assessment', {
        prisonerNumber: number,
        assessment: { type: 'review', completedOn: '2026-11-20', resultingRosh: 'medium' },
      }),
    ).toMatchObject({ ok: true });
    expect(
      await createRouter(b, 'http').handle('transfer/transfer-out', {
        prisonerNumber: number,
        toPrison: 'LEI',
        on: '2026-11-21',
      }),
    ).toMatchObject({ ok: true });
    expect((await b.sync.sync()).refused).toEqual([]);
    const report = await a.sync.sync();
    // Found by using the product (28/11/2026): the reason was "G1359EJ is not on the caseload" and the change
    // "Record an OASys assessment for G1359EJ": his number only, and nothing of where he went, when, or by whom.
    const reason = new RegExp(
      `^${esc(who)} is no longer on HMP Moorland's caseload: Cass Clerk recorded on \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d that he was transferred to LEI on 21/11/2026, and his record went to LEI's caseload, so this change was not made\\. If it still stands, pass it to LEI's offender management unit\\.$`,
    );
    const description = `Record an OASys assessment for ${who}`;
    expect(report.refused).toEqual([
      { command: 'oasys/add-assessment', description, reason: expect.stringMatching(reason) },
    ]);
    // The Unit server page's list (sync/status), as it is read again later: the same words.
    expect(a.sync.status().notAccepted).toEqual([
      expect.objectContaining({ actor: 'Pat Pom', description, reason: expect.stringMatching(reason) }),
    ]);
    expect(
      a.opened.sqlite.prepare('SELECT count(*) AS n FROM prisoners WHERE prisoner_number = ?').get(number),
    ).toEqual({
      n: 0,
    });
    // The command line's door, on the same file.
    let out = '';
    const code = await runCli(['--db', a.opened.sqlite.name, 'sync-status'], {
      stdout: (s) => (out += s),
      stderr: (s) => (out += s),
    });
    expect(code, out).toBe(0);
    const line = out.split('\n').find((l) => l.includes('not accepted'));
    expect(line).toMatch(
      new RegExp(
        `^  not accepted: ${esc(description)}, by Pat Pom at \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d: ${reason.source.slice(1)}`,
      ),
    );
  }, 120_000);
});
