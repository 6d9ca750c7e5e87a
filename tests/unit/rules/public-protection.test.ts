import { describe, expect, it } from 'vitest';
import { publicProtectionDue, type PpFacts } from '../../../electron/domain/public-protection/rules';
import { DEFAULT_RULE_VERSIONS } from '../../../electron/domain/policy/rule-sets';

const SRC = 'joint thematic inspection 2019 §3.1';
const TODAY = '2026-11-22';
const base: PpFacts = { arrivedOn: '2025-01-01', statuses: [], authorisations: [], decisions: [] };
const due = (f: Partial<PpFacts>) =>
  publicProtectionDue({ ...base, ...f }, TODAY, DEFAULT_RULE_VERSIONS).map((d) => `${d.kind} ${d.dueDate}`);
const potential = {
  type: 'pprc' as const,
  status: 'potential' as const,
  identifiedOn: '2026-11-01',
  confirmedOn: null,
};
const confirmed = {
  type: 'pprc' as const,
  status: 'confirmed' as const,
  identifiedOn: '2026-10-01',
  confirmedOn: '2026-11-10',
};

describe('public protection due dates', () => {
  it.each([
    [
      'a potential case is to be assessed within 28 days',
      { statuses: [potential] },
      ['pp-assessment 2026-11-29'],
      `${SRC}: window a local default (uncertain)`,
    ],
    [
      'a confirmed case with no decision: monitoring decision due 5 days after confirmation',
      { statuses: [confirmed] },
      ['monitoring-decision 2026-11-15'],
      SRC,
    ],
    [
      'answered by an active authorisation; offence-related review every 3 months',
      {
        statuses: [confirmed],
        authorisations: [
          { basis: 'offence-related', authorisedOn: '2026-11-12', stoppedOn: null, lastReviewedOn: null },
        ],
      },
      ['monitoring-review 2027-02-12'],
      `${SRC}: reviewed at least every 3 months when offence-related`,
    ],
    [
      'intelligence-led: monthly, from the last review',
      {
        authorisations: [
          {
            basis: 'intelligence-led',
            authorisedOn: '2026-09-01',
            stoppedOn: null,
            lastReviewedOn: '2026-10-31',
          },
        ],
      },
      ['monitoring-review 2026-11-30'],
      `${SRC}: every month when intelligence-led`,
    ],
    [
      'answered by a decision not to monitor after confirmation',
      { statuses: [confirmed], decisions: ['2026-11-12'] },
      [],
      SRC,
    ],
    [
      'a decision before confirmation does not answer it',
      { statuses: [confirmed], decisions: ['2026-11-01'] },
      ['monitoring-decision 2026-11-15'],
      SRC,
    ],
    [
      'an arrival with a status (transfer in): decision due 5 days after arrival',
      {
        arrivedOn: '2026-11-20',
        statuses: [{ ...confirmed, confirmedOn: '2026-03-01', identifiedOn: '2026-02-01' }],
      },
      ['monitoring-decision 2026-11-25'],
      `${SRC}: monitoring must not silently stop on transfer`,
    ],
    [
      'a transfer in with monitoring authorised at the sending prison: this prison confirms it',
      {
        transferredInOn: '2026-11-20',
        statuses: [{ ...confirmed, confirmedOn: '2026-03-01', identifiedOn: '2026-02-01' }],
        authorisations: [
          {
            basis: 'offence-related',
            authorisedOn: '2026-03-02',
            stoppedOn: null,
            lastReviewedOn: '2026-09-01',
          },
        ],
      },
      ['monitoring-review 2026-12-01', 'monitoring-decision 2026-11-25'],
      `${SRC}: the receiving prison confirms monitoring on transfer`,
    ],
    [
      'a transfer in answered by a review here after he came',
      {
        transferredInOn: '2026-11-20',
        statuses: [{ ...confirmed, confirmedOn: '2026-03-01', identifiedOn: '2026-02-01' }],
        authorisations: [
          {
            basis: 'offence-related',
            authorisedOn: '2026-03-02',
            stoppedOn: null,
            lastReviewedOn: '2026-11-21',
          },
        ],
      },
      ['monitoring-review 2027-02-21'],
      SRC,
    ],
    [
      'a transfer in on the day he arrived outranks the arrival',
      {
        arrivedOn: '2026-11-20',
        transferredInOn: '2026-11-20',
        statuses: [{ ...confirmed, confirmedOn: '2026-03-01', identifiedOn: '2026-02-01' }],
        authorisations: [
          {
            basis: 'offence-related',
            authorisedOn: '2026-03-02',
            stoppedOn: null,
            lastReviewedOn: '2026-09-01',
          },
        ],
      },
      ['monitoring-review 2026-12-01', 'monitoring-decision 2026-11-25'],
      SRC,
    ],
    [
      'an arrival by import with monitoring already recorded: answered, as before',
      {
        arrivedOn: '2026-11-20',
        statuses: [{ ...confirmed, confirmedOn: '2026-03-01', identifiedOn: '2026-02-01' }],
        authorisations: [
          {
            basis: 'offence-related',
            authorisedOn: '2026-03-02',
            stoppedOn: null,
            lastReviewedOn: '2026-09-01',
          },
        ],
      },
      ['monitoring-review 2026-12-01'],
      SRC,
    ],
    [
      "grounds recorded without their basis (an import's free text): to classify 28 days after it was recorded",
      { statuses: [{ ...potential, groundsClassified: false, recordedOn: '2026-11-20' }] },
      ['pp-assessment 2026-11-29', 'pp-grounds-to-classify 2026-12-18'],
      'PSI 18/2016 Public Protection Manual ch. 5b: current offence, previous convictions and wider information; window as the assessment (local default)',
    ],
    [
      'grounds to classify on a status recorded before it was identified elsewhere: from identification',
      { statuses: [{ ...confirmed, groundsClassified: false, recordedOn: '2026-09-01' }] },
      ['pp-grounds-to-classify 2026-10-29', 'monitoring-decision 2026-11-15'],
      'PSI 18/2016 ch. 5b',
    ],
    [
      'classified grounds: nothing to classify',
      { statuses: [{ ...potential, groundsClassified: true, recordedOn: '2026-11-20' }] },
      ['pp-assessment 2026-11-29'],
      'PSI 18/2016 ch. 5b',
    ],
    [
      'stopped monitoring needs no review',
      {
        statuses: [confirmed],
        authorisations: [
          {
            basis: 'offence-related',
            authorisedOn: '2026-11-11',
            stoppedOn: '2026-11-20',
            lastReviewedOn: '2026-11-20',
          },
        ],
      },
      [],
      SRC,
    ],
  ] as [string, Partial<PpFacts>, string[], string][])('%s', (_n, facts, expected) => {
    expect(due(facts)).toEqual(expected);
  });

  it('explains the arrival decision', () => {
    const [item] = publicProtectionDue(
      {
        ...base,
        arrivedOn: '2026-11-20',
        statuses: [{ ...confirmed, identifiedOn: '2026-02-01', confirmedOn: '2026-03-01' }],
      },
      TODAY,
      DEFAULT_RULE_VERSIONS,
    );
    expect(item!.basis.sentence).toBe(
      'Monitoring decision due 25/11/2026: public protection status received on arrival 20/11/2026 plus 5 days, no authorisation or decision not to monitor since, Public protection monitoring effective 01/01/2016',
    );
  });
});
