import { prisoners, publicProtectionStatuses } from '../../../db/schema';
import type { Reader } from '../../core/data';
import { cellReader, planRows, type RowsPlanSpec } from '../shared/rows-import';
import {
  GROUNDS_BASES,
  GROUNDS_FLAGS,
  PP_STATUSES,
  PP_TYPES,
  groundsNamed,
  type GroundsFlags,
} from './rules';
import { statusInputSchema, type StatusInput } from './schemas';

/**
 * Reads the grounds column, free text as real exports carry it: kept whole as the summary, and the bases its words
 * name ("current offence", "previous convictions", "police intelligence", "children's services report" …). Words that
 * name none (a restraining order, a harassment of a former partner) leave the grounds to classify.
 */
export function parseGrounds(text: string): GroundsFlags & { summary: string | null } {
  const t = text.toLowerCase();
  return {
    groundsCurrentOffence: /\b(current|index)\b/.test(t),
    groundsPreviousConvictions: /\b(previous|convictions?|history)\b/.test(t),
    groundsWiderInformation:
      /\b(wider|intelligence|police|children'?s services|social services|information)\b/.test(t),
    summary: text.trim() || null,
  };
}

/** The grounds_basis column: one or more of the bases, by name ("current offence", "previous-convictions"), separated by ; or , */
export function parseGroundsBasis(text: string): { flags: GroundsFlags } | { bad: string } {
  const flags: GroundsFlags = {
    groundsCurrentOffence: false,
    groundsPreviousConvictions: false,
    groundsWiderInformation: false,
  };
  for (const part of text
    .split(/[;,]/)
    .map((x) => x.trim())
    .filter(Boolean)) {
    const basis = GROUNDS_BASES.find((b) => b === part.toLowerCase().replace(/[\s_]+/g, '-'));
    if (!basis) return { bad: part };
    flags[GROUNDS_FLAGS[basis]] = true;
  }
  return { flags };
}

/** What a statuses file is checked against: the caseload's numbers and the statuses already recorded. */
export interface StatusImportState {
  prisonerIds: Map<string, string>;
  recorded: Set<string>;
}
export interface StatusImportRow {
  prisonerId: string;
  status: StatusInput;
}

const keyOf = (prisonerId: string, type: string, identifiedOn: string) =>
  `${prisonerId}|${type}|${identifiedOn}`;

/**
 * Public protection statuses from CSV (prisoner_number, type, status, identified_on, grounds, optional grounds_basis):
 * validated whole, written whole. Grounds whose words do not tell the basis are recorded with their text and listed
 * as due work: grounds to classify (rules.ts).
 */
export const statusImportSpec: RowsPlanSpec<StatusImportRow, StatusImportState> = {
  rowsName: 'public protection statuses',
  columns: ['prisoner_number', 'type', 'status', 'identified_on', 'grounds', 'grounds_basis'],
  required: ['prisoner_number', 'type', 'status', 'identified_on', 'grounds'],
  readRow(rec, fail, today, state) {
    const v = rec.values;
    const row = cellReader(rec, fail);
    const prisonerId = row.prisoner(state.prisonerIds);
    const type = (v.type ?? '').toLowerCase();
    if (!(PP_TYPES as readonly string[]).includes(type)) row.problem('type', 'must be pprc or hppm');
    const status = (v.status ?? '').toLowerCase();
    if (!(PP_STATUSES as readonly string[]).includes(status))
      row.problem('status', 'must be potential or confirmed');
    const identifiedOn = row.pastDate('identified_on', today);
    const grounds = parseGrounds(v.grounds ?? '');
    const basis = parseGroundsBasis(v.grounds_basis ?? '');
    if ('bad' in basis)
      row.problem(
        'grounds_basis',
        `"${basis.bad}" must be current offence, previous convictions or wider information (several separated by ;)`,
      );
    else if (groundsNamed(basis.flags).length) Object.assign(grounds, basis.flags);
    if (!grounds.summary && !groundsNamed(grounds).length)
      row.problem('grounds', 'is required: what the status rests on, in words (or name it in grounds_basis)');
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
export const previewPublicProtectionImport = async (
  read: Reader,
  fileName: string,
  csvText: string,
  today: string,
) => planRows(statusImportSpec, fileName, csvText, today, await loadStatusImportState(read)).report;
