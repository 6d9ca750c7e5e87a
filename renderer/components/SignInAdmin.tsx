import { useEffect, useState } from 'react';
import { call, errorMessage, ApiCallError } from '../api/client';
import { useSession } from '../stores/session';
import { ErrorSummary, Notice, type FieldError } from './ErrorSummary';
import type { IssuedCodeView, SignInStatus } from '../../shared/staff';
import type { SignInEvent } from '../../shared/staff';

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' });
const day = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { timeZone: 'Europe/London' });

function Status({ s }: { s: SignInStatus }) {
  if (s.waitUntil)
    return (
      <strong className="govuk-tag govuk-tag--red">
        Waiting until{' '}
        {new Date(s.waitUntil).toLocaleTimeString('en-GB', {
          hour: '2-digit',
          minute: '2-digit',
          timeZone: 'Europe/London',
        })}
      </strong>
    );
  if (s.codeExpiresAt)
    return (
      <strong className="govuk-tag govuk-tag--yellow">Code issued, expires {day(s.codeExpiresAt)}</strong>
    );
  if (s.hasPassword)
    return (
      <strong className="govuk-tag govuk-tag--green">
        Password set {s.passwordSetAt ? day(s.passwordSetAt) : ''}
      </strong>
    );
  return <strong className="govuk-tag govuk-tag--grey">No password</strong>;
}

/**
 * The administrator's part of the Staff page: who can sign in, one-time codes (a reset), computer-account bindings
 * and when sessions lock. Every act here is audited and asks for the password again when it is stale. On a workstation
 * joined to a unit server (`unitServer`), the server holds the unit's passwords and issues the codes: the page says so
 * instead of offering a code it would refuse.
 */
export function SignInAdmin({ unitServer = null }: { unitServer?: { url: string; prison: string } | null }) {
  const { session, staff, refresh } = useSession();
  const [status, setStatus] = useState<SignInStatus[]>([]);
  const [issued, setIssued] = useState<IssuedCodeView | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [osAccount, setOsAccount] = useState('');
  const [bindTo, setBindTo] = useState('');
  const [minutes, setMinutes] = useState(String(session?.idleLockMinutes ?? 10));
  const [events, setEvents] = useState<SignInEvent[]>([]);
  const load = () =>
    Promise.all([call('credentials/status', {}), call('credentials/events', { limit: 20 })])
      .then(([s, ev]) => {
        setStatus(s);
        setEvents(ev);
      })
      .catch((e) => setErrors([{ field: '', message: errorMessage(e) }]));
  useEffect(() => {
    void load();
  }, [staff]);

  const fail = (e: unknown, fallback = '') => {
    const err = e instanceof ApiCallError ? e.error : null;
    setErrors(
      (err?.fields?.length ? err.fields : [{ field: err?.field ?? fallback, message: errorMessage(e) }]).map(
        (f) => ({ field: f.field ? `signin-${f.field}` : '', message: f.message }),
      ),
    );
  };

  async function issue(member: SignInStatus) {
    try {
      setIssued(await call('credentials/issue-code', { staffId: member.staffId }));
      setMessage(null);
      setErrors([]);
      await load();
    } catch (e) {
      fail(e);
    }
  }
  async function bind(e: React.FormEvent) {
    e.preventDefault();
    try {
      await call('credentials/bind-account', { osAccount, staffId: bindTo });
      const name = staff.find((m) => m.id === bindTo)?.name;
      setMessage(`The computer account ${osAccount} now signs in as ${name}.`);
      setIssued(null);
      setErrors([]);
      setOsAccount('');
      setBindTo('');
      await load();
    } catch (err) {
      fail(err, 'osAccount');
    }
  }
  async function unbind(account: string) {
    try {
      await call('credentials/unbind-account', { osAccount: account });
      setMessage(`The computer account ${account} is no longer bound.`);
      setIssued(null);
      setErrors([]);
      await load();
    } catch (e) {
      fail(e);
    }
  }
  async function saveLock(e: React.FormEvent) {
    e.preventDefault();
    try {
      const r = await call('session/set-idle-lock', { minutes: Number(minutes) });
      setMessage(`OMU Desk now locks after ${r.minutes} minutes without use.`);
      setIssued(null);
      setErrors([]);
      await refresh();
    } catch (err) {
      fail(err, 'minutes');
    }
  }

  return (
    <section className="govuk-!-margin-top-8" aria-labelledby="sign-in-heading" data-testid="sign-in-admin">
      <h2 className="govuk-heading-l" id="sign-in-heading">
        Signing in
      </h2>
      {issued && (
        <Notice>
          <p className="govuk-notification-banner__heading">
            One-time code for {issued.name}:{' '}
            <strong className="omu-code" data-testid="issued-code">
              {issued.code}
            </strong>
          </p>
          <p className="govuk-body">
            It works once, until {when(issued.expiresAt)}, and is not shown again. Give it to {issued.name} in
            person: they choose &ldquo;Set your password with a one-time code&rdquo; on the sign-in page. Any
            password they had no longer works.
          </p>
        </Notice>
      )}
      {message && (
        <Notice>
          <p className="govuk-notification-banner__heading">{message}</p>
        </Notice>
      )}
      <ErrorSummary errors={errors} />
      {unitServer && (
        <div className="govuk-inset-text" data-testid="passwords-on-unit-server">
          This workstation is joined to the unit server at {unitServer.url}, which holds the unit&rsquo;s
          passwords. To give someone a first password or reset theirs, issue a one-time code on the unit
          server (
          <code>omu-server reset-password --prison {unitServer.prison} --staff &quot;Their Name&quot;</code>
          ); they set their password here with it.
        </div>
      )}
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Who can sign in</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Name
            </th>
            <th scope="col" className="govuk-table__header">
              Password
            </th>
            <th scope="col" className="govuk-table__header">
              Computer accounts
            </th>
            <th scope="col" className="govuk-table__header">
              <span className="govuk-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {status
            .filter((s) => s.active)
            .map((s) => (
              <tr className="govuk-table__row" key={s.staffId}>
                <td className="govuk-table__cell">{s.name}</td>
                <td className="govuk-table__cell">
                  <Status s={s} />
                </td>
                <td className="govuk-table__cell">
                  {s.osAccounts.map((a) => (
                    <span key={a} className="omu-nowrap">
                      {a}{' '}
                      <button
                        type="button"
                        className="omu-link-button govuk-link"
                        onClick={() => void unbind(a)}
                      >
                        Unbind<span className="govuk-visually-hidden"> {a}</span>
                      </button>{' '}
                    </span>
                  ))}
                </td>
                <td className="govuk-table__cell">
                  {!unitServer && (
                    <button
                      type="button"
                      className="omu-link-button govuk-link"
                      onClick={() => void issue(s)}
                    >
                      {s.hasPassword
                        ? 'Reset password'
                        : s.codeExpiresAt
                          ? 'Issue a new code'
                          : 'Issue one-time code'}
                      <span className="govuk-visually-hidden"> for {s.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
        </tbody>
      </table>

      <div className="govuk-grid-row">
        <form onSubmit={bind} noValidate className="govuk-grid-column-one-half">
          <h3 className="govuk-heading-m">Bind a computer account</h3>
          <p className="govuk-body-s">
            A bound computer account signs in as its person without a password, because the prison&rsquo;s own
            logon has already proved who it is. Decisions of record still need their password.
          </p>
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="field-signin-osAccount">
              Computer account name
            </label>
            <div className="govuk-hint">As the computer shows it, without the domain: for example jsmith</div>
            <input
              className="govuk-input govuk-!-width-two-thirds"
              id="field-signin-osAccount"
              spellCheck={false}
              value={osAccount}
              onChange={(e) => setOsAccount(e.target.value)}
            />
          </div>
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="field-signin-staffId">
              Member of staff
            </label>
            <select
              className="govuk-select"
              id="field-signin-staffId"
              value={bindTo}
              onChange={(e) => setBindTo(e.target.value)}
            >
              <option value="">Choose a member of staff</option>
              {staff
                .filter((m) => m.active)
                .map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
            </select>
          </div>
          <button type="submit" className="govuk-button govuk-button--secondary">
            Bind computer account
          </button>
        </form>
        <form onSubmit={saveLock} noValidate className="govuk-grid-column-one-half">
          <h3 className="govuk-heading-m">Locking</h3>
          <div className="govuk-form-group">
            <label className="govuk-label govuk-label--s" htmlFor="field-signin-minutes">
              Lock OMU Desk after this many minutes without use
            </label>
            <div className="govuk-hint">
              From 1 to 60. Unlocking needs the person&rsquo;s password. Anyone can lock at once with Ctrl+L.
            </div>
            <div className="govuk-input__wrapper">
              <input
                className="govuk-input govuk-input--width-3"
                id="field-signin-minutes"
                inputMode="numeric"
                value={minutes}
                onChange={(e) => setMinutes(e.target.value)}
              />
              <div className="govuk-input__suffix" aria-hidden="true">
                minutes
              </div>
            </div>
          </div>
          <button type="submit" className="govuk-button govuk-button--secondary">
            Save
          </button>
        </form>
      </div>
      <table className="govuk-table govuk-!-margin-top-6" data-testid="sign-in-log">
        <caption className="govuk-table__caption govuk-table__caption--m">Recent sign-in activity</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              When
            </th>
            <th scope="col" className="govuk-table__header">
              Computer account
            </th>
            <th scope="col" className="govuk-table__header">
              What happened
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {events.map((ev) => (
            <tr className="govuk-table__row" key={ev.seq}>
              <td className="govuk-table__cell omu-nowrap">
                {new Date(ev.at).toLocaleString('en-GB', {
                  dateStyle: 'short',
                  timeStyle: 'short',
                  timeZone: 'Europe/London',
                })}
              </td>
              <td className="govuk-table__cell">{ev.osAccount}</td>
              <td className="govuk-table__cell">{ev.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
