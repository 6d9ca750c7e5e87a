import { useState } from 'react';
import { call } from '../api/client';
import { useSession } from '../stores/session';
import { Feedback } from '../components/Feedback';
import { NOTHING_TO_LOAD, useView } from '../hooks/useView';
import { ROLES, ROLE_LABELS, type Role } from '../../shared/staff';
import type { DemoProgress } from '../../shared/api';
import { FirstAdministrator } from './SignIn';
import { usePageTitle } from '../hooks/usePageTitle';
import { ProgressBar } from '../components/ProgressBar';

/** First start on an empty database: load the demo caseload, or start empty with the first administrator. */
export function FirstRun() {
  usePageTitle('Welcome');
  const refresh = useSession((s) => s.refresh);
  // Nothing to load: the view is the demo load's outcome (its notice, or its error, read out in the live region).
  const view = useView(NOTHING_TO_LOAD, []);
  const busy = view.busy;
  const [startEmpty, setStartEmpty] = useState(false);

  const [progress, setProgress] = useState<DemoProgress | null>(null);

  async function loadDemo() {
    // The load answers questions about its progress between its steps; ask until it has finished (the bar stays
    // where it got to until the page changes: set back to nothing only when a new load starts).
    setProgress(null);
    let loading = true;
    void (async () => {
      while (loading) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        const now = await call('caseload/demo-progress', {}).catch(() => null);
        if (loading && now?.running) setProgress(now.running);
      }
    })();
    await view.act(
      'demo',
      async () => {
        try {
          const loaded = await call('caseload/load-demo', {});
          await refresh();
          return loaded;
        } finally {
          loading = false;
        }
      },
      'The demo caseload is loaded. Sign in as any member of its staff.',
      { reload: false },
    );
  }

  if (startEmpty) return <FirstAdministrator onBack={() => setStartEmpty(false)} />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Welcome to OMU Desk</h1>
        <p className="govuk-body-l">This database is empty.</p>
        <Feedback feedback={view.feedbackAt('demo')} />
        <p className="govuk-body">
          Load the demo caseload to try OMU Desk with about 600 made-up prisoners, staff and dates. The demo
          is synthetic: no real person is in it, and every member of its staff signs in with the password{' '}
          <strong className="omu-nowrap">demo-password</strong>.
        </p>
        {busy && <DemoLoading progress={progress} />}
        <div className="govuk-button-group">
          <button
            type="button"
            className="govuk-button"
            onClick={loadDemo}
            disabled={busy}
            data-testid="load-demo"
          >
            {busy ? 'Loading demo caseload…' : 'Load demo caseload'}
          </button>
          <button
            type="button"
            className="govuk-button govuk-button--secondary"
            onClick={() => setStartEmpty(true)}
            disabled={busy}
          >
            Start with an empty caseload
          </button>
        </div>
      </div>
    </div>
  );
}

/** The demo load's progress: prisoners written, then their release plans, as one bar. */
function DemoLoading({ progress }: { progress: DemoProgress | null }) {
  const n = (x: number) => x.toLocaleString('en-GB');
  const total = progress?.total ?? 0;
  return (
    <ProgressBar
      id="demo-progress-bar"
      testId="demo-progress"
      label="Loading the demo caseload"
      max={total * 2}
      value={!progress ? 0 : progress.step === 'prisoners' ? progress.done : total + progress.done}
      text={
        !progress || total === 0
          ? 'Loading the demo: starting'
          : progress.step === 'prisoners'
            ? `Loading the demo: ${n(progress.done)} of ${n(total)} prisoners`
            : `Loading the demo: release plans for ${n(progress.done)} of ${n(total)} prisoners`
      }
    />
  );
}

export function RoleCheckboxes({
  roles,
  onChange,
  idPrefix = '',
  error,
}: {
  roles: Role[];
  onChange: (r: Role[]) => void;
  idPrefix?: string;
  error?: string;
}) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" id={`field-${idPrefix}roles`} tabIndex={-1}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Roles</legend>
        {error && (
          <p className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <div className="govuk-checkboxes govuk-checkboxes--small">
          {ROLES.map((r) => (
            <div className="govuk-checkboxes__item" key={r}>
              <input
                className="govuk-checkboxes__input"
                id={`${idPrefix}role-${r}`}
                type="checkbox"
                checked={roles.includes(r)}
                onChange={(e) => onChange(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={`${idPrefix}role-${r}`}>
                {ROLE_LABELS[r]}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
