import type { Content } from 'pdfmake/interfaces';
import { CATEGORY_LABELS, type Category } from '../domain/caseload/fields';
import {
  EVIDENCE_SECTIONS,
  REASON_LABELS,
  STATUS_LABELS,
  type CategorisationReview,
  type CategorisationView,
} from '../domain/categorisation/service';
import {
  STATUS_LABELS as WORK_STATUS_LABELS,
  UNSUITABLE_REASON_LABELS,
} from '../domain/categorisation/progression';
import { formatUk } from '../domain/shared/dates';
import { frame, MARKING, renderPdf } from './pdf';

const cat = (c: Category | null) => (c ? CATEGORY_LABELS[c] : 'not recorded');

/** One completed categorisation review with its approval and the record of progression it rested on. */
export async function categorisationReviewPdf(
  view: CategorisationView,
  r: CategorisationReview,
  opts: { producedBy: string; producedAt: Date },
): Promise<Buffer> {
  const concerns = `${view.name} ${view.prisonerNumber}`;
  const rows: [string, string][] = [
    ['Reason', REASON_LABELS[r.reason]],
    ['Status', STATUS_LABELS[r.status]],
    ['Started', formatUk(r.startedOn)],
    ['Categoriser', r.categoriser],
    ['Current category', cat(r.currentCategory)],
    ['Proposed category', cat(r.proposedCategory)],
    ['Completed', r.submittedOn ? formatUk(r.submittedOn) : 'not yet'],
    ['Next review', r.nextReviewOn ? formatUk(r.nextReviewOn) : 'not set'],
  ];
  const content: Content = [
    { text: 'Categorisation review', style: 'title' },
    { text: `${view.name} · ${view.prisonerNumber}`, style: 'subtitle' },
    {
      table: { widths: [130, '*'], body: rows.map(([k, v]) => [{ text: k, bold: true }, v]) },
      layout: 'lightHorizontalLines',
    },
    { text: 'Evidence', style: 'h2' },
    ...EVIDENCE_SECTIONS.flatMap((s): Content[] => [
      { text: s.label, bold: true, margin: [0, 4, 0, 2] },
      { text: r.evidence[s.key] ?? 'Not recorded.' },
    ]),
    { text: 'Recommendation', style: 'h2' },
    { text: r.recommendation ?? 'Not recorded.' },
    ...(r.alternativeEvidence
      ? [
          {
            text: 'Alternative evidence of progress considered',
            bold: true,
            margin: [0, 6, 0, 2],
          } as Content,
          { text: r.alternativeEvidence } as Content,
        ]
      : []),
    { text: 'Record of progression', style: 'h2' },
    view.work.length
      ? {
          table: {
            headerRows: 1,
            widths: ['*', 'auto', 'auto', 'auto', '*'],
            body: [
              ['Programme or work', 'Suitability', 'Status', 'Dates', 'Outcome'].map((t) => ({
                text: t,
                style: 'tableHeader',
              })),
              ...view.work.map((w) => [
                w.work,
                w.suitability === 'unsuitable'
                  ? `Unsuitable: ${w.unsuitableReason ? UNSUITABLE_REASON_LABELS[w.unsuitableReason] : ''}`
                  : w.suitability === 'suitable'
                    ? 'Suitable'
                    : 'Not assessed',
                WORK_STATUS_LABELS[w.status],
                [w.startedOn && `from ${formatUk(w.startedOn)}`, w.endedOn && `to ${formatUk(w.endedOn)}`]
                  .filter(Boolean)
                  .join(' ') || '',
                w.outcome ?? '',
              ]),
            ],
          },
          layout: 'lightHorizontalLines',
        }
      : { text: 'No programmes or other work recorded.' },
    { text: 'Approval', style: 'h2' },
    r.status === 'approved'
      ? {
          text: `Approved by ${r.approver} on ${formatUk(r.approvedOn)}: category ${cat(r.approvedCategory)}${r.approvedCategory !== r.proposedCategory ? ` (changed from the recommended ${cat(r.proposedCategory)})` : ''}.${r.approvalReasons ? `\nReasons: ${r.approvalReasons}` : ''}`,
        }
      : r.status === 'sent-back'
        ? { text: `Sent back on ${formatUk(r.sentBackOn)}: ${r.sentBackMessage}` }
        : r.status === 'cancelled'
          ? {
              text: `Cancelled on ${formatUk(r.cancelledOn)}: ${r.cancelledReason === 'released' ? 'released' : r.cancelledReason}`,
            }
          : { text: 'Not yet approved.' },
    ...(view.dateChanges.length
      ? [
          { text: 'Changes to the next review date', style: 'h2' } as Content,
          {
            ul: view.dateChanges.map(
              (d) => `${formatUk(d.fromDate)} → ${formatUk(d.toDate)} by ${d.changedBy}: ${d.reason}`,
            ),
          } as Content,
        ]
      : []),
    { text: `${MARKING}: handle and store accordingly.`, style: 'small', margin: [0, 16, 0, 0] },
  ];
  return renderPdf(
    frame({
      title: 'Categorisation review',
      concerns,
      producedBy: opts.producedBy,
      producedAt: opts.producedAt,
      content,
    }),
  );
}
