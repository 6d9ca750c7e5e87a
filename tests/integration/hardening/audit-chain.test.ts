import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../../electron/app/omu-app';
import { openDatabase } from '../../../db/open';
import { createRouter } from '../../../electron/api/router';
import { tempDir, FIXED_TODAY, fixedClock } from '../../support/temp';
import { TEST_COST, signIn } from '../../support/sign-in';

/**
 * Issue 13, item 7: the audit log is a hash chain (db/audit-chain.ts). Every tamper here is made as an intruder would
 * make it, on the real file with a second connection of their own (no OMU Desk functions), then the file is opened.
 */
const apps: OmuApp[] = [];
afterEach(() => {
  while (apps.length) apps.pop()!.close();
});
const open = (dbFile: string) => {
  const a = openApp({
    dbFile,
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  apps.push(a);
  return a;
};
const close = (a: OmuApp) => {
  apps.splice(apps.indexOf(a), 1);
  a.close();
};

/** A database file with six audit entries (six staff added). */
function databaseWithEntries(): string {
  const dbFile = path.join(tempDir('omu-audit-chain-'), 'omu.sqlite');
  const a = open(dbFile);
  for (const name of ['Anna Patel', 'Ben Cole', 'Cara Diaz', 'Dev Shah', 'Eve Long', 'Gus Hart'])
    a.services.staff.insertUnchecked(a.context(), { name, email: null, roles: ['pom'], active: true });
  expect(a.services.audit.list({ limit: 100 })).toHaveLength(6);
  close(a);
  return dbFile;
}

/** Runs `fn` on a plain second connection, as someone with the sqlite3 shell would, putting back the triggers it names as they were. */
function tamper(dbFile: string, dropTriggers: string[], fn: (raw: Database.Database) => void): void {
  const raw = new Database(dbFile);
  try {
    const saved = dropTriggers.map(
      (name) =>
        raw
          .prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?")
          .pluck()
          .get(name) as string,
    );
    for (const name of dropTriggers) raw.exec(`DROP TRIGGER ${name}`);
    fn(raw);
    for (const sql of saved) raw.exec(sql);
  } finally {
    raw.close();
  }
}

const seqs = (dbFile: string) => {
  const raw = new Database(dbFile, { readonly: true });
  try {
    return raw.prepare('SELECT seq FROM audit_log ORDER BY seq').pluck().all() as number[];
  } finally {
    raw.close();
  }
};

const BIN = path.resolve('bin/omu.mjs');
const omu = (args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('the audit log as a hash chain (issue 13, item 7)', () => {
  it('an intact log verifies at opening and on demand, entry by entry', () => {
    const dbFile = databaseWithEntries();
    const opened = openDatabase(dbFile);
    try {
      expect(opened.audit).toMatchObject({
        intact: true,
        entries: 6,
        firstBroken: null,
        problems: [],
        message: null,
      });
      expect(opened.sqlite.prepare('SELECT count(*) FROM audit_chain').pluck().get()).toBe(6);
    } finally {
      opened.sqlite.close();
    }
    const a = open(dbFile);
    expect(a.notices).toEqual([]);
    a.services.staff.insertUnchecked(a.context(), {
      name: 'Fay Moss',
      email: null,
      roles: ['pom'],
      active: true,
    });
    expect(a.verifyAudit()).toMatchObject({ intact: true, entries: 7 });
  });

  it("refuses INSERT OR REPLACE over an existing entry, from OMU Desk's own connection and from any other", () => {
    const dbFile = databaseWithEntries();
    const a = open(dbFile);
    const replace =
      "INSERT OR REPLACE INTO audit_log (seq, at, actor_name, action, entity, summary) VALUES (1, '2026-01-01T00:00:00Z', 'Nobody', 'create', 'staff', 'replaced')";
    expect(() => a.opened.sqlite.exec(replace)).toThrow(
      'audit_log is append-only: an entry cannot be replaced',
    );
    expect(a.services.audit.list({ limit: 100 }).find((e) => e.seq === 1)?.summary).toContain('Anna Patel');
    close(a);
    const raw = new Database(dbFile);
    try {
      // The shell has none of OMU Desk's functions (omu_audit_hash()...): it cannot add an entry at all, replacing or not.
      expect(() => raw.exec(replace)).toThrow(/no such function: omu_/);
      expect(() =>
        raw.exec(
          "INSERT INTO audit_log (at, actor_name, action, entity, summary) VALUES ('2026-01-01T00:00:00Z', 'Nobody', 'create', 'staff', 'slipped in')",
        ),
      ).toThrow(/no such function: omu_/);
      expect(() => raw.exec("UPDATE audit_chain SET hash = 'x' WHERE seq = 1")).toThrow();
      expect(() => raw.exec('DELETE FROM audit_chain WHERE seq = 1')).toThrow();
    } finally {
      raw.close();
    }
    expect(openDatabase(dbFile).audit.intact).toBe(true);
  });

  it('names an entry edited with a second connection (its trigger dropped and put back)', () => {
    const dbFile = databaseWithEntries();
    tamper(dbFile, ['audit_log_no_update'], (raw) =>
      raw.prepare("UPDATE audit_log SET summary = 'Added staff member Nobody' WHERE seq = 3").run(),
    );
    const a = open(dbFile);
    expect(a.opened.audit).toMatchObject({ intact: false, entries: 6, firstBroken: 3 });
    expect(a.opened.audit.problems).toEqual([
      { seq: 3, text: 'entry 3 has been changed since it was written (or its link in the chain has)' },
    ]);
    expect(a.notices[0]).toContain('is broken at entry 3');
    expect(a.notices[0]).toContain('Restore a backup');
  });

  it('names an entry removed, and a link removed with it', () => {
    const dbFile = databaseWithEntries();
    tamper(dbFile, ['audit_log_no_delete', 'audit_log_unlink'], (raw) =>
      raw.prepare('DELETE FROM audit_log WHERE seq = 4').run(),
    );
    expect(seqs(dbFile)).toEqual([1, 2, 3, 5, 6]);
    const check = openDatabase(dbFile).audit;
    expect(check).toMatchObject({ intact: false, entries: 5, firstBroken: 4 });
    expect(check.problems.map((p) => p.text)).toContain(
      'entry 4 has been removed (entry 5 was written after it)',
    );

    const again = databaseWithEntries();
    tamper(again, ['audit_log_no_delete', 'audit_log_unlink', 'audit_chain_no_delete'], (raw) => {
      raw.prepare('DELETE FROM audit_log WHERE seq = 2').run();
      raw.prepare('DELETE FROM audit_chain WHERE seq = 2').run();
    });
    expect(openDatabase(again).audit).toMatchObject({
      intact: false,
      firstBroken: 2,
      problems: [{ seq: 2, text: 'entry 2 has been removed (entry 3 was written after it)' }],
    });
  });

  it("names the first of two entries put in each other's place", () => {
    const dbFile = databaseWithEntries();
    tamper(dbFile, ['audit_log_no_update'], (raw) => {
      const cols = 'at, actor_id, actor_name, action, entity, entity_id, prisoner_id, summary, before, after';
      const row = (seq: number) =>
        raw.prepare(`SELECT ${cols} FROM audit_log WHERE seq = ?`).get(seq) as Record<string, unknown>;
      const [two, five] = [row(2), row(5)];
      const set = raw.prepare(
        `UPDATE audit_log SET ${cols
          .split(', ')
          .map((c) => `${c} = @${c}`)
          .join(', ')} WHERE seq = @seq`,
      );
      set.run({ ...five, seq: 2 });
      set.run({ ...two, seq: 5 });
    });
    const check = openDatabase(dbFile).audit;
    expect(check).toMatchObject({ intact: false, firstBroken: 2 });
    expect(check.problems.map((p) => p.seq)).toEqual([2, 5]);
  });

  it('names an entry slipped in by something other than OMU Desk', () => {
    const dbFile = databaseWithEntries();
    tamper(dbFile, ['audit_log_link', 'audit_log_in_order'], (raw) =>
      raw.exec(
        "INSERT INTO audit_log (at, actor_name, action, entity, summary) VALUES ('2026-11-22T09:00:00Z', 'Head Of OMU', 'update', 'staff', 'Approved')",
      ),
    );
    expect(openDatabase(dbFile).audit).toMatchObject({
      intact: false,
      firstBroken: 7,
      problems: [
        { seq: 7, text: 'entry 7 was added by something other than OMU Desk (it has no link in the chain)' },
      ],
    });
  });

  it('says the log has lost its protection when a trigger is dropped, changed or added', () => {
    const dropped = databaseWithEntries();
    tamper(dropped, [], (raw) => raw.exec('DROP TRIGGER audit_log_no_update'));
    const check = openDatabase(dropped).audit;
    expect(check).toMatchObject({
      intact: false,
      firstBroken: null,
      problems: [
        { seq: null, text: 'the trigger audit_log_no_update, which protects audit_log, has been removed' },
      ],
    });
    expect(check.message).toContain('has lost its protection');

    const changed = databaseWithEntries();
    tamper(changed, [], (raw) =>
      raw.exec(
        "DROP TRIGGER audit_log_no_delete; CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log WHEN 0 BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
      ),
    );
    expect(openDatabase(changed).audit.problems).toEqual([
      { seq: null, text: 'the trigger audit_log_no_delete, which protects audit_log, has been changed' },
    ]);

    const added = databaseWithEntries();
    tamper(added, [], (raw) =>
      raw.exec('CREATE TRIGGER audit_log_quiet AFTER INSERT ON audit_log BEGIN SELECT 1; END'),
    );
    expect(openDatabase(added).audit.problems).toEqual([
      {
        seq: null,
        text: 'a trigger audit_log_quiet that OMU Desk did not write has been added to audit_log',
      },
    ]);
  });

  it('links the entries of a database written before the chain when it is upgraded', () => {
    const dir = tempDir('omu-audit-upgrade-');
    const migrations = path.resolve('db/migrations');
    const before = path.join(dir, 'migrations-before-chain');
    fs.mkdirSync(path.join(before, 'meta'), { recursive: true });
    const journal = JSON.parse(fs.readFileSync(path.join(migrations, 'meta/_journal.json'), 'utf8')) as {
      entries: { tag: string }[];
    };
    const upTo = journal.entries.findIndex((e) => e.tag.endsWith('_audit_chain'));
    expect(upTo).toBeGreaterThan(0);
    const entries = journal.entries.slice(0, upTo);
    for (const e of entries)
      fs.copyFileSync(path.join(migrations, `${e.tag}.sql`), path.join(before, `${e.tag}.sql`));
    fs.writeFileSync(path.join(before, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
    const dbFile = path.join(dir, 'omu.sqlite');
    const old = openDatabase(dbFile, { migrationsFolder: before });
    const add = old.sqlite.prepare(
      "INSERT INTO audit_log (at, actor_name, action, entity, summary) VALUES (?, 'Anna Patel', 'create', 'staff', ?)",
    );
    for (let i = 1; i <= 40; i++)
      add.run(`2026-11-${String((i % 20) + 1).padStart(2, '0')}T10:00:00Z`, `entry ${i}`);
    old.sqlite.close();

    const upgraded = openDatabase(dbFile);
    try {
      expect(upgraded.appliedMigrations).toBeGreaterThan(0);
      expect(upgraded.audit).toMatchObject({ intact: true, entries: 40 });
      expect(
        upgraded.sqlite.prepare('SELECT count(*) FROM audit_chain WHERE prev_seq IS NULL').pluck().get(),
      ).toBe(1);
    } finally {
      upgraded.sqlite.close();
    }
  });

  it('will not restore a backup whose audit log is broken, and leaves the database as it was', async () => {
    const dbFile = databaseWithEntries();
    const a = open(dbFile);
    const made = a.backupNow(a.context());
    tamper(made.file, ['audit_log_no_update'], (raw) =>
      raw.prepare("UPDATE audit_log SET actor_name = 'Someone Else' WHERE seq = 2").run(),
    );
    const manager = a.services.staff.insertUnchecked(a.context(), {
      name: 'Head Of OMU',
      email: null,
      roles: ['senior-manager'],
      active: true,
    });
    await signIn(a, manager.name);
    const entries = a.services.audit.list({ limit: 100 }).length;
    const res = await createRouter(a, 'cli').handle('app/restore-backup', { name: made.name });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(JSON.stringify(res)).toContain(
      `The backup ${made.name} cannot be restored: its audit log is broken at entry 2`,
    );
    expect(a.services.audit.list({ limit: 100 })).toHaveLength(entries);
    expect(a.services.staff.findByName('Head Of OMU')).toBeTruthy();
    expect(fs.existsSync(`${dbFile}.restoring`)).toBe(false);
    expect(a.verifyAudit().intact).toBe(true);
  });

  it('opening walks only the entries after the checkpoint; the whole walk (verify, the app at start) still finds an entry changed before it', async () => {
    const dbFile = databaseWithEntries();
    const a = open(dbFile);
    // The whole walk (omu audit verify's) puts the checkpoint at the last entry.
    expect(a.verifyAudit()).toMatchObject({ intact: true, walked: 'whole', entries: 6, verifiedEntries: 6 });
    a.services.staff.insertUnchecked(a.context(), {
      name: 'Fay Moss',
      email: null,
      roles: ['pom'],
      active: true,
    });
    close(a);
    const reopened = openDatabase(dbFile);
    expect(reopened.audit).toMatchObject({
      intact: true,
      walked: 'since-checkpoint',
      checkpoint: 6,
      entries: 7,
      verifiedEntries: 1,
    });
    reopened.sqlite.close();
    // Only OMU Desk's own connection can write the checkpoint.
    const shell = new Database(dbFile);
    try {
      expect(() => shell.exec('UPDATE audit_checkpoint SET seq = 7')).toThrow(/no such function: omu_/);
      expect(() => shell.exec('DELETE FROM audit_checkpoint')).toThrow(/no such function: omu_/);
    } finally {
      shell.close();
    }

    // Entry 3, before the checkpoint, changed in place: opening does not walk that far back...
    tamper(dbFile, ['audit_log_no_update'], (raw) =>
      raw.prepare("UPDATE audit_log SET summary = 'Added staff member Nobody' WHERE seq = 3").run(),
    );
    const quick = openDatabase(dbFile);
    expect(quick.audit).toMatchObject({ intact: true, walked: 'since-checkpoint', checkpoint: 6 });
    quick.sqlite.close();
    // ...the app's start does, in the background, and says so as its notices are said.
    const found: string[] = [];
    const app = openApp({
      dbFile,
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
      passwordHashCost: TEST_COST,
      wholeChecksAtStart: true,
      onNotice: (n) => found.push(n),
    });
    apps.push(app);
    expect(app.opened.audit.intact).toBe(true);
    expect(await app.wholeAuditWalk).toMatchObject({
      intact: false,
      walked: 'whole',
      firstBroken: 3,
      problems: [
        { seq: 3, text: 'entry 3 has been changed since it was written (or its link in the chain has)' },
      ],
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('is broken at entry 3');
    expect(app.notices).toContain(found[0]);
    expect(app.verifyAudit()).toMatchObject({ intact: false, firstBroken: 3 });
    close(app);
    // The broken whole walk removed the checkpoint: every opening after walks the whole chain and reports the break.
    expect(openDatabase(dbFile).audit).toMatchObject({ intact: false, walked: 'whole', firstBroken: 3 });
  });

  it('a checkpoint forged, or an entry removed before it, is found when the database is opened', () => {
    const forged = databaseWithEntries();
    const a = open(forged);
    expect(a.verifyAudit().intact).toBe(true);
    close(a);
    tamper(forged, ['audit_checkpoint_own_update'], (raw) =>
      raw
        .prepare('UPDATE audit_checkpoint SET seq = 5, hash = (SELECT hash FROM audit_chain WHERE seq = 6)')
        .run(),
    );
    expect(openDatabase(forged).audit).toMatchObject({
      intact: false,
      walked: 'whole',
      firstBroken: null,
      problems: [
        {
          seq: null,
          text: 'the checkpoint of the audit chain at entry 5 has been changed since it was written',
        },
      ],
    });

    const removed = databaseWithEntries();
    const b = open(removed);
    expect(b.verifyAudit().intact).toBe(true);
    close(b);
    tamper(removed, ['audit_log_no_delete', 'audit_log_unlink', 'audit_chain_no_delete'], (raw) => {
      raw.prepare('DELETE FROM audit_log WHERE seq = 2').run();
      raw.prepare('DELETE FROM audit_chain WHERE seq = 2').run();
    });
    expect(openDatabase(removed).audit).toMatchObject({
      intact: false,
      walked: 'whole',
      firstBroken: 2,
      problems: [{ seq: 2, text: 'entry 2 has been removed (entry 3 was written after it)' }],
    });
  });

  it('`omu audit verify`: exit 0 when intact, 1 naming the first broken entry, and --json', () => {
    const dbFile = databaseWithEntries();
    const ok = omu(['--db', dbFile, 'audit', 'verify']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('is intact: 6 entries');
    tamper(dbFile, ['audit_log_no_update'], (raw) =>
      raw.prepare("UPDATE audit_log SET summary = 'nothing happened' WHERE seq = 5").run(),
    );
    const broken = omu(['--db', dbFile, 'audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('');
    expect(broken.stderr).toContain('is broken at entry 5: entry 5 has been changed');
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
    const json = omu(['--db', dbFile, '--json', 'audit', 'verify']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      intact: false,
      entries: 6,
      firstBroken: 5,
      problems: [{ seq: 5 }],
    });
    // Any other command still runs on a broken log, and says so once.
    const other = omu(['--db', dbFile, '--json', 'due']);
    expect(other.code).toBe(0);
    expect(other.stderr).toContain('is broken at entry 5');
    expect(omu(['--db', path.join(path.dirname(dbFile), 'typo.sqlite'), 'audit', 'verify']).code).toBe(2);
  }, 300_000);
});
