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
