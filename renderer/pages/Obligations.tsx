import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { call } from '../api/client';
import {
  ASSESSMENT_LABELS,
  ASSESSMENT_TYPES,
  EVENT_LABELS,
  EVENT_TYPES,
  type AssessmentType,
  type EventType,
} from '../../shared/oasys';
import { formatUk, parseDate } from '../format';
import type { FieldError } from '../components/ErrorSummary';
import { Field } from '../components/Field';
import { Feedback } from '../components/Feedback';
import { useView } from '../hooks/useView';
import { PrisonerHeader, PrisonerTabs } from './Prisoner';
import { usePageTitle } from '../hooks/usePageTitle';

const RESPONSIBILITY: Record<string, string> = {
  pom: 'POM responsible',
  'pom-with-com': 'POM responsible, COM supporting',
  com: 'COM responsible, POM supporting',
};
const STATUS_TAG: Record<string, string> = {
  overdue: 'govuk-tag--red',
  'due-soon': 'govuk-tag--orange',
  upcoming: 'govuk-tag--blue',
};

export function ObligationsPage() {
  const { prisonerNumber } = useParams();
  usePageTitle('Obligations', prisonerNumber);
  const page = useView(async () => {
    const [p, o] = await Promise.all([
      call('caseload/get-prisoner', { prisonerNumber: prisonerNumber ?? '' }),
      call('due/prisoner-obligations', { prisonerNumber: prisonerNumber ?? '' }),
    ]);
    return { p, o };
  }, [prisonerNumber]);
  if (!page.data) return <p className="govuk-body">{page.loadError ?? 'Loading…'}</p>;
  const { p, o } = page.data;
  const h = o.handover;
  // The handover type and checklist save as they change: each outcome is shown beside its control (issue 12, item 9),
  // focus staying on the control (the next box is still to tick).
  const act = (at: string, fn: () => Promise<unknown>, message: string) => page.act(at, fn, message);
  const notice = (at: string) => <Feedback feedback={page.feedbackAt(at)} keepFocus />;

  const timeline = [
    ...o.assessments.map((a) => ({
      date: a.completedOn,
      key: `a-${a.id}`,
      title: `${ASSESSMENT_LABELS[a.type]} OASys completed`,
      detail: `Layer ${a.layer}, by ${a.completedBy}. Recorded by ${a.recordedBy}.`,
    })),
    ...o.events.map((e) => ({
      date: e.date,
      key: `e-${e.id}`,
      title: `Significant event: ${EVENT_LABELS[e.type].toLowerCase()}`,
      detail: `Recorded by ${e.recordedBy}.`,
    })),
  ].sort((a, b) => (a.date < b.date ? 1 : -1));

  return (
    <>
      <Link to="/caseload" className="govuk-back-link">
        Back to caseload
      </Link>
      <PrisonerHeader p={p} />
      <PrisonerTabs number={p.prisonerNumber} />

      <h2 className="govuk-heading-m">Handover to the community</h2>
      <dl className="govuk-summary-list" data-testid="handover">
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Today</dt>
          <dd className="govuk-summary-list__value" data-testid="handover-responsibility">
            {RESPONSIBILITY[h.responsibility]}
            {/* The rule's answer, as Manage POM Cases gives it, with no COM named: said plainly beside it. */}
            {h.responsibility !== 'pom' && !h.comAllocated && (
              <span className="omu-warning-text">, but no COM is allocated yet</span>
            )}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">COM</dt>
          <dd className="govuk-summary-list__value" data-testid="handover-com">
            {h.comAllocated ? (
              [p.comName, p.comEmail].filter(Boolean).join(', ')
            ) : (
              <span className="omu-warning-text">No COM allocated</span>
            )}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Handover date</dt>
          <dd className="govuk-summary-list__value" data-testid="handover-date">
            {h.handoverDate ? formatUk(h.handoverDate) : 'None'}
          </dd>
        </div>
        {h.startDate && h.startDate !== h.handoverDate && (
          <div className="govuk-summary-list__row">
            <dt className="govuk-summary-list__key">COM supporting from</dt>
            <dd className="govuk-summary-list__value">{formatUk(h.startDate)}</dd>
          </div>
        )}
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Why</dt>
          <dd className="govuk-summary-list__value" data-testid="handover-basis">
            {h.basis.sentence}
          </dd>
        </div>
        <div className="govuk-summary-list__row">
          <dt className="govuk-summary-list__key">Handover type</dt>
          <dd className="govuk-summary-list__value">
            <label className="govuk-visually-hidden" htmlFor="handover-type">
              Handover type
            </label>
            <select
              className="govuk-select"
              id="handover-type"
              value={h.typeSetByHand ? h.type : ''}
              onChange={(e) =>
                act(
                  'handover-type',
                  () =>
                    call('handover/set-type', {
                      prisonerNumber: p.prisonerNumber,
                      type: (e.target.value || null) as 'standard' | 'enhanced' | null,
                    }),
                  'Handover type changed.',
                )
              }
            >
              <option value="">Automatic ({h.type}, by RoSH)</option>
              <option value="standard">Standard</option>
              <option value="enhanced">Enhanced</option>
            </select>
          </dd>
        </div>
      </dl>
      {notice('handover-type')}
      <fieldset className="govuk-fieldset govuk-!-margin-bottom-6">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
          Handover checklist ({h.type})
        </legend>
        <div className="govuk-checkboxes govuk-checkboxes--small">
          {h.checklist.map((c) => (
            <div className="govuk-checkboxes__item" key={c.key}>
              <input
                className="govuk-checkboxes__input"
                id={`task-${c.key}`}
                type="checkbox"
                checked={!!c.completedOn}
                onChange={(e) =>
                  act(
                    'checklist',
                    () =>
                      call('handover/set-task', {
                        prisonerNumber: p.prisonerNumber,
                        itemKey: c.key as never,
                        done: e.target.checked,
                      }),
                    `${c.label}: ${e.target.checked ? 'done' : 'not done'}.`,
                  )
                }
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={`task-${c.key}`}>
                {c.label}
                {c.completedOn && (
                  <span className="omu-note">
                    {' '}
                    — done {formatUk(c.completedOn)} by {c.completedBy}
                  </span>
                )}
              </label>
            </div>
          ))}
        </div>
        {notice('checklist')}
      </fieldset>

      <h2 className="govuk-heading-m">Obligations</h2>
      <table className="govuk-table" data-testid="obligations">
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Due
            </th>
            <th scope="col" className="govuk-table__header">
              What
            </th>
            <th scope="col" className="govuk-table__header">
              Why
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {o.items.map((i) => (
            <tr className="govuk-table__row" key={i.id}>
              <td className="govuk-table__cell omu-nowrap">
                {formatUk(i.dueDate)}{' '}
                <strong className={`govuk-tag ${STATUS_TAG[i.status]}`}>{i.status.replace('-', ' ')}</strong>
              </td>
              <td className="govuk-table__cell">{i.title}</td>
              <td className="govuk-table__cell omu-basis">{i.basis.sentence}</td>
            </tr>
          ))}
          {!o.items.length && (
            <tr className="govuk-table__row">
              <td className="govuk-table__cell" colSpan={3}>
                Nothing due.
              </td>
            </tr>
          )}
        </tbody>
      </table>

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <AssessmentForm prisonerNumber={p.prisonerNumber} view={page} />
          <EventForm prisonerNumber={p.prisonerNumber} view={page} />
        </div>
        <div className="govuk-grid-column-one-half">
          <h2 className="govuk-heading-m">OASys timeline</h2>
          <div className="moj-timeline" data-testid="oasys-timeline">
            {timeline.map((t) => (
              <div className="moj-timeline__item" key={t.key}>
                <div className="moj-timeline__header">
                  <h3 className="moj-timeline__title">{t.title}</h3>
                </div>
                <p className="moj-timeline__date">
                  <time dateTime={t.date}>{formatUk(t.date)}</time>
                </p>
                <div className="moj-timeline__description">
                  <p className="govuk-body-s">{t.detail}</p>
                </div>
              </div>
            ))}
            {!timeline.length && (
              <p className="govuk-body">No OASys assessments or significant events recorded.</p>
            )}
          </div>
        </div>
      </div>
    </>
  );
}

/** What a form below needs of the page's view: its changes and their feedback. */
type View = Pick<ReturnType<typeof useView<unknown>>, 'attempt' | 'refuse' | 'feedbackAt'>;

/** A form's problems: shown in its summary (linking to each field) and beside the field (GOV.UK error message pattern). */
const formErrors = (view: View, at: string) => view.feedbackAt(at)?.errors ?? [];
const errorFor = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

function AssessmentForm({ prisonerNumber, view }: { prisonerNumber: string; view: View }) {
  const [type, setType] = useState<AssessmentType>('review');
  const [completed, setCompleted] = useState('');
  const [layer, setLayer] = useState<'1' | '3'>('3');
  const [by, setBy] = useState<'prison' | 'probation'>('prison');
  const errors = formErrors(view, 'oasys');
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const completedOn = parseDate(completed);
    if (!completedOn) {
      view.refuse('oasys', [
        { field: 'oasys-completedOn', message: 'Completed on must be a real date, like 20/11/2026' },
      ]);
      return;
    }
    const made = await view.attempt(
      'oasys',
      () =>
        call('oasys/add-assessment', {
          prisonerNumber,
          assessment: { type, completedOn, layer: layer === '1' ? 1 : 3, completedBy: by },
        }),
      `${ASSESSMENT_LABELS[type]} OASys completed ${formatUk(completedOn)} recorded.`,
      { fieldPrefix: 'oasys-' },
    );
    if (made) setCompleted('');
  }
  return (
    <form onSubmit={submit} noValidate className="omu-panel">
      <h2 className="govuk-heading-s">Record an OASys assessment</h2>
      <Feedback feedback={view.feedbackAt('oasys')} />
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="oasys-type">
          Type
        </label>
        <select
          className="govuk-select"
          id="oasys-type"
          value={type}
          onChange={(e) => setType(e.target.value as AssessmentType)}
        >
          {ASSESSMENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {ASSESSMENT_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
      <Field
        id="field-oasys-completedOn"
        label="Completed on"
        hint="For example, 20/11/2026"
        error={errorFor(errors, 'oasys-completedOn')}
      >
        <input
          className={`govuk-input govuk-input--width-10${errorFor(errors, 'oasys-completedOn') ? ' govuk-input--error' : ''}`}
          id="field-oasys-completedOn"
          aria-describedby={`field-oasys-completedOn-hint${errorFor(errors, 'oasys-completedOn') ? ' field-oasys-completedOn-error' : ''}`}
          value={completed}
          onChange={(e) => setCompleted(e.target.value)}
        />
      </Field>
      <div className="omu-filter-row">
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="oasys-layer">
            Layer
          </label>
          <select
            className="govuk-select"
            id="oasys-layer"
            value={layer}
            onChange={(e) => setLayer(e.target.value as '1' | '3')}
          >
            <option value="1">1</option>
            <option value="3">3</option>
          </select>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="oasys-by">
            Completed by
          </label>
          <select
            className="govuk-select"
            id="oasys-by"
            value={by}
            onChange={(e) => setBy(e.target.value as 'prison' | 'probation')}
          >
            <option value="prison">Prison</option>
            <option value="probation">Probation</option>
          </select>
        </div>
      </div>
      <button type="submit" className="govuk-button" data-testid="record-oasys">
        Record assessment
      </button>
    </form>
  );
}

function EventForm({ prisonerNumber, view }: { prisonerNumber: string; view: View }) {
  const [type, setType] = useState<EventType>('transfer-in');
  const [date, setDate] = useState('');
  const errors = formErrors(view, 'event');
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const iso = parseDate(date);
    if (!iso) {
      view.refuse('event', [{ field: 'event-date', message: 'Date must be a real date, like 20/11/2026' }]);
      return;
    }
    const made = await view.attempt(
      'event',
      () => call('oasys/add-event', { prisonerNumber, event: { type, date: iso } }),
      'Significant event recorded: an OASys review is now due.',
      { fieldPrefix: 'event-' },
    );
    if (made) setDate('');
  }
  return (
    <form onSubmit={submit} noValidate className="omu-panel">
      <h2 className="govuk-heading-s">Record a significant event</h2>
      <Feedback feedback={view.feedbackAt('event')} />
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor="event-type">
          Event
        </label>
        <select
          className="govuk-select"
          id="event-type"
          value={type}
          onChange={(e) => setType(e.target.value as EventType)}
        >
          {EVENT_TYPES.map((t) => (
            <option key={t} value={t}>
              {EVENT_LABELS[t]}
            </option>
          ))}
        </select>
      </div>
      <Field id="field-event-date" label="Date" error={errorFor(errors, 'event-date')}>
        <input
          className={`govuk-input govuk-input--width-10${errorFor(errors, 'event-date') ? ' govuk-input--error' : ''}`}
          id="field-event-date"
          aria-describedby={errorFor(errors, 'event-date') ? 'field-event-date-error' : undefined}
          value={date}
          onChange={(e) => setDate(e.target.value)}
        />
      </Field>
      <button type="submit" className="govuk-button govuk-button--secondary">
        Record event
      </button>
    </form>
  );
}
