import { categorisationReviews, prisoners, staff } from '../../../db/schema';
import type { Reader, SqliteReader } from '../../core/data';
import {
  Changes,
  command,
  type CommandContext,
  type Decision,
  type DecisionPart,
} from '../../core/operations';
import type { AuditInput } from '../audit/service';
import type { Row } from '../../core/tables';
import type { FileReport } from '../shared/rows-import';
import type { Actor } from '../shared/context';
import { categoryChangeRefusal } from '../categorisation/category-changes';
import type { ReviewRow } from '../categorisation/schemas';
import { diffPrisoner, recordNewPrisoner, recordPrisonerChanges, toInput } from './changes';
import { importRequestSchema, parseCaseloadCsv, type ParsedCaseload } from './csv-import';
import type { PrisonerRecord } from './load';
import type { PrisonerInput } from './prisoner';
import type { HeldPrisoners } from './service';

/**
 * The caseload import as one command (issue 15): its logged input is the file's text and name, not the rows read
 * from it, so a replay, or the unit server re-running a joined workstation's import, reads the same file again
 * (csv-parse, then zod, ./csv-import.ts) against the state it loads and decides the same rows. The whole file is
 * checked first; with any problem nothing is written and the report names each one by line and column as the file
 * names it. Its tens of thousands of row changes are applied by the runner's bulk path (electron/core/bulk.ts).
 */
export interface ImportReport extends FileReport {
  created: { line: number; prisonerNumber: string; name: string }[];
  updated: { line: number; prisonerNumber: string; name: string; changes: string }[];
  unchanged: number;
  newStaff: string[];
}

export type ImportRequest = { fileName: string; csvText: string };

/** What a caseload file is checked against: the file read, the prisoners it names as stored, the staff list. */
export interface CaseloadImportState {
  parsed: ParsedCaseload;
  existing: Map<string, PrisonerRecord>;
  staff: Row<typeof staff>[];
  /** The categorisation reviews of those the file records as released (a release cancels the open one). */
  reviews: ReviewRow[];
}

/** The reads the state needs, given each as a promise (any Reader) or at once (the SQLite reader's own). */
interface StateReads {
  prisoners(numbers: string[]): Promise<PrisonerRecord[]> | PrisonerRecord[];
  staff(): Promise<Row<typeof staff>[]> | Row<typeof staff>[];
  reviews(prisonerIds: string[]): Promise<ReviewRow[]> | ReviewRow[];
}

/** Reads the file and the state it is checked against: a generator, so the same steps run on a promise or at once. */
function* stateSteps(
  input: ImportRequest,
  reads: StateReads,
): Generator<unknown, CaseloadImportState, never> {
  const parsed = parseCaseloadCsv(input.csvText);
  const numbers = parsed.rows.map((r) => r.input.prisonerNumber);
  const stored = (numbers.length ? yield reads.prisoners(numbers) : []) as PrisonerRecord[];
  const existing = new Map(stored.map((p) => [p.prisonerNumber, p]));
  const people = (yield reads.staff()) as Row<typeof staff>[];
  const released = parsed.rows
    .filter((r) => r.present.has('releasedOn') && r.input.releasedOn)
    .map((r) => existing.get(r.input.prisonerNumber))
    .filter((p): p is PrisonerRecord => !!p && !p.releasedOn)
    .map((p) => p.id);
  const reviews = (released.length ? yield reads.reviews(released) : []) as ReviewRow[];
  return { parsed, existing, staff: people, reviews };
}

/** The state, read through any Reader (the runner on SQLite, the unit server on PostgreSQL). */
export async function loadImportState(read: Reader, input: ImportRequest): Promise<CaseloadImportState> {
  const steps = stateSteps(input, {
    prisoners: (numbers) => read.all(prisoners, { prisonerNumber: numbers }),
    staff: () => read.all(staff),
    reviews: (ids) => read.all(categorisationReviews, { prisonerId: ids }),
  });
  let step = steps.next();
  while (!step.done) step = steps.next((await step.value) as never);
  return step.value;
}

/** The same state read at once from this workstation's file, for a preview or a seed inside a caller's transaction. */
export function loadImportStateSync(read: SqliteReader, input: ImportRequest): CaseloadImportState {
  const steps = stateSteps(input, {
    prisoners: (numbers) => read.allSync(prisoners, { prisonerNumber: numbers }),
    staff: () => read.allSync(staff),
    reviews: (ids) => read.allSync(categorisationReviews, { prisonerId: ids }),
  });
  let step = steps.next();
  while (!step.done) step = steps.next(step.value as never);
  return step.value;
}

/** Rows whose changes and audit entries are made and applied together (bulk.ts writes 200 rows to a statement). */
const PART_ROWS = 200;

interface PlannedRow {
  existing: PrisonerRecord | null;
  input: PrisonerInput;
}

/**
 * Members of staff with the same surname as a POM named in a file who is not on the staff list ("Ana Patel" when the
 * list has Anna Patel): a mistyped name would otherwise add a new POM and give her the prisoner without a word.
 */
function staffWithSurname(list: readonly { name: string }[], name: string): string[] {
  const surname = (n: string) => n.trim().toLowerCase().split(/\s+/).at(-1) ?? '';
  return list.filter((s) => surname(s.name) === surname(name)).map((s) => s.name);
}

/** The prisoner numbers each report's file names, for what the file leaves out (withNotInFile), kept off the report. */
const fileNumbers = new WeakMap<ImportReport, ReadonlySet<string>>();

/**
 * The report with a warning naming the prisoners held on the caseload whom the file leaves out, when it names at least
 * half of those held (a whole caseload's export, not one wing's). A file changes only the prisoners it names, so one
 * who has left the prison (released or transferred, with nothing recorded here) stays held until someone records it:
 * the import is when the unit can see who is missing. `held` is the caseload's held prisoners (caseload service).
 */
export function withNotInFile(report: ImportReport, held: HeldPrisoners | null): ImportReport {
  const named = fileNumbers.get(report);
  const all = held?.numbers ?? [];
  if (!named || !held || !report.ok || !all.length) return report;
  const missing = all.filter((n) => !named.has(n));
  if (!missing.length || all.length - missing.length < all.length / 2) return report;
  const shown = missing.slice(0, 10).map((n) => `${n} ${held.nameOf(n)}`);
  const more = missing.length > 10 ? ` and ${(missing.length - 10).toLocaleString('en-GB')} more` : '';
  return {
    ...report,
    warnings: [
      ...report.warnings,
      `Not in this file: ${missing.length.toLocaleString('en-GB')} of the ${all.length.toLocaleString('en-GB')} prisoners held on the caseload (${shown.join('; ')}${more}). A file changes only the prisoners it names: if it is the whole caseload, check whether ${missing.length === 1 ? 'he has' : 'each has'} left, and record the release or transfer on his page.`,
    ],
  };
}

/** Works out what the file does to the state: the report, and the rows to write with POMs not yet on the staff list. */
export function planImport(state: CaseloadImportState, input: ImportRequest, actor: Actor | null) {
  const { parsed } = state;
  const report: ImportReport = {
    fileName: input.fileName,
    recordCount: parsed.recordCount,
    ok: false,
    committed: false,
    problems: [...parsed.problems],
    warnings: [...parsed.warnings],
    created: [],
    updated: [],
    unchanged: 0,
    newStaff: [],
  };
  const planned: PlannedRow[] = [];
  // Staff are found by name as a person reads it ("anna patel" is Anna Patel); a POM not on the list is added.
  const staffByName = new Map<string, string>();
  for (const s of state.staff) {
    const key = s.name.trim().toLowerCase();
    if (!staffByName.has(key)) staffByName.set(key, s.id);
  }
  const staffNames = new Map(state.staff.map((s) => [s.id, s.name]));
  // Members marked as having left hold no prisoners (staff/update-member): a file that still names one (a NOMIS
  // export made before the change, say) does not give her prisoners back. Each one's lines, for one warning.
  const left = new Set(state.staff.filter((s) => !s.active).map((s) => s.id));
  const leftLines = new Map<string, number[]>();
  const newStaff = new Map<string, string>();
  // The line each new POM's name is first on, for the warning about a name like one on the staff list.
  const newStaffLine = new Map<string, number>();
  const staffLabel = (id: string) => staffNames.get(id) ?? newStaff.get(id) ?? id;
  for (const row of parsed.rows) {
    let pomId: string | null = null;
    if (row.pomName) {
      pomId = staffByName.get(row.pomName.trim().toLowerCase()) ?? null;
      if (!pomId) {
        pomId = `new:${row.pomName.toLowerCase()}`;
        if (!newStaff.has(pomId)) {
          newStaff.set(pomId, row.pomName);
          newStaffLine.set(pomId, row.line);
        }
      }
    }
    const existing = state.existing.get(row.input.prisonerNumber) ?? null;
    if (pomId && left.has(pomId)) {
      leftLines.set(pomId, [...(leftLines.get(pomId) ?? []), row.line]);
      // He keeps the POM he has (none, if new): the file's POM has left.
      pomId = existing?.pomId ?? null;
    }
    // Only the columns in the file change; a new prisoner starts from the file's row itself.
    const next = existing ? toInput(existing) : row.input;
    if (existing)
      for (const key of row.present)
        (next as Record<string, unknown>)[key] =
          key === 'pomId' ? pomId : row.input[key as keyof PrisonerInput];
    // The file's own row has every other value already: only its POM, by name in the file, becomes an id.
    else if (row.present.has('pomId')) next.pomId = pomId;
    const name = `${next.surname.toUpperCase()}, ${next.forenames}`;
    if (!existing) report.created.push({ line: row.line, prisonerNumber: next.prisonerNumber, name });
    else {
      const refusal = actor ? categoryChangeRefusal(actor, existing.category, next.category, 'import') : null;
      if (refusal)
        report.problems.push({
          line: row.line,
          column: 'category',
          message: refusal,
          value: next.category ?? '',
        });
      const diff = diffPrisoner(toInput(existing), next, staffLabel);
      if (!diff.changed.length) {
        report.unchanged++;
        continue;
      }
      report.updated.push({
        line: row.line,
        prisonerNumber: next.prisonerNumber,
        name,
        changes: diff.sentence,
      });
    }
    planned.push({ existing, input: next });
  }
  for (const [id, lines] of leftLines) {
    const shown = lines.slice(0, 10).join(', ') + (lines.length > 10 ? ` and ${lines.length - 10} more` : '');
    report.warnings.push(
      `${lines.length === 1 ? 'Line' : 'Lines'} ${shown}: the POM "${staffNames.get(id)}" is marked as having left on the Staff page, so ${lines.length === 1 ? 'this prisoner is' : `these ${lines.length} prisoners are`} not allocated to them: each keeps the POM he has, or none if new. Allocate them on the caseload (POM: Unallocated).`,
    );
  }
  report.newStaff = [...newStaff.values()];
  for (const [id, name] of newStaff) {
    const like = staffWithSurname(state.staff, name);
    if (like.length)
      report.warnings.push(
        `Line ${newStaffLine.get(id)}: the POM "${name}" is not on the staff list, so a new POM of that name will be added; the staff list has ${like.join(' and ')}. If you meant ${like.length === 1 ? like[0] : 'one of them'}, correct the name in the file.`,
      );
  }
  report.ok = report.problems.length === 0 && parsed.recordCount > 0;
  fileNumbers.set(report, new Set(parsed.rows.map((r) => r.input.prisonerNumber)));
  if (parsed.recordCount === 0 && report.problems.length === 0)
    report.problems.push({ line: null, column: null, message: 'The file has a header but no prisoners' });
  report.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { report, planned, newStaff, staffLabel };
}

/**
 * The decision: with any problem, the report and nothing else; otherwise the POMs the file names that are not on the
 * staff list added, every changed prisoner updated (his open categorisation review cancelled when the file records his
 * release), every new one added, each with its audit entry, and one entry for the import itself.
 */
export function decideImport(
  state: CaseloadImportState,
  input: ImportRequest,
  ctx: CommandContext,
): Decision<ImportReport> {
  const { report, planned, newStaff, staffLabel } = planImport(state, input, ctx.actor);
  if (!report.ok) return { changes: [], audit: [], result: report };
  const changes = new Changes(ctx);
  const realIds = new Map<string, string>();
  const added = new Map<string, string>();
  for (const [placeholder, name] of newStaff) {
    const row = changes.insert(staff, { name, email: null, roles: JSON.stringify(['pom']), active: true });
    realIds.set(placeholder, row.id);
    added.set(row.id, name);
    changes.record({
      action: 'create',
      entity: 'staff',
      entityId: row.id,
      summary: `Added staff member ${name} (pom)`,
      after: { id: row.id, name, email: null, roles: ['pom'], active: true },
    });
  }
  const source = `import of ${input.fileName}`;
  // A planned row is this decision's to change (a stored prisoner's copy, or the file's row as read for it), so a new
  // POM's id is set in it rather than on a copy of 41 fields (issue 18 item 3).
  const withRealPom = (p: PrisonerInput) => {
    if (p.pomId && realIds.has(p.pomId)) p.pomId = realIds.get(p.pomId)!;
    return p;
  };
  const staffName = (id: string) => added.get(id) ?? staffLabel(id);
  const summary: AuditInput = {
    action: 'import',
    entity: 'caseload',
    summary:
      `Imported ${input.fileName}: ${report.created.length} added, ${report.updated.length} updated, ${report.unchanged} unchanged` +
      (report.newStaff.length ? `; new POMs ${report.newStaff.join(', ')}` : ''),
    after: {
      fileName: input.fileName,
      records: report.recordCount,
      created: report.created.length,
      updated: report.updated.length,
      unchanged: report.unchanged,
    },
  };
  // The new staff first; then the prisoners' changes and entries made as the runner applies them, PART_ROWS rows at a
  // time, so that an 80,000-row file's are never all held at once (issue 18 item 3); the import's own entry last.
  const head = changes.take();
  // Each planned row is let go once its changes are made, and the state's rows read from the file with them (they are
  // all planned now), so that what is held shrinks as the file is written rather than staying whole to the end.
  const rowsLeft: (PlannedRow | null)[] = planned;
  const atLeast = planned.length * 2 + 1;
  state.parsed.rows.length = 0;
  function* parts(): Generator<DecisionPart> {
    let rows = 0;
    for (let i = 0; i < rowsLeft.length; i++) {
      const p = rowsLeft[i];
      if (!p?.existing) continue;
      rowsLeft[i] = null;
      recordPrisonerChanges(changes, p.existing, withRealPom(p.input), {
        action: 'import',
        source,
        staffName,
        reviews: state.reviews,
      });
      if (++rows % PART_ROWS === 0) yield changes.take();
    }
    for (let i = 0; i < rowsLeft.length; i++) {
      const p = rowsLeft[i];
      if (!p) continue;
      rowsLeft[i] = null;
      recordNewPrisoner(changes, withRealPom(p.input), source, ctx.today);
      if (++rows % PART_ROWS === 0) yield changes.take();
    }
    changes.record(summary);
    yield changes.take();
  }
  const result = { ...report, committed: true };
  fileNumbers.set(result, fileNumbers.get(report)!);
  return { ...head, result, more: { atLeast, parts: parts() } };
}

/** What the file would do, against the state as it is now, writing nothing (the Import page's check, `--dry-run`). */
export async function previewCaseloadImport(
  read: Reader,
  input: ImportRequest,
  actor: Actor | null,
  held: HeldPrisoners | null = null,
): Promise<ImportReport> {
  return withNotInFile(planImport(await loadImportState(read, input), input, actor).report, held);
}

export const caseloadImportCommands = {
  'caseload/import': command({
    input: importRequestSchema,
    allow: 'signed-in',
    action: 'import a caseload',
    labels: { fileName: 'File name', csvText: 'File' },
    load: loadImportState,
    decide: decideImport,
    // Read on this workstation once the file is in: who is held and not in it (the unit server's re-run says nothing).
    reply: ({ services }, report) => withNotInFile(report, services.caseload.held()),
  }),
};
