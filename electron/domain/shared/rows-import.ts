import { readCsv, type CsvProblem, type CsvRecord } from './csv';
import type { CallContext, Store } from './context';
import { requireIdentified } from '../staff/roles';
import type { AuditService } from '../audit/service';
import { writeTransaction } from './write';

/** The report of an import of recorded facts (OASys history, public protection statuses). */
export interface RowsImportReport {
  fileName: string;
  recordCount: number;
  /** True when the file has no problems (and so can be, or was, imported). */
  ok: boolean;
  committed: boolean;
  problems: CsvProblem[];
  warnings: string[];
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
  readRow(record: CsvRecord, fail: (column: string, message: string) => void, today: string, state: S): R | null;
  /** Identifies the same recorded fact. */
  key(row: R): string;
  isRecorded(row: R, state: S): boolean;
}

/** Checks a whole CSV of facts against the state: every problem with its line, and the rows still to record. */
export function planRows<R, S>(spec: RowsPlanSpec<R, S>, fileName: string, text: string, today: string, state: S) {
  const csv = readCsv(text);
  const report: RowsImportReport = { fileName, recordCount: csv.records.length, ok: false, committed: false, problems: [...csv.problems], warnings: [], added: 0, alreadyRecorded: 0 };
  const rows: R[] = [];
  for (const h of csv.headers) if (h && !spec.columns.includes(h)) report.warnings.push(`Column "${h}" is not used and will be ignored`);
  for (const c of spec.required) if (csv.headers.length && !csv.headers.includes(c)) report.problems.push({ line: 1, column: c, message: 'required column is missing' });
  if (!report.problems.length) {
    const seen = new Set<string>();
    for (const record of csv.records) {
      const fail = (column: string, message: string) => report.problems.push({ line: record.line, column, message, value: record.values[column] ?? '' });
      const row = spec.readRow(record, fail, today, state);
      if (!row) continue;
      const key = spec.key(row);
      if (seen.has(key) || spec.isRecorded(row, state)) report.alreadyRecorded++;
      else { report.added++; rows.push(row); }
      seen.add(key);
    }
  }
  if (!csv.records.length && !report.problems.length) report.problems.push({ line: null, column: null, message: `The file has a header but no ${spec.rowsName}` });
  report.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  report.ok = report.problems.length === 0;
  return { report, rows, records: csv.records };
}

export interface RowsImportSpec<R> extends RowsPlanSpec<R, void> {
  /** What the user is doing, for the refusal when nobody is identified: "import OASys history". */
  action: string;
  entity: string;
  write(ctx: CallContext, row: R, fileName: string): void;
}

/** Validates a whole CSV of facts before writing any, then writes them in one transaction, skipping those already recorded. */
export function createRowsImport<R>(store: Store, audit: AuditService, spec: RowsImportSpec<R>) {
  const plan = (fileName: string, text: string, today: string) => planRows(spec, fileName, text, today, undefined);
  return {
    preview: (fileName: string, text: string, today: string) => plan(fileName, text, today).report,
    commit(ctx: CallContext, fileName: string, text: string): RowsImportReport {
      requireIdentified(ctx.actor, spec.action);
      return writeTransaction(store, ctx, `an import of ${fileName}`, () => {
        const { report, rows } = plan(fileName, text, ctx.today);
        if (!report.ok) return report;
        for (const row of rows) spec.write(ctx, row, fileName);
        audit.record(ctx, { action: 'import', entity: spec.entity, summary: `Imported ${spec.rowsName} from ${fileName}: ${report.added} added, ${report.alreadyRecorded} already recorded` });
        return { ...report, committed: true };
      });
    },
  };
}
