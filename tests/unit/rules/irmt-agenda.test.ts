import { describe, expect, it } from 'vitest';
import { buildAgenda, type AgendaCandidate } from '../../../electron/domain/irmt/agenda';
import { AGENDA_BASE } from './fixtures';
import { DEFAULT_RULE_VERSIONS } from '../../../electron/domain/policy/rule-sets';

const SRC = 'joint thematic inspection 2019 §3.1, §5.1';
const MEETING = '2026-12-01';
const base = AGENDA_BASE;
const agenda = (c: Partial<AgendaCandidate>, last: string | null = '2026-11-01') =>
  buildAgenda([{ ...base, ...c }], MEETING, last, [], DEFAULT_RULE_VERSIONS).items.map((i) =>
    i.reasons.join(','),
  );

describe('IRMT agenda selection', () => {
  it.each([
    ['high RoSH releasing within 8 months', { rosh: 'high' }, ['rosh-high'], SRC],
    [
      'MAPPA level 1 high RoSH is included, never dropped',
      { rosh: 'high', mappaCategory: 1, mappaLevel: 1 },
      ['rosh-high'],
      `${SRC}: only one of five prisons reviewed all high-risk cases`,
    ],
    [
      'low RoSH MAPPA level 1 with no other reason is excluded',
      { rosh: 'low', mappaCategory: 2, mappaLevel: 1 },
      [],
      SRC,
    ],
    ['MAPPA category with level unset', { mappaCategory: 1, mappaLevel: null }, ['mappa-level-unset'], SRC],
    [
      'MAPPA level 3 and very high RoSH',
      { rosh: 'very-high', mappaCategory: 2, mappaLevel: 3 },
      ['rosh-very-high,mappa-level-3'],
      SRC,
    ],
    [
      'window boundary: release exactly 8 months after the meeting is in',
      { rosh: 'high', conditionalReleaseDate: '2027-08-01' },
      ['rosh-high'],
      `${SRC}: window 8 months (uncertain)`,
    ],
    [
      'window boundary: one day later is out',
      { rosh: 'high', conditionalReleaseDate: '2027-08-02' },
      [],
      SRC,
    ],
    [
      'HDCED counts when it comes first',
      { rosh: 'high', conditionalReleaseDate: '2027-10-01', hdcEligibilityDate: '2027-07-01' },
      ['rosh-high'],
      SRC,
    ],
    ['released prisoners are excluded', { rosh: 'high', releasedOn: '2026-11-20' }, [], SRC],
    [
      'open actions bring a prisoner back whatever his release date',
      { rosh: 'low', conditionalReleaseDate: '2030-01-01', openActions: 2 },
      ['open-action'],
      SRC,
    ],
    ['PPRC releasing within the window', { publicProtection: ['pprc'] }, ['pprc'], SRC],
    [
      'new arrival with a public protection status since the last meeting',
      { publicProtection: ['hppm'], conditionalReleaseDate: '2030-01-01', arrivedOn: '2026-11-15' },
      ['new-arrival-public-protection'],
      SRC,
    ],
    [
      'an arrival before the last meeting is not new',
      { publicProtection: ['hppm'], conditionalReleaseDate: '2030-01-01', arrivedOn: '2026-10-15' },
      [],
      SRC,
    ],
  ] as [string, Partial<AgendaCandidate>, string[], string][])('%s', (_n, c, expected) => {
    expect(agenda(c)).toEqual(expected);
  });

  it('the chair adds and removes with reasons, kept; items sort by release date', () => {
    const result = buildAgenda(
      [
        { ...base, prisonerNumber: 'B1', rosh: 'high', conditionalReleaseDate: '2027-05-01' },
        { ...base, prisonerNumber: 'C1', rosh: 'high', conditionalReleaseDate: '2027-01-10' },
        { ...base, prisonerNumber: 'D1', rosh: 'low', conditionalReleaseDate: '2029-01-01' },
        { ...base, prisonerNumber: 'E1', rosh: 'very-high', conditionalReleaseDate: '2027-02-01' },
      ],
      MEETING,
      null,
      [
        { prisonerNumber: 'D1', change: 'add', reason: 'Police concern about his release address' },
        { prisonerNumber: 'E1', change: 'remove', reason: 'Discussed at MAPPA level 3 meeting this week' },
      ],
      DEFAULT_RULE_VERSIONS,
    );
    expect(
      result.items.map((i) => `${i.prisonerNumber} ${i.reasons.join(',')} ${i.earliestRelease?.date}`),
    ).toEqual(['C1 rosh-high 2027-01-10', 'B1 rosh-high 2027-05-01', 'D1 added-by-chair 2029-01-01']);
    expect(result.items[2]!.chairReason).toBe('Police concern about his release address');
    expect(result.removed).toMatchObject([
      {
        prisonerNumber: 'E1',
        removedBecause: 'Discussed at MAPPA level 3 meeting this week',
        reasons: ['rosh-very-high'],
      },
    ]);
    expect(result.basis).toBe(
      'Releases from 01/12/2026 to 01/08/2027 (8 months), IRMT agenda rules effective 01/01/2016',
    );
  });
});
