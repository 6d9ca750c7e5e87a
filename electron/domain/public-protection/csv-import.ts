import { coerceDate, readCsv, type CsvProblem } from '../shared/csv';
import { AppError } from '../shared/errors';
import type { CallContext, Store } from '../shared/context';
import { requireIdentified } from '../staff/roles';
import type { AuditService } from '../audit/service';
import type { CaseloadService } from '../caseload/service';
import type { PublicProtectionService } from './service';
import { PP_STATUSES, PP_TYPES } from './rules';

export interface PpImportReport {
  fileName: string;
  recordCount: number;
  ok: boolean;
  committed: boolean;
  problems: CsvProblem[];
  warnings: string[];
  added: number;
  alreadyRecorded: number;
}

const COLUMNS = ['prisoner_number', 'type', 'status', 'identified_on', 'grounds'];

/** Reads the grounds column: the kinds of evidence it names, and the text as the summary. */
export function parseGrounds(text: string) {
  const t = text.toLowerCase();
  return {
    groundsCurrentOffence: /\b(current|index)\b/.test(t),
    groundsPreviousConvictions: /\b(previous|convictions?|history)\b/.test(t),
    groundsWiderInformation: /\b(wider|intelligence|police|children'?s services|social services|information)\b/.test(t),
    summary: text.trim() || null,
  };
}

/** Public protection statuses from CSV (prisoner_number, type, status, identified_on, grounds): validated whole, written whole. */
export function createPublicProtectionImportService(store: Store, audit: AuditService, caseload: CaseloadService, pp: PublicProtectionService) {
  const exists = store.sqlite.prepare('SELECT 1 FROM public_protection_statuses WHERE prisoner_id = ? AND type = ? AND identified_on = ?');

  function plan(fileName: string, text: string, today: string) {
    const csv = readCsv(text);
    const report: PpImportReport = { fileName, recordCount: csv.records.length, ok: false, committed: false, problems: [...csv.problems], warnings: [], added: 0, alreadyRecorded: 0 };
    const rows: { line: number; prisonerNumber: string; input: Record<string, unknown> }[] = [];
    for (const h of csv.headers) if (h && !COLUMNS.includes(h)) report.warnings.push(`Column "${h}" is not used and will be ignored`);
    for (const c of ['prisoner_number', 'type', 'status', 'identified_on', 'grounds']) if (csv.headers.length && !csv.headers.includes(c)) report.problems.push({ line: 1, column: c, message: 'required column is missing' });
    if (!report.problems.length) {
      const seen = new Set<string>();
      for (const rec of csv.records) {
        const v = rec.values;
        const before = report.problems.length;
        const fail = (column: string, message: string) => report.problems.push({ line: rec.line, column, message, value: v[column] ?? '' });
        const number = (v.prisoner_number ?? '').toUpperCase();
        let prisonerId: string | null = null;
        try { prisonerId = caseload.get(number).id; } catch (e) { if (e instanceof AppError) fail('prisoner_number', `${number || 'blank'} is not on the caseload`); else throw e; }
        const type = (v.type ?? '').toLowerCase();
        if (!(PP_TYPES as readonly string[]).includes(type)) fail('type', 'must be pprc or hppm');
        const status = (v.status ?? '').toLowerCase();
        if (!(PP_STATUSES as readonly string[]).includes(status)) fail('status', 'must be potential or confirmed');
        const date = coerceDate(v.identified_on ?? '');
        if (!date.ok || !date.value) fail('identified_on', date.ok ? 'is required' : date.message);
        else if (date.value > today) fail('identified_on', 'must not be in the future');
        const grounds = parseGrounds(v.grounds ?? '');
        if (!grounds.groundsCurrentOffence && !grounds.groundsPreviousConvictions && !grounds.groundsWiderInformation) {
          fail('grounds', 'must say what it rests on: current offence, previous convictions or wider information (intelligence, police, children\'s services)');
        }
        if (report.problems.length > before || !prisonerId || !date.ok || !date.value) continue;
        const key = `${prisonerId}|${type}|${date.value}`;
        if (seen.has(key) || exists.get(prisonerId, type, date.value)) report.alreadyRecorded++;
        else { report.added++; rows.push({ line: rec.line, prisonerNumber: number, input: { type, status, identifiedOn: date.value, ...grounds } }); }
        seen.add(key);
      }
    }
    if (!csv.records.length && !report.problems.length) report.problems.push({ line: null, column: null, message: 'The file has a header but no statuses' });
    report.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    report.ok = report.problems.length === 0;
    return { report, rows };
  }

  return {
    preview: (fileName: string, text: string, today: string) => plan(fileName, text, today).report,
    commit(ctx: CallContext, fileName: string, text: string): PpImportReport {
      requireIdentified(ctx.actor, 'import public protection statuses');
      return store.sqlite.transaction(() => {
        const { report, rows } = plan(fileName, text, ctx.today);
        if (!report.ok) return report;
        for (const r of rows) pp.addStatus(ctx, r.prisonerNumber, r.input, `import of ${fileName}`);
        audit.record(ctx, { action: 'import', entity: 'public-protection', summary: `Imported public protection statuses from ${fileName}: ${report.added} added, ${report.alreadyRecorded} already recorded` });
        return { ...report, committed: true };
      })();
    },
  };
}
