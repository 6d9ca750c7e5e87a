import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestApp } from '../../support/apps';
import { signInNewStaff, bindThisAccount, TEST_COST, TEST_PASSWORD } from '../../support/sign-in';
import { FIXED_TODAY, fixedClock, tempDir } from '../../support/temp';
import { emptyDatabase } from '../../support/empty-database';
import { openApp } from '../../../electron/app/omu-app';
import { createRouter } from '../../../electron/api/router';
import { startHttpDoor } from '../../../electron/api/http-door';
import { API_CHANNEL, registerIpcDoor } from '../../../electron/app/ipc-door';
import { RENDERER_URL } from '../../../electron/app/protocol';
import type { OmuApp } from '../../../electron/app/omu-app';

/**
 * An unexpected failure whose own message carries case data: a trigger (planted by the test, as a damaged or
 * hand-edited schema would have one) that refuses one prisoner with his name and date of birth in its message, as
 * SQLite lets a trigger's RAISE build it from the row (since 3.47). What the person sees, through each door, must
 * name none of it, and must give a reference that heads the failure's entry in the workstation's log, which names none
 * of it either; nothing is written, and the audit log is as it was.
 */
const PLANT = `CREATE TRIGGER planted_failure BEFORE INSERT ON prisoners WHEN NEW.prisoner_number = 'B7777BB'
  BEGIN SELECT RAISE(ABORT, 'cannot take ' || NEW.forenames || ' ' || NEW.surname || ' born ' || NEW.date_of_birth); END`;
const CASE_DATA = /Blackwood|Raymond|B7777BB|1979-03-14|14\/03\/1979/i;
const REFERENCE = /\bE-[0-9A-F]{8}\b/;
const prisoner = {
  prisonerNumber: 'B7777BB',
  surname: 'Blackwood',
  forenames: 'Raymond',
  dateOfBirth: '1979-03-14',
  sentenceType: 'determinate',
  sentenceStartDate: '2024-01-01',
};

const counts = (sqlite: Database.Database) => ({
  prisoners: sqlite.prepare('SELECT count(*) FROM prisoners').pluck().get(),
  audit: sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get(),
  auditChain: sqlite.prepare('SELECT count(*) FROM audit_chain').pluck().get(),
});

/** The log's entry headed by `reference` (time, reference, what was being done, the error; its stack below). */
function logEntry(file: string, reference: string): string {
  const text = fs.readFileSync(file, 'utf8');
  const start = text.search(new RegExp(`^\\S+ ${reference} `, 'm'));
  expect(start, `no entry ${reference} in ${file}`).toBeGreaterThanOrEqual(0);
  const next = text.slice(start + 1).search(/^\d{4}-\d\d-\d\dT/m);
  return next < 0 ? text.slice(start) : text.slice(start, start + 1 + next);
}

describe('an unexpected failure carrying case data, through the app window and the browser', () => {
  let app: OmuApp;
  beforeAll(async () => {
    app = openTestApp();
    await signInNewStaff(app);
    app.opened.sqlite.exec(PLANT);
  });
  afterAll(() => app.close());

  it('is said as a plain sentence with a reference, logged without the values, and writes nothing', async () => {
    const before = counts(app.opened.sqlite);
    // Door 1, the app window: the IPC door's handler with the real router behind it.
    const ipc = new Map<string, (...args: unknown[]) => unknown>();
    registerIpcDoor(
      {
        handle: (channel: string, fn: (...args: unknown[]) => unknown) => void ipc.set(channel, fn),
      } as never,
      createRouter(app, 'electron'),
      RENDERER_URL,
    );
    const byIpc = (await ipc.get(API_CHANNEL)!(
      { senderFrame: { url: RENDERER_URL } },
      'caseload/add-prisoner',
      {
        prisoner,
      },
    )) as { ok: boolean; error: { code: string; message: string; reference?: string } };

    // Door 2, the browser: a real HTTP request to the browser door with its page token.
    const staticDir = tempDir('omu-static-');
    fs.writeFileSync(
      path.join(staticDir, 'index.html'),
      '<!doctype html><html><head><title>t</title></head><body></body></html>',
    );
    const door = await startHttpDoor({ router: createRouter(app, 'http'), staticDir });
    let httpBody: string;
    try {
      const token = /name="omu-token" content="([0-9a-f]+)"/.exec(await (await fetch(door.url)).text())![1]!;
      const res = await fetch(`${door.url}api/caseload/add-prisoner`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-omu-token': token },
        body: JSON.stringify({ prisoner }),
      });
      httpBody = await res.text();
    } finally {
      await door.close();
    }
    const byHttp = JSON.parse(httpBody) as typeof byIpc;

    for (const [door, answer, raw] of [
      ['electron', byIpc, JSON.stringify(byIpc)],
      ['http', byHttp, httpBody],
    ] as const) {
      expect(answer.ok, door).toBe(false);
      expect(raw, door).not.toMatch(CASE_DATA);
      expect(answer.error.code, door).toBe('internal');
      expect(answer.error.message, door).toMatch(REFERENCE);
      expect(answer.error.message, door).toContain('Nothing was changed');
      expect(answer.error.reference, door).toBe(REFERENCE.exec(answer.error.message)![0]);
      // The log's entry under that reference: what was being done, the error's class and code, where; no values.
      const entry = logEntry(app.errorLog.file, answer.error.reference!);
      expect(entry, door).toContain(`caseload/add-prisoner (${door})`);
      expect(entry, door).toContain('SqliteError (SQLITE_CONSTRAINT_TRIGGER)');
      expect(entry, door).toMatch(/^\s+at /m);
    }
    expect(byIpc.error.reference).not.toBe(byHttp.error.reference);
    expect(fs.readFileSync(app.errorLog.file, 'utf8')).not.toMatch(CASE_DATA);
    expect(app.errorLog.file).toBe(path.join(path.dirname(app.file), 'logs', 'omu.log'));
    if (process.platform !== 'win32') expect(fs.statSync(app.errorLog.file).mode & 0o077).toBe(0);
    // Nothing half-written: no prisoner, no audit entry.
    expect(counts(app.opened.sqlite)).toEqual(before);
  });

  it('keeps the words of a failure the person can act on (a refusal naming the field)', async () => {
    const answer = await createRouter(app, 'electron').handle('caseload/add-prisoner', {
      prisoner: { ...prisoner, prisonerNumber: 'C8888CC', dateOfBirth: 'not a date' },
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(JSON.stringify(answer)).not.toMatch(REFERENCE);
  });
});

describe('a backup that is damaged or not a database at all', () => {
  it('is refused by name, with what to do, and the database is left as it was', async () => {
    const app = openTestApp();
    try {
      await signInNewStaff(app, 'Ada Admin', ['administrator']);
      const made = app.backupNow(app.context());
      fs.writeFileSync(made.file, 'prisoner_number,surname\nB7777BB,Blackwood\n'.repeat(400));
      const before = counts(app.opened.sqlite);
      const answer = await createRouter(app, 'electron').handle('app/restore-backup', { name: made.name });
      expect(answer).toMatchObject({
        ok: false,
        error: { message: `The backup ${made.name} is damaged or is not an OMU Desk backup; choose another` },
      });
      expect(counts(app.opened.sqlite)).toEqual(before);
    } finally {
      app.close();
    }
  });
});

describe('a database damaged while the app has it open', () => {
  it("the daily walk of the audit chain says so as the start's notices are, and logs it", async () => {
    // Only the daily timer is the test's to move; the walk's turns of the event loop run as they do.
    vi.useFakeTimers({ toFake: ['setInterval'] });
    const found: string[] = [];
    const dbFile = emptyDatabase('omu-damaged-open-');
    const app = openApp({
      dbFile,
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
      passwordHashCost: TEST_COST,
      wholeChecksAtStart: true,
      onNotice: (n) => found.push(n),
    });
    try {
      for (const name of ['Anna Patel', 'Ben Cole', 'Cara Diaz'])
        app.services.staff.insertUnchecked(app.context(), {
          name,
          email: null,
          roles: ['pom'],
          active: true,
        });
      await app.wholeAuditWalk;
      expect(found).toEqual([]);
      // The audit log's page overwritten on the disk (a failing disk, another program) after the start's checks.
      app.opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      const root = app.opened.sqlite
        .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'audit_log'")
        .pluck()
        .get() as number;
      const pageSize = app.opened.sqlite.pragma('page_size', { simple: true }) as number;
      const fd = fs.openSync(dbFile, 'r+');
      fs.writeSync(fd, Buffer.alloc(pageSize, 0xff), 0, pageSize, (root - 1) * pageSize);
      fs.closeSync(fd);

      vi.advanceTimersByTime(24 * 60 * 60 * 1000);
      await vi.waitFor(() => expect(found).toHaveLength(1), { timeout: 120_000, interval: 100 });
      expect(found[0]).toContain(`The database ${dbFile} is damaged`);
      expect(found[0]).toMatch(/restore a backup/i);
      const reference = REFERENCE.exec(found[0]!)![0];
      expect(logEntry(app.errorLog.file, reference)).toContain('SQLITE_CORRUPT');
      expect(app.notices).toContain(found[0]);
    } finally {
      vi.useRealTimers();
      app.close();
    }
  });
});

describe('an unexpected failure carrying case data, on the command line', () => {
  it('prints one line with the reference and the log, not the values; exit 1; nothing imported', async () => {
    const dir = tempDir('omu-cli-unexpected-');
    const db = path.join(dir, 'omu.sqlite');
    const omu = (args: string[]) => {
      const r = spawnSync(process.execPath, [path.resolve('bin/omu.mjs'), '--db', db, ...args], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    expect(omu(['init']).code).toBe(0);
    await bindThisAccount(db);
    const raw = new Database(db);
    raw.exec(PLANT);
    const before = counts(raw);
    raw.close();
    const csv = path.join(dir, 'caseload.csv');
    fs.writeFileSync(
      csv,
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date\n' +
        'A1234BC,Smith,John,1980-01-01,determinate,2024-01-01\n' +
        'B7777BB,Blackwood,Raymond,1979-03-14,determinate,2024-01-01\n',
    );
    const r = omu(['import', 'caseload', csv]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(CASE_DATA);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const reference = REFERENCE.exec(r.stderr)?.[0];
    expect(reference, r.stderr).toBeDefined();
    const logFile = path.join(dir, 'logs', 'omu.log');
    expect(r.stderr).toContain(logFile);
    expect(logEntry(logFile, reference!)).toContain('SqliteError (SQLITE_CONSTRAINT_TRIGGER)');
    expect(fs.readFileSync(logFile, 'utf8')).not.toMatch(CASE_DATA);
    // The whole import is one transaction: John Smith, on the line before, was not written either.
    const after = new Database(db, { readonly: true });
    try {
      expect(counts(after)).toEqual(before);
    } finally {
      after.close();
    }
  }, 300_000);

  it('a database file that is damaged or not a database at all: one line saying so and what to do, exit 1', () => {
    const dir = tempDir('omu-cli-damaged-');
    const db = path.join(dir, 'omu.sqlite');
    fs.writeFileSync(db, 'prisoner_number,surname\nB7777BB,Blackwood\n'.repeat(400));
    const r = spawnSync(process.execPath, [path.resolve('bin/omu.mjs'), '--db', db, 'prisoner', 'B7777BB'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`The file ${db} is damaged or is not an OMU Desk database`);
    expect(r.stderr).toContain('Restore the database from a backup');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  }, 120_000);
});

/**
 * A sign-in event that cannot be written (a full disk, a damaged table; here a planted trigger): said on the console
 * alone before (28/11/2026), where nobody at a prison workstation reads it, so a sign-in log with gaps in it gave no
 * sign of them. Now the failure is an entry in the workstation's log of failures, as any other unexpected failure.
 */
describe('a sign-in log that cannot be written', () => {
  it('is an entry in the log of failures, not the console alone; the sign-in itself goes ahead', async () => {
    const dir = tempDir('omu-sign-in-log-');
    const app = openApp({
      dbFile: path.join(dir, 'omu.sqlite'),
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
      passwordHashCost: TEST_COST,
    });
    const said = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await signInNewStaff(app);
      app.opened.sqlite.exec(
        `CREATE TRIGGER planted_log_failure BEFORE INSERT ON sign_in_log BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
      );
      app.session.signOut(app.context());
      await app.session.signInWithPassword(app.context(), 'Tess Tester', TEST_PASSWORD);
      expect(app.context().actor.name).toBe('Tess Tester');
      await expect
        .poll(() => fs.existsSync(app.errorLog.file) && fs.readFileSync(app.errorLog.file, 'utf8'))
        .toMatch(/^\S+ E-[0-9A-F]{8} the sign-in log: SqliteError \(SQLITE_CONSTRAINT_TRIGGER\)/m);
      expect(said.mock.calls.flat().join('\n')).not.toContain('the sign-in log could not be written');
    } finally {
      said.mockRestore();
      app.close();
    }
  });
});
