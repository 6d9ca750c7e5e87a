import type { z } from 'zod';
import { AppError } from '../domain/shared/errors';

/**
 * The screen's label for each field of a command's input, as the form names it (a field inside an envelope such as
 * `{ prisonerNumber, assessment: { completedOn } }` by its own name, `completedOn`): every refusal about a field
 * starts with its label, never the code's name for it (issue 12, item 11; GOV.UK Design System, "Error message":
 * the message names the field as its label does).
 */
export type FieldLabels = Readonly<Record<string, string>>;

/** A field as the form names it: the path without the envelope's name (`assessment.completedOn` → `completedOn`). */
export const formField = (path: readonly PropertyKey[]): string =>
  (path.length > 1 && typeof path[0] === 'string' && typeof path[1] === 'string' ? path.slice(1) : path)
    .map(String)
    .join('.');

/** "dueOn" → "Due on": the last resort for a field with no label, so that a code name is never shown as it is. */
export const fieldWords = (field: string): string => {
  const words = (field.split('.').pop() ?? field)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'The input';
};

export const labelOf = (field: string, labels: FieldLabels = {}): string =>
  labels[field] ?? labels[field.split('.').pop() ?? ''] ?? fieldWords(field);

/**
 * A refusal's words with the field's label in front: "must not be in the future" → "Date completed must not be in the
 * future", "say why" → "Note: say why". A message that already names the label, or a whole sentence of its own
 * (starting with a capital), is left as it is.
 */
export function labelled(message: string, field: string, labels: FieldLabels = {}): string {
  const label = labelOf(field, labels);
  if (message.toLowerCase().startsWith(label.toLowerCase()) || /^[A-Z]/.test(message)) return message;
  return /^(must|is|are|cannot|can only|should|has|needs?)\b/.test(message)
    ? `${label} ${message}`
    : `${label}: ${message}`;
}

/** Zod's default words for an issue ("Invalid input: expected string, received undefined") in the user's words. */
function issueWords(issue: z.core.$ZodIssue): string {
  const own = !/^(Invalid|Too (small|big)|Expected|Required|Unrecognized)/.test(issue.message);
  if (own) return issue.message;
  const i = issue as z.core.$ZodIssue & {
    input?: unknown;
    minimum?: number | bigint;
    maximum?: number | bigint;
    origin?: string;
  };
  switch (issue.code) {
    case 'invalid_type':
      return i.input === undefined || i.input === null || i.input === '' ? 'is required' : 'is not valid';
    case 'invalid_value':
    case 'invalid_union':
      return 'must be one of the choices offered';
    case 'too_small':
      if (i.origin === 'string')
        return Number(i.minimum) <= 1 ? 'is required' : `must be at least ${i.minimum} characters`;
      if (i.origin === 'array' || i.origin === 'set')
        return Number(i.minimum) <= 1 ? 'needs at least one' : `needs at least ${i.minimum}`;
      return `must be ${i.minimum} or more`;
    case 'too_big':
      if (i.origin === 'string') return `must be ${i.maximum} characters or fewer`;
      if (i.origin === 'array' || i.origin === 'set') return `must have ${i.maximum} or fewer`;
      return `must be ${i.maximum} or less`;
    case 'invalid_format':
      return 'is not in the right form';
    case 'unrecognized_keys':
      return 'is not a field of this form';
    default:
      return 'is not valid';
  }
}

/** A command's input that does not parse, as a refusal: every problem named by its field's label, the first as the message. */
export function inputRefusal(error: z.ZodError, labels: FieldLabels = {}): AppError {
  const fields = error.issues.map((issue) => {
    const field = formField(issue.path);
    return {
      field: field || 'input',
      message: field ? labelled(issueWords(issue), field, labels) : `The input ${issueWords(issue)}`,
    };
  });
  const first = fields[0] ?? { field: 'input', message: 'The input is not valid' };
  return new AppError('invalid-input', first.message, first.field, fields);
}

/** A refusal from a command's decision, its message starting with the label of the field it names. */
export function labelRefusal(e: AppError, labels: FieldLabels = {}): AppError {
  if (!e.field || e.code !== 'invalid-input') return e;
  const message = labelled(e.message, e.field, labels);
  return message === e.message ? e : new AppError(e.code, message, e.field, e.fields);
}
