// A POM who leaves the unit (28/11/2026, found by reading the Staff page as a head of OMU would): "Mark as left" changed
// the tag and nothing else. Every prisoner allocated to her stayed so: the caseload, the due list and the IRMT agenda
// named a POM who was gone, the "Unallocated" filter did not list them, and the next caseload file gave her new ones.
// Manage POM Cases unallocates an inactive POM's cases (app/controllers/poms_controller.rb, `INACTIVE_POM`); OMU Desk
// now does the same in the one command that marks her as left, each prisoner's change in his history, and a file or
// a form that names her after that is not allowed to give her prisoners back. On a real SQLite file.
import { afterEach, describe, expect, it } from 'vitest';
import type { OmuApp } from '../../electron/app/omu-app';
import { openTestApp } from '../support/apps';
import { refusalOf, run } from '../support/commands';
import { signIn } from '../support/sign-in';
import { toInput } from '../../electron/domain/caseload/changes';

const HEADER =
  'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,sentence_expiry_date,pom';
const row = (number: string, surname: string, pom: string) =>
  `${number},${surname},Alan,01/01/1980,determinate,01/01/2024,10/01/2028,10/01/2030,${pom}`;

let app: OmuApp | null = null;
afterEach(() => app?.close());

/** A unit with a head of OMU, two POMs and five prisoners: three with Pat Pom, one with Sam Pom, one unallocated. */
async function unit() {
  const a = openTestApp();
  app = a;
  a.services.staff.create(a.context(), {
    name: 'Helen Head',
    email: null,
    roles: ['senior-manager'],
    active: true,
  });
  await signIn(a, 'Helen Head');
  const report = await run(a, 'caseload/import', {
    fileName: 'week1.csv',
    csvText: [
      HEADER,
      row('A1000AA', 'ADAMS', 'Pat Pom'),
      row('B1000BB', 'BAKER', 'Pat Pom'),
      row('C1000CC', 'CLARKE', 'Pat Pom'),
      row('D1000DD', 'DAVIES', 'Sam Pom'),
      row('E1000EE', 'EVANS', ''),
    ].join('\n'),
  });
  expect(report).toMatchObject({ committed: true, newStaff: ['Pat Pom', 'Sam Pom'] });
  const pat = a.services.staff.findByName('Pat Pom')!;
  const sam = a.services.staff.findByName('Sam Pom')!;
  return { a, pat, sam };
}

const pomOf = (a: OmuApp, number: string) =>
  a.opened.sqlite
    .prepare(
      'SELECT s.name FROM prisoners p LEFT JOIN staff s ON s.id = p.pom_id WHERE p.prisoner_number = ?',
    )
    .pluck()
    .get(number) ?? null;
const unallocated = async (a: OmuApp) =>
  (await run(a, 'caseload/query', { pomId: 'unallocated' })).rows.map((r) => r.prisonerNumber).sort();
const leave = (
  a: OmuApp,
  m: { id: string; name: string; email: string | null; roles: string[] },
  active = false,
) =>
  run(a, 'staff/update-member', {
    id: m.id,
    staff: { name: m.name, email: m.email, roles: m.roles as never, active },
  });

describe('a POM marked as having left holds no prisoners', () => {
  it('marking her as left unallocates each of her prisoners, in his history with who and when; the staff list says how many each holds', async () => {
    const { a, pat, sam } = await unit();
    const before = (await run(a, 'staff/list', {})).map((m) => [m.name, m.active, m.allocated]);
    expect(before).toEqual([
      ['Helen Head', true, 0],
      ['Pat Pom', true, 3],
      ['Sam Pom', true, 1],
    ]);
    expect(await unallocated(a)).toEqual(['E1000EE']);
    // The caseload's first page says how many held prisoners have no POM, whatever its filters (its notice).
    expect((await run(a, 'caseload/query', { pomId: sam.id })).unallocated).toBe(1);

    const answer = await leave(a, pat);
    expect(answer).toMatchObject({ name: 'Pat Pom', active: false, unallocated: 3 });
    for (const n of ['A1000AA', 'B1000BB', 'C1000CC']) expect(pomOf(a, n)).toBeNull();
    expect(pomOf(a, 'D1000DD')).toBe('Sam Pom');
    expect(await unallocated(a)).toEqual(['A1000AA', 'B1000BB', 'C1000CC', 'E1000EE']);
    expect((await run(a, 'caseload/query', {})).unallocated).toBe(4);
    expect((await run(a, 'caseload/query', { offset: 50 })).unallocated).toBeNull();
    expect((await run(a, 'staff/list', {})).map((m) => [m.name, m.active, m.allocated])).toEqual([
      ['Helen Head', true, 0],
      ['Sam Pom', true, 1],
      ['Pat Pom', false, 0],
    ]);

    // Each prisoner's history says what changed, why, who and when; the staff entry says she was marked as left.
    const history = await run(a, 'caseload/prisoner-history', { prisonerNumber: 'B1000BB' });
    expect(history[0]).toMatchObject({
      actorName: 'Helen Head',
      at: '2026-11-22T10:00:00.000Z',
      summary: 'Changed POM from Pat Pom to blank (Pat Pom marked as having left)',
    });
    const staffEntries = a.services.audit
      .list({ entity: 'staff', limit: 10 })
      .filter((e) => e.entityId === pat.id);
    expect(staffEntries[0]).toMatchObject({
      actorName: 'Helen Head',
      summary: 'Updated staff member Pat Pom: marked as having left',
    });

    // Her due items are nobody's now: the What is due list of her prisoners names no POM.
    const due = await run(a, 'due/list', {});
    const hers = due.filter((d) => ['A1000AA', 'B1000BB', 'C1000CC'].includes(d.prisonerNumber));
    expect(hers.length).toBeGreaterThan(0);
    expect(hers.every((d) => d.pomId === null && d.pomName === null)).toBe(true);
    expect(due.some((d) => d.prisonerNumber === 'D1000DD' && d.pomName === 'Sam Pom')).toBe(true);

    // Marked as active again, she gets none back by herself; and marking Sam as left takes only his.
    expect(await leave(a, pat, true)).toMatchObject({ active: true, unallocated: 0 });
    expect(pomOf(a, 'A1000AA')).toBeNull();
    expect(await leave(a, sam)).toMatchObject({ unallocated: 1 });
    expect(await unallocated(a)).toEqual(['A1000AA', 'B1000BB', 'C1000CC', 'D1000DD', 'E1000EE']);
  });

  it('a form may not give a prisoner to a POM who has left (the field named), but his other fields can still be changed', async () => {
    const { a, pat, sam } = await unit();
    await leave(a, pat);
    const refused = await refusalOf(
      run(a, 'caseload/update-prisoner', {
        prisonerNumber: 'E1000EE',
        prisoner: {
          ...toInput(await run(a, 'caseload/get-prisoner', { prisonerNumber: 'E1000EE' })),
          pomId: pat.id,
        },
      }),
    );
    expect(refused).toEqual({
      code: 'invalid-input',
      field: 'pomId',
      message: 'POM must be someone who has not left: Pat Pom is marked as having left on the Staff page',
    });
    expect(pomOf(a, 'E1000EE')).toBeNull();
    // Given to Sam, then Sam leaves and has him still (before the rule, say): editing his surname is not refused.
    await run(a, 'caseload/update-prisoner', {
      prisonerNumber: 'E1000EE',
      prisoner: {
        ...toInput(await run(a, 'caseload/get-prisoner', { prisonerNumber: 'E1000EE' })),
        pomId: sam.id,
      },
    });
    a.opened.sqlite.prepare('UPDATE staff SET active = 0 WHERE id = ?').run(sam.id);
    const stillHis = toInput(await run(a, 'caseload/get-prisoner', { prisonerNumber: 'E1000EE' }));
    await run(a, 'caseload/update-prisoner', {
      prisonerNumber: 'E1000EE',
      prisoner: { ...stillHis, surname: 'EVANS-JONES' },
    });
    expect(pomOf(a, 'E1000EE')).toBe('Sam Pom');
    // And the Staff page's list says so, and saving him as left again unallocates him.
    expect((await run(a, 'staff/list', {})).find((m) => m.name === 'Sam Pom')).toMatchObject({
      active: false,
      allocated: 2,
    });
    expect(await leave(a, sam)).toMatchObject({ unallocated: 2 });
    expect(pomOf(a, 'E1000EE')).toBeNull();
  });

  it('a caseload file that still names her does not give her prisoners back: each keeps his POM, or none if new, and the preview says which lines', async () => {
    const { a, pat } = await unit();
    await leave(a, pat);
    const csvText = [
      HEADER,
      row('A1000AA', 'ADAMS', 'Pat Pom'),
      row('D1000DD', 'DAVIES', 'Pat Pom'),
      row('F1000FF', 'FOSTER', 'pat pom'),
    ].join('\n');
    const warning =
      'Lines 2, 3, 4: the POM "Pat Pom" is marked as having left on the Staff page, so these 3 prisoners are not allocated to them: each keeps the POM he has, or none if new. Allocate them on the caseload (POM: Unallocated).';
    const preview = await run(a, 'caseload/preview-import', { fileName: 'week2.csv', csvText });
    expect(preview.warnings).toContain(warning);
    const report = await run(a, 'caseload/import', { fileName: 'week2.csv', csvText });
    expect(report).toMatchObject({ committed: true, newStaff: [] });
    expect(report.warnings).toContain(warning);
    expect(pomOf(a, 'A1000AA')).toBeNull();
    expect(pomOf(a, 'D1000DD')).toBe('Sam Pom');
    expect(pomOf(a, 'F1000FF')).toBeNull();
    expect((await run(a, 'staff/list', {})).find((m) => m.name === 'Pat Pom')?.allocated).toBe(0);
  });
});
