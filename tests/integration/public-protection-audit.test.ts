import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { FIXED_TODAY, fixedClock } from '../support/temp';
import { run } from '../support/commands';
import { TEST_COST, signIn } from '../support/sign-in';
import { emptyDatabase } from '../support/empty-database';

/**
 * Public protection's writes read back from a real SQLite file: the audit entry of each (who, what, before and after),
 * the refusals that write nothing (not found, a date in the future, a review before its authorisation or of monitoring
 * already stopped), and the register and one prisoner's record built from what was written. Sources: PSI 49/2011 and
 * the Public Protection Manual (PPRC and harassment statuses, child contact), PSI 04/2016 (interception of
 * communications: authorisation by a senior manager, reviews, necessity and proportionality).
 */

let app: OmuApp;
afterEach(() => app?.close());

const STAFF = { manager: 'Maggie Manager', pom: 'Pat Pom', clerk: 'Cathy Clerk' } as const;

async function setup() {
  app = openApp({
    dbFile: emptyDatabase(),
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  const s = app.services;
  s.staff.create(app.context(), { name: 'Ada Admin', email: null, roles: ['administrator'], active: true });
  for (const [role, name] of [
    ['senior-manager', STAFF.manager],
    ['pom', STAFF.pom],
    ['case-administrator', STAFF.clerk],
  ] as const)
    s.staff.insertUnchecked(app.context(), { name, email: null, roles: [role], active: true });
  await as('pom');
  s.caseloadImport.commit(
    app.context(),
    'c.csv',
    [
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,location',
      'A1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2028,A-1-01',
      'B2222BB,ADAMS,Zed,01/01/1981,determinate,01/01/2024,20/05/2028,',
      'C3333CC,ADAMS,Alan,01/01/1982,determinate,01/01/2024,20/05/2028,B-2-02',
      'D4444DD,BROWN,Dan,01/01/1983,determinate,01/01/2024,20/05/2028,',
    ].join('\n') + '\n',
  );
}
const as = (who: keyof typeof STAFF) => signIn(app, STAFF[who]);
const prisonerId = (n: string) => app.services.caseload.get(n).id;
const staffId = (name: string) => app.services.staff.findByName(name)!.id;
/** The audit entries of one prisoner, oldest first, as what each says. */
const audited = (n: string) =>
  app.services.audit
    .list({ prisonerId: prisonerId(n), limit: 100 })
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
const count = (table: string) => app.opened.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
const written = () =>
  [
    'audit_log',
    'public_protection_statuses',
    'monitoring_authorisations',
    'monitoring_reviews',
    'monitoring_decisions',
    'protected_people',
    'child_contact_applications',
  ].map(count);

const authorisation = (over: { means?: 'mail' | 'phone' | 'both'; authorisedOn?: string } = {}) => ({
  means: 'phone' as 'mail' | 'phone' | 'both',
  basis: 'offence-related' as const,
  reasons: 'Offence against a child known to him',
  necessityAndProportionality: 'Necessary to protect the victim; phone only',
  authorisedOn: '2026-11-10',
  ...over,
});
const application = {
  receivedOn: '2026-10-01',
  childInitials: 'J.S.',
  childAge: 9,
  relationship: 'daughter',
  childrensServicesRequestedOn: '2026-10-02',
};
const NO_APPLICATION_DATES = {
  childrensServicesReplyOn: null,
  probationRequestedOn: null,
  probationReplyOn: null,
  policeRequestedOn: null,
  policeReplyOn: null,
  decisionOn: null,
  decisionLevel: null,
  reviewOn: null,
};

describe('public protection: every write audited with who, what, before and after', () => {
  it('statuses, grounds, monitoring, reviews, decisions not to monitor, people and applications', async () => {
    await setup();
    const pid = prisonerId('A1111AA');
    const potential = {
      type: 'pprc',
      status: 'potential',
      identifiedOn: '2026-11-01',
      // A confirmation date on a potential status is not kept: it is confirmed when someone confirms it.
      confirmedOn: '2026-11-02',
      groundsWiderInformation: true,
      summary: 'Police intelligence about contact with children',
    } as const;
    const { id: pprcId } = await run(app, 'public-protection/add-status', {
      prisonerNumber: 'A1111AA',
      status: potential,
    });
    const { id: hppmId } = await run(app, 'public-protection/add-status', {
      prisonerNumber: 'A1111AA',
      status: { type: 'hppm', status: 'confirmed', identifiedOn: '2026-10-01', groundsCurrentOffence: true },
    });
    const statusRow = (id: string) =>
      app.opened.sqlite
        .prepare('SELECT prisoner_id, status, confirmed_on FROM public_protection_statuses WHERE id = ?')
        .get(id);
    expect(statusRow(pprcId)).toEqual({ prisoner_id: pid, status: 'potential', confirmed_on: null });
    // Confirmed without a confirmation date: confirmed on the day it was identified.
    expect(statusRow(hppmId)).toEqual({ prisoner_id: pid, status: 'confirmed', confirmed_on: '2026-10-01' });

    expect(
      await run(app, 'public-protection/confirm-status', { statusId: pprcId, confirmedOn: '2026-11-20' }),
    ).toEqual({
      id: pprcId,
    });
    expect(statusRow(pprcId)).toEqual({ prisoner_id: pid, status: 'confirmed', confirmed_on: '2026-11-20' });
    expect(
      await run(app, 'public-protection/classify-grounds', {
        statusId: pprcId,
        grounds: {
          groundsCurrentOffence: true,
          groundsPreviousConvictions: true,
          groundsWiderInformation: false,
        },
      }),
    ).toEqual({ id: pprcId });

    await as('manager');
    const { id: authId } = await run(app, 'public-protection/authorise-monitoring', {
      prisonerNumber: 'A1111AA',
      authorisation: authorisation(),
    });
    await as('pom');
    const { id: reviewId } = await run(app, 'public-protection/review-monitoring', {
      authorisationId: authId,
      review: {
        reviewedOn: '2026-11-10',
        decision: 'continue',
        reasons: 'Calls reviewed, nothing of concern',
      },
    });
    await as('manager');
    await run(app, 'public-protection/review-monitoring', {
      authorisationId: authId,
      review: {
        reviewedOn: '2026-11-21',
        decision: 'stop',
        reasons: 'No longer necessary: victim moved abroad',
      },
    });
    const { id: decisionId } = await run(app, 'public-protection/decide-not-to-monitor', {
      prisonerNumber: 'A1111AA',
      decision: { decidedOn: '2026-11-22', reasons: 'Monitoring stopped; the risk is managed by licence' },
    });
    await as('pom');
    const { id: childId } = await run(app, 'public-protection/add-protected-person', {
      statusId: pprcId,
      person: { kind: 'child', name: 'J.S.', age: 9, relationship: 'daughter', contactLevel: 3 },
    });
    const { id: adultId } = await run(app, 'public-protection/add-protected-person', {
      statusId: hppmId,
      person: { kind: 'adult', name: 'Mary Smith', relationship: 'former partner' },
    });
    const { id: appId } = await run(app, 'public-protection/add-application', {
      prisonerNumber: 'A1111AA',
      application,
    });
    // Saving the application unchanged writes nothing.
    const before = written();
    expect(
      await run(app, 'public-protection/update-application', { applicationId: appId, application }),
    ).toEqual({
      id: appId,
    });
    expect(written()).toEqual(before);
    expect(
      await run(app, 'public-protection/update-application', {
        applicationId: appId,
        application: { ...application, childAge: 10, childrensServicesReplyOn: '2026-10-20' },
      }),
    ).toEqual({ id: appId });

    expect(
      app.opened.sqlite
        .prepare('SELECT authorised_by_id, stopped_on, stop_reasons FROM monitoring_authorisations')
        .all(),
    ).toEqual([
      {
        authorised_by_id: staffId(STAFF.manager),
        stopped_on: '2026-11-21',
        stop_reasons: 'No longer necessary: victim moved abroad',
      },
    ]);
    expect(
      app.opened.sqlite
        .prepare('SELECT id, reviewed_by_id, decision FROM monitoring_reviews ORDER BY reviewed_on')
        .all(),
    ).toEqual([
      { id: reviewId, reviewed_by_id: staffId(STAFF.pom), decision: 'continue' },
      { id: expect.any(String), reviewed_by_id: staffId(STAFF.manager), decision: 'stop' },
    ]);
    expect(app.opened.sqlite.prepare('SELECT id, decided_by_id FROM monitoring_decisions').all()).toEqual([
      { id: decisionId, decided_by_id: staffId(STAFF.manager) },
    ]);
    expect(
      app.opened.sqlite
        .prepare('SELECT id, status_id, kind, contact_level FROM protected_people ORDER BY kind')
        .all(),
    ).toEqual([
      { id: adultId, status_id: hppmId, kind: 'adult', contact_level: null },
      { id: childId, status_id: pprcId, kind: 'child', contact_level: 3 },
    ]);

    const statusAfter = {
      groundsCurrentOffence: false,
      groundsPreviousConvictions: false,
      groundsWiderInformation: false,
      confirmedOn: null,
      summary: null,
    };
    expect(audited('A1111AA')).toEqual([
      {
        actorName: STAFF.pom,
        action: 'create',
        entity: 'public-protection-status',
        entityId: pprcId,
        summary: 'Recorded potential PPRC, identified 01/11/2026',
        before: null,
        after: { ...statusAfter, ...potential },
      },
      {
        actorName: STAFF.pom,
        action: 'create',
        entity: 'public-protection-status',
        entityId: hppmId,
        summary: 'Recorded confirmed harassment (HPPM), identified 01/10/2026',
        before: null,
        after: {
          ...statusAfter,
          type: 'hppm',
          status: 'confirmed',
          identifiedOn: '2026-10-01',
          groundsCurrentOffence: true,
        },
      },
      {
        actorName: STAFF.pom,
        action: 'update',
        entity: 'public-protection-status',
        entityId: pprcId,
        summary: 'Confirmed PPRC on 20/11/2026',
        before: { status: 'potential' },
        after: { status: 'confirmed', confirmedOn: '2026-11-20' },
      },
      {
        actorName: STAFF.pom,
        action: 'update',
        entity: 'public-protection-status',
        entityId: pprcId,
        summary: 'Grounds of the PPRC status classified: current offence, previous convictions',
        before: {
          groundsCurrentOffence: false,
          groundsPreviousConvictions: false,
          groundsWiderInformation: true,
        },
        after: {
          groundsCurrentOffence: true,
          groundsPreviousConvictions: true,
          groundsWiderInformation: false,
        },
      },
      {
        actorName: STAFF.manager,
        action: 'create',
        entity: 'monitoring-authorisation',
        entityId: authId,
        summary: 'Authorised offence-related phone monitoring from 10/11/2026',
        before: null,
        after: authorisation(),
      },
      {
        actorName: STAFF.pom,
        action: 'create',
        entity: 'monitoring-review',
        entityId: authId,
        summary: 'Monitoring reviewed on 10/11/2026: continue',
        before: null,
        after: {
          reviewedOn: '2026-11-10',
          decision: 'continue',
          reasons: 'Calls reviewed, nothing of concern',
        },
      },
      {
        actorName: STAFF.manager,
        action: 'create',
        entity: 'monitoring-review',
        entityId: authId,
        summary: 'Monitoring reviewed on 21/11/2026: stop',
        before: null,
        after: {
          reviewedOn: '2026-11-21',
          decision: 'stop',
          reasons: 'No longer necessary: victim moved abroad',
        },
      },
      {
        actorName: STAFF.manager,
        action: 'create',
        entity: 'monitoring-decision',
        entityId: decisionId,
        summary: 'Decided not to monitor mail or phone on 22/11/2026',
        before: null,
        after: { decidedOn: '2026-11-22', reasons: 'Monitoring stopped; the risk is managed by licence' },
      },
      {
        actorName: STAFF.pom,
        action: 'create',
        entity: 'protected-person',
        entityId: childId,
        summary: 'Recorded child protected by the PPRC status: J.S. (daughter), contact level 3',
        before: null,
        after: { kind: 'child', name: 'J.S.', age: 9, relationship: 'daughter', contactLevel: 3 },
      },
      {
        actorName: STAFF.pom,
        action: 'create',
        entity: 'protected-person',
        entityId: adultId,
        summary: 'Recorded adult protected by the harassment (HPPM) status: Mary Smith (former partner)',
        before: null,
        after: {
          kind: 'adult',
          name: 'Mary Smith',
          age: null,
          relationship: 'former partner',
          contactLevel: null,
        },
      },
      {
        actorName: STAFF.pom,
        action: 'create',
        entity: 'child-contact-application',
        entityId: appId,
        summary: 'Recorded a child contact application received 01/10/2026 (J.S., daughter)',
        before: null,
        after: { ...NO_APPLICATION_DATES, ...application },
      },
      {
        actorName: STAFF.pom,
        action: 'update',
        entity: 'child-contact-application',
        entityId: appId,
        summary: 'Child contact application (J.S.) updated: childAge, childrensServicesReplyOn',
        before: { childAge: 9, childrensServicesReplyOn: null },
        after: { childAge: 10, childrensServicesReplyOn: '2026-10-20' },
      },
    ]);
  });
});

describe('public protection: refusals name the field and write nothing', () => {
  it('a date after today, a record not found, a review before its authorisation or after it was stopped', async () => {
    await setup();
    const { id: statusId } = await run(app, 'public-protection/add-status', {
      prisonerNumber: 'A1111AA',
      status: { type: 'pprc', status: 'potential', identifiedOn: FIXED_TODAY, groundsCurrentOffence: true },
    });
    const refused = async (name: string, input: unknown) => {
      const before = written();
      const error = await run(app, name as never, input as never).then(
        () => 'allowed',
        (e: Error & { code: string; field?: string }) => ({
          code: e.code,
          field: e.field,
          message: e.message,
        }),
      );
      expect(written(), `${name} wrote nothing`).toEqual(before);
      return error;
    };
    const future = (field: string, label: string) => ({
      code: 'invalid-input',
      field,
      message: `${label} must not be in the future`,
    });
    const TOMORROW = '2026-11-23';
    expect(
      await refused('public-protection/add-status', {
        prisonerNumber: 'A1111AA',
        status: { type: 'pprc', status: 'potential', identifiedOn: TOMORROW, groundsCurrentOffence: true },
      }),
    ).toEqual(future('identifiedOn', 'Identified on'));
    expect(await refused('public-protection/confirm-status', { statusId, confirmedOn: TOMORROW })).toEqual(
      future('confirmedOn', 'Confirmed on'),
    );
    expect(
      await refused('public-protection/confirm-status', {
        statusId: 'no-such-status',
        confirmedOn: FIXED_TODAY,
      }),
    ).toEqual({
      code: 'not-found',
      field: undefined,
      message: 'Public protection status was not found',
    });
    expect(
      await refused('public-protection/classify-grounds', {
        statusId: 'no-such-status',
        grounds: { groundsCurrentOffence: true },
      }),
    ).toEqual({ code: 'not-found', field: undefined, message: 'Public protection status was not found' });
    expect(
      await refused('public-protection/add-protected-person', {
        statusId: 'no-such-status',
        person: { kind: 'child', name: 'K.S.', relationship: 'son' },
      }),
    ).toEqual({ code: 'not-found', field: undefined, message: 'Public protection status was not found' });
    expect(
      await refused('public-protection/update-application', {
        applicationId: 'no-such-application',
        application,
      }),
    ).toEqual({ code: 'not-found', field: undefined, message: 'Child contact application was not found' });
    expect(
      await refused('public-protection/add-application', {
        prisonerNumber: 'A1111AA',
        application: { ...application, receivedOn: TOMORROW },
      }),
    ).toEqual(future('receivedOn', 'Received on'));

    await as('manager');
    expect(
      await refused('public-protection/authorise-monitoring', {
        prisonerNumber: 'A1111AA',
        authorisation: authorisation({ authorisedOn: TOMORROW }),
      }),
    ).toEqual(future('authorisedOn', 'Authorised on'));
    expect(
      await refused('public-protection/decide-not-to-monitor', {
        prisonerNumber: 'A1111AA',
        decision: { decidedOn: TOMORROW, reasons: 'The risk is managed by licence conditions' },
      }),
    ).toEqual(future('decidedOn', 'Decided on'));
    // Today itself is not in the future: each of these is allowed on today's date.
    const { id: authId } = await run(app, 'public-protection/authorise-monitoring', {
      prisonerNumber: 'A1111AA',
      authorisation: authorisation({ authorisedOn: '2026-11-20' }),
    });
    const review = (reviewedOn: string, decision: 'continue' | 'vary' | 'stop' = 'continue') => ({
      authorisationId: authId,
      review: { reviewedOn, decision, reasons: 'Calls reviewed, nothing of concern' },
    });
    expect(await refused('public-protection/review-monitoring', review(TOMORROW))).toEqual(
      future('reviewedOn', 'Reviewed on'),
    );
    expect(
      await refused('public-protection/review-monitoring', {
        ...review(FIXED_TODAY),
        authorisationId: 'no-such-authorisation',
      }),
    ).toEqual({ code: 'not-found', field: undefined, message: 'Monitoring authorisation was not found' });
    expect(await refused('public-protection/review-monitoring', review('2026-11-19'))).toEqual({
      code: 'invalid-input',
      field: 'reviewedOn',
      message: 'Reviewed on must not be before the authorisation',
    });
    // On the authorisation's own day a review is allowed (here signed by the POM; the manager stops it below).
    await as('pom');
    await run(app, 'public-protection/review-monitoring', review('2026-11-20'));
    await as('manager');
    await run(app, 'public-protection/confirm-status', { statusId, confirmedOn: FIXED_TODAY });
    await run(app, 'public-protection/decide-not-to-monitor', {
      prisonerNumber: 'A1111AA',
      decision: { decidedOn: FIXED_TODAY, reasons: 'The risk is managed by licence conditions' },
    });
    await run(app, 'public-protection/review-monitoring', review(FIXED_TODAY, 'stop'));
    await as('pom');
    expect(await refused('public-protection/review-monitoring', review(FIXED_TODAY))).toEqual({
      code: 'conflict',
      field: undefined,
      message:
        'Maggie Manager already stopped this monitoring on 22/11/2026; authorise it again to restart it',
    });
    const { id: first } = await run(app, 'public-protection/add-application', {
      prisonerNumber: 'A1111AA',
      application: { ...application, receivedOn: FIXED_TODAY },
    });
    // The application named is the one changed, not another of his.
    const second = { ...application, childInitials: 'K.S.', childAge: 6, relationship: 'son' };
    const { id: secondId } = await run(app, 'public-protection/add-application', {
      prisonerNumber: 'A1111AA',
      application: second,
    });
    expect(
      await run(app, 'public-protection/update-application', {
        applicationId: secondId,
        application: { ...second, probationRequestedOn: '2026-11-01' },
      }),
    ).toEqual({ id: secondId });
    expect(
      app.services.publicProtection
        .view('A1111AA')
        .applications.map((x) => [x.id, x.childInitials, x.probationRequestedOn]),
    ).toEqual([
      [secondId, 'K.S.', '2026-11-01'],
      [first, 'J.S.', null],
    ]);

    // Grounds are the first thing asked for, and a confirmation or a contact level is a professional's.
    expect(
      await refused('public-protection/add-status', {
        prisonerNumber: 'A1111AA',
        status: { type: 'hppm', status: 'potential', identifiedOn: FIXED_TODAY },
      }),
    ).toEqual({
      code: 'invalid-input',
      field: 'grounds',
      message:
        'Grounds (look beyond convictions): record the grounds: current offence, previous convictions or wider information',
    });
    expect(
      await refused('public-protection/classify-grounds', {
        statusId,
        grounds: { groundsCurrentOffence: false },
      }),
    ).toEqual({
      code: 'invalid-input',
      field: 'grounds',
      message:
        'What do these grounds rest on?: pick at least one: current offence, previous convictions or wider information',
    });
    await as('clerk');
    expect(
      await refused('public-protection/add-status', {
        prisonerNumber: 'A1111AA',
        status: { type: 'hppm', status: 'confirmed', identifiedOn: FIXED_TODAY, groundsCurrentOffence: true },
      }),
    ).toEqual({
      code: 'forbidden',
      field: undefined,
      message:
        'Only a prison offender manager or senior manager / head of OMU can confirm a public protection status. Cathy Clerk is not recorded as one.',
    });
    expect(
      await refused('public-protection/add-protected-person', {
        statusId,
        person: { kind: 'child', name: 'K.S.', relationship: 'son', contactLevel: 2 },
      }),
    ).toEqual({
      code: 'forbidden',
      field: undefined,
      message:
        'Only a prison offender manager or senior manager / head of OMU can set a child contact level. Cathy Clerk is not recorded as one.',
    });
    expect(
      await refused('public-protection/add-protected-person', {
        statusId,
        person: { kind: 'adult', name: 'Mary Smith', relationship: 'former partner', contactLevel: 2 },
      }),
    ).toEqual({
      code: 'invalid-input',
      field: 'contactLevel',
      message: 'Contact level (once assessed; POM or senior manager): contact levels are for named children',
    });
  });

  it('a statuses file: a confirmed status is for a professional to import, and each status is audited as imported', async () => {
    await setup();
    const file = (status: string, type = 'pprc') => ({
      fileName: 'pp.csv',
      csvText: `prisoner_number,type,status,identified_on,grounds,grounds_basis\nA1111AA,${type},${status},01/11/2026,Offence against a child,current offence\n`,
    });
    await as('clerk');
    const before = written();
    const refusedImport = await run(app, 'public-protection/import', file('confirmed')).then(
      (r) => r,
      (e: Error & { code: string }) => ({ code: e.code, message: e.message }),
    );
    expect(refusedImport).toEqual({
      code: 'forbidden',
      message:
        'Only a prison offender manager or senior manager / head of OMU can import a confirmed public protection status (import it as potential instead). Cathy Clerk is not recorded as one.',
    });
    expect(written()).toEqual(before);
    expect(await run(app, 'public-protection/import', file('potential'))).toMatchObject({
      committed: true,
      added: 1,
    });
    await as('pom');
    expect(await run(app, 'public-protection/import', file('confirmed', 'hppm'))).toMatchObject({
      committed: true,
      added: 1,
    });
    expect(
      audited('A1111AA')
        .filter((a) => a.entity === 'public-protection-status')
        .map((a) => `${a.actorName}: ${a.summary}`),
    ).toEqual([
      'Cathy Clerk: Recorded potential PPRC, identified 01/11/2026 (import of pp.csv)',
      'Pat Pom: Recorded confirmed harassment (HPPM), identified 01/11/2026 (import of pp.csv)',
    ]);
  });
});

describe('public protection: the register and one prisoner’s record, read back', () => {
  it('lists only prisoners with a status, by name, with their current monitoring, open applications and children', async () => {
    await setup();
    const status = (prisonerNumber: string, type: string, identifiedOn: string, confirmed = false) =>
      run(app, 'public-protection/add-status', {
        prisonerNumber,
        status: {
          type,
          status: confirmed ? 'confirmed' : 'potential',
          identifiedOn,
          groundsPreviousConvictions: true,
        },
      } as never).then((r) => r.id);
    const pprc = await status('A1111AA', 'pprc', '2026-09-01', true);
    const hppm = await status('A1111AA', 'hppm', '2026-08-01');
    await status('B2222BB', 'hppm', '2026-07-01');
    await status('C3333CC', 'pprc', '2026-06-01');
    for (const [statusId, person] of [
      [pprc, { kind: 'child', name: 'J.S.', age: 9, relationship: 'daughter', contactLevel: 2 }],
      [pprc, { kind: 'child', name: 'K.S.', age: 6, relationship: 'son' }],
      [hppm, { kind: 'adult', name: 'Mary Smith', relationship: 'former partner' }],
    ] as const)
      await run(app, 'public-protection/add-protected-person', { statusId, person } as never);
    await as('manager');
    const auth = async (means: 'mail' | 'phone' | 'both', authorisedOn: string) =>
      (
        await run(app, 'public-protection/authorise-monitoring', {
          prisonerNumber: 'A1111AA',
          authorisation: authorisation({ means, authorisedOn }),
        })
      ).id;
    const stopped = await auth('both', '2026-11-15');
    const older = await auth('mail', '2026-11-01');
    await auth('phone', '2026-11-05');
    for (const [authorisationId, reviewedOn, decision] of [
      [older, '2026-11-12', 'vary'],
      [stopped, '2026-11-18', 'stop'],
      [older, '2026-11-03', 'continue'],
    ] as const)
      await run(app, 'public-protection/review-monitoring', {
        authorisationId,
        review: { reviewedOn, decision, reasons: `Reviewed: ${decision}, reasons given` },
      });
    for (const decidedOn of ['2026-11-19', '2026-10-01'])
      await run(app, 'public-protection/decide-not-to-monitor', {
        prisonerNumber: 'C3333CC',
        decision: { decidedOn, reasons: 'No contact with the victim is possible' },
      });
    for (const [receivedOn, decided] of [
      ['2026-11-02', false],
      ['2026-10-15', true],
      ['2026-09-30', false],
    ] as const)
      await run(app, 'public-protection/add-application', {
        prisonerNumber: 'A1111AA',
        application: {
          ...application,
          receivedOn,
          childrensServicesRequestedOn: null,
          ...(decided ? { decisionOn: '2026-11-01', decisionLevel: 2 } : {}),
        },
      });

    expect(app.services.publicProtection.register()).toEqual([
      {
        prisonerNumber: 'C3333CC',
        name: 'ADAMS, Alan',
        location: 'B-2-02',
        pomName: null,
        statuses: [{ type: 'pprc', status: 'potential', identifiedOn: '2026-06-01' }],
        monitoring: null,
        noMonitoringSince: '2026-11-19',
        openApplications: 0,
        children: [],
      },
      {
        prisonerNumber: 'B2222BB',
        name: 'ADAMS, Zed',
        location: null,
        pomName: null,
        statuses: [{ type: 'hppm', status: 'potential', identifiedOn: '2026-07-01' }],
        monitoring: null,
        noMonitoringSince: null,
        openApplications: 0,
        children: [],
      },
      {
        prisonerNumber: 'A1111AA',
        name: 'SMITH, John',
        location: 'A-1-01',
        pomName: null,
        statuses: expect.arrayContaining([
          { type: 'pprc', status: 'confirmed', identifiedOn: '2026-09-01' },
          { type: 'hppm', status: 'potential', identifiedOn: '2026-08-01' },
        ]),
        monitoring: { basis: 'offence-related', means: 'phone', since: '2026-11-05' },
        noMonitoringSince: null,
        openApplications: 2,
        children: expect.arrayContaining([
          { name: 'J.S.', contactLevel: 2 },
          { name: 'K.S.', contactLevel: null },
        ]),
      },
    ]);
    const a = app.services.publicProtection.register()[2]!;
    expect([a.statuses.length, a.children.length]).toEqual([2, 2]);

    const view = app.services.publicProtection.view('A1111AA');
    expect(view.prisonerNumber).toBe('A1111AA');
    expect(
      view.statuses.map((s) => [
        s.id,
        s.type,
        s.status,
        s.people.map((p) => `${p.kind} ${p.name} ${p.contactLevel}`),
      ]),
    ).toEqual([
      [hppm, 'hppm', 'potential', ['adult Mary Smith null']],
      [pprc, 'pprc', 'confirmed', ['child J.S. 2', 'child K.S. null']],
    ]);
    expect(view.statuses[1]).toMatchObject({
      confirmedOn: '2026-09-01',
      recordedBy: expect.any(String),
      grounds: { currentOffence: false, previousConvictions: true, widerInformation: false },
      groundsToClassify: false,
    });
    expect(
      view.authorisations.map((x) => [
        x.means,
        x.authorisedOn,
        x.authorisedBy,
        x.stoppedOn,
        x.stopReasons,
        x.reviews.map((r) => `${r.reviewedOn} ${r.decision} by ${r.reviewedBy}: ${r.reasons}`),
      ]),
    ).toEqual([
      [
        'mail',
        '2026-11-01',
        STAFF.manager,
        null,
        null,
        [
          '2026-11-03 continue by Maggie Manager: Reviewed: continue, reasons given',
          '2026-11-12 vary by Maggie Manager: Reviewed: vary, reasons given',
        ],
      ],
      ['phone', '2026-11-05', STAFF.manager, null, null, []],
      [
        'both',
        '2026-11-15',
        STAFF.manager,
        '2026-11-18',
        'Reviewed: stop, reasons given',
        ['2026-11-18 stop by Maggie Manager: Reviewed: stop, reasons given'],
      ],
    ]);
    expect(view.noMonitoringDecisions).toEqual([]);
    expect(view.applications.map((x) => [x.receivedOn, x.decisionOn, x.decisionLevel])).toEqual([
      ['2026-09-30', null, null],
      ['2026-10-15', '2026-11-01', 2],
      ['2026-11-02', null, null],
    ]);
    expect(view.applications[0]).toEqual({
      id: expect.any(String),
      ...NO_APPLICATION_DATES,
      ...application,
      receivedOn: '2026-09-30',
      childrensServicesRequestedOn: null,
    });
    expect(app.services.publicProtection.view('C3333CC')).toMatchObject({
      noMonitoringDecisions: [
        {
          decidedOn: '2026-10-01',
          reasons: 'No contact with the victim is possible',
          decidedBy: STAFF.manager,
        },
        {
          decidedOn: '2026-11-19',
          reasons: 'No contact with the victim is possible',
          decidedBy: STAFF.manager,
        },
      ],
      authorisations: [],
      applications: [],
    });
    expect(app.services.publicProtection.view('D4444DD')).toEqual({
      prisonerNumber: 'D4444DD',
      statuses: [],
      authorisations: [],
      noMonitoringDecisions: [],
      applications: [],
    });
  });
});
