import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { lockDirOf, londonClock, processAlive } from './database-lock';

/**
 * Who is writing, as another user should read it: `{ what: 'an import of big.csv', who: 'Lisa Marsh' }` reads
 * "an import of big.csv started at 10:42 by Lisa Marsh is writing".
 */
export interface Writer {
  what: string;
  who: string;
}

interface WriterRecord extends Writer {
  pid: number;
  since: string;
}

/** The database stayed busy for the whole wait; the message says who is writing and since when. */
export class DatabaseBusyError extends Error {
  constructor(
    message: string,
    readonly writer: (Writer & { since: string }) | null,
  ) {
    super(message);
    this.name = 'DatabaseBusyError';
  }
}

export const isSqliteBusy = (e: unknown): boolean =>
  typeof (e as { code?: unknown })?.code === 'string' &&
  (e as { code: string }).code.startsWith('SQLITE_BUSY');

const writerFile = (sqlite: Database.Database) =>
  sqlite.memory ? null : path.join(lockDirOf(sqlite.name), 'writer.json');

/** The writer another process recorded, if that process is still alive. */
export function currentWriter(dbFile: string): WriterRecord | null {
  try {
    const w = JSON.parse(
      fs.readFileSync(path.join(lockDirOf(dbFile), 'writer.json'), 'utf8'),
    ) as WriterRecord;
    return processAlive(w.pid) ? w : null;
  } catch {
    return null;
  }
}

/** Turns SQLITE_BUSY (and BUSY_SNAPSHOT, BUSY_RECOVERY) into a sentence naming the writer; other errors pass through. */
export function busyError(sqlite: Database.Database, e: unknown): unknown {
  if (!isSqliteBusy(e)) return e;
  const w = sqlite.memory ? null : currentWriter(sqlite.name);
  const mine = w && w.pid === process.pid;
  const message =
    w && !mine
      ? `The database is busy: ${w.what} started at ${londonClock(w.since)} by ${w.who} is writing; try again shortly. Nothing was changed.`
      : 'The database is busy: another program is writing to it; try again shortly. Nothing was changed.';
  return new DatabaseBusyError(message, w && !mine ? { what: w.what, who: w.who, since: w.since } : null);
}

/** Records who is writing while this process holds the write lock; returns how to forget it. */
function announce(sqlite: Database.Database, writer: Writer, since = new Date().toISOString()): () => void {
  const file = writerFile(sqlite);
  if (!file) return () => undefined;
  try {
    const tmp = `${file}.${process.pid}`;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify({ ...writer, pid: process.pid, since } satisfies WriterRecord));
    fs.renameSync(tmp, file);
  } catch {
    /* naming the writer is a courtesy; the write goes ahead */
  }
  return () => {
    try {
      const w = JSON.parse(fs.readFileSync(file, 'utf8')) as WriterRecord;
      if (w.pid === process.pid) fs.rmSync(file, { force: true });
    } catch {
      /* already gone */
    }
  };
}

/**
 * How long a write waits for another writer: the connection's busy timeout (5 s, db/open.ts), by the clock. SQLite's
 * own wait counts the sleeps it asks for, not the time that passes, and a signal to the thread ends a sleep early
 * (nanosleep returns EINTR): in a process under a CPU profiler, whose sampler signals the main thread every
 * millisecond, its 5 s ran out after 70-80 ms (28/11/2026: a POM's write refused as busy while another process
 * wrote for 1 s, in two whole integration runs under `--cpu-prof`, which vitest passes on to its workers). So a BEGIN
 * that SQLite answers busy is tried again, a few milliseconds apart, until the busy timeout has passed by the clock.
 * Nothing has been written by a BEGIN that was refused, so trying it again changes nothing.
 */
function beginWaiting<T>(
  sqlite: Database.Database,
  begin: () => T,
  refusedAtBegin: (e: unknown) => boolean,
): T {
  const started = performance.now();
  for (;;) {
    try {
      return begin();
    } catch (e) {
      if (!refusedAtBegin(e)) throw e;
      const timeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
      if (performance.now() - started >= timeout) throw e;
      Atomics.wait(pause, 0, 0, RETRY_PAUSE_MS);
    }
  }
}

/** Between two tries of a BEGIN refused as busy (beginWaiting): no spinning if SQLite answers at once. */
const RETRY_PAUSE_MS = 5;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * The one way to write: `BEGIN IMMEDIATE` takes the write lock before anything is read, so the transaction never has
 * to upgrade a stale read snapshot (SQLITE_BUSY_SNAPSHOT) and SQLite's busy handler makes it wait for another writer
 * for up to the connection's busy timeout (by the clock: beginWaiting). While it holds the lock it records who is
 * writing, so that a process that still cannot write after waiting says who holds the database and since when
 * (DatabaseBusyError), never "database is locked". Inside another transaction it runs as a savepoint of that one.
 */
export function withWriteTransaction<T>(sqlite: Database.Database, writer: Writer, fn: () => T): T {
  if (sqlite.inTransaction) return sqlite.transaction(fn)();
  let forget: (() => void) | null = null;
  let began = false;
  try {
    return beginWaiting(
      sqlite,
      () =>
        sqlite
          .transaction(() => {
            began = true;
            forget = announce(sqlite, writer);
            return fn();
          })
          .immediate(),
      // Only a refusal of the BEGIN itself is tried again, never one after `fn` has begun.
      (e) => !began && isSqliteBusy(e),
    );
  } catch (e) {
    throw busyError(sqlite, e);
  } finally {
    (forget as (() => void) | null)?.();
  }
}

export interface HeldWrite {
  commit(): void;
  rollback(): void;
  /** Says anew what is writing (a long write's progress), for a process refused meanwhile to name. */
  say(what: string): void;
}

/**
 * The same as withWriteTransaction for a caller whose work between BEGIN and COMMIT is asynchronous (the command
 * runner): begins IMMEDIATE (waiting by the clock, then DatabaseBusyError naming the writer) and records the writer until
 * commit or rollback.
 */
export function beginWriteTransaction(sqlite: Database.Database, writer: Writer): HeldWrite {
  try {
    beginWaiting(sqlite, () => sqlite.exec('BEGIN IMMEDIATE'), isSqliteBusy);
  } catch (e) {
    throw busyError(sqlite, e);
  }
  const since = new Date().toISOString();
  let forget = announce(sqlite, writer, since);
  return {
    say(what: string) {
      if (sqlite.inTransaction) forget = announce(sqlite, { ...writer, what }, since);
    },
    commit() {
      try {
        sqlite.exec('COMMIT');
      } catch (e) {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
        throw busyError(sqlite, e);
      } finally {
        forget();
      }
    },
    rollback() {
      try {
        if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      } finally {
        forget();
      }
    },
  };
}
