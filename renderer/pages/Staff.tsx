import { useState } from 'react';
import { call, ApiCallError, errorMessage } from '../api/client';
import { useSession } from '../stores/session';
import { ROLE_LABELS, type Role } from '../../shared/staff';
import type { StaffMember } from '../../shared/staff';
import { ErrorSummary, Notice, type FieldError } from '../components/ErrorSummary';
import { RoleCheckboxes } from './Welcome';
import { SignInAdmin } from '../components/SignInAdmin';

export function StaffPage() {
  const { staff, refreshStaff, session } = useSession();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<Role[]>(['pom']);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [added, setAdded] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);

  async function add(e: React.FormEvent) {
    e.preventDefault();
    try {
      const created = await call('staff.create', { name, email, roles, active: true });
      setAdded(
        `${created.name} added. ${session?.staff?.roles.includes('administrator') ? 'Issue them a one-time code under Signing in so that they can set a password.' : 'An administrator issues them a one-time code so that they can set a password.'}`,
      );
      setName('');
      setEmail('');
      setRoles(['pom']);
      setErrors([]);
      await refreshStaff();
    } catch (err) {
      const fields =
        err instanceof ApiCallError && err.error.fields
          ? err.error.fields
          : [
              {
                field: err instanceof ApiCallError ? (err.error.field ?? '') : '',
                message: errorMessage(err),
              },
            ];
      setErrors(
        fields.map((f) => ({
          field: f.field,
          message:
            f.field === 'name' ? `Name ${f.message}` : f.field === 'email' ? `Email ${f.message}` : f.message,
        })),
      );
    }
  }

  async function setActive(id: string, active: boolean) {
    const member = staff.find((s) => s.id === id)!;
    try {
      await call('staff.update', {
        id,
        staff: { name: member.name, email: member.email, roles: member.roles, active },
      });
      await refreshStaff();
    } catch (err) {
      setErrors([{ field: '', message: errorMessage(err) }]);
    }
  }

  return (
    <>
      <h1 className="govuk-heading-l">Staff</h1>
      {added && (
        <Notice>
          <p className="govuk-notification-banner__heading">{added}</p>
        </Notice>
      )}
      <ErrorSummary errors={errors} />
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
            <th scope="col" className="govuk-table__header">
              <span className="govuk-visually-hidden">Actions</span>
            </th>
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
              </td>
              <td className="govuk-table__cell">
                <button type="button" className="omu-link-button govuk-link" onClick={() => setEditing(s.id)}>
                  Change<span className="govuk-visually-hidden"> {s.name}</span>
                </button>{' '}
                <button
                  type="button"
                  className="omu-link-button govuk-link"
                  onClick={() => setActive(s.id, !s.active)}
                >
                  {s.active ? 'Mark as left' : 'Mark as active'}
                  <span className="govuk-visually-hidden"> {s.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <EditStaff
          member={staff.find((m) => m.id === editing)!}
          onDone={async (message) => {
            setEditing(null);
            if (message) setAdded(message);
            await refreshStaff();
          }}
        />
      )}
      <form onSubmit={add} noValidate className="govuk-!-margin-top-6">
        <h2 className="govuk-heading-m">Add a member of staff</h2>
        <p className="govuk-body-s">Only an administrator or the head of OMU can add staff.</p>
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="field-name">
            Full name
          </label>
          <input
            className="govuk-input govuk-!-width-one-half"
            id="field-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="field-email">
            Email (optional)
          </label>
          <input
            className="govuk-input govuk-!-width-one-half"
            id="field-email"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <RoleCheckboxes roles={roles} onChange={setRoles} />
        <button type="submit" className="govuk-button">
          Add staff member
        </button>
      </form>
      {session?.staff?.roles.includes('administrator') && <SignInAdmin />}
    </>
  );
}

function EditStaff({ member, onDone }: { member: StaffMember; onDone: (message: string | null) => void }) {
  const [name, setName] = useState(member.name);
  const [email, setEmail] = useState(member.email ?? '');
  const [roles, setRoles] = useState<Role[]>(member.roles);
  const [errors, setErrors] = useState<FieldError[]>([]);
  async function save(e: React.FormEvent) {
    e.preventDefault();
    try {
      await call('staff.update', { id: member.id, staff: { name, email, roles, active: member.active } });
      onDone(`${name} updated.`);
    } catch (err) {
      const fields =
        err instanceof ApiCallError && err.error.fields
          ? err.error.fields
          : [
              {
                field: err instanceof ApiCallError ? (err.error.field ?? '') : '',
                message: errorMessage(err),
              },
            ];
      setErrors(
        fields.map((f) => ({
          field: f.field ? `edit-${f.field}` : '',
          message:
            f.field === 'name' ? `Name ${f.message}` : f.field === 'email' ? `Email ${f.message}` : f.message,
        })),
      );
    }
  }
  return (
    <form onSubmit={save} noValidate className="omu-panel">
      <h2 className="govuk-heading-m">Change {member.name}</h2>
      <ErrorSummary errors={errors} />
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor="field-edit-name">
          Full name
        </label>
        <input
          className="govuk-input govuk-!-width-one-half"
          id="field-edit-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </div>
      <div className="govuk-form-group">
        <label className="govuk-label govuk-label--s" htmlFor="field-edit-email">
          Email (optional)
        </label>
        <input
          className="govuk-input govuk-!-width-one-half"
          id="field-edit-email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <RoleCheckboxes roles={roles} onChange={setRoles} idPrefix="edit-" />
      <div className="govuk-button-group">
        <button type="submit" className="govuk-button">
          Save changes
        </button>
        <button type="button" className="govuk-button govuk-button--secondary" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
