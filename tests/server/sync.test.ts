import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { verifyAuditChain } from '../../db/audit-chain';
import { createRouter } from '../../electron/api/router';
import { caseDigest, workstationDigest } from '../../electron/core/replay';
import { prisonDigest } from '../../server/store';
import { createCommandRunner, type AnyCommand } from '../../electron/core/runner';
import { commands } from '../../electron/api/registry';
import { EVIDENCE_SECTIONS } from '../../electron/domain/categorisation/schemas';
import { toInput } from '../../electron/domain/caseload/changes';
import type { Role } from '../../electron/domain/staff/roles';
import { syntheticCaseloadCsv } from '../support/caseload-csv';
import { PRISONER_FIELDS } from '../../electron/domain/caseload/fields';
import { csvLine } from '../../electron/domain/shared/csv';
import { startUnitServer, type TestUnitServer } from '../support/unit-server';
import { FIXED_TODAY, fixedClock, tempDir } from '../support/temp';
import { TEST_COST, signIn as signInLocally } from '../support/sign-in';
import { oldNameOf } from '../support/commands';
import { signCommand } from '../../electron/core/signing';
import { mutations, staffCredentials } from '../../server/db/schema';
import { eq } from 'drizzle-orm';
import { emptyDatabase } from '../support/empty-database';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const PASSWORD = 'correct horse battery staple';

/** The audit chain walked as opening walks it: from its checkpoint (db/audit-chain.ts). */
const fromCheckpoint = (app: OmuApp) =>
  verifyAuditChain(app.opened.sqlite, { migrationsFolder: app.opened.migrationsFolder, whole: false });

function workstation(name: string, dbFile = emptyDatabase(`omu-ws-${name}-`)): OmuApp {
  const app = openApp({
    dbFile,
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: name,
    passwordHashCost: TEST_COST,
  });
  recordStatements(app);
  closers.push(() => {
    // Whatever the scenario did (changes taken back, the server's put in their place), the audit chain still holds.
    try {
      // From its checkpoint too (as opening walks it), which a rebase moves back when it relinks entries before it.
      expect(fromCheckpoint(app), `the audit chain of workstation ${name} from its checkpoint`).toMatchObject(
        {
          intact: true,
          problems: [],
        },
      );
      expect(app.verifyAudit(), `the audit chain of workstation ${name}`).toMatchObject({
        intact: true,
        problems: [],
      });
    } finally {
      app.close();
    }
  });
  return app;
}

const statementsOf = new WeakMap<OmuApp, Set<string>>();
/**
 * Every SQL statement prepared on a workstation's database since it was opened here (drizzle prepares each query it
 * builds; the reads a sync makes many times over are kept prepared from their first use, electron/sync/engine.ts).
 */
function recordStatements(app: OmuApp): Set<string> {
  let asked = statementsOf.get(app);
  if (asked) return asked;
  statementsOf.set(app, (asked = new Set<string>()));
  const sqlite = app.opened.sqlite;
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    asked.add(source);
    return prepare(source);
  }) as typeof sqlite.prepare;
  return asked;
}

/** Signs a member of staff in on a joined workstation: the session asks the server; the key to sign their changes stays in memory. */
async function signIn(app: OmuApp, staffName: string, password = PASSWORD) {
  const member = app.services.staff.findByName(staffName)!;
  await app.session.signInWithPassword(app.context(), member.name, password);
  return member;
}

/** A standalone workstation with a caseload becomes the first data of prison MDI; a second, empty one joins it. */
async function unitOfTwo(
  moreStaff: { name: string; roles: Role[] }[] = [],
  serverOptions: Parameters<typeof startUnitServer>[1] = {},
) {
  const server: TestUnitServer = await startUnitServer(undefined, serverOptions);
  closers.push(() => server.close());
  const { code: adminCode } = await server.unit.initPrison({
    code: 'MDI',
    name: 'HMP Moorland',
    adminName: 'Sam Admin',
  });

  const a = workstation('a');
  const admin = a.services.staff.insertUnchecked(a.context(), {
    name: 'Sam Admin',
    email: null,
    roles: ['administrator', 'pom', 'senior-manager'],
    active: true,
  });
  a.services.staff.insertUnchecked(a.context(), {
    name: 'Pat Pom',
    email: null,
    roles: ['pom'],
    active: true,
  });
  await signInLocally(a, admin.name);
  for (const m of moreStaff)
    a.services.staff.insertUnchecked(a.context(), { ...m, email: null, active: true });
  const { csv, numbers } = syntheticCaseloadCsv(30);
  a.services.caseloadImport.commit(a.context(), 'c.csv', csv);

  // The administrator's first password, set with the one-time code the server printed, over an enrolment of A.
  const enrolA = await server.unit.issueEnrolment({ prison: 'MDI', workstation: 'A', issuedBy: 'test' });
  const joinedA = await (async () => {
    // Setting the first password needs an enrolled device: enrol a set-up device for it, as the set-up screen does.
    const setup = await server.unit.enrol({
      code: (await server.unit.issueEnrolment({ prison: 'MDI', workstation: 'setup', issuedBy: 'test' }))
        .code,
      workstation: 'setup',
    });
    await server.unit.setPasswordWithCode(
      { id: setup.deviceId, prison: 'MDI', name: 'setup' },
      { code: adminCode, password: PASSWORD },
    );
    return a.sync.join({
      url: server.url,
      code: enrolA.code,
      workstation: 'A',
      seedAs: { adminName: 'Sam Admin', password: PASSWORD },
    });
  })();
  expect(joinedA).toMatchObject({ prison: 'MDI', prisonName: 'HMP Moorland' });
  expect(joinedA.seeded).toBeGreaterThan(30);

  const b = workstation('b');
  const enrolB = await server.unit.issueEnrolment({ prison: 'MDI', workstation: 'B', issuedBy: 'test' });
  await b.sync.join({ url: server.url, code: enrolB.code, workstation: 'B' });
  return { server, a, b, numbers };
}

/**
 * The unit of two as unitOfTwo leaves it, built once for the file (its server's database and the two workstations'
 * files, closed) and copied for each test that takes it as it is: every one of them built the same unit again (a
 * caseload imported, brought to the server, joined twice), a quarter of the file's CPU. The copies are a new database
 * of the test cluster and new workstation files, served by a new unit server on its own port, so no test sees
 * another's changes; a workstation copied is a new process's (no one signed in, its memory empty).
 */
let builtUnitOfTwo: Promise<{ database: string; files: { a: string; b: string }; numbers: string[] }> | null =
  null;
async function copiedUnitOfTwo() {
  builtUnitOfTwo ??= (async () => {
    const mark = closers.length;
    const { server, a, b, numbers } = await unitOfTwo();
    const files = { a: a.opened.sqlite.name, b: b.opened.sqlite.name };
    // Closed as each test's are (the workstations' audit chains checked as they close), before they are copied.
    while (closers.length > mark) await closers.pop()!();
    return { database: new URL(server.dbUrl).pathname.slice(1), files, numbers };
  })();
  const { database, files, numbers } = await builtUnitOfTwo;
  const server = await startUnitServer(undefined, { copyOf: database });
  closers.push(() => server.close());
  const copied = (name: 'a' | 'b') => {
    const file = path.join(tempDir(`omu-ws-${name}-`), 'omu.sqlite');
    fs.copyFileSync(files[name], file);
    const app = workstation(name, file);
    app.opened.sqlite.prepare('UPDATE sync_link SET server_url = ?').run(server.url);
    return app;
  };
  return { server, a: copied('a'), b: copied('b'), numbers };
}

/** A member of staff's first password, from a one-time code the server issues, set on a joined workstation. */
async function firstPassword(server: TestUnitServer, app: OmuApp, name: string, password = PASSWORD) {
  const { code } = await server.unit.issueStaffCode({ prison: 'MDI', staffName: name, issuedBy: 'test' });
  await app.sync.setPasswordWithCode(app.services.staff.findByName(name)!.id, code, password);
}

const AUTHORISATION = {
  means: 'phone',
  basis: 'offence-related',
  reasons: 'Offence against a child by phone contact',
  necessityAndProportionality: 'Necessary to protect the victim; limited to calls',
  authorisedOn: '2026-11-01',
};

describe('one caseload for the unit', () => {
  it('a joining workstation gets the prison caseload, a small one in one request; after a sync both hold identical case data', async () => {
    let snapshots = 0;
    const { a, b } = await unitOfTwo([], {
      arriving: (path) => {
        if (path === '/api/snapshot') snapshots++;
      },
    });
    expect(b.services.caseload.count()).toBe(30);
    // Each join takes the prison's data (its 26 case tables, a few hundred rows) in one page of them all.
    expect(snapshots).toBe(2);
    await a.sync.sync();
    expect(caseDigest(b.opened.sqlite)).toEqual(caseDigest(a.opened.sqlite));
  });

  it("a workstation joined before the prison's first data takes it by pulling: its tables equal the server's", async () => {
    // The first data is written and logged by PostgreSQL itself (insertAndLogRows): what a pull gives of it must be
    // the rows exactly as a snapshot, or a command, gives them.
    const server = await startUnitServer();
    closers.push(() => server.close());
    const { code: adminCode } = await server.unit.initPrison({
      code: 'MDI',
      name: 'HMP Moorland',
      adminName: 'Sam Admin',
    });
    const early = workstation('early');
    await early.sync.join({
      url: server.url,
      code: (await server.unit.issueEnrolment({ prison: 'MDI', workstation: 'E', issuedBy: 'test' })).code,
      workstation: 'E',
    });
    const a = workstation('a');
    const admin = a.services.staff.insertUnchecked(a.context(), {
      name: 'Sam Admin',
      email: null,
      roles: ['administrator', 'pom'],
      active: true,
    });
    await signInLocally(a, admin.name);
    a.services.caseloadImport.commit(a.context(), 'c.csv', syntheticCaseloadCsv(40).csv);
    await early.sync.setPasswordWithCode(
      early.services.staff.findByName('Sam Admin')!.id,
      adminCode,
      PASSWORD,
    );
    await a.sync.join({
      url: server.url,
      code: (await server.unit.issueEnrolment({ prison: 'MDI', workstation: 'A', issuedBy: 'test' })).code,
      workstation: 'A',
      seedAs: { adminName: 'Sam Admin', password: PASSWORD },
    });
    const pulled = await early.sync.sync();
    expect(pulled.pulled).toBeGreaterThan(40);
    expect(early.services.caseload.count()).toBe(40);
    expect(workstationDigest(early.opened.db)).toEqual(await prisonDigest(server.unit.db, 'MDI'));
    expect(workstationDigest(early.opened.db)).toEqual(workstationDigest(a.opened.db));
  });

  it('a change made on one workstation reaches another after both sync, applied by the server as the signed-in person', async () => {
    const { a, b, numbers } = await copiedUnitOfTwo();
    await signIn(a, 'Sam Admin');
    const router = createRouter(a, 'http');
    expect(
      await router.handle('oasys/add-assessment', {
        prisonerNumber: numbers[0],
        assessment: { type: 'review', completedOn: '2026-11-01' },
      }),
    ).toMatchObject({ ok: true });
    expect(a.sync.status().pending).toBe(1);
    const report = await a.sync.sync();
    expect(report).toMatchObject({ pushed: 1, applied: 1, refused: [] });
    await b.sync.sync();
    const onB = b.services.oasys.assessments(b.services.caseload.get(numbers[0]!).id);
    expect(onB.map((x) => [x.type, x.completedOn])).toContainEqual(['review', '2026-11-01']);
    expect(b.services.audit.list({ limit: 5 }).map((e) => e.summary)).toContainEqual(
      expect.stringMatching(/^Recorded review OASys/),
    );
    expect(caseDigest(b.opened.sqlite)).toEqual(caseDigest(a.opened.sqlite));
    expect(a.sync.status()).toMatchObject({ pending: 0, notAccepted: [] });
  });

  it("a change logged and signed under its old name, by a workstation on the version before issue 15's renaming, is applied under today's name", async () => {
    const { server, a, b, numbers } = await copiedUnitOfTwo();
    const admin = await signIn(a, 'Sam Admin');
    expect(
      await createRouter(a, 'http').handle('oasys/add-assessment', {
        prisonerNumber: numbers[0],
        assessment: { type: 'review', completedOn: '2026-11-01' },
      }),
    ).toMatchObject({ ok: true });
    // What the old version left pending: the command under its old name, signed (with the administrator's key) as such.
    const old = oldNameOf('oasys/add-assessment');
    const row = a.opened.sqlite
      .prepare("SELECT seq, command_id AS commandId, input FROM command_log WHERE sync = 'pending'")
      .get() as { seq: number; commandId: string; input: string };
    const [key] = await server.unit.db
      .select({ key: staffCredentials.signingKey })
      .from(staffCredentials)
      .where(eq(staffCredentials.staffId, admin.id));
    const signature = signCommand(key!.key, {
      commandId: row.commandId,
      name: old,
      input: JSON.parse(row.input),
      actorId: admin.id,
      deviceId: a.sync.link()!.deviceId,
    });
    a.opened.sqlite
      .prepare('UPDATE command_log SET name = ?, signature = ? WHERE seq = ?')
      .run(old, signature, row.seq);

    expect(await a.sync.sync()).toMatchObject({ pushed: 1, applied: 1, refused: [] });
    const [recorded] = await server.unit.db
      .select({ name: mutations.name })
      .from(mutations)
      .where(eq(mutations.commandId, row.commandId));
    expect(recorded).toEqual({ name: 'oasys/add-assessment' });
    await b.sync.sync();
    const onB = b.services.oasys.assessments(b.services.caseload.get(numbers[0]!).id);
    expect(onB.map((x) => [x.type, x.completedOn])).toContainEqual(['review', '2026-11-01']);
    expect(caseDigest(b.opened.sqlite)).toEqual(caseDigest(a.opened.sqlite));
    expect(workstationDigest(a.opened.db)).toEqual(await prisonDigest(server.unit.db, 'MDI'));
  });

  it('the demo caseload never reaches the unit server: a joined workstation refuses it, and the server refuses it sent anyway', async () => {
    const { server, a, b, numbers } = await copiedUnitOfTwo();
    const admin = await signIn(a, 'Sam Admin');
    const joined = expect.stringContaining('joined to a unit server');
    // The first-start page's button (through the router), and the command runner itself (any other way in).
    expect(await createRouter(a, 'http').handle('caseload/load-demo', {})).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: joined },
    });
    await expect(a.runner.run('caseload/load-demo', {}, a.context())).rejects.toMatchObject({
      code: 'conflict',
      message: joined,
    });
    // Sent anyway, signed by the person (a workstation altered to let it through): the server refuses it by name.
    expect(
      await createRouter(a, 'http').handle('oasys/add-event', {
        prisonerNumber: numbers[0],
        event: { type: 'transfer-in', date: '2026-11-20' },
      }),
    ).toMatchObject({ ok: true });
    const row = a.opened.sqlite
      .prepare("SELECT seq, command_id AS commandId FROM command_log WHERE sync = 'pending'")
      .get() as { seq: number; commandId: string };
    const [key] = await server.unit.db
      .select({ key: staffCredentials.signingKey })
      .from(staffCredentials)
      .where(eq(staffCredentials.staffId, admin.id));
    const input = { seed: 20261122, count: 600 };
    const signature = signCommand(key!.key, {
      commandId: row.commandId,
      name: 'caseload/load-demo',
      input,
      actorId: admin.id,
      deviceId: a.sync.link()!.deviceId,
    });
    a.opened.sqlite
      .prepare('UPDATE command_log SET name = ?, input = ?, signature = ? WHERE seq = ?')
      .run('caseload/load-demo', JSON.stringify(input), signature, row.seq);
    const report = await a.sync.sync();
    expect(report.refused).toEqual([
      {
        command: 'caseload/load-demo',
        // (The log row rewritten here keeps the prisoner its first command changed.)
        description: expect.stringMatching(/^Load the demo caseload/),
        reason: expect.stringMatching(/does not accept "caseload\/load-demo"/),
      },
    ]);
    await b.sync.sync();
    expect(b.services.caseload.count()).toBe(30);
    expect(caseDigest(b.opened.sqlite)).toEqual(caseDigest(a.opened.sqlite));
    expect(workstationDigest(a.opened.db)).toEqual(await prisonDigest(server.unit.db, 'MDI'));
  });

  it("a workstation holding the demo caseload is refused when it joins, before its one-time code is used: the demo never becomes a prison's data", async () => {
    const server: TestUnitServer = await startUnitServer();
    closers.push(() => server.close());
    await server.unit.initPrison({ code: 'MDI', name: 'HMP Moorland', adminName: 'Sam Admin' });
    const demo = workstation('demo');
    expect(await createRouter(demo, 'http').handle('caseload/load-demo', { count: 12 })).toMatchObject({
      ok: true,
      value: { prisoners: 12 },
    });
    const enrol = await server.unit.issueEnrolment({ prison: 'MDI', workstation: 'D', issuedBy: 'test' });
    // Through the router (the Join page, as the demo's administrator) and the engine itself, even naming an
    // administrator to bring it.
    await signInLocally(demo, 'Sam Noble', 'demo-password');
    expect(
      await createRouter(demo, 'http').handle('sync/join', { url: server.url, code: enrol.code }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('demo caseload') },
    });
    await expect(
      demo.sync.join({
        url: server.url,
        code: enrol.code,
        workstation: 'D',
        seedAs: { adminName: 'Sam Admin', password: PASSWORD },
      }),
    ).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('never goes to a unit server'),
    });
    expect(demo.sync.link()).toBeFalsy();
    // The prison is still empty, and the code still enrols a workstation that joins from an empty database.
    const empty = workstation('empty');
    expect(await empty.sync.join({ url: server.url, code: enrol.code, workstation: 'D' })).toMatchObject({
      prison: 'MDI',
      seeded: 0,
    });
    expect(empty.services.caseload.count()).toBe(0);
  });

  it('a change whose actor did not sign it is refused by the server, taken back here and listed with the reason', async () => {
    const { a, b, numbers } = await copiedUnitOfTwo();
    const asked = recordStatements(a);
    const admin = a.services.staff.findByName('Sam Admin')!;
    // The workstation claims the administrator ran it, but holds no key of theirs to sign the change with (as one
    // altered to keep the name and drop the key would).
    await signIn(a, admin.name);
    a.sync.forgetSigningKey(admin.id);
    const router = createRouter(a, 'http');
    await router.handle('oasys/add-event', {
      prisonerNumber: numbers[1],
      event: { type: 'transfer-in', date: '2026-11-20' },
    });
    const prisonerId = a.services.caseload.get(numbers[1]!).id;
    expect(a.services.oasys.events(prisonerId)).toHaveLength(1);
    const report = await a.sync.sync();
    expect(report.refused).toEqual([
      {
        command: 'oasys/add-event',
        description: expect.stringMatching(
          /^Record a significant event for [A-Z][A-Z' -]*, .+ \([A-Z]\d{4}[A-Z]{2}\)$/,
        ),
        reason: expect.stringMatching(/not signed by Sam Admin/),
      },
    ]);
    expect(a.services.oasys.events(prisonerId)).toHaveLength(0);
    expect(a.sync.status().notAccepted).toEqual([
      expect.objectContaining({
        command: 'oasys/add-event',
        actor: 'Sam Admin',
        reason: expect.stringMatching(/not signed/),
      }),
    ]);
    await b.sync.sync();
    expect(caseDigest(b.opened.sqlite)).toEqual(caseDigest(a.opened.sqlite));
    // Every read of the log by where a command stands with the server (its pending ones to send and count, its refused
    // ones to list) goes through command_log_sync_idx (migration 0025), in order; the rebase's read of the commands with
    // changes to take back goes by their numbers. None walks the whole log.
    const plans = [...asked]
      .filter((q) => /^select[^]*from "command_log"[^]*where[^]*\bsync\b/i.test(q))
      .map((q) => ({
        q,
        plan: (
          a.opened.sqlite
            .prepare(`EXPLAIN QUERY PLAN ${q}`)
            .all(...Array.from(q.matchAll(/\?/g), () => null)) as { detail: string }[]
        )
          .map((p) => p.detail)
          .join('; '),
      }));
    for (const { q, plan } of plans) expect(plan, q).not.toMatch(/SCAN command_log/);
    const bySyncIndex = plans.filter(({ plan }) => /INDEX command_log_sync_idx/.test(plan));
    expect(bySyncIndex.map(({ q }) => q.match(/where .*/)![0]).sort()).toEqual([
      'where "command_log"."sync" = ?',
      'where "command_log"."sync" = ? order by "command_log"."seq" asc',
      'where "command_log"."sync" = ? order by "command_log"."seq" desc limit ?',
    ]);
    for (const { q, plan } of bySyncIndex) expect(plan, q).not.toMatch(/TEMP B-TREE/);
  });

  it("the audit chain holds when the server's entries land among this workstation's own (issue 13, item 7)", async () => {
    const { a, b, numbers } = await copiedUnitOfTwo();
    await signIn(a, 'Sam Admin');
    await signIn(b, 'Sam Admin');
    // A: a change waiting to be sent, then a backup, whose audit entry is this workstation's own and stays here.
    expect(
      await createRouter(a, 'http').handle('oasys/add-assessment', {
        prisonerNumber: numbers[0],
        assessment: { type: 'review', completedOn: '2026-11-02' },
      }),
    ).toMatchObject({ ok: true });
    a.backupNow(a.context());
    // A whole walk here puts A's checkpoint at the backup's entry, above the entries the rebase will take back.
    expect(a.verifyAudit()).toMatchObject({ intact: true, walked: 'whole' });
    // B's change reaches the server first: its entry takes the number A's waiting one had, below A's backup entry.
    expect(
      await createRouter(b, 'http').handle('oasys/add-assessment', {
        prisonerNumber: numbers[1],
        assessment: { type: 'review', completedOn: '2026-11-03' },
      }),
    ).toMatchObject({ ok: true });
    await b.sync.sync();
    const backup = a.services.audit.list({ limit: 1 })[0]!;
    expect(backup.action).toBe('backup');
    await a.sync.sync();
    // The server numbered A's change after B's, the number A's backup entry had here: both the server's entries are
    // on A, and the backup's entry is kept after them under a new number.
    await b.sync.sync();
    const onA = a.services.audit.list({ limit: 3 });
    const serverEntries = b.services.audit.list({ limit: 2 });
    expect(onA.slice(1).map((e) => [e.seq, e.summary])).toEqual(serverEntries.map((e) => [e.seq, e.summary]));
    expect(onA[0]).toMatchObject({ action: 'backup', summary: backup.summary, at: backup.at });
    expect(onA[0]!.seq).toBeGreaterThan(backup.seq);
    // The rebase put B's entry below A's backup entry and worked the links out again from there.
    expect(fromCheckpoint(a)).toMatchObject({ intact: true, walked: 'since-checkpoint', problems: [] });
    expect(a.verifyAudit()).toMatchObject({ intact: true, problems: [] });
  });

  it("the audit chain is worked out again when the server's entry lands below one of this workstation's own (issue 13, item 7)", async () => {
    const { a, b, numbers } = await copiedUnitOfTwo();
    // A: a change its actor did not sign (the server will refuse it), then a backup, whose entry stays here.
    a.sync.forgetSigningKey((await signIn(a, 'Sam Admin')).id);
    expect(
      await createRouter(a, 'http').handle('oasys/add-event', {
        prisonerNumber: numbers[1],
        event: { type: 'transfer-in', date: '2026-11-20' },
      }),
    ).toMatchObject({ ok: true });
    a.backupNow(a.context());
    expect(a.verifyAudit()).toMatchObject({ intact: true, walked: 'whole' });
    const backup = a.services.audit.list({ limit: 1 })[0]!;
    await signIn(b, 'Sam Admin');
    expect(
      await createRouter(b, 'http').handle('oasys/add-assessment', {
        prisonerNumber: numbers[2],
        assessment: { type: 'review', completedOn: '2026-11-03' },
      }),
    ).toMatchObject({ ok: true });
    await b.sync.sync();
    expect((await a.sync.sync()).refused).toHaveLength(1);
    // A's refused entry is taken back; B's, numbered as it was, now sits below the backup's entry, which keeps its number.
    const [last, before] = a.services.audit.list({ limit: 2 });
    expect(last).toMatchObject({ seq: backup.seq, action: 'backup' });
    expect(before!.seq).toBeLessThan(backup.seq);
    expect(before!.summary).toBe(b.services.audit.list({ limit: 1 })[0]!.summary);
    expect(fromCheckpoint(a)).toMatchObject({ intact: true, walked: 'since-checkpoint', problems: [] });
    expect(a.verifyAudit()).toMatchObject({ intact: true, problems: [] });
  });

  it('offline, changes wait; a resend after a lost reply is applied once', async () => {
    const { server, a, b, numbers } = await copiedUnitOfTwo();
    await signIn(a, 'Sam Admin');
    const router = createRouter(a, 'http');
    await router.handle('oasys/add-assessment', {
      prisonerNumber: numbers[2],
      assessment: { type: 'review', completedOn: '2026-10-01' },
    });
    // The server goes away: the sync fails as offline and nothing is lost.
    const url = a.sync.link()!.serverUrl;
    a.opened.sqlite.prepare('UPDATE sync_link SET server_url = ?').run('http://127.0.0.1:9');
    await expect(a.sync.sync()).rejects.toThrow(/cannot be reached/);
    expect(a.sync.status()).toMatchObject({ pending: 1, offlineSince: expect.any(String) });
    a.opened.sqlite.prepare('UPDATE sync_link SET server_url = ?').run(url);
    // The push arrives but its reply is lost: the server has it, the workstation does not know.
    const l = a.sync.link()!;
    const pending = a.opened.sqlite
      .prepare(
        "SELECT seq, command_id AS commandId, name, input, actor_id AS actorId, today, at, signature FROM command_log WHERE sync = 'pending'",
      )
      .all() as Record<string, unknown>[];
    const device = (await server.unit.authenticate(l.deviceToken))!;
    const mutation = {
      mutationId: pending[0]!.seq as number,
      commandId: pending[0]!.commandId as string,
      name: pending[0]!.name as string,
      input: JSON.parse(pending[0]!.input as string),
      actorId: pending[0]!.actorId as string,
      clientToday: FIXED_TODAY,
      clientAt: pending[0]!.at as string,
      signature: pending[0]!.signature as string,
    };
    expect((await server.unit.push(device, [mutation]))[0]).toMatchObject({ outcome: 'applied' });
    const report = await a.sync.sync();
    expect(report).toMatchObject({ pushed: 1, applied: 1 });
    await b.sync.sync();
    const onB = b.services.oasys
      .assessments(b.services.caseload.get(numbers[2]!).id)
      .filter((x) => x.completedOn === '2026-10-01');
    expect(onB).toHaveLength(1);
    expect(caseDigest(b.opened.sqlite)).toEqual(caseDigest(a.opened.sqlite));
  });

  it('a workstation removed after the server has taken its pushes is refused on its next push, which applies nothing', async () => {
    const { server, a, numbers } = await copiedUnitOfTwo();
    await signIn(a, 'Sam Admin');
    const router = createRouter(a, 'http');
    const addEvent = (date: string) =>
      router.handle('oasys/add-event', {
        prisonerNumber: numbers[3],
        event: { type: 'programme-completion', date },
      });
    await addEvent('2026-10-01');
    // Pushed and applied: the server has seen this workstation's token (and keeps it for the next push).
    expect(await a.sync.sync()).toMatchObject({ pushed: 1, applied: 1 });
    const version = (await server.unit.state({ id: 'x', prison: 'MDI', name: 'x' })).version;
    // Removed behind the server's back, as an administrator would (the server's own database).
    const owner = new pg.Client({ connectionString: server.ownerUrl });
    await owner.connect();
    await owner.query("UPDATE devices SET revoked_at = now() WHERE name = 'A'");
    await owner.end();
    await addEvent('2026-10-02');
    await expect(a.sync.sync()).rejects.toThrow(/not enrolled with the unit server \(or was removed\)/);
    // Nothing of it reached the prison's data, and it is still waiting on the workstation.
    expect((await server.unit.state({ id: 'x', prison: 'MDI', name: 'x' })).version).toBe(version);
    expect(a.sync.status()).toMatchObject({ pending: 1 });
  });

  it('joining refuses a workstation with its own caseload when the prison already has one', async () => {
    const { server } = await copiedUnitOfTwo();
    const c = workstation('c');
    const admin = c.services.staff.insertUnchecked(c.context(), {
      name: 'Other Admin',
      email: null,
      roles: ['administrator'],
      active: true,
    });
    await signInLocally(c, admin.name);
    c.services.caseloadImport.commit(c.context(), 'c.csv', syntheticCaseloadCsv(5, 99).csv);
    const enrol = await server.unit.issueEnrolment({ prison: 'MDI', workstation: 'C', issuedBy: 'test' });
    await expect(
      c.sync.join({
        url: server.url,
        code: enrol.code,
        seedAs: { adminName: 'Sam Admin', password: PASSWORD },
      }),
    ).rejects.toThrow(/already holds HMP Moorland's caseload \(30 prisoners\)/);
    expect(c.sync.link()).toBeNull();
    expect(c.services.caseload.count()).toBe(5);
  });
});

describe("a workstation's caseload brought to a second prison", () => {
  it("is refused by name when one of its prisoners is already on another prison's caseload; nothing is written", async () => {
    const { server } = await copiedUnitOfTwo();
    const { code: adminCode } = await server.unit.initPrison({
      code: 'LEI',
      name: 'HMP Leeds',
      adminName: 'Lee Admin',
    });
    const setup = await server.unit.enrol({
      code: (await server.unit.issueEnrolment({ prison: 'LEI', workstation: 'setup', issuedBy: 'test' }))
        .code,
      workstation: 'setup',
    });
    await server.unit.setPasswordWithCode(
      { id: setup.deviceId, prison: 'LEI', name: 'setup' },
      { code: adminCode, password: PASSWORD },
    );
    const d = workstation('d');
    const admin = d.services.staff.insertUnchecked(d.context(), {
      name: 'Lee Admin',
      email: null,
      roles: ['administrator'],
      active: true,
    });
    await signInLocally(d, admin.name);
    // The same synthetic caseload as MDI's: the same prisoner numbers.
    d.services.caseloadImport.commit(d.context(), 'd.csv', syntheticCaseloadCsv(30).csv);
    const enrol = await server.unit.issueEnrolment({ prison: 'LEI', workstation: 'D', issuedBy: 'test' });
    await expect(
      d.sync.join({
        url: server.url,
        code: enrol.code,
        seedAs: { adminName: 'Lee Admin', password: PASSWORD },
      }),
    ).rejects.toThrow(
      // The first of its prisoners in the order it sends them (by id): all 30 are MDI's.
      new RegExp(
        `${(d.opened.sqlite.prepare('SELECT prisoner_number AS n FROM prisoners ORDER BY id LIMIT 1').get() as { n: string }).n} is already on the unit server's caseload at MDI`,
      ),
    );
    expect(d.sync.link()).toBeNull();
    expect(d.services.caseload.count()).toBe(30);
    expect(await server.unit.state({ id: setup.deviceId, prison: 'LEI', name: 'setup' })).toMatchObject({
      prisoners: 0,
    });
  });
});

describe('the slices converted to commands, on the unit server', () => {
  it("re-runs each slice's commands on PostgreSQL under its own rules; the other workstation gets the same rows", async () => {
    const { a, b, numbers } = await copiedUnitOfTwo();
    await signIn(a, 'Sam Admin');
    const router = createRouter(a, 'http');
    const ok = async (name: string, input: unknown) => {
      const res = await router.handle(name, input);
      expect(res, name).toMatchObject({ ok: true });
      return (res as { value: { id: string } }).value;
    };
    const { id: statusId } = await ok('public-protection/add-status', {
      prisonerNumber: numbers[3],
      status: { type: 'pprc', status: 'potential', identifiedOn: '2026-11-01', groundsCurrentOffence: true },
    });
    await ok('public-protection/add-protected-person', {
      statusId,
      person: { kind: 'child', name: 'A.B.', age: 7, relationship: 'son' },
    });
    await ok('handover/set-type', { prisonerNumber: numbers[3], type: 'enhanced' });
    await ok('handover/set-task', { prisonerNumber: numbers[3], itemKey: 'review-last-oasys', done: true });
    await ok('policy/add-version', {
      key: 'irmt',
      effectiveFrom: '2026-12-01',
      params: { meetingIntervalMonths: 2 },
      source: 'Local decision, minutes of the OMU meeting',
    });
    const meeting = await ok('irmt/create-meeting', {
      meetingDate: '2026-12-01',
      startTime: '14:00',
      place: 'Board room',
    });
    await ok('irmt/set-attendance', {
      meetingId: meeting.id,
      attendance: [{ department: 'OMU', attendee: 'Sam Admin', present: true }],
    });
    await ok('irmt/record-minutes', {
      meetingId: meeting.id,
      prisonerNumber: numbers[3],
      minutes: { discussion: 'Release address to confirm.', decisions: ['Continue monitoring'] },
    });
    await ok('irmt/set-police-contact', { name: 'Police PPU', email: 'ppu@police.example.uk' });
    // A release recorded by hand: the server cancels his open review in the same decision.
    const reviewId = (await ok('categorisation/start-review', {
      prisonerNumber: numbers[4],
      review: { reason: 'due', startedOn: FIXED_TODAY },
    })) as unknown as string;
    await ok('caseload/update-prisoner', {
      prisonerNumber: numbers[4],
      prisoner: {
        ...toInput(a.services.caseload.get(numbers[4]!)),
        releasedOn: FIXED_TODAY,
        location: 'Discharged',
      },
    });
    const names = [
      'public-protection/add-status',
      'public-protection/add-protected-person',
      'handover/set-type',
      'handover/set-task',
      'policy/add-version',
      'irmt/create-meeting',
      'irmt/set-attendance',
      'irmt/record-minutes',
      'irmt/set-police-contact',
      'categorisation/start-review',
      'caseload/update-prisoner',
    ];

    const report = await a.sync.sync();
    expect(report).toMatchObject({ pushed: names.length, applied: names.length, refused: [] });
    await b.sync.sync();
    expect(b.services.publicProtection.view(numbers[3]!).statuses).toMatchObject([
      { id: statusId, type: 'pprc', status: 'potential', people: [{ name: 'A.B.', relationship: 'son' }] },
    ]);
    expect(b.services.handover.view(numbers[3]!, FIXED_TODAY)).toMatchObject({
      type: 'enhanced',
      typeSetByHand: true,
      checklist: expect.arrayContaining([
        expect.objectContaining({ key: 'review-last-oasys', completedBy: 'Sam Admin' }),
      ]),
    });
    expect(
      b.services.policy
        .versions()
        .filter((v) => v.key === 'irmt')
        .map((v) => [v.version, v.effectiveFrom, v.addedBy]),
    ).toContainEqual([2, '2026-12-01', 'Sam Admin']);
    expect(b.services.caseload.get(numbers[4]!)).toMatchObject({
      releasedOn: FIXED_TODAY,
      location: 'Discharged',
    });
    expect(b.services.categorisation.review(reviewId)).toMatchObject({
      status: 'cancelled',
      cancelledReason: 'released',
    });
    expect(b.services.irmt.extract(meeting.id, numbers[3]!)).toMatchObject({
      meeting: { meetingDate: '2026-12-01', chairName: 'Sam Admin' },
      attendance: [{ department: 'OMU', present: true }],
      minutes: { decisions: ['Continue monitoring'] },
      recipients: expect.arrayContaining([
        { recipient: 'Police', name: 'Police PPU', email: 'ppu@police.example.uk' },
      ]),
    });
    expect(caseDigest(b.opened.sqlite)).toEqual(caseDigest(a.opened.sqlite));
  });

  it('a caseload file imported on a joined workstation is re-run by the server from its text; the other workstation gets the same rows', async () => {
    const { server, a, b, numbers } = await copiedUnitOfTwo();
    await signIn(a, 'Sam Admin');
    // 500 new prisoners (the workstation applies them by the runner's bulk path), one moved, and a POM not yet on the staff list.
    const more = syntheticCaseloadCsv(520, 5);
    const [header, ...rows] = more.csv.trim().split('\n');
    const fresh = rows.filter((r) => !numbers.includes(r.split(',')[0]!)).slice(0, 500);
    const moved = a.services.caseload.get(numbers[5]!);
    const movedRow = header!.split(',').map((h) => {
      const key = PRISONER_FIELDS.find((f) => f.csv === h)!.key as string;
      if (h === 'location') return 'Z-9-09';
      if (h === 'pom') return 'Nora Newpom';
      const v = (moved as unknown as Record<string, unknown>)[key];
      return typeof v === 'boolean' ? (v ? 'yes' : 'no') : v;
    });
    const csvText = `${[header, csvLine(movedRow), ...fresh].join('\n')}\n`;
    const res = await createRouter(a, 'http').handle('caseload/import', {
      fileName: 'more.csv',
      csvText,
    });
    expect(res).toMatchObject({ ok: true, value: { committed: true, newStaff: ['Nora Newpom'] } });
    expect(a.sync.status().pending).toBe(1);
    expect(await a.sync.sync()).toMatchObject({ pushed: 1, applied: 1, refused: [] });
    await b.sync.sync();
    expect(b.services.caseload.count()).toBe(530);
    expect(b.services.caseload.get(numbers[5]!)).toMatchObject({
      location: 'Z-9-09',
      pomName: 'Nora Newpom',
    });
    expect(b.services.audit.list({ entity: 'caseload', limit: 1 })[0]).toMatchObject({
      action: 'import',
      actorName: 'Sam Admin',
      summary: 'Imported more.csv: 500 added, 1 updated, 0 unchanged; new POMs Nora Newpom',
    });
    expect(caseDigest(b.opened.sqlite)).toEqual(caseDigest(a.opened.sqlite));
    expect(workstationDigest(b.opened.db)).toEqual(await prisonDigest(server.unit.db, 'MDI'));
    for (const w of [a, b])
      expect(verifyAuditChain(w.opened.sqlite, { migrationsFolder: w.opened.migrationsFolder }).intact).toBe(
        true,
      );
  }, 180_000);

  it("a role held only in the workstation's copy is refused by the server, which decides by its own record", async () => {
    const { server, a, b, numbers } = await copiedUnitOfTwo();
    await firstPassword(server, b, 'Pat Pom');
    const pat = await signIn(b, 'Pat Pom');
    // Someone edits B's database to make Pat a senior manager: B believes it and lets Pat authorise monitoring.
    b.opened.sqlite
      .prepare('UPDATE staff SET roles = ? WHERE id = ?')
      .run(JSON.stringify(['pom', 'senior-manager']), pat.id);
    await signInLocally(b, 'Pat Pom', PASSWORD);
    const router = createRouter(b, 'http');
    expect(
      await router.handle('public-protection/authorise-monitoring', {
        prisonerNumber: numbers[3],
        authorisation: AUTHORISATION,
      }),
    ).toMatchObject({ ok: true });
    const report = await b.sync.sync();
    expect(report.refused).toEqual([
      {
        command: 'public-protection/authorise-monitoring',
        description: expect.stringMatching(
          /^Authorise mail or phone monitoring for [A-Z][A-Z' -]*, .+ \([A-Z]\d{4}[A-Z]{2}\)$/,
        ),
        reason: expect.stringMatching(
          /^Only a senior manager\b.* can authorise mail or phone monitoring\. Pat Pom is not recorded as one\.$/,
        ),
      },
    ]);
    expect(b.opened.sqlite.prepare('SELECT count(*) AS n FROM monitoring_authorisations').get()).toEqual({
      n: 0,
    });
    // The server's record of Pat stands: after a sync, B's copy says POM again.
    await a.sync.sync();
    b.opened.sqlite.prepare('UPDATE staff SET roles = ? WHERE id = ?').run(JSON.stringify(['pom']), pat.id);
    expect(workstationDigest(b.opened.db)).toEqual(workstationDigest(a.opened.db));
  });

  it('two workstations offline stop the same monitoring: the first to sync stands, the second is refused naming who stopped it', async () => {
    const { server, a, b, numbers } = await copiedUnitOfTwo();
    await signIn(a, 'Sam Admin');
    const authorised = await createRouter(a, 'http').handle('public-protection/authorise-monitoring', {
      prisonerNumber: numbers[4],
      authorisation: AUTHORISATION,
    });
    expect(authorised).toMatchObject({ ok: true });
    await a.sync.sync();
    await b.sync.sync();
    const authorisationId = (
      b.opened.sqlite.prepare('SELECT id FROM monitoring_authorisations').get() as { id: string }
    ).id;
    await firstPassword(server, b, 'Pat Pom');
    await signIn(b, 'Pat Pom');
    // Both offline: each signs a review that stops it.
    const stop = (reasons: string) => ({
      authorisationId,
      review: { reviewedOn: '2026-11-20', decision: 'stop', reasons },
    });
    expect(
      await createRouter(a, 'http').handle(
        'public-protection/review-monitoring',
        stop('No longer necessary: contact order ended'),
      ),
    ).toMatchObject({ ok: true });
    expect(
      await createRouter(b, 'http').handle(
        'public-protection/review-monitoring',
        stop('Risk reassessed as low after the programme'),
      ),
    ).toMatchObject({ ok: true });
    expect((await a.sync.sync()).refused).toEqual([]);
    const report = await b.sync.sync();
    expect(report.refused).toEqual([
      {
        command: 'public-protection/review-monitoring',
        // Named by the prisoner it changed (its input names the monitoring, not him).
        description: expect.stringMatching(
          /^Sign a monitoring review for [A-Z][A-Z' -]*, .+ \([A-Z]\d{4}[A-Z]{2}\)$/,
        ),
        reason: 'Sam Admin already stopped this monitoring on 20/11/2026; authorise it again to restart it',
      },
    ]);
    expect(b.sync.status().notAccepted[0]).toMatchObject({
      actor: 'Pat Pom',
      description: expect.stringMatching(
        /^Sign a monitoring review for [A-Z][A-Z' -]*, .+ \([A-Z]\d{4}[A-Z]{2}\)$/,
      ),
    });
    expect(b.opened.sqlite.prepare('SELECT stop_reasons AS r FROM monitoring_authorisations').get()).toEqual({
      r: 'No longer necessary: contact order ended',
    });
    await a.sync.sync();
    expect(workstationDigest(b.opened.db)).toEqual(workstationDigest(a.opened.db));
  });
});

describe('a POM marked as having left, on the unit server', () => {
  it('her prisoners are unallocated by the server too; one given to her offline meanwhile is refused on its sync, naming why, and taken back', async () => {
    const { a, b, numbers } = await copiedUnitOfTwo();
    await signIn(a, 'Sam Admin');
    await signIn(b, 'Sam Admin');
    const pat = a.services.staff.findByName('Pat Pom')!;
    const give = (app: OmuApp, number: string) =>
      createRouter(app, 'http').handle('caseload/update-prisoner', {
        prisonerNumber: number,
        prisoner: { ...toInput(app.services.caseload.get(number)), pomId: pat.id },
      });
    expect(await give(a, numbers[1]!)).toMatchObject({ ok: true });
    await a.sync.sync();
    await b.sync.sync();
    // Offline: A marks her as left, B gives her another prisoner.
    expect(
      await createRouter(a, 'http').handle('staff/update-member', {
        id: pat.id,
        staff: { name: pat.name, email: pat.email, roles: pat.roles, active: false },
      }),
    ).toMatchObject({ ok: true, value: { unallocated: 1 } });
    expect(await give(b, numbers[2]!)).toMatchObject({ ok: true });
    expect((await a.sync.sync()).refused).toEqual([]);
    const report = await b.sync.sync();
    expect(report.refused).toEqual([
      expect.objectContaining({
        command: 'caseload/update-prisoner',
        reason: 'POM must be someone who has not left: Pat Pom is marked as having left on the Staff page',
      }),
    ]);
    await a.sync.sync();
    const pomOf = (app: OmuApp, number: string) => app.services.caseload.get(number).pomId;
    for (const app of [a, b]) {
      expect(pomOf(app, numbers[1]!)).toBeNull();
      expect(pomOf(app, numbers[2]!)).not.toBe(pat.id);
    }
    expect(workstationDigest(b.opened.db)).toEqual(workstationDigest(a.opened.db));
  });
});

describe('categorisation, release planning and exports through the unit server', () => {
  const evidence = Object.fromEntries(
    EVIDENCE_SECTIONS.map((x) => [x.key, `${x.label}: nothing of concern recorded`]),
  );

  /** The unit of two with a POM and two senior managers on its staff list, each with a first password set on the server. */
  async function unitOfTwoWithStaff() {
    const unit = await unitOfTwo([
      { name: 'Maggie Manager', roles: ['senior-manager'] },
      { name: 'Harry Head', roles: ['senior-manager'] },
    ]);
    for (const name of ['Pat Pom', 'Maggie Manager', 'Harry Head'])
      await firstPassword(unit.server, unit.a, name);
    return unit;
  }

  it('a categorisation approved by a senior manager on one workstation, with a release plan item and a handover pack export, is seen on another', async () => {
    const { a, b, numbers } = await unitOfTwoWithStaff();
    const number = numbers.find((n) => {
      const p = a.services.caseload.get(n);
      return !p.releasedOn && p.sentenceStartDate <= FIXED_TODAY;
    })!;
    const router = createRouter(a, 'http');
    const ok = async (name: string, input: unknown) => {
      const res = await router.handle(name, input);
      expect(res, name).toMatchObject({ ok: true });
      return (res as { value: unknown }).value;
    };
    await signIn(a, 'Pat Pom');
    const reviewId = await ok('categorisation/start-review', {
      prisonerNumber: number,
      review: { reason: 'manual', startedOn: FIXED_TODAY },
    });
    await ok('categorisation/save-draft', {
      reviewId,
      draft: {
        proposedCategory: 'D',
        evidence,
        recommendation: 'Progress to open conditions: settled, working, no adjudications.',
      },
    });
    await ok('categorisation/submit-review', {
      reviewId,
      completion: { completedOn: FIXED_TODAY, nextReview: { date: '2026-12-22' } },
    });
    await ok('release-planning/set-item', {
      prisonerNumber: number,
      item: { itemKey: 'accommodation-confirmed', status: 'done', note: 'Approved premises, Leeds' },
    });
    // The browser door records the pack once the browser has the files.
    const pack = (await ok('handover-pack/export', { prisonerNumber: number, summary: null })) as {
      token: string;
    };
    await ok('handover-pack/confirm-download', { token: pack.token });
    await signIn(a, 'Maggie Manager');
    await ok('categorisation/approve-review', {
      reviewId,
      approval: { approvedOn: FIXED_TODAY, approvedCategory: 'D', reasons: null },
    });
    expect(a.sync.status().pending).toBe(6);
    expect(await a.sync.sync()).toMatchObject({ pushed: 6, applied: 6, refused: [] });

    await b.sync.sync();
    expect(b.services.caseload.get(number).category).toBe('D');
    expect(b.services.categorisation.view(number, FIXED_TODAY).reviews.at(-1)).toMatchObject({
      status: 'approved',
      categoriser: 'Pat Pom',
      approver: 'Maggie Manager',
      approvedCategory: 'D',
    });
    expect(
      b.services.releasePlanning
        .view(number, FIXED_TODAY)
        .plan?.items.find((i) => i.key === 'accommodation-confirmed') ?? { status: 'done' },
    ).toMatchObject({ status: 'done' });
    // Recorded as the server ran it (its own day), for the files the workstation made (named by the workstation's day).
    expect(b.services.handoverPacks.exports(number)).toEqual([
      expect.objectContaining({
        exportedBy: 'Pat Pom',
        pdfFile: `omu-handover-pack-${number}-${FIXED_TODAY}.pdf`,
      }),
    ]);
    const audit = b.services.audit
      .list({ prisonerId: b.services.caseload.get(number).id, limit: 20 })
      .map((e) => `${e.actorName}: ${e.summary}`);
    expect(audit).toContain(`Maggie Manager: Categorisation approved on 22/11/2026: category D`);
    expect(audit).toContainEqual(
      expect.stringMatching(/^Maggie Manager: Changed Category from \w+ to D \(categorisation approved\)$/),
    );
    expect(audit).toContainEqual(
      expect.stringMatching(/^Pat Pom: Exported the handover pack for \w+ as omu-handover-pack-/),
    );
    expect(caseDigest(b.opened.sqlite)).toEqual(caseDigest(a.opened.sqlite));
  }, 180_000);

  it('a self-approval made offline, by a build that let it through, is refused by the server and taken back on the workstation', async () => {
    const { a, b, numbers } = await unitOfTwoWithStaff();
    const number = numbers.find((n) => {
      const p = a.services.caseload.get(n);
      return !p.releasedOn && p.sentenceStartDate <= FIXED_TODAY;
    })!;
    const categoryBefore = a.services.caseload.get(number).category;
    const router = createRouter(a, 'http');
    await signIn(a, 'Maggie Manager');
    const started = await router.handle('categorisation/start-review', {
      prisonerNumber: number,
      review: { reason: 'manual', startedOn: FIXED_TODAY },
    });
    const reviewId = (started as { value: string }).value;
    await router.handle('categorisation/save-draft', {
      reviewId,
      draft: {
        proposedCategory: 'D',
        evidence,
        recommendation: 'Progress to open conditions: settled, working, no adjudications.',
      },
    });
    expect(
      await router.handle('categorisation/submit-review', {
        reviewId,
        completion: { completedOn: FIXED_TODAY, nextReview: { date: '2026-12-22' } },
      }),
    ).toMatchObject({ ok: true });
    // This workstation's own build refuses it.
    expect(
      await router.handle('categorisation/approve-review', {
        reviewId,
        approval: { approvedOn: FIXED_TODAY, approvedCategory: 'D' },
      }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'forbidden',
        message: expect.stringMatching(/Maggie Manager completed this review and cannot approve it/),
      },
    });

    // Offline, an old or altered copy of OMU Desk without the check approves it: applied here and signed by her.
    const url = a.sync.link()!.serverUrl;
    a.opened.sqlite.prepare('UPDATE sync_link SET server_url = ?').run('http://127.0.0.1:9');
    await expect(a.sync.sync()).rejects.toThrow(/cannot be reached/);
    const approve = commands['categorisation/approve-review'] as AnyCommand;
    const altered = createCommandRunner(
      a.opened,
      a.services.audit,
      {
        ...commands,
        'categorisation/approve-review': {
          ...approve,
          decide: (state, input, ctx) =>
            approve.decide(
              { ...state, review: { ...state.review, categoriserId: 'someone else' } },
              input,
              ctx,
            ),
        },
      },
      a.sync.journal,
    );
    await altered.run(
      'categorisation/approve-review',
      { reviewId, approval: { approvedOn: FIXED_TODAY, approvedCategory: 'D' } },
      a.context(),
    );
    expect(a.services.caseload.get(number).category).toBe('D');
    expect(a.services.categorisation.review(reviewId).status).toBe('approved');

    a.opened.sqlite.prepare('UPDATE sync_link SET server_url = ?').run(url);
    const report = await a.sync.sync();
    expect(report.refused).toEqual([
      {
        command: 'categorisation/approve-review',
        description: expect.stringMatching(
          /^Approve a categorisation review for [A-Z][A-Z' -]*, .+ \([A-Z]\d{4}[A-Z]{2}\)$/,
        ),
        reason: expect.stringMatching(/Maggie Manager completed this review and cannot approve it/),
      },
    ]);
    expect(a.services.caseload.get(number).category).toBe(categoryBefore);
    expect(a.services.categorisation.review(reviewId)).toMatchObject({
      status: 'awaiting-approval',
      approver: null,
    });
    expect(a.sync.status().notAccepted).toEqual([
      expect.objectContaining({
        command: 'categorisation/approve-review',
        actor: 'Maggie Manager',
        reason: expect.stringMatching(/cannot approve it/),
      }),
    ]);
    await b.sync.sync();
    expect(b.services.categorisation.review(reviewId).status).toBe('awaiting-approval');
    expect(caseDigest(b.opened.sqlite)).toEqual(caseDigest(a.opened.sqlite));
  }, 180_000);

  it("the server's refusals name the field as the form labels it, whether its rule or its input check refuses", async () => {
    const { a, numbers } = await copiedUnitOfTwo();
    await signIn(a, 'Sam Admin');
    // An old or altered build, offline, lets through what this build refuses: a future date, a RoSH not offered.
    const oasys = commands['oasys/add-assessment'] as AnyCommand;
    const altered = createCommandRunner(
      a.opened,
      a.services.audit,
      {
        ...commands,
        'oasys/add-assessment': {
          ...oasys,
          input: z.any(),
          decide: (state, input: { assessment: Record<string, unknown> }, ctx) =>
            oasys.decide(
              state,
              { ...input, assessment: { ...input.assessment, completedOn: ctx.today } },
              ctx,
            ),
        },
      },
      a.sync.journal,
    );
    const assessment = { type: 'review', layer: 3, completedBy: 'prison', completedOn: '2026-11-01' };
    for (const change of [{ completedOn: '2099-01-01' }, { resultingRosh: 'extreme' }])
      await altered.run(
        'oasys/add-assessment',
        { prisonerNumber: numbers[0], assessment: { ...assessment, ...change } },
        a.context(),
      );
    expect((await a.sync.sync()).refused).toEqual([
      {
        command: 'oasys/add-assessment',
        description: expect.stringMatching(
          /^Record an OASys assessment for [A-Z][A-Z' -]*, .+ \([A-Z]\d{4}[A-Z]{2}\)$/,
        ),
        reason: 'Completed on must not be in the future',
      },
      {
        command: 'oasys/add-assessment',
        description: expect.stringMatching(
          /^Record an OASys assessment for [A-Z][A-Z' -]*, .+ \([A-Z]\d{4}[A-Z]{2}\)$/,
        ),
        reason: 'RoSH after the assessment must be one of the choices offered',
      },
    ]);
  }, 180_000);
});
