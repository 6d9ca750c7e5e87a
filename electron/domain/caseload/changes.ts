import { prisoners } from '../../../db/schema';
import type { Changes } from '../../core/operations';
import { AppError } from '../shared/errors';
import type { AuditInput } from '../audit/service';
import { cancelReviewsOnRelease } from '../categorisation/release';
import type { ReviewRow } from '../categorisation/schemas';
import { formatUk, type IsoDate } from '../shared/dates';
import { FIELD_BY_KEY, type FieldSpec, PRISONER_FIELDS } from './fields';
import { prisonerWho } from './names';
import type { PrisonerRecord } from './load';
import type { PrisonerInput } from './prisoner';

/** The stored values of a prisoner record (as read, or as the screens show it) as an input, so an edit can start from what is there. */
export function toInput(d: Partial<Record<(typeof PRISONER_FIELDS)[number]['key'], unknown>>): PrisonerInput {
  const out: Record<string, unknown> = {};
  for (const f of PRISONER_FIELDS) out[f.key] = d[f.key];
  return out as PrisonerInput;
}

export function describeValue(key: string, value: unknown, staffName: (id: string) => string | null): string {
  if (value === null || value === undefined || value === '') return 'blank';
  const spec = FIELD_BY_KEY[key];
  if (spec?.kind === 'date') return formatUk(String(value));
  if (spec?.kind === 'bool') return value ? 'yes' : 'no';
  if (spec?.kind === 'staff') return staffName(String(value)) ?? String(value);
  return String(value);
}

/** Field-by-field changes between two inputs, with a sentence a person can read. */
export function diffPrisoner(
  before: PrisonerInput,
  after: PrisonerInput,
  staffName: (id: string) => string | null,
) {
  const changed: string[] = [];
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  const parts: string[] = [];
  for (const f of PRISONER_FIELDS as readonly FieldSpec[]) {
    const k = f.key as keyof PrisonerInput;
    if ((before[k] ?? null) === (after[k] ?? null)) continue;
    changed.push(f.key);
    b[f.key] = before[k] ?? null;
    a[f.key] = after[k] ?? null;
    parts.push(
      `${f.short ?? f.label} from ${describeValue(f.key, before[k], staffName)} to ${describeValue(f.key, after[k], staffName)}`,
    );
  }
  return { changed, before: b, after: a, sentence: parts.join('; ') };
}

/**
 * A record's JSON without its blank fields (after the first): `JSON.stringify` given the keys to write, in the record's
 * own order. It gives what taking each `,"field":null` out of the whole record's JSON gave, in about half the time (a
 * caseload file's 80,000 new prisoners: issue 18 item 3). A record's values are all plain values (text, number, yes or
 * no, blank), so the list of keys, which JSON.stringify applies at every level, only ever picks among his fields.
 */
function withoutBlankFields(record: Readonly<Record<string, unknown>>): string {
  const keys: string[] = [];
  for (const key in record) if (keys.length === 0 || record[key] !== null) keys.push(key);
  return JSON.stringify(record, keys);
}

/**
 * The audit entry for a prisoner added; `source` says how he came ("by hand", "import of x.csv"). Its `after` is his
 * record as added without its blank fields, which the audit log reads back as blank (`withBlankFields`, ./fields.ts):
 * half of an imported prisoner's 41 fields are blank, and his entry was 110 of the 210 MB an 80,000-row import wrote
 * (issue 18 item 3). Made as JSON text at once, one string rather than a second object for each prisoner.
 */
export function newPrisonerEntry(id: string, input: PrisonerInput, source: string): AuditInput {
  return {
    action: 'create',
    entity: 'prisoner',
    entityId: id,
    prisonerId: id,
    summary: `Added ${input.prisonerNumber} ${input.surname.toUpperCase()}, ${input.forenames} to the caseload (${source})`,
    afterJson: withoutBlankFields(input),
  };
}

/** The audit entry for a prisoner's record changed: the fields that differ, in a sentence. */
export function prisonerChangeEntry(
  id: string,
  diff: ReturnType<typeof diffPrisoner>,
  action: string,
  source?: string,
): AuditInput {
  return {
    action,
    entity: 'prisoner',
    entityId: id,
    prisonerId: id,
    summary: `Changed ${diff.sentence}${source ? ` (${source})` : ''}`,
    before: diff.before,
    after: diff.after,
  };
}

/** A new prisoner on the caseload, with its audit entry; returns his id. */
export function recordNewPrisoner(
  changes: Changes,
  input: PrisonerInput,
  source: string,
  arrivedOn: IsoDate,
): string {
  // His row is the one copy Changes.insert makes of the input, with his arrival set on it: a spread here made a second
  // copy of 41 fields for each of a caseload file's 80,000 prisoners (issue 18 item 3).
  const row = changes.insert(prisoners, input as PrisonerInput & { arrivedOn: IsoDate });
  row.arrivedOn = arrivedOn;
  changes.record(newPrisonerEntry(row.id, input, source));
  return row.id;
}

export interface PrisonerChange {
  /** The audit action: 'update' for an edit, 'import' for a file. */
  action: string;
  source?: string;
  staffName(id: string): string | null;
  /** His categorisation reviews: a release recorded cancels the open one. */
  reviews: readonly Pick<ReviewRow, 'id' | 'status' | 'prisonerId'>[];
}

/**
 * The fields that differ, written with one audit entry naming them, and what a release recorded brings with it (his
 * open categorisation review cancelled, before the entry for the change, as it happens). False when nothing differs.
 */
export function recordPrisonerChanges(
  changes: Changes,
  current: PrisonerRecord,
  input: PrisonerInput,
  how: PrisonerChange,
): boolean {
  const diff = diffPrisoner(toInput(current), input, how.staffName);
  if (diff.changed.length === 0) return false;
  changes.update(prisoners, current.id, input, current.id);
  cancelReviewsOnRelease(changes, current, input.releasedOn ?? null, how.reviews);
  changes.record(prisonerChangeEntry(current.id, diff, how.action, how.source));
  return true;
}

/** A field's label inside a sentence: "the location", "the POM" (an abbreviation keeps its capitals). */
function fieldInSentence(key: string): string {
  const label = FIELD_BY_KEY[key]?.label ?? key;
  const first = label.split(' ')[0]!;
  return `the ${/[A-Z]/.test(first.slice(1)) ? label : label.charAt(0).toLowerCase() + label.slice(1)}`;
}

/**
 * A change to a record made from the record as the form opened it, put onto the record as it is now (on the unit
 * server, another workstation's change may have come in between, or this workstation's own earlier change, stamped
 * with the server's clock): only the fields this person changed are changed, so a change made meanwhile to another
 * field stands. A field both changed, to different values, is refused, naming the prisoner as the screens do, the
 * field as the form labels it, the value that stands and who last changed the record.
 */
export function changesOntoCurrent(
  current: PrisonerRecord,
  opened: Partial<Record<string, unknown>>,
  input: PrisonerInput,
  staffName: (id: string) => string | null,
): PrisonerInput {
  const now = toInput(current);
  const was = toInput(opened);
  const mine = diffPrisoner(was, input, staffName).changed as (keyof PrisonerInput)[];
  const theirs = new Set(diffPrisoner(was, now, staffName).changed);
  const clash = mine.filter((k) => theirs.has(k) && (now[k] ?? null) !== (input[k] ?? null));
  if (clash.length) {
    const who = prisonerWho(current);
    const [first] = clash;
    const message =
      clash.length === 1
        ? `${cap(fieldInSentence(first!))} of ${who} was changed to ${describeValue(first!, now[first!], staffName)} by ${current.updatedBy} since you opened the record, so your change to it (${describeValue(first!, input[first!], staffName)}) was not made.`
        : `${cap(clash.map((k) => `${fieldInSentence(k)} (now ${describeValue(k, now[k], staffName)})`).join(', '))} of ${who} were changed by ${current.updatedBy} since you opened the record, so your changes to them were not made.`;
    throw new AppError(
      'conflict',
      `${message} Reload the record to see it, then make your change again if it still stands.`,
      first,
    );
  }
  const merged: Record<string, unknown> = { ...now };
  for (const k of mine) merged[k] = input[k];
  return merged as PrisonerInput;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
