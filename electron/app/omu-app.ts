import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  openDatabase,
  closeDatabase,
  defaultBackupDir,
  DatabaseMissingError,
  isDamaged,
  type OpenedDatabase,
} from '../../db/open';
import { lockDatabase, type Door } from '../../db/database-lock';
import { crashLeftovers, swapInBackup } from '../../db/restore';
import {
  describeAuditProblems,
  recordAuditCheck,
  verifyAuditChain,
  verifyAuditChainInBackground,
  type AuditChainCheck,
} from '../../db/audit-chain';
import { createAuditService } from '../domain/audit/service';
import { backupInto, dailyBackup, listBackups, writeBackup, type BackupFile } from '../../db/backup';
import { londonDate } from '../domain/shared/dates';
import { AppError } from '../domain/shared/errors';
import { defaultErrorLogFile, errorLog } from './error-log';
import { createServices, type Services } from '../domain/services';
import { createSession, type Session, type SigningKeys } from '../domain/session/service';
import type { CallContext } from '../domain/shared/context';
import { createCommandRunner, type CommandRunner } from '../core/runner';
import { commands } from '../api/registry';
import { permissionsOf } from '../api/may';
import { createSync, type Sync } from '../sync/engine';
import type { Transport } from '../sync/transport';
import { startAutoSync } from '../sync/auto';
import { demoHold, type Hold } from './hold';
import type { ChooseFolder } from '../documents/delivery';
import type { CredentialStore } from '../domain/credentials/store';
import { createLocalCredentialStore } from '../domain/credentials/local-store';
import { createWorkstationCredentialStore } from '../domain/credentials/unit-store';
import { unitCredentialLink } from '../sync/credential-link';
import { createCredentialAdmin, type CredentialAdmin } from '../domain/credentials/service';
import type { ScryptCost } from '../domain/credentials/hashing';

export interface AppOptions {
  dbFile: string;
  backupDir?: string;
  /** The log of unexpected failures (./error-log.ts); default `logs/NAME.log` beside the database. */
  errorLogFile?: string;
  migrationsFolder?: string;
  osAccount?: string;
  /** The clock; tests and `--today` pin it. */
  clock?: () => Date;
  /** A fixed "today" (YYYY-MM-DD) instead of the clock's date in Europe/London. */
  today?: string;
  dailyBackup?: boolean;
  /** How to reach a unit server (tests give one that can fail on purpose); HTTP by default. */
  transport?: (url: string) => Transport;
  /** Create the database when the file is missing (the app and the browser door; on the command line only `omu init`). Default true. */
  create?: boolean;
  /** Which door opens it, and what it is doing, as other processes will be told (db/database-lock.ts). Default 'app'. */
  door?: Door;
  command?: string;
  /** The app and the browser door: one of them per database. */
  instance?: boolean;
  /** Tests: stops a sync part-way through its rebase, as a crash would. */
  duringRebase?: () => void;
  /** The app and the browser door keep a joined workstation in step by themselves (electron/sync/auto.ts). */
  autoSync?: boolean;
  /** The desktop app asks the user for a folder to write exports into (a dialog); the browser door has none and downloads. */
  chooseFolder?: ChooseFolder;
  /** The scrypt cost for new password hashes (default: the full cost, PASSWORD_COST); tests pass a lower one. */
  passwordHashCost?: ScryptCost;
  /**
   * The app and the browser door: `PRAGMA integrity_check` at opening (not only quick_check), and the whole audit
   * chain walked in the background at start and once a day while open (opening walks it from its checkpoint only:
   * db/audit-chain.ts). What the walk finds wrong goes to `onNotice`.
   */
  wholeChecksAtStart?: boolean;
  /** Told what a check after the start found (a broken audit chain), to be said to the user as the start's notices are. */
  onNotice?: (notice: string) => void;
}

/** How often an app left open walks the whole audit chain again. */
const WHOLE_AUDIT_WALK_EVERY_MS = 24 * 60 * 60 * 1000;

/**
 * One open OMU Desk database with its services and the session of whoever is using it: what every door
 * (Electron IPC, CLI, local HTTP) stands on. Restore swaps the database underneath and rebuilds the services.
 */
export function openApp(options: AppOptions) {
  const clock = options.clock ?? (() => new Date());
  const backupDir = options.backupDir ?? defaultBackupDir(options.dbFile);
  const osAccount = options.osAccount ?? safeUsername();
  if (options.create === false && !fs.existsSync(options.dbFile))
    throw new DatabaseMissingError(path.resolve(options.dbFile));
  // Every process that opens the file takes part in one locking scheme: restore and migrations need it to themselves.
  const lock = lockDatabase(options.dbFile, {
    door: options.door ?? 'app',
    command: options.command,
    instance: options.instance,
    account: osAccount,
  });
  const openFile = (file: string, create = options.create) =>
    openDatabase(file, {
      backupDir,
      migrationsFolder: options.migrationsFolder,
      now: clock,
      create,
      exclusively: lock.exclusively,
      integrity: options.wholeChecksAtStart ? 'full' : 'quick',
    });
  const open = () => openFile(options.dbFile);

  // The workstation's log of unexpected failures (./error-log.ts), beside the database.
  const failures = errorLog(options.errorLogFile ?? defaultErrorLogFile(options.dbFile));
  /** A sign-in event that could not be written: in the failures' log, not the console alone, where nobody reads it. */
  const signInLogFailed = (e: unknown) => {
    failures.record('the sign-in log', e);
  };
  let opened: OpenedDatabase;
  const notices: string[] = [];
  try {
    opened = open();
    if (opened.audit.message) notices.push(opened.audit.message);
    notices.push(...removeCrashLeftovers(options.dbFile, backupDir, lock.exclusively));
  } catch (e) {
    lock.release();
    throw e;
  }
  let services: Services = createServices(opened);
  const makeSync = () =>
    createSync({
      store: opened,
      runner: () => runner,
      now: clock,
      transport: options.transport,
      duringRebase: options.duringRebase,
      // A password changed on the unit server, learnt at a sync: in the sign-in log, with the other sign-in events.
      signInLog: (e) => void credentials.log({ ...e, osAccount }).catch(signInLogFailed),
    });
  let sync: Sync = makeSync();
  let runner: CommandRunner = createCommandRunner(opened, services.audit, commands, sync.journal);
  // The workstation's own credential store, in the caseload's file (rebuilt with it), or the unit server's once joined.
  const link = unitCredentialLink(() => sync);
  const credentialsFor = (o: OpenedDatabase): CredentialStore =>
    createWorkstationCredentialStore(
      createLocalCredentialStore(o.sqlite, { cost: options.passwordHashCost }),
      link,
    );
  // The key that signs a person's changes for the unit server, held by the sync engine while they are signed in.
  const signingKeys: SigningKeys = {
    remember: (staffId, key, salt) => sync.rememberSigningKey(staffId, key, salt),
    forget: (staffId) => sync.forgetSigningKey(staffId),
    current: (staffId) => (sync.link() ? sync.currentSigningSalt(staffId) : null),
    earlierChanges: (staffId) => (sync.link() ? sync.earlierChanges(staffId) : null),
    confirmEarlierChanges: (staffId, previous) => sync.confirmEarlierChanges(staffId, previous),
  };
  const sessionFor = () =>
    createSession({
      store: opened,
      staff: services.staff,
      credentials,
      osAccount,
      signingKeys,
      joined: link.joined,
      permissions: permissionsOf,
      staffHalfWritten: () => sync.joining() !== null,
      signInLogFailed,
    });
  const adminFor = () =>
    createCredentialAdmin({ credentials, staff: services.staff, osAccount, joined: link.joined });
  let credentials = credentialsFor(opened);
  let credentialAdmin: CredentialAdmin = adminFor();
  let session: Session = sessionFor();
  const today = () => options.today ?? londonDate(clock());
  if (options.dailyBackup) dailyBackup(opened.sqlite, backupDir, clock(), today());

  // A sync nobody awaits that fails unexpectedly (not offline, not refused): in the log, as the doors' failures are.
  const autoSync = options.autoSync
    ? startAutoSync(() => sync, { onFailure: (e) => failures.record('automatic sync', e) })
    : null;

  // A join or the demo loading: this app's long write that holds the caseload half-written (./hold.ts).
  const demo = demoHold();
  const held = (): Hold | null => {
    const join = sync.joining();
    if (join) return { kind: 'join', join };
    const progress = demo.progress();
    return progress ? { kind: 'demo', progress } : null;
  };
  let closed = false;
  let closing: () => void = () => undefined;
  const whenClosed = new Promise<void>((resolve) => (closing = resolve));
  /** Settles once neither a join nor the demo load runs (told by their ends, not by looking again), or the app closes. */
  const whenFree = async (): Promise<void> => {
    for (let h = held(); h && !closed; h = held())
      await Promise.race([h.kind === 'join' ? sync.whenJoinEnds() : demo.ended(), whenClosed]);
  };

  // The whole audit chain, walked off the main path (its own read-only connection, a page at a time) at start and once
  // a day; an intact walk moves the checkpoint, a broken one removes it and is said to the user. A join (or the demo
  // load) under way rewrites the audit log in its open transaction: the walk waits for it to end, and one a hold
  // overtakes is walked again after it, so that no walk of the chain as it was is recorded over the new one (nor
  // recorded inside the hold's transaction, on the main connection).
  let wholeWalk: Promise<AuditChainCheck | null> | null = null;
  const walkWholeChain = (): Promise<AuditChainCheck | null> => {
    wholeWalk = (async () => {
      for (;;) {
        await whenFree();
        const on = opened;
        if (closed) return null;
        const check = await verifyAuditChainInBackground(on.file, {
          migrationsFolder: on.migrationsFolder,
          stopped: () => closed || opened !== on || held() !== null,
        });
        if (held() && !closed) continue;
        // A restore or the app closing meanwhile: the walk was of a file no longer open here.
        if (!check || closed || opened !== on) return null;
        recordAuditCheck(on.sqlite, check, clock());
        if (check.message && !notices.includes(check.message)) {
          notices.push(check.message);
          options.onNotice?.(check.message);
        }
        return check;
      }
    })();
    return wholeWalk;
  };
  /**
   * The start's and the daily walk, which nobody awaits: one that fails (the file damaged since it was opened and
   * checked: a failing disk, another program) is said as the start's notices are, with its reference in the log; before,
   * its rejection was unhandled (the browser door, a Node process, ended on it).
   */
  const walkInBackground = () =>
    void walkWholeChain().catch((e: unknown) => {
      const reference = failures.record('audit log walk', e);
      const notice = isDamaged(e)
        ? `The database ${opened.file} is damaged: SQLite could not read part of it while checking the audit log (reference ${reference}). Keep the file as it is and restore a backup (Backups, then Restore).`
        : `The audit log could not be checked because of a problem of OMU Desk's own (reference ${reference}).`;
      notices.push(notice);
      options.onNotice?.(notice);
    });
  let wholeWalkTimer: NodeJS.Timeout | null = null;
  if (options.wholeChecksAtStart) {
    walkInBackground();
    wholeWalkTimer = setInterval(walkInBackground, WHOLE_AUDIT_WALK_EVERY_MS);
    wholeWalkTimer.unref();
  }

  const app = {
    /** Keeps a joined workstation in step (null on the command line and in tests, which sync when they say). */
    autoSync,
    get file() {
      return opened.file;
    },
    get services() {
      return services;
    },
    /** Runs every write to case data (electron/core/runner.ts). */
    get runner() {
      return runner;
    },
    /** This workstation's link to a unit server, if it has joined one (electron/sync/engine.ts). */
    get sync() {
      return sync;
    },
    get session() {
      return session;
    },
    get credentials() {
      return credentials;
    },
    get credentialAdmin() {
      return credentialAdmin;
    },
    osAccount,
    get opened() {
      return opened;
    },
    /** Where exports go when this door can write files itself (the desktop app's folder dialog); else they are downloads. */
    chooseFolder: options.chooseFolder,
    backupDir,
    /** Where unexpected failures are written, each with the reference the person is told (./error-log.ts). */
    errorLog: failures,
    today,
    /** What the start found and did that the user should know (a broken audit chain, leftovers of an interrupted backup or restore). */
    notices,
    /**
     * Walks the whole audit chain and checks its triggers now (db/audit-chain.ts; opening the database walks it from
     * its checkpoint only), then moves the checkpoint when it is intact and removes it when it is not.
     */
    verifyAudit(): AuditChainCheck {
      const h = held();
      if (h)
        throw new AppError(
          'held',
          h.kind === 'join'
            ? 'The audit chain is not checked while this workstation joins the unit server: the join is rewriting the audit log. It is checked when the join has finished; ask again then.'
            : 'The audit chain is not checked while the demo caseload loads: the load is writing the audit log. It is checked when the load has finished; ask again then.',
        );
      const check = verifyAuditChain(opened.sqlite, {
        migrationsFolder: opened.migrationsFolder,
        file: opened.file,
        whole: true,
      });
      recordAuditCheck(opened.sqlite, check, clock());
      return check;
    },
    /** A join or the demo load under way in this app, holding the caseload half-written (./hold.ts), or null. */
    held,
    /** Settles once no join or demo load holds the caseload (at once when none does), or the app closes. */
    whenFree,
    /** Runs the demo caseload's load as the app's hold (electron/api/router.ts); its progress while it runs. */
    demo,
    /** Walks the whole audit chain off the main path now, as the start and the daily check do (see walkWholeChain). */
    walkWholeAudit(): Promise<AuditChainCheck | null> {
      return walkWholeChain();
    },
    /** The whole walk started in the background (wholeChecksAtStart), while or once it runs; null when none was started. */
    get wholeAuditWalk(): Promise<AuditChainCheck | null> | null {
      return wholeWalk;
    },
    lock,
    /** At start: a computer account an administrator has bound to someone opens signed in as them. */
    async signInByBinding(): Promise<boolean> {
      if (session.state !== 'signed-out' || !(await credentials.boundTo(osAccount))) return false;
      await session.signInWithComputerAccount(app.context());
      return true;
    },
    context(): CallContext {
      return { actor: session.actor(), today: today(), now: clock() };
    },
    backups(): BackupFile[] {
      return listBackups(backupDir, opened.file);
    },
    backupNow(ctx: CallContext): BackupFile {
      const made = backupInto(opened.sqlite, backupDir, 'manual', ctx.now);
      services.audit.record(ctx, {
        action: 'backup',
        entity: 'database',
        summary: `Backed up the database to ${made.name}`,
      });
      return made;
    },
    backupTo(ctx: CallContext, out: string): BackupFile {
      const file = path.resolve(out);
      if (file === path.resolve(opened.file))
        throw new AppError('invalid-input', 'must not be the database itself', 'out');
      writeBackup(opened.sqlite, file);
      services.audit.record(ctx, {
        action: 'backup',
        entity: 'database',
        summary: `Backed up the database to ${file}`,
      });
      return {
        file,
        name: path.basename(file),
        reason: 'manual',
        createdAt: ctx.now.toISOString(),
        bytes: fs.statSync(file).size,
      };
    },
    /**
     * Replaces the database with a backup, keeping a copy of the current file first. Refused while another process
     * has the database open (its writes would go to the file being replaced). The restore's audit entry is written
     * into the restored copy before the swap, so it cannot be lost by a crash after it.
     */
    restore(ctx: CallContext, name: string): { restored: BackupFile; safetyCopy: BackupFile } {
      const chosen = listBackups(backupDir, opened.file).find((b) => b.name === name);
      if (!chosen) throw new AppError('not-found', `There is no backup called ${name}`);
      assertIntact(chosen.file);
      return lock.exclusively('restore a backup', () => {
        const safetyCopy = backupInto(opened.sqlite, backupDir, 'pre-restore', ctx.now);
        swapInBackup(
          opened.file,
          chosen.file,
          (file) => openFile(file, false),
          (incoming) => {
            // The backup's whole chain, not only from its checkpoint: a restored file must be one to rely on.
            const audit = verifyAuditChain(incoming.sqlite, {
              migrationsFolder: incoming.migrationsFolder,
              file: incoming.file,
              whole: true,
            });
            if (!audit.intact) {
              const { firstBroken, problems } = audit;
              throw new AppError(
                'invalid-input',
                `The backup ${chosen.name} cannot be restored: its audit log ${describeAuditProblems(firstBroken, problems)}. Choose an earlier backup.`,
              );
            }
            // The search index is derived from prisoners; rebuilt in case the restored file's copy is out of step.
            incoming.sqlite.exec("INSERT INTO prisoner_search(prisoner_search) VALUES ('rebuild')");
            createAuditService(incoming).record(ctx, {
              action: 'restore',
              entity: 'database',
              summary: `Restored the database from ${chosen.name}; the file before was kept as ${safetyCopy.name}`,
            });
          },
          () => opened.sqlite.close(),
        );
        opened = open();
        services = createServices(opened);
        sync = makeSync();
        runner = createCommandRunner(opened, services.audit, commands, sync.journal);
        // The restored file has its own staff and credentials: whoever restored it signs in again.
        credentials = credentialsFor(opened);
        credentialAdmin = adminFor();
        session = sessionFor();
        return { restored: chosen, safetyCopy };
      });
    },
    close() {
      closed = true;
      closing();
      if (wholeWalkTimer) clearInterval(wholeWalkTimer);
      autoSync?.stop();
      try {
        closeDatabase(opened, clock());
      } finally {
        lock.release();
      }
    },
  };
  return app;
}

export type OmuApp = ReturnType<typeof openApp>;

/** Removes what an interrupted backup or restore left, when no other process has the database open (it may be theirs). */
function removeCrashLeftovers(
  dbFile: string,
  backupDir: string,
  exclusively: (purpose: string, fn: () => string[]) => string[],
): string[] {
  const found = crashLeftovers(dbFile, backupDir);
  if (!found.length) return [];
  try {
    return exclusively('tidy up', () => {
      for (const f of found) fs.rmSync(f, { force: true });
      return [
        `Removed what an interrupted backup or restore left (the database itself was not changed): ${found.map((f) => path.basename(f)).join(', ')}`,
      ];
    });
  } catch {
    return [
      `Found what may be an interrupted backup or restore, left alone while another process has the database open: ${found.map((f) => path.basename(f)).join(', ')}`,
    ];
  }
}

function assertIntact(file: string): void {
  const probe = new Database(file, { readonly: true, fileMustExist: true });
  let result: unknown;
  try {
    result = probe.pragma('integrity_check', { simple: true });
  } catch (e) {
    // Not a database at all, or too damaged to check: said of the backup, not of the database open here.
    if (!isDamaged(e)) throw e;
    throw new AppError(
      'invalid-input',
      `The backup ${path.basename(file)} is damaged or is not an OMU Desk backup; choose another`,
    );
  } finally {
    probe.close();
  }
  if (result !== 'ok')
    throw new AppError(
      'invalid-input',
      `The backup ${path.basename(file)} is damaged (${String(result)}); choose another`,
    );
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
  if (process.platform === 'win32')
    return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'OMU Desk');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'OMU Desk');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'OMU Desk');
}
