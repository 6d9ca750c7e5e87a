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
    const message =
      typeof query === 'string'
        ? `Failed query: ${query}`
        : mayQuoteValues(x)
          ? '(its message is not kept: it can quote the values)'
          : x.message;
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

/**
 * A failure said in one line where the person who ran a command reads it (`omu-server`'s last line): its own message
 * when it is one that cannot carry values, else loggedError's first line (a failed query's text without its values,
 * a data exception's or a trigger's class and code without its message).
 */
export function failureLine(e: unknown): string {
  return e instanceof Error && !('query' in e) && !mayQuoteValues(e)
    ? e.message
    : loggedError(e).split('\n')[0]!;
}

/**
 * Messages that can quote the data they failed on: a trigger's RAISE (SQLite's message is whatever expression the
 * trigger gives, since SQLite 3.47 one built from the row: SQLITE_CONSTRAINT_TRIGGER; PostgreSQL's RAISE EXCEPTION:
 * P0001), PostgreSQL's data exceptions (class 22, "invalid input syntax for type date: \"...\""), and JSON.parse's
 * SyntaxError (V8 quotes the text: `Unexpected token 'B', "Blackwood" is not valid JSON`).
 * https://sqlite.org/lang_createtrigger.html#raise, https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
function mayQuoteValues(x: Error): boolean {
  const code = (x as { code?: unknown }).code;
  if (code === 'SQLITE_CONSTRAINT_TRIGGER' || code === 'P0001') return true;
  if (typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code) && 'severity' in x) return true;
  return x instanceof SyntaxError && /JSON/.test(x.message);
}

/**
 * A short reference for one unexpected failure: said to the person (to quote to whoever supports them) and written on
 * the failure's line in the workstation's log (electron/app/error-log.ts), so the two can be matched.
 */
export function errorReference(): string {
  return `E-${globalThis.crypto.randomUUID().slice(0, 8).toUpperCase()}`;
}

/**
 * What a person is told of an unexpected failure (not a refusal of what they entered): one plain sentence, what they
 * can do, and the reference of its line in the log. Never the error's own message, which can carry case data (a failed
 * query's values). `nothingChanged`: the operation's writes were rolled back (a command, in one transaction) or it
 * writes nothing (a read).
 */
export function unexpectedErrorMessage(reference: string, nothingChanged: boolean): string {
  return `OMU Desk could not do this because of a problem of its own, not anything you entered.${nothingChanged ? ' Nothing was changed.' : ''} Try again; if it happens again, tell whoever supports OMU Desk at your unit, quoting reference ${reference}.`;
}
