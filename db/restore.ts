import fs from 'node:fs';
import type { OpenedDatabase } from './open';

/**
 * Replaces `dbFile` with a copy of `backupFile`. The copy is opened (and migrated) under a temporary name first and
 * `prepare` writes to it there (the restore's own audit entry), then it is folded out of WAL mode and renamed over
 * the database in one step: a process killed at any point leaves either the old database or the restored one with
 * its audit entry, and at worst a `.restoring` file that the next start removes.
 *
 * The caller holds exclusive use of the database (DatabaseLock.exclusively); `closeCurrent` closes its connection.
 */
export function swapInBackup(
  dbFile: string,
  backupFile: string,
  openCopy: (file: string) => OpenedDatabase,
  prepare: (incoming: OpenedDatabase) => void,
  closeCurrent: () => void,
): void {
  const tmp = `${dbFile}.restoring`;
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${tmp}${suffix}`, { force: true });
  fs.copyFileSync(backupFile, tmp);
  let incoming: OpenedDatabase | null = null;
  try {
    incoming = openCopy(tmp);
    prepare(incoming);
    incoming.sqlite.pragma('journal_mode = DELETE');
  } catch (e) {
    // Refused (a backup whose audit log is broken, say): the database is untouched and the copy goes.
    incoming?.sqlite.close();
    incoming = null;
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${tmp}${suffix}`, { force: true });
    throw e;
  } finally {
    incoming?.sqlite.close();
  }
  closeCurrent();
  // The current file's WAL was checkpointed when its last connection closed; what is left belongs to the old file.
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${dbFile}${suffix}`, { force: true });
  fs.renameSync(tmp, dbFile);
}

/** Leftovers of a backup or restore that a crash interrupted, beside the database and in its backup folder. */
export function crashLeftovers(dbFile: string, backupDir: string): string[] {
  const found: string[] = [];
  for (const suffix of ['.restoring', '.restoring-wal', '.restoring-shm', '.restoring-journal']) {
    if (fs.existsSync(`${dbFile}${suffix}`)) found.push(`${dbFile}${suffix}`);
  }
  if (fs.existsSync(backupDir)) {
    for (const name of fs.readdirSync(backupDir)) {
      if (/\.partial(-journal|-wal|-shm)?$/.test(name)) found.push(`${backupDir}/${name}`);
    }
  }
  return found;
}
