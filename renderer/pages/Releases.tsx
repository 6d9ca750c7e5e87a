import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { call, errorMessage } from '../api/client';
import type { ReleaseRow } from '../../shared/due';
import { RISK_LABELS, type RiskLevel } from '../../shared/caseload';
import { downloadBase64, formatUk } from '../format';
import { useUrlState } from '../hooks/useUrlState';
import { Pagination, pageOf } from '../components/Pagination';
import { usePulled } from '../stores/sync';
import { usePageTitle } from '../hooks/usePageTitle';

type Sort = 'releaseDate' | 'overdue' | 'progress';
/**
 * Rows on one page. 26 weeks of a 1,500-prisoner unit is some 450 releases; drawn whole they took 440 ms to appear
 * (issue 18, item 6). The list is paged as GOV.UK services page long lists (the Design System's pagination); the counts
 * above it are of every release in the period, and the printed report still lists every one.
 */
export const RELEASES_PAGE_SIZE = 50;

export function ReleasesPage() {
  usePageTitle('Releases');
  // The period and the order live in the address, so Back returns to the same view (issue 12, item 10).
  // The page too, so Back from a prisoner returns to the page he was on.
  const [view, setView] = useUrlState({ weeks: '26', sort: 'releaseDate', page: '1' });
  const weeks = Number(view.weeks) || 26;
  const sort = view.sort as Sort;
  // Another period or order starts again at the first page.
  const setWeeks = (w: number) => setView({ weeks: String(w), page: '1' });
  const setSort = (s: Sort) => setView({ sort: s, page: '1' });
  const [rows, setRows] = useState<ReleaseRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      call('release-planning/list-releases', { weeks })
        .then(setRows)
        .catch((e) => setError(errorMessage(e))),
    [weeks],
  );
  useEffect(() => {
    void load();
  }, [load]);
  usePulled(load);
  const sorted = useMemo(
    () =>
      [...(rows ?? [])].sort((a, b) =>
        sort === 'overdue'
          ? b.overdue - a.overdue
          : sort === 'progress'
            ? a.done / a.total - b.done / b.total
            : 0,
      ),
    [rows, sort],
  );
  const shown = pageOf(sorted, Number(view.page), RELEASES_PAGE_SIZE);
  // Moving to another page of the list puts focus on the line saying which rows are shown (the list is above the
  // pagination the user was at), as moving to another screen puts it on the heading.
  const showing = useRef<HTMLParagraphElement>(null);
  const paged = useRef(false);
  useEffect(() => {
    if (paged.current && rows) showing.current?.focus();
    paged.current = false;
  }, [view.page, rows]);
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
            call('release-planning/releases-pdf', { weeks })
              .then((f) => downloadBase64(f.fileName, f.base64, f.mimeType))
              .catch((e) => setError(errorMessage(e)))
          }
        >
          Print releases (PDF)
        </button>
      </div>
      {rows && (
        <p className="govuk-body" data-testid="releases-counts">
          {rows.length} prisoner(s); {rows.filter((r) => r.overdue > 0).length} with overdue plan items;{' '}
          {rows.filter((r) => !r.comName).length} with no COM.
        </p>
      )}
      {rows && rows.length > 0 && (
        <p className="govuk-body-s" data-testid="releases-showing" ref={showing} tabIndex={-1}>
          Showing {shown.from + 1} to {shown.from + shown.rows.length} of {rows.length}
          {shown.pages > 1 ? ` (page ${shown.page} of ${shown.pages})` : ''}
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
          {shown.rows.map((r) => (
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
      <Pagination
        page={shown.page}
        pages={shown.pages}
        label="Pages of the releases"
        onPage={() => (paged.current = true)}
      />
    </>
  );
}
