import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { call } from '../api/client';
import type { SyncStatus as Status } from '../../shared/api';
import { formatTimestampUk } from '../format';

/** "Saved to the unit server 14:02" or "Offline since 13:10 — 4 changes waiting", checked every few seconds; nothing when not joined. */
export function SyncStatus() {
  const [status, setStatus] = useState<Status | null>(null);
  useEffect(() => {
    let live = true;
    const check = () =>
      call('sync.status', {})
        .then((s) => {
          if (live) setStatus(s);
        })
        .catch(() => undefined);
    void check();
    const timer = setInterval(check, 3000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  if (!status?.joined) return null;
  const time = (iso: string | null) => (iso ? formatTimestampUk(iso).slice(-5) : '');
  const waiting = status.pending
    ? ` — ${status.pending} change${status.pending === 1 ? '' : 's'} waiting`
    : '';
  const text = status.offlineSince
    ? `Offline since ${time(status.offlineSince)}${waiting}`
    : status.lastSyncAt
      ? `Saved to the unit server ${time(status.lastSyncAt)}${waiting}`
      : `Not yet synced${waiting}`;
  return (
    <span
      className={`omu-sync${status.offlineSince ? ' omu-sync--offline' : ''}`}
      data-testid="sync-status"
      role="status"
    >
      <Link to="/unit-server" className="moj-header__navigation-link">
        {text}
        {status.notAccepted.length ? ` · ${status.notAccepted.length} not accepted` : ''}
      </Link>
    </span>
  );
}
