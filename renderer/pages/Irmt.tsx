import { useMay } from '../hooks/useMay';
import { NotOffered } from '../components/NotOffered';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { call, errorMessage } from '../api/client';
import type { OpInput, OpResult } from '../../shared/api';
import { downloadBase64, formatLong, formatUk, parseDate } from '../format';
import { useSession } from '../stores/session';
import { useUrlState } from '../hooks/useUrlState';
import { ErrorSummary } from '../components/ErrorSummary';
import { Feedback } from '../components/Feedback';
import { formPrefix, useView } from '../hooks/useView';
import { Field, type FormFields } from '../components/Field';
import { DEPARTMENTS } from '../../shared/irmt';
import { RISK_LABELS } from '../../shared/caseload';
import { usePageTitle } from '../hooks/usePageTitle';
import { Pagination } from '../components/Pagination';

type Agenda = OpResult<'irmt/agenda'>;
type Extract = OpResult<'irmt/extract'>;

const REASON_TEXT: Record<string, string> = {
  'rosh-high': 'RoSH high',
  'rosh-very-high': 'RoSH very high',
  'mappa-level-2': 'MAPPA level 2',
  'mappa-level-3': 'MAPPA level 3',
  'mappa-level-unset': 'MAPPA level not set',
  pprc: 'PPRC',
  hppm: 'Harassment',
  'open-action': 'Open actions',
  'new-arrival-public-protection': 'New arrival with a public protection status',
  'added-by-chair': 'Added by the chair',
};

export function IrmtPage() {
  usePageTitle('IRMT meetings');
  const { session, info } = useSession();
  const today = info?.today ?? '';
  // Arranging a meeting, its agenda and attendance: offered to those the commands allow (electron/api/may.ts).
  const canChair = useMay('irmt/create-meeting');
  // The meeting shown lives in the address, so Back from a prisoner on its agenda returns to it (issue 12, item 10);
  // else the service shows the first arranged on or after the next by the schedule, else that date. The agenda's page
  // too, so Back from a prisoner returns to the page he was on.
  const [view, setView] = useUrlState({ meeting: '', page: '1' });
  // One view, one answer (irmt/page): the meetings, the agenda and, once the meeting is arranged, its attendance and
  // the first prisoner's minutes, drawn once. Asked one after another and drawn as each arrived, the page took three
  // round trips and restyled its 200-row agenda as often (issue 18, item 6).
  const page = useView(
    () => call('irmt/page', view.meeting ? { meetingDate: view.meeting } : {}),
    [view.meeting],
  );
  // The choice of meeting stays on screen while another meeting's agenda is asked for.
  const meetings = page.latest;
  const date = view.meeting || (page.latest?.date ?? '');
  // Another meeting starts again at the first page of its agenda.
  const setDate = (d: string) => setView({ meeting: d, page: '1' });
  const agenda = page.data?.agenda ?? null;
  // The page of the agenda shown: a whole number from 1, the last when past it (a row removed can shorten it).
  const pages = Math.max(1, Math.ceil((agenda?.items.length ?? 0) / AGENDA_PAGE_SIZE));
  const pageNo = Math.min(pages, Math.max(1, Math.floor(Number(view.page)) || 1));
  const from = (pageNo - 1) * AGENDA_PAGE_SIZE;
  const rows = agenda?.items.slice(from, from + AGENDA_PAGE_SIZE) ?? [];
  // Moving to another page of the agenda puts focus on the line saying which rows are shown (the agenda is above the
  // pagination the user was at), as on Releases.
  const showing = useRef<HTMLParagraphElement>(null);
  const paged = useRef(false);
  useEffect(() => {
    if (paged.current && agenda) showing.current?.focus();
    paged.current = false;
  }, [pageNo, agenda]);
  const loadError = page.loadError;
  const fail: Fail = (at, message) => page.refuse(at, [{ field: '', message }]);

  // Each form's outcome is shown beside it (`at`, issue 12, item 9): `notice(at)` is put at the form; a form that goes
  // away once its change is made (arranging a meeting, removing a row) shows its notice where the result is (`doneAt`).
  const act: Act = async (at, fn, message, doneAt) => {
    await page.act(at, fn, message, { doneAt, fieldPrefix: formPrefix(at) });
  };
  const notice: Notice = (at) => <Feedback feedback={page.feedbackAt(at)} />;
  const meeting = agenda?.meeting ?? null;
  const drawn = useDrawnRows(rows.length, `${date} ${pageNo}`);
  // What is below the agenda (the chair's changes, attendance, minutes) follows with the rest of its rows.
  const below = drawn === Infinity;
  return (
    <>
      <div className="omu-page-heading">
        <h1 className="govuk-heading-l">IRMT meetings</h1>
        {date && (
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            data-testid="agenda-pdf"
            onClick={() =>
              call('irmt/agenda-pdf', { meetingDate: date })
                .then((f) => downloadBase64(f.fileName, f.base64, f.mimeType))
                .catch((e) => fail('pdf', errorMessage(e)))
            }
          >
            Print agenda (PDF)
          </button>
        )}
      </div>
      {notice('pdf')}
      {loadError && <ErrorSummary errors={[{ field: '', message: loadError }]} />}
      <div className="omu-filter-row">
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="meeting-date">
            Meeting
          </label>
          <select
            className="govuk-select"
            id="meeting-date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
          >
            {meetings?.schedule
              .filter((d) => !meetings.meetings.some((m) => m.meetingDate === d))
              .map((d) => (
                <option key={d} value={d}>
                  {formatUk(d)} (by the schedule, not yet arranged)
                </option>
              ))}
            {meetings?.meetings.map((m) => (
              <option key={m.id} value={m.meetingDate}>
                {formatUk(m.meetingDate)} {m.startTime}, {m.place}
              </option>
            ))}
          </select>
        </div>
      </div>
      {meetings && (
        <div data-testid="irmt-schedule">
          <h2 className="govuk-heading-s">Next meetings</h2>
          <ul className="govuk-list">
            {[
              ...meetings.meetings
                .filter((m) => m.meetingDate >= today)
                .map((m) => ({
                  d: m.meetingDate,
                  text: `${formatLong(m.meetingDate)}, ${m.startTime}, ${m.place}`,
                })),
              ...meetings.schedule
                .filter((d) => !meetings.meetings.some((m) => m.meetingDate === d))
                .map((d) => ({ d, text: `${formatLong(d)}: due by the schedule, not yet arranged` })),
            ]
              .sort((a, b) => (a.d < b.d ? -1 : 1))
              .map((x) => (
                <li key={x.d}>{x.text}</li>
              ))}
          </ul>
        </div>
      )}
      {agenda && !meeting && <NotOffered op="irmt/create-meeting" />}
      {agenda && !meeting && canChair && (
        <ArrangeMeetingForm
          key={date}
          date={date}
          fields={page.fields('arrange')}
          lastPlace={meetings?.meetings[0]?.place ?? ''}
          notice={notice('arrange')}
          onSubmit={(m) =>
            act(
              'arrange',
              async () => {
                await call('irmt/create-meeting', { ...m, chairId: session?.staff?.id ?? null });
                setDate(m.meetingDate);
              },
              `IRMT meeting arranged for ${formatUk(m.meetingDate)} at ${m.startTime}, ${m.place}.`,
              'agenda',
            )
          }
        />
      )}
      {agenda && (
        <>
          <div data-testid="agenda-heading">
            <h2 className="govuk-heading-m">
              Agenda for {formatLong(date)}
              {meeting
                ? `, ${meeting.startTime}, ${meeting.place}${meeting.chairName ? ` (chair ${meeting.chairName})` : ''}`
                : ''}
            </h2>
            {notice('agenda')}
            <p className="govuk-body">
              {agenda.items.length} prisoners. {agenda.basis}. Every high and very high RoSH case releasing in
              the window is here, whatever its MAPPA level.
            </p>
            {pages > 1 && (
              <p className="govuk-body-s" data-testid="agenda-showing" ref={showing} tabIndex={-1}>
                Showing {from + 1} to {from + rows.length} of {agenda.items.length} (page {pageNo} of {pages})
              </p>
            )}
          </div>
          <table className="govuk-table omu-fixed-table" data-testid="agenda">
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                {AGENDA_COLUMNS.map(([h, width]) => (
                  <th scope="col" className="govuk-table__header" key={h} style={{ width }}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {rows.slice(0, drawn).map((i) => (
                <tr
                  className="govuk-table__row"
                  key={i.prisonerNumber}
                  data-testid={`agenda-${i.prisonerNumber}`}
                >
                  <td className="govuk-table__cell omu-nowrap">
                    {i.earliestRelease ? `${formatUk(i.earliestRelease.date)} ${i.earliestRelease.name}` : ''}
                  </td>
                  <td className="govuk-table__cell">
                    <Link className="govuk-link" to={`/prisoners/${i.prisonerNumber}`}>
                      {i.name}
                    </Link>
                    <span className="omu-note omu-line">{i.prisonerNumber}</span>
                  </td>
                  <td className="govuk-table__cell">
                    {i.reasons.map((r) => (
                      <span className="omu-block" key={r}>
                        {REASON_TEXT[r]}
                      </span>
                    ))}
                    {i.chairReason && <span className="omu-note">{i.chairReason}</span>}
                  </td>
                  <td className="govuk-table__cell omu-lines">
                    {`RoSH: ${i.rosh ? RISK_LABELS[i.rosh] : 'not recorded'}`}
                    {i.mappaCategory ? `\nMAPPA ${i.mappaCategory}/${i.mappaLevel ?? 'level not set'}` : ''}
                  </td>
                  <td className="govuk-table__cell">
                    {i.publicProtection.map((x) => x.toUpperCase()).join(', ')}
                    {i.monitoring && <span className="omu-note omu-line">{i.monitoring}</span>}
                  </td>
                  <td className="govuk-table__cell omu-lines">
                    {`${i.pomName ?? 'Unallocated'}\n`}
                    {i.comName ?? <span className="omu-warning-text">No COM</span>}
                  </td>
                  <td className="govuk-table__cell">
                    {i.openActions.map((a, n) => (
                      <span className="omu-block omu-note" key={n}>
                        {a.action} ({a.owner}, {formatUk(a.dueOn)})
                      </span>
                    ))}
                    {notice(`action-${i.prisonerNumber}`)}
                    {meeting && (
                      <ActionForm
                        prisonerNumber={i.prisonerNumber}
                        fields={page.fields(`action-${i.prisonerNumber}`)}
                        onSubmit={(action) =>
                          act(
                            `action-${i.prisonerNumber}`,
                            () =>
                              call('irmt/add-action', {
                                meetingId: meeting.id,
                                prisonerNumber: i.prisonerNumber,
                                action,
                              }),
                            'Action recorded.',
                          )
                        }
                      />
                    )}
                    {notice(`remove-${i.prisonerNumber}`)}
                    {meeting && canChair && (
                      <RemoveForm
                        prisonerNumber={i.prisonerNumber}
                        fields={page.fields(`remove-${i.prisonerNumber}`)}
                        onSubmit={(reason) =>
                          act(
                            `remove-${i.prisonerNumber}`,
                            () =>
                              call('irmt/change-agenda', {
                                meetingId: meeting.id,
                                prisonerNumber: i.prisonerNumber,
                                change: 'remove',
                                reason,
                              }),
                            `${i.prisonerNumber} removed from the agenda.`,
                            'agenda-change',
                          )
                        }
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination
            page={pageNo}
            pages={pages}
            label="Pages of the agenda"
            onPage={() => (paged.current = true)}
          />
          {notice('agenda-change')}
          {below && (
            <>
              {agenda.removed.length > 0 && (
                <>
                  <h3 className="govuk-heading-s">Removed by the chair</h3>
                  <ul className="govuk-list govuk-list--bullet">
                    {agenda.removed.map((r) => (
                      <li key={r.prisonerNumber}>
                        {r.name} ({r.prisonerNumber}): {r.removedBecause}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {meeting && canChair && (
                <AddForm
                  fields={page.fields('agenda-change')}
                  onSubmit={(prisonerNumber, reason) =>
                    act(
                      'agenda-change',
                      () =>
                        call('irmt/change-agenda', {
                          meetingId: meeting.id,
                          prisonerNumber,
                          change: 'add',
                          reason,
                        }),
                      `${prisonerNumber} added to the agenda.`,
                    )
                  }
                />
              )}
              {meeting && page.data?.attendance && (
                <AttendanceForm
                  key={meeting.id}
                  saved={page.data.attendance}
                  meetingId={meeting.id}
                  canChair={canChair}
                  act={act}
                  notice={notice('attendance')}
                />
              )}
              {meeting && canChair && (
                <PoliceContact act={act} notice={notice('police')} fields={page.fields('police')} />
              )}
              {meeting && agenda.items.length > 0 && (
                <Minutes
                  meetingId={meeting.id}
                  first={page.data?.firstExtract ?? null}
                  today={today}
                  items={agenda.items}
                  act={act}
                  notice={notice}
                  fields={page.fields('minutes')}
                  onError={fail}
                />
              )}
            </>
          )}
        </>
      )}
    </>
  );
}

/**
 * The agenda's columns and their widths. The table's layout is fixed (`omu-fixed-table`): the widths are these, not
 * worked out from every cell of some 200 rows, and they stay the same while the rows after the first are drawn.
 */
const AGENDA_COLUMNS = [
  ['Release', '15%'],
  ['Prisoner', '19%'],
  ['Why', '14%'],
  ['Risk', '14%'],
  ['Public protection', '14%'],
  ['POM / COM', '13%'],
  ['Open actions', '11%'],
] as const;

/**
 * The agenda's rows on one page. A 1,500-prisoner unit's agenda holds some 150-230 prisoners; drawn whole it was some
 * 4,000 elements, which every restyle and layout of the page, and every check of it, went through (issue 18, items 6
 * and 7). It is paged as Releases is (the Design System's pagination); the count above it is of the whole agenda, the
 * minutes' choice of prisoner lists every one, and the printed agenda has them all.
 */
export const AGENDA_PAGE_SIZE = 50;

/** The agenda's rows drawn with the page (at 1366x768 some four are on the first screen); the rest of the page follow. */
export const AGENDA_FIRST_ROWS = 12;

/**
 * How many of the page's `count` rows to draw: the first AGENDA_FIRST_ROWS (more than a screen holds) with the page,
 * then, once they are painted, every row, and what is below the agenda (the chair's changes, attendance, minutes). The
 * top of the agenda shows at once and the rest a frame later (issue 18, item 6). Another meeting or page (`shown`)
 * starts again from the first rows; the same agenda asked again after a change keeps every row drawn, and so each
 * row's open form and what was typed in it.
 */
function useDrawnRows(count: number, shown: string): number {
  const [whole, setWhole] = useState<string | null>(null);
  const long = count > AGENDA_FIRST_ROWS;
  useEffect(() => {
    if (!long || whole === shown) return;
    // After the first rows are painted: a frame, then a task.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setWhole(shown))));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [long, whole, shown]);
  return long && whole !== shown ? AGENDA_FIRST_ROWS : Infinity;
}

/**
 * A row's disclosure ("Add action", "Remove"): a button that says whether it is expanded (`aria-expanded`) and draws
 * its form below it only while open: one element while closed. Not a `<details>` (four elements with its summary, and
 * its own shadow tree): two in every row of a 200-row agenda made the browser's restyle of the page about twice as
 * slow (issue 18, item 6). What was typed is kept while it is closed, since the form's state lives in its parent.
 */
function RowDisclosure({
  label,
  name,
  id,
  children,
}: {
  label: string;
  /** Its accessible name, which starts with its label and names the prisoner. */
  name: string;
  id: string;
  children: React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="omu-link-button omu-disclosure"
        aria-label={name}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        {label}
      </button>
      {open && <div id={id}>{children}</div>}
    </>
  );
}

/** "Add action" under each agenda row: the form is drawn only while its disclosure is open. */
function ActionForm({
  prisonerNumber,
  fields,
  onSubmit,
}: {
  prisonerNumber: string;
  fields: FormFields;
  onSubmit: (a: OpInput<'irmt/add-action'>['action']) => Promise<void>;
}) {
  const [action, setAction] = useState('');
  const [owner, setOwner] = useState('');
  const [due, setDue] = useState('');
  return (
    <RowDisclosure
      label="Add action"
      name={`Add action for ${prisonerNumber}`}
      id={`irmt-add-action-${prisonerNumber}`}
    >
      <form
        className="omu-disclosure__form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void onSubmit({ action, owner, dueOn: parseDate(due) ?? due });
        }}
      >
        <Field {...fields.field('action')} label="Action">
          <input
            {...fields.control('action', 'govuk-input')}
            value={action}
            onChange={(e) => setAction(e.target.value)}
          />
        </Field>
        <Field {...fields.field('owner')} label="Owner">
          <input
            {...fields.control('owner', 'govuk-input')}
            value={owner}
            onChange={(e) => setOwner(e.target.value)}
          />
        </Field>
        <Field {...fields.field('dueOn')} label="Due (DD/MM/YYYY)">
          <input
            {...fields.control('dueOn', 'govuk-input govuk-input--width-10')}
            value={due}
            onChange={(e) => setDue(e.target.value)}
          />
        </Field>
        <button type="submit" className="govuk-button govuk-!-margin-top-2 govuk-!-margin-bottom-0">
          Record action
        </button>
      </form>
    </RowDisclosure>
  );
}

function RemoveForm({
  prisonerNumber,
  fields,
  onSubmit,
}: {
  prisonerNumber: string;
  fields: FormFields;
  onSubmit: (reason: string) => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  return (
    <RowDisclosure label="Remove" name={`Remove ${prisonerNumber}`} id={`irmt-remove-${prisonerNumber}`}>
      <form
        className="omu-disclosure__form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void onSubmit(reason);
        }}
      >
        <Field {...fields.field('reason')} label="Reason (kept)">
          <input
            {...fields.control('reason', 'govuk-input')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </Field>
        <button
          type="submit"
          className="govuk-button govuk-button--warning govuk-!-margin-top-2 govuk-!-margin-bottom-0"
        >
          Remove from agenda
        </button>
      </form>
    </RowDisclosure>
  );
}

function AddForm({
  fields,
  onSubmit,
}: {
  fields: FormFields;
  onSubmit: (prisonerNumber: string, reason: string) => Promise<void>;
}) {
  const [number, setNumber] = useState('');
  const [reason, setReason] = useState('');
  return (
    <form
      noValidate
      className="omu-panel"
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit(number, reason);
      }}
    >
      <h3 className="govuk-heading-s">Add a prisoner to the agenda</h3>
      <div className="omu-filter-row">
        <Field {...fields.field('prisonerNumber')} label="Prisoner number">
          <input
            {...fields.control('prisonerNumber', 'govuk-input govuk-input--width-10')}
            value={number}
            onChange={(e) => setNumber(e.target.value)}
          />
        </Field>
        <Field {...fields.field('reason')} label="Reason (kept)">
          <input
            {...fields.control('reason', 'govuk-input govuk-input--width-30')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </Field>
      </div>
      <button type="submit" className="govuk-button govuk-button--secondary">
        Add to agenda
      </button>
    </form>
  );
}

/** A change made from a form: its outcome shown at `at` (or `doneAt` once made). */
type Act = (at: string, fn: () => Promise<unknown>, message: string, doneAt?: string) => Promise<void>;
/** The outcome shown at `at`, to put beside the form that has it. */
type Notice = (at: string) => React.ReactNode;
type Fail = (at: string, message: string) => void;

function AttendanceForm({
  saved,
  meetingId,
  canChair,
  act,
  notice,
}: {
  saved: OpResult<'irmt/attendance'>;
  meetingId: string;
  canChair: boolean;
  act: Act;
  notice: React.ReactNode;
}) {
  const [rows, setRows] = useState(() =>
    DEPARTMENTS.map((d) => {
      const r = saved.find((x) => x.department === d);
      return { department: d, attendee: r?.attendee ?? '', present: r?.present ?? false };
    }),
  );
  return (
    <form
      noValidate
      className="omu-panel"
      onSubmit={(e) => {
        e.preventDefault();
        void act(
          'attendance',
          () =>
            call('irmt/set-attendance', {
              meetingId,
              attendance: rows.map((r) => ({ ...r, attendee: r.attendee || null })),
            }),
          'Attendance saved.',
        );
      }}
    >
      <h2 className="govuk-heading-m">Attendance</h2>
      {notice}
      <table className="govuk-table" data-testid="attendance">
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Department
            </th>
            <th scope="col" className="govuk-table__header">
              Name
            </th>
            <th scope="col" className="govuk-table__header">
              Present
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((r, i) => (
            <tr className="govuk-table__row" key={r.department}>
              <th scope="row" className="govuk-table__header">
                {r.department}
              </th>
              <td className="govuk-table__cell">
                <label className="govuk-visually-hidden" htmlFor={`att-name-${i}`}>
                  {r.department} attendee
                </label>
                <input
                  className="govuk-input"
                  id={`att-name-${i}`}
                  value={r.attendee}
                  onChange={(e) =>
                    setRows(rows.map((x, j) => (j === i ? { ...x, attendee: e.target.value } : x)))
                  }
                />
              </td>
              <td className="govuk-table__cell">
                <div className="govuk-checkboxes govuk-checkboxes--small">
                  <div className="govuk-checkboxes__item">
                    <input
                      className="govuk-checkboxes__input"
                      id={`att-present-${i}`}
                      type="checkbox"
                      checked={r.present}
                      onChange={(e) =>
                        setRows(rows.map((x, j) => (j === i ? { ...x, present: e.target.checked } : x)))
                      }
                    />
                    <label className="govuk-label govuk-checkboxes__label" htmlFor={`att-present-${i}`}>
                      <span className="govuk-visually-hidden">{r.department} </span>present
                    </label>
                  </div>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {canChair && (
        <button type="submit" className="govuk-button">
          Save attendance
        </button>
      )}
    </form>
  );
}

function Minutes({
  meetingId,
  first,
  today,
  items,
  act,
  notice,
  fields,
  onError,
}: {
  meetingId: string;
  /** The first prisoner's minutes, asked with the agenda: shown at once instead of after a second request. */
  first: Extract | null;
  today: string;
  items: Agenda['items'];
  act: Act;
  notice: Notice;
  fields: FormFields;
  onError: Fail;
}) {
  const [prisonerNumber, setPrisonerNumber] = useState(items[0]!.prisonerNumber);
  // The first prisoner's minutes came with the page (and come again with it after each change made on it): asked again
  // here, their answer drew the section, and so restyled and laid out the whole agenda, a second time (issue 18, item 6).
  const view = useView(
    () =>
      first && first.meeting.id === meetingId && first.prisoner.prisonerNumber === prisonerNumber
        ? Promise.resolve(first)
        : call('irmt/extract', { meetingId, prisonerNumber }),
    [meetingId, prisonerNumber, first],
  );
  const extract = view.data ?? (first?.prisoner.prisonerNumber === prisonerNumber ? first : null);
  async function exportFiles() {
    try {
      const files = await call('irmt/extract-files', { meetingId, prisonerNumber });
      downloadBase64(files.pdf.fileName, files.pdf.base64, files.pdf.mimeType);
      for (const d of files.drafts) downloadBase64(d.fileName, d.base64, d.mimeType);
    } catch (e) {
      onError('extract', errorMessage(e));
    }
  }
  return (
    <section className="omu-panel" aria-labelledby="minutes-title">
      <h2 className="govuk-heading-m" id="minutes-title">
        Minutes
      </h2>
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor="minutes-prisoner">
          Prisoner
        </label>
        <select
          className="govuk-select"
          id="minutes-prisoner"
          value={prisonerNumber}
          onChange={(e) => setPrisonerNumber(e.target.value)}
        >
          {items.map((i) => (
            <option key={i.prisonerNumber} value={i.prisonerNumber}>
              {i.name} ({i.prisonerNumber})
            </option>
          ))}
        </select>
      </div>
      {view.loadError && <p className="govuk-error-message">{view.loadError}</p>}
      {/* The form starts from the minutes saved for this prisoner, and again once they are saved. */}
      {extract && (
        <MinutesForm
          key={`${prisonerNumber} ${JSON.stringify(extract.minutes)}`}
          meetingId={meetingId}
          prisonerNumber={prisonerNumber}
          minutes={extract.minutes}
          act={act}
          fields={fields}
          notice={notice('minutes')}
          onSaved={view.reload}
        />
      )}
      {extract && (
        <>
          <h3 className="govuk-heading-s">For the community</h3>
          <p className="govuk-body">
            The extract for {extract.prisoner.name} holds this prisoner only. Distribution:{' '}
            {extract.recipients.length
              ? extract.recipients.map((r) => `${r.recipient} (${r.name}, ${r.email})`).join('; ')
              : 'no COM e-mail or police contact recorded'}
            .
          </p>
          {notice('extract')}
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            data-testid="export-extract"
            onClick={exportFiles}
          >
            Export extract and e-mail drafts
          </button>
          {notice('sent')}
          <ul className="govuk-list" data-testid="sent">
            {extract.recipients.map((r) => {
              const sent = extract.sent.find((x) => x.email === r.email);
              return (
                <li key={r.email}>
                  {r.recipient}:{' '}
                  {sent ? (
                    `sent ${formatUk(sent.sentOn)}`
                  ) : (
                    <button
                      type="button"
                      className="omu-link-button govuk-link"
                      onClick={() =>
                        act(
                          'sent',
                          async () => {
                            await call('irmt/mark-sent', {
                              meetingId,
                              prisonerNumber,
                              recipient: r.recipient,
                              email: r.email,
                              sentOn: today,
                            });
                            await view.reload();
                          },
                          `Recorded as sent to ${r.recipient}.`,
                        )
                      }
                    >
                      Record as sent today<span className="govuk-visually-hidden"> to {r.recipient}</span>
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

function MinutesForm({
  meetingId,
  prisonerNumber,
  minutes,
  act,
  fields,
  notice,
  onSaved,
}: {
  meetingId: string;
  prisonerNumber: string;
  minutes: OpResult<'irmt/extract'>['minutes'];
  act: Act;
  fields: FormFields;
  notice: React.ReactNode;
  onSaved: () => Promise<void>;
}) {
  const [discussion, setDiscussion] = useState(minutes?.discussion ?? '');
  const [decisions, setDecisions] = useState(minutes?.decisions.join('\n') ?? '');
  const [comInvited, setComInvited] = useState(minutes?.comInvited ?? false);
  const [comAttended, setComAttended] = useState(minutes?.comAttended ?? false);
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void act(
          'minutes',
          async () => {
            await call('irmt/record-minutes', {
              meetingId,
              prisonerNumber,
              minutes: {
                discussion,
                decisions: decisions
                  .split('\n')
                  .map((d) => d.trim())
                  .filter(Boolean),
                comInvited,
                comAttended,
              },
            });
            await onSaved();
          },
          `Minutes for ${prisonerNumber} saved.`,
        );
      }}
    >
      {notice}
      <Field {...fields.field('discussion')} label="Discussion summary">
        <textarea
          {...fields.control('discussion', 'govuk-textarea')}
          rows={4}
          value={discussion}
          onChange={(e) => setDiscussion(e.target.value)}
        />
      </Field>
      <Field
        {...fields.field('decisions')}
        label="Decisions, one per line"
        hint="For example, refer for MAPPA level 2; continue monitoring"
      >
        <textarea
          {...fields.control('decisions', 'govuk-textarea', { hint: true })}
          rows={3}
          value={decisions}
          onChange={(e) => setDecisions(e.target.value)}
        />
      </Field>
      <div className="govuk-checkboxes govuk-checkboxes--small govuk-!-margin-bottom-4">
        <div className="govuk-checkboxes__item">
          <input
            className="govuk-checkboxes__input"
            id="com-invited"
            type="checkbox"
            checked={comInvited}
            onChange={(e) => setComInvited(e.target.checked)}
          />
          <label className="govuk-label govuk-checkboxes__label" htmlFor="com-invited">
            COM invited
          </label>
        </div>
        <div className="govuk-checkboxes__item">
          <input
            className="govuk-checkboxes__input"
            id="com-attended"
            type="checkbox"
            checked={comAttended}
            onChange={(e) => setComAttended(e.target.checked)}
          />
          <label className="govuk-label govuk-checkboxes__label" htmlFor="com-attended">
            COM attended
          </label>
        </div>
      </div>
      <button type="submit" className="govuk-button">
        Save minutes
      </button>
    </form>
  );
}

function PoliceContact({ act, notice, fields }: { act: Act; notice: React.ReactNode; fields: FormFields }) {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Police contact who receives minutes extracts</span>
      </summary>
      <form
        className="govuk-details__text"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void act('police', () => call('irmt/set-police-contact', { name, email }), 'Police contact saved.');
        }}
      >
        {notice}
        <Field {...fields.field('name')} label="Name or team">
          <input
            {...fields.control('name', 'govuk-input govuk-input--width-20')}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field {...fields.field('email')} label="Email">
          <input
            {...fields.control('email', 'govuk-input govuk-input--width-20')}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <button type="submit" className="govuk-button govuk-button--secondary">
          Save police contact
        </button>
      </form>
    </details>
  );
}

/** The chair sets the meeting's date, time and place (issue 12, item 14); the date offered is the one chosen above. */
function ArrangeMeetingForm({
  date,
  fields,
  lastPlace,
  notice,
  onSubmit,
}: {
  date: string;
  fields: FormFields;
  lastPlace: string;
  notice: React.ReactNode;
  onSubmit: (m: { meetingDate: string; startTime: string; place: string }) => Promise<unknown>;
}) {
  const [on, setOn] = useState(formatUk(date));
  const [time, setTime] = useState('10:00');
  const [place, setPlace] = useState(lastPlace);
  return (
    <form
      noValidate
      className="omu-panel"
      data-testid="arrange-meeting"
      onSubmit={async (e) => {
        e.preventDefault();
        await onSubmit({ meetingDate: parseDate(on) ?? on, startTime: time, place });
      }}
    >
      <h2 className="govuk-heading-s">Arrange this meeting</h2>
      {notice}
      <div className="omu-filter-row">
        <Field {...fields.field('meetingDate')} label="Meeting date" hint="For example, 01/12/2026">
          <input
            {...fields.control('meetingDate', 'govuk-input govuk-input--width-10', { hint: true })}
            value={on}
            onChange={(e) => setOn(e.target.value)}
          />
        </Field>
        <Field {...fields.field('startTime')} label="Time" hint="24-hour, for example 14:30">
          <input
            {...fields.control('startTime', 'govuk-input govuk-input--width-5', { hint: true })}
            value={time}
            onChange={(e) => setTime(e.target.value)}
          />
        </Field>
        <Field {...fields.field('place')} label="Place" hint="The room">
          <input
            {...fields.control('place', 'govuk-input govuk-input--width-20', { hint: true })}
            value={place}
            onChange={(e) => setPlace(e.target.value)}
          />
        </Field>
      </div>
      <button type="submit" className="govuk-button">
        Arrange meeting
      </button>
    </form>
  );
}
