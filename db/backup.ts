import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

export type BackupReason = 'manual' | 'daily' | 'pre-migration' | 'pre-restore';

export interface BackupFile {
  file: string;
  name: string;
  reason: string;
  createdAt: string;
  bytes: number;
}

/** `<database>-<time>-<why>.sqlite`: the database's own name first (`omu` in names an older OMU Desk gave). */
const NAME_RE = /^(.+)-(\d{8}T\d{6}(?:\d{3})?Z)-([a-z-]+)\.sqlite$/;

/**
 * What a database's backups are named after: its file's name without the extension (`omu-desk` for omu-desk.sqlite).
 * Two databases in one folder share its backups folder; each names its backups after itself and lists only those,
 * so neither is offered the other's to restore, nor counts the other's daily backup as its own.
 */
export function backupStem(dbFile: string): string {
  const stem = path.basename(dbFile).replace(/\.(sqlite3?|db)$/i, '');
  return stem && dbFile !== ':memory:' ? stem : 'omu';
}

/** Names an older OMU Desk gave every database's backups: listed for every database in the folder. */
const OLDER_STEM = 'omu';

function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.(\d{3})Z$/, '$1Z');
}

/** A consistent copy of the open database (VACUUM INTO), written to a temporary name and renamed so a backup is whole or absent. */
export function writeBackup(sqlite: Database.Database, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.partial`;
  fs.rmSync(tmp, { force: true });
  sqlite.prepare('VACUUM INTO ?').run(tmp);
  fs.renameSync(tmp, file);
}

export function backupInto(
  sqlite: Database.Database,
  dir: string,
  reason: BackupReason,
  now: Date,
): BackupFile {
  const file = path.join(dir, `${backupStem(sqlite.name)}-${stamp(now)}-${reason}.sqlite`);
  writeBackup(sqlite, file);
  const { stem: _stem, ...made } = describe(file)!;
  return made;
}

function describe(file: string): (BackupFile & { stem: string }) | null {
  const name = path.basename(file);
  const m = NAME_RE.exec(name);
  if (!m) return null;
  const s = m[2]!;
  const createdAt = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.length > 16 ? s.slice(15, 18) : '000'}Z`;
  return { file, name, reason: m[3]!, createdAt, bytes: fs.statSync(file).size, stem: m[1]! };
}

/** Backups in `dir`, newest first: those of the database `dbFile` (and older OMU Desk's), or all when not given. */
export function listBackups(dir: string, dbFile?: string): BackupFile[] {
  if (!fs.existsSync(dir)) return [];
  const mine = dbFile === undefined ? null : backupStem(dbFile);
  return fs
    .readdirSync(dir)
    .map((n) => describe(path.join(dir, n)))
    .filter(
      (b): b is BackupFile & { stem: string } =>
        b !== null && (mine === null || b.stem === mine || b.stem === OLDER_STEM),
    )
    .map(({ stem: _stem, ...b }) => b)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Takes the daily backup unless one was taken on `today` already, then keeps only the newest `keep` daily backups. */
export function dailyBackup(
  sqlite: Database.Database,
  dir: string,
  now: Date,
  today: string,
  keep = 14,
): BackupFile | null {
  const daily = listBackups(dir, sqlite.name).filter((b) => b.reason === 'daily');
  const made = daily.some((b) => b.createdAt.slice(0, 10) === today)
    ? null
    : backupInto(sqlite, dir, 'daily', now);
  for (const old of listBackups(dir, sqlite.name)
    .filter((b) => b.reason === 'daily')
    .slice(keep))
    fs.rmSync(old.file, { force: true });
  return made;
}
