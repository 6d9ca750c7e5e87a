import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../../electron/app/omu-app';
import { closeDatabase, openDatabase, DatabaseIntegrityError } from '../../../db/open';
import { readAuditCheckpoint } from '../../../db/audit-chain';
import { syntheticCaseloadCsv } from '../../support/caseload-csv';
import { tempDir, FIXED_TODAY, fixedClock } from '../../support/temp';
import { TEST_COST, signInNewStaff } from '../../support/sign-in';

/**
 * Issue 18, item 2: an opening of a file left exactly as an OMU Desk process that checked it closed it, less than a
 * day before, skips quick_check and the audit counts (db/integrity-seal.ts); anything else that writes the file, and
 * a day passing, brings the checks back. Each tamper is made on the real file, as an intruder or a failing disk would.
 */
const apps: OmuApp[] = [];
afterEach(() => {
  while (apps.length) apps.pop()!.close();
});
const later = (hours: number) => () => new Date(fixedClock().getTime() + hours * 3600_000);

/** A database with a caseload of 250 imported (one audit entry a prisoner), closed by the app that wrote it. */
async function importedDatabase(): Promise<string> {
  const dbFile = path.join(tempDir('omu-seal-'), 'omu.sqlite');
  const a = openApp({
    dbFile,
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  await signInNewStaff(a);
  const result = a.services.caseloadImport.commit(a.context(), 'c.csv', syntheticCaseloadCsv(250).csv);
  expect(result.committed).toBe(true);
  a.close();
  return dbFile;
}

const reopen = (dbFile: string, now = fixedClock) => openDatabase(dbFile, { now, create: false });

describe('the seal on a checked file (issue 18: the command line at 80,000 prisoners)', () => {
  it('an import moves the checkpoint to its last entry as it closes; the next opening walks nothing and runs no check', async () => {
    const dbFile = await importedDatabase();
    const next = reopen(dbFile);
    expect(next.checked).toMatchObject({ by: 'sealed', at: fixedClock() });
    const last = next.sqlite.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number;
    const count = next.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
    expect(count).toBeGreaterThan(250);
    expect(readAuditCheckpoint(next.sqlite)).toMatchObject({ seq: last, entries: count });
    expect(next.audit).toMatchObject({
      intact: true,
      walked: 'since-checkpoint',
      verifiedEntries: 0,
      entries: count,
    });
    closeDatabase(next, fixedClock());
    // A day after the check, the file is checked again even though nothing touched it.
    const dayLater = reopen(dbFile, later(24));
    expect(dayLater.checked.by).toBe('quick_check');
    closeDatabase(dayLater);
  });

  it('a page damaged after the seal, its modification time put back, is still found at the next opening', async () => {
    const dbFile = await importedDatabase();
    const before = fs.statSync(dbFile);
    const bytes = fs.readFileSync(dbFile);
    const pageSize = bytes.readUInt16BE(16);
    for (let i = pageSize * 2 + 100; i < pageSize * 3; i++) bytes[i] = 0xff;
    fs.writeFileSync(dbFile, bytes);
    fs.utimesSync(dbFile, before.atimeMs / 1000, before.mtimeMs / 1000);
    expect(Math.round(fs.statSync(dbFile).mtimeMs)).toBe(Math.round(before.mtimeMs));
    let error: unknown;
    try {
      reopen(dbFile).sqlite.close();
    } catch (e) {
      error = e;
    }
    expect(error instanceof DatabaseIntegrityError || /malformed|corrupt/i.test(String(error))).toBe(true);
    expect(String(error)).toContain(dbFile);
  });

  it('an entry removed before the checkpoint after the seal is found by the counts at the next opening', async () => {
    const dbFile = await importedDatabase();
    const raw = new Database(dbFile);
    const triggers = ['audit_log_no_delete', 'audit_log_unlink', 'audit_chain_no_delete'].map(
      (name) =>
        raw
          .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
          .pluck()
          .get(name) as string,
    );
    for (const name of ['audit_log_no_delete', 'audit_log_unlink', 'audit_chain_no_delete'])
      raw.exec(`DROP TRIGGER ${name}`);
    raw.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    raw.prepare('DELETE FROM audit_chain WHERE seq = 2').run();
    for (const sql of triggers) raw.exec(sql);
    raw.close();
    const opened = reopen(dbFile);
    expect(opened.checked.by).toBe('quick_check');
    expect(opened.audit).toMatchObject({ intact: false, walked: 'whole', firstBroken: 2 });
    closeDatabase(opened);
  });

  it('a file written by another connection while it was open is not sealed, and neither is one whose check failed', async () => {
    const dbFile = await importedDatabase();
    const opened = reopen(dbFile);
    expect(opened.checked.by).toBe('sealed');
    const other = new Database(dbFile);
    other.exec('CREATE TABLE notes (text TEXT)');
    other.close();
    closeDatabase(opened, fixedClock());
    const next = reopen(dbFile);
    expect(next.checked.by).toBe('quick_check');
    closeDatabase(next, fixedClock());
    const third = reopen(dbFile);
    expect(third.checked.by).toBe('sealed');
    closeDatabase(third);
  });

  it('a sealed file opened with other migrations is checked again, triggers included: a trigger the migrations now write differently is found', async () => {
    const dbFile = await importedDatabase();
    // The same migrations, copied with their times: the seal holds, and the triggers are not compared again.
    const folder = path.join(tempDir('omu-seal-migrations-'), 'migrations');
    fs.cpSync(path.resolve('db/migrations'), folder, { recursive: true, preserveTimestamps: true });
    const same = openDatabase(dbFile, { now: fixedClock, create: false, migrationsFolder: folder });
    expect(same.checked.by).toBe('sealed');
    expect(same.audit.intact).toBe(true);
    closeDatabase(same, fixedClock());
    // One migration's audit trigger written differently (another version of OMU Desk): no seal, every check.
    const withTrigger = fs
      .readdirSync(folder)
      .filter((f) => f.endsWith('.sql'))
      .sort()
      .reverse()
      .find((f) =>
        /CREATE TRIGGER\s+`?audit_log_no_delete/i.test(fs.readFileSync(path.join(folder, f), 'utf8')),
      )!;
    const file = path.join(folder, withTrigger);
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, 'utf8')
        .replace(/(CREATE TRIGGER\s+`?audit_log_no_delete`?[^;]*?BEGIN)/i, '$1 SELECT 1;'),
    );
    const other = openDatabase(dbFile, { now: fixedClock, create: false, migrationsFolder: folder });
    expect(other.checked.by).toBe('quick_check');
    expect(other.audit.intact).toBe(false);
    expect(other.audit.message).toContain('audit_log_no_delete');
    closeDatabase(other, fixedClock());
  });
});
