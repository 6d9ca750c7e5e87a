import { afterAll, describe, expect, it } from 'vitest';
import type { OmuApp } from '../../electron/app/omu-app';
import { openTestApp } from '../support/apps';
import { refusalOf, run } from '../support/commands';
import { signIn } from '../support/sign-in';

/**
 * The staff list read back from a real SQLite file: the first administrator on an empty database, each member added
 * or changed (the row, the audit entry with who, before and after, what the command answers), the refusals that write
 * nothing (a name already taken, whatever its case or spaces; a member who does not exist) and the list's order. One
 * database for the file; each test adds people of its own, so that the tests do not depend on one another.
 */

let app: OmuApp;
/**
 * The file's database with its first administrator, opened by whichever test runs first: not in `beforeAll`, where a
 * mutant that broke `create` left the tests unrun, and Stryker counted it as surviving.
 */
async function shared(): Promise<void> {
  if (app) return;
  app = openTestApp();
  app.services.staff.create(app.context(), {
    name: 'Ada Admin',
    email: null,
    roles: ['administrator'],
    active: true,
  });
  await signIn(app, 'Ada Admin');
}
afterAll(() => app?.close());

const row = (a: OmuApp, id: string) =>
  a.opened.sqlite
    .prepare('SELECT name, email, roles, active, created_at, updated_at, updated_by FROM staff WHERE id = ?')
    .get(id);
const staffCount = (a: OmuApp) => a.opened.sqlite.prepare('SELECT count(*) FROM staff').pluck().get();
const audited = (a: OmuApp, id: string) =>
  a.services.audit
    .list({ entity: 'staff', limit: 100 })
    .filter((e) => e.entityId === id)
    .reverse()
    .map(({ actorName, action, summary, before, after }) => ({ actorName, action, summary, before, after }));

describe('the staff list: written, audited and read back', () => {
  it('the first member on an empty database is made an administrator, and no second one is added that way', () => {
    const first = openTestApp();
    try {
      expect(first.services.staff.isEmpty()).toBe(true);
      const head = first.services.staff.create(first.context(), {
        name: 'Helen Head',
        email: 'helen.head@justice.gov.uk',
        roles: ['senior-manager'],
        active: true,
      });
      expect(head).toEqual({
        id: expect.any(String),
        name: 'Helen Head',
        email: 'helen.head@justice.gov.uk',
        roles: ['senior-manager', 'administrator'],
        active: true,
      });
      expect(first.services.staff.isEmpty()).toBe(false);
      expect(row(first, head.id)).toEqual({
        name: 'Helen Head',
        email: 'helen.head@justice.gov.uk',
        roles: '["senior-manager","administrator"]',
        active: 1,
        created_at: '2026-11-22T10:00:00.000Z',
        updated_at: '2026-11-22T10:00:00.000Z',
        updated_by: first.context().actor.name,
      });
      expect(audited(first, head.id)).toEqual([
        {
          actorName: first.context().actor.name,
          action: 'create',
          summary: 'Added staff member Helen Head (senior-manager, administrator)',
          before: null,
          after: head,
        },
      ]);
      expect(() =>
        first.services.staff.create(first.context(), {
          name: 'Ivan Intruder',
          email: null,
          roles: ['administrator'],
          active: true,
        }),
      ).toThrow('Staff are added with the staff/add-member command once anyone is on the list');
      expect(staffCount(first)).toBe(1);
    } finally {
      first.close();
    }
    // An administrator keeps the roles given, in their order.
    const second = openTestApp();
    try {
      expect(
        second.services.staff.create(second.context(), {
          name: 'Ada Admin',
          email: null,
          roles: ['administrator', 'pom'],
          active: true,
        }).roles,
      ).toEqual(['administrator', 'pom']);
    } finally {
      second.close();
    }
  });

  it('a member added through the router: the row, the audit entry and the answer; a name taken is refused', async () => {
    await shared();
    const before = staffCount(app);
    for (const name of ['ada admin', '  ADA ADMIN  '])
      expect(await refusalOf(run(app, 'staff/add-member', { name, roles: ['pom'] } as never))).toEqual({
        code: 'conflict',
        field: 'name',
        message: `There is already a staff member called ${name.trim()}`,
      });
    expect(staffCount(app)).toBe(before);
    // An email left blank is no email.
    const eli = await run(app, 'staff/add-member', {
      name: 'Eli Blank',
      email: '   ',
      roles: ['pom'],
    } as never);
    expect(row(app, eli.id)).toMatchObject({ name: 'Eli Blank', email: null });
    const bea = await run(app, 'staff/add-member', {
      name: 'Bea Boss',
      email: 'bea.boss@justice.gov.uk',
      roles: ['senior-manager', 'pom'],
    } as never);
    expect(bea).toEqual({
      id: expect.any(String),
      name: 'Bea Boss',
      email: 'bea.boss@justice.gov.uk',
      roles: ['senior-manager', 'pom'],
      active: true,
    });
    expect(row(app, bea.id)).toMatchObject({
      name: 'Bea Boss',
      email: 'bea.boss@justice.gov.uk',
      roles: '["senior-manager","pom"]',
      active: 1,
      updated_by: 'Ada Admin',
    });
    expect(audited(app, bea.id)).toEqual([
      {
        actorName: 'Ada Admin',
        action: 'create',
        summary: 'Added staff member Bea Boss (senior-manager, pom)',
        before: null,
        after: bea,
      },
    ]);
    expect(app.services.staff.get(bea.id)).toEqual(bea);
    expect(app.services.staff.findByName('  bea BOSS ')).toEqual(bea);
  });

  it('a member changed: not found and a name taken by another refused, his own name kept; before and after audited', async () => {
    await shared();
    const cal = await run(app, 'staff/add-member', {
      name: 'Cal Clerk',
      roles: ['case-administrator'],
    } as never);
    const dee = await run(app, 'staff/add-member', { name: 'Dee Pom', roles: ['pom'] } as never);
    expect(
      await refusalOf(
        run(app, 'staff/update-member', {
          id: 'no-such-id',
          staff: { name: 'Nobody', roles: ['pom'] },
        } as never),
      ),
    ).toEqual({ code: 'not-found', field: 'id', message: 'Staff member not found' });
    expect(
      await refusalOf(
        run(app, 'staff/update-member', { id: cal.id, staff: { name: 'dee pom', roles: ['pom'] } } as never),
      ),
    ).toEqual({ code: 'conflict', field: 'name', message: 'There is already a staff member called dee pom' });
    expect(app.services.staff.get(cal.id)).toEqual(cal);
    expect(audited(app, cal.id)).toHaveLength(1);
    const changed = await run(app, 'staff/update-member', {
      id: cal.id,
      staff: {
        name: 'Cal Clerk',
        email: 'cal@justice.gov.uk',
        roles: ['case-administrator', 'pom'],
        active: false,
      },
    } as never);
    const after = {
      id: cal.id,
      name: 'Cal Clerk',
      email: 'cal@justice.gov.uk',
      roles: ['case-administrator', 'pom'],
      active: false,
    };
    // Marked as having left, with no prisoners of his to unallocate (tests/integration/staff-left.test.ts has some).
    expect(changed).toEqual({ ...after, unallocated: 0 });
    expect(row(app, cal.id)).toMatchObject({ roles: '["case-administrator","pom"]', active: 0 });
    expect(audited(app, cal.id)[1]).toEqual({
      actorName: 'Ada Admin',
      action: 'update',
      summary: 'Updated staff member Cal Clerk: marked as having left',
      before: cal,
      after,
    });
    expect(app.services.staff.get(dee.id)).toEqual(dee);
    expect(app.services.staff.get('no-such-id')).toBeNull();
    expect(app.services.staff.findByName('Nobody Known')).toBeNull();
  });

  it('the list: active people first, then by name whatever its case', async () => {
    await shared();
    const names = ['zed Zulu', 'amy Apple', 'Bob Brown', 'Eve Early'];
    for (const name of names) await run(app, 'staff/add-member', { name, roles: ['pom'] } as never);
    const bob = app.services.staff.findByName('Bob Brown')!;
    await run(app, 'staff/update-member', { id: bob.id, staff: { ...bob, active: false } } as never);
    const listed = (await run(app, 'staff/list', undefined as never)).filter((m) => names.includes(m.name));
    expect(listed.map((m) => [m.name, m.active])).toEqual([
      ['amy Apple', true],
      ['Eve Early', true],
      ['zed Zulu', true],
      ['Bob Brown', false],
    ]);
  });
});
