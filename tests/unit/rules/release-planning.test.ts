import { describe, expect, it } from 'vitest';
import {
  releaseFacts,
  releasePlan,
  releasePlanDue,
  type ItemProgress,
  type ReleasePlanFacts,
} from '../../../electron/domain/release-planning/rules';
import { RELEASE_PLAN_BASE } from './fixtures';
import { DEFAULT_RULE_VERSIONS } from '../../../electron/domain/policy/rule-sets';

const SRC = 'issue 6; joint thematic inspection 2019 (HMI Probation, HMI Prisons) §5.1';
const TODAY = '2026-11-22';
const base = RELEASE_PLAN_BASE;
const plan = (f: Partial<ReleasePlanFacts> = {}, progress = new Map<string, ItemProgress>(), today = TODAY) =>
  releasePlan({ ...base, ...f }, progress, today, DEFAULT_RULE_VERSIONS);
const keys = (f: Partial<ReleasePlanFacts>) => plan(f)!.items.map((i) => i.key);
const dueOf = (f: Partial<ReleasePlanFacts>, key: string) =>
  plan(f)!.items.find((i) => i.key === key)?.dueDate;

describe('release plan items: which apply', () => {
  it.each([
    {
      name: 'MAPPA case: MAPPA confirmation and police notification',
      f: {},
      has: ['mappa-level-confirmed', 'police-notified'],
      hasNot: ['childrens-services-notified', 'address-safe-for-children', 'rso-notification-explained'],
      source: SRC,
    },
    {
      name: 'not MAPPA, not PPRC: no MAPPA confirmation, no police notification',
      f: { mappaCategory: null },
      has: [],
      hasNot: ['mappa-level-confirmed', 'police-notified'],
      source: SRC,
    },
    {
      name: "PPRC: police, children's services and the address checked for children",
      f: { mappaCategory: null, pprc: true },
      has: ['police-notified', 'childrens-services-notified', 'address-safe-for-children'],
      hasNot: ['mappa-level-confirmed'],
      source: `${SRC}; joint thematic inspection 2019 §3.1`,
    },
    {
      name: 'not a registered sex offender: no notification item',
      f: { registeredSexOffender: false },
      has: [],
      hasNot: ['rso-notification-explained'],
      source: SRC,
    },
    {
      name: 'registered sex offender: notification explained',
      f: { registeredSexOffender: true },
      has: ['rso-notification-explained'],
      hasNot: [],
      source: 'Sexual Offences Act 2003 s.83',
    },
    {
      name: 'no victim in the scheme: no victim liaison item',
      f: { victimInContactScheme: false },
      has: [],
      hasNot: ['victim-liaison-informed'],
      source: SRC,
    },
    {
      name: 'victim not yet known, 12 months or more: the victim item stays until someone says',
      f: { victimInContactScheme: null },
      has: ['victim-liaison-informed'],
      hasNot: [],
      source: SRC,
    },
    {
      name: 'victim in the scheme but sentence under 12 months: no victim item',
      f: {
        victimInContactScheme: true,
        sentenceStartDate: '2026-11-01',
        sentenceExpiryDate: '2027-10-25',
        conditionalReleaseDate: '2027-04-22',
      },
      has: [],
      hasNot: ['victim-liaison-informed'],
      source: 'Domestic Violence, Crime and Victims Act 2004 s.35: 12 months or more',
    },
    {
      name: 'approved premises not needed: no referral item',
      f: { approvedPremisesNeeded: false },
      has: [],
      hasNot: ['approved-premises-referral'],
      source: SRC,
    },
    {
      name: 'not HDC eligible: no HDC address checks',
      f: { hdcEligibilityDate: null },
      has: [],
      hasNot: ['hdc-address-checks'],
      source: SRC,
    },
    {
      name: 'HDC eligible more than 4 weeks before CRD: address checks',
      f: { hdcEligibilityDate: '2027-01-22' },
      has: ['hdc-address-checks'],
      hasNot: [],
      source: 'release planning local default (uncertain): HDC',
    },
    {
      name: 'HDCED under 4 weeks before CRD: HDC refused, no address checks',
      f: { hdcEligibilityDate: '2027-04-01' },
      has: [],
      hasNot: ['hdc-address-checks'],
      source: 'release planning local default (uncertain): HDC refused under 4 weeks to CRD',
    },
  ])('$name ($source)', ({ f, has, hasNot }) => {
    const k = keys(f);
    for (const key of has) expect(k).toContain(key);
    for (const key of hasNot) expect(k).not.toContain(key);
    expect(k).toEqual(
      expect.arrayContaining([
        'accommodation-confirmed',
        'licence-conditions-proposed',
        'pre-release-meeting',
        'resettlement-health',
        'release-id',
      ]),
    );
  });

  it('says why an item does not apply', () => {
    expect(
      plan({ registeredSexOffender: false })!.notApplicable.find(
        (n) => n.key === 'rso-notification-explained',
      ),
    ).toEqual(expect.objectContaining({ why: 'not a registered sex offender' }));
  });
});

describe('release plan due dates', () => {
  it.each([
    {
      key: 'mappa-level-confirmed',
      due: '2026-10-22',
      why: '6 months before CRD 22/04/2027',
      source: 'MAPPA Guidance',
    },
    {
      key: 'approved-premises-referral',
      due: '2026-10-22',
      why: '6 months before',
      source: 'release planning local default (uncertain): approved premises 6 months before release',
    },
    {
      key: 'accommodation-confirmed',
      due: '2027-01-28',
      why: '84 days before',
      source: 'issue 6: 12 weeks before',
    },
    {
      key: 'licence-conditions-proposed',
      due: '2027-03-25',
      why: '28 days before',
      source: 'release planning local default (uncertain): licence 4 weeks before',
    },
    { key: 'pre-release-meeting', due: '2027-01-22', why: '3 months before', source: 'issue 6' },
    {
      key: 'com-allocated',
      due: '2026-08-08',
      why: 'by the handover date 08/08/2026',
      source: 'issue 6: by the handover date',
    },
    {
      key: 'pre-release-oasys',
      due: '2026-08-08',
      why: 'by the handover date',
      source: 'issue 6: by the handover date',
    },
    {
      key: 'resettlement-accommodation',
      due: '2027-01-28',
      why: '84 days before',
      source: 'joint thematic inspection 2019: resettlement 12 weeks before release',
    },
    {
      key: 'release-transport',
      due: '2027-04-15',
      why: '7 days before',
      source: 'local default (uncertain)',
    },
  ])('$key due $due ($source)', ({ key, due, why }) => {
    const item = plan()!.items.find((i) => i.key === key)!;
    expect(item.dueDate).toBe(due);
    expect(item.basis.sentence).toContain(why);
  });

  it('HDC address checks 10 working days before HDCED (bank holidays skipped)', () => {
    // Back from Tue 05/01/2027: 1 Jan and the Boxing Day substitute (Mon 28 Dec) are not counted.
    expect(dueOf({ hdcEligibilityDate: '2027-01-05' }, 'hdc-address-checks')).toBe('2026-12-17');
  });

  it('release date moved: due dates move, done items stay done with their note', () => {
    const progress = new Map<string, ItemProgress>([
      [
        'accommodation-confirmed',
        {
          status: 'done',
          note: 'Approved premises, Leeds',
          completedOn: '2026-11-20',
          completedBy: 'Pat Pom',
        },
      ],
    ]);
    const before = plan({}, progress)!;
    const after = plan(
      { earliestRelease: { date: '2027-06-22', name: 'CRD' }, conditionalReleaseDate: '2027-06-22' },
      progress,
    )!;
    expect(after.items.find((i) => i.key === 'mappa-level-confirmed')!.dueDate).toBe('2026-12-22');
    expect(before.items.find((i) => i.key === 'mappa-level-confirmed')!.overdue).toBe(true);
    expect(after.items.find((i) => i.key === 'mappa-level-confirmed')!.overdue).toBe(false);
    expect(after.items.find((i) => i.key === 'accommodation-confirmed')).toMatchObject({
      status: 'done',
      note: 'Approved premises, Leeds',
      dueDate: '2027-03-30',
    });
  });
});

describe('the plan as a whole', () => {
  it('starts 9 months before release; before then nothing is due', () => {
    const far = plan({ earliestRelease: { date: '2027-09-01', name: 'CRD' } })!;
    expect(far.startsOn).toBe('2026-12-01');
    expect(far.started).toBe(false);
    expect(releasePlanDue(far)).toEqual([]);
    expect(plan()!.started).toBe(true);
  });

  it('open items are due: MAPPA confirmation as its own kind, the rest with their key in the basis', () => {
    const due = releasePlanDue(plan());
    expect(due.find((d) => d.kind === 'mappa-level-confirmation')).toMatchObject({ dueDate: '2026-10-22' });
    expect(due.find((d) => d.basis.inputs.itemKey === 'accommodation-confirmed')).toMatchObject({
      kind: 'release-plan-item',
      dueDate: '2027-01-28',
    });
  });

  it('a COM recorded on the prisoner marks "COM allocated" done by itself; progress counts applicable items', () => {
    const p = plan({ comName: 'Sue Hill' })!;
    expect(p.items.find((i) => i.key === 'com-allocated')).toMatchObject({
      status: 'done',
      automatic: true,
      note: 'COM recorded: Sue Hill',
    });
    expect(p.done).toBe(1);
    expect(p.total).toBe(p.items.length);
  });

  it('warns when it is too little, too late: no accommodation 8 weeks before release, no COM, MAPPA unconfirmed', () => {
    const late = plan({}, new Map(), '2027-03-01')!;
    expect(late.warnings.join(' ')).toMatch(/No accommodation confirmed 52 days before release/);
    expect(late.warnings.join(' ')).toMatch(/No COM allocated/);
    expect(late.warnings.join(' ')).toMatch(/MAPPA level not confirmed/);
    const done = new Map<string, ItemProgress>([
      [
        'accommodation-confirmed',
        { status: 'done', note: 'Home address', completedOn: '2027-02-01', completedBy: 'X' },
      ],
    ]);
    expect(plan({ comName: 'Sue Hill', mappaCategory: null }, done, '2027-03-01')!.warnings).toEqual([]);
  });

  it('no plan without a release date or once released', () => {
    expect(plan({ earliestRelease: null })).toBeNull();
    expect(plan({ releasedOn: '2026-11-20' })).toBeNull();
  });
});

describe('issue 12 item 3: a plan counts back only from a release still to come', () => {
  const person = {
    sentenceType: 'determinate' as const,
    sentenceStartDate: '2024-01-01',
    paroleEligibilityDate: null,
    conditionalReleaseDate: null,
    automaticReleaseDate: null,
    tariffExpiryDate: null,
    targetHearingDate: null,
    recallDate: null,
    postRecallReleaseDate: null,
    actualParoleDate: null,
  };
  it.each([
    {
      name: 'recalled: the plan keys to the post-recall release date, not the CRD that has passed',
      p: {
        conditionalReleaseDate: '2025-02-25',
        recallDate: '2026-06-01',
        postRecallReleaseDate: '2027-03-01',
      },
      release: 'PRRD 2027-03-01',
      source: 'Manage POM Cases app/models/hmpps_api/sentence_detail.rb post_recall_release_date',
    },
    {
      name: 'recalled with no PRRD: no plan, and it says why',
      p: { conditionalReleaseDate: '2025-02-25', recallDate: '2026-06-01' },
      release: null,
      why: /no post-recall release date is recorded/,
      source: 'issue 12 item 3',
    },
    {
      name: 'recalled, PRRD passed: no plan, and it says why',
      p: {
        conditionalReleaseDate: '2025-02-25',
        recallDate: '2026-06-01',
        postRecallReleaseDate: '2026-10-01',
      },
      release: null,
      why: /has passed/,
      source: 'issue 12 item 3',
    },
    {
      name: 'PED passed, CRD to come: the CRD',
      p: { paroleEligibilityDate: '2026-10-01', conditionalReleaseDate: '2027-06-01' },
      release: 'CRD 2027-06-01',
      source: 'issue 12 item 3: never a date that has passed',
    },
    {
      name: 'PED to come: the PED',
      p: { paroleEligibilityDate: '2027-02-01', conditionalReleaseDate: '2027-06-01' },
      release: 'PED 2027-02-01',
      source: 'existing rule: plan for the earliest release',
    },
    {
      name: 'CRD and ARD the same day: named ARD',
      p: { conditionalReleaseDate: '2027-06-01', automaticReleaseDate: '2027-06-01' },
      release: 'ARD 2027-06-01',
      source: 'Manage POM Cases spec/lib/handover/handover_calculation_spec.rb:370-373',
    },
    {
      name: 'the Parole Board directed release: the actual parole date',
      p: {
        paroleEligibilityDate: '2026-10-01',
        conditionalReleaseDate: '2027-06-01',
        actualParoleDate: '2027-01-10',
      },
      release: 'APD 2027-01-10',
      source: 'Manage POM Cases sentence_detail.rb actual_parole_date',
    },
    {
      name: 'life/IPP past tariff with a hearing to come: the THD',
      p: {
        sentenceType: 'indeterminate' as const,
        tariffExpiryDate: '2020-01-01',
        targetHearingDate: '2027-04-01',
      },
      release: 'THD 2027-04-01',
      source: 'existing rule',
    },
    {
      name: 'life/IPP past tariff, hearing passed: no plan, and it says why',
      p: {
        sentenceType: 'indeterminate' as const,
        tariffExpiryDate: '2020-01-01',
        targetHearingDate: '2026-04-01',
      },
      release: null,
      why: /Past tariff/,
      source: 'issue 12 item 3',
    },
    {
      name: 'every date passed: no plan, and it says why',
      p: { conditionalReleaseDate: '2026-10-01' },
      release: null,
      why: /Every release date recorded has passed/,
      source: 'issue 12 item 3',
    },
  ])('$name ($source)', ({ p, release, why }) => {
    const r = releaseFacts({ ...person, ...p }, TODAY);
    expect(r.earliestRelease ? `${r.earliestRelease.name} ${r.earliestRelease.date}` : null).toBe(release);
    if (why) expect(r.noRelease).toMatch(why);
    else expect(r.noRelease).toBeNull();
  });

  it('nothing is due before the sentence began: sentenced 18/09/2026 with CRD 01/03/2027, the 6-month items fall due on 18/09/2026', () => {
    const p = plan({
      sentenceStartDate: '2026-09-18',
      earliestRelease: { date: '2027-03-01', name: 'CRD' },
      conditionalReleaseDate: '2027-03-01',
      handoverDate: null,
    })!;
    expect(Math.min(...p.items.map((i) => Number(i.dueDate.replace(/-/g, ''))))).toBe(20260918);
    expect(p.startsOn).toBe('2026-09-18');
    const ap = p.items.find((i) => i.key === 'approved-premises-referral')!;
    expect([ap.dueDate, ap.basis.sentence]).toEqual([
      '2026-09-18',
      'Due 18/09/2026: 6 months before CRD 01/03/2027 would fall on 01/09/2026, before the sentence began, so due from 18/09/2026, Release planning rules effective 01/01/2015',
    ]);
  });

  it('a recall: nothing is due before he came back; a 28-day fixed-term recall has everything due from the recall', () => {
    const f = {
      ...releaseFacts(
        {
          ...person,
          conditionalReleaseDate: '2025-02-25',
          recallDate: '2026-11-10',
          postRecallReleaseDate: '2026-12-08',
        },
        TODAY,
      ),
      handoverDate: null,
    };
    const p = plan(f)!;
    expect(p.items.every((i) => i.dueDate >= '2026-11-10')).toBe(true);
    expect(p.items.find((i) => i.key === 'licence-conditions-proposed')!.dueDate).toBe('2026-11-10');
    expect(p.items.find((i) => i.key === 'release-transport')!.dueDate).toBe('2026-12-01');
  });

  it('never a negative day count: the warnings count the days to a release still to come, and say the day itself', () => {
    const recall = {
      ...releaseFacts(
        {
          ...person,
          conditionalReleaseDate: '2025-02-25',
          recallDate: '2026-06-01',
          postRecallReleaseDate: '2027-01-05',
        },
        TODAY,
      ),
      handoverDate: null,
    };
    const warnings = plan(recall)!.warnings.join(' ');
    expect(warnings).toMatch(/No accommodation confirmed 44 days before release/);
    expect(warnings).not.toMatch(/-\d+ days/);
    expect(plan({ earliestRelease: { date: TODAY, name: 'CRD' } })!.warnings.join(' ')).toMatch(
      /No accommodation confirmed on the day of release/,
    );
    expect(plan({ earliestRelease: { date: '2026-11-23', name: 'CRD' } })!.warnings.join(' ')).toMatch(
      /No COM allocated 1 day before release/,
    );
  });

  it('a COM recorded by e-mail only marks "COM allocated" done', () => {
    expect(
      plan({ comEmail: 'sue.hill@justice.gov.uk' })!.items.find((i) => i.key === 'com-allocated'),
    ).toMatchObject({ status: 'done', note: 'COM recorded: sue.hill@justice.gov.uk' });
  });
});
