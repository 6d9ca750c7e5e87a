import { useEffect, useRef, useState } from 'react';
import { send, setReauthenticate } from '../api/client';
import { PasswordInput } from '../pages/SignIn';

interface Pending {
  message: string;
  operation: string;
  resolve: (confirmed: boolean) => void;
}

/**
 * "Confirm it's you": when a decision of record finds the password stale, a modal dialog asks for it; once the
 * router accepts it, the decision is sent again (renderer/api/client.ts). Cancelling leaves the decision unmade.
 */
export function ReauthDialog() {
  const [pending, setPending] = useState<Pending | null>(null);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    setReauthenticate(
      (message, operation) => new Promise<boolean>((resolve) => setPending({ message, operation, resolve })),
    );
    return () => setReauthenticate(null);
  }, []);
  useEffect(() => {
    if (pending && !dialog.current?.open) dialog.current?.showModal();
    if (!pending && dialog.current?.open) dialog.current.close();
  }, [pending]);

  function finish(confirmed: boolean) {
    pending?.resolve(confirmed);
    setPending(null);
    setPassword('');
    setError(undefined);
  }

  async function confirm(e: React.FormEvent) {
    e.preventDefault();
    if (!password) {
      setError('Enter your password');
      return;
    }
    const res = await send('session/reauthenticate', { password, operation: pending!.operation });
    if (res.ok) finish(true);
    else {
      setPassword('');
      setError(res.error.message);
    }
  }

  return (
    <dialog
      ref={dialog}
      className="omu-dialog"
      aria-labelledby="reauth-title"
      onCancel={(e) => {
        e.preventDefault();
        finish(false);
      }}
      data-testid="reauth-dialog"
    >
      {pending && (
        <form onSubmit={confirm} noValidate>
          <h2 className="govuk-heading-m" id="reauth-title">
            Confirm it&rsquo;s you
          </h2>
          <p className="govuk-body">
            {pending.message
              .replace(/^Enter your password again to /, 'You are about to ')
              .replace(/\.$/, '.')}{' '}
            This is a decision of record, so OMU Desk asks for your password again when you last entered it
            more than 5 minutes ago.
          </p>
          <PasswordInput
            id="reauth-password"
            label="Password"
            value={password}
            onChange={setPassword}
            error={error}
            autoComplete="current-password"
          />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button">
              Confirm
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() => finish(false)}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
