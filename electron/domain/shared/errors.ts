export type ErrorCode =
  | 'invalid-input'
  | 'not-found'
  | 'conflict'
  | 'busy'
  | 'held'
  | 'forbidden'
  | 'not-identified'
  | 'not-signed-in'
  | 'locked'
  | 'reauthentication-required'
  | 'sign-in-refused'
  | 'wait'
  | 'import-invalid'
  | 'internal';

/**
 * An error meant for the user: a code, a sentence, and the field it concerns where there is one; an input with
 * several problems lists each with its field (`fields`, the first being the message).
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly fields?: readonly { field: string; message: string }[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not-found', `${what} was not found`);

/**
 * An unexpected failure as a log line: each error of its chain (its causes) by name, code and message, then where the
 * first was thrown. Never a failed query's parameters: drizzle's error puts them in its message ("Failed query: ...
 * params: ..."), and they are case data, password verifiers and token hashes; the query's text is kept (its values
 * are placeholders). Nor the error's other properties, where a database driver keeps its connection (with the
 * password).
 */
export function loggedError(e: unknown): string {
  const parts: string[] = [];
  let where = '';
  for (let x = e, depth = 0; x !== undefined && x !== null && depth < 5; depth++) {
    if (!(x instanceof Error)) {
      parts.push(typeof x === 'string' ? x : `a thrown ${typeof x}`);
      break;
    }
    const { query, code } = x as { query?: unknown; code?: unknown };
    const message = typeof query === 'string' ? `Failed query: ${query}` : x.message;
    parts.push(`${x.name}${typeof code === 'string' ? ` (${code})` : ''}: ${message}`);
    if (!where)
      where = (x.stack ?? '')
        .split('\n')
        .filter((line) => /^\s+at /.test(line))
        .join('\n');
    x = x.cause;
  }
  // Nothing at all thrown (a package that rejects with no reason): said so, not an empty line.
  if (!parts.length) return `${String(e)} was thrown`;
  return `${parts.join('; caused by ')}${where ? `\n${where}` : ''}`;
}
