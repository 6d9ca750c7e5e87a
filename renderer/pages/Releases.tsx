import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { call, errorMessage } from '../api/client';
import type { ReleaseRow } from '../../shared/due';
import { RISK_LABELS, type RiskLevel } from '../../shared/caseload';
import { downloadBase64, formatUk } from '../format';
import { useUrlState } from '../hooks/useUrlState';

type Sort = 'releaseDate' | 'overdue' | 'progress';

export function ReleasesPage() {
  // The period and the order live in the address, so Back returns to the same view (issue 12, item 10).
  const [view, setView] = useUrlState({ weeks: '26', sort: 'releaseDate' });
  const weeks = Number(view.weeks) || 26;
  const sort = view.sort as Sort;
  const setWeeks = (w: number) => setView({ weeks: String(w) });
  const setSort = (s: Sort) => setView({ sort: s });
  const [rows, setRows] = useState<ReleaseRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('releases.list', { weeks })
      .then(setRows)
      .catch((e) => setError(errorMessage(e)));
  }, [weeks]);
  const sorted = [...(rows ?? [])].sort((a, b) =>
    sort === 'overdue'
      ? b.overdue - a.overdue
      : sort === 'progress'
        ? a.done / a.total - b.done / b.total
        : 0,
  );
  const header = (key: Sort, label: string) => (
    <th
      scope="col"
      className="govuk-table__header"
      aria-sort={sort === key ? (key === 'overdue' ? 'descending' : 'ascending') : 'none'}
    >
      <button type="button" className="omu-sort-button" onClick={() => setSort(key)}>
        {label}
      </button>
    </th>
  );
  return (
    <>
      <h1 className="govuk-heading-l">Releases</h1>
      {error && <p className="govuk-error-message">{error}</p>}
      <div className="omu-toolbar">
        <div className="govuk-form-group govuk-!-margin-bottom-0">
          <label className="govuk-label" htmlFor="weeks">
            Releasing within
          </label>
          <select
            className="govuk-select"
            id="weeks"
            value={weeks}
            onChange={(e) => setWeeks(Number(e.target.value))}
          >
            {[4, 8, 12, 26, 39, 52].map((w) => (
              <option key={w} value={w}>
                {w} weeks
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
          onClick={() =>
            call('releases.pdf', { weeks })
              .then((f) => downloadBase64(f.fileName, f.base64, f.mimeType))
              .catch((e) => setError(errorMessage(e)))
          }
        >
          Print releases (PDF)
        </button>
      </div>
      {rows && (
        <p className="govuk-body">
          {rows.length} prisoner(s); {rows.filter((r) => r.overdue > 0).length} with overdue plan items;{' '}
          {rows.filter((r) => !r.comName).length} with no COM.
        </p>
      )}
      <table className="govuk-table" data-testid="releases">
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {header('releaseDate', 'Release')}
            <th scope="col" className="govuk-table__header">
              Prisoner
            </th>
            <th scope="col" className="govuk-table__header">
              RoSH / MAPPA
            </th>
            <th scope="col" className="govuk-table__header">
              POM
            </th>
            <th scope="col" className="govuk-table__header">
              COM
            </th>
            {header('progress', 'Plan')}
            {header('overdue', 'Overdue')}
            <th scope="col" className="govuk-table__header">
              Warnings
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {sorted.map((r) => (
            <tr className="govuk-table__row" key={r.prisonerNumber}>
              <td className="govuk-table__cell omu-nowrap">
                {formatUk(r.releaseDate)}
                <br />
                <span className="omu-note">{r.releaseName}</span>
              </td>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/prisoners/${r.prisonerNumber}/release-plan`}>
                  {r.name}
                </Link>
                <br />
                <span className="omu-note">{r.prisonerNumber}</span>
              </td>
              <td className="govuk-table__cell">
                {r.rosh ? RISK_LABELS[r.rosh as RiskLevel] : '–'}
                {r.mappaCategory
                  ? ` / cat ${r.mappaCategory}${r.mappaLevel ? ` L${r.mappaLevel}` : ', level not set'}`
                  : ''}
              </td>
              <td className="govuk-table__cell">{r.pomName ?? 'Unallocated'}</td>
              <td className="govuk-table__cell">
                {r.comName ?? <strong className="omu-warning-text">None</strong>}
              </td>
              <td className="govuk-table__cell omu-nowrap">
                {r.done} of {r.total}
              </td>
              <td className="govuk-table__cell">
                {r.overdue > 0 ? <strong className="govuk-tag govuk-tag--red">{r.overdue}</strong> : '0'}
              </td>
              <td className="govuk-table__cell govuk-body-s">{r.warnings.join(' ')}</td>
            </tr>
          ))}
          {rows && !rows.length && (
            <tr className="govuk-table__row">
              <td className="govuk-table__cell" colSpan={8}>
                No releases in this period.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
}
