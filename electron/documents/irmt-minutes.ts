import type { Content } from 'pdfmake/interfaces';
import type { MinutesExtract } from '../domain/irmt/service';
import { formatLong, formatUk } from '../domain/shared/dates';
import { frame, MARKING, renderPdf } from './pdf';
import { encodedWord, formatMailbox } from '../domain/shared/email';

/** The minutes extract for one prisoner, for his COM and the police: that prisoner only, nothing about others. */
export async function irmtMinutesExtractPdf(
  x: MinutesExtract,
  opts: { producedBy: string; producedAt: Date },
): Promise<Buffer> {
  const concerns = `${x.prisoner.name} ${x.prisoner.prisonerNumber}`;
  const present = x.attendance.filter((a) => a.present);
  const content: Content = [
    { text: 'IRMT minutes extract', style: 'title' },
    { text: `${x.prisoner.name} · ${x.prisoner.prisonerNumber}`, style: 'subtitle' },
    {
      text: `Inter-departmental risk management team meeting on ${formatLong(x.meeting.meetingDate)} at ${x.meeting.startTime}, ${x.meeting.place}${x.meeting.chairName ? `; chair ${x.meeting.chairName}` : ''}.`,
    },
    {
      text: `POM: ${x.prisoner.pomName ?? 'unallocated'} · COM: ${x.prisoner.comName ?? 'not allocated'}${x.minutes ? ` · COM ${x.minutes.comInvited ? 'invited' : 'not invited'}, ${x.minutes.comAttended ? 'attended' : 'did not attend'}` : ''}`,
      margin: [0, 4, 0, 0],
    },
    { text: 'Departments present', style: 'h2' },
    {
      text: present.length
        ? present.map((a) => `${a.department}${a.attendee ? ` (${a.attendee})` : ''}`).join(', ')
        : 'Attendance not recorded.',
    },
    { text: 'Discussion', style: 'h2' },
    { text: x.minutes?.discussion ?? 'No discussion recorded for this prisoner.' },
    { text: 'Decisions', style: 'h2' },
    x.minutes?.decisions.length ? { ul: x.minutes.decisions } : { text: 'No decisions recorded.' },
    { text: 'Actions', style: 'h2' },
    x.actions.length
      ? {
          table: {
            headerRows: 1,
            widths: ['*', 'auto', 'auto', 'auto'],
            body: [
              ['Action', 'Owner', 'Due', 'Done'].map((t) => ({ text: t, style: 'tableHeader' })),
              ...x.actions.map((a) => [
                a.action,
                a.owner,
                formatUk(a.dueOn),
                a.completedOn ? formatUk(a.completedOn) : 'open',
              ]),
            ],
          },
          layout: 'lightHorizontalLines',
        }
      : { text: 'No actions agreed.' },
    {
      text: `This extract concerns ${x.prisoner.name} only. ${MARKING}: handle and store accordingly.`,
      style: 'small',
      margin: [0, 16, 0, 0],
    },
  ];
  return renderPdf(
    frame({
      title: 'IRMT minutes extract',
      concerns,
      producedBy: opts.producedBy,
      producedAt: opts.producedAt,
      content,
    }),
  );
}

/** An e-mail draft (.eml, opened by the normal mail client as unsent) with the extract attached. OMU Desk sends nothing itself. */
export function emlDraft(
  to: { name: string; email: string },
  subject: string,
  body: string,
  attachment: { fileName: string; bytes: Buffer },
  boundarySeed: string,
): string {
  const boundary = `omu-${boundarySeed}`;
  const b64 = attachment.bytes.toString('base64').replace(/.{1,76}/g, (l) => `${l}\r\n`);
  const header = (s: string) => (/^[\x20-\x7e]*$/.test(s) ? s : encodedWord(s));
  return [
    `To: ${formatMailbox(to.name, to.email)}`,
    `Subject: ${header(subject)}`,
    'X-Unsent: 1',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    body,
    '',
    `--${boundary}`,
    `Content-Type: application/pdf; name="${attachment.fileName}"`,
    `Content-Disposition: attachment; filename="${attachment.fileName}"`,
    'Content-Transfer-Encoding: base64',
    '',
    b64,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
