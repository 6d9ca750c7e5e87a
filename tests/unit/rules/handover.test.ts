import { describe, expect, it } from 'vitest';
import { calculateHandover, earliestRelease, type HandoverFacts } from '../../../electron/domain/handover/rules';
import { DEFAULT_RULE_VERSIONS, ruleInForce, type RuleVersion } from '../../../electron/domain/policy/rule-sets';

const SRC = 'DOMAIN.md, OMiC handover (Manage POM Cases handover_calculation.rb, offender_handover.rb)';
const TODAY = '2026-11-22';
const base: HandoverFacts = {
  sentenceType: 'determinate', sentenceStartDate: '2024-01-10', conditionalReleaseDate: null, automaticReleaseDate: null,
  paroleEligibilityDate: null, tariffExpiryDate: null, targetHearingDate: null, recallDate: null, earlyAllocation: false, category: 'C',
};

describe('OMiC handover, first match wins', () => {
  it.each([
    ['standard determinate: CRD minus 8 months 14 days', { conditionalReleaseDate: '2027-05-20' }, 'determinate', '2026-09-06', 'com', SRC],
    ['CRD on 31 October clamps to 28 February, then 14 days', { conditionalReleaseDate: '2027-10-31' }, 'determinate', '2027-02-14', 'pom', `${SRC}: month arithmetic clamps to the month's end`],
    ['CRD on 31 October in a leap year clamps to 29 February', { conditionalReleaseDate: '2028-10-31' }, 'determinate', '2028-02-15', 'pom', SRC],
    ['ARD earlier than CRD is used', { conditionalReleaseDate: '2027-09-01', automaticReleaseDate: '2027-08-01' }, 'determinate', '2026-11-17', 'com', `${SRC}: earlier of CRD and ARD`],
    ['PED present: PED minus 12 months', { paroleEligibilityDate: '2027-12-01', conditionalReleaseDate: '2029-01-01' }, 'determinate-parole', '2026-12-01', 'pom', `${SRC}, rule 6`],
    ['short sentence exactly at 10 months: COM from the start', { sentenceStartDate: '2026-06-30', conditionalReleaseDate: '2027-04-30' }, 'determinate-short', null, 'com', `${SRC}, rule 5: SSD + 10 months >= ERD`],
    ['one day longer than 10 months: standard rule', { sentenceStartDate: '2026-06-30', conditionalReleaseDate: '2027-05-01' }, 'determinate', '2026-08-18', 'com', `${SRC}, rule 5 boundary`],
    ['indeterminate, TED in the future: TED minus 12 months', { sentenceType: 'indeterminate', tariffExpiryDate: '2028-03-15', targetHearingDate: '2027-12-01' }, 'indeterminate', '2027-03-15', 'pom', `${SRC}, rule 4`],
    ['indeterminate, past TED and future THD: THD minus 12 months', { sentenceType: 'indeterminate', tariffExpiryDate: '2020-01-01', targetHearingDate: '2027-06-30' }, 'indeterminate', '2026-06-30', 'com', `${SRC}: TED if future, else THD if future`],
    ['recall: COM responsible now, no date', { conditionalReleaseDate: '2025-01-01', recallDate: '2026-02-01' }, 'recall', null, 'com', `${SRC}, rule 1`],
    ['early allocation: ERD minus 15 months', { conditionalReleaseDate: '2028-06-15', earlyAllocation: true }, 'early-allocation', '2027-03-15', 'pom', `${SRC}, rule 3`],
    ['early allocation comes before indeterminate', { sentenceType: 'indeterminate', tariffExpiryDate: '2028-06-15', earlyAllocation: true }, 'early-allocation', '2027-03-15', 'pom', `${SRC}, rule 3 before 4`],
    ['no release date: POM responsible, no date', {}, 'release-date-unknown', null, 'pom', `${SRC}, rule 2`],
    ['HDC dates are not used', { conditionalReleaseDate: '2027-05-20', hdcEligibilityDate: '2027-01-01' }, 'determinate', '2026-09-06', 'com', `${SRC}: HDC dates are not used`],
  ] as [string, Partial<HandoverFacts>, string, string | null, string, string][])('%s', (_name, facts, reason, handoverDate, responsibility) => {
    const r = calculateHandover({ ...base, ...facts }, TODAY, DEFAULT_RULE_VERSIONS);
    expect({ reason: r.reason, handoverDate: r.handoverDate, responsibility: r.responsibility }).toEqual({ reason, handoverDate, responsibility });
  });

  it('explains itself: the basis names the rule, version, inputs and the dates in UK form', () => {
    const r = calculateHandover({ ...base, conditionalReleaseDate: '2027-05-20' }, TODAY, DEFAULT_RULE_VERSIONS);
    expect(r.basis.sentence).toBe('Handover 06/09/2026: standard determinate, CRD 20/05/2027 minus 8 months 14 days, OMiC handover rules effective 01/10/2023');
    expect(r.basis).toMatchObject({ ruleKey: 'omic-handover', ruleVersion: 3, inputs: { earliestRelease: '2027-05-20', earliestReleaseName: 'CRD' } });
  });

  it('uses the version in force on the day: a new offset from a later date moves the handover date', () => {
    const extra: RuleVersion = { ...ruleInForce(DEFAULT_RULE_VERSIONS, 'omic-handover', TODAY), version: 4, effectiveFrom: '2026-12-01', addedBy: 'Sam Noble', params: { ...ruleInForce(DEFAULT_RULE_VERSIONS, 'omic-handover', TODAY).params, standardMonths: 9, standardDays: 0 } };
    const versions = [...DEFAULT_RULE_VERSIONS, extra];
    const facts = { ...base, conditionalReleaseDate: '2027-09-30' };
    const before = calculateHandover(facts, '2026-11-30', versions);
    const after = calculateHandover(facts, '2026-12-01', versions);
    expect(before.handoverDate).toBe('2027-01-16');
    expect(after.handoverDate).toBe('2026-12-30');
    expect(after.basis.sentence).toBe('Handover 30/12/2026: standard determinate, CRD 30/09/2027 minus 9 months 0 days, OMiC handover rules effective 01/12/2026');
    expect(before.basis.ruleVersion).toBe(3);
  });

  it('before the 2023 change the handover was 7 months 15 days before release', () => {
    expect(calculateHandover({ ...base, sentenceStartDate: '2021-01-01', conditionalReleaseDate: '2023-03-31' }, '2022-06-01', DEFAULT_RULE_VERSIONS).handoverDate).toBe('2022-08-16');
  });

  it('indeterminate in open conditions: COM supports from arrival, responsible from the handover date', () => {
    const r = calculateHandover({ ...base, sentenceType: 'indeterminate', tariffExpiryDate: '2027-09-01', category: 'D', arrivedOn: '2026-05-01' }, TODAY, DEFAULT_RULE_VERSIONS);
    expect([r.startDate, r.handoverDate, r.responsibility]).toEqual(['2026-05-01', '2026-09-01', 'com']);
    const earlier = calculateHandover({ ...base, sentenceType: 'indeterminate', tariffExpiryDate: '2027-09-01', category: 'D', arrivedOn: '2026-05-01' }, '2026-07-01', DEFAULT_RULE_VERSIONS);
    expect(earlier.responsibility).toBe('pom-with-com');
  });

  it.each([
    ['both past: the nearer to today', '2020-01-01', '2025-06-01', '2025-06-01'],
    ['TED future wins over earlier THD', '2028-01-01', '2027-01-01', '2028-01-01'],
    ['only THD', null, '2027-01-01', '2027-01-01'],
  ])('indeterminate earliest release: %s', (_n, ted, thd, expected) => {
    expect(earliestRelease({ ...base, sentenceType: 'indeterminate', tariffExpiryDate: ted, targetHearingDate: thd }, TODAY)?.date).toBe(expected);
  });
});
