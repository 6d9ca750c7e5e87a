import type { Content } from 'pdfmake/interfaces';
import type { AgendaEntry, Meeting } from '../domain/irmt/service';
import { DEPARTMENTS } from '../domain/irmt/departments';
import { formatLong, formatUk } from '../domain/shared/dates';
import { frame, renderPdf } from './pdf';

const REASON_TEXT: Record<string, string> = {
  'rosh-high': 'RoSH high',
  'rosh-very-high': 'RoSH very high',
  'mappa-level-2': 'MAPPA level 2',
  'mappa-level-3': 'MAPPA level 3',
  'mappa-level-unset': 'MAPPA level not set',
  pprc: 'PPRC',
  hppm: 'harassment',
  'open-action': 'open actions',
  'new-arrival-public-protection': 'new arrival with a public protection status',
  'added-by-chair': 'added by the chair',
};
const RISK: Record<string, string> = { low: 'low', medium: 'medium', high: 'high', 'very-high': 'very high' };

/** The printed agenda a chair hands round: meeting details, an attendance sheet, and a block per prisoner with room for notes. */
export async function irmtAgendaPdf(
  meetingDate: string,
  meeting: Meeting | null,
  items: AgendaEntry[],
  basis: string,
  opts: { producedBy: string; producedAt: Date },
): Promise<Buffer> {
  const concerns = `IRMT meeting ${formatUk(meetingDate)}`;
  const content: Content = [
    { text: 'Inter-departmental risk management team', style: 'title' },
    {
      text: `${formatLong(meetingDate)}${meeting ? ` at ${meeting.startTime}, ${meeting.place}${meeting.chairName ? ` · chair ${meeting.chairName}` : ''}` : ''}`,
      style: 'subtitle',
    },
    {
      text: `${items.length} prisoner${items.length === 1 ? '' : 's'} on the agenda. ${basis}.`,
      margin: [0, 0, 0, 8],
    },
    { text: 'Attendance', style: 'h2' },
    {
      table: {
        headerRows: 1,
        widths: ['*', '*', 60],
        body: [
          [
            { text: 'Department', style: 'tableHeader' },
            { text: 'Name', style: 'tableHeader' },
            { text: 'Present', style: 'tableHeader' },
          ],
          ...DEPARTMENTS.map((d) => [d, ' ', ' ']),
        ],
      },
      layout: 'lightHorizontalLines',
    },
    { text: 'Prisoners', style: 'h2', pageBreak: 'before' },
    ...(items.length === 0
      ? [{ text: 'No prisoner meets the criteria for this meeting.' } as Content]
      : items.map((i): Content => ({
          unbreakable: true,
          margin: [0, 0, 0, 10],
          table: {
            widths: ['*'],
            body: [
              [
                {
                  stack: [
                    { text: `${i.name} · ${i.prisonerNumber}`, bold: true, fontSize: 11 },
                    {
                      text: `Release: ${i.earliestRelease ? `${formatUk(i.earliestRelease.date)} (${i.earliestRelease.name})` : 'not known'} · RoSH ${i.rosh ? RISK[i.rosh] : 'not recorded'} · MAPPA ${i.mappaCategory ? `category ${i.mappaCategory}, ${i.mappaLevel ? `level ${i.mappaLevel}` : 'level NOT SET'}` : 'none'}`,
                    },
                    {
                      text: `On the agenda for: ${i.reasons.map((r) => REASON_TEXT[r] ?? r).join(', ')}${i.chairReason ? ` (chair: ${i.chairReason})` : ''}`,
                    },
                    {
                      text: `Public protection: ${i.publicProtection.length ? i.publicProtection.map((p) => p.toUpperCase()).join(', ') : 'none'}; monitoring: ${i.monitoring ?? 'none'} · last OASys: ${i.lastOasys ? formatUk(i.lastOasys) : 'none recorded'}`,
                    },
                    {
                      text: `POM: ${i.pomName ?? 'unallocated'} · COM: ${i.comName ?? 'NOT ALLOCATED'}${i.comEmail ? ` (${i.comEmail})` : ''}`,
                    },
                    ...(i.openActions.length
                      ? [
                          {
                            text: `Open actions: ${i.openActions.map((a) => `${a.action} (${a.owner}, due ${formatUk(a.dueOn)})`).join('; ')}`,
                          },
                        ]
                      : []),
                    { text: 'Notes:', margin: [0, 6, 0, 0], color: '#505a5f' },
                    {
                      canvas: [0, 1, 2].map((n) => ({
                        type: 'line' as const,
                        x1: 0,
                        y1: 18 + n * 18,
                        x2: 500,
                        y2: 18 + n * 18,
                        lineWidth: 0.5,
                        lineColor: '#b1b4b6',
                      })),
                      margin: [0, 0, 0, 4],
                    },
                  ],
                },
              ],
            ],
          },
        }))),
  ];
  return renderPdf(
    frame({
      title: 'IRMT agenda',
      concerns,
      producedBy: opts.producedBy,
      producedAt: opts.producedAt,
      content,
    }),
  );
}
