import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import * as schema from './schema';
import { backupInto, type BackupFile } from './backup';

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenedDatabase {
  file: string;
  sqlite: Database.Database;
  db: Db;
  /** The backup taken before migrating, when there were migrations to apply. */
  preMigrationBackup: BackupFile | null;
  appliedMigrations: number;
}

export class DatabaseIntegrityError extends Error {}

const rebasing = new WeakSet<Database.Database>();

/**
 * SQL functions the schema's triggers call: `omu_rebasing()` is 1 only while this connection takes back a joined
 * workstation's own unaccepted changes (see migration 0015); any other connection lacks it and is refused.
 */
export function registerFunctions(sqlite: Database.Database): void {
  sqlite.function('omu_rebasing', { deterministic: false, directOnly: false }, () => (rebasing.has(sqlite) ? 1 : 0));
}

/** Runs `fn` with the audit log's delete gate open on this connection (only the sync engine's rebase does this). */
export function whileRebasing<T>(sqlite: Database.Database, fn: () => T): T {
  rebasing.add(sqlite);
  try {
    return fn();
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
  const table = sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='__drizzle_migrations'").get();
  if (!table) return files.length;
  const last = sqlite.prepare('SELECT created_at FROM __drizzle_migrations ORDER BY created_at DESC LIMIT 1').get() as
    | { created_at: number }
    | undefined;
  return files.filter((m) => !last || Number(last.created_at) < m.folderMillis).length;
}

function hasUserTables(sqlite: Database.Database): boolean {
  return !!sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' LIMIT 1").get();
}

/**
 * Opens (creating if needed) an OMU Desk database: checks integrity, backs it up when migrations are pending,
 * then migrates in one transaction with foreign keys off (SQLite table rebuilds would otherwise cascade), and
 * checks foreign keys afterwards.
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
    const integrity = sqlite.pragma('integrity_check', { simple: true });
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
        const backup = hasUserTables(sqlite) ? backupInto(sqlite, options.backupDir ?? defaultBackupDir(file), 'pre-migration', now()) : null;
        sqlite.pragma('foreign_keys = OFF');
        const db = drizzle(sqlite, { schema });
        migrate(db, { migrationsFolder });
        const broken = sqlite.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new DatabaseIntegrityError(`Migration left ${broken.length} broken references in ${file}`);
        return backup;
      });
    }
    sqlite.pragma('foreign_keys = ON');
    return { file, sqlite, db: drizzle(sqlite, { schema }), preMigrationBackup, appliedMigrations: pending };
  } catch (e) {
    sqlite.close();
    throw e;
  }
}
