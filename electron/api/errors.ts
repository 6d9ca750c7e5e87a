import { z } from 'zod';
import { AppError } from '../domain/shared/errors';
import { DatabaseBusyError } from '../../db/write-transaction';
import { LockConflictError } from '../../db/database-lock';

/** Any failure as the doors report it: a code, a sentence, and the field (as the form names it) where there is one. */
export function toApiError(e: unknown): { code: string; message: string; field?: string; fields?: { field: string; message: string }[] } {
  if (e instanceof AppError) return { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) };
  if (e instanceof DatabaseBusyError) return { code: 'busy', message: e.message };
  if (e instanceof LockConflictError) return { code: 'conflict', message: e.message };
  if (e instanceof z.ZodError) {
    // A field inside an envelope ({ prisonerNumber, assessment: { completedOn } }) is named as the form names it.
    const fieldOf = (path: PropertyKey[]) => (path.length > 1 && typeof path[0] === 'string' && typeof path[1] === 'string' ? path.slice(1) : path).map(String).join('.');
    const fields = e.issues.map((i) => ({ field: fieldOf(i.path), message: i.message }));
    const first = fields[0];
    return {
      code: 'invalid-input',
      message: first ? `${first.field || 'input'} ${first.message}` : 'The input is not valid',
      // Every refusal names a field; one about the input as a whole (not an object at all) names "input".
      field: first?.field || 'input',
      fields,
    };
  }
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}
