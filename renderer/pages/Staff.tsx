import { useEffect, useRef, useState } from 'react';
import { call } from '../api/client';
import { useSession } from '../stores/session';
import { ROLE_LABELS, type Role } from '../../shared/staff';
import type { StaffMember } from '../../shared/staff';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { Feedback } from '../components/Feedback';
import { useView } from '../hooks/useView';
import { RoleCheckboxes } from './Welcome';
import { SignInAdmin } from '../components/SignInAdmin';
import { usePageTitle } from '../hooks/usePageTitle';
import { useMay, useRefusal } from '../hooks/useMay';
import { NotOffered } from '../components/NotOffered';

const prisonersCount = (n: number) => `${n.toLocaleString('en-GB')} ${n === 1 ? 'prisoner' : 'prisoners'}`;

const errorFor = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

/** A text field of the staff forms: its error beside it as well as in the summary (GOV.UK error message pattern). */
function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  type?: string;
}) {
  return (
    <div className={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <label className="govuk-label govuk-label--s" htmlFor={`field-${props.id}`}>
        {props.label}
      </label>
      {props.error && (
        <p className="govuk-error-message" id={`field-${props.id}-error`}>
          <span className="govuk-visually-hidden">Error:</span> {props.error}
        </p>
      )}
      <input
        className={`govuk-input govuk-!-width-one-half${props.error ? ' govuk-input--error' : ''}`}
        id={`field-${props.id}`}
        type={props.type ?? 'text'}
        aria-describedby={props.error ? `field-${props.id}-error` : undefined}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

export function StaffPage() {
  usePageTitle('Staff');
  const { refreshStaff } = useSession();
  // The staff list, and whether this workstation is joined to a unit server (which then holds the unit's passwords).
  const view = useView(async () => {
    const [staff, sync] = await Promise.all([call('staff/list', {}), call('sync/status', {})]);
    return { staff, sync };
  }, []);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<Role[]>(['pom']);
  const [editing, setEditing] = useState<string | null>(null);
  const staff = view.data?.staff ?? [];
  const sync = view.data?.sync ?? null;
  // What this person is offered: each action's own rule (electron/api/may.ts), not a role named here.
  const mayAdd = useMay('staff/add-member');
  const mayChange = useMay('staff/update-member');
  const changeRefusal = useRefusal('staff/update-member');
  const mayIssueCodes = useMay('credentials/issue-code');
  const maySeeSignIn = useMay('credentials/status');
  const addErrors = view.feedbackAt('add')?.errors ?? [];
  /** A change made: the page's list is reloaded by `act`, the session's (POM lists elsewhere) here. */
  const changed = async <R,>(r: R) => {
    await refreshStaff();
    return r;
  };

  async function add(e: React.FormEvent) {
    e.preventDefault();
    const made = await view.attempt(
      'add',
      () => call('staff/add-member', { name, email, roles, active: true }).then(changed),
      (created) =>
        `${created.name} added. ${
          sync?.joined
            ? `The unit server at ${sync.serverUrl} holds the unit's passwords: it issues their one-time code.`
            : mayIssueCodes
              ? 'Issue them a one-time code under Signing in so that they can set a password.'
              : 'An administrator issues them a one-time code so that they can set a password.'
        }`,
    );
    if (made) {
      setName('');
      setEmail('');
      setRoles(['pom']);
    }
  }

  // Marking someone who holds prisoners as having left unallocates them (staff/update-member): asked first.
  const [leaving, setLeaving] = useState<StaffMember | null>(null);
  const leavingHeading = useRef<HTMLHeadingElement>(null);
  const leavingId = leaving?.id;
  useEffect(() => {
    const heading = leavingHeading.current;
    if (!leavingId || !heading) return;
    // The whole question in view, its buttons too, with the heading focused.
    heading.parentElement?.scrollIntoView({ block: 'nearest' });
    heading.focus({ preventScroll: true });
  }, [leavingId]);
  const setActive = (member: StaffMember, active: boolean) => {
    setLeaving(null);
    return view.act(
      'list',
      () =>
        call('staff/update-member', {
          id: member.id,
          staff: { name: member.name, email: member.email, roles: member.roles, active },
        }).then(changed),
      (r) =>
        `${member.name} marked as ${active ? 'active' : 'left'}.` +
        (r.unallocated
          ? ` ${prisonersCount(r.unallocated)} ${r.unallocated === 1 ? 'is' : 'are'} now unallocated: allocate them again from the caseload (POM: Unallocated).`
          : ''),
    );
  };

  return (
    <>
      <h1 className="govuk-heading-l">Staff</h1>
      {view.loadError && <p className="govuk-error-message">{view.loadError}</p>}
      <Feedback
        feedback={
          view.feedback?.at === 'list' || (view.feedback?.at === 'edit' && view.feedback.kind === 'success')
            ? view.feedback
            : null
        }
      />
      {/* Above the list, where a person looking for "Change" sees at once why it is not there. */}
      <NotOffered op="staff/update-member" />
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Staff and roles</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">
              Name
            </th>
            <th scope="col" className="govuk-table__header">
              Email
            </th>
            <th scope="col" className="govuk-table__header">
              Roles
            </th>
            <th scope="col" className="govuk-table__header">
              Status
            </th>
            {mayChange && (
              <th scope="col" className="govuk-table__header">
                <span className="govuk-visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {staff.map((s) => (
            <tr className="govuk-table__row" key={s.id}>
              <td className="govuk-table__cell">{s.name}</td>
              <td className="govuk-table__cell">{s.email ?? ''}</td>
              <td className="govuk-table__cell">{s.roles.map((r) => ROLE_LABELS[r]).join(', ')}</td>
              <td className="govuk-table__cell">
                {s.active ? (
                  <strong className="govuk-tag govuk-tag--green">Active</strong>
                ) : (
                  <strong className="govuk-tag govuk-tag--grey">Left</strong>
                )}
                {!s.active && !!s.allocated && (
                  <>
                    {' '}
                    <strong className="govuk-tag govuk-tag--red" data-testid="left-still-allocated">
                      {prisonersCount(s.allocated)} still allocated
                    </strong>
                  </>
                )}
              </td>
              {mayChange && (
                <td className="govuk-table__cell">
                  <button
                    type="button"
                    className="omu-link-button govuk-link"
                    onClick={() => setEditing(s.id)}
                  >
                    Change<span className="govuk-visually-hidden"> {s.name}</span>
                  </button>{' '}
                  <button
                    type="button"
                    className="omu-link-button govuk-link"
                    onClick={() => (s.active && s.allocated ? setLeaving(s) : void setActive(s, !s.active))}
                  >
                    {s.active ? 'Mark as left' : 'Mark as active'}
                    <span className="govuk-visually-hidden"> {s.name}</span>
                  </button>
                  {!s.active && !!s.allocated && (
                    <>
                      {' '}
                      <button
                        type="button"
                        className="omu-link-button govuk-link"
                        onClick={() => void setActive(s, false)}
                      >
                        Unallocate their prisoners<span className="govuk-visually-hidden"> ({s.name})</span>
                      </button>
                    </>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {leaving && (
        <div className="omu-panel" data-testid="confirm-left">
          {/* Focused when it opens (it comes below the list): the question is read out and seen at once. */}
          <h2 className="govuk-heading-m" tabIndex={-1} ref={leavingHeading}>
            Mark {leaving.name} as left?
          </h2>
          <div className="govuk-warning-text">
            <span className="govuk-warning-text__icon" aria-hidden="true">
              !
            </span>
            <p className="govuk-warning-text__text">
              <span className="govuk-visually-hidden">Warning</span>
              {leaving.name} has {prisonersCount(leaving.allocated ?? 0)} allocated. Someone who has left
              holds no prisoners: each is unallocated, with an entry in his history, and shows as Unallocated
              on the caseload for you to allocate again.
            </p>
          </div>
          <div className="govuk-button-group">
            <button
              type="button"
              className="govuk-button govuk-button--warning"
              onClick={() => void setActive(leaving, false)}
            >
              Mark as left and unallocate {leaving.allocated === 1 ? 'the prisoner' : 'the prisoners'}
            </button>
            <button
              type="button"
              className="govuk-button govuk-button--secondary"
              onClick={() => setLeaving(null)}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      {/* Kept open when the right to change staff is taken meanwhile: what was typed stays, and the form says why it
          cannot be saved (the runner would refuse it), instead of vanishing with it. */}
      {editing && staff.some((m) => m.id === editing) && (
        <EditStaff
          member={staff.find((m) => m.id === editing)!}
          refusal={mayChange ? null : (changeRefusal ?? 'You may no longer change staff records.')}
          save={(input) =>
            view.attempt(
              'edit',
              () => call('staff/update-member', { id: editing, staff: input }).then(changed),
              `${input.name} updated.`,
              { fieldPrefix: 'edit-' },
            )
          }
          errors={view.feedbackAt('edit')?.errors ?? []}
          onDone={() => setEditing(null)}
        />
      )}
      {mayAdd ? (
        <form onSubmit={add} noValidate className="govuk-!-margin-top-6">
          <h2 className="govuk-heading-m">Add a member of staff</h2>
          <Feedback feedback={view.feedbackAt('add')} testId="add-staff-feedback" />
          <TextField
            id="name"
            label="Full name"
            value={name}
            onChange={setName}
            error={errorFor(addErrors, 'name')}
          />
          <TextField
            id="email"
            label="Email (optional)"
            type="email"
            value={email}
            onChange={setEmail}
            error={errorFor(addErrors, 'email')}
          />
          <RoleCheckboxes roles={roles} onChange={setRoles} error={errorFor(addErrors, 'roles')} />
          <button type="submit" className="govuk-button">
            Add staff member
          </button>
        </form>
      ) : (
        <NotOffered op="staff/add-member" />
      )}
      {maySeeSignIn && sync && (
        <SignInAdmin
          unitServer={sync.joined ? { url: sync.serverUrl ?? '', prison: sync.prison ?? '' } : null}
        />
      )}
    </>
  );
}

function EditStaff({
  member,
  refusal,
  save: saveChanges,
  errors,
  onDone,
}: {
  member: StaffMember;
  /** Why this person may no longer change staff records (taken from them while the form was open); null when they may. */
  refusal: string | null;
  save: (input: { name: string; email: string; roles: Role[]; active: boolean }) => Promise<boolean>;
  errors: FieldError[];
  onDone: () => void;
}) {
  const [name, setName] = useState(member.name);
  const [email, setEmail] = useState(member.email ?? '');
  const [roles, setRoles] = useState<Role[]>(member.roles);
  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (refusal) return;
    if (await saveChanges({ name, email, roles, active: member.active })) onDone();
  }
  return (
    <form onSubmit={save} noValidate className="omu-panel">
      <h2 className="govuk-heading-m">Change {member.name}</h2>
      {refusal && (
        <div className="govuk-warning-text" data-testid="edit-staff-refused">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            These changes cannot be saved: {refusal} What you typed is kept below; copy it, or ask someone who
            may change staff records to make the change.
          </strong>
        </div>
      )}
      <ErrorSummary errors={errors} />
      <TextField
        id="edit-name"
        label="Full name"
        value={name}
        onChange={setName}
        error={errorFor(errors, 'edit-name')}
      />
      <TextField
        id="edit-email"
        label="Email (optional)"
        type="email"
        value={email}
        onChange={setEmail}
        error={errorFor(errors, 'edit-email')}
      />
      <RoleCheckboxes
        roles={roles}
        onChange={setRoles}
        idPrefix="edit-"
        error={errorFor(errors, 'edit-roles')}
      />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button" disabled={!!refusal} aria-disabled={!!refusal}>
          Save changes
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={onDone}>
          {refusal ? 'Close' : 'Cancel'}
        </button>
      </div>
    </form>
  );
}
