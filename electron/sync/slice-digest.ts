import crypto from 'node:crypto';

/**
 * A slice of a workstation's first data, as the unit server holds it: its table, its place in that table's key order,
 * and the digest of its rows. Told to a workstation taking up a broken-off upload, so that it sends only the rest.
 */
export interface HeldSlice {
  table: string;
  slice: number;
  digest: string;
}

/**
 * SHA-256 of a slice's rows as JSON, computed by the workstation before it sends them and by the server on the rows it
 * received (the same text: JSON read and written again keeps its keys' order), so that a slice is skipped only when
 * the server holds exactly these rows.
 */
export function sliceDigest(rows: readonly Record<string, unknown>[]): string {
  return crypto.createHash('sha256').update(JSON.stringify(rows)).digest('base64url');
}
