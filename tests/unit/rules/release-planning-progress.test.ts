import { describe, expect, it } from 'vitest';
import {
  RELEASE_PLAN_TEMPLATE,
  releaseFacts,
  releasePlan,
  releasePlanDue,
  type ItemProgress,
  type ReleasePlanFacts,
} from '../../../electron/domain/release-planning/rules';
import { RELEASE_PLAN_BASE } from './fixtures';
import { DEFAULT_RULE_VERSIONS } from '../../../electron/domain/policy/rule-sets';

/**
 * The release plan's progress, counts, order, floor, anchors and warnings on their boundaries (issue 19 item 4: what
 * release-planning.test.ts let through). Sources: HMI Probation/HMI Prisons joint thematic inspection (2019) §5.1
 * (release planning, accommodation "too little, too late", COMs absent from the last six months, MAPPA level confirmed
 * before release); HDC Policy Framework (address checks, 28 days from HDCED to CRD); the Victim Contact Scheme (12
 * months or more). Windows are the rule set's (several local defaults). Expectations written out by hand.
 */
const TODAY = '2026-11-22';
const base = RELEASE_PLAN_BASE;
const plan = (f: Partial<ReleasePlanFacts> = {}, progress = new Map<string, ItemProgress>(), today = TODAY) =>
  releasePlan({ ...base, ...f }, progress, today, DEFAULT_RULE_VERSIONS);
const item = (f: Partial<ReleasePlanFacts>, key: string, progress?: Map<string, ItemProgress>) =>
  plan(f, progress)!.items.find((i) => i.key === key);
const RULE = 'Release planning rules effective 01/01/2015';

describe('progress recorded against the plan', () => {
  const progress = new Map<string, ItemProgress>([
    [
      'mappa-level-confirmed',
      { status: 'done', note: 'Level 2 confirmed', completedOn: '2026-10-20', completedBy: 'Pat Pom' },
    ],
    [
      'approved-premises-referral',
      { status: 'not-applicable', note: 'Family address', completedOn: null, completedBy: null },
    ],
    ['pre-release-oasys', { status: 'in-progress', note: null, completedOn: null, completedBy: null }],
  ]);
  // Worked out in each test, not while the file is collected: Stryker's perTest coverage counts only what a test runs.
  const planned = () => plan({}, progress)!;

  it('done and not applicable are not overdue; the rest past their day are', () => {
    const p = planned();
    expect(p.items.filter((i) => i.overdue).map((i) => i.key)).toEqual([
      'com-allocated',
      'pre-release-oasys',
    ]);
    expect(p.overdue).toBe(2);
    expect(p.done).toBe(1);
    expect(p.total).toBe(p.items.length - 1);
  });

  it('keeps what was recorded, and nothing for an item with no record', () => {
    const p = planned();
    expect(p.items.find((i) => i.key === 'mappa-level-confirmed')).toMatchObject({
      status: 'done',
      note: 'Level 2 confirmed',
      completedOn: '2026-10-20',
      completedBy: 'Pat Pom',
      automatic: false,
      overdue: false,
    });
    expect(p.items.find((i) => i.key === 'licence-conditions-proposed')).toMatchObject({
      status: 'not-started',
      note: null,
      completedOn: null,
      completedBy: null,
      automatic: false,
    });
  });

  it('lists its open items as due items once started, MAPPA confirmation under a kind of its own', () => {
    const p = planned();
    const due = releasePlanDue(p);
    expect(due.map((d) => d.ref)).toEqual(
      p.items.filter((i) => i.status !== 'done' && i.status !== 'not-applicable').map((i) => i.key),
    );
    expect(due[0]).toEqual({
      kind: 'release-plan-item',
      dueDate: '2026-08-08',
      title: 'Release plan: COM allocated',
      basis: p.items[0]!.basis,
      ownerRole: p.items[0]!.owner,
      ref: 'com-allocated',
    });
    expect(releasePlanDue(plan())!.find((d) => d.ref === 'mappa-level-confirmed')!.kind).toBe(
      'mappa-level-confirmation',
    );
  });

  it('lists nothing before the plan starts, or with no plan', () => {
    const early = plan({}, new Map(), '2026-07-21')!;
    expect([early.startsOn, early.started]).toEqual(['2026-07-22', false]);
    expect(releasePlanDue(early)).toEqual([]);
    expect(plan({}, new Map(), '2026-07-22')!.started).toBe(true);
    expect(releasePlanDue(null)).toEqual([]);
  });

  it('in order of due date, the template order kept on a shared day', () => {
    const keys = plan({ pprc: true, registeredSexOffender: true, hdcEligibilityDate: '2027-01-01' })!.items;
    const template = RELEASE_PLAN_TEMPLATE.map((t) => t.key);
    const expected = [...keys].sort(
      (a, b) => a.dueDate.localeCompare(b.dueDate) || template.indexOf(a.key) - template.indexOf(b.key),
    );
    expect(keys.map((i) => i.key)).toEqual(expected.map((i) => i.key));
    expect(new Set(keys.map((i) => i.dueDate)).size).toBeLessThan(keys.length);
  });

  it('the plan in words', () => {
    const p = planned();
    expect(p.basis).toMatchObject({
      inputs: { releaseDate: '2027-04-22', planningWindowMonths: 9 },
      sentence: `Release plan from 22/07/2026: CRD 22/04/2027 minus 9 months, ${RULE}`,
    });
  });
});

describe('facts that prove an item done', () => {
  it('a pre-release OASys recorded', () => {
    expect(item({ preReleaseOasysOn: '2026-07-01' }, 'pre-release-oasys')).toMatchObject({
      status: 'done',
      automatic: true,
      note: 'OASys assessment completed 01/07/2026 recorded',
      completedOn: '2026-07-01',
      completedBy: null,
      overdue: false,
    });
    expect(item({ preReleaseOasysOn: null }, 'pre-release-oasys')).toMatchObject({
      status: 'not-started',
      automatic: false,
    });
  });

  it("a pre-release OASys review marked done by hand with none recorded is not done, and says so (the demo's A2862ZB)", () => {
    const ticked = new Map<string, ItemProgress>([
      [
        'pre-release-oasys',
        { status: 'done', note: 'Synthetic demo', completedOn: '2026-07-01', completedBy: 'Demo loader' },
      ],
    ]);
    const p = plan({ preReleaseOasysOn: null }, ticked)!;
    expect(p.items.find((i) => i.key === 'pre-release-oasys')).toMatchObject({
      status: 'not-started',
      automatic: false,
      note: 'Marked done on 01/07/2026 by Demo loader, but no OASys assessment completed in the window before the handover date is recorded: record it on the OASys page',
      completedOn: null,
      completedBy: null,
      overdue: true,
    });
    expect(p.done).toBe(plan({ preReleaseOasysOn: null })!.done);
    // Recorded, it is done by the record, whatever was marked.
    expect(item({ preReleaseOasysOn: '2026-07-01' }, 'pre-release-oasys', ticked)).toMatchObject({
      status: 'done',
      automatic: true,
      note: 'OASys assessment completed 01/07/2026 recorded',
    });
  });
});

describe('when each item is due, and why, in words', () => {
  it.each([
    {
      name: 'by the handover date',
      f: {},
      key: 'com-allocated',
      due: '2026-08-08',
      sentence: 'Due 08/08/2026: by the handover date 08/08/2026',
    },
    {
      name: 'no handover date: by the release',
      f: { handoverDate: null },
      key: 'com-allocated',
      due: '2027-04-22',
      sentence: 'Due 22/04/2027: by CRD 22/04/2027',
    },
    {
      name: 'HDC address checks: 10 working days before HDCED',
      f: { hdcEligibilityDate: '2027-02-01' },
      key: 'hdc-address-checks',
      due: '2027-01-18',
      sentence: 'Due 18/01/2027: 10 working days before HDCED 01/02/2027',
    },
    {
      name: 'a recall: nothing due before he came back',
      f: { recallDate: '2026-11-01' },
      key: 'mappa-level-confirmed',
      due: '2026-11-01',
      sentence:
        'Due 01/11/2026: 6 months before CRD 22/04/2027 would fall on 22/10/2026, before the recall, so due from 01/11/2026',
    },
    {
      name: 'a recall on the day counted: no note',
      f: { recallDate: '2026-10-22' },
      key: 'mappa-level-confirmed',
      due: '2026-10-22',
      sentence: 'Due 22/10/2026: 6 months before CRD 22/04/2027',
    },
    {
      name: 'a recall before this sentence: counted from the sentence',
      f: { recallDate: '2026-10-01', sentenceStartDate: '2026-11-01' },
      key: 'mappa-level-confirmed',
      due: '2026-11-01',
      sentence:
        'Due 01/11/2026: 6 months before CRD 22/04/2027 would fall on 22/10/2026, before the sentence began, so due from 01/11/2026',
    },
    {
      name: 'a recall on the day of sentence: counted from the sentence',
      f: { recallDate: '2026-11-01', sentenceStartDate: '2026-11-01' },
      key: 'mappa-level-confirmed',
      due: '2026-11-01',
      sentence:
        'Due 01/11/2026: 6 months before CRD 22/04/2027 would fall on 22/10/2026, before the sentence began, so due from 01/11/2026',
    },
  ] as { name: string; f: Partial<ReleasePlanFacts>; key: string; due: string; sentence: string }[])(
    '$name',
    ({ f, key, due, sentence }) => {
      const i = item(f, key)!;
      expect([i.dueDate, i.basis.sentence]).toEqual([due, `${sentence}, ${RULE}`]);
    },
  );
});

describe('which items apply, on their boundaries', () => {
  const applies = (f: Partial<ReleasePlanFacts>, key: string) => !!item(f, key);
  it.each([
    ['HDC: 28 days from HDCED to CRD', { hdcEligibilityDate: '2027-03-25' }, 'hdc-address-checks', true],
    ['HDC: 27 days', { hdcEligibilityDate: '2027-03-26' }, 'hdc-address-checks', false],
    [
      'victim scheme: SED 366 days after sentence',
      { sentenceStartDate: '2026-01-01', sentenceExpiryDate: '2027-01-02' },
      'victim-liaison-informed',
      true,
    ],
    [
      'victim scheme: SED 365 days after (under 12 months of 365.25 days)',
      { sentenceStartDate: '2026-01-01', sentenceExpiryDate: '2027-01-01' },
      'victim-liaison-informed',
      false,
    ],
    [
      'victim scheme: no SED, CRD at half of 366 days',
      { sentenceStartDate: '2026-01-01', sentenceExpiryDate: null, conditionalReleaseDate: '2026-07-03' },
      'victim-liaison-informed',
      true,
    ],
    [
      'victim scheme: no SED, CRD at half of 364 days',
      { sentenceStartDate: '2026-01-01', sentenceExpiryDate: null, conditionalReleaseDate: '2026-07-02' },
      'victim-liaison-informed',
      false,
    ],
    [
      'victim scheme: no SED and no CRD recorded',
      { sentenceExpiryDate: null, conditionalReleaseDate: null },
      'victim-liaison-informed',
      false,
    ],
  ] as [string, Partial<ReleasePlanFacts>, string, boolean][])('%s', (_n, f, key, expected) => {
    expect(applies(f, key)).toBe(expected);
  });
  it('an item that does not apply says why', () => {
    expect(plan({ mappaCategory: null })!.notApplicable).toContainEqual({
      key: 'mappa-level-confirmed',
      label: 'MAPPA category and level confirmed with the COM',
      why: 'not a MAPPA case',
    });
  });
});

describe('warnings, on their boundaries', () => {
  const warnings = (
    today: string,
    f: Partial<ReleasePlanFacts> = {},
    progress = new Map<string, ItemProgress>(),
  ) => plan({ mappaCategory: null, ...f }, progress, today)!.warnings;
  const ACCOMMODATION = (days: string) =>
    `No accommodation confirmed ${days}: this is "too little, too late" (joint inspection 2019 found men released to budget hotels and night shelters).`;
  const COM = (days: string) =>
    `No COM allocated ${days}: the inspection found community officers absent from the last six months.`;
  it.each([
    ['57 days before: COM only', '2027-02-24', [COM('57 days before release')]],
    [
      '56 days before: accommodation too',
      '2027-02-25',
      [ACCOMMODATION('56 days before release'), COM('56 days before release')],
    ],
    ['the day before', '2027-04-21', [ACCOMMODATION('1 day before release'), COM('1 day before release')]],
    [
      'the day of release',
      '2027-04-22',
      [ACCOMMODATION('on the day of release'), COM('on the day of release')],
    ],
    ['180 days before: no COM', '2026-10-24', [COM('180 days before release')]],
    ['181 days before: nothing yet', '2026-10-23', []],
  ])('%s', (_n, today, expected) => {
    expect(warnings(today)).toEqual(expected);
  });
  it('accommodation confirmed, or not applicable, and a COM recorded: no warnings', () => {
    for (const status of ['done', 'not-applicable'] as const)
      expect(
        warnings(
          '2027-04-01',
          { comName: 'Jo Com' },
          new Map([
            ['accommodation-confirmed', { status, note: null, completedOn: null, completedBy: null }],
          ]),
        ),
      ).toEqual([]);
  });
});

describe('no plan', () => {
  it.each([
    ['released today', { releasedOn: '2026-11-22' }, false],
    ['release recorded for tomorrow', { releasedOn: '2026-11-23' }, true],
    ['no release to count back from', { earliestRelease: null }, false],
  ] as [string, Partial<ReleasePlanFacts>, boolean][])('%s', (_n, f, hasPlan) => {
    expect(plan(f) !== null).toBe(hasPlan);
  });
});

describe('the release a plan counts back from', () => {
  const facts = (p: Partial<Parameters<typeof releaseFacts>[0]>) =>
    releaseFacts(
      {
        sentenceType: 'determinate',
        recallDate: null,
        paroleEligibilityDate: null,
        conditionalReleaseDate: null,
        automaticReleaseDate: null,
        tariffExpiryDate: null,
        targetHearingDate: null,
        ...p,
      } as Parameters<typeof releaseFacts>[0],
      TODAY,
    );
  it.each([
    [
      'the earlier of ARD and CRD, ARD listed first',
      { automaticReleaseDate: '2027-05-01', conditionalReleaseDate: '2027-04-01' },
      { date: '2027-04-01', name: 'CRD' },
      null,
    ],
    [
      'life: the tariff while it is to come',
      { sentenceType: 'indeterminate', tariffExpiryDate: '2027-06-01', targetHearingDate: '2027-01-01' },
      { date: '2027-06-01', name: 'TED' },
      null,
    ],
    [
      'life past tariff: the target hearing',
      { sentenceType: 'indeterminate', tariffExpiryDate: '2026-01-01', targetHearingDate: '2027-01-01' },
      { date: '2027-01-01', name: 'THD' },
      null,
    ],
    [
      'life, a hearing date passed and no tariff: past tariff',
      { sentenceType: 'indeterminate', targetHearingDate: '2026-01-01' },
      null,
      'Past tariff with no target hearing date to come: the plan starts when a hearing is set or release is directed (actual parole date).',
    ],
    [
      'life, nothing recorded',
      { sentenceType: 'indeterminate' },
      null,
      'No tariff expiry or target hearing date is recorded.',
    ],
    ['determinate, nothing recorded', {}, null, 'No release date is recorded.'],
    [
      'determinate, every date passed',
      { automaticReleaseDate: '2026-01-01' },
      null,
      'Every release date recorded has passed: record his release, or correct the dates.',
    ],
  ] as [string, object, unknown, string | null][])('%s', (_n, p, release, why) => {
    const r = facts(p);
    expect([r.earliestRelease, r.noRelease]).toEqual([release, why]);
  });
});

describe('what the plan says and marks, item by item (issue 19: the survivors of the release-planning mutation run)', () => {
  it('the sex offender notification item names the days he has to notify the police (Sexual Offences Act 2003 s.83(1): within 3 days of release)', () => {
    expect(item({ registeredSexOffender: true }, 'rso-notification-explained')!.label).toBe(
      'Sex offender notification requirements explained: he must notify the police within 3 days of release',
    );
  });

  it('lists every item that does not apply, and only those, each with why (base facts: MAPPA, not PPRC, no HDCED)', () => {
    expect(plan()!.notApplicable).toEqual([
      {
        key: 'childrens-services-notified',
        label: "Children's services told of the release date and address",
        why: 'not PPRC',
      },
      {
        key: 'rso-notification-explained',
        label:
          'Sex offender notification requirements explained: he must notify the police within 3 days of release',
        why: 'not a registered sex offender',
      },
      {
        key: 'address-safe-for-children',
        label: 'Address checked safe for the risks: no children nearby (PPRC)',
        why: 'not PPRC',
      },
      {
        key: 'hdc-address-checks',
        label: 'HDC address checks requested',
        why: 'not HDC eligible, or under 4 weeks from HDCED to CRD',
      },
    ]);
  });

  it.each([
    [
      'HDC address checks: from HDCED',
      'hdc-address-checks',
      'Due 18/01/2027: 10 working days before HDCED 01/02/2027',
    ],
    [
      'accommodation: still from the release',
      'accommodation-confirmed',
      'Due 28/01/2027: 84 days before CRD 22/04/2027',
    ],
    [
      'release transport: still from the release',
      'release-transport',
      'Due 15/04/2027: 7 days before CRD 22/04/2027',
    ],
    [
      'COM allocated: still by the handover date',
      'com-allocated',
      'Due 08/08/2026: by the handover date 08/08/2026',
    ],
  ])('HDC eligible (HDCED 01/02/2027, HDC Policy Framework): %s', (_n, key, sentence) => {
    expect(item({ hdcEligibilityDate: '2027-02-01' }, key)!.basis.sentence).toBe(`${sentence}, ${RULE}`);
  });

  it('a pre-release OASys recorded proves that item done and no other', () => {
    const p = plan({ preReleaseOasysOn: '2026-07-01' })!;
    expect(p.items.filter((i) => i.automatic).map((i) => i.key)).toEqual(['pre-release-oasys']);
    expect(p.items.filter((i) => i.status === 'done').map((i) => i.key)).toEqual(['pre-release-oasys']);
  });

  it.each([
    ['the day before it is due: not overdue', '2027-01-27', false],
    ['on the day it is due: not overdue', '2027-01-28', false],
    ['the day after: overdue', '2027-01-29', true],
  ])('accommodation confirmed (due 28/01/2027, 12 weeks before CRD), %s', (_n, today, overdue) => {
    const p = plan({}, new Map(), today)!;
    expect(p.items.find((i) => i.key === 'accommodation-confirmed')!.overdue).toBe(overdue);
  });
});
