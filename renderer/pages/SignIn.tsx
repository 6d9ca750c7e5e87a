import { useEffect, useRef, useState } from 'react';
import { ApiCallError, call, errorMessage, send } from '../api/client';
import { useSession } from '../stores/session';
import { ErrorSummary, Notice, type FieldError } from '../components/ErrorSummary';
import { Feedback } from '../components/Feedback';
import { NOTHING_TO_LOAD, useView } from '../hooks/useView';
import { RoleCheckboxes } from './Welcome';
import type { Role } from '../../shared/staff';
import type { OpInput, OpName } from '../../shared/api';
import type { SessionInfo } from '../../shared/staff';
import { usePageTitle } from '../hooks/usePageTitle';

const REMEMBERED_NAME = 'omu-desk:remembered-name';
const rememberedName = () => {
  try {
    return localStorage.getItem(REMEMBERED_NAME) ?? '';
  } catch {
    return '';
  }
};
const rememberName = (name: string | null) => {
  try {
    if (name) localStorage.setItem(REMEMBERED_NAME, name);
    else localStorage.removeItem(REMEMBERED_NAME);
  } catch {
    /* storage unavailable: nothing to remember */
  }
};

/** GOV.UK password input: a text field with a "Show" button that reveals what was typed. */
export function PasswordInput({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  autoComplete,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (v: string) => void;
  autoComplete: 'current-password' | 'new-password' | 'one-time-code';
}) {
  const [shown, setShown] = useState(false);
  return (
    <div className={`govuk-form-group govuk-password-input${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={`field-${id}`}>
        {label}
      </label>
      {hint && (
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <p className="govuk-error-message" id={`${id}-error`}>
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      <div className="govuk-input__wrapper govuk-password-input__wrapper">
        <input
          className={`govuk-input govuk-password-input__input govuk-js-password-input-input govuk-!-width-one-half${error ? ' govuk-input--error' : ''}`}
          id={`field-${id}`}
          name={id}
          type={shown ? 'text' : 'password'}
          spellCheck={false}
          autoCapitalize="none"
          autoComplete={autoComplete}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={
            [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
          }
        />
        <button
          type="button"
          className="govuk-button govuk-button--secondary govuk-password-input__toggle"
          aria-controls={`field-${id}`}
          aria-label={`${shown ? 'Hide' : 'Show'} ${label.toLowerCase()}`}
          onClick={() => setShown(!shown)}
        >
          {shown ? 'Hide' : 'Show'}
        </button>
      </div>
      <div className="govuk-password-input__sr-status govuk-visually-hidden" aria-live="polite">
        {shown ? `Your ${label.toLowerCase()} is visible` : ''}
      </div>
    </div>
  );
}

function TextInput({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  autoComplete,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (v: string) => void;
  autoComplete?: string;
}) {
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={`field-${id}`}>
        {label}
      </label>
      {hint && (
        <div className="govuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      {error && (
        <p className="govuk-error-message" id={`${id}-error`}>
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      <input
        className={`govuk-input govuk-!-width-one-half${error ? ' govuk-input--error' : ''}`}
        id={`field-${id}`}
        name={id}
        spellCheck={false}
        autoComplete={autoComplete}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={
          [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
        }
      />
    </div>
  );
}

/** Server refusals as GOV.UK field errors (a refusal without a field is shown against `fallback`). */
const asErrors =
  (fallback: string) =>
  (e: unknown): FieldError[] => {
    if (e instanceof ApiCallError) {
      if (e.error.fields?.length)
        return e.error.fields.map((f) => ({ field: f.field || fallback, message: f.message }));
      return [{ field: e.error.field ?? fallback, message: e.error.message }];
    }
    return [{ field: fallback, message: errorMessage(e) }];
  };
const errorFor = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

/** Each signed-out form is one view with nothing to load: its change, and the problems shown where it was made. */
const FORM = 'form';
function useForm() {
  const view = useView(NOTHING_TO_LOAD, []);
  return { view, errors: view.errorsAt(FORM) };
}

/** Sends one of the session operations and turns its refusal into an exception the form can show. */
async function sessionCall<K extends OpName>(name: K, input: OpInput<K>): Promise<SessionInfo> {
  const res = await send(name, input);
  if (!res.ok) throw new ApiCallError(res.error);
  return res.value as SessionInfo;
}

/** The signed-out screens: sign in with a password, or set a first (or reset) password with a one-time code. */
export function SignInScreens() {
  const { session, setupCode, notice } = useSession();
  const [mode, setMode] = useState<'sign-in' | 'set-password'>(setupCode ? 'set-password' : 'sign-in');
  const [name, setName] = useState(setupCode?.name ?? rememberedName());
  return mode === 'sign-in' ? (
    <SignIn
      session={session!}
      notice={notice}
      name={name}
      setName={setName}
      onSetPassword={() => setMode('set-password')}
    />
  ) : (
    <SetPassword name={name} setName={setName} onBack={() => setMode('sign-in')} />
  );
}

function SignIn({
  session,
  notice,
  name,
  setName,
  onSetPassword,
}: {
  session: SessionInfo;
  notice: string | null;
  name: string;
  setName: (n: string) => void;
  onSetPassword: () => void;
}) {
  usePageTitle('Sign in');
  const { apply, setNotice } = useSession();
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(rememberedName() !== '');
  const { view, errors } = useForm();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const missing: FieldError[] = [];
    if (!name.trim()) missing.push({ field: 'name', message: 'Enter your name' });
    if (!password) missing.push({ field: 'password', message: 'Enter your password' });
    if (missing.length) {
      view.refuse(FORM, missing);
      return;
    }
    const made = await view.attempt(
      FORM,
      async () => {
        const signedIn = await sessionCall('session/sign-in', { name, password });
        rememberName(remember ? name.trim() : null);
        setNotice(null);
        await apply(signedIn);
        return signedIn;
      },
      (s) => `Signed in as ${s.staff?.name ?? name.trim()}.`,
      { errors: asErrors('password'), reload: false },
    );
    if (!made) setPassword('');
  }

  const asBound = () =>
    view.act(
      FORM,
      async () => {
        const signedIn = await sessionCall('session/sign-in-with-computer-account', {});
        await apply(signedIn);
        return signedIn;
      },
      (s) => `Signed in as ${s.staff?.name ?? session.boundTo}.`,
      { errors: asErrors('name'), reload: false },
    );

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {notice && (
          <Notice kind="important">
            <p className="govuk-notification-banner__heading">{notice}</p>
          </Notice>
        )}
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Sign in to OMU Desk</h1>
        {session.boundTo && (
          <div className="govuk-inset-text">
            <p className="govuk-body">
              This computer account ({session.osAccount}) signs in as <strong>{session.boundTo}</strong>.
            </p>
            <button
              type="button"
              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
              onClick={asBound}
              data-testid="sign-in-bound"
            >
              Continue as {session.boundTo}
            </button>
          </div>
        )}
        {session.demoPassword && (
          <div className="govuk-inset-text" data-testid="demo-password">
            This is the demo caseload: every member of its staff signs in with the password{' '}
            <strong className="omu-nowrap">{session.demoPassword}</strong>.
          </div>
        )}
        <form onSubmit={submit} noValidate>
          <TextInput
            id="name"
            label="Your name"
            hint="As it is on the staff list, or your work e-mail address"
            value={name}
            onChange={setName}
            error={errorFor(errors, 'name')}
            autoComplete="username"
          />
          <PasswordInput
            id="password"
            label="Password"
            value={password}
            onChange={setPassword}
            error={errorFor(errors, 'password')}
            autoComplete="current-password"
          />
          <div className="govuk-form-group">
            <div className="govuk-checkboxes govuk-checkboxes--small">
              <div className="govuk-checkboxes__item">
                <input
                  className="govuk-checkboxes__input"
                  id="remember-name"
                  type="checkbox"
                  checked={remember}
                  onChange={(e) => setRemember(e.target.checked)}
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor="remember-name">
                  Remember my name on this computer (never my password)
                </label>
              </div>
            </div>
          </div>
          <button type="submit" className="govuk-button" disabled={view.busy} data-module="govuk-button">
            Sign in
          </button>
        </form>
        <h2 className="govuk-heading-s">First time, or forgotten your password?</h2>
        <p className="govuk-body">
          An administrator gives you a one-time code.{' '}
          <button type="button" className="omu-link-button govuk-link" onClick={onSetPassword}>
            Set your password with a one-time code
          </button>
          .
        </p>
      </div>
    </div>
  );
}

function SetPassword({
  name,
  setName,
  onBack,
}: {
  name: string;
  setName: (n: string) => void;
  onBack: () => void;
}) {
  usePageTitle('Set your password');
  const { apply, setupCode, setSetupCode } = useSession();
  const [code, setCode] = useState('');
  const fields = useNewPassword();
  const { view, errors } = useForm();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const missing: FieldError[] = [];
    if (!name.trim()) missing.push({ field: 'name', message: 'Enter your name' });
    if (!code.trim()) missing.push({ field: 'code', message: 'Enter your one-time code' });
    missing.push(...fields.problems());
    if (missing.length) {
      view.refuse(FORM, missing);
      return;
    }
    await view.act(
      FORM,
      async () => {
        const signedIn = await sessionCall('session/set-password', {
          name,
          code,
          newPassword: fields.newPassword,
          confirmPassword: fields.confirmPassword,
        });
        setSetupCode(null);
        await apply(signedIn);
        return signedIn;
      },
      'Your password is set. You are signed in.',
      { errors: asErrors('code'), reload: false },
    );
  }

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {setupCode && (
          <Notice>
            <p className="govuk-notification-banner__heading">{setupCode.name} is the first administrator.</p>
            <p className="govuk-body">
              Their one-time code is{' '}
              <strong className="omu-code" data-testid="setup-code">
                {setupCode.code}
              </strong>
              . It is shown only this once and works until{' '}
              {new Date(setupCode.expiresAt).toLocaleString('en-GB', {
                dateStyle: 'long',
                timeStyle: 'short',
                timeZone: 'Europe/London',
              })}
              . Use it now to set the password, or write it down and give it to {setupCode.name} in person.
            </p>
          </Notice>
        )}
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Set your password</h1>
        <p className="govuk-body">
          Use the one-time code an administrator gave you. It works once. Your old password, if you had one,
          no longer works.
        </p>
        <form onSubmit={submit} noValidate>
          <TextInput
            id="name"
            label="Your name"
            hint="As it is on the staff list, or your work e-mail address"
            value={name}
            onChange={setName}
            error={errorFor(errors, 'name')}
            autoComplete="username"
          />
          <TextInput
            id="code"
            label="One-time code"
            hint="As your administrator gave it to you, for example 7KQ4-M9TX"
            value={code}
            onChange={setCode}
            error={errorFor(errors, 'code')}
            autoComplete="one-time-code"
          />
          <NewPasswordFields fields={fields} errors={errors} />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={view.busy}>
              Set password and sign in
            </button>
            <button type="button" className="govuk-button govuk-button--secondary" onClick={onBack}>
              Back to sign in
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

/** A new password typed twice: its values, and what is missing or does not match, as the form names them. */
function useNewPassword() {
  const [newPassword, setNewPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  return {
    newPassword,
    setNewPassword,
    confirmPassword,
    setConfirmPassword,
    clear() {
      setNewPassword('');
      setConfirmPassword('');
    },
    problems(): FieldError[] {
      if (!newPassword) return [{ field: 'newPassword', message: 'Enter a new password' }];
      if (newPassword !== confirmPassword)
        return [
          {
            field: 'confirmPassword',
            message: 'Confirm your new password: the two passwords are not the same',
          },
        ];
      return [];
    },
  };
}

function NewPasswordFields({
  fields,
  errors,
}: {
  fields: ReturnType<typeof useNewPassword>;
  errors: FieldError[];
}) {
  return (
    <>
      <PasswordInput
        id="newPassword"
        label="New password"
        hint="At least 10 characters. Three random words make a strong password that is easy to remember."
        value={fields.newPassword}
        onChange={fields.setNewPassword}
        error={errorFor(errors, 'newPassword')}
        autoComplete="new-password"
      />
      <PasswordInput
        id="confirmPassword"
        label="Confirm new password"
        value={fields.confirmPassword}
        onChange={fields.setConfirmPassword}
        error={errorFor(errors, 'confirmPassword')}
        autoComplete="new-password"
      />
    </>
  );
}

/** Shown instead of the page while the session is locked: nothing of the page behind is visible. */
export function LockScreen() {
  usePageTitle('Locked');
  const { session, apply, signOut } = useSession();
  const [password, setPassword] = useState('');
  const { view, errors } = useForm();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  const who = session?.staff;

  async function unlock(e: React.FormEvent) {
    e.preventDefault();
    if (!password) {
      view.refuse(FORM, [{ field: 'password', message: 'Enter your password' }]);
      return;
    }
    const unlocked = await view.attempt(
      FORM,
      async () => {
        const s = await sessionCall('session/unlock', { password });
        await apply(s);
        return s;
      },
      'Unlocked.',
      { errors: asErrors('password'), reload: false },
    );
    if (!unlocked) setPassword('');
  }

  return (
    <div className="govuk-grid-row" data-testid="lock-screen">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l" tabIndex={-1} ref={heading}>
          OMU Desk is locked
        </h1>
        <p className="govuk-body">
          {who?.name} is signed in. Enter {who?.name}&rsquo;s password to carry on where they left off.
        </p>
        {session?.lockedBecause && (
          <div className="govuk-inset-text" data-testid="locked-because">
            {session.lockedBecause}
          </div>
        )}
        {session && !session.hasPassword && (
          <div className="govuk-inset-text">
            {who?.name} signed in with this computer account and has no OMU Desk password yet. Switch user, or
            ask an administrator for a one-time code.
          </div>
        )}
        <form onSubmit={unlock} noValidate>
          <PasswordInput
            id="password"
            label="Password"
            value={password}
            onChange={setPassword}
            error={errorFor(errors, 'password')}
            autoComplete="current-password"
          />
          <div className="govuk-button-group">
            <button type="submit" className="govuk-button" disabled={view.busy}>
              Unlock
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() => void signOut()}
            >
              Switch user
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

/** Setting up sign-in: the first administrator, a new person or (for a caseload from before sign-in) an administrator on the list. */
export function FirstAdministrator({
  onBack,
  existingCaseload = false,
}: {
  onBack?: () => void;
  existingCaseload?: boolean;
}) {
  usePageTitle('Set up the first administrator');
  const { refresh, setSetupCode } = useSession();
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['senior-manager']);
  const { view, errors } = useForm();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      view.refuse(FORM, [{ field: 'name', message: 'Enter the administrator\u2019s full name' }]);
      return;
    }
    await view.act(
      FORM,
      async () => {
        const code = await call('credentials/set-up-first-administrator', {
          name,
          email: null,
          roles,
          active: true,
        });
        setSetupCode(code);
        await refresh();
        return code;
      },
      (c) => `${c.name} is the first administrator: their one-time code is shown once, on the next page.`,
      { errors: asErrors('name'), reload: false },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} />
        <h1 className="govuk-heading-l">Set up the first administrator</h1>
        {existingCaseload ? (
          <p className="govuk-body">
            Nobody can sign in to this caseload yet. Name an administrator who is on the staff list, or
            someone new to add as one. They get a one-time code to set their password, then issue codes to
            everyone else on the Staff page.
          </p>
        ) : (
          <p className="govuk-body">
            The first administrator adds the rest of the unit and gives each person a one-time code to set
            their password. They get a one-time code of their own on the next page.
          </p>
        )}
        <TextInput
          id="name"
          label="Administrator's full name"
          value={name}
          onChange={setName}
          error={errorFor(errors, 'name')}
          autoComplete="name"
        />
        {!existingCaseload && (
          <RoleCheckboxes roles={roles} onChange={setRoles} error={errorFor(errors, 'roles')} />
        )}
        <div className="govuk-button-group">
          <button type="submit" className="govuk-button" disabled={view.busy}>
            Continue
          </button>
          {onBack && (
            <button type="button" className="govuk-button govuk-button--secondary" onClick={onBack}>
              Back
            </button>
          )}
        </div>
      </div>
    </form>
  );
}

/** Change your own password: the current one, then the new one twice. */
export function ChangePasswordPage() {
  usePageTitle('Change your password');
  const { apply, session } = useSession();
  const [currentPassword, setCurrentPassword] = useState('');
  const fields = useNewPassword();
  const { view, errors } = useForm();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const missing: FieldError[] = [];
    if (!currentPassword) missing.push({ field: 'currentPassword', message: 'Enter your current password' });
    missing.push(...fields.problems());
    if (missing.length) {
      view.refuse(FORM, missing);
      return;
    }
    await view.act(
      FORM,
      async () => {
        const changed = await sessionCall('session/change-password', {
          currentPassword,
          newPassword: fields.newPassword,
          confirmPassword: fields.confirmPassword,
        });
        setCurrentPassword('');
        fields.clear();
        await apply(changed);
        return changed;
      },
      'Your password has been changed.',
      { errors: asErrors('currentPassword'), reload: false },
    );
  }

  if (session && !session.hasPassword) {
    return (
      <>
        <h1 className="govuk-heading-l">Change your password</h1>
        <p className="govuk-body">
          You signed in with this computer account and have no OMU Desk password yet. Ask an administrator for
          a one-time code, then use &ldquo;Set your password with a one-time code&rdquo; on the sign-in page.
        </p>
      </>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Feedback feedback={view.feedbackAt(FORM)} />
        <h1 className="govuk-heading-l">Change your password</h1>
        <PasswordInput
          id="currentPassword"
          label="Current password"
          value={currentPassword}
          onChange={setCurrentPassword}
          error={errorFor(errors, 'currentPassword')}
          autoComplete="current-password"
        />
        <NewPasswordFields fields={fields} errors={errors} />
        <button type="submit" className="govuk-button" disabled={view.busy}>
          Change password
        </button>
      </div>
    </form>
  );
}
