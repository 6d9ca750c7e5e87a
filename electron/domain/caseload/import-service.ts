import { AppError } from '../shared/errors';
import type { CallContext, Store } from '../shared/context';
import type { CsvProblem } from '../shared/csv';
import type { AuditService } from '../audit/service';
import type { StaffService } from '../staff/service';
import { requireIdentified } from '../staff/roles';
import { diffPrisoner, toInput, type CaseloadService, type PrisonerDetail } from './service';
import { parseCaseloadCsv, type ValidRow } from './csv-import';
import type { PrisonerInput } from './prisoner';
import { writeTransaction } from '../shared/write';
import { categoryChangeRefusal } from '../categorisation/category-changes';
import type { Actor } from '../shared/context';

export interface ImportReport {
  fileName: string;
  recordCount: number;
  /** True when the file has no errors (and so can be, or was, imported). */
  ok: boolean;
  committed: boolean;
  problems: CsvProblem[];
  warnings: string[];
  created: { line: number; prisonerNumber: string; name: string }[];
  updated: { line: number; prisonerNumber: string; name: string; changes: string }[];
  unchanged: number;
  newStaff: string[];
}

interface PlannedRow {
  row: ValidRow;
  existing: PrisonerDetail | null;
  input: PrisonerInput;
}

export function createCaseloadImportService(store: Store, audit: AuditService, staff: StaffService, caseload: CaseloadService) {
  /** Works out what the file would do, against the database as it is now, writing nothing. */
  function plan(fileName: string, text: string, actor: Actor | null) {
    const parsed = parseCaseloadCsv(text);
    const report: ImportReport = {
      fileName, recordCount: parsed.recordCount, ok: false, committed: false, problems: parsed.problems,
      warnings: parsed.warnings, created: [], updated: [], unchanged: 0, newStaff: [],
    };
    const planned: PlannedRow[] = [];
    const newStaff = new Map<string, string>();
    const knownStaff = new Map<string, string | null>();
    const staffIdFor = (name: string) => {
      const key = name.toLowerCase();
      if (!knownStaff.has(key)) knownStaff.set(key, staff.findByName(name)?.id ?? null);
      return knownStaff.get(key)!;
    };
    const staffLabel = (id: string) => staff.get(id)?.name ?? newStaff.get(id) ?? id;
    for (const row of parsed.rows) {
      let pomId: string | null = null;
      if (row.pomName) {
        pomId = staffIdFor(row.pomName);
        if (!pomId) {
          pomId = `new:${row.pomName.toLowerCase()}`;
          if (!newStaff.has(pomId)) newStaff.set(pomId, row.pomName);
        }
      }
      const existing = caseloadLookup(row.input.prisonerNumber);
      const fromFile: Record<string, unknown> = {};
      for (const key of row.present) fromFile[key] = key === 'pomId' ? pomId : row.input[key as keyof PrisonerInput];
      const input = { ...(existing ? toInput(existing) : row.input), ...fromFile } as PrisonerInput;
      const name = `${input.surname.toUpperCase()}, ${input.forenames}`;
      if (!existing) report.created.push({ line: row.line, prisonerNumber: input.prisonerNumber, name });
      else {
        const refusal = actor ? categoryChangeRefusal(actor, existing.category, input.category, 'import') : null;
        if (refusal) report.problems.push({ line: row.line, column: 'category', message: refusal, value: input.category ?? '' });
        const diff = diffPrisoner(toInput(existing), input, staffLabel);
        if (diff.changed.length) report.updated.push({ line: row.line, prisonerNumber: input.prisonerNumber, name, changes: diff.sentence });
        else report.unchanged++;
      }
      planned.push({ row, existing, input });
    }
    report.newStaff = [...newStaff.values()];
    report.ok = report.problems.length === 0 && parsed.recordCount > 0;
    if (parsed.recordCount === 0 && report.problems.length === 0) report.problems.push({ line: null, column: null, message: 'The file has a header but no prisoners' });
    report.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return { report, planned, newStaff };
  }

  function caseloadLookup(prisonerNumber: string): PrisonerDetail | null {
    try {
      return caseload.get(prisonerNumber);
    } catch (e) {
      if (e instanceof AppError && e.code === 'not-found') return null;
      throw e;
    }
  }

  return {
    /** What the file would do; given who would import it, also what they may not change. */
    preview(fileName: string, text: string, actor: Actor | null = null): ImportReport {
      return plan(fileName, text, actor).report;
    },

    /** Validates again and, only if the whole file is valid, writes every row in one transaction. */
    commit(ctx: CallContext, fileName: string, text: string): ImportReport {
      requireIdentified(ctx.actor, 'import a caseload');
      return writeTransaction(store, ctx, `an import of ${fileName}`, () => {
        const { report, planned, newStaff } = plan(fileName, text, ctx.actor);
        if (!report.ok) return report;
        const realIds = new Map<string, string>();
        for (const [placeholder, name] of newStaff) realIds.set(placeholder, staff.createPomFromImport(ctx, name).id);
        const source = `import of ${fileName}`;
        for (const p of planned) {
          const input = p.input.pomId && realIds.has(p.input.pomId) ? { ...p.input, pomId: realIds.get(p.input.pomId)! } : p.input;
          if (p.existing) caseload.applyChanges(ctx, p.existing, input, 'import', source);
          else caseload.insert(ctx, input, source);
        }
        audit.record(ctx, {
          action: 'import', entity: 'caseload', summary:
            `Imported ${fileName}: ${report.created.length} added, ${report.updated.length} updated, ${report.unchanged} unchanged` +
            (report.newStaff.length ? `; new POMs ${report.newStaff.join(', ')}` : ''),
          after: { fileName, records: report.recordCount, created: report.created.length, updated: report.updated.length, unchanged: report.unchanged },
        });
        return { ...report, committed: true };
      });
    },
  };
}

export type CaseloadImportService = ReturnType<typeof createCaseloadImportService>;
