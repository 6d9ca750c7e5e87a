import { parse } from 'csv-parse/sync';
import { CsvError } from 'csv-parse';
import { parseDate } from './dates';

export interface CsvRecord {
  /** The file line the record starts on (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

/** A record handed over as it is read: each value, trimmed, at its header's position ('' where the line is short). */
export interface CsvFields {
  line: number;
  fields: readonly string[];
}

export interface CsvProblem {
  line: number | null;
  column: string | null;
  message: string;
  value?: string;
}

export interface ParsedCsv {
  headers: string[];
  /** Each normalised header as the file writes it ("NOMS Number" for noms_number): problems name columns so. */
  headerLabels: Record<string, string>;
  records: CsvRecord[];
  problems: CsvProblem[];
}

export const normaliseHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

/**
 * Reads CSV text (UTF-8 with or without BOM, CRLF or LF, quoted fields with commas and newlines) into records
 * keyed by normalised header. Problems with the file's shape are returned, never thrown.
 *
 * With `onRecord`, each record is handed over as it is read, by position, and none is kept (`records` stays empty), so that an
 * 80,000-line file is never held twice; `onHeaders` may then return false to skip the records (they are still counted
 * and checked for extra fields).
 */
export function readCsv(
  text: string,
  stream?: { onHeaders?: (headers: string[]) => boolean; onRecord: (record: CsvFields) => void },
): ParsedCsv & { recordCount: number } {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let headers: string[] | null = null;
  const headerLabels: Record<string, string> = {};
  let wanted = true;
  let recordCount = 0;
  const problems: CsvProblem[] = [];
  const records: CsvRecord[] = [];
  const onRecord = (record: string[], context: { lines: number }) => {
    if (!headers) {
      headers = record.map(normaliseHeader);
      headers.forEach((h, i) => {
        headerLabels[h] ??= record[i]!.trim();
      });
      wanted = stream?.onHeaders?.(headers) ?? true;
      return null;
    }
    let embedded = 0;
    for (const v of record) if (v.includes('\n')) embedded += v.split('\n').length - 1;
    const line = context.lines - embedded;
    if (record.every((v) => v.trim() === '')) return null;
    recordCount++;
    if (record.length > headers.length && record.slice(headers.length).some((v) => v.trim() !== '')) {
      problems.push({
        line,
        column: null,
        message: `has ${record.length} fields but the header has ${headers.length}`,
      });
      return null;
    }
    if (!wanted) return null;
    if (stream) {
      // By position, in the record's own array: no object keyed by header for each of 80,000 lines (issue 18 item 3).
      for (let i = 0; i < headers.length; i++) record[i] = (record[i] ?? '').trim();
      stream.onRecord({ line, fields: record });
      return null;
    }
    const values: Record<string, string> = {};
    for (let i = 0; i < headers.length; i++) values[headers[i]!] = (record[i] ?? '').trim();
    records.push({ line, values });
    return null;
  };
  try {
    if (!splitUnquoted(normalised, onRecord))
      parse(normalised, { skip_empty_lines: true, relax_column_count: true, on_record: onRecord });
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines ?? null;
      const reason =
        e.code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'a quoted field is never closed'
          : e.message.split(':')[0]!.toLowerCase();
      return {
        headers: [],
        headerLabels: {},
        records: [],
        recordCount: 0,
        problems: [{ line, column: null, message: `The file could not be read as CSV: ${reason}` }],
      };
    }
    throw e;
  }
  if (!headers)
    return {
      headers: [],
      headerLabels: {},
      records: [],
      recordCount: 0,
      problems: [{ line: null, column: null, message: 'The file is empty' }],
    };
  return { headers, headerLabels, records, problems, recordCount };
}

/**
 * A file with no double quote at all, which nearly every export is, read as csv-parse reads it with readCsv's options
 * (`skip_empty_lines`, `relax_column_count`): each non-empty line a record, its fields between the commas, `lines` the
 * line it ends on. Without a quote no field can hold a comma or a line break, so a line and its commas are the whole
 * grammar (RFC 4180, section 2); csv-parse still reads every file that has a quote. csv-parse takes about 60 ns a
 * byte, with a 19 MB Buffer copy of the text: an 80,000-row caseload file spent 1.3-1.5 CPU-s there against about
 * 0.15 s for this (issue 18 item 3). tests/unit/caseload/csv-unquoted.test.ts checks that both give the same records
 * and line numbers on generated files. Returns false, having read nothing, when the text has a quote.
 */
export function splitUnquoted(
  text: string,
  onRecord: (record: string[], context: { lines: number }) => unknown,
): boolean {
  if (text.includes('"')) return false;
  let lines = 0;
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lines++;
    if (end > start) onRecord(text.slice(start, end).split(','), { lines });
    start = end + 1;
  }
  return true;
}

/**
 * A file's problems in reading order: by line, and within a line in the file's column order, so that every problem of
 * a row is read together; each column named as the file's header writes it (issue 12, item 13).
 */
export function orderProblems(
  problems: CsvProblem[],
  csv: Pick<ParsedCsv, 'headers' | 'headerLabels'>,
): CsvProblem[] {
  const index = new Map(csv.headers.map((h, i) => [h, i]));
  const at = (p: CsvProblem) => index.get(p.column ?? '') ?? -1;
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || at(a) - at(b));
  for (const p of problems)
    if (p.column && csv.headerLabels[p.column]) p.column = csv.headerLabels[p.column]!;
  return problems;
}

/** Quotes a value for CSV output when it needs it. */
export function csvCell(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvLine = (values: unknown[]) => values.map(csvCell).join(',');

export type Coerced<T> = { ok: true; value: T } | { ok: false; message: string };

export function coerceDate(raw: string): Coerced<string | null> {
  if (raw === '') return { ok: true, value: null };
  const d = parseDate(raw);
  return d
    ? { ok: true, value: d }
    : { ok: false, message: 'is not a real date (use DD/MM/YYYY or YYYY-MM-DD)' };
}

/** The words a yes/no column takes, as coerceBool reads them (trimmed, in lower case). */
const NO_WORDS = new Set(['', 'n', 'no', 'false', '0']);
const YES_WORDS = new Set(['y', 'yes', 'true', '1']);

export function coerceBool(raw: string): Coerced<boolean> {
  const v = raw.trim().toLowerCase();
  if (NO_WORDS.has(v)) return { ok: true, value: false };
  if (YES_WORDS.has(v)) return { ok: true, value: true };
  return { ok: false, message: 'must be yes or no' };
}
