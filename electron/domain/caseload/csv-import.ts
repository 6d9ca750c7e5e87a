import { z } from 'zod';
import {
  coerceBool,
  coerceDate,
  csvLine,
  normaliseHeader,
  orderProblems,
  readCsv,
  type Coerced,
  type CsvFields,
  type CsvProblem,
} from '../shared/csv';
import { isoDayKey } from '../shared/dates';
import { PRISONER_FIELDS, type FieldSpec } from './fields';
import {
  PRISONER_NUMBER_RE,
  consistencyIssues,
  dateOrderIssues,
  fastPrisonerInput,
  prisonerInputSchema,
  type PrisonerInput,
} from './prisoner';

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

export const importRequestSchema = z.lazy(() =>
  z.object({
    fileName: z.string().max(260).default('caseload.csv'),
    csvText: z.string().max(MAX_IMPORT_BYTES, 'The file is larger than 50 MB'),
  }),
);

/** A row that passed validation: the prisoner as it would be stored, and the POM's name as written in the file. */
export interface ValidRow {
  line: number;
  input: PrisonerInput;
  pomName: string | null;
  /** Field keys whose columns are in the file; the rest keep what is stored. */
  present: Set<string>;
}

export interface ParsedCaseload {
  problems: CsvProblem[];
  warnings: string[];
  rows: ValidRow[];
  recordCount: number;
}

const HEADER_TO_FIELD = new Map<string, FieldSpec>();
for (const f of PRISONER_FIELDS as readonly FieldSpec[]) {
  HEADER_TO_FIELD.set(f.csv, f);
  for (const a of f.aliases ?? []) HEADER_TO_FIELD.set(normaliseHeader(a), f);
}

const RISK_ALIASES: Record<string, string> = {
  low: 'low',
  l: 'low',
  medium: 'medium',
  med: 'medium',
  m: 'medium',
  high: 'high',
  h: 'high',
  very_high: 'very-high',
  veryhigh: 'very-high',
  vh: 'very-high',
  v_high: 'very-high',
};
const SENTENCE_ALIASES: Record<string, string> = {
  determinate: 'determinate',
  sds: 'determinate',
  eds: 'determinate',
  extended: 'determinate',
  determinate_with_ped: 'determinate',
  indeterminate: 'indeterminate',
  life: 'indeterminate',
  ipp: 'indeterminate',
  dpp: 'indeterminate',
};

/** Parole hearing outcomes as PPUD and Manage POM Cases write them ("Release [*]", "Stay In Closed [*]", "Open Conditions - Accepted [*]"). */
const PAROLE_OUTCOME_ALIASES: Record<string, string> = {
  release: 'release',
  released: 'release',
  open_conditions: 'open-conditions',
  open: 'open-conditions',
  open_conditions_accepted: 'open-conditions',
  move_to_open_conditions: 'open-conditions',
  stay_in_closed: 'stay-in-closed',
  closed: 'stay-in-closed',
  remain_in_closed: 'stay-in-closed',
  open_conditions_rejected: 'stay-in-closed',
  refused: 'stay-in-closed',
  no_release: 'stay-in-closed',
};
const EARLY_ALLOCATION_ALIASES: Record<string, string> = {
  eligible: 'eligible',
  ineligible: 'ineligible',
  not_eligible: 'ineligible',
  discretionary_accepted: 'discretionary-accepted',
  accepted: 'discretionary-accepted',
  discretionary_refused: 'discretionary-refused',
  refused: 'discretionary-refused',
  discretionary_rejected: 'discretionary-refused',
  discretionary_pending: 'discretionary-pending',
  discretionary: 'discretionary-pending',
  pending: 'discretionary-pending',
};

function coerceEnum(field: FieldSpec, raw: string): unknown {
  if (raw === '') return null;
  const key = normaliseHeader(raw);
  if (field.key === 'rosh' || field.key === 'rm2000') return RISK_ALIASES[key] ?? raw;
  if (field.key === 'sentenceType') return SENTENCE_ALIASES[key] ?? raw;
  if (field.key === 'paroleOutcome') return PAROLE_OUTCOME_ALIASES[key.replace(/_+$/, '')] ?? raw;
  if (field.key === 'earlyAllocationOutcome') return EARLY_ALLOCATION_ALIASES[key] ?? raw;
  if (field.key === 'category')
    return raw
      .replace(/^cat(egory)?\s*/i, '')
      .trim()
      .toUpperCase();
  return raw;
}

function coerceInt(field: FieldSpec, raw: string): unknown {
  if (raw === '') return null;
  if (field.key === 'mappaLevel' && /^(none|n\/a|not applicable|no mappa)$/i.test(raw.trim())) return 0;
  const m = /^(?:level|lvl|l|cat(?:egory)?|c)?\s*(\d+)(?:\s*days?)?$/i.exec(raw.trim());
  return m ? Number(m[1]) : raw;
}

/** The template's header line, in the documented order. */
export const CASELOAD_TEMPLATE = `${csvLine(PRISONER_FIELDS.map((f) => f.csv))}\n`;

/**
 * Validates a caseload CSV completely, writing nothing: every problem with its line, column and reason.
 * Values are read as the file states them; blank cells are empty.
 */
export function parseCaseloadCsv(text: string): ParsedCaseload {
  const problems: CsvProblem[] = [];
  const warnings: string[] = [];
  const columns = new Map<string, FieldSpec>();
  const seenField = new Map<string, string>();
  const present = new Set<string>();
  const rows: ValidRow[] = [];
  const firstLineOf = new Map<string, number>();
  // A file's dates repeat (a few thousand days among 80,000 rows' ten dates): each is read once, and its rows hold
  // the one string (issue 18 item 3: less to parse, and less held until the rows are written).
  const dates = new Map<string, Coerced<string | null>>();
  const isoDays = new Map<number, string>();
  // So are names, locations, COMs, PDUs and POMs: each value is held once, however many rows name it.
  const texts = new Map<string, string>();

  // Each column's position in a record, by its normalised header (the first, where a header is written twice).
  const indexOf = new Map<string, number>();
  let list: Column[] = [];
  const onHeaders = (headers: string[]) => {
    headers.forEach((h, i) => {
      if (!indexOf.has(h)) indexOf.set(h, i);
    });
    for (const h of headers) {
      if (h === '') continue;
      const field = HEADER_TO_FIELD.get(h);
      if (!field) {
        warnings.push(`Column "${h}" is not used by OMU Desk and will be ignored`);
        continue;
      }
      const earlier = seenField.get(field.key);
      if (earlier) {
        problems.push({ line: 1, column: h, message: `is the same field as column "${earlier}"` });
        continue;
      }
      seenField.set(field.key, h);
      columns.set(h, field);
    }
    for (const f of PRISONER_FIELDS as readonly FieldSpec[]) {
      if (f.required && !seenField.has(f.key))
        problems.push({ line: 1, column: f.csv, message: 'required column is missing' });
    }
    for (const key of seenField.keys()) present.add(key);
    list = [...columns].map(([header, field]) => ({
      header,
      field,
      index: indexOf.get(header)!,
      unique: UNIQUE_TEXT.has(field.key),
      read: new Map(),
    }));
    return problems.length === 0;
  };
  // Each record is validated as it is read, and only the valid prisoner is kept.
  const onRecord = (record: CsvFields) => {
    // A number given twice is a problem of the later line, whatever else is wrong with either.
    const numberColumn = seenField.get('prisonerNumber')!;
    const number = (record.fields[indexOf.get(numberColumn)!] ?? '').trim().toUpperCase();
    const earlier = PRISONER_NUMBER_RE.test(number) ? firstLineOf.get(number) : undefined;
    if (earlier !== undefined)
      problems.push({
        line: record.line,
        column: numberColumn,
        message: `${number} is already on line ${earlier}`,
        value: number,
      });
    else if (PRISONER_NUMBER_RE.test(number)) firstLineOf.set(number, record.line);
    const result = validateRecord(record, list, present, problems, dates, isoDays, texts);
    if (result && earlier === undefined) rows.push(result);
  };
  const csv = readCsv(text, { onHeaders, onRecord });
  problems.push(...csv.problems);
  orderProblems(problems, csv);
  if (csv.headers.length === 0) return { problems: csv.problems, warnings: [], rows: [], recordCount: 0 };
  if (problems.some((p) => p.line === 1 || p.line === null))
    return { problems, warnings, rows: [], recordCount: csv.recordCount };
  return { problems, warnings, rows, recordCount: csv.recordCount };
}

/** Text fields that differ from one prisoner to the next: not worth remembering. */
const UNIQUE_TEXT = new Set(['prisonerNumber', 'crn', 'pnc']);
/** The one string of a value met before, so that rows hold it once. */
function held(texts: Map<string, string>, value: string): string {
  const known = texts.get(value);
  if (known !== undefined) return known;
  texts.set(value, value);
  return value;
}

/** A column the file has and OMU Desk reads: its header as normalised, its field, its position in a record. */
interface Column {
  header: string;
  field: FieldSpec;
  index: number;
  /** A text that differs from one prisoner to the next (UNIQUE_TEXT), known once for the file rather than per row. */
  unique: boolean;
  /** An int or enum column's values as read, by the text the file writes (every row's is one of a few). */
  read: Map<string, unknown>;
}

/** coerceBool's answers for the words a file nearly always writes. */
const YES: Coerced<boolean> = { ok: true, value: true };
const NO: Coerced<boolean> = { ok: true, value: false };

function validateRecord(
  record: CsvFields,
  columns: readonly Column[],
  present: Set<string>,
  problems: CsvProblem[],
  dates: Map<string, Coerced<string | null>>,
  isoDays: Map<number, string>,
  texts: Map<string, string>,
): ValidRow | null {
  const before = problems.length;
  const candidate: Record<string, unknown> = {};
  let pomName: string | null = null;
  let failed: Set<string> | null = null;
  for (const { header, field, index, unique, read } of columns) {
    const raw = record.fields[index] ?? '';
    let message: string | null = null;
    switch (field.kind) {
      case 'date': {
        // A blank date is null (coerceDate's answer) without a look-up: most of a file's dates are blank.
        if (raw === '') {
          candidate[field.key] = null;
          break;
        }
        // A date written YYYY-MM-DD, as a file nearly always writes it, is read from its characters and held once by
        // its day number; any other form is read by coerceDate, once for each text.
        const day = isoDayKey(raw);
        if (day >= 0) {
          let kept = isoDays.get(day);
          if (kept === undefined) isoDays.set(day, (kept = raw));
          candidate[field.key] = kept;
          break;
        }
        let d = dates.get(raw);
        if (!d) dates.set(raw, (d = coerceDate(raw)));
        if (d.ok) candidate[field.key] = d.value;
        else {
          message = d.message;
          candidate[field.key] = null;
        }
        break;
      }
      case 'bool': {
        const b = raw === 'yes' ? YES : raw === 'no' || raw === '' ? NO : coerceBool(raw);
        if (b.ok) candidate[field.key] = b.value;
        else {
          message = b.message;
          candidate[field.key] = false;
        }
        break;
      }
      case 'int':
      case 'enum': {
        // A column's few values are read once each (the enums' aliases go through normaliseHeader's expressions).
        if (raw === '') {
          candidate[field.key] = null;
          break;
        }
        let value = read.get(raw);
        if (value === undefined)
          read.set(raw, (value = field.kind === 'int' ? coerceInt(field, raw) : coerceEnum(field, raw)));
        candidate[field.key] = value;
        break;
      }
      case 'staff':
        pomName = raw === '' ? null : held(texts, raw.replace(/\s+/g, ' '));
        candidate[field.key] = null;
        break;
      default:
        candidate[field.key] = unique || raw === '' ? raw : held(texts, raw);
    }
    if (message !== null) {
      problems.push({ line: record.line, column: header, message, value: raw });
      (failed ??= new Set()).add(field.key);
    }
  }
  // Nearly every row of a real file is one the fast path is sure of, without zod (issue 18 item 3); any other is read
  // by the schema, whose issues are the messages reported.
  const fast = failed ? null : fastPrisonerInput(candidate);
  if (fast) return { line: record.line, input: fast, pomName, present };
  return schemaChecked(record, columns, candidate, pomName, present, problems, before, failed ?? new Set());
}

/** A row read by the schema: its issues reported by column, as the file names it. */
function schemaChecked(
  record: CsvFields,
  columns: readonly Column[],
  candidate: Record<string, unknown>,
  pomName: string | null,
  present: Set<string>,
  problems: CsvProblem[],
  before: number,
  failed: Set<string>,
): ValidRow | null {
  const columnOf: Record<string, Column> = {};
  for (const c of columns) columnOf[c.field.key] = c;
  const parsed = prisonerInputSchema.safeParse(candidate);
  const reported = new Set<string>();
  const report = (key: string, message: string) => {
    if (failed.has(key) || reported.has(`${key}|${message}`)) return;
    reported.add(`${key}|${message}`);
    problems.push({
      line: record.line,
      column: columnOf[key]?.header ?? key,
      message,
      value: columnOf[key] ? (record.fields[columnOf[key].index] ?? '') : '',
    });
  };
  if (!parsed.success) {
    for (const issue of parsed.error.issues) report(String(issue.path[0] ?? ''), issue.message);
    for (const issue of parsed.error.issues) failed.add(String(issue.path[0] ?? ''));
    // The schema checks the order of dates and what goes together only once every field reads; so that one bad field
    // does not hide them until it is fixed, they are checked here too on the fields that did read (issue 12, item 13).
    const readable = Object.fromEntries(
      Object.entries(candidate).map(([k, v]) => [k, failed.has(k) ? null : v]),
    );
    for (const issue of [...dateOrderIssues(readable as never), ...consistencyIssues(readable as never)])
      report(issue.field, issue.message);
  }
  if (problems.length > before || !parsed.success) return null;
  return { line: record.line, input: parsed.data, pomName, present };
}
