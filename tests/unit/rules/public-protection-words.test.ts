import { describe, expect, it } from 'vitest';
import {
  groundsNamed,
  publicProtectionDue,
  type PpFacts,
} from '../../../electron/domain/public-protection/rules';
import { DEFAULT_RULE_VERSIONS, type RuleVersion } from '../../../electron/domain/policy/rule-sets';

/**
 * Every public protection item in words, with the facts it was worked out from, and the monitoring decision's trigger on
 * its boundaries (issue 19 item 4: what public-protection.test.ts, which reads kinds and dates, let through). Sources:
 * HMI Probation/HMI Prisons joint thematic inspection of public protection (2019) §3.1; PSI 04/2016 Interception of
 * Communications (reviews of monitoring: offence-related every 3 months, intelligence-led monthly); PSI 18/2016 Public
 * Protection Manual (child contact: children's services' report, other agencies' replies, the Governor's decision
 * and its review). Windows marked uncertain in the rule set are local defaults (28, 5, 21 days).
 */
const PP = 'Public protection monitoring effective 01/01/2016';
const TODAY = '2026-11-22';
const base: PpFacts = { arrivedOn: '2025-01-01', statuses: [], authorisations: [], decisions: [] };
const words = (f: Partial<PpFacts>) =>
  publicProtectionDue({ ...base, ...f }, TODAY, DEFAULT_RULE_VERSIONS).map((d) => ({
    kind: d.kind,
    dueDate: d.dueDate,
    title: d.title,
    ...(d.ref ? { ref: d.ref } : {}),
    inputs: d.basis.inputs,
    sentence: d.basis.sentence,
  }));
const status = (
  type: 'pprc' | 'hppm',
  s: 'potential' | 'confirmed',
  identifiedOn: string,
  more: Partial<PpFacts['statuses'][number]> = {},
): PpFacts['statuses'][number] => ({ type, status: s, identifiedOn, confirmedOn: null, ...more });
const decisionSentence = (due: string, why: string) =>
  `Monitoring decision due ${due}: ${why} plus 5 days, no authorisation or decision not to monitor since, ${PP}`;
const RECEIVED = 'Public protection status received: confirm monitoring decision';

describe('public protection items in words', () => {
  it.each([
    {
      name: 'a potential harassment case to assess',
      f: { statuses: [status('hppm', 'potential', '2026-11-01')] },
      expected: [
        {
          kind: 'pp-assessment',
          dueDate: '2026-11-29',
          title: 'Assess potential harassment (HPPM)',
          inputs: { type: 'hppm', identifiedOn: '2026-11-01' },
          sentence: `Assessment due 29/11/2026: potential harassment (HPPM) identified 01/11/2026 plus 28 days, ${PP}`,
        },
      ],
    },
    {
      name: 'grounds to classify, counted from the day recorded when later than identified',
      f: {
        statuses: [
          status('pprc', 'confirmed', '2026-10-01', {
            confirmedOn: '2026-10-02',
            groundsClassified: false,
            recordedOn: '2026-10-20',
          }),
        ],
        decisions: ['2026-10-03'],
      },
      expected: [
        {
          kind: 'pp-grounds-to-classify',
          dueDate: '2026-11-17',
          title: 'Classify the grounds of the PPRC status',
          ref: 'pprc-2026-10-01',
          inputs: { type: 'pprc', identifiedOn: '2026-10-01', recordedOn: '2026-10-20' },
          sentence: `Grounds to classify by 17/11/2026: PPRC recorded 20/10/2026 without saying whether it rests on the current offence, previous convictions or wider information, plus 28 days, ${PP}`,
        },
      ],
    },
    {
      name: 'grounds to classify, no day recorded: from the day identified; classified grounds ask nothing',
      f: {
        statuses: [
          status('pprc', 'confirmed', '2026-10-01', { groundsClassified: false }),
          status('hppm', 'confirmed', '2026-10-01', { groundsClassified: true }),
        ],
        decisions: ['2026-10-01'],
      },
      expected: [
        {
          kind: 'pp-grounds-to-classify',
          dueDate: '2026-10-29',
          title: 'Classify the grounds of the PPRC status',
          ref: 'pprc-2026-10-01',
          inputs: { type: 'pprc', identifiedOn: '2026-10-01', recordedOn: null },
          sentence: `Grounds to classify by 29/10/2026: PPRC identified 01/10/2026 without saying whether it rests on the current offence, previous convictions or wider information, plus 28 days, ${PP}`,
        },
      ],
    },
    {
      name: 'offence-related monitoring, never reviewed: 3 months from authorisation; a stopped one asks nothing',
      f: {
        authorisations: [
          { basis: 'offence-related', authorisedOn: '2026-09-01', stoppedOn: null, lastReviewedOn: null },
          {
            basis: 'offence-related',
            authorisedOn: '2026-08-01',
            stoppedOn: '2026-08-20',
            lastReviewedOn: null,
          },
        ],
      },
      expected: [
        {
          kind: 'monitoring-review',
          dueDate: '2026-12-01',
          title: 'Review mail and phone monitoring',
          inputs: { basis: 'offence-related', lastReviewOrAuthorisation: '2026-09-01' },
          sentence: `Monitoring review due 01/12/2026: offence-related monitoring, authorised 01/09/2026 plus 3 months, ${PP}`,
        },
      ],
    },
    {
      name: 'intelligence-led monitoring: a month from the last review',
      f: {
        authorisations: [
          {
            basis: 'intelligence-led',
            authorisedOn: '2026-10-01',
            stoppedOn: null,
            lastReviewedOn: '2026-11-01',
          },
        ],
      },
      expected: [
        {
          kind: 'monitoring-review',
          dueDate: '2026-12-01',
          title: 'Review mail and phone monitoring',
          inputs: { basis: 'intelligence-led', lastReviewOrAuthorisation: '2026-11-01' },
          sentence: `Monitoring review due 01/12/2026: intelligence-led monitoring, last reviewed 01/11/2026 plus 1 month, ${PP}`,
        },
      ],
    },
    {
      name: "child contact: children's services and the police chased, not a request unsent or answered",
      f: {
        applications: [
          {
            childInitials: 'J.S.',
            requests: [
              { agency: 'childrens-services', requestedOn: '2026-11-01', replyOn: null },
              { agency: 'police', requestedOn: '2026-11-02', replyOn: null },
              { agency: 'probation', requestedOn: null, replyOn: null },
              { agency: 'probation', requestedOn: '2026-11-01', replyOn: '2026-11-05' },
            ],
            decisionOn: null,
            reviewOn: null,
          },
        ],
      },
      expected: [
        {
          kind: 'child-contact-reply',
          dueDate: '2026-11-22',
          title: "Chase children's services: child contact (J.S.)",
          inputs: { agency: 'childrens-services', requestedOn: '2026-11-01' },
          sentence: `Reply from children's services due 22/11/2026: requested 01/11/2026 plus 21 days, none recorded, ${PP}`,
        },
        {
          kind: 'child-contact-reply',
          dueDate: '2026-11-23',
          title: 'Chase police: child contact (J.S.)',
          inputs: { agency: 'police', requestedOn: '2026-11-02' },
          sentence: `Reply from police due 23/11/2026: requested 02/11/2026 plus 21 days, none recorded, ${PP}`,
        },
      ],
    },
    {
      name: 'child contact decided: its review, and no chasing of a reply the decision made moot',
      f: {
        applications: [
          {
            childInitials: 'A.B.',
            requests: [{ agency: 'probation', requestedOn: '2026-10-01', replyOn: null }],
            decisionOn: '2026-11-10',
            reviewOn: '2027-05-10',
          },
          {
            childInitials: 'C.D.',
            requests: [],
            decisionOn: '2026-11-10',
            reviewOn: null,
          },
        ],
      },
      expected: [
        {
          kind: 'child-contact-review',
          dueDate: '2027-05-10',
          title: 'Review child contact (A.B.)',
          inputs: { decisionOn: '2026-11-10', reviewOn: '2027-05-10' },
          sentence: `Child contact review due 10/05/2027: set when the Governor decided on 10/11/2026, ${PP}`,
        },
      ],
    },
    {
      name: 'confirmed here: the decision counts from confirmation',
      f: { statuses: [status('pprc', 'confirmed', '2026-10-01', { confirmedOn: '2026-11-10' })] },
      expected: [
        {
          kind: 'monitoring-decision',
          dueDate: '2026-11-15',
          title: RECEIVED,
          inputs: { trigger: '2026-11-10' },
          sentence: decisionSentence('15/11/2026', 'confirmed 10/11/2026'),
        },
      ],
    },
    {
      name: 'confirmed with no day of confirmation: from the day identified, the latest of two',
      f: {
        statuses: [
          status('pprc', 'confirmed', '2026-10-01'),
          status('hppm', 'confirmed', '2026-10-05'),
          status('hppm', 'potential', '2026-11-20'),
        ],
      },
      expected: [
        expect.objectContaining({ kind: 'pp-assessment', dueDate: '2026-12-18' }),
        expect.objectContaining({
          kind: 'monitoring-decision',
          dueDate: '2026-10-10',
          sentence: decisionSentence('10/10/2026', 'confirmed 05/10/2026'),
        }),
      ],
    },
    {
      name: 'arrived with a status confirmed elsewhere: from the arrival',
      f: {
        arrivedOn: '2026-11-02',
        statuses: [status('pprc', 'confirmed', '2024-06-01', { confirmedOn: '2024-07-01' })],
      },
      expected: [
        {
          kind: 'monitoring-decision',
          dueDate: '2026-11-07',
          title: RECEIVED,
          inputs: { trigger: '2026-11-02' },
          sentence: decisionSentence('07/11/2026', 'public protection status received on arrival 02/11/2026'),
        },
      ],
    },
    {
      name: 'a status identified on the day he arrived is not one he arrived with',
      f: {
        arrivedOn: '2026-11-02',
        statuses: [status('pprc', 'potential', '2026-11-02')],
      },
      expected: [expect.objectContaining({ kind: 'pp-assessment', dueDate: '2026-11-30' })],
    },
    {
      name: 'transferred in on the day he arrived: the transfer asks more',
      f: {
        arrivedOn: '2026-11-02',
        transferredInOn: '2026-11-02',
        statuses: [status('pprc', 'confirmed', '2024-06-01', { confirmedOn: '2024-07-01' })],
      },
      expected: [
        {
          kind: 'monitoring-decision',
          dueDate: '2026-11-07',
          title: 'Transfer received: confirm monitoring',
          inputs: { trigger: '2026-11-02' },
          sentence: decisionSentence(
            '07/11/2026',
            'transferred in on 02/11/2026 with a public protection status',
          ),
        },
      ],
    },
    {
      name: 'transferred in before a later arrival: the arrival',
      f: {
        arrivedOn: '2026-11-02',
        transferredInOn: '2026-10-01',
        statuses: [status('pprc', 'confirmed', '2024-06-01', { confirmedOn: '2024-07-01' })],
      },
      expected: [expect.objectContaining({ title: RECEIVED, inputs: { trigger: '2026-11-02' } })],
    },
    {
      name: 'confirmed after the transfer: from the confirmation',
      f: {
        arrivedOn: '2026-10-01',
        transferredInOn: '2026-10-01',
        statuses: [status('pprc', 'confirmed', '2026-09-01', { confirmedOn: '2026-11-12' })],
      },
      expected: [expect.objectContaining({ title: RECEIVED, inputs: { trigger: '2026-11-12' } })],
    },
    {
      name: 'a status identified on the day of the transfer is not one he came with',
      f: {
        arrivedOn: '2025-01-01',
        transferredInOn: '2026-11-02',
        statuses: [status('pprc', 'potential', '2026-11-02')],
      },
      expected: [expect.objectContaining({ kind: 'pp-assessment' })],
    },
  ] as { name: string; f: Partial<PpFacts>; expected: unknown[] }[])('$name', ({ f, expected }) => {
    expect(words(f)).toEqual(expected);
  });
});

describe('what answers a monitoring decision', () => {
  const confirmedOn = (d: string) => [status('pprc', 'confirmed', '2026-09-01', { confirmedOn: d })];
  const transferred = {
    arrivedOn: '2026-01-01',
    transferredInOn: '2026-11-02',
    statuses: [status('pprc', 'confirmed', '2024-06-01', { confirmedOn: '2024-07-01' })],
  };
  const auth = (a: Partial<PpFacts['authorisations'][number]>): PpFacts['authorisations'][number] => ({
    basis: 'offence-related',
    authorisedOn: '2026-06-01',
    stoppedOn: null,
    lastReviewedOn: null,
    ...a,
  });
  const decisionDue = (f: Partial<PpFacts>) => words(f).some((i) => i.kind === 'monitoring-decision');
  it.each([
    [
      'a decision not to monitor on the trigger day',
      { statuses: confirmedOn('2026-11-10'), decisions: ['2026-11-10'] },
      false,
    ],
    ['a decision the day before', { statuses: confirmedOn('2026-11-10'), decisions: ['2026-11-09'] }, true],
    [
      'monitoring running since before confirmation',
      { statuses: confirmedOn('2026-11-10'), authorisations: [auth({})] },
      false,
    ],
    [
      'monitoring stopped before confirmation',
      { statuses: confirmedOn('2026-11-10'), authorisations: [auth({ stoppedOn: '2026-10-01' })] },
      true,
    ],
    [
      'monitoring authorised on the day confirmed, since stopped',
      {
        statuses: confirmedOn('2026-11-10'),
        authorisations: [auth({ authorisedOn: '2026-11-10', stoppedOn: '2026-11-12' })],
      },
      false,
    ],
    [
      'transfer: monitoring that came with him does not answer it',
      { ...transferred, authorisations: [auth({})] },
      true,
    ],
    [
      'transfer: authorised here on the day he came',
      { ...transferred, authorisations: [auth({ authorisedOn: '2026-11-02', stoppedOn: '2026-11-03' })] },
      false,
    ],
    [
      'transfer: reviewed here on the day he came, still running',
      { ...transferred, authorisations: [auth({ lastReviewedOn: '2026-11-02' })] },
      false,
    ],
    [
      'transfer: reviewed here, then stopped',
      { ...transferred, authorisations: [auth({ lastReviewedOn: '2026-11-02', stoppedOn: '2026-11-05' })] },
      true,
    ],
    [
      'transfer: reviewed the day before he came',
      { ...transferred, authorisations: [auth({ lastReviewedOn: '2026-11-01' })] },
      true,
    ],
  ] as [string, Partial<PpFacts>, boolean][])('%s: decision due %s', (_n, f, expected) => {
    expect(decisionDue(f)).toBe(expected);
  });
});

describe('the grounds a status rests on, in the order the Public Protection Manual lists them', () => {
  it.each([
    [
      { groundsCurrentOffence: true, groundsPreviousConvictions: false, groundsWiderInformation: true },
      ['current-offence', 'wider-information'],
    ],
    [
      { groundsCurrentOffence: false, groundsPreviousConvictions: true, groundsWiderInformation: false },
      ['previous-convictions'],
    ],
    [{ groundsCurrentOffence: false, groundsPreviousConvictions: false, groundsWiderInformation: false }, []],
  ])('%o: %o', (flags, expected) => expect(groundsNamed(flags)).toEqual(expected));
});

describe('windows told apart', () => {
  it("children's services' report and another agency's reply each by their own window (a unit's own rule version)", () => {
    const shipped = DEFAULT_RULE_VERSIONS.find(
      (v) => v.key === 'public-protection',
    )! as RuleVersion<'public-protection'>;
    const local: RuleVersion = {
      ...shipped,
      version: 2,
      effectiveFrom: '2026-01-01',
      params: { ...shipped.params, childrensServicesReportDays: 35 },
    };
    const items = publicProtectionDue(
      {
        ...base,
        applications: [
          {
            childInitials: 'J.S.',
            requests: [
              { agency: 'childrens-services', requestedOn: '2026-11-01', replyOn: null },
              { agency: 'probation', requestedOn: '2026-11-01', replyOn: null },
            ],
            decisionOn: null,
            reviewOn: null,
          },
        ],
      },
      TODAY,
      [...DEFAULT_RULE_VERSIONS, local],
    );
    expect(items.map((i) => [i.title, i.dueDate])).toEqual([
      ["Chase children's services: child contact (J.S.)", '2026-12-06'],
      ['Chase probation: child contact (J.S.)', '2026-11-22'],
    ]);
  });
  it('a transfer with one status he came with and one found since is still a transfer', () => {
    expect(
      words({
        arrivedOn: '2026-01-01',
        transferredInOn: '2026-11-02',
        statuses: [
          status('pprc', 'confirmed', '2024-06-01', { confirmedOn: '2024-07-01' }),
          status('hppm', 'potential', '2026-11-10'),
        ],
      }).map((i) => i.title),
    ).toEqual(['Assess potential harassment (HPPM)', 'Transfer received: confirm monitoring']);
  });
});
