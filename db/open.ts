import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import * as schema from './schema';
import { backupInto, type BackupFile } from './backup';
import {
  auditLinkHash,
  newRebaseTrail,
  noteRebaseChange,
  recordAuditCheck,
  relinkAuditChain,
  verifyAuditChain,
  type AuditChainCheck,
  type RebaseTrail,
} from './audit-chain';

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
}

export class DatabaseIntegrityError extends Error {}

/** Connections taking back a joined workstation's changes, with what the rebase did to the audit log so far. */
const rebasing = new WeakMap<Database.Database, RebaseTrail>();

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
    (previousHash: unknown, ...entry: unknown[]) => auditLinkHash(previousHash as string | null, entry),
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

function pendingMigrations(sqlite: Database.Database, migrationsFolder: string): number {
  const files = readMigrationFiles({ migrationsFolder });
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
  const sqlite = new Database(file, { fileMustExist: !create });
  registerFunctions(sqlite);
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    // Temporary tables (the due list's note of changed prisoners, filled by a temporary trigger on every write) in
    // memory: in a temporary file each note cost an 80,000-row import about 50 µs a row.
    sqlite.pragma('temp_store = MEMORY');
    const integrity = sqlite.pragma(options.integrity === 'full' ? 'integrity_check' : 'quick_check', {
      simple: true,
    });
    if (integrity !== 'ok') {
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
    const audit = verifyAuditChain(sqlite, { migrationsFolder, file, whole: false });
    if (!options.readonly) recordAuditCheck(sqlite, audit, now());
    return {
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
    throw e;
  }
}
