import fs from 'node:fs';
import path from 'node:path';
import { errorReference, loggedError } from '../domain/shared/errors';

/**
 * The workstation's log of unexpected failures: one entry per failure, headed by the time, its reference (the one the
 * person was told) and what was being done, then the error as `loggedError` gives it (each error of the chain by class,
 * code and message, a failed query's text without its values, the stack). Beside the database, in `logs/`, readable
 * by this computer account only; a log that would pass 1 MiB is moved to `NAME.log.1` (replacing the one there) and
 * a new one begun.
 */
export interface ErrorLog {
  /** The log's file. */
  readonly file: string;
  /** Writes the failure and returns its reference (also when the log cannot be written: the failure is not hidden by it). */
  record(where: string, e: unknown, at?: Date): string;
}

const MAX_BYTES = 1024 * 1024;

/** `logs/NAME.log` in the database's folder (NAME: the database file's name without its extension). */
export function defaultErrorLogFile(dbFile: string): string {
  const resolved = path.resolve(dbFile);
  return path.join(path.dirname(resolved), 'logs', `${path.basename(resolved).replace(/\.[^.]*$/, '')}.log`);
}

export function errorLog(file: string): ErrorLog {
  return {
    file,
    record(where, e, at = new Date()) {
      const reference = errorReference();
      const entry = `${at.toISOString()} ${reference} ${where}: ${loggedError(e)}\n`;
      try {
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        if ((fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) + entry.length > MAX_BYTES)
          fs.renameSync(file, `${file}.1`);
        fs.appendFileSync(file, entry, { mode: 0o600 });
      } catch (failed) {
        // Said where a developer would look; the person is still told the reference.
        console.error(`[omu] the error log ${file} could not be written: ${loggedError(failed)}`);
        console.error(`[omu] ${entry}`);
      }
      return reference;
    },
  };
}
