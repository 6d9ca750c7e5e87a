import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { call } from '../api/client';
import {
  DUE_KINDS,
  DUE_KIND_LABELS,
  OWNER_ROLES,
  OWNER_ROLE_LABELS,
  ownerLabel,
  type DueKind,
  type DueStatus,
} from '../../shared/due';
import { downloadBase64, formatUk } from '../format';
import { useSession } from '../stores/session';
import { useView } from '../hooks/useView';
import { useUrlState } from '../hooks/useUrlState';
import { usePageTitle } from '../hooks/usePageTitle';
import { Feedback } from '../components/Feedback';
import { DUE_VIEW, PAGE_ROWS, SORTS, STATUSES, dueRequest, takeDueAhead } from './due-view';

const STATUS_LABELS: Record<DueStatus, string> = {
  overdue: 'Overdue',
  'due-soon': 'Due within 14 days',
  upcoming: 'Due within 8 weeks',
};
const STATUS_TAG: Record<DueStatus, string> = {
  overdue: 'govuk-tag--red',
  'due-soon': 'govuk-tag--orange',
  upcoming: 'govuk-tag--blue',
};
const STATUS_WORD: Record<DueStatus, string> = { overdue: 'overdue', 'due-soon': 'soon', upcoming: 'later' };

export function DashboardPage() {
  // The name only (a string): a new session object with the same person does not draw the list again.
  const myName = useSession((s) => s.session?.staff?.name);
  const [view, setView] = useUrlState(DUE_VIEW);
  const { scope, status, query, input } = useMemo(() => dueRequest(view, myName), [view, myName]);
  // One page of the list and the counts of the whole view, read in SQL by the main process (due.page): the caption's
  // count is the number of rows the pages hold, and the cards and tables the counts the printed summary prints. After
  // signing in, the answer asked with the sign-in's (askDueAhead) is the first, so the page is drawn once, with it.
  const due = useView(
    () => call('due/page', input),
    [input],
    () => takeDueAhead(input),
  );
  usePageTitle(scope === 'mine' ? 'My work' : 'Whole unit', 'What is due');
  const data = due.data ?? undefined;
  const summary = data?.summary;
  const total = data?.total ?? 0;
  const pages = data?.pages ?? 1;
  const page = data?.page ?? 1;
  const shown = data?.rows ?? [];
  const setFilter = (patch: Partial<typeof view>) => setView({ ...patch, page: '1' });

  return (
    <>
      <div className="omu-page-heading">
        <h1 className="govuk-heading-l">What is due</h1>
        <button
          type="button"
          className="govuk-button govuk-button--secondary"
          data-testid="overdue-pdf"
          onClick={() =>
            due.act(
              'print',
              () => call('due/overdue-summary-pdf', query),
              (f) => {
                downloadBase64(f.fileName, f.base64, f.mimeType);
                return `Printed summary exported as ${f.fileName}.`;
              },
            )
          }
        >
          Print this summary (PDF)
        </button>
      </div>
      <Feedback feedback={due.feedbackAt('print')} />
      {due.loadError && (
        <p className="govuk-error-message" role="alert">
          {due.loadError}
        </p>
      )}
      <nav className="moj-sub-navigation" aria-label="Whose work">
        <ul className="moj-sub-navigation__list">
          {myName && (
            <li className="moj-sub-navigation__item">
              <a
                className="moj-sub-navigation__link"
                href="#/?scope=mine"
                aria-current={scope === 'mine' ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  setFilter({ scope: 'mine' });
                }}
              >
                My work
              </a>
            </li>
          )}
          <li className="moj-sub-navigation__item">
            <a
              className="moj-sub-navigation__link"
              href="#/?scope=unit"
              aria-current={scope === 'unit' ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                setFilter({ scope: 'unit' });
              }}
            >
              Whole unit
            </a>
          </li>
        </ul>
      </nav>
      <p className="govuk-body" data-testid="scope-explained">
        {scope === 'mine'
          ? `Work ${myName} owns: items for prisoners whose POM you are, and the work of your roles that nobody in particular holds. Overdue, and due in the next 8 weeks.`
          : 'Everything due in the unit: overdue, and due in the next 8 weeks, with who owns each item.'}
      </p>
      <div className="omu-filter-row">
        {scope === 'unit' && (
          <>
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--s" htmlFor="due-owner">
                Owner
              </label>
              <select
                className="govuk-select"
                id="due-owner"
                value={view.owner}
                onChange={(e) => setFilter({ owner: e.target.value })}
              >
                <option value="">Everyone</option>
                {OWNER_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {OWNER_ROLE_LABELS[r]}
                  </option>
                ))}
              </select>
            </div>
            <div className="govuk-form-group">
              <label className="govuk-label govuk-label--s" htmlFor="due-pom">
                Prisoner's POM
              </label>
              <PomSelect value={view.pom} onChange={(pom) => setFilter({ pom })} />
            </div>
          </>
        )}
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="due-kind">
            Kind
          </label>
          <select
            className="govuk-select"
            id="due-kind"
            value={view.kind}
            onChange={(e) => setFilter({ kind: e.target.value })}
          >
            <option value="">All kinds</option>
            {(Object.keys(DUE_KINDS) as DueKind[]).map((k) => (
              <option key={k} value={k}>
                {DUE_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </div>
      </div>

      <div className="omu-cards" data-testid="due-counts">
        {STATUSES.map((s) => (
          <button
            type="button"
            key={s}
            className={`omu-card${status === s ? ' omu-card--selected' : ''}`}
            onClick={() => setFilter({ status: s })}
            aria-pressed={status === s}
          >
            <span className="omu-card__count">{summary ? summary.totals[s] : '…'}</span>
            <span className="omu-card__label">{STATUS_LABELS[s]}</span>
          </button>
        ))}
      </div>

      <div className="govuk-grid-row govuk-!-margin-top-4">
        {scope === 'unit' && (
          <div className="govuk-grid-column-one-half">
            <CountsTable
              caption="By owner"
              testId="due-by-owner"
              rows={(summary?.byOwner ?? []).map((o) => [o.label, o.counts])}
            />
          </div>
        )}
        <div className={scope === 'unit' ? 'govuk-grid-column-one-half' : 'govuk-grid-column-two-thirds'}>
          <CountsTable
            caption="By kind"
            testId="due-by-kind"
            rows={(summary?.byKind ?? []).map((k) => [DUE_KIND_LABELS[k.kind], k.counts])}
          />
        </div>
      </div>
      {summary && !(summary.totals.overdue + summary.totals['due-soon'] + summary.totals.upcoming) && (
        <p className="govuk-body">Nothing overdue or due in the next 8 weeks.</p>
      )}

      <table className="govuk-table" data-testid="due-items">
        <caption className="govuk-table__caption govuk-table__caption--m">
          {STATUS_LABELS[status]} ({data ? total : '…'})
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            {SORTS.map(([k, label]) => (
              <th
                scope="col"
                key={k}
                className="govuk-table__header"
                aria-sort={view.sort === k ? 'ascending' : 'none'}
              >
                <button type="button" className="omu-sort-button" onClick={() => setFilter({ sort: k })}>
                  {label}
                </button>
              </th>
            ))}
            <th scope="col" className="govuk-table__header">
              Why
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {shown.map((i) => (
            <tr className="govuk-table__row" key={i.id} data-id={i.id}>
              <td className="govuk-table__cell omu-nowrap">
                {formatUk(i.dueDate)}{' '}
                <strong className={`govuk-tag ${STATUS_TAG[i.status]}`}>{STATUS_WORD[i.status]}</strong>
              </td>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/prisoners/${i.prisonerNumber}/obligations`}>
                  {i.prisonerName}
                </Link>
                <br />
                <span className="omu-note">{i.prisonerNumber}</span>
              </td>
              <td className="govuk-table__cell">{i.title}</td>
              <td className="govuk-table__cell">{ownerLabel(i.owner)}</td>
              <td className="govuk-table__cell omu-basis">{i.basis.sentence}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 && (
        <nav className="govuk-pagination" aria-label="Pages of the list" data-testid="due-pages">
          <ul className="govuk-pagination__list">
            {Array.from({ length: pages }, (_, n) => n + 1).map((n) => (
              <li
                key={n}
                className={`govuk-pagination__item${n === page ? ' govuk-pagination__item--current' : ''}`}
              >
                <a
                  className="govuk-link govuk-pagination__link"
                  href={`#/?page=${n}`}
                  aria-label={`Page ${n}`}
                  aria-current={n === page ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    setView({ page: String(n) });
                  }}
                >
                  {n}
                </a>
              </li>
            ))}
          </ul>
          <p className="govuk-body-s">
            Rows {(page - 1) * PAGE_ROWS + 1} to {Math.min(total, page * PAGE_ROWS)} of {total}
          </p>
        </nav>
      )}
    </>
  );
}

/** The POMs to choose from: follows the staff list itself, which arrives after the page is first drawn. */
function PomSelect({ value, onChange }: { value: string; onChange: (pom: string) => void }) {
  const staff = useSession((s) => s.staff);
  return (
    <select className="govuk-select" id="due-pom" value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">All POMs</option>
      {staff
        .filter((s) => s.roles.includes('pom'))
        .map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
    </select>
  );
}

function CountsTable({
  caption,
  rows,
  testId,
}: {
  caption: string;
  rows: [string, Record<DueStatus, number>][];
  testId: string;
}) {
  return (
    <table className="govuk-table" data-testid={testId}>
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            {caption.replace('By ', '').replace(/^./, (c) => c.toUpperCase())}
          </th>
          {STATUSES.map((s) => (
            <th scope="col" key={s} className="govuk-table__header govuk-table__header--numeric">
              {STATUS_LABELS[s]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map(([label, c]) => (
          <tr className="govuk-table__row" key={label}>
            <th scope="row" className="govuk-table__header">
              {label}
            </th>
            {STATUSES.map((s) => (
              <td key={s} className="govuk-table__cell govuk-table__cell--numeric">
                {c[s]}
              </td>
            ))}
          </tr>
        ))}
        {!rows.length && (
          <tr className="govuk-table__row">
            <td className="govuk-table__cell" colSpan={4}>
              Nothing due.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
