import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { call } from '../api/client';
import type { OpInput, OpResult } from '../../shared/api';
import { formatUk, parseDate } from '../format';
import { monitoringWords } from '../../shared/public-protection';
import { useMay } from '../hooks/useMay';
import { NotOffered } from '../components/NotOffered';
import { useSession } from '../stores/session';
import { Feedback } from '../components/Feedback';
import { formPrefix, useView } from '../hooks/useView';
import { PrisonerHeader, PrisonerTabs } from './Prisoner';
import { Field, type FormFields } from '../components/Field';
import { usePageTitle } from '../hooks/usePageTitle';

type View = OpResult<'public-protection/show'>;
const TYPE_LABEL: Record<string, string> = { pprc: 'PPRC (risk to children)', hppm: 'Harassment (HPPM)' };
const CONTACT_LEVELS: Record<number, string> = {
  1: 'level 1: no contact',
  2: 'level 2: written only',
  3: 'level 3: monitored written and phone',
  4: 'level 4: no restriction',
};
type Application = View['applications'][number];
type StatusInput = OpInput<'public-protection/add-status'>['status'];
type Grounds = Required<OpInput<'public-protection/classify-grounds'>['grounds']>;
type AuthorisationInput = OpInput<'public-protection/authorise-monitoring'>['authorisation'];
type ReviewInput = OpInput<'public-protection/review-monitoring'>['review'];
type PersonInput = OpInput<'public-protection/add-protected-person'>['person'];
type ApplicationInput = OpInput<'public-protection/add-application'>['application'];

export function PublicProtectionPage() {
  const { prisonerNumber } = useParams();
  usePageTitle('Public protection', prisonerNumber);
  const { info } = useSession();
  // Each action offered only to those its command allows (electron/api/may.ts); the others read why.
  const mayAuthorise = useMay('public-protection/authorise-monitoring');
  const mayConfirm = useMay('public-protection/confirm-status');
  const mayClassify = useMay('public-protection/classify-grounds');
  const mayReview = useMay('public-protection/review-monitoring');
  const mayDecideNotToMonitor = useMay('public-protection/decide-not-to-monitor');
  const today = info?.today ?? '';
  const page = useView(async () => {
    const number = prisonerNumber ?? '';
    const [p, view, due] = await Promise.all([
      call('caseload/get-prisoner', { prisonerNumber: number }),
      call('public-protection/show', { prisonerNumber: number }),
      call('due/list', {
        prisonerNumber: number,
        kinds: ['pp-assessment', 'pp-grounds-to-classify', 'monitoring-review', 'monitoring-decision'],
      }),
    ]);
    return { p, view, due };
  }, [prisonerNumber]);
  // Each form's outcome is shown beside it (`at`), not at the top of a long page (issue 12, item 9).
  const act = (at: string, fn: () => Promise<unknown>, message: string): Promise<boolean> =>
    page.attempt(at, fn, message, { fieldPrefix: formPrefix(at) });
  const notice = (at: string) => <Feedback feedback={page.feedbackAt(at)} />;
  if (!page.data) return <p className="govuk-body">{page.loadError ?? 'Loading…'}</p>;
  const { p, view, due } = page.data;
  const active = view.authorisations.filter((a) => !a.stoppedOn);

  return (
    <>
      <Link to="/caseload" className="govuk-back-link">
        Back to caseload
      </Link>
      <PrisonerHeader p={p} />
      <PrisonerTabs number={p.prisonerNumber} />

      {due.length > 0 && (
        <div className="govuk-warning-text" data-testid="pp-due">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {due.map((d) => (
              <span key={d.kind + d.dueDate} className="omu-block">
                {d.title}: due {formatUk(d.dueDate)}
                {d.status === 'overdue' ? ' (overdue)' : ''}.{' '}
                <span className="omu-basis">{d.basis.sentence}</span>
              </span>
            ))}
          </strong>
        </div>
      )}

      <h2 className="govuk-heading-m">Public protection status</h2>
      {view.statuses.length === 0 ? (
        <p className="govuk-body">No public protection status recorded.</p>
      ) : (
        <table className="govuk-table" data-testid="pp-statuses">
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Type
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
              <th scope="col" className="govuk-table__header">
                Identified
              </th>
              <th scope="col" className="govuk-table__header">
                Grounds
              </th>
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {view.statuses.map((s) => (
              <tr className="govuk-table__row" key={s.id}>
                <td className="govuk-table__cell">{TYPE_LABEL[s.type]}</td>
                <td className="govuk-table__cell">
                  <strong
                    className={`govuk-tag ${s.status === 'confirmed' ? 'govuk-tag--red' : 'govuk-tag--yellow'}`}
                  >
                    {s.status}
                  </strong>
                  {s.confirmedOn && (
                    <>
                      <br />
                      <span className="omu-note">confirmed {formatUk(s.confirmedOn)}</span>
                    </>
                  )}
                </td>
                <td className="govuk-table__cell">{formatUk(s.identifiedOn)}</td>
                <td className="govuk-table__cell">
                  {s.groundsToClassify ? (
                    <strong className="govuk-tag govuk-tag--orange">Grounds to classify</strong>
                  ) : (
                    [
                      s.grounds.currentOffence && 'current offence',
                      s.grounds.previousConvictions && 'previous convictions',
                      s.grounds.widerInformation && 'wider information',
                    ]
                      .filter(Boolean)
                      .join(', ')
                  )}
                  {s.summary && (
                    <>
                      <br />
                      <span className="omu-note">{s.summary}</span>
                    </>
                  )}
                  {notice(`classify-${s.id}`)}
                  {s.groundsToClassify && mayClassify && (
                    <ClassifyGroundsForm
                      fields={page.fields(`classify-${s.id}`)}
                      onSubmit={(grounds) =>
                        act(
                          `classify-${s.id}`,
                          () => call('public-protection/classify-grounds', { statusId: s.id, grounds }),
                          'Grounds classified.',
                        )
                      }
                    />
                  )}
                </td>
                <td className="govuk-table__cell">
                  {notice(`confirm-${s.id}`)}
                  {s.status === 'potential' && mayConfirm && (
                    <button
                      type="button"
                      className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                      onClick={() =>
                        act(
                          `confirm-${s.id}`,
                          () =>
                            call('public-protection/confirm-status', { statusId: s.id, confirmedOn: today }),
                          `${TYPE_LABEL[s.type]} confirmed.`,
                        )
                      }
                    >
                      Confirm as assessed today
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view.statuses.some((s) => s.status === 'potential') && (
        <NotOffered op="public-protection/confirm-status" />
      )}
      {view.statuses.some((s) => s.groundsToClassify) && (
        <NotOffered op="public-protection/classify-grounds" />
      )}
      {view.statuses.some((s) => s.type === 'pprc' && s.status === 'potential') && (
        <p className="govuk-inset-text">Until assessed: no contact with any child (interim position).</p>
      )}
      {notice('status')}
      <StatusForm
        fields={page.fields('status')}
        onSubmit={(status) =>
          act(
            'status',
            () => call('public-protection/add-status', { prisonerNumber: p.prisonerNumber, status }),
            'Public protection status recorded.',
          )
        }
      />
      {view.statuses.length > 0 && (
        <>
          <h3 className="govuk-heading-s">People protected and contact restrictions</h3>
          {view.statuses.every((s) => s.people.length === 0) ? (
            <p className="govuk-body">No people protected recorded.</p>
          ) : (
            <ul className="govuk-list govuk-list--bullet" data-testid="pp-people">
              {view.statuses.flatMap((s) =>
                s.people.map((x) => (
                  <li key={x.id}>
                    {x.name}
                    {x.age !== null ? `, ${x.age}` : ''} ({x.relationship}, {x.kind})
                    {x.kind === 'child'
                      ? ` — ${x.contactLevel ? CONTACT_LEVELS[x.contactLevel] : s.status === 'potential' ? 'no contact until assessed' : 'level not yet set'}`
                      : ''}
                  </li>
                )),
              )}
            </ul>
          )}
          {notice('person')}
          <PersonForm
            statuses={view.statuses}
            fields={page.fields('person')}
            onSubmit={(statusId, person) =>
              act(
                'person',
                () => call('public-protection/add-protected-person', { statusId, person }),
                'Person protected recorded.',
              )
            }
          />
        </>
      )}

      <h2 className="govuk-heading-m">Child contact applications</h2>
      {view.applications.length === 0 && (
        <p className="govuk-body">No child contact applications recorded.</p>
      )}
      {view.applications.map((a) => (
        <div key={a.id}>
          {notice(`application-${a.id}`)}
          <ApplicationForm
            initial={a}
            fields={page.fields(`application-${a.id}`)}
            onSubmit={(application) =>
              act(
                `application-${a.id}`,
                () => call('public-protection/update-application', { applicationId: a.id, application }),
                'Child contact application updated.',
              )
            }
          />
        </div>
      ))}
      <details className="govuk-details">
        <summary className="govuk-details__summary">
          <span className="govuk-details__summary-text">Record a child contact application</span>
        </summary>
        <div className="govuk-details__text">
          {notice('application')}
          <ApplicationForm
            initial={null}
            fields={page.fields('application')}
            onSubmit={(application) =>
              act(
                'application',
                () =>
                  call('public-protection/add-application', {
                    prisonerNumber: p.prisonerNumber,
                    application,
                  }),
                'Child contact application recorded.',
              )
            }
          />
        </div>
      </details>

      <h2 className="govuk-heading-m">Mail and phone monitoring</h2>
      {view.authorisations.length === 0 && <p className="govuk-body">No monitoring authorised.</p>}
      {view.authorisations.map((a) => (
        <div key={a.id} className="omu-panel" data-testid="pp-authorisation">
          <p className="govuk-body">
            <strong>{monitoringWords(a)} monitoring</strong>, authorised by {a.authorisedBy} on{' '}
            {formatUk(a.authorisedOn)}
            {a.stoppedOn ? `; stopped ${formatUk(a.stoppedOn)}: ${a.stopReasons}` : ''}
          </p>
          <p className="govuk-body-s">
            Reasons: {a.reasons}
            <br />
            Necessity and proportionality: {a.necessityAndProportionality}
          </p>
          {a.reviews.length > 0 && (
            <ul className="govuk-list govuk-list--bullet">
              {a.reviews.map((r, i) => (
                <li key={i}>
                  {formatUk(r.reviewedOn)}: {r.decision} — {r.reasons} ({r.reviewedBy})
                </li>
              ))}
            </ul>
          )}
          {notice(`review-${a.id}`)}
          {!a.stoppedOn && !mayReview && <NotOffered op="public-protection/review-monitoring" />}
          {!a.stoppedOn && mayReview && (
            <ReviewForm
              fields={page.fields(`review-${a.id}`)}
              today={today}
              onSubmit={(review) =>
                act(
                  `review-${a.id}`,
                  () => call('public-protection/review-monitoring', { authorisationId: a.id, review }),
                  'Monitoring review signed.',
                )
              }
            />
          )}
        </div>
      ))}
      {view.noMonitoringDecisions.map((d, i) => (
        <p className="govuk-body" key={i}>
          Decided not to monitor on {formatUk(d.decidedOn)} by {d.decidedBy}: {d.reasons}
        </p>
      ))}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          {notice('authorise')}
          <NotOffered op="public-protection/authorise-monitoring" />
          {mayAuthorise && (
            <AuthoriseForm
              today={today}
              fields={page.fields('authorise')}
              onSubmit={(authorisation) =>
                act(
                  'authorise',
                  () =>
                    call('public-protection/authorise-monitoring', {
                      prisonerNumber: p.prisonerNumber,
                      authorisation,
                    }),
                  'Monitoring authorised.',
                )
              }
            />
          )}
        </div>
        <div className="govuk-grid-column-one-half">
          {notice('no-monitoring')}
          {active.length === 0 && <NotOffered op="public-protection/decide-not-to-monitor" />}
          {active.length === 0 && mayDecideNotToMonitor && (
            <NoMonitoringForm
              today={today}
              fields={page.fields('no-monitoring')}
              onSubmit={(decision) =>
                act(
                  'no-monitoring',
                  () =>
                    call('public-protection/decide-not-to-monitor', {
                      prisonerNumber: p.prisonerNumber,
                      decision,
                    }),
                  'Decision not to monitor recorded.',
                )
              }
            />
          )}
        </div>
      </div>
    </>
  );
}

const NO_GROUNDS: Grounds = {
  groundsCurrentOffence: false,
  groundsPreviousConvictions: false,
  groundsWiderInformation: false,
};

/** The three bases a status may rest on (PSI 18/2016 ch. 5b): for a new status, and to classify an imported one. */
function GroundsChecks({
  fields,
  legend,
  grounds,
  onChange,
}: {
  fields: FormFields;
  legend: string;
  grounds: Grounds;
  onChange: (g: Grounds) => void;
}) {
  return (
    <fieldset className="govuk-fieldset govuk-!-margin-bottom-4">
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
      <div className="govuk-checkboxes govuk-checkboxes--small">
        {(
          [
            ['groundsCurrentOffence', 'Current offence'],
            ['groundsPreviousConvictions', 'Previous convictions'],
            ['groundsWiderInformation', "Wider information (intelligence, police, children's services)"],
          ] as const
        ).map(([k, label]) => (
          <div className="govuk-checkboxes__item" key={k}>
            <input
              className="govuk-checkboxes__input"
              id={fields.id(k)}
              type="checkbox"
              checked={grounds[k]}
              onChange={(e) => onChange({ ...grounds, [k]: e.target.checked })}
            />
            <label className="govuk-label govuk-checkboxes__label" htmlFor={fields.id(k)}>
              {label}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

/** A status recorded from words that do not tell its basis: the professional picks it (pp.classifyGrounds). */
function ClassifyGroundsForm({
  fields,
  onSubmit,
}: {
  fields: FormFields;
  onSubmit: (g: Grounds) => Promise<boolean>;
}) {
  const [grounds, setGrounds] = useState(NO_GROUNDS);
  return (
    <form
      noValidate
      className="govuk-!-margin-top-2"
      data-testid="classify-grounds"
      onSubmit={async (e) => {
        e.preventDefault();
        await onSubmit(grounds);
      }}
    >
      <GroundsChecks
        fields={fields}
        legend="What do these grounds rest on?"
        grounds={grounds}
        onChange={setGrounds}
      />
      <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
        Save grounds
      </button>
    </form>
  );
}

function StatusForm({
  fields,
  onSubmit,
}: {
  fields: FormFields;
  onSubmit: (s: StatusInput) => Promise<boolean>;
}) {
  const [type, setType] = useState<StatusInput['type']>('pprc');
  const [status, setStatus] = useState<StatusInput['status']>('potential');
  const [identified, setIdentified] = useState('');
  const [grounds, setGrounds] = useState(NO_GROUNDS);
  const [summary, setSummary] = useState('');
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Record a public protection status</span>
      </summary>
      <form
        className="govuk-details__text"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (
            await onSubmit({
              type,
              status,
              identifiedOn: parseDate(identified) ?? identified,
              ...grounds,
              summary: summary || null,
            })
          )
            setIdentified('');
        }}
      >
        <Field {...fields.field('type')} label="Type">
          <select
            {...fields.control('type', 'govuk-select')}
            value={type}
            onChange={(e) => setType(e.target.value as StatusInput['type'])}
          >
            <option value="pprc">PPRC (risk to children)</option>
            <option value="hppm">Harassment (HPPM)</option>
          </select>
        </Field>
        <Field {...fields.field('status')} label="Status">
          <select
            {...fields.control('status', 'govuk-select')}
            value={status}
            onChange={(e) => setStatus(e.target.value as StatusInput['status'])}
          >
            <option value="potential">Potential (to be assessed)</option>
            <option value="confirmed">Confirmed</option>
          </select>
        </Field>
        <Field {...fields.field('identifiedOn')} label="Identified on" hint="For example, 20/11/2026">
          <input
            {...fields.control('identifiedOn', 'govuk-input govuk-input--width-10', { hint: true })}
            value={identified}
            onChange={(e) => setIdentified(e.target.value)}
          />
        </Field>
        <GroundsChecks
          fields={fields}
          legend="Grounds (look beyond convictions)"
          grounds={grounds}
          onChange={setGrounds}
        />
        <Field {...fields.field('summary')} label="Summary of the information">
          <textarea
            {...fields.control('summary', 'govuk-textarea')}
            rows={3}
            value={summary}
            onChange={(e) => setSummary(e.target.value)}
          />
        </Field>
        <button type="submit" className="govuk-button">
          Record status
        </button>
      </form>
    </details>
  );
}

function AuthoriseForm({
  today,
  fields,
  onSubmit,
}: {
  today: string;
  fields: FormFields;
  onSubmit: (a: AuthorisationInput) => Promise<boolean>;
}) {
  const [means, setMeans] = useState<AuthorisationInput['means']>('phone');
  const [basis, setBasis] = useState<AuthorisationInput['basis']>('offence-related');
  const [reasons, setReasons] = useState('');
  const [necessity, setNecessity] = useState('');
  const [on, setOn] = useState(formatUk(today));
  return (
    <form
      noValidate
      className="omu-panel"
      onSubmit={async (e) => {
        e.preventDefault();
        await onSubmit({
          means,
          basis,
          reasons,
          necessityAndProportionality: necessity,
          authorisedOn: parseDate(on) ?? on,
        });
      }}
    >
      <h3 className="govuk-heading-s">Authorise monitoring (senior manager)</h3>
      <Field {...fields.field('means')} label="Monitor">
        <select
          {...fields.control('means', 'govuk-select')}
          value={means}
          onChange={(e) => setMeans(e.target.value as AuthorisationInput['means'])}
        >
          <option value="mail">Mail</option>
          <option value="phone">Phone</option>
          <option value="both">Mail and phone</option>
        </select>
      </Field>
      <Field
        {...fields.field('basis')}
        label="Basis"
        hint="Offence-related: reviewed every 3 months. Intelligence-led: every month."
      >
        <select
          {...fields.control('basis', 'govuk-select', { hint: true })}
          value={basis}
          onChange={(e) => setBasis(e.target.value as AuthorisationInput['basis'])}
        >
          <option value="offence-related">Offence-related</option>
          <option value="intelligence-led">Intelligence-led</option>
        </select>
      </Field>
      <Field {...fields.field('reasons')} label="Reasons">
        <textarea
          {...fields.control('reasons', 'govuk-textarea')}
          rows={2}
          value={reasons}
          onChange={(e) => setReasons(e.target.value)}
        />
      </Field>
      <Field {...fields.field('necessityAndProportionality')} label="Necessity and proportionality">
        <textarea
          {...fields.control('necessityAndProportionality', 'govuk-textarea')}
          rows={2}
          value={necessity}
          onChange={(e) => setNecessity(e.target.value)}
        />
      </Field>
      <Field {...fields.field('authorisedOn')} label="Authorised on" hint="For example, 20/11/2026">
        <input
          {...fields.control('authorisedOn', 'govuk-input govuk-input--width-10', { hint: true })}
          value={on}
          onChange={(e) => setOn(e.target.value)}
        />
      </Field>
      <button type="submit" className="govuk-button">
        Authorise monitoring
      </button>
    </form>
  );
}

function ReviewForm({
  fields,
  today,
  onSubmit,
}: {
  fields: FormFields;
  today: string;
  onSubmit: (r: ReviewInput) => Promise<boolean>;
}) {
  const [decision, setDecision] = useState<ReviewInput['decision']>('continue');
  const [reasons, setReasons] = useState('');
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (await onSubmit({ reviewedOn: today, decision, reasons })) setReasons('');
      }}
    >
      <h3 className="govuk-heading-s">Sign a review (POM or senior manager)</h3>
      <Field {...fields.field('decision')} label="Decision">
        <select
          {...fields.control('decision', 'govuk-select')}
          value={decision}
          onChange={(e) => setDecision(e.target.value as ReviewInput['decision'])}
        >
          <option value="continue">Continue</option>
          <option value="vary">Vary</option>
          <option value="stop">Stop</option>
        </select>
      </Field>
      <Field {...fields.field('reasons')} label="Review reasons">
        <textarea
          {...fields.control('reasons', 'govuk-textarea')}
          rows={2}
          value={reasons}
          onChange={(e) => setReasons(e.target.value)}
        />
      </Field>
      <button type="submit" className="govuk-button govuk-!-margin-bottom-0" data-testid="sign-review">
        Sign review today
      </button>
    </form>
  );
}

function NoMonitoringForm({
  today,
  fields,
  onSubmit,
}: {
  today: string;
  fields: FormFields;
  onSubmit: (d: OpInput<'public-protection/decide-not-to-monitor'>['decision']) => Promise<boolean>;
}) {
  const [reasons, setReasons] = useState('');
  return (
    <form
      noValidate
      className="omu-panel"
      onSubmit={async (e) => {
        e.preventDefault();
        await onSubmit({ decidedOn: today, reasons });
      }}
    >
      <h3 className="govuk-heading-s">Decide not to monitor (POM or senior manager)</h3>
      <Field {...fields.field('reasons')} label="Reasons for not monitoring">
        <textarea
          {...fields.control('reasons', 'govuk-textarea')}
          rows={2}
          value={reasons}
          onChange={(e) => setReasons(e.target.value)}
        />
      </Field>
      <button type="submit" className="govuk-button govuk-button--secondary">
        Record decision
      </button>
    </form>
  );
}

function PersonForm({
  statuses,
  fields,
  onSubmit,
}: {
  statuses: View['statuses'];
  fields: FormFields;
  onSubmit: (statusId: string, person: PersonInput) => Promise<boolean>;
}) {
  const [statusId, setStatusId] = useState(statuses[0]?.id ?? '');
  const [kind, setKind] = useState<PersonInput['kind']>('child');
  const [name, setName] = useState('');
  const [age, setAge] = useState('');
  const [relationship, setRelationship] = useState('');
  const [level, setLevel] = useState('');
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Record a person protected</span>
      </summary>
      <form
        className="govuk-details__text"
        noValidate
        onSubmit={async (e) => {
          e.preventDefault();
          if (
            await onSubmit(statusId, {
              kind,
              name,
              age,
              relationship,
              contactLevel: kind === 'child' ? level : '',
            })
          ) {
            setName('');
            setAge('');
            setRelationship('');
          }
        }}
      >
        <Field {...fields.field('statusId')} label="Status it belongs to">
          <select
            {...fields.control('statusId', 'govuk-select')}
            value={statusId}
            onChange={(e) => setStatusId(e.target.value)}
          >
            {statuses.map((s) => (
              <option key={s.id} value={s.id}>
                {TYPE_LABEL[s.type]} ({s.status})
              </option>
            ))}
          </select>
        </Field>
        <Field {...fields.field('kind')} label="Child or adult">
          <select
            {...fields.control('kind', 'govuk-select')}
            value={kind}
            onChange={(e) => setKind(e.target.value as PersonInput['kind'])}
          >
            <option value="child">Child</option>
            <option value="adult">Named adult</option>
          </select>
        </Field>
        <Field {...fields.field('name')} label={kind === 'child' ? 'Initials' : 'Name'}>
          <input
            {...fields.control('name', 'govuk-input govuk-input--width-20')}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field {...fields.field('age')} label="Age">
          <input
            {...fields.control('age', 'govuk-input govuk-input--width-3')}
            inputMode="numeric"
            value={age}
            onChange={(e) => setAge(e.target.value)}
          />
        </Field>
        <Field {...fields.field('relationship')} label="Relationship">
          <input
            {...fields.control('relationship', 'govuk-input govuk-input--width-20')}
            value={relationship}
            onChange={(e) => setRelationship(e.target.value)}
          />
        </Field>
        {kind === 'child' && (
          <Field
            {...fields.field('contactLevel')}
            label="Contact level (once assessed; POM or senior manager)"
          >
            <select
              {...fields.control('contactLevel', 'govuk-select')}
              value={level}
              onChange={(e) => setLevel(e.target.value)}
            >
              <option value="">Not yet assessed</option>
              {[1, 2, 3, 4].map((l) => (
                <option key={l} value={l}>
                  {CONTACT_LEVELS[l]}
                </option>
              ))}
            </select>
          </Field>
        )}
        <button type="submit" className="govuk-button">
          Record person
        </button>
      </form>
    </details>
  );
}

const APP_DATES: [keyof Application, string][] = [
  ['childrensServicesRequestedOn', "Children's services: asked"],
  ['childrensServicesReplyOn', "Children's services: report received"],
  ['probationRequestedOn', 'Probation: asked'],
  ['probationReplyOn', 'Probation: reply received'],
  ['policeRequestedOn', 'Police: asked'],
  ['policeReplyOn', 'Police: reply received'],
  ['decisionOn', "Governor's decision on"],
  ['reviewOn', 'Review on'],
];

function ApplicationForm({
  initial,
  fields,
  onSubmit,
}: {
  initial: Application | null;
  fields: FormFields;
  onSubmit: (a: ApplicationInput) => Promise<boolean>;
}) {
  const [v, setV] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      Object.entries(initial ?? {}).map(([k, x]) => [
        k,
        x === null || x === undefined ? '' : k.endsWith('On') ? formatUk(String(x)) : String(x),
      ]),
    ),
  );
  const set = (k: string, x: string) => setV({ ...v, [k]: x });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      if (k !== 'id') out[k] = k.endsWith('On') ? (x ? (parseDate(x) ?? x) : null) : x;
    // The fields as typed; the command's schema reads numbers and blank dates and names any field it refuses.
    await onSubmit(out as ApplicationInput);
  };
  return (
    <form
      noValidate
      onSubmit={submit}
      className={initial ? 'omu-panel' : ''}
      data-testid={initial ? 'child-contact' : undefined}
    >
      {initial && (
        <h3 className="govuk-heading-s">
          Application received {formatUk(initial.receivedOn)}: {initial.childInitials} ({initial.relationship}
          ){initial.decisionLevel ? ` — decided ${CONTACT_LEVELS[initial.decisionLevel]}` : ''}
        </h3>
      )}
      <div className="omu-form-grid">
        {!initial && (
          <Field {...fields.field('receivedOn')} label="Received on">
            <input
              {...fields.control('receivedOn', 'govuk-input govuk-input--width-10')}
              value={v.receivedOn ?? ''}
              onChange={(e) => set('receivedOn', e.target.value)}
            />
          </Field>
        )}
        {!initial && (
          <Field {...fields.field('childInitials')} label="Child's initials">
            <input
              {...fields.control('childInitials', 'govuk-input govuk-input--width-5')}
              value={v.childInitials ?? ''}
              onChange={(e) => set('childInitials', e.target.value)}
            />
          </Field>
        )}
        {!initial && (
          <Field {...fields.field('childAge')} label="Child's age">
            <input
              {...fields.control('childAge', 'govuk-input govuk-input--width-3')}
              value={v.childAge ?? ''}
              onChange={(e) => set('childAge', e.target.value)}
            />
          </Field>
        )}
        {!initial && (
          <Field {...fields.field('relationship')} label="Relationship">
            <input
              {...fields.control('relationship', 'govuk-input govuk-input--width-10')}
              value={v.relationship ?? ''}
              onChange={(e) => set('relationship', e.target.value)}
            />
          </Field>
        )}
        {APP_DATES.map(([k, label]) => (
          <Field key={k} {...fields.field(k)} label={label}>
            <input
              {...fields.control(k, 'govuk-input govuk-input--width-10')}
              value={v[k] ?? ''}
              onChange={(e) => set(k, e.target.value)}
            />
          </Field>
        ))}
        <Field {...fields.field('decisionLevel')} label="Level decided">
          <select
            {...fields.control('decisionLevel', 'govuk-select')}
            value={v.decisionLevel ?? ''}
            onChange={(e) => set('decisionLevel', e.target.value)}
          >
            <option value="">Not decided</option>
            {[1, 2, 3, 4].map((l) => (
              <option key={l} value={l}>
                {CONTACT_LEVELS[l]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <button type="submit" className="govuk-button govuk-button--secondary">
        {initial ? 'Save application' : 'Record application'}
      </button>
    </form>
  );
}
