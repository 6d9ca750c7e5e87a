import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * One locking scheme for every process that opens an OMU Desk database: the app, the browser door and the command
 * line. The locks are SQLite's own file locks (POSIX advisory locks, LockFileEx on Windows) on small lock files in
 * `<database>.locks/`, so the operating system releases them when a process ends, however it ends:
 *
 * - `open.sqlite`: every process holds a SHARED lock (an open read transaction) for as long as it has the database
 *   open. Replacing or upgrading the file (restore, migrations) needs the EXCLUSIVE lock, which SQLite grants only when
 *   no other process holds SHARED; a process opening the database meanwhile waits until the swap is over.
 * - `gate.sqlite`: held EXCLUSIVE for the moment a process asks for exclusive use, so that two such processes never
 *   both let go of their SHARED lock (one would swap the file under the other's open connection).
 * - `instance.sqlite`: held EXCLUSIVE for its lifetime by the app or the browser door: one of them per database.
 *
 * Beside the locks, `holders/` has one small JSON file per holder (process, door, command, account, since) and
 * `writer.json` names the current writer (see write-transaction.ts): only so that a refusal can say who.
 */

export type Door = 'app' | 'browser-door' | 'cli';

export interface Holder {
  pid: number;
  door: Door;
  command: string;
  account: string;
  since: string;
}

export interface DatabaseLock {
  readonly dbFile: string;
  /** Runs `fn` while no other process has the database open, or refuses (LockConflictError) naming who has. */
  exclusively<T>(purpose: string, fn: () => T): T;
  /** The other processes that have this database open now (from their holder files, living processes only). */
  otherHolders(): Holder[];
  release(): void;
}

/** The database is held by another process in a way that stops what was asked; the message names who. */
export class LockConflictError extends Error {
  constructor(
    message: string,
    readonly holders: Holder[],
  ) {
    super(message);
    this.name = 'LockConflictError';
  }
}

export const lockDirOf = (dbFile: string) => `${path.resolve(dbFile)}.locks`;

const DOOR_NAMES: Record<Door, string> = {
  app: 'the OMU Desk app',
  'browser-door': 'the browser door',
  cli: 'the command line',
};

/** "10:42" when `iso` is today in Europe/London, else "21/11/2026 10:42". */
export function londonClock(iso: string, now = new Date()): string {
  const fmt = (d: Date, o: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', ...o }).format(d);
  const at = new Date(iso);
  const time = fmt(at, { hour: '2-digit', minute: '2-digit', hour12: false });
  const day = (d: Date) => fmt(d, { day: '2-digit', month: '2-digit', year: 'numeric' });
  return day(at) === day(now) ? time : `${day(at)} ${time}`;
}

export function describeHolder(h: Holder): string {
  return `${DOOR_NAMES[h.door] ?? h.door}${h.command ? ` (${h.command})` : ''}, opened by ${h.account} at ${londonClock(h.since)} (process ${h.pid})`;
}

export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function account(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

const isBusy = (e: unknown) =>
  typeof (e as { code?: unknown })?.code === 'string' &&
  (e as { code: string }).code.startsWith('SQLITE_BUSY');

const lockFile = (file: string, timeoutMs: number) => new Database(file, { timeout: timeoutMs });

/** Holds SHARED on a lock file: an open read transaction that has read the schema. */
function holdShared(db: Database.Database): void {
  db.exec('BEGIN');
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
}

function release(db: Database.Database): void {
  if (db.inTransaction) db.exec('COMMIT');
}

export function readHolders(dbFile: string): (Holder & { id: string })[] {
  const dir = path.join(lockDirOf(dbFile), 'holders');
  if (!fs.existsSync(dir)) return [];
  const out: (Holder & { id: string })[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    try {
      const h = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Holder;
      out.push({ ...h, id: name.slice(0, -5) });
    } catch {
      /* a holder file being written or removed */
    }
  }
  return out;
}

export interface LockOptions {
  door: Door;
  /** What the process is doing, shown to others: `omu import caseload big.csv`. */
  command?: string;
  /** The app and the browser door: one of them per database. */
  instance?: boolean;
  /** The operating-system account shown to others (default: this process's). */
  account?: string;
  /** How long to wait for another process's restore or upgrade to finish before giving up. */
  waitMs?: number;
}

/**
 * Takes part in the scheme for `dbFile`: SHARED on the open lock (waiting while another process restores or upgrades
 * the file) and, for the app and the browser door, the instance lock. Call `release()` when closing the database.
 */
export function lockDatabase(dbFile: string, options: LockOptions): DatabaseLock {
  const dir = lockDirOf(dbFile);
  fs.mkdirSync(path.join(dir, 'holders'), { recursive: true });
  // Names this holder's file beside the others; not a secret (so no need to load node:crypto on every call for it).
  const id = `${process.pid}-${Math.floor(Math.random() * 0x100000000)
    .toString(16)
    .padStart(8, '0')}`;
  const holderFile = path.join(dir, 'holders', `${id}.json`);
  const me: Holder = {
    pid: process.pid,
    door: options.door,
    command: options.command ?? '',
    account: options.account ?? account(),
    since: new Date().toISOString(),
  };
  const others = () => readHolders(dbFile).filter((h) => h.id !== id && processAlive(h.pid));
  const whoHasIt = (hs: Holder[]) => (hs.length ? hs.map(describeHolder).join('; ') : 'another program');

  let instance: Database.Database | null = null;
  if (options.instance) {
    instance = lockFile(path.join(dir, 'instance.sqlite'), 0);
    try {
      instance.exec('BEGIN EXCLUSIVE');
    } catch (e) {
      instance.close();
      if (!isBusy(e)) throw e;
      const hs = others().filter((h) => h.door !== 'cli');
      throw new LockConflictError(
        `OMU Desk is already open on ${path.resolve(dbFile)}: ${whoHasIt(hs)}. Use that window, or close it first.`,
        hs,
      );
    }
  }

  const waitMs = options.waitMs ?? 60_000;
  const open = lockFile(path.join(dir, 'open.sqlite'), waitMs);
  try {
    holdShared(open);
  } catch (e) {
    open.close();
    instance?.close();
    if (!isBusy(e)) throw e;
    throw new LockConflictError(
      `${path.resolve(dbFile)} is being restored or upgraded by another process and is still not free; try again shortly.`,
      [],
    );
  }
  fs.writeFileSync(holderFile, JSON.stringify(me));
  const gate = lockFile(path.join(dir, 'gate.sqlite'), 0);
  let released = false;
  let exclusiveDepth = 0;

  return {
    dbFile: path.resolve(dbFile),
    otherHolders: () => others().map(({ id: _id, ...h }) => h),
    exclusively<T>(purpose: string, fn: () => T): T {
      if (exclusiveDepth > 0) return fn();
      try {
        gate.exec('BEGIN EXCLUSIVE');
      } catch (e) {
        if (!isBusy(e)) throw e;
        throw new LockConflictError(
          `Cannot ${purpose} now: another process is restoring or upgrading this database. Try again shortly.`,
          others(),
        );
      }
      try {
        release(open);
        try {
          // No waiting: while others have the database open the answer is no, and they are named.
          open.pragma('busy_timeout = 0');
          open.exec('BEGIN EXCLUSIVE');
        } catch (e) {
          open.pragma(`busy_timeout = ${waitMs}`);
          holdShared(open);
          if (!isBusy(e)) throw e;
          const hs = others();
          throw new LockConflictError(
            `Cannot ${purpose} while the database is open elsewhere: ${whoHasIt(hs)}. Close it or let it finish, then try again.`,
            hs,
          );
        }
        open.pragma(`busy_timeout = ${waitMs}`);
        exclusiveDepth++;
        try {
          return fn();
        } finally {
          exclusiveDepth--;
          release(open);
          holdShared(open);
        }
      } finally {
        release(gate);
      }
    },
    release() {
      if (released) return;
      released = true;
      fs.rmSync(holderFile, { force: true });
      for (const db of [open, gate, instance]) {
        if (!db) continue;
        try {
          release(db);
        } finally {
          db.close();
        }
      }
    },
  };
}
