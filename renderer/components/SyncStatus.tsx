import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { useSync } from '../stores/sync';
import { formatTimestampUk } from '../format';

/**
 * The header's link to the unit server, on a joined workstation: "Saved to the unit server 14:02", "Offline since
 * 13:10 — 4 changes waiting" or "Refused by the unit server", read every few seconds, and "Sync now" beside it, at
 * the right of the header's first row (the account links below it already fill a 1366-pixel screen's width); nothing
 * when not joined.
 */
export function SyncStatus() {
  const { status, syncing, refresh, syncNow } = useSync();
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 3000);
    return () => clearInterval(timer);
  }, [refresh]);
  if (!status?.joined) return null;
  const time = (iso: string | null) => (iso ? formatTimestampUk(iso).slice(-5) : '');
  const waiting = status.pending
    ? ` — ${status.pending} change${status.pending === 1 ? '' : 's'} waiting`
    : '';
  const text = syncing
    ? 'Syncing with the unit server…'
    : status.refusal
      ? `Refused by the unit server${waiting}`
      : status.offlineSince
        ? `Offline since ${time(status.offlineSince)}${waiting}`
        : status.lastSyncAt
          ? `Saved to the unit server ${time(status.lastSyncAt)}${waiting}`
          : `Not yet synced${waiting}`;
  const warn = !syncing && (status.refusal || status.offlineSince);
  return (
    <div className="omu-header-sync" data-testid="sync-bar">
      <span className={`omu-sync${warn ? ' omu-sync--offline' : ''}`} data-testid="sync-status" role="status">
        <Link to="/unit-server" className="moj-header__navigation-link">
          {text}
          {status.notAccepted.length ? ` · ${status.notAccepted.length} not accepted` : ''}
        </Link>
      </span>
      <button
        type="button"
        className="omu-link-button moj-header__navigation-link omu-header-sync__now"
        data-testid="sync-now"
        aria-disabled={syncing || undefined}
        onClick={() => void syncNow()}
      >
        Sync now
      </button>
    </div>
  );
}
