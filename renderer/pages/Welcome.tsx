import { useState } from 'react';
import { call, ApiCallError, errorMessage } from '../api/client';
import { useSession } from '../stores/session';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { ROLES, ROLE_LABELS, type Role } from '../../electron/domain/staff/roles';
import type { DemoProgress } from '../../db/demo/load';

/** First start on an empty database: load the demo caseload, or start empty by adding yourself. */
export function FirstRun() {
  const refresh = useSession((s) => s.refresh);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [startEmpty, setStartEmpty] = useState(false);

  const [progress, setProgress] = useState<DemoProgress | null>(null);

  async function loadDemo() {
    setBusy(true);
    setError(null);
    // The load answers questions about its progress between its steps; ask until it has finished.
    let loading = true;
    void (async () => {
      while (loading) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        const now = await call('demo.progress', {}).catch(() => null);
        if (loading && now?.running) setProgress(now.running);
      }
    })();
    try {
      await call('demo.load', {});
      await refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      loading = false;
      setBusy(false);
      setProgress(null);
    }
  }

  if (startEmpty) return <AddYourself onBack={() => setStartEmpty(false)} />;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Welcome to OMU Desk</h1>
        <p className="govuk-body-l">This database is empty.</p>
        {error && <ErrorSummary errors={[{ field: '', message: error }]} />}
        <p className="govuk-body">
          Load the demo caseload to try OMU Desk with about 600 made-up prisoners, staff and dates. The demo is synthetic: no real
          person is in it.
        </p>
        {busy && <DemoLoading progress={progress} />}
        <div className="govuk-button-group">
          <button type="button" className="govuk-button" onClick={loadDemo} disabled={busy} data-testid="load-demo">
            {busy ? 'Loading demo caseload…' : 'Load demo caseload'}
          </button>
          <button type="button" className="govuk-button govuk-button--secondary" onClick={() => setStartEmpty(true)} disabled={busy}>
            Start with an empty caseload
          </button>
        </div>
      </div>
    </div>
  );
}

/** The demo load's progress: prisoners written, then release plans worked through, as one bar. */
function DemoLoading({ progress }: { progress: DemoProgress | null }) {
  const total = progress?.total ?? 0;
  const done = !progress ? 0 : progress.step === 'prisoners' ? progress.done : total + progress.done;
  const text = !progress || total === 0
    ? 'Starting…'
    : progress.step === 'prisoners'
      ? `${progress.done} of ${total} prisoners written`
      : `Release plans for ${progress.done} of ${total} prisoners`;
  return (
    <div className="govuk-!-margin-bottom-6" data-testid="demo-progress">
      <label className="govuk-label govuk-label--s" htmlFor="demo-progress-bar">Loading the demo caseload</label>
      <progress id="demo-progress-bar" max={Math.max(total * 2, 1)} value={done} className="omu-progress" />
      <p className="govuk-body-s" role="status" aria-live="polite">{text}</p>
    </div>
  );
}

function AddYourself({ onBack }: { onBack: () => void }) {
  const { refresh, signIn } = useSession();
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['senior-manager']);
  const [errors, setErrors] = useState<FieldError[]>([]);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    try {
      const me = await call('staff.create', { name, email: null, roles, active: true });
      await signIn(me.id, true);
      await refresh();
    } catch (err) {
      const fields = err instanceof ApiCallError && err.error.fields ? err.error.fields : [{ field: '', message: errorMessage(err) }];
      setErrors(fields.map((f) => ({ field: f.field, message: `${f.field === 'name' ? 'Your name' : f.field === 'roles' ? 'Roles' : ''} ${f.message}`.trim() })));
    }
  }

  return (
    <form onSubmit={submit} noValidate className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Add yourself</h1>
        <ErrorSummary errors={errors} />
        <p className="govuk-body">You will be the first member of staff, and an administrator, so you can add the rest of the unit.</p>
        <div className="govuk-form-group">
          <label className="govuk-label" htmlFor="field-name">Your full name</label>
          <input className="govuk-input govuk-!-width-two-thirds" id="field-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
        </div>
        <RoleCheckboxes roles={roles} onChange={setRoles} />
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button">Continue</button>
          <button type="button" className="govuk-button govuk-button--secondary" onClick={onBack}>Back</button>
        </div>
      </div>
    </form>
  );
}

export function RoleCheckboxes({ roles, onChange, idPrefix = '' }: { roles: Role[]; onChange: (r: Role[]) => void; idPrefix?: string }) {
  return (
    <div className="govuk-form-group">
      <fieldset className="govuk-fieldset" id={`field-${idPrefix}roles`} tabIndex={-1}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">Roles</legend>
        <div className="govuk-checkboxes govuk-checkboxes--small">
          {ROLES.map((r) => (
            <div className="govuk-checkboxes__item" key={r}>
              <input
                className="govuk-checkboxes__input" id={`${idPrefix}role-${r}`} type="checkbox" checked={roles.includes(r)}
                onChange={(e) => onChange(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
              />
              <label className="govuk-label govuk-checkboxes__label" htmlFor={`${idPrefix}role-${r}`}>{ROLE_LABELS[r]}</label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** Who is using this workstation: chosen from the staff list and remembered for this computer account. */
export function Identify() {
  const { staff, session, signIn } = useSession();
  const active = staff.filter((s) => s.active);
  const [staffId, setStaffId] = useState('');
  const [remember, setRemember] = useState(true);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!staffId) { setError('Choose your name'); return; }
    try {
      await signIn(staffId, remember);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <form onSubmit={submit} noValidate className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Who are you?</h1>
        {error && <ErrorSummary errors={[{ field: 'staff', message: error }]} />}
        <p className="govuk-body">
          OMU Desk records who makes each change. You are signed in to this computer as <strong>{session?.osAccount}</strong>.
        </p>
        <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor="field-staff">Your name</label>
          {error && <p className="govuk-error-message"><span className="govuk-visually-hidden">Error:</span> {error}</p>}
          <select className="govuk-select" id="field-staff" value={staffId} onChange={(e) => setStaffId(e.target.value)}>
            <option value="">Choose your name</option>
            {active.map((s) => (
              <option key={s.id} value={s.id}>{s.name}</option>
            ))}
          </select>
        </div>
        <div className="govuk-form-group">
          <div className="govuk-checkboxes govuk-checkboxes--small">
            <div className="govuk-checkboxes__item">
              <input className="govuk-checkboxes__input" id="remember" type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
              <label className="govuk-label govuk-checkboxes__label" htmlFor="remember">Remember me on this computer account</label>
            </div>
          </div>
        </div>
        <p className="govuk-body-s">Not on the list? Ask an administrator or the head of OMU to add you on the Staff page.</p>
        <button type="submit" className="govuk-button">Continue</button>
      </div>
    </form>
  );
}
