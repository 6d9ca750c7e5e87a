import { describe, expect, it } from 'vitest';
import {
  buildAgenda,
  irmtEarliestRelease,
  type AgendaCandidate,
  type ChairChange,
} from '../../../electron/domain/irmt/agenda';
import { AGENDA_BASE } from './fixtures';
import { DEFAULT_RULE_VERSIONS } from '../../../electron/domain/policy/rule-sets';

/**
 * The IRMT agenda on its boundaries (issue 19 item 4): HMI Probation/HMI Prisons joint thematic inspection (2019) §3.1
 * and §5.1 (every high-risk case due for release reviewed), PSI 18/2016 Public Protection Manual (the IRMT); the
 * monthly interval and the 8-month window are the rule set's local defaults. Expectations written out by hand.
 */
const MEETING = '2026-12-01';
const base: AgendaCandidate = { ...AGENDA_BASE, conditionalReleaseDate: null };

describe('the earliest release the IRMT plans for', () => {
  it.each([
    ['nothing recorded', {}, null],
    [
      'a CRD already passed gives way to a later ARD',
      { conditionalReleaseDate: '2026-11-30', automaticReleaseDate: '2027-02-01' },
      { date: '2027-02-01', name: 'ARD' },
    ],
    [
      'a date on the meeting day counts',
      { conditionalReleaseDate: '2026-12-01' },
      { date: '2026-12-01', name: 'CRD' },
    ],
    [
      'PED first',
      { conditionalReleaseDate: '2027-05-01', paroleEligibilityDate: '2027-03-01' },
      { date: '2027-03-01', name: 'PED' },
    ],
    [
      'HDCED first',
      { conditionalReleaseDate: '2027-05-01', hdcEligibilityDate: '2027-01-01' },
      { date: '2027-01-01', name: 'HDCED' },
    ],
    [
      'CRD and PED on one day: the first named',
      { conditionalReleaseDate: '2027-05-01', paroleEligibilityDate: '2027-05-01' },
      { date: '2027-05-01', name: 'CRD' },
    ],
    [
      'a target hearing date before a tariff still to come: the tariff',
      { tariffExpiryDate: '2027-06-01', targetHearingDate: '2027-01-01' },
      { date: '2027-06-01', name: 'TED' },
    ],
    [
      'a tariff ending on the meeting day: still the tariff',
      { tariffExpiryDate: '2026-12-01', targetHearingDate: '2026-12-05' },
      { date: '2026-12-01', name: 'TED' },
    ],
    [
      'past the tariff: the target hearing date',
      { tariffExpiryDate: '2026-06-01', targetHearingDate: '2027-01-01' },
      { date: '2027-01-01', name: 'THD' },
    ],
    [
      'no tariff recorded: the target hearing date',
      { targetHearingDate: '2027-01-01' },
      { date: '2027-01-01', name: 'THD' },
    ],
    [
      'release directed by the Parole Board after his PED passed: the APD, not the CRD years away',
      {
        paroleEligibilityDate: '2026-06-01',
        actualParoleDate: '2027-01-15',
        conditionalReleaseDate: '2029-01-01',
      },
      { date: '2027-01-15', name: 'APD' },
    ],
    [
      'a lifer past tariff, his hearing held and release directed: the APD',
      { tariffExpiryDate: '2025-01-01', targetHearingDate: '2026-10-01', actualParoleDate: '2027-02-01' },
      { date: '2027-02-01', name: 'APD' },
    ],
  ] as [string, Partial<AgendaCandidate>, unknown][])('%s', (_n, c, expected) => {
    expect(irmtEarliestRelease({ ...base, ...c }, MEETING)).toEqual(expected);
  });
});

describe('who is on the agenda, and why', () => {
  const reasons = (c: Partial<AgendaCandidate>, last: string | null = '2026-11-01') =>
    buildAgenda([{ ...base, ...c }], MEETING, last, [], DEFAULT_RULE_VERSIONS).items.map((i) => i.reasons);
  it.each([
    [
      'high RoSH, release directed (APD) inside the window, CRD outside: on (the inspection: every high-risk release)',
      {
        rosh: 'high',
        paroleEligibilityDate: '2026-06-01',
        actualParoleDate: '2027-01-15',
        conditionalReleaseDate: '2029-01-01',
      },
      '2026-11-01',
      [['rosh-high']],
    ],
    [
      'released on the meeting day: off',
      { rosh: 'high', conditionalReleaseDate: '2027-01-01', releasedOn: '2026-12-01' },
      '2026-11-01',
      [],
    ],
    [
      'released after the meeting (recorded ahead): on',
      { rosh: 'high', conditionalReleaseDate: '2027-01-01', releasedOn: '2026-12-02' },
      '2026-11-01',
      [['rosh-high']],
    ],
    [
      'PPRC and harassment, in that order',
      { publicProtection: ['hppm', 'pprc'], conditionalReleaseDate: '2027-01-01' },
      '2026-11-01',
      [['pprc', 'hppm']],
    ],
    [
      'MAPPA level 2',
      { mappaCategory: 1, mappaLevel: 2, conditionalReleaseDate: '2027-01-01' },
      '2026-11-01',
      [['mappa-level-2']],
    ],
    [
      'high risk releasing after the window: off',
      {
        rosh: 'very-high',
        publicProtection: ['pprc'],
        mappaCategory: 2,
        mappaLevel: 3,
        conditionalReleaseDate: '2027-08-02',
      },
      '2026-11-01',
      [],
    ],
    ['high risk with no release date: off', { rosh: 'high' }, '2026-11-01', []],
    ['one open action', { openActions: 1 }, '2026-11-01', [['open-action']]],
    [
      'arrived on the meeting day with a status',
      { publicProtection: ['pprc'], arrivedOn: '2026-12-01' },
      '2026-11-01',
      [['new-arrival-public-protection']],
    ],
    [
      'arrived after the meeting: not yet',
      { publicProtection: ['pprc'], arrivedOn: '2026-12-02' },
      '2026-11-01',
      [],
    ],
    [
      'arrived on the day of the last meeting: not new',
      { publicProtection: ['pprc'], arrivedOn: '2026-11-01' },
      '2026-11-01',
      [],
    ],
    [
      'arrived the day after it: new',
      { publicProtection: ['pprc'], arrivedOn: '2026-11-02' },
      '2026-11-01',
      [['new-arrival-public-protection']],
    ],
    [
      'no meeting before: within one interval, the day after',
      { publicProtection: ['hppm'], arrivedOn: '2026-11-02' },
      null,
      [['new-arrival-public-protection']],
    ],
    [
      'no meeting before: a month to the day is not within it',
      { publicProtection: ['hppm'], arrivedOn: '2026-11-01' },
      null,
      [],
    ],
    ['a new arrival with no status: not on it', { arrivedOn: '2026-11-15' }, '2026-11-01', []],
  ] as [string, Partial<AgendaCandidate>, string | null, string[][]][])('%s', (_n, c, last, expected) => {
    expect(reasons(c, last)).toEqual(expected);
  });
});

describe("the chair's changes and the order", () => {
  const people: AgendaCandidate[] = [
    { ...base, prisonerNumber: 'B2', rosh: 'high', conditionalReleaseDate: '2027-03-01' },
    { ...base, prisonerNumber: 'B1', rosh: 'high', conditionalReleaseDate: '2027-03-01' },
    { ...base, prisonerNumber: 'Z9', openActions: 1 },
    { ...base, prisonerNumber: 'A5', rosh: 'high', conditionalReleaseDate: '2027-01-15' },
    { ...base, prisonerNumber: 'Y1', openActions: 2 },
  ];
  const changes: ChairChange[] = [
    { prisonerNumber: 'A5', change: 'add', reason: 'Police concern' },
    { prisonerNumber: 'A5', change: 'remove', reason: 'Seen last week' },
    { prisonerNumber: 'Q1', change: 'remove', reason: 'Not on it anyway' },
  ];
  it('by release date, then prisoner number, no release date last, whatever order they come in', () => {
    for (const list of [people, [...people].reverse(), [...people.slice(2), ...people.slice(0, 2)]]) {
      const result = buildAgenda(list, MEETING, '2026-11-01', changes, DEFAULT_RULE_VERSIONS);
      expect(result.items.map((i) => i.prisonerNumber)).toEqual(['A5', 'B1', 'B2', 'Y1', 'Z9']);
      expect(result.removed).toEqual([]);
    }
  });
  it('added and removed: added wins, with its reason', () => {
    const result = buildAgenda(people, MEETING, '2026-11-01', changes, DEFAULT_RULE_VERSIONS);
    expect(result.items.find((i) => i.prisonerNumber === 'A5')).toEqual({
      prisonerNumber: 'A5',
      reasons: ['rosh-high', 'added-by-chair'],
      earliestRelease: { date: '2027-01-15', name: 'CRD' },
      chairReason: 'Police concern',
    });
    expect(result.items.find((i) => i.prisonerNumber === 'B1')!.chairReason).toBeNull();
  });
});
