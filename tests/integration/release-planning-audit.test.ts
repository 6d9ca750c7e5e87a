import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OmuApp } from '../../electron/app/omu-app';
import { openTestApp } from '../support/apps';
import { FIXED_TODAY } from '../support/temp';
import { refusalOf, run } from '../support/commands';
import { signIn } from '../support/sign-in';

/**
 * Release plans read back from a real SQLite file: each item's progress and the two facts the POM records (the row,
 * one per item, and the audit entry with who, before and after), a repeat that writes nothing, and the refusals that
 * write nothing (not applicable without a reason, done in the future, the MAPPA level confirmed while none is
 * recorded). Sources: Pre-release and resettlement policy framework; MAPPA guidance 2012 (level set before release);
 * Sexual Offences Act 2003 s.83 (notification within 3 days). One database for the file: each test has its own prisoner.
 */

let app: OmuApp;
beforeAll(async () => {
  app = openTestApp();
  app.services.staff.create(app.context(), {
    name: 'Pat Pom',
    email: null,
    roles: ['pom', 'administrator'],
    active: true,
  });
  await signIn(app, 'Pat Pom');
  app.services.caseloadImport.commit(
    app.context(),
    'c.csv',
    [
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,sentence_expiry_date,mappa_category,mappa_level',
      'A1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,22/04/2027,01/01/2029,1,',
      'B2222BB,JONES,Tom,01/01/1990,determinate,01/01/2024,22/04/2027,01/01/2029,1,2',
      'C3333CC,BROWN,Dan,01/01/1985,determinate,01/01/2024,22/04/2027,01/01/2029,,',
      'D4444DD,GREEN,Ian,01/01/1986,determinate,01/01/2024,22/04/2027,01/01/2029,,',
      'E5555EE,WHITE,Eve,01/01/1987,determinate,01/01/2024,22/04/2027,01/01/2029,,',
    ].join('\n') + '\n',
  );
});
afterAll(() => app?.close());

const pid = (n: string) => app.services.caseload.get(n).id;
const items = (n: string) =>
  app.opened.sqlite
    .prepare(
      'SELECT item_key, status, note, completed_on, completed_by FROM release_plan_items WHERE prisoner_id = ? ORDER BY item_key',
    )
    .all(pid(n));
const audited = (n: string, entity: string) =>
  app.services.audit
    .list({ prisonerId: pid(n), entity, limit: 100 })
    .reverse()
    .map(({ actorName, action, entityId, summary, before, after }) => ({
      actorName,
      action,
      entityId,
      summary,
      before,
      after,
    }));
const setItem = (n: string, item: Record<string, unknown>) =>
  run(app, 'release-planning/set-item', { prisonerNumber: n, item } as never);

describe('release plan items: written, audited and read back', () => {
  it('an item started, done today by default, then done on another day: one row, each change audited', async () => {
    const started = await setItem('c3333cc', {
      itemKey: 'accommodation-confirmed',
      status: 'in-progress',
      note: '  ',
    });
    expect(started).toMatchObject({ prisonerNumber: 'C3333CC', name: 'BROWN, Dan' });
    expect(started.plan!.items.find((i) => i.key === 'accommodation-confirmed')).toMatchObject({
      status: 'in-progress',
      note: null,
      completedOn: null,
    });
    // A date given with a status other than done is not kept.
    await setItem('C3333CC', {
      itemKey: 'accommodation-confirmed',
      status: 'in-progress',
      note: 'Awaiting CAS3',
      completedOn: '2026-11-01',
    });
    await setItem('C3333CC', { itemKey: 'accommodation-confirmed', status: 'done', note: 'Awaiting CAS3' });
    expect(items('C3333CC')).toEqual([
      {
        item_key: 'accommodation-confirmed',
        status: 'done',
        note: 'Awaiting CAS3',
        completed_on: FIXED_TODAY,
        completed_by: 'Pat Pom',
      },
    ]);
    await setItem('C3333CC', {
      itemKey: 'accommodation-confirmed',
      status: 'done',
      note: 'Awaiting CAS3',
      completedOn: '2026-11-20',
    });
    expect(items('C3333CC')).toMatchObject([{ completed_on: '2026-11-20', completed_by: 'Pat Pom' }]);
    const label = 'Release plan: Accommodation address confirmed';
    expect(audited('C3333CC', 'release-plan-item')).toEqual([
      {
        actorName: 'Pat Pom',
        action: 'update',
        entityId: 'accommodation-confirmed',
        summary: `${label}: in progress`,
        before: null,
        after: { status: 'in-progress', note: null, completedOn: null },
      },
      {
        actorName: 'Pat Pom',
        action: 'update',
        entityId: 'accommodation-confirmed',
        summary: `${label}: in progress (Awaiting CAS3)`,
        before: { status: 'in-progress', note: null, completedOn: null },
        after: { status: 'in-progress', note: 'Awaiting CAS3', completedOn: null },
      },
      {
        actorName: 'Pat Pom',
        action: 'update',
        entityId: 'accommodation-confirmed',
        summary: `${label}: done on 22/11/2026 (Awaiting CAS3)`,
        before: { status: 'in-progress', note: 'Awaiting CAS3', completedOn: null },
        after: { status: 'done', note: 'Awaiting CAS3', completedOn: FIXED_TODAY },
      },
      {
        actorName: 'Pat Pom',
        action: 'update',
        entityId: 'accommodation-confirmed',
        summary: `${label}: done on 20/11/2026 (Awaiting CAS3)`,
        before: { status: 'done', note: 'Awaiting CAS3', completedOn: FIXED_TODAY },
        after: { status: 'done', note: 'Awaiting CAS3', completedOn: '2026-11-20' },
      },
    ]);
    // The same again writes nothing; a change of status alone, of note alone, each writes.
    await setItem('C3333CC', {
      itemKey: 'accommodation-confirmed',
      status: 'done',
      note: 'Awaiting CAS3',
      completedOn: '2026-11-20',
    });
    expect(audited('C3333CC', 'release-plan-item')).toHaveLength(4);
    await setItem('C3333CC', {
      itemKey: 'accommodation-confirmed',
      status: 'done',
      note: 'CAS3 address agreed',
      completedOn: '2026-11-20',
    });
    await setItem('C3333CC', {
      itemKey: 'accommodation-confirmed',
      status: 'done',
      note: 'CAS3 address agreed',
      completedOn: '2026-11-21',
    });
    expect(
      audited('C3333CC', 'release-plan-item')
        .map((a) => a.summary)
        .slice(4),
    ).toEqual([
      `${label}: done on 20/11/2026 (CAS3 address agreed)`,
      `${label}: done on 21/11/2026 (CAS3 address agreed)`,
    ]);
    expect(items('C3333CC')).toHaveLength(1);
  });

  it('refused with nothing written: not applicable without a reason of 5 letters, done in the future, MAPPA level not recorded', async () => {
    const before = [items('D4444DD'), audited('D4444DD', 'release-plan-item')];
    for (const note of [undefined, '', 'n/a'])
      expect(
        await refusalOf(setItem('D4444DD', { itemKey: 'release-id', status: 'not-applicable', note })),
      ).toEqual({
        code: 'invalid-input',
        field: 'note',
        message: 'Note: say why this item does not apply',
      });
    expect(
      await refusalOf(setItem('D4444DD', { itemKey: 'release-id', status: 'not-applicable', note: 'abcd' })),
    ).toMatchObject({
      field: 'note',
    });
    expect(
      await refusalOf(
        setItem('D4444DD', { itemKey: 'release-id', status: 'done', completedOn: '2026-11-23' }),
      ),
    ).toEqual({ code: 'invalid-input', field: 'completedOn', message: 'Done on must not be in the future' });
    for (const n of ['A1111AA', 'D4444DD'])
      expect(await refusalOf(setItem(n, { itemKey: 'mappa-level-confirmed', status: 'done' }))).toEqual({
        code: 'invalid-input',
        field: 'status',
        message: `Status: record the confirmed MAPPA level on ${n}'s details first`,
      });
    expect([items('D4444DD'), audited('D4444DD', 'release-plan-item')]).toEqual(before);
    // A reason of five letters is enough; a MAPPA item not done needs no level.
    await setItem('D4444DD', { itemKey: 'release-id', status: 'not-applicable', note: 'Has ID' });
    await setItem('D4444DD', { itemKey: 'mappa-level-confirmed', status: 'in-progress' });
    expect(items('D4444DD')).toEqual([
      {
        item_key: 'mappa-level-confirmed',
        status: 'in-progress',
        note: null,
        completed_on: null,
        completed_by: null,
      },
      {
        item_key: 'release-id',
        status: 'not-applicable',
        note: 'Has ID',
        completed_on: null,
        completed_by: null,
      },
    ]);
    // With the level recorded, done today.
    await setItem('B2222BB', { itemKey: 'mappa-level-confirmed', status: 'done', completedOn: FIXED_TODAY });
    expect(items('B2222BB')).toMatchObject([{ status: 'done', completed_on: FIXED_TODAY }]);
  });

  it("an item's name worked out from the rule reads the version in force today", async () => {
    await setItem('E5555EE', { itemKey: 'rso-notification-explained', status: 'in-progress' });
    await run(app, 'policy/add-version', {
      key: 'release-planning',
      effectiveFrom: FIXED_TODAY,
      params: { rsoNotificationDays: 5 },
      source: 'A test of a later version',
    } as never);
    await setItem('E5555EE', { itemKey: 'rso-notification-explained', status: 'done' });
    expect(audited('E5555EE', 'release-plan-item').map((a) => a.summary)).toEqual([
      'Release plan: Sex offender notification requirements explained: he must notify the police within 3 days of release: in progress',
      'Release plan: Sex offender notification requirements explained: he must notify the police within 5 days of release: done on 22/11/2026',
    ]);
  });
});

describe('release plan facts: written, audited and read back', () => {
  it('recorded, changed one at a time, a repeat writing nothing; each change audited in words', async () => {
    const facts = (f: Record<string, boolean | null>) =>
      run(app, 'release-planning/set-facts', { prisonerNumber: 'a1111aa', facts: f } as never);
    const row = () =>
      app.opened.sqlite
        .prepare(
          'SELECT approved_premises_needed AS ap, victim_in_contact_scheme AS vcs FROM release_plans WHERE prisoner_id = ?',
        )
        .all(pid('A1111AA'));
    expect(app.services.releasePlanning.view('A1111AA', FIXED_TODAY).facts).toEqual({
      approvedPremisesNeeded: null,
      victimInContactScheme: null,
    });
    // Nothing known is what is recorded already: no row, nothing audited.
    await facts({ approvedPremisesNeeded: null, victimInContactScheme: null });
    expect(row()).toEqual([]);
    const first = await facts({ approvedPremisesNeeded: true, victimInContactScheme: null });
    expect(first.facts).toEqual({ approvedPremisesNeeded: true, victimInContactScheme: null });
    await facts({ approvedPremisesNeeded: true, victimInContactScheme: false });
    await facts({ approvedPremisesNeeded: true, victimInContactScheme: false });
    await facts({ approvedPremisesNeeded: false, victimInContactScheme: false });
    expect(row()).toEqual([{ ap: 0, vcs: 0 }]);
    expect(audited('A1111AA', 'release-plan')).toEqual([
      {
        actorName: 'Pat Pom',
        action: 'update',
        entityId: null,
        summary: 'Release plan facts: approved premises needed yes, victim in the contact scheme not known',
        before: { approvedPremisesNeeded: null, victimInContactScheme: null },
        after: { approvedPremisesNeeded: true, victimInContactScheme: null },
      },
      {
        actorName: 'Pat Pom',
        action: 'update',
        entityId: null,
        summary: 'Release plan facts: approved premises needed yes, victim in the contact scheme no',
        before: { approvedPremisesNeeded: true, victimInContactScheme: null },
        after: { approvedPremisesNeeded: true, victimInContactScheme: false },
      },
      {
        actorName: 'Pat Pom',
        action: 'update',
        entityId: null,
        summary: 'Release plan facts: approved premises needed no, victim in the contact scheme no',
        before: { approvedPremisesNeeded: true, victimInContactScheme: false },
        after: { approvedPremisesNeeded: false, victimInContactScheme: false },
      },
    ]);
  });
});

describe('the release plan as its page reads it (release-planning/show)', () => {
  it("each prisoner's own recorded facts, and the reason there is no plan when every release date has passed", async () => {
    // Two prisoners with different facts: each page shows his own row, not another's.
    await run(app, 'release-planning/set-facts', {
      prisonerNumber: 'D4444DD',
      facts: { approvedPremisesNeeded: true, victimInContactScheme: null },
    } as never);
    expect(app.services.releasePlanning.view('D4444DD', FIXED_TODAY).facts).toEqual({
      approvedPremisesNeeded: true,
      victimInContactScheme: null,
    });
    const other = app.services.releasePlanning.view('B2222BB', FIXED_TODAY);
    expect(other.facts).toEqual({ approvedPremisesNeeded: null, victimInContactScheme: null });
    expect(other.plan).not.toBeNull();
    expect(other.noPlan).toBeNull();
    // A conditional release date before today (22/11/2026) and no other: no plan, and the page says why.
    app.services.caseloadImport.commit(
      app.context(),
      'past.csv',
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date\n' +
        'F6666FF,BLACK,Sam,01/01/1988,determinate,01/01/2024,01/01/2026\n',
    );
    const past = app.services.releasePlanning.view('F6666FF', FIXED_TODAY);
    expect(past).toMatchObject({ prisonerNumber: 'F6666FF', name: 'BLACK, Sam', plan: null });
    expect(past.noPlan).toBe(
      'Every release date recorded has passed: record his release, or correct the dates.',
    );
  });
});
