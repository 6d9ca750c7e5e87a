import { coerceDate, normaliseHeader, readCsv, type CsvProblem } from '../shared/csv';
import { AppError } from '../shared/errors';
import type { CallContext, Store } from '../shared/context';
import { requireIdentified } from '../staff/roles';
import type { AuditService } from '../audit/service';
import type { CaseloadService } from '../caseload/service';
import type { OasysService } from './service';
import { ASSESSMENT_TYPES } from './rules';

export interface OasysImportReport {
  fileName: string;
  recordCount: number;
  ok: boolean;
  committed: boolean;
  problems: CsvProblem[];
  warnings: string[];
  /** Assessments the file adds. */
  added: number;
  /** Rows already recorded (same prisoner, type and date): skipped, so a file can be loaded twice. */
  alreadyRecorded: number;
}

const COLUMNS = ['prisoner_number', 'type', 'layer', 'completed_on', 'completed_by'] as const;
const REQUIRED = ['prisoner_number', 'type', 'completed_on'] as const;

interface Row { line: number; prisonerNumber: string; prisonerId: string; type: string; layer: number; completedOn: string; completedBy: string }

/** OASys history from CSV (prisoner_number, type, layer, completed_on, completed_by): validated whole, written whole. */
export function createOasysImportService(store: Store, audit: AuditService, caseload: CaseloadService, oasys: OasysService) {
  const exists = store.sqlite.prepare('SELECT 1 FROM oasys_assessments WHERE prisoner_id = ? AND type = ? AND completed_on = ?');

  function plan(fileName: string, text: string, today: string) {
    const csv = readCsv(text);
    const report: OasysImportReport = { fileName, recordCount: csv.records.length, ok: false, committed: false, problems: [...csv.problems], warnings: [], added: 0, alreadyRecorded: 0 };
    const rows: Row[] = [];
    for (const h of csv.headers) if (h && !(COLUMNS as readonly string[]).includes(h)) report.warnings.push(`Column "${h}" is not used and will be ignored`);
    for (const r of REQUIRED) if (csv.headers.length && !csv.headers.includes(r)) report.problems.push({ line: 1, column: r, message: 'required column is missing' });
    if (!report.problems.length) {
      for (const rec of csv.records) {
        const v = rec.values;
        const fail = (column: string, message: string) => report.problems.push({ line: rec.line, column, message, value: v[column] ?? '' });
        const number = (v.prisoner_number ?? '').toUpperCase();
        let prisonerId: string | null = null;
        try { prisonerId = caseload.get(number).id; } catch (e) { if (e instanceof AppError) fail('prisoner_number', `${number || 'blank'} is not on the caseload`); else throw e; }
        const type = normaliseHeader(v.type ?? '').replace(/_/g, '-');
        if (!(ASSESSMENT_TYPES as readonly string[]).includes(type)) fail('type', `must be one of ${ASSESSMENT_TYPES.join(', ')}`);
        const layer = v.layer ? Number(v.layer.replace(/^layer\s*/i, '')) : 3;
        if (layer !== 1 && layer !== 3) fail('layer', 'must be 1 or 3');
        const date = coerceDate(v.completed_on ?? '');
        if (!date.ok || !date.value) fail('completed_on', date.ok ? 'is required' : date.message);
        else if (date.value > today) fail('completed_on', 'must not be in the future');
        const by = (v.completed_by || 'prison').toLowerCase();
        if (by !== 'prison' && by !== 'probation') fail('completed_by', 'must be prison or probation');
        if (prisonerId && date.ok && date.value) rows.push({ line: rec.line, prisonerNumber: number, prisonerId, type, layer, completedOn: date.value, completedBy: by });
      }
    }
    const seen = new Set<string>();
    for (const r of rows) {
      const key = `${r.prisonerId}|${r.type}|${r.completedOn}`;
      if (seen.has(key) || exists.get(r.prisonerId, r.type, r.completedOn)) report.alreadyRecorded++;
      else report.added++;
      seen.add(key);
    }
    if (!csv.records.length && !report.problems.length) report.problems.push({ line: null, column: null, message: 'The file has a header but no assessments' });
    report.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    report.ok = report.problems.length === 0;
    return { report, rows };
  }

  return {
    preview: (fileName: string, text: string, today: string) => plan(fileName, text, today).report,
    commit(ctx: CallContext, fileName: string, text: string): OasysImportReport {
      requireIdentified(ctx.actor, 'import OASys history');
      return store.sqlite.transaction(() => {
        const { report, rows } = plan(fileName, text, ctx.today);
        if (!report.ok) return report;
        const seen = new Set<string>();
        for (const r of rows) {
          const key = `${r.prisonerId}|${r.type}|${r.completedOn}`;
          if (seen.has(key) || exists.get(r.prisonerId, r.type, r.completedOn)) continue;
          seen.add(key);
          oasys.addAssessment(ctx, r.prisonerNumber, { type: r.type, layer: r.layer, completedOn: r.completedOn, completedBy: r.completedBy });
        }
        audit.record(ctx, { action: 'import', entity: 'oasys', summary: `Imported OASys history from ${fileName}: ${report.added} added, ${report.alreadyRecorded} already recorded` });
        return { ...report, committed: true };
      })();
    },
  };
}
