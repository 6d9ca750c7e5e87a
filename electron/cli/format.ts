import type { ImportReport } from '../domain/caseload/import-service';
import type { CsvProblem } from '../domain/shared/csv';
import type { PrisonerDetail } from '../domain/caseload/service';
import { FIELD_BY_KEY, KEY_DATE_FIELDS, RISK_LABELS } from '../domain/caseload/fields';
import { formatUk } from '../domain/shared/dates';

export function formatImportReport(r: ImportReport, dryRun: boolean): string {
  const lines: string[] = [];
  lines.push(`${r.fileName}: ${r.recordCount} row(s) read`);
  for (const w of r.warnings) lines.push(`  warning: ${w}`);
  if (r.problems.length) return [...lines, ...problemLines(r.problems)].join('\n');
  const verb = dryRun ? 'would be' : r.committed ? 'were' : 'would be';
  lines.push(
    `${r.created.length} new prisoner(s) ${verb} added, ${r.updated.length} ${verb} updated, ${r.unchanged} unchanged`,
  );
  for (const u of r.updated) lines.push(`  line ${u.line} ${u.prisonerNumber} ${u.name}: ${u.changes}`);
  if (r.newStaff.length) lines.push(`New POM(s) ${verb} added to staff: ${r.newStaff.join(', ')}`);
  if (dryRun) lines.push('Dry run: nothing was written.');
  return lines.join('\n');
}

function problemLines(problems: CsvProblem[]): string[] {
  return [
    `${problems.length} problem(s); nothing was imported:`,
    ...problems.map((p) => {
      const where = [p.line !== null ? `line ${p.line}` : null, p.column].filter(Boolean).join(', ');
      return `  ${where ? `${where}: ` : ''}${p.message}${p.value ? ` (value "${p.value}")` : ''}`;
    }),
  ];
}

export function formatProblems(fileName: string, recordCount: number, problems: CsvProblem[]): string {
  return [`${fileName}: ${recordCount} row(s) read`, ...problemLines(problems)].join('\n');
}

export function formatPrisoner(p: PrisonerDetail): string {
  const rows: [string, string][] = [
    ['Prisoner', `${p.prisonerNumber} ${p.surname.toUpperCase()}, ${p.forenames}`],
    ['Date of birth', formatUk(p.dateOfBirth)],
    ['CRN / PNC', `${p.crn ?? '-'} / ${p.pnc ?? '-'}`],
    ['Location', p.location ?? '-'],
    ['Category', p.category ?? '-'],
    ['Sentence', `${p.sentenceType}${p.recallDate ? ' (recalled)' : ''}`],
    ...KEY_DATE_FIELDS.filter((k) => p[k]).map(
      (k) => [FIELD_BY_KEY[k]!.label, formatUk(p[k])] as [string, string],
    ),
    ['RoSH', p.rosh ? RISK_LABELS[p.rosh] : 'not recorded'],
    [
      'MAPPA',
      p.mappaCategory ? `category ${p.mappaCategory}, level ${p.mappaLevel ?? 'not set'}` : 'not MAPPA',
    ],
    ['RM2000', p.rm2000 ? RISK_LABELS[p.rm2000] : '-'],
    ['Registered sex offender', p.registeredSexOffender ? 'yes' : 'no'],
    ['POM', p.pomName ?? 'unallocated'],
    [
      'COM',
      p.comName
        ? `${p.comName}${p.comEmail ? ` <${p.comEmail}>` : ''}${p.pdu ? `, ${p.pdu}` : ''}`
        : 'not allocated',
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n');
}
