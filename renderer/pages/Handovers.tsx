import { Link } from 'react-router-dom';
import { call } from '../api/client';
import { deliverPacks } from '../api/deliver';
import type { HandoverList } from '../../shared/handover';
import { formatUk } from '../format';
import { useView } from '../hooks/useView';
import { useUrlState } from '../hooks/useUrlState';
import { usePageTitle } from '../hooks/usePageTitle';
import { Feedback } from '../components/Feedback';

const LISTS: { key: HandoverList; label: string; hint: string }[] = [
  { key: 'upcoming', label: 'Upcoming', hint: 'POM responsible, handover within 56 days, no COM named yet' },
  { key: 'due-soon', label: 'Due soon', hint: 'Handover within 14 days' },
  {
    key: 'in-progress',
    label: 'In progress',
    hint: 'COM responsible since the handover date, or handover within 8 weeks with a COM named',
  },
  {
    key: 'com-allocation-overdue',
    label: 'COM allocation overdue',
    hint: 'No COM 2 or more days after handover',
  },
  {
    key: 'tasks-overdue',
    label: 'Tasks overdue',
    hint: 'Handover passed, checklist not finished, release still to come',
  },
];
const RESPONSIBILITY: Record<string, string> = {
  pom: 'POM',
  'pom-with-com': 'POM, COM supporting',
  com: 'COM',
};
const PACK_WEEKS = 8;

export function HandoversPage() {
  const [view, setView] = useUrlState({ list: 'upcoming' });
  const current = (LISTS.some((l) => l.key === view.list) ? view.list : 'upcoming') as HandoverList;
  const data = useView(async () => {
    const [lists, packsDue] = await Promise.all([
      call('handover/lists', {}),
      call('handover-pack/due', { weeks: PACK_WEEKS }),
    ]);
    return { lists, packsDue };
  }, []);
  const info = LISTS.find((l) => l.key === current)!;
  usePageTitle(info.label, 'Handovers');
  const lists = data.data?.lists;
  const packsDue = data.data?.packsDue;
  const rows = lists?.[current] ?? [];

  async function exportAll() {
    return data.act(
      'packs',
      async () => deliverPacks(await call('handover-pack/export-due', { weeks: PACK_WEEKS })),
      (r) =>
        r.notWritten.length
          ? {
              message: r.message,
              notDone: r.notWritten.map((n) => `${n} (not written, so not recorded as exported)`),
            }
          : r.message,
    );
  }

  return (
    <>
      <h1 className="govuk-heading-l">Handovers to community offender managers</h1>
      {data.loadError && (
        <p className="govuk-error-message" role="alert">
          {data.loadError}
        </p>
      )}
      <nav className="moj-sub-navigation" aria-label="Handover lists">
        <ul className="moj-sub-navigation__list">
          {LISTS.map((l) => (
            <li className="moj-sub-navigation__item" key={l.key}>
              <a
                className="moj-sub-navigation__link"
                href={`#/handovers?list=${l.key}`}
                aria-current={current === l.key ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  setView({ list: l.key });
                }}
              >
                {l.label} ({lists ? lists[l.key].length : '…'})
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <table className="govuk-table" data-testid="handover-list">
        <caption className="govuk-table__caption govuk-table__caption--m">
          {info.label}: {info.hint}
        </caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Prisoner
            </th>
            <th scope="col" className="govuk-table__header">
              Handover
            </th>
            <th scope="col" className="govuk-table__header">
              Release
            </th>
            <th scope="col" className="govuk-table__header">
              Responsible today
            </th>
            <th scope="col" className="govuk-table__header">
              POM
            </th>
            <th scope="col" className="govuk-table__header">
              COM
            </th>
            <th scope="col" className="govuk-table__header">
              Checklist outstanding
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((r) => (
            <tr className="govuk-table__row" key={r.prisonerNumber}>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/prisoners/${r.prisonerNumber}/obligations`}>
                  {r.prisonerName}
                </Link>
                <br />
                <span className="omu-note">{r.prisonerNumber}</span>
              </td>
              <td className="govuk-table__cell omu-nowrap" title={r.basis}>
                {formatUk(r.handoverDate)}
              </td>
              <td className="govuk-table__cell omu-nowrap">{formatUk(r.earliestRelease)}</td>
              <td className="govuk-table__cell">{RESPONSIBILITY[r.responsibility]}</td>
              <td className="govuk-table__cell">{r.pomName ?? 'Unallocated'}</td>
              <td className="govuk-table__cell">
                {r.comName ?? <span className="omu-warning-text">None</span>}
              </td>
              <td className="govuk-table__cell">
                {r.tasksOutstanding.length
                  ? `${r.type}: ${r.tasksOutstanding.join('; ')}`
                  : `${r.type}: done`}
              </td>
            </tr>
          ))}
          {lists && !rows.length && (
            <tr className="govuk-table__row">
              <td className="govuk-table__cell" colSpan={7}>
                No prisoners on this list.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <h2 className="govuk-heading-m">Handover packs due</h2>
      <p className="govuk-body" data-testid="packs-due-count">
        Handover in the next {PACK_WEEKS} weeks and no pack sent yet:{' '}
        {packsDue ? `${packsDue.length} prisoner${packsDue.length === 1 ? '' : 's'}` : '…'}.
      </p>
      {packsDue && packsDue.length > 0 && (
        <button type="button" className="govuk-button govuk-button--secondary" onClick={exportAll}>
          Export all {packsDue.length} handover pack{packsDue.length === 1 ? '' : 's'} (
          {packsDue.length === 1 ? 'PDF and JSON' : 'one .zip, or one folder in the desktop app'})
        </button>
      )}
      <Feedback feedback={data.feedbackAt('packs')} testId="packs-feedback" />
      {packsDue && packsDue.length > 0 && (
        <ul className="govuk-list" data-testid="packs-due">
          {packsDue.map((r) => (
            <li key={r.prisonerNumber}>
              {formatUk(r.handoverDate)}:{' '}
              <Link className="govuk-link" to={`/prisoners/${r.prisonerNumber}`}>
                {r.name}
              </Link>{' '}
              {r.prisonerNumber} (POM {r.pomName ?? 'unallocated'}, COM {r.comName ?? 'none'})
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
