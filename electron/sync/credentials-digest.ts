import crypto from 'node:crypto';
import type { CachedCredential } from '../domain/credentials/store';

/**
 * The unit server's answer about the prison's sign-in details, given with a push or a pull: their digest and, when it is
 * not the one the workstation sent (the details it holds), the details themselves.
 */
export interface CredentialsAnswer {
  digest: string;
  list?: CachedCredential[];
}

/**
 * SHA-256 of the sign-in details a workstation caches (each person's id, verifier, signing salt and when it was set),
 * in the order of their ids: computed by the server on its list and by the workstation on its copy, so that the list
 * is sent again only when a password was set, changed or reset there, or a person made inactive.
 */
export function credentialsDigest(list: readonly CachedCredential[]): string {
  const rows = list
    .map((c) => [c.staffId, c.verifier, c.signingSalt, c.changedAt ?? null])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
  return crypto.createHash('sha256').update(JSON.stringify(rows)).digest('base64url');
}
