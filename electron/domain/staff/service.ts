import { z } from 'zod';
import { desc, eq, isNotNull, sql } from 'drizzle-orm';
import { prisoners, staff } from '../../../db/schema';
import type { Row } from '../../core/tables';
import { countSync } from '../../core/data';
import { ulid } from '../shared/ids';
import { AppError } from '../shared/errors';
import { nowIso, type CallContext, type Store } from '../shared/context';
import type { AuditService } from '../audit/service';
import { ROLES, type Role } from './roles';
import { writeTransaction } from '../shared/write';
import { emailAddressSchema } from '../shared/email';

export interface StaffMember {
  id: string;
  name: string;
  email: string | null;
  roles: Role[];
  active: boolean;
  /** How many prisoners are allocated to them (staff/list only): none once marked as having left. */
  allocated?: number;
}

export const staffInputSchema = z.lazy(() =>
  z.object({
    name: z.string().trim().min(2, 'must be at least 2 characters').max(100),
    email: z
      .preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), emailAddressSchema.nullable())
      .default(null),
    roles: z.array(z.enum(ROLES)).min(1, 'choose at least one role'),
    active: z.boolean().default(true),
  }),
);
export type StaffInput = z.output<typeof staffInputSchema>;

/** A staff row as the app shows it. */
export const toStaffMember = (r: Row<typeof staff>): StaffMember => ({
  id: r.id,
  name: r.name,
  email: r.email,
  roles: JSON.parse(r.roles) as Role[],
  active: r.active,
});
const toStaff = toStaffMember;

export function createStaffService(store: Store, audit: AuditService) {
  const { sqlite, db } = store;
  const byId = db
    .select()
    .from(staff)
    .where(eq(staff.id, sql.placeholder('id')))
    .prepare();

  function insert(ctx: CallContext, input: StaffInput): StaffMember {
    const at = nowIso(ctx);
    const id = ulid();
    sqlite
      .prepare(
        'INSERT INTO staff (id, created_at, updated_at, updated_by, name, email, roles, active) VALUES (?,?,?,?,?,?,?,?)',
      )
      .run(
        id,
        at,
        at,
        ctx.actor.name,
        input.name,
        input.email,
        JSON.stringify(input.roles),
        input.active ? 1 : 0,
      );
    const created = toStaff(byId.get({ id })!);
    audit.record(ctx, {
      action: 'create',
      entity: 'staff',
      entityId: id,
      summary: `Added staff member ${input.name} (${input.roles.join(', ')})`,
      after: created,
    });
    return created;
  }

  return {
    list(): StaffMember[] {
      const allocated = new Map(
        db
          .select({ pomId: prisoners.pomId, n: sql<number>`count(*)` })
          .from(prisoners)
          .where(isNotNull(prisoners.pomId))
          .groupBy(prisoners.pomId)
          .all()
          .map((r) => [r.pomId, r.n]),
      );
      return db
        .select()
        .from(staff)
        .orderBy(desc(staff.active), sql`${staff.name} COLLATE NOCASE`)
        .all()
        .map((r) => ({ ...toStaff(r), allocated: allocated.get(r.id) ?? 0 }));
    },
    get(id: string): StaffMember | null {
      const r = byId.get({ id });
      return r ? toStaff(r) : null;
    },
    findByName(name: string): StaffMember | null {
      const r = db
        .select()
        .from(staff)
        .where(sql`${staff.name} = ${name.trim()} COLLATE NOCASE`)
        .get();
      return r ? toStaff(r) : null;
    },
    isEmpty(): boolean {
      return countSync(db, staff) === 0;
    },
    /**
     * The first staff member on an empty database, made an administrator: for setting up a database (tests, the
     * first administrator). Once anyone is on the list, staff are added and changed by the staff commands
     * (./commands.ts), which check who may.
     */
    create(ctx: CallContext, input: StaffInput): StaffMember {
      return writeTransaction(store, ctx, 'a new staff member', () => {
        if (!this.isEmpty())
          throw new AppError(
            'conflict',
            'Staff are added with the staff/add-member command once anyone is on the list',
          );
        const roles = input.roles.includes('administrator')
          ? input.roles
          : [...input.roles, 'administrator' as const];
        return insert(ctx, { ...input, roles });
      });
    },
    /** Writes a staff member without a role check: for the demo loader on an empty database. The caller holds the transaction. */
    insertUnchecked: insert,
    /** Used by imports: a POM named in a file but not yet on the staff list is added with the POM role. */
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
