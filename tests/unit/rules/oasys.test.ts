import { describe, expect, it } from 'vitest';
import { oasysDue, oasysTimeline, type OasysFacts } from '../../../electron/domain/oasys/rules';
import { dueStatus } from '../../../electron/domain/due/types';
import { DEFAULT_RULE_VERSIONS } from '../../../electron/domain/policy/rule-sets';

const SRC = 'joint thematic inspection 2019 §3.1, §4.1';
const TODAY = '2026-11-22';
const base: OasysFacts = { sentenceStartDate: '2026-10-01', assessments: [], events: [], handoverDate: null };
const due = (f: Partial<OasysFacts>) =>
  oasysDue({ ...base, ...f }, TODAY, DEFAULT_RULE_VERSIONS).map((d) => `${d.kind} ${d.dueDate}`);

describe('OASys due dates', () => {
  it.each([
    ['initial: 15 days after sentence', {}, ['oasys-initial 2026-10-16'], SRC],
    [
      'an assessment before this sentence does not count',
      { assessments: [{ type: 'review', completedOn: '2026-09-01' }] },
      ['oasys-initial 2026-10-16'],
      SRC,
    ],
    [
      'initial done: review 12 months later',
      { assessments: [{ type: 'initial', completedOn: '2026-10-10' }] },
      ['oasys-review 2027-10-10'],
      `${SRC}: reviewed at least every 12 months`,
    ],
    [
      'review after a significant change: 28 days after the event',
      {
        assessments: [{ type: 'initial', completedOn: '2026-10-10' }],
        events: [{ type: 'transfer-in', date: '2026-11-01' }],
      },
      ['oasys-review 2027-10-10', 'oasys-significant-change 2026-11-29'],
      `${SRC}: default 28 days (uncertain)`,
    ],
    [
      'an assessment on the event date clears it',
      {
        assessments: [
          { type: 'initial', completedOn: '2026-10-10' },
          { type: 'significant-change', completedOn: '2026-11-01' },
        ],
        events: [{ type: 'recall', date: '2026-11-01' }],
      },
      ['oasys-review 2027-11-01'],
      SRC,
    ],
    [
      'pre-release: due by the handover date when none in the 6 months before',
      { assessments: [{ type: 'initial', completedOn: '2026-10-10' }], handoverDate: '2027-06-01' },
      ['oasys-review 2027-10-10', 'oasys-pre-release 2027-06-01'],
      `${SRC}: pre-release review by the COM-responsible date`,
    ],
    [
      'pre-release: satisfied by an assessment within 6 months before handover',
      { assessments: [{ type: 'initial', completedOn: '2026-10-10' }], handoverDate: '2027-04-01' },
      ['oasys-review 2027-10-10'],
      SRC,
    ],
  ] as [string, Partial<OasysFacts>, string[], string][])('%s', (_name, facts, expected) => {
    expect(due(facts)).toEqual(expected);
  });

  it('explains each date', () => {
    const [item] = oasysDue(base, TODAY, DEFAULT_RULE_VERSIONS);
    expect(item!.basis.sentence).toBe(
      'Initial OASys due 16/10/2026: SSD 01/10/2026 plus 15 days, none completed since, OASys in custody effective 01/01/2015',
    );
  });
});

describe('OASys due dates and their status today', () => {
  const initial = (completedOn: string) => ({ type: 'initial' as const, completedOn });
  const review = (completedOn: string) => ({ type: 'review' as const, completedOn });
  it.each([
    {
      name: 'initial overdue',
      facts: { sentenceStartDate: '2026-10-01' },
      expected: ['oasys-initial 2026-10-16 overdue'],
      source: `${SRC}: within 15 days of sentence`,
    },
    {
      name: 'initial due soon',
      facts: { sentenceStartDate: '2026-11-20' },
      expected: ['oasys-initial 2026-12-05 due-soon'],
      source: SRC,
    },
    {
      name: 'annual review from the latest of several',
      facts: { sentenceStartDate: '2025-01-01', assessments: [initial('2025-01-10'), review('2025-11-30')] },
      expected: ['oasys-review 2026-11-30 due-soon'],
      source: `${SRC}: at least every 12 months`,
    },
    {
      name: 'annual review overdue',
      facts: { sentenceStartDate: '2024-01-01', assessments: [initial('2024-01-10')] },
      expected: ['oasys-review 2025-01-10 overdue'],
      source: SRC,
    },
    {
      name: 'a later assessment clears a significant change',
      facts: {
        assessments: [initial('2026-10-10'), review('2026-11-10')],
        events: [{ type: 'programme-completion', date: '2026-11-01' }],
      },
      expected: ['oasys-review 2027-11-10 upcoming'],
      source: SRC,
    },
    {
      name: 'an earlier assessment does not',
      facts: { assessments: [initial('2026-10-10')], events: [{ type: 'rosh-change', date: '2026-11-01' }] },
      expected: ['oasys-review 2027-10-10 upcoming', 'oasys-significant-change 2026-11-29 due-soon'],
      source: `${SRC}: 28 days after the event`,
    },
    {
      name: 'two events, the first cleared',
      facts: {
        sentenceStartDate: '2026-02-20',
        assessments: [
          initial('2026-03-01'),
          { type: 'significant-change' as const, completedOn: '2026-06-20' },
        ],
        events: [
          { type: 'recall', date: '2026-06-01' },
          { type: 'new-risk-information', date: '2026-11-01' },
        ],
      },
      expected: ['oasys-review 2027-06-20 upcoming', 'oasys-significant-change 2026-11-29 due-soon'],
      source: SRC,
    },
    {
      name: 'pre-release: an assessment exactly 6 months before handover counts',
      facts: { assessments: [initial('2026-10-10')], handoverDate: '2027-04-10' },
      expected: ['oasys-review 2027-10-10 upcoming'],
      source: `${SRC}: pre-release by the handover date; window 6 months (our choice)`,
    },
    {
      name: 'pre-release: one day outside the window',
      facts: { assessments: [initial('2026-10-10')], handoverDate: '2027-04-11' },
      expected: ['oasys-review 2027-10-10 upcoming', 'oasys-pre-release 2027-04-11 upcoming'],
      source: SRC,
    },
    {
      name: 'pre-release overdue after handover',
      facts: {
        sentenceStartDate: '2025-01-01',
        assessments: [initial('2025-01-10')],
        handoverDate: '2026-10-01',
      },
      expected: ['oasys-review 2026-01-10 overdue', 'oasys-pre-release 2026-10-01 overdue'],
      source: SRC,
    },
    {
      name: 'pre-release done late, after the handover date',
      facts: {
        sentenceStartDate: '2025-01-01',
        assessments: [initial('2025-01-10'), { type: 'pre-release' as const, completedOn: '2026-11-15' }],
        handoverDate: '2026-11-01',
      },
      expected: ['oasys-review 2027-11-15 upcoming'],
      source: SRC,
    },
  ] as { name: string; facts: Partial<OasysFacts>; expected: string[]; source: string }[])(
    '$name ($source)',
    ({ facts, expected }) => {
      expect(
        oasysDue({ ...base, ...facts }, TODAY, DEFAULT_RULE_VERSIONS).map(
          (d) => `${d.kind} ${d.dueDate} ${dueStatus(d.dueDate, TODAY)}`,
        ),
      ).toEqual(expected);
    },
  );

  it('a significant change explains itself', () => {
    const [, item] = oasysDue(
      {
        ...base,
        assessments: [{ type: 'initial', completedOn: '2026-10-10' }],
        events: [{ type: 'transfer-in', date: '2026-11-01' }],
      },
      TODAY,
      DEFAULT_RULE_VERSIONS,
    );
    expect(item!.basis.sentence).toBe(
      'OASys review due 29/11/2026: transfer in on 01/11/2026 plus 28 days, no assessment since, OASys in custody effective 01/01/2015',
    );
    expect(item!.basis.inputs).toEqual({ event: 'transfer-in', eventDate: '2026-11-01' });
  });

  it('merges assessments and events into one timeline, in date order, the event first on a shared day', () => {
    const t = oasysTimeline(
      [
        { type: 'review', completedOn: '2026-11-01', layer: 3, by: 'probation' },
        { type: 'initial', completedOn: '2026-10-10', layer: 1, by: 'prison' },
      ],
      [
        { type: 'recall', date: '2026-11-01' },
        { type: 'transfer-in', date: '2026-10-20' },
      ],
    );
    expect(t.map((e) => `${e.date} ${e.label}`)).toEqual([
      '2026-10-10 Initial OASys',
      '2026-10-20 Transfer in',
      '2026-11-01 Recall',
      '2026-11-01 Review OASys',
    ]);
    expect(t[0]).toEqual({
      date: '2026-10-10',
      entry: 'assessment',
      type: 'initial',
      layer: 1,
      by: 'prison',
      label: 'Initial OASys',
    });
  });
});
