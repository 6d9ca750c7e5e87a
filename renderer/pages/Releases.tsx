import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { call, errorMessage } from '../api/client';
import type { ReleasesPage as ReleasesAnswer } from '../../shared/due';
import { RISK_LABELS, type RiskLevel } from '../../shared/caseload';
import { downloadBase64, formatUk } from '../format';
import { useUrlState } from '../hooks/useUrlState';
import { Pagination } from '../components/Pagination';
import { usePulled } from '../stores/sync';
import { usePageTitle } from '../hooks/usePageTitle';

type Sort = 'releaseDate' | 'overdue' | 'progress';
/**
 * Rows on one page (the service's page, `release-planning/releases-page`). 26 weeks of a 1,500-prisoner unit is some
 * 450 releases; drawn whole they took 440 ms to appear, and sent whole 174 KB for 50 rows shown (issue 18, item 6). The
 * list is paged as GOV.UK services page long lists (the Design System's pagination); the counts above it are of every
 * release in the period, the orders are of the whole list, and the printed report still lists every one.
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
  // The page in the address, as a whole number from 1 (the service shows the last when it is past it).
  const page = Math.max(1, Math.floor(Number(view.page)) || 1);
  const [answer, setAnswer] = useState<ReleasesAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      call('release-planning/releases-page', { weeks, sort, page, pageRows: RELEASES_PAGE_SIZE })
        .then(setAnswer)
        .catch((e) => setError(errorMessage(e))),
    [weeks, sort, page],
  );
  // Those held whose every release date has passed with none recorded have no release to come, so none is listed here:
  // how many there are, and the caseload's filter for them (caseload/service.ts, `releasePassedOn`).
  const [passed, setPassed] = useState<number | null>(null);
  const loadPassed = useCallback(
    () =>
      call('caseload/query', { status: 'release-passed', limit: 1 })
        .then((r) => setPassed(r.total))
        .catch(() => setPassed(null)),
    [],
  );
  // Each asked when what it depends on changes: the count of those whose release has passed depends on no choice made
  // here, so another period, order or page of the list does not ask it again (it did, a caseload count each time).
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    void loadPassed();
  }, [loadPassed]);
  usePulled(load);
  usePulled(loadPassed);
  const rows = answer?.rows ?? null;
  const from = answer ? (answer.page - 1) * answer.pageRows : 0;
  // Moving to another page of the list puts focus on the line saying which rows are shown (the list is above the
  // pagination the user was at), as moving to another screen puts it on the heading.
  const showing = useRef<HTMLParagraphElement>(null);
  const paged = useRef(false);
  useEffect(() => {
    if (paged.current && answer) showing.current?.focus();
    paged.current = false;
  }, [view.page, answer]);
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
      {!!passed && (
        <div className="govuk-warning-text" data-testid="releases-passed-notice">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <p className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            {passed.toLocaleString('en-GB')} prisoner{passed === 1 ? "'s" : "s'"} release date
            {passed === 1 ? ' has' : 's have'} passed with none to come and no release recorded, so{' '}
            {passed === 1 ? 'he is' : 'they are'} not listed here.{' '}
            <Link className="govuk-link" to="/caseload?status=release-passed">
              Check whether {passed === 1 ? 'he has' : 'they have'} left
            </Link>
          </p>
        </div>
      )}
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
      {answer && (
        <p className="govuk-body" data-testid="releases-counts">
          {answer.total} prisoner(s); {answer.withOverdue} with overdue plan items; {answer.withoutCom} with
          no COM.
        </p>
      )}
      {answer && answer.total > 0 && (
        <p className="govuk-body-s" data-testid="releases-showing" ref={showing} tabIndex={-1}>
          Showing {from + 1} to {from + answer.rows.length} of {answer.total}
          {answer.pages > 1 ? ` (page ${answer.page} of ${answer.pages})` : ''}
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
          {(rows ?? []).map((r) => (
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
        page={answer?.page ?? 1}
        pages={answer?.pages ?? 1}
        label="Pages of the releases"
        onPage={() => (paged.current = true)}
      />
    </>
  );
}
