import zlib from 'node:zlib';

/**
 * A command's input as the command log stores it (db/schema/commands.ts, `command_log.input`): its JSON as text, or,
 * from COMPRESS_FROM characters of JSON (a caseload file's text: 19 MB for 80,000 rows), that JSON compressed with
 * Brotli (node:zlib, RFC 7932) and stored as a BLOB. SQLite keeps a BLOB as it is given whatever the column's type, so
 * the two cannot be confused and no migration is needed; every reader of the column goes through `loggedInputJson`.
 *
 * Why (issue 18 item 3): the log row of an 80,000-row import was written at the end, when the import holds the most,
 * as the 19 MB JSON string, better-sqlite3's UTF-8 copy of it, SQLite's copy and its record: about 55 MB more at the
 * very peak. The runner now encodes the input before the command loads anything, and holds only the compressed copy
 * (about 5.3 MB: Brotli at quality 1 takes about 0.1 s for the 19 MB and reads it back in about 0.2 s) until it writes
 * the row. Replaying reads back the same JSON, character for character.
 */
export const COMPRESS_FROM = 64 * 1024;

export type StoredInput = string | Buffer;

/** The input's JSON, compressed when it is large. */
export function encodeLoggedInput(input: unknown): StoredInput {
  const json = JSON.stringify(input ?? null);
  if (json.length < COMPRESS_FROM) return json;
  return zlib.brotliCompressSync(json, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 1,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: json.length,
    },
  });
}

/** The JSON of a logged input, as the command log stored it (text as it is, a BLOB decompressed). */
export function loggedInputJson(stored: StoredInput | Uint8Array): string {
  if (typeof stored === 'string') return stored;
  return zlib.brotliDecompressSync(stored).toString('utf8');
}
