import crypto from 'node:crypto';

/**
 * How a workstation proves to the unit server that a named member of staff made a change. When they sign in,
 * the workstation derives a key from their password (scrypt with a salt the server issued); the server holds
 * the same key. Each command is signed with it while they are signed in; the key itself is never stored on the
 * workstation. A workstation that writes another person's name on a change cannot sign it as them.
 */

export interface SignedFields {
  commandId: string;
  name: string;
  input: unknown;
  actorId: string | null;
  deviceId: string;
}

/** The key and its salt are made where every password hash is (one set of scrypt parameters for server and workstation). */
export {
  deriveSigningKey,
  deriveSigningKeySync,
  newSigningSalt,
  SIGNING_COST,
} from '../domain/credentials/hashing';

function message(f: SignedFields): string {
  const inputHash = crypto
    .createHash('sha256')
    .update(JSON.stringify(f.input ?? null))
    .digest('base64');
  return JSON.stringify(['omu-command-v1', f.commandId, f.name, inputHash, f.actorId, f.deviceId]);
}

export function signCommand(key: string, f: SignedFields): string {
  return crypto.createHmac('sha256', Buffer.from(key, 'base64')).update(message(f)).digest('base64url');
}

export function verifySignature(key: string, f: SignedFields, signature: string): boolean {
  const expected = Buffer.from(signCommand(key, f));
  const given = Buffer.from(signature ?? '');
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
