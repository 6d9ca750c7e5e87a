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

const NAME_RE = /^omu-(\d{8}T\d{6}(?:\d{3})?Z)-([a-z-]+)\.sqlite$/;

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
  const file = path.join(dir, `omu-${stamp(now)}-${reason}.sqlite`);
  writeBackup(sqlite, file);
  return describe(file)!;
}

function describe(file: string): BackupFile | null {
  const name = path.basename(file);
  const m = NAME_RE.exec(name);
  if (!m) return null;
  const s = m[1]!;
  const createdAt = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}.${s.length > 16 ? s.slice(15, 18) : '000'}Z`;
  return { file, name, reason: m[2]!, createdAt, bytes: fs.statSync(file).size };
}

/** Backups in `dir`, newest first. */
export function listBackups(dir: string): BackupFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .map((n) => describe(path.join(dir, n)))
    .filter((b): b is BackupFile => b !== null)
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
  const daily = listBackups(dir).filter((b) => b.reason === 'daily');
  const made = daily.some((b) => b.createdAt.slice(0, 10) === today)
    ? null
    : backupInto(sqlite, dir, 'daily', now);
  for (const old of listBackups(dir)
    .filter((b) => b.reason === 'daily')
    .slice(keep))
    fs.rmSync(old.file, { force: true });
  return made;
}
