import type { Content, TableCell } from 'pdfmake/interfaces';
import { DUE_KIND_LABELS, type DueCounts, type DueStatus, type DueSummary } from '../domain/due/types';
import { formatLong } from '../domain/shared/dates';
import { frame, renderPdf } from './pdf';

const STATUSES: [DueStatus, string][] = [
  ['overdue', 'Overdue'],
  ['due-soon', 'Due within 14 days'],
  ['upcoming', 'Due later in the period'],
];

/**
 * The What is due page on paper: for the same view (whose work, which owner, POM and kind), the same three totals, the
 * same counts by owner and by kind, from the same summary the screen draws (summariseDue), so print equals screen.
 */
export async function overdueSummaryPdf(
  summary: DueSummary,
  opts: {
    today: string;
    view: string;
    withinDays: number | null;
    producedBy: string;
    producedAt: Date;
    unit?: string;
  },
): Promise<Buffer> {
  const statuses = STATUSES.map(([s, label]): [DueStatus, string] => [
    s,
    s === 'upcoming' && opts.withinDays === 56
      ? 'Due within 8 weeks'
      : s === 'upcoming' && opts.withinDays !== null
        ? `Due within ${opts.withinDays} days`
        : label,
  ]);
  const table = (first: string, rows: [string, DueCounts][]): Content => ({
    table: {
      headerRows: 1,
      widths: ['*', 70, 70, 70],
      body: [
        [
          { text: first, style: 'tableHeader' },
          ...statuses.map(([, label]): TableCell => ({
            text: label,
            style: 'tableHeader',
            alignment: 'right',
          })),
        ],
        ...rows.map(([label, c]): TableCell[] => [
          label,
          ...statuses.map(([s]): TableCell => ({ text: String(c[s]), alignment: 'right' })),
        ]),
      ],
    },
    layout: 'lightHorizontalLines',
  });
  const concerns = opts.unit ?? 'Offender management unit';
  const content: Content = [
    { text: 'What is due', style: 'title' },
    { text: `${opts.view} · as at ${formatLong(opts.today)}`, style: 'subtitle' },
    table('Total', [['All items', summary.totals]]),
    ...(summary.byOwner.length
      ? [
          { text: 'By owner', style: 'h2' } as Content,
          table(
            'Owner',
            summary.byOwner.map((o) => [o.label, o.counts]),
          ),
        ]
      : []),
    ...(summary.byKind.length
      ? [
          { text: 'By kind', style: 'h2' } as Content,
          table(
            'Kind',
            summary.byKind.map((k) => [DUE_KIND_LABELS[k.kind], k.counts]),
          ),
        ]
      : [{ text: 'Nothing is due in this view.' } as Content]),
    {
      text: 'Overdue: due before today. Each item, its owner and the rule it comes from are listed in OMU Desk under "What is due", in the same view.',
      style: 'small',
      margin: [0, 12, 0, 0],
    },
  ];
  return renderPdf(
    frame({
      title: 'What is due',
      concerns,
      producedBy: opts.producedBy,
      producedAt: opts.producedAt,
      content,
    }),
  );
}
