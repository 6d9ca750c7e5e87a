import { useEffect, useRef, useState } from 'react';
import { send } from '../api/client';
import { PasswordInput } from '../pages/SignIn';
import { useSession } from '../stores/session';
import { useSync } from '../stores/sync';
import { announce } from '../stores/announcer';
import { formatTimestampUk } from '../format';

const changes = (n: number) => `${n} change${n === 1 ? '' : 's'}`;

/**
 * Asked once a sign-in (or unlock): the person's password was changed on the unit server after they made changes here
 * that had not reached it, and the server accepts a change only signed with the password as it is now. Their previous
 * password proves the changes are theirs; the main process signs them again with the current one and sends them
 * (electron/sync/engine.ts `confirmEarlierChanges`). "Not now" leaves them waiting here, asked again at the next sign-in.
 */
export function EarlierChangesDialog() {
  const session = useSession((s) => s.session);
  const apply = useSession((s) => s.apply);
  const refreshSync = useSync((s) => s.refresh);
  const waiting = session?.state === 'signed-in' ? session.earlierChanges : null;
  const who = session?.staff?.id ?? null;
  // Asked once for each time the person signs in or unlocks: "Not now" keeps it closed until then.
  const [dismissedFor, setDismissedFor] = useState<string | null>(null);
  // Signed out or locked: asked again at the next sign-in or unlock (state adjusted while rendering, not in an effect).
  if (session?.state !== 'signed-in' && dismissedFor !== null) setDismissedFor(null);
  const open = !!waiting && !!who && dismissedFor !== who;
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open]);

  function notNow() {
    setDismissedFor(who);
    setPassword('');
    setError(undefined);
  }

  async function confirm(e: React.FormEvent) {
    e.preventDefault();
    if (busy) return;
    if (!password) {
      setError('Enter the password you had before');
      return;
    }
    setBusy(true);
    try {
      const res = await send('session/confirm-earlier-changes', { previousPassword: password });
      setPassword('');
      if (!res.ok) {
        setError(res.error.message);
        return;
      }
      setError(undefined);
      const { confirmed, left, sent } = res.value;
      announce(
        `${changes(confirmed)} signed again with your current password${sent ? ' and sent to the unit server' : ': sent when this workstation next reaches the unit server'}.${left ? ` ${changes(left)} made with another password still ${left === 1 ? 'waits' : 'wait'}.` : ''}`,
      );
      await apply(res.value.session);
      void refreshSync();
    } finally {
      setBusy(false);
    }
  }

  const when = waiting?.changedAt ? ` on ${formatTimestampUk(waiting.changedAt)}` : '';
  const n = waiting?.changes.length ?? 0;
  return (
    <dialog
      ref={dialog}
      className="omu-dialog"
      aria-labelledby="earlier-changes-title"
      onCancel={(e) => {
        e.preventDefault();
        notNow();
      }}
      data-testid="earlier-changes-dialog"
    >
      {open && waiting && (
        <form onSubmit={confirm} noValidate>
          <h2 className="govuk-heading-m" id="earlier-changes-title">
            Send the {n === 1 ? 'change' : 'changes'} you made here before your password changed
          </h2>
          <p className="govuk-body">
            Your password was changed on the unit server{when}. Before that you made {changes(n)} on this
            workstation that had not reached the unit server yet, signed with your previous password:
          </p>
          <ul className="govuk-list govuk-list--bullet" data-testid="earlier-changes">
            {waiting.changes.map((c, i) => (
              <li key={i}>
                {c.description}, {formatTimestampUk(c.at)}
              </li>
            ))}
          </ul>
          <p className="govuk-body">
            The unit server accepts a change only when it is signed with your password as it is now. Enter the
            password you had before: it shows that {n === 1 ? 'this change is' : 'these changes are'} yours,
            and {n === 1 ? 'it is' : 'they are'} signed again with your current password and sent. Until then{' '}
            {n === 1 ? 'it waits' : 'they wait'} here; nothing is lost.
          </p>
          <PasswordInput
            id="previousPassword"
            label="Your previous password"
            value={password}
            onChange={setPassword}
            error={error}
            autoComplete="current-password"
          />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={busy}>
              Sign and send
            </button>
            <button type="button" className="govuk-button govuk-button--secondary" onClick={notNow}>
              Not now
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
