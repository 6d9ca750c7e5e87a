import { coerceDate, orderProblems, readCsv, type CsvProblem, type CsvRecord } from './csv';
import type { Reader } from '../../core/data';
import { Changes, command, type CommandContext } from '../../core/operations';
import { importRequestSchema } from '../caseload/csv-import';

/** What every import's report says of its file: its problems by line and column, and whether it was written. */
export interface FileReport {
  fileName: string;
  recordCount: number;
  /** True when the file has no problems (and so can be, or was, imported). */
  ok: boolean;
  committed: boolean;
  problems: CsvProblem[];
  warnings: string[];
}

/** The report of an import of recorded facts (OASys history, public protection statuses). */
export interface RowsImportReport extends FileReport {
  added: number;
  /** Rows already recorded: skipped, so a file can be loaded twice. */
  alreadyRecorded: number;
}

/** How to read one kind of facts file; `S` is what the rows are checked against (the caseload, what is recorded). */
export interface RowsPlanSpec<R, S> {
  /** What the rows are, for messages: "assessments", "statuses". */
  rowsName: string;
  columns: readonly string[];
  required: readonly string[];
  /** Reads one record: the row to write, or null after reporting its problems through `fail`. */
  readRow(
    record: CsvRecord,
    fail: (column: string, message: string) => void,
    today: string,
    state: S,
  ): R | null;
  /** Identifies the same recorded fact. */
  key(row: R): string;
  isRecorded(row: R, state: S): boolean;
}

/** Checks a whole CSV of facts against the state: every problem with its line, and the rows still to record. */
export function planRows<R, S>(
  spec: RowsPlanSpec<R, S>,
  fileName: string,
  text: string,
  today: string,
  state: S,
) {
  const csv = readCsv(text);
  const report: RowsImportReport = {
    fileName,
    recordCount: csv.records.length,
    ok: false,
    committed: false,
    problems: [...csv.problems],
    warnings: [],
    added: 0,
    alreadyRecorded: 0,
  };
  const rows: R[] = [];
  for (const h of csv.headers)
    if (h && !spec.columns.includes(h)) report.warnings.push(`Column "${h}" is not used and will be ignored`);
  const missing = new Set(spec.required.filter((c) => csv.headers.length && !csv.headers.includes(c)));
  for (const c of missing)
    report.problems.push({ line: 1, column: c, message: 'required column is missing' });
  // Every row is checked even when the header lacks a column (its cells are the header's problem, said once), so that
  // one pass shows every problem (issue 12, item 13); nothing is written while there is any.
  const seen = new Set<string>();
  for (const record of csv.records) {
    const fail = (column: string, message: string) => {
      if (!missing.has(column))
        report.problems.push({ line: record.line, column, message, value: record.values[column] ?? '' });
    };
    const row = spec.readRow(record, fail, today, state);
    if (!row) continue;
    const key = spec.key(row);
    if (seen.has(key) || spec.isRecorded(row, state)) report.alreadyRecorded++;
    else {
      report.added++;
      rows.push(row);
    }
    seen.add(key);
  }
  if (!csv.records.length && !report.problems.length)
    report.problems.push({
      line: null,
      column: null,
      message: `The file has a header but no ${spec.rowsName}`,
    });
  orderProblems(report.problems, csv);
  report.ok = report.problems.length === 0;
  return { report, rows, records: csv.records };
}

/** Reads one record's cells, noting each problem against its column; `ok` turns false with the first. */
export function cellReader(record: CsvRecord, fail: (column: string, message: string) => void) {
  let ok = true;
  const problem = (column: string, message: string) => {
    ok = false;
    fail(column, message);
  };
  return {
    get ok() {
      return ok;
    },
    problem,
    /** The id of the prisoner the row names by NOMIS number, when he is on the caseload. */
    prisoner(prisonerIds: ReadonlyMap<string, string>, column = 'prisoner_number'): string | null {
      const number = (record.values[column] ?? '').toUpperCase();
      const id = prisonerIds.get(number) ?? null;
      if (!id) problem(column, `${number || 'blank'} is not on the caseload`);
      return id;
    },
    /** A required date on or before today. */
    pastDate(column: string, today: string): string | null {
      const date = coerceDate(record.values[column] ?? '');
      const value = date.ok ? date.value : null;
      if (!date.ok || !value) problem(column, date.ok ? 'is required' : date.message);
      else if (value > today) problem(column, 'must not be in the future');
      return value;
    },
  };
}

/**
 * A facts file as one command: checked whole against the state it loads, and when it has no problem, every new row
 * written (with its own audit entry, by `write`) and the import itself audited; with any problem, nothing.
 */
export function rowsImportCommand<R, S>(
  spec: RowsPlanSpec<R, S>,
  options: {
    action: string;
    entity: string;
    load(read: Reader): Promise<S>;
    /** Records one row; may refuse the whole file (a row the person may not record). */
    write(changes: Changes, row: R, fileName: string, ctx: CommandContext): void;
  },
) {
  return command({
    input: importRequestSchema,
    allow: 'signed-in',
    action: options.action,
    labels: { fileName: 'File name', csvText: 'File' },
    load: (read) => options.load(read),
    decide(state, input, ctx) {
      const { report, rows } = planRows(spec, input.fileName, input.csvText, ctx.today, state);
      if (!report.ok) return { changes: [], audit: [], result: report };
      const changes = new Changes(ctx);
      for (const row of rows) options.write(changes, row, input.fileName, ctx);
      changes.record({
        action: 'import',
        entity: options.entity,
        summary: `Imported ${spec.rowsName} from ${input.fileName}: ${report.added} added, ${report.alreadyRecorded} already recorded`,
      });
      return changes.done<RowsImportReport>({ ...report, committed: true });
    },
  });
}
