import { coerceDate, normaliseHeader } from '../shared/csv';
import { AppError } from '../shared/errors';
import type { Store } from '../shared/context';
import { createRowsImport } from '../shared/rows-import';
import type { AuditService } from '../audit/service';
import type { CaseloadService } from '../caseload/service';
import type { OasysService } from './service';
import { ASSESSMENT_TYPES } from './rules';

interface Row { prisonerNumber: string; prisonerId: string; type: string; layer: number; completedOn: string; completedBy: string }

/** OASys history from CSV (prisoner_number, type, layer, completed_on, completed_by): validated whole, written whole. */
export function createOasysImportService(store: Store, audit: AuditService, caseload: CaseloadService, oasys: OasysService) {
  const exists = store.sqlite.prepare('SELECT 1 FROM oasys_assessments WHERE prisoner_id = ? AND type = ? AND completed_on = ?');
  return createRowsImport<Row>(store, audit, {
    rowsName: 'OASys assessments', action: 'import OASys history', entity: 'oasys',
    columns: ['prisoner_number', 'type', 'layer', 'completed_on', 'completed_by'],
    required: ['prisoner_number', 'type', 'completed_on'],
    readRow(rec, fail, today) {
      const v = rec.values;
      let ok = true;
      const problem = (column: string, message: string) => { ok = false; fail(column, message); };
      const number = (v.prisoner_number ?? '').toUpperCase();
      let prisonerId: string | null = null;
      try { prisonerId = caseload.get(number).id; } catch (e) { if (e instanceof AppError) problem('prisoner_number', `${number || 'blank'} is not on the caseload`); else throw e; }
      const type = normaliseHeader(v.type ?? '').replace(/_/g, '-');
      if (!(ASSESSMENT_TYPES as readonly string[]).includes(type)) problem('type', `must be one of ${ASSESSMENT_TYPES.join(', ')}`);
      const layer = v.layer ? Number(v.layer.replace(/^layer\s*/i, '')) : 3;
      if (layer !== 1 && layer !== 3) problem('layer', 'must be 1 or 3');
      const date = coerceDate(v.completed_on ?? '');
      const completedOn = date.ok ? date.value : null;
      if (!date.ok || !completedOn) problem('completed_on', date.ok ? 'is required' : date.message);
      else if (completedOn > today) problem('completed_on', 'must not be in the future');
      const completedBy = (v.completed_by || 'prison').toLowerCase();
      if (completedBy !== 'prison' && completedBy !== 'probation') problem('completed_by', 'must be prison or probation');
      if (!ok || !prisonerId || !completedOn) return null;
      return { prisonerNumber: number, prisonerId, type, layer, completedOn, completedBy };
    },
    key: (r) => `${r.prisonerId}|${r.type}|${r.completedOn}`,
    isRecorded: (r) => !!exists.get(r.prisonerId, r.type, r.completedOn),
    write: (ctx, r) => { oasys.addAssessment(ctx, r.prisonerNumber, { type: r.type, layer: r.layer, completedOn: r.completedOn, completedBy: r.completedBy }); },
  });
}
