import { describe, expect, it } from 'vitest';
import {
  oasysDue,
  oasysTimeline,
  preReleaseReviewOn,
  type Assessment,
  type OasysFacts,
  type SignificantEvent,
} from '../../../electron/domain/oasys/rules';
import { DEFAULT_RULE_VERSIONS } from '../../../electron/domain/policy/rule-sets';

/**
 * Every OASys item in words, with the facts it was worked out from, the pre-release review's window and the timeline's
 * order (issue 19 item 4: what oasys.test.ts let through). Source: HMI Probation/HMI Prisons joint thematic inspection
 * (2019) §3.1 and §4.1 (initial within 15 days of sentence, reviewed at least every 12 months and after a significant
 * change), the pre-release review by the OMiC handover date (Manage POM Cases); the 28 days and the
 * 6-month window are the rule set's local defaults. Written out by hand.
 */
const RULE = 'OASys in custody effective 01/01/2015';
const TODAY = '2026-11-22';
const base: OasysFacts = { sentenceStartDate: '2026-06-01', assessments: [], events: [], handoverDate: null };
const review = (completedOn: string): Assessment => ({ type: 'review', completedOn });
const words = (f: Partial<OasysFacts>) =>
  oasysDue({ ...base, ...f }, TODAY, DEFAULT_RULE_VERSIONS).map((d) => ({
    kind: d.kind,
    dueDate: d.dueDate,
    title: d.title,
    inputs: d.basis.inputs,
    sentence: d.basis.sentence,
  }));

describe('OASys items in words', () => {
  it.each([
    {
      name: 'initial',
      f: {},
      expected: [
        {
          kind: 'oasys-initial',
          dueDate: '2026-06-16',
          title: 'Initial OASys',
          inputs: { sentenceStartDate: '2026-06-01' },
          sentence: `Initial OASys due 16/06/2026: SSD 01/06/2026 plus 15 days, none completed since, ${RULE}`,
        },
      ],
    },
    {
      name: 'review 12 months after an assessment on the day of sentence (it counts)',
      f: { assessments: [review('2026-06-01')] },
      expected: [
        {
          kind: 'oasys-review',
          dueDate: '2027-06-01',
          title: 'OASys review',
          inputs: { lastAssessment: '2026-06-01' },
          sentence: `OASys review due 01/06/2027: last assessment 01/06/2026 plus 12 months, ${RULE}`,
        },
      ],
    },
    {
      name: 'after a RoSH change, in lower case',
      f: { assessments: [review('2026-06-10')], events: [{ type: 'rosh-change', date: '2026-11-01' }] },
      expected: [
        expect.objectContaining({ kind: 'oasys-review' }),
        {
          kind: 'oasys-significant-change',
          dueDate: '2026-11-29',
          title: 'OASys review after rosh change',
          inputs: { event: 'rosh-change', eventDate: '2026-11-01' },
          sentence: `OASys review due 29/11/2026: rosh change on 01/11/2026 plus 28 days, no assessment since, ${RULE}`,
        },
      ],
    },
    {
      name: 'pre-release by the handover date, none in the 6 months before it',
      f: { assessments: [review('2026-06-10')], handoverDate: '2027-03-15' },
      expected: [
        expect.objectContaining({ kind: 'oasys-review' }),
        {
          kind: 'oasys-pre-release',
          dueDate: '2027-03-15',
          title: 'Pre-release OASys review',
          inputs: { handoverDate: '2027-03-15', windowFrom: '2026-09-15' },
          sentence: `Pre-release OASys review due 15/03/2027: by the handover date, none completed since 15/09/2026, ${RULE}`,
        },
      ],
    },
  ] as { name: string; f: Partial<OasysFacts>; expected: unknown[] }[])('$name', ({ f, expected }) => {
    expect(words(f)).toEqual(expected);
  });
});

describe('the pre-release review: the latest assessment of this sentence in the window before handover', () => {
  const on = (f: Partial<OasysFacts>) => preReleaseReviewOn({ ...base, ...f }, TODAY, DEFAULT_RULE_VERSIONS);
  it.each([
    ['no handover date: none', { assessments: [review('2026-10-01')], handoverDate: null }, null],
    [
      'on the first day of the window',
      { handoverDate: '2026-12-01', assessments: [review('2026-06-01')] },
      '2026-06-01',
    ],
    ['the day before the window', { handoverDate: '2026-12-02', assessments: [review('2026-06-01')] }, null],
    [
      'in the window but before this sentence: not his pre-release review',
      { sentenceStartDate: '2026-07-01', handoverDate: '2026-12-01', assessments: [review('2026-06-15')] },
      null,
    ],
    [
      'the latest of two',
      {
        handoverDate: '2026-12-01',
        assessments: [review('2026-09-01'), review('2026-10-01'), review('2026-08-01')],
      },
      '2026-10-01',
    ],
  ] as [string, Partial<OasysFacts>, string | null][])('%s', (_n, f, expected) => {
    expect(on(f)).toBe(expected);
  });
});

describe('the OASys timeline', () => {
  const assessments: Assessment[] = [
    { type: 'review', completedOn: '2026-11-01', layer: 3, by: 'probation' },
    { type: 'initial', completedOn: '2026-10-10' },
    { type: 'significant-change', completedOn: '2026-10-20' },
  ];
  const events: SignificantEvent[] = [
    { type: 'recall', date: '2026-11-01' },
    { type: 'transfer-in', date: '2026-10-20' },
    { type: 'rosh-change', date: '2026-09-01' },
  ];
  const expected = [
    '2026-09-01 event RoSH change',
    '2026-10-10 assessment Initial OASys',
    '2026-10-20 event Transfer in',
    '2026-10-20 assessment Significant change review OASys',
    '2026-11-01 event Recall',
    '2026-11-01 assessment Review OASys',
  ];
  const orders = <T>(xs: T[]) => [xs, [...xs].reverse(), [...xs.slice(1), xs[0]!], [xs[2]!, xs[0]!, xs[1]!]];
  it('is in date order, the event first on a shared day, whatever order the records come in', () => {
    for (const a of orders(assessments))
      for (const e of orders(events))
        expect(oasysTimeline(a, e).map((t) => `${t.date} ${t.entry} ${t.label}`)).toEqual(expected);
  });
  it('keeps what each entry is', () => {
    expect(oasysTimeline([assessments[1]!], [events[2]!])).toEqual([
      { date: '2026-09-01', entry: 'event', type: 'rosh-change', label: 'RoSH change' },
      {
        date: '2026-10-10',
        entry: 'assessment',
        type: 'initial',
        layer: null,
        by: null,
        label: 'Initial OASys',
      },
    ]);
  });
});
