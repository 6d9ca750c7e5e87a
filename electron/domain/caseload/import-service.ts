import type { CallContext, Store } from '../shared/context';
import type { CsvProblem } from '../shared/csv';
import type { AuditService } from '../audit/service';
import type { StaffService } from '../staff/service';
import { requireIdentified } from '../staff/roles';
import { diffPrisoner, toInput, type CaseloadService, type PrisonerDetail } from './service';
import { parseCaseloadCsv } from './csv-import';
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
  existing: PrisonerDetail | null;
  input: PrisonerInput;
}

export function createCaseloadImportService(
  store: Store,
  audit: AuditService,
  staff: StaffService,
  caseload: CaseloadService,
) {
  /** Works out what the file would do, against the database as it is now, writing nothing. */
  function plan(fileName: string, text: string, actor: Actor | null) {
    const parsed = parseCaseloadCsv(text);
    const report: ImportReport = {
      fileName,
      recordCount: parsed.recordCount,
      ok: false,
      committed: false,
      problems: parsed.problems,
      warnings: parsed.warnings,
      created: [],
      updated: [],
      unchanged: 0,
      newStaff: [],
    };
    const planned: PlannedRow[] = [];
    const newStaff = new Map<string, string>();
    const knownStaff = new Map<string, string | null>();
    const staffIdFor = (name: string) => {
      const key = name.toLowerCase();
      if (!knownStaff.has(key)) knownStaff.set(key, staff.findByName(name)?.id ?? null);
      return knownStaff.get(key)!;
    };
    const staffNames = new Map<string, string | null>();
    const staffLabel = (id: string) => {
      if (!staffNames.has(id)) staffNames.set(id, staff.get(id)?.name ?? newStaff.get(id) ?? id);
      return staffNames.get(id)!;
    };
    for (const row of parsed.rows) {
      let pomId: string | null = null;
      if (row.pomName) {
        pomId = staffIdFor(row.pomName);
        if (!pomId) {
          pomId = `new:${row.pomName.toLowerCase()}`;
          if (!newStaff.has(pomId)) newStaff.set(pomId, row.pomName);
        }
      }
      const existing = caseload.find(row.input.prisonerNumber, staffLabel);
      // Only the columns in the file change; a new prisoner starts from the file's row itself.
      const input = existing ? { ...toInput(existing) } : row.input;
      for (const key of row.present)
        (input as Record<string, unknown>)[key] =
          key === 'pomId' ? pomId : row.input[key as keyof PrisonerInput];
      const name = `${input.surname.toUpperCase()}, ${input.forenames}`;
      if (!existing) report.created.push({ line: row.line, prisonerNumber: input.prisonerNumber, name });
      else {
        const refusal = actor
          ? categoryChangeRefusal(actor, existing.category, input.category, 'import')
          : null;
        if (refusal)
          report.problems.push({
            line: row.line,
            column: 'category',
            message: refusal,
            value: input.category ?? '',
          });
        const diff = diffPrisoner(toInput(existing), input, staffLabel);
        if (diff.changed.length)
          report.updated.push({
            line: row.line,
            prisonerNumber: input.prisonerNumber,
            name,
            changes: diff.sentence,
          });
        else {
          report.unchanged++;
          continue;
        }
      }
      planned.push({ existing, input });
    }
    report.newStaff = [...newStaff.values()];
    report.ok = report.problems.length === 0 && parsed.recordCount > 0;
    if (parsed.recordCount === 0 && report.problems.length === 0)
      report.problems.push({ line: null, column: null, message: 'The file has a header but no prisoners' });
    report.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    return { report, planned, newStaff, staffLabel };
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
        const { report, planned, newStaff, staffLabel } = plan(fileName, text, ctx.actor);
        if (!report.ok) return report;
        const realIds = new Map<string, string>();
        for (const [placeholder, name] of newStaff)
          realIds.set(placeholder, staff.createPomFromImport(ctx, name).id);
        const label = (id: string) => staff.get(id)?.name ?? staffLabel(id);
        const source = `import of ${fileName}`;
        const withRealPom = (input: PrisonerInput) =>
          input.pomId && realIds.has(input.pomId) ? { ...input, pomId: realIds.get(input.pomId)! } : input;
        for (const p of planned)
          if (p.existing)
            caseload.writeChanges(ctx, p.existing, withRealPom(p.input), 'import', source, label);
        caseload.insertMany(
          ctx,
          (function* () {
            for (const p of planned) if (!p.existing) yield withRealPom(p.input);
          })(),
          source,
          ctx.today,
          report.created.length,
        );
        audit.record(ctx, {
          action: 'import',
          entity: 'caseload',
          summary:
            `Imported ${fileName}: ${report.created.length} added, ${report.updated.length} updated, ${report.unchanged} unchanged` +
            (report.newStaff.length ? `; new POMs ${report.newStaff.join(', ')}` : ''),
          after: {
            fileName,
            records: report.recordCount,
            created: report.created.length,
            updated: report.updated.length,
            unchanged: report.unchanged,
          },
        });
        return { ...report, committed: true };
      });
    },
  };
}

export type CaseloadImportService = ReturnType<typeof createCaseloadImportService>;
