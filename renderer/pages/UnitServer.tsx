import { useState } from 'react';
import { call } from '../api/client';
import { useSync } from '../stores/sync';
import { useView } from '../hooks/useView';
import { usePageTitle } from '../hooks/usePageTitle';
import { Feedback } from '../components/Feedback';
import { formatTimestampUk } from '../format';
import type { SeedProgress } from '../../shared/api';
import { ProgressBar } from '../components/ProgressBar';

/**
 * The unit server: this workstation's link, the changes the server did not accept and why; joining, for an
 * administrator. "Sync now" is in the header, on every page; this page shows the same status as the header.
 */
export function UnitServerPage() {
  usePageTitle('Unit server');
  const { status: s, refresh } = useSync();
  const view = useView(refresh, [refresh]);
  const [progress, setProgress] = useState<SeedProgress | null>(null);
  // A join under way: its button does not start a second one.
  const [busy, setBusy] = useState(false);
  const [form, setForm] = useState({ url: '', code: '', workstation: '', adminName: '', password: '' });
  const set = (k: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [k]: e.target.value });
  if (!s) return <h1 className="govuk-heading-l">Unit server</h1>;
  return (
    <>
      <h1 className="govuk-heading-l">Unit server</h1>
      {/* Above both views: a join's answer is shown on the joined view it leads to. */}
      <Feedback feedback={view.feedbackAt('join')} />
      {s.joined ? (
        <>
          <dl className="govuk-summary-list">
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Prison</dt>
              <dd className="govuk-summary-list__value">
                {s.prisonName} ({s.prison})
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Server</dt>
              <dd className="govuk-summary-list__value">{s.serverUrl}</dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Last saved to the server</dt>
              <dd className="govuk-summary-list__value">
                {s.lastSyncAt ? formatTimestampUk(s.lastSyncAt) : 'Not yet'}
              </dd>
            </div>
            <div className="govuk-summary-list__row">
              <dt className="govuk-summary-list__key">Changes waiting to be sent</dt>
              <dd className="govuk-summary-list__value" data-testid="pending">
                {s.pending}
              </dd>
            </div>
            {s.offlineSince && (
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Offline since</dt>
                <dd className="govuk-summary-list__value">
                  {formatTimestampUk(s.offlineSince)}: {s.lastError}
                </dd>
              </div>
            )}
            {s.refusal && (
              <div className="govuk-summary-list__row">
                <dt className="govuk-summary-list__key">Refused by the unit server</dt>
                <dd className="govuk-summary-list__value" data-testid="refusal">
                  {s.refusal}
                </dd>
              </div>
            )}
          </dl>
          <p className="govuk-body">
            Changes made here are sent after each change and every few seconds; <strong>Sync now</strong>, at
            the top of every page, sends them at once and takes everyone else&rsquo;s.
          </p>
          {s.waitingForMaker.length > 0 && (
            <>
              <h2 className="govuk-heading-m">Changes waiting for the person who made them</h2>
              <ul className="govuk-list govuk-list--bullet" data-testid="waiting-for-maker">
                {s.waitingForMaker.map((w) => (
                  <li key={w.staffId}>{w.words}</li>
                ))}
              </ul>
            </>
          )}
          <h2 className="govuk-heading-m">Changes not accepted</h2>
          {s.notAccepted.length === 0 ? (
            <p className="govuk-body">The unit server has accepted every change made here.</p>
          ) : (
            <table className="govuk-table" data-testid="not-accepted">
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Made
                  </th>
                  <th scope="col" className="govuk-table__header">
                    By
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Change
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Why it was not accepted
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {s.notAccepted.map((r) => (
                  <tr className="govuk-table__row" key={r.seq}>
                    <td className="govuk-table__cell">{formatTimestampUk(r.at)}</td>
                    <td className="govuk-table__cell">{r.actor}</td>
                    <td className="govuk-table__cell">{r.description}</td>
                    <td className="govuk-table__cell">{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      ) : (
        <>
          <p className="govuk-body">
            This workstation keeps its own caseload. To share one caseload with the rest of the unit, an
            administrator joins it to the unit server with an enrolment code (<code>omu-server enrol</code>).
          </p>
          {progress && <JoinProgress progress={progress} />}
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (busy) return;
              setBusy(true);
              // Bringing this workstation's caseload answers questions about its progress meanwhile: ask until it ends.
              let joining = true;
              void (async () => {
                while (joining) {
                  await new Promise((resolve) => setTimeout(resolve, 300));
                  const now = await call('sync/join-progress', {}).catch(() => null);
                  if (joining && now?.running) setProgress(now.running);
                }
              })();
              void view.act(
                'join',
                () =>
                  call('sync/join', {
                    url: form.url,
                    code: form.code,
                    ...(form.workstation ? { workstation: form.workstation } : {}),
                    ...(form.adminName ? { adminName: form.adminName, password: form.password } : {}),
                  }).finally(() => {
                    joining = false;
                    setProgress(null);
                    setBusy(false);
                  }),
                'Joined the unit server.',
                { fieldPrefix: 'join-' },
              );
            }}
          >
            {(
              [
                ['url', 'Unit server address'],
                ['code', 'Enrolment code'],
                ['workstation', 'This workstation’s name (optional)'],
                [
                  'adminName',
                  'If this workstation already holds a caseload: the server administrator’s name',
                ],
              ] as const
            ).map(([k, label]) => (
              <div className="govuk-form-group" key={k}>
                <label className="govuk-label" htmlFor={`field-join-${k}`}>
                  {label}
                </label>
                <input className="govuk-input" id={`field-join-${k}`} value={form[k]} onChange={set(k)} />
              </div>
            ))}
            {form.adminName && (
              <div className="govuk-form-group">
                <label className="govuk-label" htmlFor="field-join-password">
                  Their password
                </label>
                <input
                  className="govuk-input govuk-input--width-20"
                  id="field-join-password"
                  type="password"
                  value={form.password}
                  onChange={set('password')}
                  autoComplete="current-password"
                />
              </div>
            )}
            <button type="submit" className="govuk-button" disabled={busy} aria-disabled={busy}>
              Join the unit server
            </button>
          </form>
        </>
      )}
    </>
  );
}

/**
 * How far a join has got: sending this workstation's caseload and its writing on the server (when it brings one), then
 * taking the prison's caseload here. One bar across the parts, so it never goes back.
 */
function JoinProgress({ progress }: { progress: SeedProgress }) {
  const n = (x: number) => x.toLocaleString('en-GB');
  const part = progress.total ? Math.min(1, progress.done / progress.total) : 0;
  return (
    <ProgressBar
      id="join-progress-bar"
      testId="join-progress"
      label={
        progress.stage === 'receiving' ? (
          <>Taking the prison&rsquo;s caseload from the unit server</>
        ) : (
          <>Bringing this workstation&rsquo;s caseload to the unit server</>
        )
      }
      max={progress.steps * 1000}
      value={(progress.step - 1) * 1000 + Math.round(part * 1000)}
      text={
        progress.stage === 'sending'
          ? `${n(progress.done)} of ${n(progress.total)} rows sent`
          : progress.stage === 'writing'
            ? `The unit server is writing them: ${n(progress.done)} of ${n(progress.total)} rows written`
            : `${n(progress.done)} of ${n(progress.total)} rows taken`
      }
    />
  );
}
