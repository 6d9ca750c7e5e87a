import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { FIXED_TODAY, fixedClock } from '../support/temp';
import { run } from '../support/commands';
import { TEST_COST, signIn } from '../support/sign-in';
import { emptyDatabase } from '../support/empty-database';

/**
 * The POM-to-COM handover's writes read back from a real SQLite file (issue 19: what the handover service's mutation
 * run let through): the handover type set by hand and back to RoSH, checklist tasks ticked and unticked (who, what day,
 * the audit entry; a repeat writes nothing), and the tasks-overdue list on its boundaries. Source: Manage POM Cases
 * (ministryofjustice/offender-management-allocation-manager: app/lib/handover/summary.rb, enhanced handover for high and
 * very high RoSH, the handover tasks of app/models/calculated_handover_date.rb and the handover progress checklist).
 */

let app: OmuApp;
afterEach(() => app?.close());

// Handover is CRD minus 8 months and 14 days here (determinate, no parole): each CRD gives the handover date in the
// comment.
const CSV = [
  'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,com_name,rosh',
  // Handover 22/11/2026 (today).
  'A1000AA,TODAY,Tom,01/01/1980,determinate,01/01/2024,06/08/2027,,low',
  // Handover 22/09/2026, release 06/06/2027; high RoSH: enhanced.
  'B1000BB,PAST,Pat,01/01/1980,determinate,01/01/2024,06/06/2027,,high',
  // Handover 08/03/2026, release today.
  'C1000CC,RELEASE,Rob,01/01/1980,determinate,01/01/2020,22/11/2026,,low',
  // Handover 23/08/2026, release 06/05/2027.
  'D1000DD,EARLIER,Dan,01/01/1980,determinate,01/01/2024,06/05/2027,,low',
].join('\n');

async function setup() {
  app = openApp({
    dbFile: emptyDatabase(),
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  app.services.staff.create(app.context(), {
    name: 'Ada Admin',
    email: null,
    roles: ['administrator'],
    active: true,
  });
  app.services.staff.insertUnchecked(app.context(), {
    name: 'Pat Pom',
    email: null,
    roles: ['pom'],
    active: true,
  });
  await signIn(app, 'Pat Pom');
  app.services.caseloadImport.commit(app.context(), 'c.csv', CSV + '\n');
}
const prisonerId = (n: string) => app.services.caseload.get(n).id;
const audited = (n: string) =>
  app.services.audit
    .list({ prisonerId: prisonerId(n), limit: 50 })
    .reverse()
    .filter((a) => a.entity !== 'prisoner')
    .map(({ actorName, action, entity, entityId, summary, before, after }) => ({
      actorName,
      action,
      entity,
      entityId,
      summary,
      before,
      after,
    }));
const written = () =>
  ['audit_log', 'handover_tasks'].map((t) =>
    app.opened.sqlite.prepare(`SELECT count(*) FROM ${t}`).pluck().get(),
  );
const tasks = (n: string) =>
  app.opened.sqlite
    .prepare(
      'SELECT item_key, completed_on, completed_by FROM handover_tasks WHERE prisoner_id = ? ORDER BY item_key',
    )
    .all(prisonerId(n));
const setTask = (prisonerNumber: string, itemKey: string, done: boolean) =>
  run(app, 'handover/set-task', { prisonerNumber, itemKey: itemKey as 'contact-from-com', done });

describe('handover: every write audited, a repeat writes nothing', () => {
  it('the type set by hand and back to the one RoSH gives', async () => {
    await setup();
    const pid = prisonerId('A1000AA');
    expect(app.services.handover.view('A1000AA', FIXED_TODAY)).toMatchObject({
      type: 'standard',
      typeSetByHand: false,
    });
    const enhanced = await run(app, 'handover/set-type', { prisonerNumber: 'A1000AA', type: 'enhanced' });
    expect(enhanced).toMatchObject({ type: 'enhanced', typeSetByHand: true });
    expect(enhanced.checklist.map((c) => c.key)).toEqual([
      'review-last-oasys',
      'contact-from-com',
      'attend-handover-meeting',
    ]);
    const back = await run(app, 'handover/set-type', { prisonerNumber: 'A1000AA', type: null });
    expect(back).toMatchObject({ type: 'standard', typeSetByHand: false });
    expect(
      app.opened.sqlite.prepare('SELECT handover_type FROM prisoners WHERE id = ?').pluck().get(pid),
    ).toBeNull();
    // Standard set by hand on a man RoSH would make enhanced.
    expect(
      await run(app, 'handover/set-type', { prisonerNumber: 'B1000BB', type: 'standard' }),
    ).toMatchObject({
      type: 'standard',
      typeSetByHand: true,
    });
    const entry = { actorName: 'Pat Pom', action: 'update', entity: 'handover', entityId: pid };
    expect(audited('A1000AA')).toEqual([
      {
        ...entry,
        summary: 'Handover type set to enhanced',
        before: { handoverType: null },
        after: { handoverType: 'enhanced' },
      },
      {
        ...entry,
        summary: 'Handover type set to automatic (by RoSH)',
        before: { handoverType: 'enhanced' },
        after: { handoverType: null },
      },
    ]);
  });

  it('a task ticked and unticked: its row, who and when, its entry; ticked or unticked twice, nothing more', async () => {
    await setup();
    await setTask('D1000DD', 'contact-from-com', true);
    const before = written();
    await setTask('A1000AA', 'send-handover-report', false);
    expect(written()).toEqual(before);
    await setTask('A1000AA', 'contact-from-com', true);
    expect(tasks('A1000AA')).toEqual([
      { item_key: 'contact-from-com', completed_on: FIXED_TODAY, completed_by: 'Pat Pom' },
    ]);
    const ticked = written();
    expect(
      (await setTask('A1000AA', 'contact-from-com', true)).checklist.find(
        (c) => c.key === 'contact-from-com',
      ),
    ).toEqual({
      key: 'contact-from-com',
      label: 'Have contact from the COM',
      completedOn: FIXED_TODAY,
      completedBy: 'Pat Pom',
    });
    expect(written()).toEqual(ticked);
    await setTask('A1000AA', 'contact-from-com', false);
    expect(tasks('A1000AA')).toEqual([]);
    expect(tasks('D1000DD')).toHaveLength(1);
    const unticked = written();
    await setTask('A1000AA', 'contact-from-com', false);
    expect(written()).toEqual(unticked);
    const pid = prisonerId('A1000AA');
    expect(audited('A1000AA')).toEqual([
      {
        actorName: 'Pat Pom',
        action: 'create',
        entity: 'handover-task',
        entityId: pid,
        summary: 'Handover task done: Have contact from the COM',
        before: null,
        after: null,
      },
      {
        actorName: 'Pat Pom',
        action: 'delete',
        entity: 'handover-task',
        entityId: pid,
        summary: 'Handover task marked not done: Have contact from the COM',
        before: null,
        after: null,
      },
    ]);
  });
});

describe('handover lists: tasks overdue on their boundaries, each list in handover date order', () => {
  it('handover passed and release still to come (today counts), tasks not all done; the tasks done left out', async () => {
    await setup();
    await setTask('B1000BB', 'review-last-oasys', true);
    await setTask('B1000BB', 'attend-handover-meeting', true);
    await setTask('D1000DD', 'contact-from-com', true);
    const lists = app.services.handover.lists(FIXED_TODAY, app.services.policy.versions());
    const rows = (l: keyof typeof lists) =>
      lists[l].map((r) => [r.prisonerNumber, r.handoverDate, r.earliestRelease, r.type, r.tasksOutstanding]);
    // A1000AA: handover today, not passed. C1000CC: released today, still to come.
    expect(rows('tasks-overdue')).toEqual([
      [
        'C1000CC',
        '2026-03-08',
        '2026-11-22',
        'standard',
        ['Have contact from the COM', 'Send the handover report'],
      ],
      ['D1000DD', '2026-08-23', '2027-05-06', 'standard', ['Send the handover report']],
      ['B1000BB', '2026-09-22', '2027-06-06', 'enhanced', ['Have contact from the COM']],
    ]);
    // Every task done: off the list.
    await setTask('B1000BB', 'contact-from-com', true);
    expect(
      app.services.handover
        .lists(FIXED_TODAY, app.services.policy.versions())
        ['tasks-overdue'].map((r) => r.prisonerNumber),
    ).toEqual(['C1000CC', 'D1000DD']);
    // The next day: C1000CC's release has passed, so he is off the list; A1000AA's handover has passed, so he is on it.
    expect(
      app.services.handover
        .lists('2026-11-23', app.services.policy.versions())
        ['tasks-overdue'].map((r) => r.prisonerNumber),
    ).toEqual(['D1000DD', 'A1000AA']);
  });
});
