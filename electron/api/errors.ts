import { z } from 'zod';
import { AppError } from '../domain/shared/errors';
import { inputRefusal } from '../core/labels';
import { DatabaseBusyError } from '../../db/write-transaction';
import { LockConflictError } from '../../db/database-lock';
import { AuditChainError } from '../../db/audit-chain';
import { DatabaseIntegrityError, isDamaged } from '../../db/open';
import { OfflineError } from '../sync/transport';
import { unexpectedErrorMessage } from '../domain/shared/errors';
import type { ErrorLog } from '../app/error-log';

/**
 * Any failure as the doors report it: a code, a sentence, and the field (as the form names it) where there is one.
 * A failure OMU Desk expects (a refusal, a busy or damaged database, an unreachable unit server) keeps its message,
 * written for the person; any other is `internal`, never with its own message, which can carry case data (a failed
 * query's values): the router answers it with a reference to its line in the log (electron/api/router.ts).
 */
export function toApiError(e: unknown): {
  code: string;
  message: string;
  field?: string;
  fields?: { field: string; message: string }[];
} {
  if (e instanceof AppError)
    return {
      code: e.code,
      message: e.message,
      ...(e.field ? { field: e.field } : {}),
      ...(e.fields ? { fields: [...e.fields] } : {}),
    };
  if (e instanceof DatabaseBusyError) return { code: 'busy', message: e.message };
  if (e instanceof LockConflictError) return { code: 'conflict', message: e.message };
  if (e instanceof OfflineError) return { code: 'unreachable', message: e.message };
  // A damaged database or audit chain: said with what to do (restore a backup), as the opening says it.
  if (e instanceof DatabaseIntegrityError || e instanceof AuditChainError)
    return { code: 'damaged', message: e.message };
  // Found damaged while in use (a page of the file overwritten since it was opened and checked).
  if (isDamaged(e))
    return {
      code: 'damaged',
      message:
        'The database file is damaged: SQLite cannot read part of it, so this was not done. Restore the database from a backup, and tell whoever supports OMU Desk at your unit.',
    };
  // A query's or action's input (a command's is refused by the runner with its form's labels): each problem in words,
  // a field named in words from its name when it has no label, never by the code's name.
  if (e instanceof z.ZodError) return toApiError(inputRefusal(e));
  return { code: 'internal', message: 'OMU Desk could not do this because of a problem of its own.' };
}

/**
 * A failure outside the router (opening the database, a door starting, a command line writing its output) as it is
 * said: an expected one in its own words; a file the person named that cannot be read or written by Node's message,
 * which names it ("ENOENT: no such file or directory, open 'out/agenda.pdf'"); any other as the router says one, with
 * the reference of its entry in `log` and where the log is.
 */
export function failureMessage(
  e: unknown,
  log: ErrorLog,
  where: string,
): { message: string; reference?: string } {
  const known = toApiError(e);
  if (known.code !== 'internal')
    return { message: known.field ? `${known.message} (${known.field})` : known.message };
  const { code, path: file } = e as { code?: unknown; path?: unknown };
  if (e instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code) && typeof file === 'string')
    return { message: e.message };
  const reference = log.record(where, e);
  return { message: `${unexpectedErrorMessage(reference, false)} The log: ${log.file}`, reference };
}
