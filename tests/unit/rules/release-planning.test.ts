import { describe, expect, it } from 'vitest';
import { releasePlan, releasePlanDue, type ItemProgress, type ReleasePlanFacts } from '../../../electron/domain/release-planning/rules';
import { DEFAULT_RULE_VERSIONS } from '../../../electron/domain/policy/rule-sets';

const SRC = 'issue 6 and DOMAIN.md, IRMT and release planning';
const TODAY = '2026-11-22';
const base: ReleasePlanFacts = {
  earliestRelease: { date: '2027-04-22', name: 'CRD' }, handoverDate: '2026-08-08', sentenceStartDate: '2024-01-01', sentenceExpiryDate: '2029-01-01',
  conditionalReleaseDate: '2027-04-22', hdcEligibilityDate: null, mappaCategory: 1, pprc: false, registeredSexOffender: false, comName: null,
  approvedPremisesNeeded: null, victimInContactScheme: null, releasedOn: null,
};
const plan = (f: Partial<ReleasePlanFacts> = {}, progress = new Map<string, ItemProgress>(), today = TODAY) => releasePlan({ ...base, ...f }, progress, today, DEFAULT_RULE_VERSIONS);
const keys = (f: Partial<ReleasePlanFacts>) => plan(f)!.items.map((i) => i.key);
const dueOf = (f: Partial<ReleasePlanFacts>, key: string) => plan(f)!.items.find((i) => i.key === key)?.dueDate;

describe('release plan items: which apply', () => {
  it.each([
    { name: 'MAPPA case: MAPPA confirmation and police notification', f: {}, has: ['mappa-level-confirmed', 'police-notified'], hasNot: ['childrens-services-notified', 'address-safe-for-children', 'rso-notification-explained'], source: SRC },
    { name: 'not MAPPA, not PPRC: no MAPPA confirmation, no police notification', f: { mappaCategory: null }, has: [], hasNot: ['mappa-level-confirmed', 'police-notified'], source: SRC },
    { name: "PPRC: police, children's services and the address checked for children", f: { mappaCategory: null, pprc: true }, has: ['police-notified', 'childrens-services-notified', 'address-safe-for-children'], hasNot: ['mappa-level-confirmed'], source: `${SRC}; DOMAIN.md Public protection` },
    { name: 'not a registered sex offender: no notification item', f: { registeredSexOffender: false }, has: [], hasNot: ['rso-notification-explained'], source: SRC },
    { name: 'registered sex offender: notification explained', f: { registeredSexOffender: true }, has: ['rso-notification-explained'], hasNot: [], source: 'Sexual Offences Act 2003 s.83' },
    { name: 'no victim in the scheme: no victim liaison item', f: { victimInContactScheme: false }, has: [], hasNot: ['victim-liaison-informed'], source: SRC },
    { name: 'victim not yet known, 12 months or more: the victim item stays until someone says', f: { victimInContactScheme: null }, has: ['victim-liaison-informed'], hasNot: [], source: SRC },
    { name: 'victim in the scheme but sentence under 12 months: no victim item', f: { victimInContactScheme: true, sentenceStartDate: '2026-11-01', sentenceExpiryDate: '2027-10-25', conditionalReleaseDate: '2027-04-22' }, has: [], hasNot: ['victim-liaison-informed'], source: 'DOMAIN.md: victim contact scheme for 12 months or more' },
    { name: 'approved premises not needed: no referral item', f: { approvedPremisesNeeded: false }, has: [], hasNot: ['approved-premises-referral'], source: SRC },
    { name: 'not HDC eligible: no HDC address checks', f: { hdcEligibilityDate: null }, has: [], hasNot: ['hdc-address-checks'], source: SRC },
    { name: 'HDC eligible more than 4 weeks before CRD: address checks', f: { hdcEligibilityDate: '2027-01-22' }, has: ['hdc-address-checks'], hasNot: [], source: 'DOMAIN.md: HDC' },
    { name: 'HDCED under 4 weeks before CRD: HDC refused, no address checks', f: { hdcEligibilityDate: '2027-04-01' }, has: [], hasNot: ['hdc-address-checks'], source: 'DOMAIN.md: HDC refused if under 4 weeks to CRD' },
  ])('$name ($source)', ({ f, has, hasNot }) => {
    const k = keys(f);
    for (const key of has) expect(k).toContain(key);
    for (const key of hasNot) expect(k).not.toContain(key);
    expect(k).toEqual(expect.arrayContaining(['accommodation-confirmed', 'licence-conditions-proposed', 'pre-release-meeting', 'resettlement-health', 'release-id']));
  });

  it('says why an item does not apply', () => {
    expect(plan({ registeredSexOffender: false })!.notApplicable.find((n) => n.key === 'rso-notification-explained')).toEqual(expect.objectContaining({ why: 'not a registered sex offender' }));
  });
});

describe('release plan due dates', () => {
  it.each([
    { key: 'mappa-level-confirmed', due: '2026-10-22', why: '6 months before CRD 22/04/2027', source: 'DOMAIN.md, People and words' },
    { key: 'approved-premises-referral', due: '2026-10-22', why: '6 months before', source: 'DOMAIN.md: approved premises 6 months before release' },
    { key: 'accommodation-confirmed', due: '2027-01-28', why: '84 days before', source: 'issue 6: 12 weeks before' },
    { key: 'licence-conditions-proposed', due: '2027-03-25', why: '28 days before', source: 'DOMAIN.md: licence 4 weeks before' },
    { key: 'pre-release-meeting', due: '2027-01-22', why: '3 months before', source: 'issue 6' },
    { key: 'com-allocated', due: '2026-08-08', why: 'by the handover date 08/08/2026', source: 'issue 6: by the handover date' },
    { key: 'pre-release-oasys', due: '2026-08-08', why: 'by the handover date', source: 'issue 6: by the handover date' },
    { key: 'resettlement-accommodation', due: '2027-01-28', why: '84 days before', source: 'DOMAIN.md: resettlement window 12 weeks' },
    { key: 'release-transport', due: '2027-04-15', why: '7 days before', source: 'local default (uncertain)' },
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
    const progress = new Map<string, ItemProgress>([['accommodation-confirmed', { status: 'done', note: 'Approved premises, Leeds', completedOn: '2026-11-20', completedBy: 'Pat Pom' }]]);
    const before = plan({}, progress)!;
    const after = plan({ earliestRelease: { date: '2027-06-22', name: 'CRD' }, conditionalReleaseDate: '2027-06-22' }, progress)!;
    expect(after.items.find((i) => i.key === 'mappa-level-confirmed')!.dueDate).toBe('2026-12-22');
    expect(before.items.find((i) => i.key === 'mappa-level-confirmed')!.overdue).toBe(true);
    expect(after.items.find((i) => i.key === 'mappa-level-confirmed')!.overdue).toBe(false);
    expect(after.items.find((i) => i.key === 'accommodation-confirmed')).toMatchObject({ status: 'done', note: 'Approved premises, Leeds', dueDate: '2027-03-30' });
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
    expect(due.find((d) => d.basis.inputs.itemKey === 'accommodation-confirmed')).toMatchObject({ kind: 'release-plan-item', dueDate: '2027-01-28' });
  });

  it('a COM recorded on the prisoner marks "COM allocated" done by itself; progress counts applicable items', () => {
    const p = plan({ comName: 'Sue Hill' })!;
    expect(p.items.find((i) => i.key === 'com-allocated')).toMatchObject({ status: 'done', automatic: true, note: 'COM recorded: Sue Hill' });
    expect(p.done).toBe(1);
    expect(p.total).toBe(p.items.length);
  });

  it('warns when it is too little, too late: no accommodation 8 weeks before release, no COM, MAPPA unconfirmed', () => {
    const late = plan({}, new Map(), '2027-03-01')!;
    expect(late.warnings.join(' ')).toMatch(/No accommodation confirmed 52 days before release/);
    expect(late.warnings.join(' ')).toMatch(/No COM allocated/);
    expect(late.warnings.join(' ')).toMatch(/MAPPA level not confirmed/);
    const done = new Map<string, ItemProgress>([['accommodation-confirmed', { status: 'done', note: 'Home address', completedOn: '2027-02-01', completedBy: 'X' }]]);
    expect(plan({ comName: 'Sue Hill', mappaCategory: null }, done, '2027-03-01')!.warnings).toEqual([]);
  });

  it('no plan without a release date or once released', () => {
    expect(plan({ earliestRelease: null })).toBeNull();
    expect(plan({ releasedOn: '2026-11-20' })).toBeNull();
  });
});
