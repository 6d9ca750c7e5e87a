import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { call, errorMessage } from '../api/client';
import { monitoringWords, type RegisterRow } from '../../shared/public-protection';
import type { DueEntry } from '../../shared/due';
import { downloadBase64, formatUk } from '../format';
import { useUrlState } from '../hooks/useUrlState';
import { usePulled } from '../stores/sync';
import { usePageTitle } from '../hooks/usePageTitle';

const TYPE: Record<string, string> = { pprc: 'PPRC', hppm: 'Harassment' };

export function RegisterPage() {
  usePageTitle('Public protection register');
  const [rows, setRows] = useState<RegisterRow[] | null>(null);
  const [due, setDue] = useState<DueEntry[]>([]);
  // The filters live in the address, so Back from a prisoner returns to the same list (issue 12, item 10).
  const [view, setView] = useUrlState({ type: '', monitoring: '' });
  const { type, monitoring } = view;
  const setType = (t: string) => setView({ type: t });
  const setMonitoring = (m: string) => setView({ monitoring: m });
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      Promise.all([
        call('public-protection/register', {}),
        call('due/list', {
          kinds: ['pp-assessment', 'pp-grounds-to-classify', 'monitoring-review', 'monitoring-decision'],
        }),
      ])
        .then(([r, d]) => {
          setRows(r);
          setDue(d);
        })
        .catch((e) => setError(errorMessage(e))),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);
  usePulled(load);
  const shown = useMemo(
    () =>
      (rows ?? []).filter(
        (r) =>
          (!type || r.statuses.some((s) => `${s.type}:${s.status}` === type || s.type === type)) &&
          (!monitoring ||
            (monitoring === 'active'
              ? !!r.monitoring
              : monitoring === 'none'
                ? !r.monitoring && !r.noMonitoringSince
                : !r.monitoring && !!r.noMonitoringSince)),
      ),
    [rows, type, monitoring],
  );

  return (
    <>
      <div className="omu-page-heading">
        <h1 className="govuk-heading-l">Public protection register</h1>
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          onClick={() =>
            call('public-protection/register-pdf', {})
              .then((f) => downloadBase64(f.fileName, f.base64, f.mimeType))
              .catch((e) => setError(errorMessage(e)))
          }
        >
          Print the register (PDF)
        </button>
      </div>
      {error && <p className="govuk-error-message">{error}</p>}
      <div className="omu-filter-row">
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="reg-type">
            Status
          </label>
          <select
            className="govuk-select"
            id="reg-type"
            value={type}
            onChange={(e) => setType(e.target.value)}
          >
            <option value="">All</option>
            <option value="pprc">PPRC</option>
            <option value="pprc:potential">PPRC potential</option>
            <option value="pprc:confirmed">PPRC confirmed</option>
            <option value="hppm">Harassment</option>
            <option value="hppm:potential">Harassment potential</option>
            <option value="hppm:confirmed">Harassment confirmed</option>
          </select>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="reg-monitoring">
            Monitoring
          </label>
          <select
            className="govuk-select"
            id="reg-monitoring"
            value={monitoring}
            onChange={(e) => setMonitoring(e.target.value)}
          >
            <option value="">All</option>
            <option value="active">Monitored</option>
            <option value="declined">Decided not to monitor</option>
            <option value="none">No decision</option>
          </select>
        </div>
      </div>
      <table className="govuk-table" data-testid="register">
        <caption className="govuk-table__caption govuk-table__caption--m">
          {shown.length} prisoner{shown.length === 1 ? '' : 's'}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {['Prisoner', 'Status', 'Restriction', 'Monitoring', 'Next due', 'POM'].map((h) => (
              <th scope="col" className="govuk-table__header" key={h}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {shown.map((r) => (
            <tr className="govuk-table__row" key={r.prisonerNumber}>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/prisoners/${r.prisonerNumber}/public-protection`}>
                  {r.name}
                </Link>
                <br />
                <span className="omu-note">{r.prisonerNumber}</span>
              </td>
              <td className="govuk-table__cell">
                {r.statuses.map((s, i) => (
                  <span className="omu-block" key={i}>
                    {TYPE[s.type]}{' '}
                    <strong
                      className={`govuk-tag ${s.status === 'confirmed' ? 'govuk-tag--red' : 'govuk-tag--yellow'}`}
                    >
                      {s.status}
                    </strong>
                  </span>
                ))}
              </td>
              <td className="govuk-table__cell">
                {r.statuses.some((s) => s.type === 'pprc' && s.status === 'potential')
                  ? 'Interim: no contact with any child'
                  : r.children.length
                    ? r.children
                        .map((c) => `${c.name}: ${c.contactLevel ? `level ${c.contactLevel}` : 'not set'}`)
                        .join(', ')
                    : r.statuses.some((s) => s.type === 'pprc')
                      ? 'No named child recorded'
                      : ''}
                {r.openApplications > 0 && (
                  <span className="omu-block omu-note">
                    {r.openApplications} contact application{r.openApplications === 1 ? '' : 's'} open
                  </span>
                )}
              </td>
              <td className="govuk-table__cell">
                {r.monitoring ? (
                  `${monitoringWords(r.monitoring)} since ${formatUk(r.monitoring.since)}`
                ) : r.noMonitoringSince ? (
                  `Not monitored (decided ${formatUk(r.noMonitoringSince)})`
                ) : (
                  <span className="omu-warning-text">No decision</span>
                )}
              </td>
              <td className="govuk-table__cell">
                {due
                  .filter((d) => d.prisonerNumber === r.prisonerNumber)
                  .map((d) => (
                    <span className="omu-block" key={d.kind + d.dueDate}>
                      {d.title}: {formatUk(d.dueDate)}
                      {d.status === 'overdue' && (
                        <strong className="govuk-tag govuk-tag--red">overdue</strong>
                      )}
                    </span>
                  ))}
              </td>
              <td className="govuk-table__cell">{r.pomName ?? 'Unallocated'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
