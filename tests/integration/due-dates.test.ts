import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { copyDemoDatabase } from '../support/demo-template';
import { run } from '../support/commands';
import { TEST_COST, signIn, signInNewStaff } from '../support/sign-in';
import { DEMO_PASSWORD } from '../../electron/domain/session/settings';
import { emptyDatabase } from '../support/empty-database';

let app: OmuApp;
afterEach(() => app?.close());

async function setup() {
  app = openApp({
    dbFile: emptyDatabase(),
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  const admin = app.services.staff.create(app.context(), {
    name: 'Sam Admin',
    email: null,
    roles: ['administrator'],
    active: true,
  });
  const pom = app.services.staff.insertUnchecked(app.context(), {
    name: 'Pat Pom',
    email: null,
    roles: ['pom'],
    active: true,
  });
  await signIn(app, pom.name);
  const csv =
    'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,pom,com_name\n' +
    'A1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2027,Pat Pom,\n';
  app.services.caseloadImport.commit(app.context(), 'c.csv', csv);
  return { admin, pom, router: createRouter(app, 'http') };
}

describe('due dates on a real database', () => {
  it('flags a missing COM two days after the handover date, with the basis', async () => {
    await setup();
    const items = app.services.due.list(FIXED_TODAY, { kinds: ['com-allocation-overdue'] });
    expect(items.map((i) => [i.prisonerNumber, i.dueDate, i.status])).toEqual([
      ['A1111AA', '2026-09-08', 'overdue'],
    ]);
    expect(items[0]!.basis.sentence).toMatch(
      /^COM allocation overdue since 08\/09\/2026: no COM recorded 2 days after the handover date\. Handover 06\/09\/2026/,
    );
  });

  it('records OASys, events and handover tasks in the audit log with who and when', async () => {
    const { router } = await setup();
    expect(
      await router.handle('oasys/add-assessment', {
        prisonerNumber: 'A1111AA',
        assessment: { type: 'initial', completedOn: '2024-01-10', layer: 3, completedBy: 'prison' },
      }),
    ).toMatchObject({ ok: true });
    expect(
      await router.handle('oasys/add-event', {
        prisonerNumber: 'A1111AA',
        event: { type: 'rosh-change', date: '2026-11-20' },
      }),
    ).toMatchObject({ ok: true });
    expect(
      await router.handle('handover/set-task', {
        prisonerNumber: 'A1111AA',
        itemKey: 'contact-from-com',
        done: true,
      }),
    ).toMatchObject({
      ok: true,
      value: {
        checklist: [
          { key: 'contact-from-com', completedOn: '2026-11-22', completedBy: 'Pat Pom' },
          { key: 'send-handover-report', completedOn: null },
        ],
      },
    });
    const entries = app.services.audit
      .list({ prisonerId: app.services.caseload.get('A1111AA').id, limit: 10 })
      .map((e) => `${e.actorName}|${e.at}|${e.summary}`);
    expect(entries.slice(0, 3)).toEqual([
      'Pat Pom|2026-11-22T10:00:00.000Z|Handover task done: Have contact from the COM',
      'Pat Pom|2026-11-22T10:00:00.000Z|Recorded significant event: rosh change on 20/11/2026',
      'Pat Pom|2026-11-22T10:00:00.000Z|Recorded initial OASys (layer 3, by prison) completed 10/01/2024',
    ]);
    expect(
      app.services.due
        .list(FIXED_TODAY, { prisonerNumber: 'A1111AA', kinds: ['oasys-significant-change'] })
        .map((i) => i.dueDate),
    ).toEqual(['2026-12-18']);
  });

  it('refuses bad input with the field named, and future completion dates', async () => {
    const { router } = await setup();
    expect(
      await router.handle('oasys/add-assessment', {
        prisonerNumber: 'A1111AA',
        assessment: { type: 'initial', completedOn: '2026-02-30' },
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'completedOn' } });
    expect(
      await router.handle('oasys/add-assessment', {
        prisonerNumber: 'A1111AA',
        assessment: { type: 'initial', completedOn: '2026-12-01' },
      }),
    ).toMatchObject({
      ok: false,
      error: { field: 'completedOn', message: 'Completed on must not be in the future' },
    });
  });

  it('only an administrator adds a policy version; it applies from its date and is audited', async () => {
    const { admin, router } = await setup();
    const add = {
      key: 'omic-handover',
      effectiveFrom: '2026-11-22',
      source: 'test',
      params: {
        standardMonths: 9,
        standardDays: 0,
        paroleMonths: 12,
        indeterminateMonths: 12,
        earlyAllocationMonths: 15,
        shortSentenceMonths: 10,
        upcomingDays: 56,
        dueSoonDays: 14,
        comAllocationOverdueDays: 2,
      },
    };
    expect(await router.handle('policy/add-version', add)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await signIn(app, admin.name);
    expect(
      await router.handle('policy/add-version', { ...add, params: { ...add.params, standardMonths: 99 } }),
    ).toMatchObject({ ok: false, error: { code: 'invalid-input', field: 'params.standardMonths' } });
    // Five OMiC versions are shipped (2019, April 2023, October 2023, May 2024, October 2024); parameters the new version
    // does not give (the 2024 life/IPP rules, the early allocation window) keep their values from the version in force.
    expect(await router.handle('policy/add-version', add)).toMatchObject({
      ok: true,
      value: {
        version: 6,
        addedBy: 'Sam Admin',
        params: { recallThdMonths: 12, earlyAllocationWindowMonths: 18 },
      },
    });
    expect(app.services.handover.view('A1111AA', '2026-11-22').handoverDate).toBe('2026-08-20');
    expect(app.services.handover.view('A1111AA', '2026-11-21').handoverDate).toBe('2026-09-06');
    expect(app.services.audit.list({ entity: 'policy-rule', limit: 1 })[0]).toMatchObject({
      actorName: 'Sam Admin',
      summary: 'Added version 6 of the OMiC handover rules, effective 2026-11-22',
    });
  });

  it('the cached due list follows every change', async () => {
    await setup();
    const first = app.services.due.list(FIXED_TODAY, { prisonerNumber: 'A1111AA' }).map((i) => i.kind);
    expect(first).toContain('oasys-initial');
    app.services.oasys.addAssessment(app.context(), 'A1111AA', {
      type: 'initial',
      completedOn: '2026-11-01',
    });
    expect(
      app.services.due.list(FIXED_TODAY, { prisonerNumber: 'A1111AA' }).map((i) => i.kind),
    ).not.toContain('oasys-initial');
  });
});

describe('handover lists', () => {
  it('sorts prisoners into upcoming, due soon, in progress, COM allocation overdue and tasks overdue', async () => {
    app = openApp({
      dbFile: emptyDatabase(),
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
      passwordHashCost: TEST_COST,
    });
    await signInNewStaff(app);
    // CRDs chosen so that handover (CRD - 8 months 14 days) falls 10 days ahead, 40 days ahead and 61 days ago.
    const csv =
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,com_name,rosh\n' +
      'A1000AA,SOON,Sam,01/01/1980,determinate,01/01/2024,16/08/2027,Sue Hill,low\n' +
      'B1000BB,LATER,Lee,01/01/1980,determinate,01/01/2024,15/09/2027,,low\n' +
      'C1000CC,PAST,Pat,01/01/1980,determinate,01/01/2024,06/06/2027,,high\n';
    app.services.caseloadImport.commit(app.context(), 'c.csv', csv);
    const lists = app.services.handover.lists(FIXED_TODAY, app.services.policy.versions());
    const numbers = (l: keyof typeof lists) => lists[l].map((r) => `${r.prisonerNumber} ${r.handoverDate}`);
    expect(numbers('due-soon')).toEqual(['A1000AA 2026-12-02']);
    // Manage POM Cases (app/lib/handover/summary.rb): an upcoming case with a COM named is in progress, not upcoming;
    // once the COM is responsible the case is in progress until release.
    expect(numbers('upcoming')).toEqual(['B1000BB 2027-01-01']);
    expect(numbers('in-progress')).toEqual(['C1000CC 2026-09-22', 'A1000AA 2026-12-02']);
    expect(numbers('com-allocation-overdue')).toEqual(['C1000CC 2026-09-22']);
    expect(numbers('tasks-overdue')).toEqual(['C1000CC 2026-09-22']);
    expect(lists['tasks-overdue'][0]!.tasksOutstanding).toEqual([
      'Review the last OASys',
      'Have contact from the COM',
      'Attend the handover meeting',
    ]);
  });
});

describe('the due list kept in memory', () => {
  it('follows changes made through this connection, another connection, a rolled-back change and a staff rename', async () => {
    await setup();
    const kinds = () =>
      app.services.due
        .list(FIXED_TODAY, { prisonerNumber: 'A1111AA' })
        .map((i) => i.kind)
        .filter(
          (k) =>
            !k.startsWith('categorisation') && k !== 'release-plan-item' && k !== 'mappa-level-confirmation',
        )
        .sort();
    expect(kinds()).toEqual(['com-allocation-overdue', 'oasys-initial', 'oasys-pre-release']);
    app.services.oasys.addAssessment(app.context(), 'A1111AA', {
      type: 'initial',
      completedOn: '2026-11-01',
    });
    expect(kinds()).toEqual(['com-allocation-overdue', 'oasys-review']);

    const other = new (await import('better-sqlite3')).default(app.file);
    other.prepare("UPDATE prisoners SET com_name = 'Sue Hill' WHERE prisoner_number = 'A1111AA'").run();
    other.close();
    expect(kinds()).toEqual(['oasys-review']);

    expect(() =>
      app.opened.sqlite.transaction(() => {
        app.opened.sqlite.prepare('DELETE FROM oasys_assessments').run();
        throw new Error('rolled back');
      })(),
    ).toThrow('rolled back');
    expect(kinds()).toEqual(['oasys-review']);

    const pom = app.services.staff.findByName('Pat Pom')!;
    app.opened.sqlite.prepare("UPDATE staff SET name = 'Pat Pomeroy' WHERE id = ?").run(pom.id);
    expect(app.services.due.list(FIXED_TODAY, { prisonerNumber: 'A1111AA' })[0]!.pomName).toBe('Pat Pomeroy');

    const all = app.services.due.list(FIXED_TODAY);
    const sorted = [...all].sort((a, b) =>
      a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.prisonerNumber < b.prisonerNumber ? -1 : 1,
    );
    expect(all.map((e) => `${e.dueDate}${e.prisonerNumber}`)).toEqual(
      sorted.map((e) => `${e.dueDate}${e.prisonerNumber}`),
    );
  });
});

describe('incremental due list equals a full recomputation', () => {
  it('after assessments, events and sentence changes on the demo caseload', async () => {
    const dir = tempDir();
    app = openApp({
      dbFile: copyDemoDatabase(dir),
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
      passwordHashCost: TEST_COST,
    });
    await signIn(app, 'Anna Patel', DEMO_PASSWORD);
    app.services.due.list(FIXED_TODAY);
    const rows = app.services.caseload.query({ today: FIXED_TODAY }, { limit: 40, sort: 'name' }).rows;
    for (const [i, r] of rows.entries()) {
      if (i % 3 === 0)
        app.services.oasys.addAssessment(app.context(), r.prisonerNumber, {
          type: 'review',
          completedOn: '2026-11-20',
        });
      if (i % 3 === 1)
        app.services.oasys.addEvent(app.context(), r.prisonerNumber, {
          type: 'transfer-in',
          date: '2026-11-21',
        });
      if (i % 3 === 2) {
        const p = app.services.caseload.get(r.prisonerNumber);
        await run(app, 'caseload/update-prisoner', {
          prisonerNumber: p.prisonerNumber,
          prisoner: {
            ...p,
            comName: null,
            sentenceExpiryDate: null,
            licenceExpiryDate: null,
            conditionalReleaseDate: '2027-08-31',
            automaticReleaseDate: null,
            paroleEligibilityDate: null,
            hdcEligibilityDate: null,
          },
        });
      }
      if (i % 5 === 0) app.services.due.list(FIXED_TODAY);
    }
    const incremental = app.services.due.list(FIXED_TODAY);
    const fresh = openApp({
      dbFile: app.file,
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'other',
      passwordHashCost: TEST_COST,
    });
    const full = fresh.services.due.list(FIXED_TODAY);
    fresh.close();
    expect(incremental.length).toBe(full.length);
    expect(incremental).toEqual(full);
  }, 180_000);
});
