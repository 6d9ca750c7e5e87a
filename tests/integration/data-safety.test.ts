import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { openDatabase, DatabaseIntegrityError } from '../../db/open';
import { dailyBackup, listBackups } from '../../db/backup';
import { createRouter } from '../../electron/api/router';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST, signIn, signInNewStaff } from '../support/sign-in';

const apps: OmuApp[] = [];
afterEach(() => {
  while (apps.length) apps.pop()!.close();
});
const open = (dbFile: string, extra: Partial<Parameters<typeof openApp>[0]> = {}) => {
  const a = openApp({
    dbFile,
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
    ...extra,
  });
  apps.push(a);
  return a;
};
const MIGRATIONS = path.resolve('db/migrations');

describe('database file safety', () => {
  it('migrates an empty database in WAL mode with foreign keys on, and takes no backup of an empty file', () => {
    const dir = tempDir();
    const opened = openDatabase(path.join(dir, 'omu.sqlite'));
    expect(opened.appliedMigrations).toBe(
      fs.readdirSync(MIGRATIONS).filter((f) => f.endsWith('.sql')).length,
    );
    expect(opened.preMigrationBackup).toBeNull();
    expect(opened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    opened.sqlite.close();
    const again = openDatabase(path.join(dir, 'omu.sqlite'));
    expect(again.appliedMigrations).toBe(0);
    again.sqlite.close();
  });

  it('migrates a database from the first schema with data in it, after backing it up', () => {
    const dir = tempDir();
    const firstOnly = path.join(dir, 'migrations-v1');
    fs.mkdirSync(path.join(firstOnly, 'meta'), { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS, 'meta/_journal.json'), 'utf8'));
    const first = journal.entries.slice(0, 2);
    for (const e of first)
      fs.copyFileSync(path.join(MIGRATIONS, `${e.tag}.sql`), path.join(firstOnly, `${e.tag}.sql`));
    fs.writeFileSync(
      path.join(firstOnly, 'meta/_journal.json'),
      JSON.stringify({ ...journal, entries: first }),
    );
    const dbFile = path.join(dir, 'omu.sqlite');
    const old = openDatabase(dbFile, { migrationsFolder: firstOnly });
    old.sqlite
      .exec(`INSERT INTO staff (id, created_at, updated_at, updated_by, name, roles) VALUES ('s1', 'x', 'x', 'test', 'Anna Patel', '["pom"]');
      INSERT INTO prisoners (id, created_at, updated_at, updated_by, prisoner_number, surname, forenames, date_of_birth, sentence_type, sentence_start_date, pom_id, arrived_on)
      VALUES ('p1', 'x', 'x', 'test', 'A1234BC', 'SMITH', 'John', '1980-01-01', 'determinate', '2024-01-01', 's1', '2026-11-01');`);
    old.sqlite.close();

    const upgraded = open(dbFile);
    expect(upgraded.opened.appliedMigrations).toBe(journal.entries.length - 2);
    expect(upgraded.services.caseload.get('A1234BC')).toMatchObject({
      surname: 'SMITH',
      pomName: 'Anna Patel',
      handoverType: null,
    });
    expect(upgraded.services.caseload.query({ today: FIXED_TODAY }, { search: 'smith' }).total).toBe(1);
    const backup = upgraded.opened.preMigrationBackup!;
    expect(backup.reason).toBe('pre-migration');
    const copy = new Database(backup.file, { readonly: true });
    expect(copy.prepare('SELECT prisoner_number FROM prisoners').all()).toEqual([
      { prisoner_number: 'A1234BC' },
    ]);
    expect(
      copy.prepare("SELECT count(*) n FROM sqlite_master WHERE name = 'oasys_assessments'").get(),
    ).toEqual({ n: 0 });
    copy.close();
  });

  it('refuses to open a damaged database with a message naming the file', async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, 'omu.sqlite');
    const a = open(dbFile);
    await signInNewStaff(a);
    a.services.caseloadImport.commit(
      a.context(),
      'a.csv',
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date\nA1234BC,SMITH,John,01/01/1980,determinate,01/01/2024\n',
    );
    a.opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    a.close();
    apps.pop();
    const bytes = fs.readFileSync(dbFile);
    const pageSize = bytes.readUInt16BE(16);
    for (let i = pageSize * 2 + 100; i < pageSize * 3; i++) bytes[i] = 0xff;
    fs.writeFileSync(dbFile, bytes);
    let error: unknown;
    try {
      openDatabase(dbFile);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toContain(dbFile);
    expect(error instanceof DatabaseIntegrityError || /malformed|corrupt/i.test(String(error))).toBe(true);
  });

  it('keeps the audit log append-only', () => {
    const a = open(path.join(tempDir(), 'omu.sqlite'));
    a.backupNow(a.context());
    expect(() => a.opened.sqlite.prepare('UPDATE audit_log SET summary = ?').run('tampered')).toThrow(
      'audit_log is append-only',
    );
    expect(() => a.opened.sqlite.prepare('DELETE FROM audit_log').run()).toThrow('audit_log is append-only');
  });

  it('backs up now, restores keeping a copy of the current file first, and records both', async () => {
    const dir = tempDir();
    const a = open(path.join(dir, 'omu.sqlite'));
    const router = createRouter(a, 'cli');
    const manager = a.services.staff.create(a.context(), {
      name: 'Head Of OMU',
      email: null,
      roles: ['senior-manager'],
      active: true,
    });
    const clerk = a.services.staff.insertUnchecked(a.context(), {
      name: 'Clerk',
      email: null,
      roles: ['case-administrator'],
      active: true,
    });
    await signIn(a, clerk.name);
    const csv =
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date\nA1234BC,SMITH,John,01/01/1980,determinate,01/01/2024\n';
    a.services.caseloadImport.commit(a.context(), 'a.csv', csv);
    const made = a.backupNow(a.context());
    a.services.caseloadImport.commit(a.context(), 'b.csv', csv.replace('A1234BC,SMITH', 'B1234BC,JONES'));
    expect(a.services.caseload.count()).toBe(2);

    expect(await router.handle('app/restore-backup', { name: made.name })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await signIn(a, manager.name);
    const res = await router.handle('app/restore-backup', { name: made.name });
    expect(res.ok).toBe(true);
    expect(a.services.caseload.count()).toBe(1);
    expect(a.services.caseload.query({ today: FIXED_TODAY }, { search: 'smith' }).total).toBe(1);
    const safety = listBackups(a.backupDir).find((b) => b.reason === 'pre-restore')!;
    const copy = new Database(safety.file, { readonly: true });
    expect((copy.prepare('SELECT count(*) n FROM prisoners').get() as { n: number }).n).toBe(2);
    copy.close();
    expect(a.services.audit.list({ limit: 1 })[0]).toMatchObject({
      action: 'restore',
      actorName: 'Head Of OMU',
    });
  });

  it('takes one daily backup a day and keeps the newest 14', () => {
    const dir = tempDir();
    const a = open(path.join(dir, 'omu.sqlite'));
    for (let day = 1; day <= 20; day++) {
      const date = `2026-10-${String(day).padStart(2, '0')}`;
      dailyBackup(a.opened.sqlite, a.backupDir, new Date(`${date}T08:00:00Z`), date);
      dailyBackup(a.opened.sqlite, a.backupDir, new Date(`${date}T15:00:00Z`), date);
    }
    const daily = listBackups(a.backupDir).filter((b) => b.reason === 'daily');
    expect(daily.length).toBe(14);
    expect(daily[0]!.createdAt.slice(0, 10)).toBe('2026-10-20');
    expect(daily[13]!.createdAt.slice(0, 10)).toBe('2026-10-07');
  });
});
