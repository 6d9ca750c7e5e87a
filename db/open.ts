import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';
import { backupInto, type BackupFile } from './backup';
import {
  auditLinkHash,
  CHECKPOINT_EVERY,
  checkpointAtTip,
  newRebaseTrail,
  noteRebaseChange,
  recordAuditCheck,
  relinkAuditChain,
  verifyAuditChain,
  type AuditChainCheck,
  type RebaseTrail,
} from './audit-chain';
import {
  breakSeal,
  fileState,
  migrationsState,
  readSeal,
  sealedSince,
  writeSeal,
  type MigrationsState,
} from './integrity-seal';

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenedDatabase {
  file: string;
  sqlite: Database.Database;
  db: Db;
  /** The backup taken before migrating, when there were migrations to apply. */
  preMigrationBackup: BackupFile | null;
  appliedMigrations: number;
  /** The audit chain and its triggers as found at opening (db/audit-chain.ts); a broken chain is reported, not refused. */
  audit: AuditChainCheck;
  /** The migrations the database was opened with: the audit triggers are checked against them. */
  migrationsFolder: string;
  /**
   * How the file was checked at opening: 'integrity_check', 'quick_check', or 'sealed' (unchanged since an OMU Desk
   * process checked it and closed it less than a day ago, db/integrity-seal.ts), and when that check was made.
   */
  checked: { by: 'integrity_check' | 'quick_check' | 'sealed'; at: Date; migrations: MigrationsState };
  /** `PRAGMA data_version` after the checks: another connection's commit since then changes it. */
  dataVersion: number;
}

export class DatabaseIntegrityError extends Error {}

/** Connections taking back a joined workstation's changes, with what the rebase did to the audit log so far. */
const rebasing = new WeakMap<Database.Database, RebaseTrail>();
/** Audit entries each connection has written (each one linked by `omu_audit_hash`), and whether it rebased the log. */
const written = new WeakMap<Database.Database, { entries: number; rebased: boolean }>();

/**
 * SQL functions the schema's triggers call, which only OMU Desk's own connection has, so that any other connection
 * (the sqlite3 shell included) is refused: `omu_rebasing()` is 1 only while this connection takes back a joined
 * workstation's own unaccepted changes (migration 0015); `omu_audit_hash(...)` writes each audit entry's link in the
 * chain and `omu_audit_trail(...)` notes what a rebase changed in the log (migration 0017, db/audit-chain.ts);
 * `omu_audit_checkpoint()` lets the chain's checkpoint be written (migration 0023).
 */
export function registerFunctions(sqlite: Database.Database): void {
  sqlite.function('omu_rebasing', { deterministic: false, directOnly: false }, () =>
    rebasing.has(sqlite) ? 1 : 0,
  );
  sqlite.function(
    'omu_audit_hash',
    { deterministic: true, directOnly: false, varargs: true },
    (previousHash: unknown, ...entry: unknown[]) => {
      const mine = written.get(sqlite);
      if (mine) mine.entries++;
      return auditLinkHash(previousHash as string | null, entry);
    },
  );
  sqlite.function('omu_audit_checkpoint', { deterministic: false, directOnly: false }, () => null);
  sqlite.function(
    'omu_audit_trail',
    { deterministic: false, directOnly: false },
    (change: unknown, seq: unknown, hash: unknown) => {
      const trail = rebasing.get(sqlite);
      if (trail) noteRebaseChange(trail, change as 'added' | 'removed', Number(seq), hash as string | null);
      return null;
    },
  );
}

/**
 * Runs `fn` with the audit log's delete gate open on this connection (only the sync engine's rebase does this), then
 * works out the audit chain's links again from the first entry it removed or added.
 */
export function whileRebasing<T>(sqlite: Database.Database, fn: () => T): T {
  const trail = newRebaseTrail();
  rebasing.set(sqlite, trail);
  const mine = written.get(sqlite);
  if (mine) mine.rebased = true;
  try {
    const out = fn();
    relinkAuditChain(sqlite, trail);
    return out;
  } finally {
    rebasing.delete(sqlite);
  }
}

/** Opening a database file that is not there, when the caller did not ask for one to be created. */
export class DatabaseMissingError extends Error {
  constructor(readonly file: string) {
    super(`There is no OMU Desk database at ${file}`);
  }
}

export interface OpenOptions {
  backupDir?: string;
  migrationsFolder?: string;
  now?: () => Date;
  readonly?: boolean;
  /** Create the file (and its folder) when it is missing; otherwise a missing file is a DatabaseMissingError. Default true. */
  create?: boolean;
  /** Runs the backup and migrations with the database to this process alone (DatabaseLock.exclusively). */
  exclusively?: <T>(purpose: string, fn: () => T) => T;
  /**
   * 'quick' (the default): `PRAGMA quick_check`, which reads every page but does not match each index against its
   * table, on every opening (a command-line call, a test). 'full': `PRAGMA integrity_check`, at the start of the app
   * and the browser door, as README.md promises. At 80,000 prisoners the full check took seconds of CPU per call.
   * 'quick' skips the check, and the count of the audit entries up to the chain's checkpoint, when the file is exactly
   * as an OMU Desk process that checked it left it, less than a day ago (db/integrity-seal.ts, closeDatabase).
   */
  integrity?: 'quick' | 'full';
}

export function defaultMigrationsFolder(): string {
  if (process.env.OMU_MIGRATIONS_DIR) return process.env.OMU_MIGRATIONS_DIR;
  return fileURLToPath(new URL('./migrations', import.meta.url));
}

export function defaultBackupDir(dbFile: string): string {
  return path.join(path.dirname(path.resolve(dbFile)), 'backups');
}

/**
 * The migrations not yet applied, by the journal's times alone (what drizzle's migrator compares): reading and hashing
 * every migration's SQL, as drizzle's readMigrationFiles does, cost each command-line call for nothing when none is
 * pending (issue 18); the migrator reads them when there are.
 */
function pendingMigrations(sqlite: Database.Database, migrationsFolder: string): number {
  const journal = JSON.parse(
    fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as { entries: { when: number }[] };
  const files = journal.entries.map((e) => ({ folderMillis: e.when }));
  const table = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='__drizzle_migrations'")
    .get();
  if (!table) return files.length;
  const last = sqlite
    .prepare('SELECT created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1')
    .get() as { created_at: number } | undefined;
  return files.filter((m) => !last || Number(last.created_at) < m.folderMillis).length;
}

function hasUserTables(sqlite: Database.Database): boolean {
  return !!sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' LIMIT 1")
    .get();
}

/**
 * Opens (creating if needed) an OMU Desk database: checks integrity, backs it up when migrations are pending,
 * then migrates in one transaction with foreign keys off (SQLite table rebuilds would otherwise cascade), checks
 * foreign keys afterwards, and verifies the audit chain's triggers and its entries after the checkpoint (the result is in `audit`: the caller
 * says where it is broken, and the database stays open so that a backup can be restored over it).
 */
export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  const now = options.now ?? (() => new Date());
  const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder();
  const create = options.create ?? true;
  if (!create && !fs.existsSync(file)) throw new DatabaseMissingError(path.resolve(file));
  if (create) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  // The file's state before this connection touches it, against the seal the last OMU Desk process left.
  const seal = options.integrity === 'full' ? null : readSeal(file);
  const migrations = options.integrity === 'full' ? null : migrationsState(migrationsFolder, seal);
  const sealed = migrations && sealedSince(seal, fileState(file), now(), migrations.digest);
  const sqlite = new Database(file, { fileMustExist: !create });
  registerFunctions(sqlite);
  written.set(sqlite, { entries: 0, rebased: false });
  try {
    // A new file is made with 16 KiB pages rather than SQLite's 4 KiB (https://sqlite.org/pragma.html#pragma_page_size:
    // it takes effect only before the file's first table; a file already made keeps its own, and so do its backups).
    // A quarter as many pages to write, spill, read back and checkpoint: an 80,000-row import, which writes 160 MB
    // through the WAL and reads its tables back to build their indexes, took 0.90-0.93x the CPU (issue 18 item 3).
    if (sqlite.pragma('page_count', { simple: true }) === 0) sqlite.pragma('page_size = 16384');
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    // Temporary tables (the due list's note of changed prisoners, filled by a temporary trigger on every write) in
    // memory: in a temporary file each note cost an 80,000-row import about 50 µs a row.
    sqlite.pragma('temp_store = MEMORY');
    const by = options.integrity === 'full' ? 'integrity_check' : sealed ? 'sealed' : 'quick_check';
    const integrity = by === 'sealed' ? 'ok' : sqlite.pragma(by, { simple: true });
    if (integrity !== 'ok') {
      breakSeal(file);
      throw new DatabaseIntegrityError(
        `The database ${file} failed its integrity check (${String(integrity)}). Restore it from a backup before going on.`,
      );
    }
    const pending = pendingMigrations(sqlite, migrationsFolder);
    let preMigrationBackup: BackupFile | null = null;
    if (pending > 0) {
      const exclusively = options.exclusively ?? (<T>(_purpose: string, fn: () => T) => fn());
      preMigrationBackup = exclusively('upgrade the database to this version of OMU Desk', () => {
        const backup = hasUserTables(sqlite)
          ? backupInto(sqlite, options.backupDir ?? defaultBackupDir(file), 'pre-migration', now())
          : null;
        sqlite.pragma('foreign_keys = OFF');
        const db = drizzle(sqlite, { schema });
        migrate(db, { migrationsFolder });
        const broken = sqlite.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0)
          throw new DatabaseIntegrityError(`Migration left ${broken.length} broken references in ${file}`);
        return backup;
      });
    }
    sqlite.pragma('foreign_keys = ON');
    // The chain from its checkpoint (db/audit-chain.ts); the whole walk is `omu audit verify`'s, a restore's and the
    // app's start's. A check that verified enough new entries moves the checkpoint (not when another process is writing).
    const audit = verifyAuditChain(sqlite, { migrationsFolder, file, whole: false, sealed: !!sealed });
    if (!options.readonly) recordAuditCheck(sqlite, audit, now());
    return {
      checked: { by, at: sealed ?? now(), migrations: migrations ?? migrationsState(migrationsFolder) },
      dataVersion: sqlite.pragma('data_version', { simple: true }) as number,
      file,
      sqlite,
      db: drizzle(sqlite, { schema }),
      preMigrationBackup,
      appliedMigrations: pending,
      audit,
      migrationsFolder,
    };
  } catch (e) {
    sqlite.close();
    if (isDamaged(e))
      throw new DatabaseIntegrityError(
        `The file ${file} is damaged or is not an OMU Desk database (SQLite: ${(e as Error).message}). Restore the database from a backup before going on.`,
      );
    throw e;
  }
}

/**
 * SQLite cannot read the file as a database (`SQLITE_NOTADB`: not a database at all, or a header overwritten) or finds
 * it damaged (`SQLITE_CORRUPT` and its extended codes). SQLite's own message then names no data ("file is not a
 * database", "database disk image is malformed"). https://sqlite.org/rescode.html#corrupt
 */
export function isDamaged(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code);
}

/**
 * Closes a database opened by openDatabase, leaving what makes the next opening cheap when nothing but this
 * connection wrote to the file since its checks (`PRAGMA data_version` unchanged) and its audit chain was intact:
 * - when this connection wrote at least CHECKPOINT_EVERY audit entries (an import), the chain's checkpoint moves to
 *   its last entry: the entries before this connection's first were walked at opening, and this connection linked
 *   its own (through `omu_audit_hash`), so the next opening need not walk them again;
 * - the file's seal (db/integrity-seal.ts), so that the next opening, finding the file as this one left it, need not
 *   run quick_check or count the chain's entries again.
 */
export function closeDatabase(opened: OpenedDatabase, now: Date = new Date()): void {
  const { sqlite } = opened;
  let seal = false;
  try {
    const mine = written.get(sqlite);
    const untouched = () =>
      (sqlite.pragma('data_version', { simple: true }) as number) === opened.dataVersion;
    if (sqlite.open && !sqlite.readonly && opened.audit.intact && mine && !mine.rebased && untouched()) {
      seal = true;
      if (mine.entries >= CHECKPOINT_EVERY) checkpointAtTip(sqlite, untouched, now);
    }
  } catch {
    seal = false; // busy or closing: the next opening checks, as it would have without the seal
  } finally {
    sqlite.close();
  }
  if (seal) writeSeal(opened.file, opened.checked.at, opened.checked.migrations);
  else breakSeal(opened.file);
}
