import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The seal an OMU Desk process leaves when it closes a database it checked at opening and that nothing else wrote to
 * meanwhile: the file's state as it left it (size, modification and change times, file number of the database and of
 * its WAL) and when the file was last checked. The next opening on the command line that finds the file in exactly
 * that state, within a day of that check, skips `PRAGMA quick_check` and the count of the audit chain's entries up to
 * its checkpoint (db/open.ts): nothing has touched the file since both passed. Anything that writes the file (another
 * program, the sqlite3 shell, a copy over it, a disk that rewrites it) changes its change time, which no program can
 * set back, so the opening checks again. At least once a day the check runs regardless.
 *
 * The seal also names the migrations the file was checked against (a digest of their files' names and contents):
 * the audit triggers were compared with those migrations' SQL, so a sealed opening with the same migrations need not
 * read and compare them again, and an opening with other migrations (another version of OMU Desk) checks everything.
 *
 * The seal lives beside the locks (`DATABASE.locks/checked.json`), so it is never part of the database or its backups.
 */

export const SEAL_VALID_MS = 24 * 60 * 60 * 1000;

export interface FileState {
  db: string;
  wal: string | null;
}

export interface Seal {
  state: FileState;
  /** When `quick_check` (or `integrity_check`) and the audit counts last passed on this file. */
  checkedAt: string;
  /** The migrations it was checked against (migrationsState). */
  migrations: string;
  /** Their files' names, sizes and modification times when their digest was made (migrationFiles). */
  migrationFiles?: string;
}

/** The migrations the file is opened with: their digest, and their files as listed (names, sizes, times). */
export interface MigrationsState {
  digest: string;
  files: string;
}

const migrationDirs = (migrationsFolder: string) => [migrationsFolder, path.join(migrationsFolder, 'meta')];
const isMigrationFile = (name: string) => name.endsWith('.sql') || name === '_journal.json';

/**
 * The migrations folder's SQL files and journal by name, size and modification time: listed without reading them.
 * Another version of OMU Desk, or a file edited in place, changes a size or a time.
 */
export function migrationFiles(migrationsFolder: string): string {
  const out: string[] = [];
  for (const dir of migrationDirs(migrationsFolder)) {
    let names: string[];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (!isMigrationFile(name)) continue;
      const s = fs.statSync(path.join(dir, name));
      out.push(`${name}:${s.size}:${s.mtimeMs}`);
    }
  }
  return out.join('/');
}

/**
 * The migrations folder's SQL files and journal, as one digest of their names and contents: what changes when any of
 * them is changed. Reading and hashing them costs far less than parsing them into the triggers they make.
 */
export function migrationsDigest(migrationsFolder: string): string {
  const digest = crypto.createHash('sha256');
  for (const dir of migrationDirs(migrationsFolder)) {
    let names: string[];
    try {
      names = fs.readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (!isMigrationFile(name)) continue;
      digest
        .update(`${name}\0`)
        .update(fs.readFileSync(path.join(dir, name)))
        .update('\0');
    }
  }
  return digest.digest('hex');
}

/**
 * The migrations' digest, taken from the seal when their files are listed as they were when it was written: reading
 * and hashing thirty files on every opening cost a command-line call more than its own query (issue 18 item 2).
 */
export function migrationsState(migrationsFolder: string, seal: Seal | null = null): MigrationsState {
  const files = migrationFiles(migrationsFolder);
  if (seal?.migrationFiles === files && seal.migrations) return { digest: seal.migrations, files };
  return { digest: migrationsDigest(migrationsFolder), files };
}

const statOf = (file: string): string | null => {
  try {
    const s = fs.statSync(file, { bigint: true });
    return [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':');
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return null;
    throw e;
  }
};

/** The database file's state, and its WAL's: what any write changes. */
export function fileState(dbFile: string): FileState | null {
  const db = statOf(dbFile);
  return db === null ? null : { db, wal: statOf(`${dbFile}-wal`) };
}

const sealFile = (dbFile: string) => path.join(`${path.resolve(dbFile)}.locks`, 'checked.json');

/** The seal the last OMU Desk process left on the file, if any. */
export function readSeal(dbFile: string): Seal | null {
  try {
    return JSON.parse(fs.readFileSync(sealFile(dbFile), 'utf8')) as Seal;
  } catch {
    return null;
  }
}

/**
 * When the file was last checked, if it is still in the state its seal names, the check is less than a day old and
 * was made against the same migrations.
 */
export function sealedSince(
  seal: Seal | null,
  state: FileState | null,
  now: Date,
  migrations: string,
): Date | null {
  if (!state || !seal) return null;
  const checkedAt = new Date(seal.checkedAt);
  const age = now.getTime() - checkedAt.getTime();
  if (!(age >= 0 && age < SEAL_VALID_MS)) return null;
  if (seal.migrations !== migrations) return null;
  return seal.state?.db === state.db && seal.state.wal === state.wal ? checkedAt : null;
}

/** Seals the file as it is now (after its connection closed); only where its locks folder is (an OMU Desk process's). */
export function writeSeal(dbFile: string, checkedAt: Date, migrations: MigrationsState): void {
  const target = sealFile(dbFile);
  if (!fs.existsSync(path.dirname(target))) return;
  const state = fileState(dbFile);
  if (!state) return;
  const seal: Seal = {
    state,
    checkedAt: checkedAt.toISOString(),
    migrations: migrations.digest,
    migrationFiles: migrations.files,
  };
  const partial = `${target}.${process.pid}.partial`;
  fs.writeFileSync(partial, JSON.stringify(seal));
  fs.renameSync(partial, target);
}

/** Removes the seal (a check that failed, or a file about to be replaced): the next opening checks. */
export function breakSeal(dbFile: string): void {
  fs.rmSync(sealFile(dbFile), { force: true });
}
