import { parse } from 'csv-parse/sync';
import { CsvError } from 'csv-parse';
import { parseDate } from './dates';

export interface CsvRecord {
  /** The file line the record starts on (the header is line 1). */
  line: number;
  values: Record<string, string>;
}

export interface CsvProblem {
  line: number | null;
  column: string | null;
  message: string;
  value?: string;
}

export interface ParsedCsv {
  headers: string[];
  records: CsvRecord[];
  problems: CsvProblem[];
}

export const normaliseHeader = (h: string) =>
  h.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');

/**
 * Reads CSV text (UTF-8 with or without BOM, CRLF or LF, quoted fields with commas and newlines) into records
 * keyed by normalised header. Problems with the file's shape are returned, never thrown.
 */
export function readCsv(text: string): ParsedCsv {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(normalised, { info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof rows;
  } catch (e) {
    if (e instanceof CsvError) {
      const line = (e as CsvError & { lines?: number }).lines ?? null;
      const reason = e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted field is never closed' : e.message.split(':')[0]!.toLowerCase();
      return { headers: [], records: [], problems: [{ line, column: null, message: `The file could not be read as CSV: ${reason}` }] };
    }
    throw e;
  }
  const first = rows[0];
  if (!first) return { headers: [], records: [], problems: [{ line: null, column: null, message: 'The file is empty' }] };
  const headers = first.record.map(normaliseHeader);
  const problems: CsvProblem[] = [];
  const records: CsvRecord[] = [];
  for (const row of rows.slice(1)) {
    const embedded = row.record.reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
    const line = row.info.lines - embedded;
    if (row.record.every((v) => v.trim() === '')) continue;
    if (row.record.length > headers.length && row.record.slice(headers.length).some((v) => v.trim() !== '')) {
      problems.push({ line, column: null, message: `has ${row.record.length} fields but the header has ${headers.length}` });
      continue;
    }
    const values: Record<string, string> = {};
    headers.forEach((h, i) => {
      values[h] = (row.record[i] ?? '').trim();
    });
    records.push({ line, values });
  }
  return { headers, records, problems };
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
  return d ? { ok: true, value: d } : { ok: false, message: 'is not a real date (use DD/MM/YYYY or YYYY-MM-DD)' };
}

export function coerceBool(raw: string): Coerced<boolean> {
  const v = raw.trim().toLowerCase();
  if (['', 'n', 'no', 'false', '0'].includes(v)) return { ok: true, value: false };
  if (['y', 'yes', 'true', '1'].includes(v)) return { ok: true, value: true };
  return { ok: false, message: 'must be yes or no' };
}
