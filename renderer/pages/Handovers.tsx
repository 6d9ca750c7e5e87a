import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { call, errorMessage } from '../api/client';
import type { HandoverList, HandoverListRow } from '../../electron/domain/handover/service';
import { downloadBase64, formatUk } from '../format';
import type { PackDueRow } from '../../electron/domain/handover-pack/service';

const LISTS: { key: HandoverList; label: string; hint: string }[] = [
  { key: 'upcoming', label: 'Upcoming', hint: 'POM responsible, handover within 56 days, no COM named yet' },
  { key: 'due-soon', label: 'Due soon', hint: 'Handover within 14 days' },
  { key: 'in-progress', label: 'In progress', hint: 'COM responsible since the handover date, or handover within 8 weeks with a COM named' },
  { key: 'com-allocation-overdue', label: 'COM allocation overdue', hint: 'No COM 2 or more days after handover' },
  { key: 'tasks-overdue', label: 'Tasks overdue', hint: 'Handover passed, checklist not finished, release still to come' },
];
const RESPONSIBILITY: Record<string, string> = { pom: 'POM', 'pom-with-com': 'POM, COM supporting', com: 'COM' };

export function HandoversPage() {
  const [lists, setLists] = useState<Record<HandoverList, HandoverListRow[]> | null>(null);
  const [current, setCurrent] = useState<HandoverList>('upcoming');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { call('handover.lists', {}).then(setLists).catch((e) => setError(errorMessage(e))); }, []);
  const [packsDue, setPacksDue] = useState<PackDueRow[] | null>(null);
  const [packMessage, setPackMessage] = useState<string | null>(null);
  useEffect(() => { call('handoverPack.due', { weeks: 8 }).then(setPacksDue).catch((e) => setError(errorMessage(e))); }, []);
  async function exportAll() {
    try {
      const packs = await call('handoverPack.exportDue', { weeks: 8 });
      for (const p of packs) { downloadBase64(p.pdf.fileName, p.pdf.base64, p.pdf.mimeType); downloadBase64(p.json.fileName, p.json.base64, p.json.mimeType); }
      setPackMessage(`${packs.length} handover pack(s) exported.`);
      setPacksDue(await call('handoverPack.due', { weeks: 8 }));
    } catch (e) { setError(errorMessage(e)); }
  }
  const rows = lists?.[current] ?? [];
  const info = LISTS.find((l) => l.key === current)!;
  return (
    <>
      <h1 className="govuk-heading-l">Handovers to community offender managers</h1>
      {error && <p className="govuk-error-message">{error}</p>}
      <nav className="moj-sub-navigation" aria-label="Handover lists">
        <ul className="moj-sub-navigation__list">
          {LISTS.map((l) => (
            <li className="moj-sub-navigation__item" key={l.key}>
              <a className="moj-sub-navigation__link" href="#/handovers" aria-current={current === l.key ? 'page' : undefined} onClick={(e) => { e.preventDefault(); setCurrent(l.key); }}>
                {l.label} ({lists ? lists[l.key].length : '…'})
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <table className="govuk-table" data-testid="handover-list">
        <caption className="govuk-table__caption govuk-table__caption--m">{info.label}: {info.hint.toLowerCase()}</caption>
        <thead className="govuk-table__head"><tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">Prisoner</th><th scope="col" className="govuk-table__header">Handover</th>
          <th scope="col" className="govuk-table__header">Release</th><th scope="col" className="govuk-table__header">Responsible today</th>
          <th scope="col" className="govuk-table__header">POM</th><th scope="col" className="govuk-table__header">COM</th>
          <th scope="col" className="govuk-table__header">Checklist outstanding</th>
        </tr></thead>
        <tbody className="govuk-table__body">
          {rows.map((r) => (
            <tr className="govuk-table__row" key={r.prisonerNumber}>
              <td className="govuk-table__cell"><Link className="govuk-link" to={`/prisoners/${r.prisonerNumber}/obligations`}>{r.prisonerName}</Link><br /><span className="omu-note">{r.prisonerNumber}</span></td>
              <td className="govuk-table__cell omu-nowrap" title={r.basis}>{formatUk(r.handoverDate)}</td>
              <td className="govuk-table__cell omu-nowrap">{formatUk(r.earliestRelease)}</td>
              <td className="govuk-table__cell">{RESPONSIBILITY[r.responsibility]}</td>
              <td className="govuk-table__cell">{r.pomName ?? 'Unallocated'}</td>
              <td className="govuk-table__cell">{r.comName ?? <span className="omu-warning-text">None</span>}</td>
              <td className="govuk-table__cell">{r.tasksOutstanding.length ? `${r.type}: ${r.tasksOutstanding.join('; ')}` : `${r.type}: done`}</td>
            </tr>
          ))}
          {lists && !rows.length && <tr className="govuk-table__row"><td className="govuk-table__cell" colSpan={7}>No prisoners on this list.</td></tr>}
        </tbody>
      </table>
      <h2 className="govuk-heading-m">Handover packs due</h2>
      <p className="govuk-body">Handover in the next 8 weeks and no pack sent yet: {packsDue ? packsDue.length : '…'} prisoner(s).</p>
      {packMessage && <p className="govuk-body" role="status"><strong>{packMessage}</strong></p>}
      {packsDue && packsDue.length > 0 && (
        <>
          <button type="button" className="govuk-button govuk-button--secondary" onClick={exportAll}>Export all {packsDue.length} handover packs</button>
          <ul className="govuk-list" data-testid="packs-due">
            {packsDue.map((r) => <li key={r.prisonerNumber}>{formatUk(r.handoverDate)}: <Link className="govuk-link" to={`/prisoners/${r.prisonerNumber}`}>{r.name}</Link> {r.prisonerNumber} (POM {r.pomName ?? 'unallocated'}, COM {r.comName ?? 'none'})</li>)}
          </ul>
        </>
      )}
    </>
  );
}
