import type { Content, TableCell } from 'pdfmake/interfaces';
import type { DueEntry } from '../domain/due/service';
import type { DueKind } from '../domain/due/types';
import { formatLong } from '../domain/shared/dates';
import { frame, renderPdf } from './pdf';

/** Columns by area of work, so the table fits an A4 page however many kinds there are. */
const AREAS: { label: string; kinds: DueKind[] }[] = [
  { label: 'OASys', kinds: ['oasys-initial', 'oasys-review', 'oasys-significant-change', 'oasys-pre-release'] },
  { label: 'COM allocation', kinds: ['com-allocation-overdue'] },
  { label: 'Public protection', kinds: ['pp-assessment', 'monitoring-review', 'monitoring-decision', 'child-contact-reply', 'child-contact-review'] },
  { label: 'IRMT actions', kinds: ['irmt-action'] },
  { label: 'Categorisation', kinds: ['categorisation-initial', 'categorisation-review', 'categorisation-age-21', 'categorisation-recall', 'categorisation-approval'] },
  { label: 'MAPPA level confirmation', kinds: ['mappa-level-confirmation'] },
  { label: 'Release plan', kinds: ['release-plan-item'] },
];

/** The head of OMU's one-page summary: overdue work counted by POM and kind, with what falls due in 14 days. */
export async function overdueSummaryPdf(items: DueEntry[], opts: { today: string; producedBy: string; producedAt: Date; unit?: string }): Promise<Buffer> {
  const kinds = AREAS.filter((a) => items.some((i) => a.kinds.includes(i.kind)));
  const poms = [...new Set(items.map((i) => i.pomName ?? 'Unallocated'))].sort((a, b) => (a === 'Unallocated' ? 1 : b === 'Unallocated' ? -1 : a.localeCompare(b)));
  const count = (pom: string | null, area: (typeof AREAS)[number] | null, status: DueEntry['status']) =>
    items.filter((i) => i.status === status && i.kind !== 'handover' && (pom === null || (i.pomName ?? 'Unallocated') === pom) && (area === null || area.kinds.includes(i.kind))).length;
  const header: TableCell[] = [{ text: 'POM', style: 'tableHeader' }, ...kinds.map((k) => ({ text: k.label, style: 'tableHeader', alignment: 'right' as const })), { text: 'Total overdue', style: 'tableHeader', alignment: 'right' as const }, { text: 'Due in 14 days', style: 'tableHeader', alignment: 'right' as const }];
  const row = (pom: string | null): TableCell[] => [
    { text: pom ?? 'Whole unit', bold: pom === null },
    ...kinds.map((k) => ({ text: String(count(pom, k, 'overdue')), alignment: 'right' as const, bold: pom === null })),
    { text: String(count(pom, null, 'overdue')), alignment: 'right' as const, bold: true },
    { text: String(count(pom, null, 'due-soon')), alignment: 'right' as const, bold: pom === null },
  ];
  const content: Content = [
    { text: 'Overdue work by POM', style: 'title' },
    { text: `${opts.unit ?? 'Offender management unit'} · as at ${formatLong(opts.today)}`, style: 'subtitle' },
    items.length === 0
      ? { text: 'Nothing is overdue or due within 14 days.' }
      : {
          table: { headerRows: 1, widths: ['*', ...kinds.map(() => 'auto'), 'auto', 'auto'], body: [header, ...poms.map(row), row(null)] },
          layout: 'lightHorizontalLines',
        },
    { text: 'Counts of overdue items (due before today) and of items due within the next 14 days. Each item and the rule it comes from is listed in OMU Desk under "What is due".', style: 'small', margin: [0, 12, 0, 0] },
  ];
  return renderPdf(frame({ title: 'Overdue work by POM', concerns: opts.unit ?? 'Offender management unit', producedBy: opts.producedBy, producedAt: opts.producedAt, landscape: kinds.length > 4, content }));
}
