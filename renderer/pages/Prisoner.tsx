import { useState } from 'react';
import { Link, NavLink, useNavigate, useParams } from 'react-router-dom';
import { call } from '../api/client';
import type { OpInput } from '../../shared/api';

/** The form's fields as typed (text as entered): the command's input schema reads them and names any field it refuses. */
type PrisonerRecordInput = OpInput<'caseload/add-prisoner'>['prisoner'];
import type { PrisonerDetail } from '../../shared/caseload';
import { PRISONER_FIELDS } from '../../shared/caseload';
import type { AuditEntry } from '../../shared/api';
import {
  FIELD_BY_KEY,
  CATEGORY_LABELS,
  KEY_DATE_FIELDS,
  PAROLE_OUTCOME_LABELS,
  EARLY_ALLOCATION_OUTCOME_LABELS,
} from '../../shared/caseload';
import { formatLong, formatTimestampUk, formatUk, fullName, mappaText, riskLabel } from '../format';
import { MappaTag, RiskTag } from '../components/Tags';
import { Notice } from '../components/ErrorSummary';
import { PrisonerForm } from './PrisonerForm';
import { useCaseload } from '../stores/caseload';
import { HandoverPackPanel } from '../components/HandoverPackPanel';
import { TransferPanel } from '../components/TransferPanel';
import { ReleasePanel } from '../components/ReleasePanel';
import { useView } from '../hooks/useView';
import { historyTitle } from '../../shared/audit';
import { plural } from '../../shared/dates';
import { usePageTitle } from '../hooks/usePageTitle';

function usePrisoner(prisonerNumber: string | undefined) {
  const view = useView(
    () => call('caseload/get-prisoner', { prisonerNumber: prisonerNumber ?? '' }),
    [prisonerNumber],
  );
  return { prisoner: view.data, error: view.loadError, reload: view.reload };
}

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="govuk-summary-list__row">
      <dt className="govuk-summary-list__key">{label}</dt>
      <dd className="govuk-summary-list__value" data-testid={testId}>
        {children || <span className="omu-muted">Not recorded</span>}
      </dd>
    </div>
  );
}

export function PrisonerHeader({ p }: { p: PrisonerDetail }) {
  return (
    <div className="omu-prisoner-header">
      <span className="govuk-caption-l">
        {p.prisonerNumber}
        {p.location ? ` · ${p.location}` : ''}
      </span>
      <h1 className="govuk-heading-l govuk-!-margin-bottom-2">{fullName(p)}</h1>
      <p className="govuk-body">
        <RiskTag rosh={p.rosh} /> <MappaTag category={p.mappaCategory} level={p.mappaLevel} />{' '}
        {p.registeredSexOffender && (
          <strong className="govuk-tag govuk-tag--light-blue">Registered sex offender</strong>
        )}{' '}
        {p.recallDate && p.sentenceType === 'determinate' && (
          <strong className="govuk-tag govuk-tag--red">Recalled</strong>
        )}
      </p>
    </div>
  );
}

export function PrisonerTabs({ number }: { number: string }) {
  return (
    <nav className="moj-sub-navigation" aria-label="Prisoner sections">
      <ul className="moj-sub-navigation__list">
        {[
          ['', 'Details'],
          ['/obligations', 'Obligations'],
          ['/public-protection', 'Public protection'],
          ['/release-plan', 'Release plan'],
          ['/categorisation', 'Categorisation'],
          ['/history', 'History'],
        ].map(([suffix, label]) => (
          <li className="moj-sub-navigation__item" key={label}>
            <NavLink end to={`/prisoners/${number}${suffix}`} className="moj-sub-navigation__link">
              {({ isActive }) => <span aria-current={isActive ? 'page' : undefined}>{label}</span>}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function PrisonerPage() {
  const { prisonerNumber } = useParams();
  usePageTitle('Details', prisonerNumber);
  const { prisoner: p, error, reload } = usePrisoner(prisonerNumber);
  // A transfer recorded here: his record has left the caseload, so the page's next load (after the sync the change
  // starts) finds no prisoner. What was done is said here until the person moves on, not replaced by "not found".
  const [transferred, setTransferred] = useState<{ number: string; message: string } | null>(null);
  const saved = new URLSearchParams(window.location.hash.split('?')[1] ?? '').get('saved');
  if (transferred && transferred.number === prisonerNumber)
    return <TransferDone message={transferred.message} />;
  if (error) return <NotFound message={error} />;
  if (!p) return <p className="govuk-body">Loading…</p>;
  const date = (key: (typeof KEY_DATE_FIELDS)[number]) => formatUk(p[key]);
  return (
    <>
      <Link to="/caseload" className="govuk-back-link">
        Back to caseload
      </Link>
      {saved && (
        <Notice>
          <p className="govuk-notification-banner__heading">Changes to {p.prisonerNumber} saved.</p>
        </Notice>
      )}
      <PrisonerHeader p={p} />
      <PrisonerTabs number={p.prisonerNumber} />
      <ReleasePanel p={p} onRecorded={() => void reload()} />
      <div className="omu-page-heading">
        <h2 className="govuk-heading-m">Details</h2>
        <Link
          to={`/prisoners/${p.prisonerNumber}/edit`}
          className="govuk-button govuk-button--secondary"
          data-testid="edit-prisoner"
        >
          Change details
        </Link>
      </div>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-half">
          <h3 className="govuk-heading-s">Identity</h3>
          <dl className="govuk-summary-list">
            <Row label="Prisoner number">{p.prisonerNumber}</Row>
            <Row label="Name">
              {p.forenames} {p.surname}
            </Row>
            <Row label="Date of birth">{formatLong(p.dateOfBirth)}</Row>
            <Row label="CRN">{p.crn}</Row>
            <Row label="PNC number">{p.pnc}</Row>
            <Row label="Location">{p.location}</Row>
            <Row label="Category">{p.category ? CATEGORY_LABELS[p.category] : ''}</Row>
          </dl>
          <h3 className="govuk-heading-s">Risk</h3>
          <dl className="govuk-summary-list">
            <Row label="RoSH">{riskLabel(p.rosh)}</Row>
            <Row label="MAPPA">{mappaText(p.mappaCategory, p.mappaLevel)}</Row>
            <Row label="RM2000">{p.rm2000 ? riskLabel(p.rm2000) : ''}</Row>
            <Row label="Registered sex offender">{p.registeredSexOffender ? 'Yes' : 'No'}</Row>
            <Row label="Early allocation">
              {p.earlyAllocation ? 'Yes' : 'No'}
              {p.earlyAllocationOutcome
                ? `; assessed ${formatUk(p.earlyAllocationAssessedOn)}: ${EARLY_ALLOCATION_OUTCOME_LABELS[p.earlyAllocationOutcome]}`
                : ''}
            </Row>
          </dl>
        </div>
        <div className="govuk-grid-column-one-half">
          <h3 className="govuk-heading-s">Sentence and key dates</h3>
          <dl className="govuk-summary-list">
            <Row label="Sentence type">
              {p.sentenceType === 'indeterminate'
                ? 'Indeterminate'
                : p.recallDate
                  ? 'Determinate (recalled)'
                  : p.paroleEligibilityDate
                    ? 'Determinate with PED'
                    : 'Determinate'}
            </Row>
            {KEY_DATE_FIELDS.map((k) => (
              <Row
                key={k}
                label={`${FIELD_BY_KEY[k]!.label} (${FIELD_BY_KEY[k]!.short ?? ''})`.replace(' ()', '')}
                testId={`date-${k}`}
              >
                {date(k)}
              </Row>
            ))}
            {p.fixedTermRecallDays !== null && (
              <Row label="Fixed-term recall">{plural(p.fixedTermRecallDays, 'day')}</Row>
            )}
            <Row label="Parole hearing outcome">
              {p.paroleOutcome
                ? `${PAROLE_OUTCOME_LABELS[p.paroleOutcome]}${p.paroleOutcomeOn ? `, received ${formatUk(p.paroleOutcomeOn)}` : ''}`
                : ''}
            </Row>
            <Row label="In open conditions since">{formatUk(p.openConditionsSince)}</Row>
            {p.additionalIsp && <Row label="Further life or IPP sentence">Yes, to start later</Row>}
            {p.immigrationCase && <Row label="Immigration case">Yes, held under immigration powers</Row>}
          </dl>
          <h3 className="govuk-heading-s">Offender managers</h3>
          <dl className="govuk-summary-list">
            <Row label="POM">{p.pomName ?? <span className="omu-warning-text">Unallocated</span>}</Row>
            <Row label="COM">{p.comName ?? <span className="omu-warning-text">No COM allocated</span>}</Row>
            <Row label="COM email">
              {p.comEmail ? (
                <a className="govuk-link" href={`mailto:${p.comEmail}`}>
                  {p.comEmail}
                </a>
              ) : (
                ''
              )}
            </Row>
            <Row label="PDU">{p.pdu}</Row>
          </dl>
          <p className="govuk-body-s omu-muted">
            Last changed {formatTimestampUk(p.updatedAt)} by {p.updatedBy}. On this caseload since{' '}
            {formatUk(p.arrivedOn)}.
          </p>
        </div>
      </div>
      <HandoverPackPanel prisonerNumber={p.prisonerNumber} />
      <TransferPanel
        prisonerNumber={p.prisonerNumber}
        onTransferred={(message) => setTransferred({ number: p.prisonerNumber, message })}
      />
    </>
  );
}

export function PrisonerHistoryPage() {
  const { prisonerNumber } = useParams();
  usePageTitle('History', prisonerNumber);
  const { prisoner: p, error } = usePrisoner(prisonerNumber);
  const history = useView(
    () =>
      call('caseload/prisoner-history', { prisonerNumber: prisonerNumber ?? '' }).catch(
        (): AuditEntry[] => [],
      ),
    [prisonerNumber],
  );
  const entries = history.data;
  if (error) return <NotFound message={error} />;
  if (!p) return <p className="govuk-body">Loading…</p>;
  return (
    <>
      <Link to="/caseload" className="govuk-back-link">
        Back to caseload
      </Link>
      <PrisonerHeader p={p} />
      <PrisonerTabs number={p.prisonerNumber} />
      <h2 className="govuk-heading-m">History</h2>
      <p className="govuk-body">
        Every change to this prisoner's record, newest first, with who made it and when.
      </p>
      {entries === null ? (
        <p className="govuk-body">Loading…</p>
      ) : (
        <div className="moj-timeline" data-testid="history">
          {entries.map((e) => (
            <div className="moj-timeline__item" key={e.seq}>
              <div className="moj-timeline__header">
                <h3 className="moj-timeline__title">{historyTitle(e)}</h3>{' '}
                <p className="moj-timeline__byline">by {e.actorName}</p>
              </div>
              <p className="moj-timeline__date">
                <time dateTime={e.at}>{formatTimestampUk(e.at)}</time>
              </p>
              <div className="moj-timeline__description">
                <p className="govuk-body">{e.summary}</p>
              </div>
            </div>
          ))}
        </div>
      )}
    </>
  );
}

export function PrisonerEditPage() {
  const { prisonerNumber } = useParams();
  usePageTitle('Change details', prisonerNumber);
  const { prisoner: p, error } = usePrisoner(prisonerNumber);
  const navigate = useNavigate();
  const reloadCaseload = useCaseload((s) => s.reload);
  if (error) return <NotFound message={error} />;
  if (!p) return <p className="govuk-body">Loading…</p>;
  const save = async (record: Record<string, unknown>) => {
    const updated = await call('caseload/update-prisoner', {
      prisonerNumber: p.prisonerNumber,
      prisoner: record as PrisonerRecordInput,
      expectedUpdatedAt: p.updatedAt,
      // The record as the form opened it: only the fields changed here are changed, so another's change stands.
      opened: Object.fromEntries(PRISONER_FIELDS.map((f) => [f.key, p[f.key as keyof typeof p]])),
    });
    reloadCaseload();
    return updated;
  };
  return (
    <>
      <Link to={`/prisoners/${p.prisonerNumber}`} className="govuk-back-link">
        Back to {fullName(p)}
      </Link>
      <span className="govuk-caption-l">{p.prisonerNumber}</span>
      <h1 className="govuk-heading-l">Change details for {fullName(p)}</h1>
      <PrisonerForm
        initial={p}
        submitLabel="Save changes"
        onSubmit={save}
        saved={(u) => `Changes to ${u.prisonerNumber} saved.`}
        onSaved={(u) => navigate(`/prisoners/${u.prisonerNumber}?saved=1`)}
        onCancel={() => navigate(`/prisoners/${p.prisonerNumber}`)}
      />
    </>
  );
}

export function PrisonerNewPage() {
  usePageTitle('Add a prisoner');
  const navigate = useNavigate();
  const reloadCaseload = useCaseload((s) => s.reload);
  const save = async (record: Record<string, unknown>) => {
    const created = await call('caseload/add-prisoner', { prisoner: record as PrisonerRecordInput });
    reloadCaseload();
    return created;
  };
  return (
    <>
      <Link to="/caseload" className="govuk-back-link">
        Back to caseload
      </Link>
      <h1 className="govuk-heading-l">Add a prisoner</h1>
      <PrisonerForm
        initial={null}
        submitLabel="Add prisoner"
        onSubmit={save}
        saved={(c) => `${fullName(c)} (${c.prisonerNumber}) added to the caseload.`}
        onSaved={(c) => navigate(`/prisoners/${c.prisonerNumber}?saved=1`)}
        onCancel={() => navigate('/caseload')}
      />
    </>
  );
}

function TransferDone({ message }: { message: string }) {
  return (
    <>
      <div className="govuk-panel govuk-panel--confirmation" data-testid="transfer-done">
        <h1 className="govuk-panel__title">Transfer recorded</h1>
      </div>
      <p className="govuk-body" data-testid="transfer-done-message">
        {message}
      </p>
      <p className="govuk-body">
        <Link className="govuk-link" to="/caseload">
          Back to the caseload
        </Link>
      </p>
    </>
  );
}

function NotFound({ message }: { message: string }) {
  return (
    <>
      <h1 className="govuk-heading-l">Prisoner not found</h1>
      <p className="govuk-body">{message}</p>
      <Link to="/caseload" className="govuk-link">
        Back to caseload
      </Link>
    </>
  );
}
