import { z } from 'zod';
import { staff } from '../../../db/schema';
import { Changes, command, refuse } from '../../core/operations';
import type { Row } from '../../core/tables';
import { staffInputSchema, toStaffMember, type StaffInput } from './service';

/** The Staff page's add and change forms (renderer/pages/Staff.tsx): each field's label. */
const STAFF_LABELS = {
  id: 'Member of staff',
  name: 'Full name',
  email: 'Email (optional)',
  roles: 'Roles',
  active: 'Status',
};

/** Names are compared as people read them: "anna patel" is Anna Patel. */
const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function refuseNameTaken(people: Row<typeof staff>[], input: StaffInput, id?: string): void {
  if (people.some((p) => p.id !== id && sameName(p.name, input.name)))
    refuse('conflict', `There is already a staff member called ${input.name}`, 'name');
}

const row = (input: StaffInput) => ({
  name: input.name,
  email: input.email,
  roles: JSON.stringify(input.roles),
  active: input.active,
});

/**
 * The staff list: who works in the unit and in which roles, which decides what each person may do. Kept by an
 * administrator or the head of OMU (a senior manager); shared with the unit server like any case data. Passwords and
 * one-time codes are not here (electron/domain/credentials).
 */
export const staffCommands = {
  'staff/add-member': command({
    input: staffInputSchema,
    allow: ['administrator', 'senior-manager'],
    action: 'add staff',
    labels: STAFF_LABELS,
    load: (read) => read.all(staff),
    decide(people, input, ctx) {
      refuseNameTaken(people, input);
      const changes = new Changes(ctx);
      const created = changes.insert(staff, row(input));
      changes.record({
        action: 'create',
        entity: 'staff',
        entityId: created.id,
        summary: `Added staff member ${input.name} (${input.roles.join(', ')})`,
        after: { id: created.id, ...input },
      });
      return changes.done({ id: created.id });
    },
    reply: ({ services }, r) => services.staff.get(r.id)!,
  }),

  'staff/update-member': command({
    input: z.lazy(() => z.object({ id: z.string().min(1), staff: staffInputSchema })),
    allow: ['administrator', 'senior-manager'],
    action: 'change staff records',
    labels: STAFF_LABELS,
    load: (read) => read.all(staff),
    decide(people, { id, staff: input }, ctx) {
      const current = people.find((p) => p.id === id);
      if (!current) refuse('not-found', 'Staff member not found', 'id');
      refuseNameTaken(people, input, id);
      const changes = new Changes(ctx);
      changes.update(staff, id, row(input));
      changes.record({
        action: 'update',
        entity: 'staff',
        entityId: id,
        summary: `Updated staff member ${input.name}`,
        before: toStaffMember(current),
        after: { id, ...input },
      });
      return changes.done({ id });
    },
    reply: ({ services }, r) => services.staff.get(r.id)!,
  }),
};
