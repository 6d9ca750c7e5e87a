import type { Content } from 'pdfmake/interfaces';
import type { ReleaseRow } from '../domain/due/service';
import { RISK_LABELS, type RiskLevel } from '../domain/caseload/fields';
import { formatUk } from '../domain/shared/dates';
import { frame, MARKING, renderPdf } from './pdf';

/** The unit's releases in the coming weeks with each plan's progress, for the head of OMU and the IRMT. */
export async function releasesPdf(
  rows: ReleaseRow[],
  opts: { today: string; weeks: number; producedBy: string; producedAt: Date },
): Promise<Buffer> {
  const content: Content = [
    { text: 'Releases and release plans', style: 'title' },
    {
      text: `Every prisoner releasing from ${formatUk(opts.today)} to the end of the next ${opts.weeks} weeks: ${rows.length} prisoner(s); ${rows.filter((r) => r.overdue > 0).length} with overdue items; ${rows.filter((r) => !r.comName).length} with no COM.`,
      style: 'subtitle',
    },
    rows.length
      ? {
          table: {
            headerRows: 1,
            widths: [70, 120, 90, 80, 80, 40, 45, '*'],
            body: [
              ['Release', 'Prisoner', 'RoSH / MAPPA', 'POM', 'COM', 'Plan', 'Overdue', 'Warnings'].map(
                (t) => ({ text: t, style: 'tableHeader' }),
              ),
              ...rows.map((r) => [
                `${formatUk(r.releaseDate)} (${r.releaseName})`,
                `${r.name}\n${r.prisonerNumber}`,
                `${r.rosh ? RISK_LABELS[r.rosh as RiskLevel] : '–'}${r.mappaCategory ? ` / cat ${r.mappaCategory}${r.mappaLevel ? ` L${r.mappaLevel}` : ', level not set'}` : ''}`,
                r.pomName ?? 'unallocated',
                r.comName ?? { text: 'None', bold: true },
                `${r.done} of ${r.total}`,
                r.overdue ? { text: String(r.overdue), bold: true } : '0',
                { text: r.warnings.join(' '), fontSize: 8 },
              ]),
            ],
          },
          layout: 'lightHorizontalLines',
          fontSize: 9,
        }
      : { text: 'No releases in this period.' },
    { text: `${MARKING}: handle and store accordingly.`, style: 'small', margin: [0, 16, 0, 0] },
  ];
  return renderPdf(
    frame({
      title: 'Releases',
      concerns: `Releases to ${formatUk(opts.today)} + ${opts.weeks} weeks`,
      producedBy: opts.producedBy,
      producedAt: opts.producedAt,
      landscape: true,
      content,
    }),
  );
}
