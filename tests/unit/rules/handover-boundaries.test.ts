import { describe, expect, it } from 'vitest';
import {
  calculateHandover,
  handoverListFlags,
  handoverTypeFor,
  hasCom,
  type HandoverFacts,
} from '../../../electron/domain/handover/rules';
import { DEFAULT_RULE_VERSIONS } from '../../../electron/domain/policy/rule-sets';

/**
 * The OMiC handover rule at its edges: each row is a day on a boundary (today, exactly 12 or 18 months away, the policy
 * start date), found by mutation testing (npm run mutation: these survived). Expectations worked out by hand from
 * Manage POM Cases (app/lib/handover/handover_calculation.rb, app/domains/offender_handover.rb, app/models/mpc_offender.rb,
 * app/domains/offenders/prison_policies.rb) and the rule versions in electron/domain/policy/rule-sets.ts.
 */
const SRC = 'Manage POM Cases, app/lib/handover/handover_calculation.rb and app/domains/offender_handover.rb';
const TODAY = '2026-11-22';
const base: HandoverFacts = {
  sentenceType: 'determinate',
  sentenceStartDate: '2024-01-10',
  conditionalReleaseDate: null,
  automaticReleaseDate: null,
  paroleEligibilityDate: null,
  tariffExpiryDate: null,
  targetHearingDate: null,
  recallDate: null,
  earlyAllocation: false,
  category: 'C',
};
const life = (f: Partial<HandoverFacts>): Partial<HandoverFacts> => ({ sentenceType: 'indeterminate', ...f });

describe('OMiC handover on the boundaries', () => {
  it.each([
    [
      'TED today is not in the future: THD is used',
      life({ tariffExpiryDate: TODAY, targetHearingDate: '2027-06-30' }),
      TODAY,
      'indeterminate',
      '2026-06-30',
      null,
      'THD',
      `${SRC}: TED if in the future`,
    ],
    [
      'TED and THD both today: TED, the first of the nearest',
      life({ tariffExpiryDate: TODAY, targetHearingDate: TODAY }),
      TODAY,
      'indeterminate',
      '2025-11-22',
      null,
      'TED',
      `${SRC}: else the nearest`,
    ],
    [
      'licence expiring today: early allocation still applies',
      { earlyAllocation: true, licenceExpiryDate: TODAY, conditionalReleaseDate: '2028-06-15' },
      TODAY,
      'early-allocation',
      '2027-03-15',
      null,
      'CRD',
      'mpc_offender.rb early_allocation?: not once the licence has expired',
    ],
    [
      'licence expired yesterday: it does not',
      { earlyAllocation: true, licenceExpiryDate: '2026-11-21', conditionalReleaseDate: '2028-06-15' },
      TODAY,
      'determinate',
      '2027-10-01',
      null,
      'CRD',
      'mpc_offender.rb',
    ],
    [
      'assessed eligible on the day the sentence began: counts',
      {
        earlyAllocationOutcome: 'eligible',
        earlyAllocationAssessedOn: '2024-01-10',
        conditionalReleaseDate: '2025-07-10',
      },
      TODAY,
      'early-allocation',
      '2024-04-10',
      null,
      'CRD',
      'mpc_offender.rb latest_early_allocation: on or after the sentence',
    ],
    [
      'an outcome with no assessment date: the box as ticked',
      {
        earlyAllocationOutcome: 'eligible',
        earlyAllocationAssessedOn: null,
        conditionalReleaseDate: '2028-06-15',
      },
      TODAY,
      'determinate',
      '2027-10-01',
      null,
      'CRD',
      'mpc_offender.rb',
    ],
    [
      'release exactly 18 months after the assessment: within the window',
      {
        earlyAllocationOutcome: 'eligible',
        earlyAllocationAssessedOn: '2026-01-15',
        conditionalReleaseDate: '2027-07-15',
      },
      TODAY,
      'early-allocation',
      '2026-04-15',
      null,
      'CRD',
      'mpc_offender.rb: no more than 18 months after',
    ],
    [
      'man in open conditions since the open prison policy began: COM supports from then',
      life({ category: 'D', openConditionsSince: '2021-03-31', tariffExpiryDate: '2027-06-01' }),
      TODAY,
      'indeterminate-open',
      '2026-06-01',
      '2021-03-31',
      'TED',
      'prison_policies.rb OPEN_PRISON_POLICY_START_DATE',
    ],
    [
      "woman in category T since before that date: the women's rule has no start date",
      life({ category: 'T', openConditionsSince: '2020-01-01', tariffExpiryDate: '2027-06-01' }),
      TODAY,
      'indeterminate-open',
      '2026-06-01',
      '2020-01-01',
      'TED',
      'prison_policies.rb: women in category T',
    ],
    [
      'a date in open conditions recorded but category C: not open',
      life({ category: 'C', openConditionsSince: '2022-01-01', tariffExpiryDate: '2027-06-01' }),
      TODAY,
      'indeterminate',
      '2026-06-01',
      '2026-06-01',
      'TED',
      'prison_policies.rb',
    ],
    [
      'determinate in open conditions: no early start',
      { category: 'D', openConditionsSince: '2022-01-01', conditionalReleaseDate: '2028-06-15' },
      TODAY,
      'determinate',
      '2027-10-01',
      '2027-10-01',
      'CRD',
      'handover_calculation.rb calculate_handover_start_date: indeterminate only',
    ],
    [
      'stay in closed on the day the sentence began, THD exactly 12 months away',
      life({
        tariffExpiryDate: '2020-01-01',
        targetHearingDate: '2027-11-22',
        paroleOutcome: 'stay-in-closed',
        paroleOutcomeOn: '2024-01-10',
        mappaLevel: 1,
      }),
      TODAY,
      'thd-over-12-months',
      null,
      null,
      'THD',
      'offender_handover.rb (MO-957): 12 months or more',
    ],
    [
      'a parole outcome from before this sentence does not count',
      life({
        tariffExpiryDate: '2020-01-01',
        targetHearingDate: '2027-11-22',
        paroleOutcome: 'stay-in-closed',
        paroleOutcomeOn: '2024-01-09',
        mappaLevel: 1,
      }),
      TODAY,
      'indeterminate',
      '2026-11-22',
      null,
      'THD',
      'mpc_offender.rb most_recent_completed_parole_review_for_sentence',
    ],
    [
      'THD a day short of 12 months away: the general rule',
      life({
        tariffExpiryDate: '2020-01-01',
        targetHearingDate: '2027-11-21',
        paroleOutcome: 'stay-in-closed',
        paroleOutcomeOn: '2025-01-10',
        mappaLevel: 1,
      }),
      TODAY,
      'indeterminate',
      '2026-11-21',
      null,
      'THD',
      'offender_handover.rb (MO-957)',
    ],
    [
      'parole outcome release: the general rule',
      life({
        tariffExpiryDate: '2020-01-01',
        targetHearingDate: '2027-11-22',
        paroleOutcome: 'release',
        paroleOutcomeOn: '2025-01-10',
        mappaLevel: 1,
      }),
      TODAY,
      'indeterminate',
      '2026-11-22',
      null,
      'THD',
      'offender_handover.rb (MO-957): an outcome other than release',
    ],
    [
      'no parole outcome, THD far off: the general rule',
      life({ tariffExpiryDate: '2020-01-01', targetHearingDate: '2028-01-01' }),
      TODAY,
      'indeterminate',
      '2027-01-01',
      null,
      'THD',
      SRC,
    ],
    [
      'stay in closed at MAPPA level 2: COM responsible',
      life({
        tariffExpiryDate: '2020-01-01',
        targetHearingDate: '2028-01-01',
        paroleOutcome: 'stay-in-closed',
        paroleOutcomeOn: '2026-01-01',
        mappaLevel: 2,
      }),
      TODAY,
      'parole-mappa-2-3',
      null,
      null,
      'THD',
      'offender_handover.rb (MO-957)',
    ],
    [
      'no parole outcome at MAPPA level 2: the general rule',
      life({ tariffExpiryDate: '2020-01-01', targetHearingDate: '2028-01-01', mappaLevel: 2 }),
      TODAY,
      'indeterminate',
      '2027-01-01',
      null,
      'THD',
      'offender_handover.rb (MO-957)',
    ],
    [
      'determinate with a THD at MAPPA level 2: the determinate rule',
      { conditionalReleaseDate: '2028-06-15', targetHearingDate: '2028-01-01', mappaLevel: 2 },
      TODAY,
      'determinate',
      '2027-10-01',
      null,
      'CRD',
      SRC,
    ],
    [
      'recalled life sentence, THD over 12 months away, MAPPA 1: POM with COM',
      life({
        tariffExpiryDate: '2020-01-01',
        targetHearingDate: '2028-01-01',
        recallDate: '2026-01-01',
        mappaLevel: 1,
      }),
      TODAY,
      'recall-thd-over-12-months',
      null,
      null,
      'THD',
      'offender_handover.rb (MO-1562)',
    ],
    [
      'a further life sentence before May 2024: the general rule',
      life({ additionalIsp: true, tariffExpiryDate: '2027-06-01' }),
      '2024-01-01',
      'indeterminate',
      '2026-06-01',
      null,
      'TED',
      'offender_handover.rb (MO-957, 8 May 2024)',
    ],
  ] as [string, Partial<HandoverFacts>, string, string, string | null, string | null, string, string][])(
    '%s',
    (_name, facts, today, reason, handoverDate, startDate, erd) => {
      const h = calculateHandover({ ...base, ...facts }, today, DEFAULT_RULE_VERSIONS);
      expect({ reason: h.reason, handoverDate: h.handoverDate, erd: h.earliestRelease?.name }).toEqual({
        reason,
        handoverDate,
        erd,
      });
      if (startDate) expect(h.startDate).toBe(startDate);
    },
  );

  const RULE = ', OMiC handover rules effective 16/10/2024';
  it.each([
    [
      'standard-ish life sentence',
      life({ tariffExpiryDate: TODAY, targetHearingDate: '2027-06-30' }),
      'Handover 30/06/2026: indeterminate, THD 30/06/2027 minus 12 months',
    ],
    [
      'early allocation ticked',
      { earlyAllocation: true, licenceExpiryDate: TODAY, conditionalReleaseDate: '2028-06-15' },
      'Handover 15/03/2027: early allocation (early allocation recorded), CRD 15/06/2028 minus 15 months',
    ],
    [
      'early allocation assessed',
      {
        earlyAllocationOutcome: 'eligible',
        earlyAllocationAssessedOn: '2024-01-10',
        conditionalReleaseDate: '2025-07-10',
      },
      // The handover date is before the rule in force today took effect: the basis says so (policy/basis.ts).
      'Handover 10/04/2024: early allocation (assessed 10/01/2024: eligible), CRD 10/07/2025 minus 15 months. Reckoned by the rule in force today (OMiC handover rules effective 16/10/2024), which took effect after 10/04/2024; the version in force then (effective 01/10/2023) gives the same date',
    ],
    [
      'discretionary case accepted',
      {
        earlyAllocationOutcome: 'discretionary-accepted',
        earlyAllocationAssessedOn: '2026-01-15',
        conditionalReleaseDate: '2027-07-15',
      },
      'Handover 15/04/2026: early allocation (assessed 15/01/2026: discretionary accepted), CRD 15/07/2027 minus 15 months',
    ],
    [
      'man in open conditions',
      life({ category: 'D', openConditionsSince: '2021-03-31', tariffExpiryDate: '2027-06-01' }),
      'Handover 01/06/2026: indeterminate in open conditions, TED 01/06/2027 minus 12 months; COM supporting from 31/03/2021, when he arrived in open conditions',
    ],
    [
      'woman in open conditions',
      life({ category: 'T', openConditionsSince: '2020-01-01', tariffExpiryDate: '2027-06-01' }),
      'Handover 01/06/2026: indeterminate in open conditions, TED 01/06/2027 minus 12 months; COM supporting from 01/01/2020, when her category became open',
    ],
    [
      'stay in closed',
      life({
        tariffExpiryDate: '2020-01-01',
        targetHearingDate: '2027-11-22',
        paroleOutcome: 'stay-in-closed',
        paroleOutcomeOn: '2024-01-10',
        mappaLevel: 1,
      }),
      'POM responsible, COM supporting: parole outcome not release, next hearing THD 22/11/2027 is 12 months or more away, MAPPA level 1; no handover dates',
    ],
    [
      'stay in closed, MAPPA 2',
      life({
        tariffExpiryDate: '2020-01-01',
        targetHearingDate: '2028-01-01',
        paroleOutcome: 'stay-in-closed',
        paroleOutcomeOn: '2026-01-01',
        mappaLevel: 2,
      }),
      'COM responsible: parole outcome not release, next hearing THD 01/01/2028 is 12 months or more away, MAPPA level 2; no handover dates',
    ],
    [
      'recalled life sentence',
      life({
        tariffExpiryDate: '2020-01-01',
        targetHearingDate: '2028-01-01',
        recallDate: '2026-01-01',
        mappaLevel: 1,
      }),
      'POM responsible, COM supporting: recalled life/IPP, next parole hearing THD 01/01/2028 is 12 months or more away, MAPPA level 1; no handover dates',
    ],
    [
      'a further life sentence',
      life({ additionalIsp: true, tariffExpiryDate: '2027-06-01' }),
      'POM responsible: a further life or IPP sentence starts later, no handover dates',
    ],
    [
      'recall',
      { conditionalReleaseDate: '2025-01-01', recallDate: '2026-02-01' },
      'COM responsible: recalled on 01/02/2026, no handover',
    ],
    [
      'immigration case',
      { immigrationCase: true, conditionalReleaseDate: '2028-06-15' },
      'COM responsible: immigration case, no handover',
    ],
    ['no release date', {}, 'POM responsible: release date unknown, no handover date'],
    [
      'short sentence',
      { sentenceStartDate: '2026-06-30', conditionalReleaseDate: '2027-04-30' },
      'COM responsible from the start: short determinate sentence, SSD 30/06/2026 plus 10 months is on or after CRD 30/04/2027',
    ],
  ] as [string, Partial<HandoverFacts>, string][])('explains itself: %s', (_name, facts, sentence) => {
    expect(calculateHandover({ ...base, ...facts }, TODAY, DEFAULT_RULE_VERSIONS).basis.sentence).toBe(
      sentence.includes('. Reckoned by') ? sentence : sentence + RULE,
    );
  });

  it("says where the COM's support starts from", () => {
    const from = (f: Partial<HandoverFacts>) =>
      calculateHandover(
        { ...base, ...life({ tariffExpiryDate: '2027-06-01', ...f }) },
        TODAY,
        DEFAULT_RULE_VERSIONS,
      ).basis.inputs.startDateFrom;
    expect([
      from({ category: 'D', openConditionsSince: '2021-03-31' }),
      from({ category: 'T', openConditionsSince: '2020-01-01' }),
      from({}),
    ]).toEqual(['arrival in open conditions', "category open (women's estate)", 'the handover date']);
  });

  it.each([
    [null, 'MAPPA level not known'],
    [0, 'MAPPA level none'],
    [1, 'MAPPA level 1'],
  ] as [number | null, string][])('the basis names MAPPA level %s as "%s"', (mappaLevel, text) => {
    const h = calculateHandover(
      {
        ...base,
        ...life({
          tariffExpiryDate: '2020-01-01',
          targetHearingDate: '2028-01-01',
          paroleOutcome: 'stay-in-closed',
          paroleOutcomeOn: '2026-01-01',
          mappaLevel,
        }),
      },
      TODAY,
      DEFAULT_RULE_VERSIONS,
    );
    expect(h.basis.sentence).toContain(`, ${text}; no handover dates`);
  });
});

describe('COM allocated, handover type and lists', () => {
  it.each([
    [{ comName: '  ', comEmail: null }, false],
    [{ comName: null, comEmail: ' ' }, false],
    [{ comName: 'Helen Bradshaw', comEmail: null }, true],
    [{ comName: null, comEmail: 'h.bradshaw@justice.gov.uk' }, true],
  ])('hasCom(%o) is %s (mpc_offender.rb has_com?: a name or an e-mail, blanks are not)', (com, has) => {
    expect(hasCom(com)).toBe(has);
  });

  it.each([
    [null, 'high', 'enhanced'],
    [null, 'very-high', 'enhanced'],
    [null, 'medium', 'standard'],
    [null, null, 'standard'],
    ['standard', 'very-high', 'standard'],
    ['enhanced', 'low', 'enhanced'],
    ['unknown', 'high', 'enhanced'],
  ])(
    'set by hand %s, RoSH %s: %s (Manage POM Cases: enhanced handover for high and very high RoSH)',
    (byHand, rosh, type) => {
      expect(handoverTypeFor(byHand, rosh)).toBe(type);
    },
  );

  it('a handover today is due soon, not upcoming; a blank COM name is no COM', () => {
    expect(
      handoverListFlags({ handoverDate: TODAY, responsibility: 'pom' }, {}, TODAY, DEFAULT_RULE_VERSIONS),
    ).toEqual({ upcoming: false, dueSoon: true, inProgress: false, comAllocationOverdue: false });
    expect(
      handoverListFlags(
        { handoverDate: '2026-12-22', responsibility: 'pom' },
        { comName: '  ' },
        TODAY,
        DEFAULT_RULE_VERSIONS,
      ),
    ).toEqual({ upcoming: true, dueSoon: false, inProgress: false, comAllocationOverdue: false });
  });
});
