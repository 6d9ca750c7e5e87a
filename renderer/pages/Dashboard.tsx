import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { call, errorMessage } from '../api/client';
import type { DueEntry } from '../../electron/domain/due/service';
import { DUE_KINDS, DUE_KIND_LABELS, type DueKind } from '../../electron/domain/due/types';
import { downloadBase64, formatUk } from '../format';
import { useSession } from '../stores/session';

const WINDOW_DAYS = 56;
const STATUS_LABELS = { overdue: 'Overdue', 'due-soon': 'Due within 14 days', upcoming: 'Due within 8 weeks' } as const;
type Status = keyof typeof STATUS_LABELS;
const STATUS_TAG: Record<Status, string> = { overdue: 'govuk-tag--red', 'due-soon': 'govuk-tag--orange', upcoming: 'govuk-tag--blue' };
const KIND_LABELS = DUE_KIND_LABELS;

type SortKey = 'dueDate' | 'prisoner' | 'kind' | 'pom';

export function DashboardPage() {
  const { session, staff } = useSession();
  const me = session?.staff;
  const isPom = !!me?.roles.includes('pom');
  const [scope, setScope] = useState<'mine' | 'unit'>(isPom ? 'mine' : 'unit');
  const [pomId, setPomId] = useState('');
  const [kind, setKind] = useState<DueKind | ''>('');
  const [status, setStatus] = useState<Status>('overdue');
  const [sort, setSort] = useState<SortKey>('dueDate');
  const [items, setItems] = useState<DueEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setItems(null);
    const filterPom = scope === 'mine' ? me?.id : pomId || undefined;
    call('due.list', { within: WINDOW_DAYS, pomId: filterPom, kinds: kind ? [kind] : [] })
      .then(setItems)
      .catch((e) => setError(errorMessage(e)));
  }, [scope, pomId, kind, me?.id]);

  const counts = useMemo(() => {
    const c: Record<string, Record<Status, number>> = {};
    for (const i of items ?? []) (c[i.kind] ??= { overdue: 0, 'due-soon': 0, upcoming: 0 })[i.status]++;
    return c;
  }, [items]);

  const shown = useMemo(() => {
    const list = (items ?? []).filter((i) => i.status === status);
    const key = (i: DueEntry) => (sort === 'dueDate' ? i.dueDate : sort === 'prisoner' ? i.prisonerName : sort === 'kind' ? i.kind : i.pomName ?? '');
    return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.dueDate < b.dueDate ? -1 : 1));
  }, [items, status, sort]);

  const totals = (s: Status) => (items ?? []).filter((i) => i.status === s).length;
  const poms = staff.filter((s) => s.roles.includes('pom'));

  return (
    <>
      <div className="omu-page-heading">
        <h1 className="govuk-heading-l">What is due</h1>
        <button type="button" className="govuk-button govuk-button--secondary" data-testid="overdue-pdf"
          onClick={() => call('due.overdueSummaryPdf', {}).then((f) => downloadBase64(f.fileName, f.base64, f.mimeType)).catch((e) => setError(errorMessage(e)))}>
          Print overdue summary by POM (PDF)
        </button>
      </div>
      {error && <p className="govuk-error-message">{error}</p>}
      <nav className="moj-sub-navigation" aria-label="Whose cases">
        <ul className="moj-sub-navigation__list">
          {isPom && (
            <li className="moj-sub-navigation__item">
              <a className="moj-sub-navigation__link" href="#/" aria-current={scope === 'mine' ? 'page' : undefined} onClick={(e) => { e.preventDefault(); setScope('mine'); }}>My cases</a>
            </li>
          )}
          <li className="moj-sub-navigation__item">
            <a className="moj-sub-navigation__link" href="#/" aria-current={scope === 'unit' ? 'page' : undefined} onClick={(e) => { e.preventDefault(); setScope('unit'); }}>Whole unit</a>
          </li>
        </ul>
      </nav>
      <div className="omu-filter-row">
        {scope === 'unit' && (
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="due-pom">POM</label>
            <select className="govuk-select" id="due-pom" value={pomId} onChange={(e) => setPomId(e.target.value)}>
              <option value="">All POMs</option>
              {poms.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </div>
        )}
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="due-kind">Kind</label>
          <select className="govuk-select" id="due-kind" value={kind} onChange={(e) => setKind(e.target.value as DueKind | '')}>
            <option value="">All kinds</option>
            {(Object.keys(DUE_KINDS) as DueKind[]).map((k) => <option key={k} value={k}>{KIND_LABELS[k]}</option>)}
          </select>
        </div>
      </div>

      <div className="omu-cards" data-testid="due-counts">
        {(Object.keys(STATUS_LABELS) as Status[]).map((s) => (
          <button type="button" key={s} className={`omu-card${status === s ? ' omu-card--selected' : ''}`} onClick={() => setStatus(s)} aria-pressed={status === s}>
            <span className="omu-card__count">{items ? totals(s) : '…'}</span>
            <span className="omu-card__label">{STATUS_LABELS[s]}</span>
          </button>
        ))}
      </div>

      <table className="govuk-table govuk-!-margin-top-4">
        <caption className="govuk-table__caption govuk-table__caption--m">By kind</caption>
        <thead className="govuk-table__head"><tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Kind</th>
          {(Object.keys(STATUS_LABELS) as Status[]).map((s) => <th scope="col" key={s} className="govuk-table__header govuk-table__header--numeric">{STATUS_LABELS[s]}</th>)}
        </tr></thead>
        <tbody className="govuk-table__body">
          {Object.entries(counts).map(([k, c]) => (
            <tr className="govuk-table__row" key={k}>
              <th scope="row" className="govuk-table__header">{KIND_LABELS[k as DueKind]}</th>
              {(Object.keys(STATUS_LABELS) as Status[]).map((s) => <td key={s} className="govuk-table__cell govuk-table__cell--numeric">{c[s]}</td>)}
            </tr>
          ))}
          {items && !items.length && <tr className="govuk-table__row"><td className="govuk-table__cell" colSpan={4}>Nothing due in the next 8 weeks.</td></tr>}
        </tbody>
      </table>

      <table className="govuk-table" data-testid="due-items">
        <caption className="govuk-table__caption govuk-table__caption--m">{STATUS_LABELS[status]} ({shown.length})</caption>
        <thead className="govuk-table__head"><tr className="govuk-table__row">
          {([['dueDate', 'Due'], ['prisoner', 'Prisoner'], ['kind', 'What'], ['pom', 'POM']] as [SortKey, string][]).map(([k, label]) => (
            <th scope="col" key={k} className="govuk-table__header" aria-sort={sort === k ? 'ascending' : 'none'}>
              <button type="button" className="omu-sort-button" onClick={() => setSort(k)}>{label}</button>
            </th>
          ))}
          <th scope="col" className="govuk-table__header">Why</th>
        </tr></thead>
        <tbody className="govuk-table__body">
          {shown.slice(0, 500).map((i) => (
            <tr className="govuk-table__row" key={`${i.prisonerNumber}-${i.kind}-${i.dueDate}`}>
              <td className="govuk-table__cell omu-nowrap">{formatUk(i.dueDate)} <strong className={`govuk-tag ${STATUS_TAG[i.status]}`}>{i.status === 'overdue' ? 'overdue' : i.status === 'due-soon' ? 'soon' : 'later'}</strong></td>
              <td className="govuk-table__cell"><Link className="govuk-link" to={`/prisoners/${i.prisonerNumber}`}>{i.prisonerName}</Link><br /><span className="omu-note">{i.prisonerNumber}</span></td>
              <td className="govuk-table__cell">{i.title}</td>
              <td className="govuk-table__cell">{i.pomName ?? 'Unallocated'}</td>
              <td className="govuk-table__cell omu-basis">{i.basis.sentence}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length > 500 && <p className="govuk-body">Showing the first 500 of {shown.length}. Filter by POM or kind to see the rest.</p>}
    </>
  );
}
