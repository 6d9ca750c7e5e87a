import { prisoners, publicProtectionStatuses } from '../../../db/schema';
import type { Reader } from '../../core/data';
import { cellReader, planRows, type RowsPlanSpec } from '../shared/rows-import';
import { PP_STATUSES, PP_TYPES } from './rules';
import { statusInputSchema, type StatusInput } from './schemas';

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

/** What a statuses file is checked against: the caseload's numbers and the statuses already recorded. */
export interface StatusImportState {
  prisonerIds: Map<string, string>;
  recorded: Set<string>;
}
export interface StatusImportRow { prisonerId: string; status: StatusInput }

const keyOf = (prisonerId: string, type: string, identifiedOn: string) => `${prisonerId}|${type}|${identifiedOn}`;

/** Public protection statuses from CSV (prisoner_number, type, status, identified_on, grounds): validated whole, written whole. */
export const statusImportSpec: RowsPlanSpec<StatusImportRow, StatusImportState> = {
  rowsName: 'public protection statuses',
  columns: ['prisoner_number', 'type', 'status', 'identified_on', 'grounds'],
  required: ['prisoner_number', 'type', 'status', 'identified_on', 'grounds'],
  readRow(rec, fail, today, state) {
    const v = rec.values;
    const row = cellReader(rec, fail);
    const prisonerId = row.prisoner(state.prisonerIds);
    const type = (v.type ?? '').toLowerCase();
    if (!(PP_TYPES as readonly string[]).includes(type)) row.problem('type', 'must be pprc or hppm');
    const status = (v.status ?? '').toLowerCase();
    if (!(PP_STATUSES as readonly string[]).includes(status)) row.problem('status', 'must be potential or confirmed');
    const identifiedOn = row.pastDate('identified_on', today);
    const grounds = parseGrounds(v.grounds ?? '');
    if (!grounds.groundsCurrentOffence && !grounds.groundsPreviousConvictions && !grounds.groundsWiderInformation) {
      row.problem('grounds', "must say what it rests on: current offence, previous convictions or wider information (intelligence, police, children's services)");
    }
    if (!row.ok || !prisonerId || !identifiedOn) return null;
    return { prisonerId, status: statusInputSchema.parse({ type, status, identifiedOn, ...grounds }) };
  },
  key: (r) => keyOf(r.prisonerId, r.status.type, r.status.identifiedOn),
  isRecorded: (r, state) => state.recorded.has(keyOf(r.prisonerId, r.status.type, r.status.identifiedOn)),
};

export async function loadStatusImportState(read: Reader): Promise<StatusImportState> {
  const people = await read.all(prisoners);
  const recorded = await read.all(publicProtectionStatuses);
  return {
    prisonerIds: new Map(people.map((p) => [p.prisonerNumber, p.id])),
    recorded: new Set(recorded.map((s) => keyOf(s.prisonerId, s.type, s.identifiedOn))),
  };
}

/** The preview of a statuses file: every problem with its line, and what would be added; writes nothing. */
export const previewPublicProtectionImport = async (read: Reader, fileName: string, csvText: string, today: string) =>
  planRows(statusImportSpec, fileName, csvText, today, await loadStatusImportState(read)).report;
