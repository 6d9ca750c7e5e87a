import type { Content, TableCell } from 'pdfmake/interfaces';
import type { RegisterRow } from '../domain/public-protection/service';
import type { DueEntry } from '../domain/due/service';
import { formatLong, formatUk } from '../domain/shared/dates';
import { monitoringWords } from '../domain/public-protection/monitoring-words';
import { frame, renderPdf } from './pdf';

const TYPE = { pprc: 'PPRC', hppm: 'Harassment' } as const;

/** The unit's public protection register: every PPRC and harassment case, its monitoring and what is due. */
export async function publicProtectionRegisterPdf(
  rows: RegisterRow[],
  due: DueEntry[],
  opts: { today: string; producedBy: string; producedAt: Date },
): Promise<Buffer> {
  const dueFor = (n: string) => due.filter((d) => d.prisonerNumber === n);
  const header: TableCell[] = ['Prisoner', 'Status', 'Restriction', 'Monitoring', 'Next due', 'POM'].map(
    (text) => ({ text, style: 'tableHeader' }),
  );
  const body: TableCell[][] = rows.map((r) => [
    {
      text: [
        { text: `${r.name}\n`, bold: true },
        `${r.prisonerNumber}${r.location ? ` · ${r.location}` : ''}`,
      ],
    },
    r.statuses.map((s) => `${TYPE[s.type]} ${s.status} (${formatUk(s.identifiedOn)})`).join('\n'),
    `${r.statuses.some((s) => s.type === 'pprc' && s.status === 'potential') ? 'Interim: no contact with any child' : r.children.length ? r.children.map((c) => `${c.name}: ${c.contactLevel ? `level ${c.contactLevel}` : 'not set'}`).join(', ') : r.statuses.some((s) => s.type === 'pprc') ? 'No named child recorded' : '—'}${r.openApplications ? `\n${r.openApplications} contact application(s) open` : ''}`,
    r.monitoring
      ? `${monitoringWords(r.monitoring)} since ${formatUk(r.monitoring.since)}`
      : r.noMonitoringSince
        ? `Decided not to monitor ${formatUk(r.noMonitoringSince)}`
        : { text: 'No monitoring decision', bold: true },
    dueFor(r.prisonerNumber)
      .map((d) => `${d.title}: ${formatUk(d.dueDate)}${d.status === 'overdue' ? ' (overdue)' : ''}`)
      .join('\n') || '—',
    r.pomName ?? 'Unallocated',
  ]);
  const content: Content = [
    { text: 'Public protection register', style: 'title' },
    {
      text: `PPRC and harassment cases · as at ${formatLong(opts.today)} · ${rows.length} prisoner${rows.length === 1 ? '' : 's'}`,
      style: 'subtitle',
    },
    rows.length === 0
      ? { text: 'No public protection status is recorded for any prisoner.' }
      : {
          table: {
            headerRows: 1,
            dontBreakRows: true,
            widths: ['auto', 'auto', 'auto', '*', '*', 'auto'],
            body: [header, ...body],
          },
          layout: 'lightHorizontalLines',
          fontSize: 9,
        },
  ];
  return renderPdf(
    frame({
      title: 'Public protection register',
      concerns: 'Public protection register',
      producedBy: opts.producedBy,
      producedAt: opts.producedAt,
      landscape: true,
      content,
    }),
  );
}
