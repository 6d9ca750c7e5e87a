import { coerceDate } from '../shared/csv';
import { AppError } from '../shared/errors';
import type { Store } from '../shared/context';
import { createRowsImport } from '../shared/rows-import';
import type { AuditService } from '../audit/service';
import type { CaseloadService } from '../caseload/service';
import type { PublicProtectionService } from './service';
import { PP_STATUSES, PP_TYPES } from './rules';

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

interface Row { prisonerNumber: string; prisonerId: string; type: string; identifiedOn: string; input: Record<string, unknown> }

/** Public protection statuses from CSV (prisoner_number, type, status, identified_on, grounds): validated whole, written whole. */
export function createPublicProtectionImportService(store: Store, audit: AuditService, caseload: CaseloadService, pp: PublicProtectionService) {
  const exists = store.sqlite.prepare('SELECT 1 FROM public_protection_statuses WHERE prisoner_id = ? AND type = ? AND identified_on = ?');
  const columns = ['prisoner_number', 'type', 'status', 'identified_on', 'grounds'];
  return createRowsImport<Row>(store, audit, {
    rowsName: 'public protection statuses', action: 'import public protection statuses', entity: 'public-protection',
    columns, required: columns,
    readRow(rec, fail, today) {
      const v = rec.values;
      let ok = true;
      const problem = (column: string, message: string) => { ok = false; fail(column, message); };
      const number = (v.prisoner_number ?? '').toUpperCase();
      let prisonerId: string | null = null;
      try { prisonerId = caseload.get(number).id; } catch (e) { if (e instanceof AppError) problem('prisoner_number', `${number || 'blank'} is not on the caseload`); else throw e; }
      const type = (v.type ?? '').toLowerCase();
      if (!(PP_TYPES as readonly string[]).includes(type)) problem('type', 'must be pprc or hppm');
      const status = (v.status ?? '').toLowerCase();
      if (!(PP_STATUSES as readonly string[]).includes(status)) problem('status', 'must be potential or confirmed');
      const date = coerceDate(v.identified_on ?? '');
      const identifiedOn = date.ok ? date.value : null;
      if (!date.ok || !identifiedOn) problem('identified_on', date.ok ? 'is required' : date.message);
      else if (identifiedOn > today) problem('identified_on', 'must not be in the future');
      const grounds = parseGrounds(v.grounds ?? '');
      if (!grounds.groundsCurrentOffence && !grounds.groundsPreviousConvictions && !grounds.groundsWiderInformation) {
        problem('grounds', "must say what it rests on: current offence, previous convictions or wider information (intelligence, police, children's services)");
      }
      if (!ok || !prisonerId || !identifiedOn) return null;
      return { prisonerNumber: number, prisonerId, type, identifiedOn, input: { type, status, identifiedOn, ...grounds } };
    },
    key: (r) => `${r.prisonerId}|${r.type}|${r.identifiedOn}`,
    isRecorded: (r) => !!exists.get(r.prisonerId, r.type, r.identifiedOn),
    write: (ctx, r, fileName) => { pp.addStatus(ctx, r.prisonerNumber, r.input, `import of ${fileName}`); },
  });
}
