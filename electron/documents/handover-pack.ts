import type { Content, TableCell } from 'pdfmake/interfaces';
import { PACK_SECTIONS, type HandoverPack } from '../domain/handover-pack/model';
import { formatTimestampUk, formatUk } from '../domain/shared/dates';
import { monitoringWords } from '../domain/public-protection/monitoring-words';
import { frame, MARKING, renderPdf } from './pdf';

const d = (x: string | null | undefined) => (x ? formatUk(x) : '–');
const title = (key: (typeof PACK_SECTIONS)[number]['key']) =>
  ({ text: PACK_SECTIONS.find((s) => s.key === key)!.title, style: 'h2' }) as Content;
const none = (t: string): Content => ({ text: t, italics: true, color: '#505a5f', margin: [0, 0, 0, 4] });
const h3 = (t: string): Content => ({ text: t, bold: true, margin: [0, 8, 0, 3] });
const table = (headers: string[], rows: TableCell[][], widths?: (string | number)[]): Content => ({
  table: {
    headerRows: 1,
    dontBreakRows: true,
    widths: widths ?? headers.map(() => '*'),
    body: [headers.map((t) => ({ text: t, style: 'tableHeader' })), ...rows],
  },
  layout: 'lightHorizontalLines',
  fontSize: 9,
  margin: [0, 0, 0, 6],
});
const pairs = (rows: [string, string][]): Content => ({
  table: { widths: [150, '*'], body: rows.map(([k, v]) => [{ text: k, bold: true }, v]) },
  layout: 'lightHorizontalLines',
  margin: [0, 0, 0, 6],
});

/** The handover pack as an A4 document: every section printed, an empty one saying so. */
export async function handoverPackPdf(pack: HandoverPack): Promise<Buffer> {
  const p = pack.prisoner;
  const concerns = `${p.name} ${p.prisonerNumber}`;
  const rp = pack.releasePlan;
  const pp = pack.publicProtection;
  const content: Content = [
    { text: 'Handover pack for the community offender manager', style: 'title' },
    { text: `${p.name} · ${p.prisonerNumber}`, style: 'subtitle' },
    title('cover'),
    pairs([
      ['Prisoner', `${p.name}, born ${d(p.dateOfBirth)}`],
      [
        'Numbers',
        `Prison ${p.prisonerNumber} · CRN ${p.crn ?? 'not recorded'} · PNC ${p.pnc ?? 'not recorded'}`,
      ],
      ['Location and category', `${p.location ?? 'not recorded'} · category ${p.category ?? 'not recorded'}`],
      [
        'POM',
        pack.contacts.pom
          ? `${pack.contacts.pom.name}${pack.contacts.pom.email ? ` <${pack.contacts.pom.email}>` : ''}`
          : 'No POM allocated',
      ],
      [
        'COM',
        pack.contacts.com
          ? `${pack.contacts.com.name}${pack.contacts.com.email ? ` <${pack.contacts.com.email}>` : ''}${pack.contacts.com.pdu ? `, ${pack.contacts.com.pdu}` : ''}`
          : 'No COM allocated',
      ],
      [
        'Handover',
        `${d(pack.handover.handoverDate)} · ${pack.handover.responsibility} today\n${pack.handover.basis}`,
      ],
      [
        'Release',
        pack.release.date ? `${d(pack.release.date)} (${pack.release.type})` : 'No release date to come',
      ],
      ['Produced', `by ${pack.producedBy} on ${formatTimestampUk(pack.producedAt)}`],
    ]),
    h3('What the COM most needs to know (POM summary)'),
    pack.pomSummary ? { text: pack.pomSummary } : none('No summary was written by the POM for this pack.'),
    h3('Handover checklist'),
    pack.handover.checklist.length
      ? {
          ul: pack.handover.checklist.map(
            (c) =>
              `${c.item}: ${c.completedOn ? `done ${d(c.completedOn)} by ${c.completedBy}` : 'not done'}`,
          ),
        }
      : none('No handover checklist for this case.'),

    title('sentence'),
    pairs([
      ['Sentence type', pack.sentence.sentenceType],
      ...pack.sentence.dates.map((x): [string, string] => [x.name, d(x.date)]),
      ...pack.sentence.circumstances.map((c): [string, string] => [c.name, c.value]),
    ]),

    title('risk'),
    pairs([
      ['RoSH', pack.risk.rosh ?? 'Not recorded'],
      ['RM2000', pack.risk.rm2000 ?? 'Not recorded'],
      [
        'MAPPA',
        pack.risk.mappaCategory
          ? `Category ${pack.risk.mappaCategory}, level ${pack.risk.mappaLevel ?? 'not set'}${pack.risk.mappaLevelConfirmed ? ' (confirmed with the COM)' : ' (not yet confirmed with the COM)'}`
          : pack.risk.mappaLevel === 0
            ? 'Not a MAPPA case (level none recorded)'
            : 'Not a MAPPA case',
      ],
      ['Registered sex offender', pack.risk.registeredSexOffender ? 'Yes' : 'No'],
      ['Last OASys', pack.risk.lastOasys ? d(pack.risk.lastOasys) : 'No OASys recorded'],
    ]),
    h3('OASys history'),
    pack.risk.oasys.length
      ? table(
          ['Completed', 'Assessment', 'Layer', 'By'],
          pack.risk.oasys.map((a) => [
            d(a.completedOn),
            a.type,
            a.layer ? `Layer ${a.layer}` : '–',
            a.completedBy ?? '–',
          ]),
        )
      : none('No OASys assessments recorded.'),

    title('publicProtection'),
    pp.statuses.length
      ? table(
          ['Status', 'Identified', 'Grounds', 'People protected and restrictions'],
          pp.statuses.map((s) => [
            `${s.type}: ${s.status}${s.confirmedOn ? ` (confirmed ${d(s.confirmedOn)})` : ''}`,
            d(s.identifiedOn),
            `${s.grounds.join(', ')}${s.summary ? `\n${s.summary}` : ''}`,
            s.people.join('\n') || 'None recorded',
          ]),
          [110, 60, '*', '*'],
        )
      : none('No public protection status recorded.'),
    h3('Mail and phone monitoring'),
    { text: pp.currentDecision, margin: [0, 0, 0, 4] },
    pp.monitoring.length
      ? {
          ul: pp.monitoring.map(
            (m) =>
              `${monitoringWords(m)} monitoring authorised ${d(m.authorisedOn)} by ${m.authorisedBy}${m.stoppedOn ? `, stopped ${d(m.stoppedOn)}` : ''}${m.reviews.length ? `; reviews: ${m.reviews.join('; ')}` : '; no reviews recorded'}`,
          ),
        }
      : none('No monitoring history.'),
    h3('Child contact applications'),
    pp.childContact.length
      ? { ul: pp.childContact.map((c) => `${d(c.receivedOn)}: ${c.child}: ${c.outcome}`) }
      : none('No child contact applications recorded.'),

    title('custody'),
    h3('Categorisation'),
    pack.custody.categorisation.length
      ? table(
          ['Started', 'Reason', 'Outcome', 'Recommendation and approval'],
          pack.custody.categorisation.map((c) => [
            d(c.startedOn),
            c.reason,
            `${c.status}: ${c.from ?? '–'} → ${c.to ?? '?'}`,
            `${c.recommendation ?? ''}${c.approvedBy ? `\nApproved ${d(c.approvedOn)} by ${c.approvedBy}${c.approvalReasons ? `: ${c.approvalReasons}` : ''}` : ''}`,
          ]),
          [55, 70, 90, '*'],
        )
      : none('No categorisation reviews recorded in OMU Desk.'),
    h3('Programmes and other work'),
    pack.custody.progression.length
      ? table(
          ['Work', 'Suitability', 'Status', 'Dates', 'Outcome'],
          pack.custody.progression.map((w) => [
            `${w.work}\n${w.kind}`,
            w.suitability,
            w.status,
            `${w.startedOn ? d(w.startedOn) : ''}${w.endedOn ? ` – ${d(w.endedOn)}` : ''}` || '–',
            w.outcome ?? '',
          ]),
        )
      : none('No programmes or other work recorded.'),
    h3('Significant events'),
    pack.custody.significantEvents.length
      ? {
          ul: pack.custody.significantEvents.map(
            (e) => `${d(e.date)}: ${e.type}${e.note ? ` (${e.note})` : ''}`,
          ),
        }
      : none('No significant events recorded.'),

    title('irmt'),
    pack.irmt.discussions.length
      ? pack.irmt.discussions.flatMap((x): Content[] => [
          h3(
            `Meeting of ${d(x.meetingDate)} (COM ${x.comInvited ? 'invited' : 'not invited'}, ${x.comAttended ? 'attended' : 'did not attend'})`,
          ),
          { text: x.discussion },
          ...(x.decisions.length ? [{ ul: x.decisions } as Content] : []),
        ])
      : [none('This prisoner has not been discussed at an IRMT meeting recorded in OMU Desk.')],
    h3('Open IRMT actions'),
    pack.irmt.openActions.length
      ? { ul: pack.irmt.openActions.map((a) => `${a.action} (${a.owner}, by ${d(a.dueOn)})`) }
      : none('No open IRMT actions.'),

    title('releasePlan'),
    ...(rp.exists
      ? [
          {
            text: `${rp.done} of ${rp.total} items done; ${rp.items.filter((i) => i.outstanding).length} outstanding, ${rp.items.filter((i) => i.overdue).length} overdue. Outstanding items are highlighted.`,
            margin: [0, 0, 0, 4],
          } as Content,
          ...rp.warnings.map((w): Content => ({ text: `Warning: ${w}`, bold: true, margin: [0, 0, 0, 4] })),
          table(
            ['Item', 'Owner', 'Due', 'Status and evidence'],
            rp.items.map((i) => {
              const fill = i.overdue ? '#f6d7d2' : i.outstanding ? '#fff2d3' : undefined;
              return [
                { text: i.item, fillColor: fill },
                { text: i.owner, fillColor: fill },
                { text: d(i.dueDate), fillColor: fill },
                {
                  text: `${i.status}${i.overdue ? ' (OVERDUE)' : i.outstanding ? ' (OUTSTANDING)' : ''}${i.completedOn ? `, ${d(i.completedOn)} by ${i.completedBy}` : ''}${i.evidence ? `\n${i.evidence}` : ''}`,
                  fillColor: fill,
                  bold: i.outstanding,
                },
              ];
            }),
            ['*', 70, 55, '*'],
          ),
        ]
      : [none('No release plan: no release date is recorded.')]),
    {
      text: `${MARKING}: for the community offender manager and those who need it to manage this case. Handle and store accordingly.`,
      style: 'small',
      margin: [0, 16, 0, 0],
    },
  ];
  return renderPdf(
    frame({
      title: 'Handover pack',
      concerns,
      producedBy: pack.producedBy,
      producedAt: new Date(pack.producedAt),
      content,
    }),
  );
}
