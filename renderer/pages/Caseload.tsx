import { useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  DEFAULT_FILTERS,
  PAGE_SIZE,
  filtersFromParams,
  filtersToParams,
  rowAt,
  useCaseload,
  type CaseloadFilters,
} from '../stores/caseload';
import { useSession } from '../stores/session';
import { formatUk, fullName, mappaLabel } from '../format';
import { RiskTag } from '../components/Tags';
import { OwnWrites } from './own-writes';
import { CATEGORIES, RISK_LABELS, RISK_LEVELS } from '../../shared/caseload';
import type { CaseloadRow } from '../../shared/caseload';
import { usePulled } from '../stores/sync';
import { usePageTitle } from '../hooks/usePageTitle';

/** A row's height before it is measured: a row whose name or MAPPA wraps onto a second line is measured as drawn. */
const ROW_HEIGHT = 44;

type SortKey = NonNullable<CaseloadFilters['sort']>;

const COLUMNS: { key: string; label: string; sort?: SortKey; width: string }[] = [
  { key: 'name', label: 'Name', sort: 'name', width: '19%' },
  { key: 'number', label: 'Number', sort: 'prisonerNumber', width: '9%' },
  { key: 'location', label: 'Cell', sort: 'location', width: '8%' },
  { key: 'category', label: 'Cat', sort: 'category', width: '5%' },
  { key: 'release', label: 'Release', sort: 'releaseDate', width: '14%' },
  { key: 'sed', label: 'SED', sort: 'sentenceExpiryDate', width: '10%' },
  { key: 'rosh', label: 'RoSH', sort: 'rosh', width: '10%' },
  { key: 'mappa', label: 'MAPPA', width: '11%' },
  { key: 'pom', label: 'POM', sort: 'pom', width: '14%' },
];

function mappaShort(category: number | null, level: number | null): React.ReactNode {
  if (!category && !level) return '';
  if (category && !level)
    return (
      <span title={mappaLabel(category, level)}>
        Cat {category}, <span className="omu-warning-text">no level</span>
      </span>
    );
  return (
    <span title={mappaLabel(category, level)}>
      {category ? `Cat ${category}, ` : ''}L{level}
    </span>
  );
}

/**
 * The release to come on the day, which the list is ordered by, and its name, as the caseload service names it
 * (`releaseDateName`); when none is to come, said so.
 */
function releaseText(r: CaseloadRow): string {
  if (r.releaseDate) return `${formatUk(r.releaseDate)} ${r.releaseDateName ?? ''}`.trim();
  if (r.releasePassed) return 'None to come';
  return r.sentenceType === 'indeterminate' ? 'Indeterminate' : 'Not known';
}

/** The rule's first date when it has passed (a tariff passed, a PED passed without release directed), as a note. */
function releasePassed(r: CaseloadRow) {
  const passed = r.releasePassed;
  if (!passed) return null;
  return (
    <span className="omu-note" title={`${passed.name} ${formatUk(passed.date)} has passed`}>
      {' '}
      {passed.name} passed<span className="govuk-visually-hidden"> {formatUk(passed.date)}</span>
    </span>
  );
}

/**
 * Every date of the rule has passed and no release is recorded (`releaseCheck`): he has left without it being recorded
 * here, or is still held past the date; either way the unit must find out.
 */
function releaseCheck(r: CaseloadRow) {
  const passed = r.releaseCheck;
  if (!passed) return null;
  return (
    <strong className="govuk-tag govuk-tag--orange omu-release-check">
      Release date passed: check he has left
      <span className="govuk-visually-hidden">
        {' '}
        ({passed.name} {formatUk(passed.date)})
      </span>
    </strong>
  );
}

const STATUS_OPTIONS: [NonNullable<CaseloadFilters['status']>, string][] = [
  ['held', 'Held (not released)'],
  ['release-passed', 'Release date passed: check he has left'],
  ['released', 'Released'],
];

/** What the page writes into each entry of the history it has shown: an entry without it was arrived at by a link. */
const SHOWN = { caseload: true };

/**
 * The caseload's filters live in the address (issue 12, item 10): a change of filter is a new entry in the history, so
 * Back returns to the list as it was; the store follows the address. Arrived at by a link with no filters in the
 * address (the navigation, "Back to caseload"), the page shows the filters last used. An entry the page has shown
 * is marked (its history state): with no filters in it, it is the list unfiltered (the search cleared, "Clear
 * filters", Back to the list as first shown), and the filters last used do not come back over it (they did: clearing
 * the search after a search still listed "1 prisoner", found by using the product, 28/11/2026).
 */
function useCaseloadAddress() {
  const [params, setParams] = useSearchParams();
  const shown = (useLocation().state as typeof SHOWN | null)?.caseload === true;
  const { filters, setFilters: storeSet } = useCaseload();
  const search = params.toString();
  useEffect(() => {
    const current = filtersToParams(useCaseload.getState().filters).toString();
    if (!shown && !search) {
      // Arrived by a link: this entry shows the filters last used (or none), and is marked as shown.
      setParams(new URLSearchParams(current), { replace: true, state: SHOWN });
      return;
    }
    if (search !== current) storeSet(filtersFromParams(new URLSearchParams(search)));
  }, [search, shown, setParams, storeSet]);
  const setFilters = useCallback(
    (patch: Partial<CaseloadFilters>, opts: { replace?: boolean } = {}) =>
      setParams(filtersToParams({ ...filters, ...patch }), { ...opts, state: SHOWN }),
    [filters, setParams],
  );
  const clearFilters = () => setParams(filtersToParams(DEFAULT_FILTERS), { state: SHOWN });
  return { setFilters, clearFilters };
}

export function CaseloadPage() {
  usePageTitle('Caseload');
  const {
    filters,
    total,
    releasePassed: passedCount,
    unallocated,
    pages,
    error,
    ensurePages,
    reload,
  } = useCaseload();
  const { setFilters, clearFilters } = useCaseloadAddress();
  const staff = useSession((s) => s.staff);
  const poms = staff.filter((s) => s.roles.includes('pom'));
  const navigate = useNavigate();
  const scrollRef = useRef<HTMLDivElement>(null);
  // The search box, emptied by "Clear filters" and "Clear the search and filters".
  const searchBox = useRef<{ clear(): void }>(null);

  useEffect(() => {
    ensurePages(0, 0);
  }, [ensurePages]);
  usePulled(reload);

  const count = total ?? 0;
  // eslint-disable-next-line react-hooks/incompatible-library -- only says React Compiler would not memoise this page; the app is not compiled with it
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    measureElement: (el) => el.getBoundingClientRect().height,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (count) ensurePages(Math.floor(firstIndex / PAGE_SIZE), Math.floor(lastIndex / PAGE_SIZE));
  }, [firstIndex, lastIndex, count, ensurePages, pages]);

  const toggle = <T extends string>(list: readonly T[] | undefined, value: T) =>
    list?.includes(value) ? list.filter((v) => v !== value) : [...(list ?? []), value];

  const sortBy = (key: SortKey) =>
    setFilters({
      sort: key,
      direction: filters.sort === key && filters.direction === 'asc' ? 'desc' : 'asc',
    });

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = items.length ? virtualizer.getTotalSize() - items[items.length - 1]!.end : 0;

  return (
    <>
      <div className="omu-page-heading">
        <h1 className="govuk-heading-l">Caseload</h1>
        <Link to="/prisoners/new" className="govuk-button govuk-button--secondary">
          Add a prisoner
        </Link>
      </div>
      <div className="moj-filter-layout">
        <div className="moj-filter-layout__filter">
          <div className="moj-filter" role="search" aria-label="Filter the caseload">
            <div className="moj-filter__header">
              <div className="moj-filter__header-title">
                <h2 className="govuk-heading-m">Filter</h2>
              </div>
            </div>
            <div className="moj-filter__content">
              <div className="moj-filter__options">
                <div className="govuk-form-group">
                  <label className="govuk-label govuk-label--s" htmlFor="filter-pom">
                    POM
                  </label>
                  <select
                    className="govuk-select omu-full-width"
                    id="filter-pom"
                    value={filters.pomId ?? ''}
                    onChange={(e) => setFilters({ pomId: e.target.value || undefined })}
                  >
                    <option value="">All POMs</option>
                    <option value="unallocated">Unallocated</option>
                    {poms.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                </div>
                <CheckboxGroup
                  legend="RoSH"
                  name="rosh"
                  options={RISK_LEVELS.map((r) => [r, RISK_LABELS[r]])}
                  selected={filters.rosh ?? []}
                  onToggle={(v) => setFilters({ rosh: toggle(filters.rosh, v) })}
                />
                <CheckboxGroup
                  legend="MAPPA level"
                  name="mappa"
                  options={[
                    ['1', 'Level 1'],
                    ['2', 'Level 2'],
                    ['3', 'Level 3'],
                    ['none', 'No level'],
                  ]}
                  selected={filters.mappaLevel ?? []}
                  onToggle={(v) => setFilters({ mappaLevel: toggle(filters.mappaLevel, v) })}
                />
                <CheckboxGroup
                  legend="Category"
                  name="category"
                  options={CATEGORIES.map((c) => [c, c])}
                  selected={filters.category ?? []}
                  onToggle={(v) => setFilters({ category: toggle(filters.category, v) })}
                  inline
                />
                <div className="govuk-form-group">
                  <fieldset className="govuk-fieldset">
                    <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Status</legend>
                    <div className="govuk-radios govuk-radios--small" data-module="govuk-radios">
                      {STATUS_OPTIONS.map(([value, label]) => (
                        <div className="govuk-radios__item" key={value}>
                          <input
                            className="govuk-radios__input"
                            id={`status-${value}`}
                            name="status"
                            type="radio"
                            checked={(filters.status ?? 'held') === value}
                            onChange={() => setFilters({ status: value })}
                          />
                          <label className="govuk-label govuk-radios__label" htmlFor={`status-${value}`}>
                            {label}
                          </label>
                        </div>
                      ))}
                    </div>
                  </fieldset>
                </div>
                <div className="govuk-form-group">
                  <label className="govuk-label govuk-label--s" htmlFor="filter-release">
                    Release within (weeks)
                  </label>
                  <input
                    className="govuk-input govuk-input--width-4"
                    id="filter-release"
                    type="number"
                    min={1}
                    max={520}
                    inputMode="numeric"
                    value={filters.releaseWithinWeeks ?? ''}
                    onChange={(e) => {
                      const n = Number(e.target.value);
                      setFilters({
                        releaseWithinWeeks: e.target.value && n >= 1 && n <= 520 ? Math.floor(n) : undefined,
                      });
                    }}
                  />
                </div>
                <button
                  type="button"
                  className="govuk-button govuk-button--secondary"
                  onClick={() => {
                    searchBox.current?.clear();
                    clearFilters();
                  }}
                >
                  Clear filters
                </button>
              </div>
            </div>
          </div>
        </div>
        <div className="moj-filter-layout__content">
          <SearchBox shown={filters.search} setFilters={setFilters} ref={searchBox} />
          {error && <p className="govuk-error-message">{error}</p>}
          {filters.status !== 'release-passed' && !!passedCount && (
            <div className="govuk-warning-text" data-testid="release-passed-notice">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <p className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                {passedCount.toLocaleString('en-GB')} prisoner{passedCount === 1 ? "'s" : "s'"} release date
                {passedCount === 1 ? ' has' : 's have'} passed with none to come and no release recorded.{' '}
                <button
                  type="button"
                  className="omu-link-button govuk-link"
                  onClick={() => setFilters({ status: 'release-passed' })}
                >
                  Check whether they have left
                </button>
              </p>
            </div>
          )}
          {filters.pomId !== 'unallocated' && !!unallocated && (
            <div className="govuk-warning-text" data-testid="unallocated-notice">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <p className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                {unallocated.toLocaleString('en-GB')} prisoner{unallocated === 1 ? ' has' : 's have'} no POM:
                their work is due to no one until someone is allocated.{' '}
                <button
                  type="button"
                  className="omu-link-button govuk-link"
                  onClick={() => setFilters({ pomId: 'unallocated' })}
                >
                  List them
                </button>
              </p>
            </div>
          )}
          <p className="govuk-body" aria-live="polite" data-testid="caseload-count">
            {total === null
              ? 'Loading…'
              : `${total.toLocaleString('en-GB')} prisoner${total === 1 ? '' : 's'}`}
          </p>
          <div
            className="omu-table-scroll"
            ref={scrollRef}
            role="region"
            tabIndex={0}
            aria-label="Caseload table, scrollable"
          >
            <table className="govuk-table omu-caseload-table" aria-rowcount={count + 1}>
              <caption className="govuk-visually-hidden">
                Prisoners on the caseload, sorted by{' '}
                {COLUMNS.find((c) => c.sort === filters.sort)?.label ?? 'Release'},{' '}
                {filters.direction === 'asc' ? 'ascending' : 'descending'}
              </caption>
              <colgroup>
                {COLUMNS.map((c) => (
                  <col key={c.key} style={{ width: c.width }} />
                ))}
              </colgroup>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row" aria-rowindex={1}>
                  {COLUMNS.map((c) => (
                    <th
                      key={c.key}
                      scope="col"
                      className="govuk-table__header"
                      aria-sort={
                        c.sort && filters.sort === c.sort
                          ? filters.direction === 'asc'
                            ? 'ascending'
                            : 'descending'
                          : c.sort
                            ? 'none'
                            : undefined
                      }
                    >
                      {c.sort ? (
                        <button type="button" className="omu-sort-button" onClick={() => sortBy(c.sort!)}>
                          {c.label}
                        </button>
                      ) : (
                        c.label
                      )}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {paddingTop > 0 && (
                  <tr aria-hidden="true">
                    <td colSpan={COLUMNS.length} style={{ height: paddingTop, padding: 0, border: 0 }} />
                  </tr>
                )}
                {items.map((item) => {
                  const r = rowAt(pages, item.index);
                  return (
                    <tr
                      key={item.key}
                      ref={virtualizer.measureElement}
                      data-index={item.index}
                      className="govuk-table__row omu-row"
                      style={{ height: ROW_HEIGHT }}
                      aria-rowindex={item.index + 2}
                    >
                      {r ? (
                        <>
                          <td className="govuk-table__cell">
                            <Link to={`/prisoners/${r.prisonerNumber}`} className="govuk-link">
                              {fullName(r)}
                            </Link>
                          </td>
                          <td className="govuk-table__cell">{r.prisonerNumber}</td>
                          <td className="govuk-table__cell">{r.location ?? ''}</td>
                          <td className="govuk-table__cell">{r.category ?? ''}</td>
                          <td className="govuk-table__cell">
                            {releaseText(r)}
                            {releasePassed(r)}
                            {r.recallDate ? <span className="omu-note"> recall</span> : null}
                            {releaseCheck(r)}
                            {r.releasedOn ? (
                              <span className="omu-note"> released {formatUk(r.releasedOn)}</span>
                            ) : null}
                          </td>
                          <td className="govuk-table__cell">{formatUk(r.sentenceExpiryDate)}</td>
                          <td className="govuk-table__cell">
                            <RiskTag rosh={r.rosh} prefix="" />
                          </td>
                          <td className="govuk-table__cell">{mappaShort(r.mappaCategory, r.mappaLevel)}</td>
                          <td className="govuk-table__cell">
                            {r.pomName ?? <span className="omu-warning-text">Unallocated</span>}
                          </td>
                        </>
                      ) : (
                        <td className="govuk-table__cell" colSpan={COLUMNS.length}>
                          Loading…
                        </td>
                      )}
                    </tr>
                  );
                })}
                {paddingBottom > 0 && (
                  <tr aria-hidden="true">
                    <td colSpan={COLUMNS.length} style={{ height: paddingBottom, padding: 0, border: 0 }} />
                  </tr>
                )}
              </tbody>
            </table>
            {total === 0 && (
              <p className="govuk-body govuk-!-margin-top-4">
                No prisoners match.{' '}
                <button
                  type="button"
                  className="omu-link-button govuk-link"
                  onClick={() => {
                    searchBox.current?.clear();
                    clearFilters();
                  }}
                >
                  Clear the search and filters
                </button>
                .
              </p>
            )}
          </div>
          <p className="govuk-body-s govuk-!-margin-top-2">
            Press Enter on a name to open the prisoner.{' '}
            <button type="button" className="omu-link-button govuk-link" onClick={() => navigate('/import')}>
              Import a caseload CSV
            </button>
          </p>
        </div>
      </div>
    </>
  );
}

/**
 * The caseload's search box, with the words typed in its own state: a key redraws the box alone, not the whole page
 * with its filters and table (a page redrawn at every key took its time on a slow workstation, 28/11/2026). The search
 * goes into the address 200 ms after the last key; `shown` is the search the list shows (from the address).
 */
function SearchBox({
  shown,
  setFilters,
  ref,
}: {
  shown: string | undefined;
  setFilters: (patch: Partial<CaseloadFilters>, opts?: { replace?: boolean }) => void;
  ref: React.Ref<{ clear(): void }>;
}) {
  const [search, setSearch] = useState(shown ?? '');
  // The searches this box has written into the address and the list has not yet taken up (own-writes.ts).
  const written = useRef(new OwnWrites());
  useImperativeHandle(ref, () => ({ clear: () => setSearch('') }), []);

  // Back to an earlier search, or "Clear filters", shows its words in the box. The page's own write coming back does
  // not: the person may have typed on meanwhile, and those keys were lost (on a slow workstation the box read
  // "A621ZS" for "A6221ZS", 28/11/2026; tests/e2e/caseload-search.test.ts).
  useEffect(() => {
    const now = shown ?? '';
    if (written.current.cameBack(now)) return;
    setSearch(now);
  }, [shown]);

  useEffect(() => {
    // Typing is one entry in the history, not one per letter.
    const t = setTimeout(() => {
      if (search === (shown ?? '')) return;
      written.current.wrote(search);
      setFilters({ search }, { replace: !!shown });
    }, 200);
    return () => clearTimeout(t);
  }, [search, shown, setFilters]);

  return (
    <div className="govuk-form-group">
      <label className="govuk-label govuk-label--s" htmlFor="caseload-search">
        Search by name, prisoner number or CRN
      </label>
      <input
        className="govuk-input govuk-!-width-one-half"
        id="caseload-search"
        type="search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        autoComplete="off"
      />
    </div>
  );
}

function CheckboxGroup<T extends string>({
  legend,
  name,
  options,
  selected,
  onToggle,
  inline,
}: {
  legend: string;
  name: string;
  options: [T, string][];
  selected: readonly T[];
  onToggle: (v: T) => void;
  inline?: boolean;
}) {
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset">
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        <div className={`govuk-checkboxes govuk-checkboxes--small${inline ? ' omu-checkboxes--inline' : ''}`}>
          {options.map(([value, label]) => (
            <div className="govuk-checkboxes__item" key={value}>
              <input
                className="govuk-checkboxes__input"
                id={`${name}-${value}`}
                type="checkbox"
                checked={selected.includes(value)}
                onChange={() => onToggle(value)}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={`${name}-${value}`}>
                {label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
