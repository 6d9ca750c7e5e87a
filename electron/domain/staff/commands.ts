import { z } from 'zod';
import { prisoners, staff } from '../../../db/schema';
import { Changes, command, refuse } from '../../core/operations';
import type { Row } from '../../core/tables';
import { toInput, recordPrisonerChanges } from '../caseload/changes';
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

  /**
   * A change to a member of staff. Marked as having left, they hold no prisoners: each prisoner still allocated to
   * them is unallocated in the same change, with an entry in his history, and shows as Unallocated on the caseload
   * for the head of OMU to allocate again. Manage POM Cases does the same when a POM is made inactive
   * (app/controllers/poms_controller.rb: `deallocate_primary_pom`/`deallocate_secondary_pom` with the
   * `INACTIVE_POM` event, "You must remove them from their cases by changing their status to inactive. Then,
   * allocate their cases to another POM", app/views/poms/show_non_pom.html.erb). A member already marked as left who
   * still holds prisoners (allocated before this rule, or by a change made offline meanwhile) loses them the same way
   * when saved again.
   */
  'staff/update-member': command({
    input: z.lazy(() => z.object({ id: z.string().min(1), staff: staffInputSchema })),
    allow: ['administrator', 'senior-manager'],
    action: 'change staff records',
    labels: STAFF_LABELS,
    async load(read, { id, staff: input }) {
      return {
        people: await read.all(staff),
        held: input.active ? [] : await read.all(prisoners, { pomId: id }),
      };
    },
    decide({ people, held }, { id, staff: input }, ctx) {
      const current = people.find((p) => p.id === id);
      if (!current) refuse('not-found', 'Staff member not found', 'id');
      refuseNameTaken(people, input, id);
      const changes = new Changes(ctx);
      changes.update(staff, id, row(input));
      changes.record({
        action: 'update',
        entity: 'staff',
        entityId: id,
        summary: `Updated staff member ${input.name}${current.active && !input.active ? ': marked as having left' : ''}`,
        before: toStaffMember(current),
        after: { id, ...input },
      });
      const staffName = (who: string) => people.find((p) => p.id === who)?.name ?? null;
      for (const prisoner of held)
        recordPrisonerChanges(
          changes,
          prisoner,
          { ...toInput(prisoner), pomId: null },
          {
            action: 'update',
            staffName,
            // Only his POM changes: no release recorded, so no review of his to cancel.
            reviews: [],
            source: `${input.name} marked as having left`,
          },
        );
      return changes.done({ id, unallocated: held.length });
    },
    reply: ({ services }, r) => ({ ...services.staff.get(r.id)!, unallocated: r.unallocated }),
  }),
};
