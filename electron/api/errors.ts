import { z } from 'zod';
import { AppError } from '../domain/shared/errors';
import { inputRefusal } from '../core/labels';
import { DatabaseBusyError } from '../../db/write-transaction';
import { LockConflictError } from '../../db/database-lock';

/** Any failure as the doors report it: a code, a sentence, and the field (as the form names it) where there is one. */
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
  // A query's or action's input (a command's is refused by the runner with its form's labels): each problem in words,
  // a field named in words from its name when it has no label, never by the code's name.
  if (e instanceof z.ZodError) return toApiError(inputRefusal(e));
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}
