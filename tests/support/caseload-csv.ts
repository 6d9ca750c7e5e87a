import { generateCaseload } from '../../db/demo/generator';
import { PRISONER_FIELDS } from '../../electron/domain/caseload/fields';
import { csvLine } from '../../electron/domain/shared/csv';

/** A valid caseload CSV of `count` synthetic prisoners, in the documented template's columns. */
export function syntheticCaseloadCsv(
  count: number,
  seed = 7,
  today = '2026-11-22',
): { csv: string; numbers: string[] } {
  const demo = generateCaseload({ seed, count, today });
  const rows = demo.prisoners.map((p) => {
    const record: Record<string, unknown> = { ...p.input, pomId: p.pomName };
    return csvLine(
      PRISONER_FIELDS.map((f) => {
        const v = record[f.key];
        return typeof v === 'boolean' ? (v ? 'yes' : 'no') : v;
      }),
    );
  });
  return {
    csv: `${csvLine(PRISONER_FIELDS.map((f) => f.csv))}\n${rows.join('\n')}\n`,
    numbers: demo.prisoners.map((p) => p.input.prisonerNumber),
  };
}
