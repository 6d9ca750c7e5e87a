import { afterAll, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { FIXED_TODAY, fixedClock } from '../support/temp';
import { run } from '../support/commands';
import { TEST_COST, signIn } from '../support/sign-in';
import { emptyDatabase } from '../support/empty-database';

/**
 * The handover pack's model (electron/domain/handover-pack/service.ts), built from a real SQLite file holding facts
 * in every section, compared whole with what the facts say, written out by hand; and the packs due: the handover
 * window's two ends, an export before or within the window, the order. One database for the file, opened by the
 * first test that needs it (not in `beforeAll`, so that Stryker can run any one test alone).
 */
let app: OmuApp;
afterAll(() => app?.close());

const HEADER =
  'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,' +
  'crn,pnc,location,category,recall_date,fixed_term_recall_days,post_recall_release_date,parole_outcome,' +
  'parole_outcome_date,open_conditions_since,additional_isp,immigration_case,early_allocation,' +
  'early_allocation_assessed_on,early_allocation_outcome,rosh,rm2000,mappa_category,mappa_level,' +
  'registered_sex_offender,pom,com_name,com_email,pdu,licence_expiry_date';
const CASELOAD = [
  HEADER,
  // Every circumstance at once; a COM and a POM.
  'A1111AA,Smith,John Paul,01/02/1980,determinate,01/01/2024,10/05/2027,X123456,2001/0012345A,HB1-02-003,C,' +
    '01/03/2026,28,,release,15/06/2026,01/08/2026,,yes,yes,10/04/2026,eligible,high,medium,1,2,yes,Pat Pom,' +
    'Carla Com,carla.com@justice.gov.uk,Leeds PDU,10/05/2028',
  // A standard recall with its release date, early allocation agreed with no assessment, MAPPA level not known.
  'B2222BB,Jones,Ben,02/03/1985,determinate,01/06/2025,,,,,,01/09/2026,,20/12/2026,,,,,,yes,,,,,,,,,,,,',
  // A life sentence with a further one to start later.
  'D4444DD,Green,Dan,04/05/1970,indeterminate,01/01/2010,,,,,,,,,,,,yes,,,,,,,,,,,,,,',
  // Nothing but the sentence.
  'C3333CC,Brown,Carl,03/04/1990,determinate,01/06/2026,,,,,,,,,,,,,,,,,,,,,,,,,,',
].join('\n');

async function opened(): Promise<OmuApp> {
  if (app) return app;
  app = openApp({
    dbFile: emptyDatabase('omu-pack-model-'),
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  for (const [name, roles, email] of [
    ['Pat Pom', ['pom'], 'pat.pom@justice.gov.uk'],
    ['Maggie Manager', ['senior-manager', 'pom', 'irmt-chair'], null],
  ] as const)
    app.services.staff.insertUnchecked(app.context(), { name, email, roles: [...roles], active: true });
  await signIn(app, 'Maggie Manager');
  expect(app.services.caseloadImport.commit(app.context(), 'c.csv', CASELOAD)).toMatchObject({
    ok: true,
    problems: [],
  });
  return app;
}

describe('the handover pack model', () => {
  it('a prisoner with every circumstance: the facts in words, in order, from every slice', async () => {
    const a = await opened();
    await run(a, 'oasys/add-assessment', {
      prisonerNumber: 'A1111AA',
      assessment: { type: 'review', completedOn: '2026-09-01', layer: 3, completedBy: 'prison' },
    } as never);
    await run(a, 'oasys/add-assessment', {
      prisonerNumber: 'A1111AA',
      assessment: { type: 'review', completedOn: '2026-02-01', layer: 1, completedBy: 'probation' },
    } as never);
    await run(a, 'oasys/add-event', {
      prisonerNumber: 'A1111AA',
      event: { type: 'rosh-change', date: '2026-11-21', note: 'Raised to high' },
    } as never);
    await run(a, 'oasys/add-event', {
      prisonerNumber: 'A1111AA',
      event: { type: 'recall', date: '2026-03-01' },
    } as never);
    const { id: pprc } = await run(a, 'public-protection/add-status', {
      prisonerNumber: 'A1111AA',
      status: {
        type: 'pprc',
        status: 'confirmed',
        identifiedOn: '2026-10-01',
        groundsCurrentOffence: true,
        groundsWiderInformation: true,
      },
    } as never);
    await run(a, 'public-protection/add-protected-person', {
      statusId: pprc,
      person: { kind: 'child', name: 'J.S.', age: 9, relationship: 'daughter', contactLevel: 3 },
    } as never);
    await run(a, 'public-protection/add-protected-person', {
      statusId: pprc,
      person: { kind: 'child', name: 'K.S.', relationship: 'son' },
    } as never);
    await run(a, 'public-protection/add-protected-person', {
      statusId: pprc,
      person: { kind: 'adult', name: 'Mary Smith', relationship: 'former partner' },
    } as never);
    const { id: auth } = await run(a, 'public-protection/authorise-monitoring', {
      prisonerNumber: 'A1111AA',
      authorisation: {
        means: 'phone',
        basis: 'offence-related',
        reasons: 'Offence against a child known to him',
        necessityAndProportionality: 'Necessary to protect the victim; phone only',
        authorisedOn: '2026-11-10',
      },
    } as never);
    await run(a, 'public-protection/review-monitoring', {
      authorisationId: auth,
      review: {
        reviewedOn: '2026-11-20',
        decision: 'continue',
        reasons: 'Calls reviewed, nothing of concern',
      },
    } as never);
    const { id: decided } = await run(a, 'public-protection/add-application', {
      prisonerNumber: 'A1111AA',
      application: { receivedOn: '2026-10-01', childInitials: 'J.S.', childAge: 9, relationship: 'daughter' },
    } as never);
    await run(a, 'public-protection/update-application', {
      applicationId: decided,
      application: {
        receivedOn: '2026-10-01',
        childInitials: 'J.S.',
        childAge: 9,
        relationship: 'daughter',
        decisionOn: '2026-11-01',
        decisionLevel: 2,
      },
    } as never);
    await run(a, 'public-protection/add-application', {
      prisonerNumber: 'A1111AA',
      application: { receivedOn: '2026-11-15', childInitials: 'K.S.', childAge: 4, relationship: 'son' },
    } as never);
    for (const work of [
      {
        kind: 'accredited-programme',
        work: 'Kaizen',
        suitability: 'unsuitable',
        unsuitableReason: 'low-rm2000',
        status: 'assessed',
        assessedOn: '2025-03-01',
      },
      {
        kind: 'other-work',
        work: 'Maps for Change',
        status: 'completed',
        startedOn: '2025-06-01',
        endedOn: '2025-09-01',
      },
      {
        kind: 'accredited-programme',
        work: 'Horizon',
        suitability: 'suitable',
        status: 'started',
        startedOn: '2026-10-01',
      },
    ])
      await run(a, 'categorisation/add-work', { prisonerNumber: 'A1111AA', work } as never);
    const later = await run(a, 'irmt/create-meeting', {
      meetingDate: '2026-11-20',
      startTime: '10:00',
      place: 'OMU',
    } as never);
    const earlier = await run(a, 'irmt/create-meeting', {
      meetingDate: '2026-10-02',
      startTime: '10:00',
      place: 'OMU',
    } as never);
    for (const [m, discussion, decisions] of [
      [later.id, 'Release address discussed.', ['Refer to MAPPA', 'Ask the COM for a licence plan']],
      [earlier.id, 'First discussion.', []],
    ] as const)
      await run(a, 'irmt/record-minutes', {
        meetingId: m,
        prisonerNumber: 'A1111AA',
        minutes: { discussion, decisions },
      } as never);
    for (const [action, dueOn] of [
      ['Check the exclusion zone', '2026-12-20'],
      ['Done already', '2026-11-01'],
      ['Call the police', '2026-12-01'],
    ])
      await run(a, 'irmt/add-action', {
        meetingId: later.id,
        prisonerNumber: 'A1111AA',
        action: { action, owner: 'Police liaison', dueOn },
      } as never);
    const done = a.opened.sqlite
      .prepare("SELECT id FROM irmt_actions WHERE action = 'Done already'")
      .pluck()
      .get();
    await run(a, 'irmt/complete-action', { actionId: done, completedOn: FIXED_TODAY } as never);

    const pack = a.services.handoverPacks.build(
      a.context(),
      'A1111AA',
      '  Main risk is to his former partner.  ',
    );
    // Checked by hand against the facts above: the summary trimmed, the surname in capitals, the assessments, events
    // and IRMT discussions oldest first, the completed action left out, the open ones by due date.
    expect(pack).toEqual({
      schemaVersion: 1,
      marking: 'OFFICIAL-SENSITIVE',
      producedBy: 'Maggie Manager',
      producedAt: '2026-11-22T10:00:00.000Z',
      asOf: '2026-11-22',
      pomSummary: 'Main risk is to his former partner.',
      prisoner: {
        prisonerNumber: 'A1111AA',
        name: 'SMITH, John Paul',
        dateOfBirth: '1980-02-01',
        crn: 'X123456',
        pnc: '2001/0012345A',
        location: 'HB1-02-003',
        category: 'C',
      },
      contacts: {
        pom: {
          name: 'Pat Pom',
          email: 'pat.pom@justice.gov.uk',
        },
        com: {
          name: 'Carla Com',
          email: 'carla.com@justice.gov.uk',
          pdu: 'Leeds PDU',
        },
      },
      handover: {
        handoverDate: null,
        startDate: null,
        responsibility: 'COM responsible',
        reason: 'recall',
        basis:
          'COM responsible: recalled on 01/03/2026, no handover, OMiC handover rules effective 16/10/2024',
        checklist: [
          {
            item: 'Review the last OASys',
            completedOn: null,
            completedBy: null,
          },
          {
            item: 'Have contact from the COM',
            completedOn: null,
            completedBy: null,
          },
          {
            item: 'Attend the handover meeting',
            completedOn: null,
            completedBy: null,
          },
        ],
      },
      // Recalled with no post-recall release date: no release to come, as his release plan says (one rule,
      // release-planning/release-date.ts; the pack gave his original CRD until 28/11/2026).
      release: {
        date: null,
        type: null,
      },
      sentence: {
        sentenceType: 'determinate',
        dates: [
          {
            name: 'Sentence start date',
            date: '2024-01-01',
          },
          {
            name: 'Conditional release date',
            date: '2027-05-10',
          },
          {
            name: 'Licence expiry date',
            date: '2028-05-10',
          },
          {
            name: 'Recall date',
            date: '2026-03-01',
          },
        ],
        circumstances: [
          {
            name: 'Recall',
            value: 'Recalled 01/03/2026, fixed-term recall of 28 days; post-recall release date not recorded',
          },
          {
            name: 'Parole hearing outcome',
            value: 'Release, received 15/06/2026',
          },
          {
            name: 'In open conditions since',
            value: '01/08/2026',
          },
          {
            name: 'Immigration case',
            value: 'Held under immigration powers',
          },
          {
            name: 'Early allocation assessment',
            value: 'Eligible, assessed 10/04/2026',
          },
        ],
      },
      risk: {
        rosh: 'High',
        rm2000: 'Medium',
        mappaCategory: 1,
        mappaLevel: 2,
        mappaLevelText: '2 (multi-agency)',
        mappaLevelConfirmed: false,
        registeredSexOffender: true,
        lastOasys: '2026-09-01',
        oasys: [
          {
            type: 'Review',
            completedOn: '2026-02-01',
            layer: 1,
            completedBy: 'probation',
          },
          {
            type: 'Review',
            completedOn: '2026-09-01',
            layer: 3,
            completedBy: 'prison',
          },
        ],
      },
      publicProtection: {
        statuses: [
          {
            type: 'PPRC',
            status: 'confirmed',
            identifiedOn: '2026-10-01',
            confirmedOn: '2026-10-01',
            grounds: ['current offence', 'wider information'],
            summary: null,
            people: [
              'J.S., 9 (daughter, child): level 3: monitored written and phone',
              'K.S. (son, child): contact level not yet set',
              'Mary Smith (former partner, adult)',
            ],
          },
        ],
        monitoring: [
          {
            basis: 'offence-related',
            means: 'phone',
            authorisedOn: '2026-11-10',
            authorisedBy: 'Maggie Manager',
            stoppedOn: null,
            reviews: ['20/11/2026: continue (Maggie Manager): Calls reviewed, nothing of concern'],
          },
        ],
        currentDecision: 'Monitoring in place: offence-related phone since 10/11/2026',
        childContact: [
          {
            receivedOn: '2026-10-01',
            child: 'J.S. (daughter)',
            outcome: 'Decided 2026-11-01: level 2: written only',
          },
          {
            receivedOn: '2026-11-15',
            child: 'K.S. (son)',
            outcome: 'Awaiting decision',
          },
        ],
      },
      custody: {
        categorisation: [],
        progression: [
          {
            kind: 'Accredited programme',
            work: 'Kaizen',
            suitability: 'Unsuitable: risk too low (RM2000)',
            status: 'Assessed',
            startedOn: null,
            endedOn: null,
            outcome: null,
          },
          {
            kind: 'Other work',
            work: 'Maps for Change',
            suitability: 'Not assessed',
            status: 'Completed',
            startedOn: '2025-06-01',
            endedOn: '2025-09-01',
            outcome: null,
          },
          {
            kind: 'Accredited programme',
            work: 'Horizon',
            suitability: 'Suitable',
            status: 'Started',
            startedOn: '2026-10-01',
            endedOn: null,
            outcome: null,
          },
        ],
        significantEvents: [
          {
            type: 'Recall',
            date: '2026-03-01',
            note: null,
          },
          {
            type: 'RoSH change',
            date: '2026-11-21',
            note: 'Raised to high',
          },
        ],
      },
      irmt: {
        discussions: [
          {
            meetingDate: '2026-10-02',
            discussion: 'First discussion.',
            decisions: [],
            comInvited: false,
            comAttended: false,
          },
          {
            meetingDate: '2026-11-20',
            discussion: 'Release address discussed.',
            decisions: ['Refer to MAPPA', 'Ask the COM for a licence plan'],
            comInvited: false,
            comAttended: false,
          },
        ],
        openActions: [
          {
            action: 'Call the police',
            owner: 'Police liaison',
            dueOn: '2026-12-01',
          },
          {
            action: 'Check the exclusion zone',
            owner: 'Police liaison',
            dueOn: '2026-12-20',
          },
        ],
      },
      releasePlan: {
        exists: false,
        done: 0,
        total: 0,
        warnings: [],
        items: [],
      },
    });
  });

  it('the other circumstances, no COM or POM, MAPPA not known, no monitoring decision, a summary left blank', async () => {
    const a = await opened();
    const b = a.services.handoverPacks.build(a.context(), 'B2222BB', '   ');
    expect(b.pomSummary).toBeNull();
    expect(b.prisoner).toEqual({
      prisonerNumber: 'B2222BB',
      name: 'JONES, Ben',
      dateOfBirth: '1985-03-02',
      crn: null,
      pnc: null,
      location: null,
      category: null,
    });
    expect(b.contacts).toEqual({ pom: null, com: null });
    expect(b.sentence.circumstances).toEqual([
      { name: 'Recall', value: 'Recalled 01/09/2026, standard recall; post-recall release date 20/12/2026' },
      { name: 'Early allocation', value: 'Agreed (no assessment recorded)' },
    ]);
    expect(b.risk).toMatchObject({
      rosh: null,
      rm2000: null,
      mappaLevel: null,
      mappaLevelText: 'Not known yet',
      mappaLevelConfirmed: false,
      lastOasys: null,
      oasys: [],
    });
    expect(b.publicProtection).toEqual({
      statuses: [],
      monitoring: [],
      currentDecision: 'No monitoring decision recorded',
      childContact: [],
    });
    const d = a.services.handoverPacks.build(a.context(), 'D4444DD', null);
    expect(d.pomSummary).toBeNull();
    expect(d.sentence.circumstances).toEqual([
      { name: 'Further life or IPP sentence', value: 'Yes, to start later' },
    ]);
    expect(a.services.handoverPacks.build(a.context(), 'C3333CC', null).sentence).toEqual({
      sentenceType: 'determinate',
      dates: [{ name: 'Sentence start date', date: '2026-06-01' }],
      circumstances: [],
    });
  });

  it('a decision not to monitor once monitoring has stopped; the latest decision is the one given', async () => {
    const a = await opened();
    const { id } = await run(a, 'public-protection/authorise-monitoring', {
      prisonerNumber: 'C3333CC',
      authorisation: {
        means: 'mail',
        basis: 'offence-related',
        reasons: 'Letters to the victim',
        necessityAndProportionality: 'Necessary; mail only',
        authorisedOn: '2026-10-01',
      },
    } as never);
    await run(a, 'public-protection/review-monitoring', {
      authorisationId: id,
      review: { reviewedOn: '2026-11-01', decision: 'stop', reasons: 'No longer necessary' },
    } as never);
    for (const [decidedOn, reasons] of [
      ['2026-11-02', 'The risk is managed by licence conditions'],
      ['2026-11-21', 'Reviewed again: still not needed'],
    ])
      await run(a, 'public-protection/decide-not-to-monitor', {
        prisonerNumber: 'C3333CC',
        decision: { decidedOn, reasons },
      } as never);
    const pack = a.services.handoverPacks.build(a.context(), 'C3333CC', null);
    expect(pack.publicProtection.monitoring).toEqual([
      {
        basis: 'offence-related',
        means: 'mail',
        authorisedOn: '2026-10-01',
        authorisedBy: 'Maggie Manager',
        stoppedOn: '2026-11-01',
        reviews: ['01/11/2026: stop (Maggie Manager): No longer necessary'],
      },
    ]);
    expect(pack.publicProtection.currentDecision).toBe(
      'Decided not to monitor on 21/11/2026 (Maggie Manager): Reviewed again: still not needed',
    );
  });
});
