import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, defaultBackupDir, type OpenedDatabase } from '../../db/open';
import { backupInto, dailyBackup, listBackups, writeBackup, type BackupFile } from '../../db/backup';
import { londonDate } from '../domain/shared/dates';
import { AppError } from '../domain/shared/errors';
import { createServices, type Services } from '../domain/services';
import { createSession, type Session } from '../domain/session/service';
import type { CallContext } from '../domain/shared/context';
import { createCommandRunner, type CommandRunner } from '../core/runner';
import { commands } from '../api/registry';
import { createSync, type Sync } from '../sync/engine';
import type { Transport } from '../sync/transport';

export interface AppOptions {
  dbFile: string;
  backupDir?: string;
  migrationsFolder?: string;
  osAccount?: string;
  /** The clock; tests and `--today` pin it. */
  clock?: () => Date;
  /** A fixed "today" (YYYY-MM-DD) instead of the clock's date in Europe/London. */
  today?: string;
  dailyBackup?: boolean;
  /** Command line: an operating-system account not mapped to staff acts under its own name. */
  actAsOsAccount?: boolean;
  /** How to reach a unit server (tests give one that can fail on purpose); HTTP by default. */
  transport?: (url: string) => Transport;
  /** Create the database when the file is missing (the app and the browser door; on the command line only `omu init`). Default true. */
  create?: boolean;
}

/**
 * One open OMU Desk database with its services and the session of whoever is using it: what every door
 * (Electron IPC, CLI, local HTTP) stands on. Restore swaps the database underneath and rebuilds the services.
 */
export function openApp(options: AppOptions) {
  const clock = options.clock ?? (() => new Date());
  const backupDir = options.backupDir ?? defaultBackupDir(options.dbFile);
  const osAccount = options.osAccount ?? safeUsername();
  const open = () => openDatabase(options.dbFile, { backupDir, migrationsFolder: options.migrationsFolder, now: clock, create: options.create });

  let opened: OpenedDatabase = open();
  let services: Services = createServices(opened);
  const makeSync = () => createSync({ store: opened, runner: () => runner, now: clock, transport: options.transport });
  let sync: Sync = makeSync();
  let runner: CommandRunner = createCommandRunner(opened, services.audit, commands, sync.journal);
  let session: Session = createSession(opened, services.staff, osAccount, options.actAsOsAccount ? 'os-account' : 'none');
  const today = () => options.today ?? londonDate(clock());
  if (options.dailyBackup) dailyBackup(opened.sqlite, backupDir, clock(), today());

  const app = {
    get file() { return opened.file; },
    get services() { return services; },
    /** Runs every write to case data (electron/core/runner.ts). */
    get runner() { return runner; },
    /** This workstation's link to a unit server, if it has joined one (electron/sync/engine.ts). */
    get sync() { return sync; },
    get session() { return session; },
    get opened() { return opened; },
    backupDir,
    today,
    context(): CallContext {
      return { actor: session.actor(), today: today(), now: clock() };
    },
    backups(): BackupFile[] {
      return listBackups(backupDir);
    },
    backupNow(ctx: CallContext): BackupFile {
      const made = backupInto(opened.sqlite, backupDir, 'manual', ctx.now);
      services.audit.record(ctx, { action: 'backup', entity: 'database', summary: `Backed up the database to ${made.name}` });
      return made;
    },
    backupTo(ctx: CallContext, file: string): void {
      writeBackup(opened.sqlite, file);
      services.audit.record(ctx, { action: 'backup', entity: 'database', summary: `Backed up the database to ${file}` });
    },
    /** Replaces the database with a backup, keeping a copy of the current file first. */
    restore(ctx: CallContext, name: string): { restored: BackupFile; safetyCopy: BackupFile } {
      const chosen = listBackups(backupDir).find((b) => b.name === name);
      if (!chosen) throw new AppError('not-found', `There is no backup called ${name}`);
      assertIntact(chosen.file);
      const safetyCopy = backupInto(opened.sqlite, backupDir, 'pre-restore', ctx.now);
      const actorName = ctx.actor.name;
      opened.sqlite.close();
      for (const suffix of ['-wal', '-shm']) fs.rmSync(`${opened.file}${suffix}`, { force: true });
      const tmp = `${opened.file}.restoring`;
      fs.copyFileSync(chosen.file, tmp);
      fs.renameSync(tmp, opened.file);
      opened = open();
      // The search index is derived from prisoners; rebuilt in case the restored file's copy is out of step.
      opened.sqlite.exec("INSERT INTO prisoner_search(prisoner_search) VALUES ('rebuild')");
      services = createServices(opened);
      sync = makeSync();
      runner = createCommandRunner(opened, services.audit, commands, sync.journal);
      session = createSession(opened, services.staff, osAccount, options.actAsOsAccount ? 'os-account' : 'none');
      services.audit.record(
        { ...ctx, actor: { ...ctx.actor, name: actorName } },
        { action: 'restore', entity: 'database', summary: `Restored the database from ${chosen.name}; the file before was kept as ${safetyCopy.name}` },
      );
      return { restored: chosen, safetyCopy };
    },
    close() {
      opened.sqlite.close();
    },
  };
  return app;
}

export type OmuApp = ReturnType<typeof openApp>;

function assertIntact(file: string): void {
  const probe = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const result = probe.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new AppError('invalid-input', `The backup ${path.basename(file)} is damaged (${String(result)}); choose another`);
  } finally {
    probe.close();
  }
}

function safeUsername(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

export function defaultDataDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'OMU Desk');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'OMU Desk');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'OMU Desk');
}
