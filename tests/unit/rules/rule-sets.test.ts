import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RULE_VERSIONS,
  PARAM_LABELS,
  RULE_KEYS,
  RULE_PARAMS,
  ruleInForce,
  versionInForce,
  type RuleKey,
  type RuleVersion,
} from '../../../electron/domain/policy/rule-sets';

const handoverParams = ruleInForce(DEFAULT_RULE_VERSIONS, 'omic-handover', '2026-11-22').params;
const v = (version: number, effectiveFrom: string, key: RuleKey = 'omic-handover'): RuleVersion =>
  ({
    key,
    version,
    effectiveFrom,
    params: handoverParams,
    source: 'test',
    uncertain: [],
    addedBy: 'test',
  }) as RuleVersion;
const VERSIONS = [v(3, '2022-06-01'), v(1, '2020-01-01'), v(9, '2010-01-01', 'irmt'), v(2, '2022-06-01')];
const SRC = 'DESIGN.md, Rules are data plus pure functions: the version in force that day';

describe('ruleInForce: the latest effective-from on or before the day, highest version on a tie', () => {
  it.each([
    { name: 'on the first effective date', onDate: '2020-01-01', version: 1, source: SRC },
    { name: 'the day before a new version', onDate: '2022-05-31', version: 1, source: SRC },
    { name: 'two versions from the same day: the higher', onDate: '2022-06-01', version: 3, source: SRC },
    { name: 'long after', onDate: '2030-01-01', version: 3, source: SRC },
  ])('$name ($source)', ({ onDate, version }) => {
    expect(ruleInForce(VERSIONS, 'omic-handover', onDate).version).toBe(version);
  });

  it('says clearly when no version is in force (another rule set in force does not count)', () => {
    expect(() => ruleInForce(VERSIONS, 'omic-handover', '2019-12-31')).toThrow(
      'No version of the OMiC handover rules is in force on 2019-12-31',
    );
    expect(() => ruleInForce([], 'release-planning', '2026-11-22')).toThrow(
      'No version of the Release planning rules is in force on 2026-11-22',
    );
  });
});

describe('versionInForce: the version the Policy page marks "In force" is the one the rules use', () => {
  // Two versions taking effect the same day: the one made later (version 5) is in force, whatever order the list is in.
  // The page once sorted by effective date alone, so a tie went to whichever version the sort left first.
  const sameDay = [v(4, '2026-04-01'), v(5, '2026-04-01')];
  it.each([
    { order: 'as the list gives them (by version)', list: [v(1, '2020-01-01'), ...sameDay] },
    { order: 'later-made first', list: [v(1, '2020-01-01'), ...sameDay].reverse() },
    { order: 'later-made in the middle', list: [sameDay[0]!, v(1, '2020-01-01'), sameDay[1]!] },
  ])('two versions from the same day, $order: the later-made', ({ list }) => {
    expect(versionInForce(list, 'omic-handover', '2026-11-22')?.version).toBe(5);
    expect(versionInForce(list, 'omic-handover', '2026-11-22')).toBe(
      list.find((x) => x.version === ruleInForce(list, 'omic-handover', '2026-11-22').version),
    );
  });
  it('none in force before the first version, and another rule set does not count', () => {
    expect(versionInForce(VERSIONS, 'omic-handover', '2019-12-31')).toBeNull();
  });
});

describe('default rule versions: every number dated and sourced', () => {
  it.each([
    {
      key: 'omic-handover',
      onDate: '2026-11-22',
      param: 'standardMonths',
      value: 8,
      source: 'Manage POM Cases handover_calculation.rb',
    },
    {
      key: 'omic-handover',
      onDate: '2026-11-22',
      param: 'standardDays',
      value: 14,
      source: 'Manage POM Cases handover_calculation.rb',
    },
    {
      key: 'omic-handover',
      onDate: '2026-11-22',
      param: 'paroleMonths',
      value: 12,
      source: 'Manage POM Cases handover_calculation.rb',
    },
    {
      key: 'omic-handover',
      onDate: '2026-11-22',
      param: 'indeterminateMonths',
      value: 12,
      source: 'Manage POM Cases handover_calculation.rb',
    },
    {
      key: 'omic-handover',
      onDate: '2026-11-22',
      param: 'earlyAllocationMonths',
      value: 15,
      source: 'Manage POM Cases handover_calculation.rb',
    },
    {
      key: 'omic-handover',
      onDate: '2026-11-22',
      param: 'shortSentenceMonths',
      value: 10,
      source: 'Manage POM Cases handover_calculation.rb',
    },
    {
      key: 'omic-handover',
      onDate: '2026-11-22',
      param: 'upcomingDays',
      value: 56,
      source: 'Manage POM Cases calculated_handover_date.rb',
    },
    {
      key: 'omic-handover',
      onDate: '2026-11-22',
      param: 'dueSoonDays',
      value: 14,
      source: 'Manage POM Cases calculated_handover_date.rb',
    },
    {
      key: 'omic-handover',
      onDate: '2026-11-22',
      param: 'comAllocationOverdueDays',
      value: 2,
      source: 'Manage POM Cases calculated_handover_date.rb',
    },
    {
      key: 'omic-handover',
      onDate: '2023-03-31',
      param: 'standardMonths',
      value: 7,
      source: 'Manage POM Cases: 7 months 15 days before April 2023, 8 months 14 days after',
    },
    {
      key: 'omic-handover',
      onDate: '2023-03-31',
      param: 'standardDays',
      value: 15,
      source: 'Manage POM Cases: 7 months 15 days before April 2023, 8 months 14 days after',
    },
    {
      key: 'omic-handover',
      onDate: '2023-09-30',
      param: 'paroleMonths',
      value: 8,
      source: 'Manage POM Cases commits 9c661f71, 90d3afdc: parole cases 12 months from late 2023',
    },
    {
      key: 'oasys-custody',
      onDate: '2026-11-22',
      param: 'initialDays',
      value: 15,
      source: 'joint thematic inspection 2019 §3.1',
    },
    {
      key: 'oasys-custody',
      onDate: '2026-11-22',
      param: 'reviewMonths',
      value: 12,
      source: 'joint thematic inspection 2019 §3.1',
    },
    {
      key: 'oasys-custody',
      onDate: '2026-11-22',
      param: 'significantChangeDays',
      value: 28,
      source: 'joint thematic inspection 2019 §3.1, §4.1',
    },
    {
      key: 'categorisation',
      onDate: '2026-11-22',
      param: 'initialWorkingDays',
      value: 10,
      source: 'PSI 40/2011 / Security Categorisation Policy Framework',
    },
    {
      key: 'categorisation',
      onDate: '2026-11-22',
      param: 'longIntervalMonths',
      value: 12,
      source: 'PSI 40/2011 / Security Categorisation Policy Framework',
    },
    {
      key: 'categorisation',
      onDate: '2026-11-22',
      param: 'shortIntervalMonths',
      value: 6,
      source: 'PSI 40/2011 / Security Categorisation Policy Framework',
    },
    {
      key: 'categorisation',
      onDate: '2026-11-22',
      param: 'thresholdYears',
      value: 3,
      source: 'PSI 40/2011 / Security Categorisation Policy Framework',
    },
    {
      key: 'categorisation',
      onDate: '2026-11-22',
      param: 'indeterminateYears',
      value: 3,
      source: 'PSI 40/2011 / Security Categorisation Policy Framework',
    },
    {
      key: 'categorisation',
      onDate: '2026-11-22',
      param: 'recallDays',
      value: 10,
      source: 'PSI 40/2011 / Security Categorisation Policy Framework',
    },
    {
      key: 'categorisation',
      onDate: '2026-11-22',
      param: 'listFromMonths',
      value: 2,
      source: 'PSI 40/2011 / Security Categorisation Policy Framework',
    },
    {
      key: 'public-protection',
      onDate: '2026-11-22',
      param: 'offenceRelatedReviewMonths',
      value: 3,
      source: 'joint thematic inspection 2019 §3.1; Interception of Communications Commissioner reports',
    },
    {
      key: 'public-protection',
      onDate: '2026-11-22',
      param: 'intelligenceLedReviewMonths',
      value: 1,
      source: 'joint thematic inspection 2019 §3.1; Interception of Communications Commissioner reports',
    },
    {
      key: 'public-protection',
      onDate: '2026-11-22',
      param: 'childrensServicesReportDays',
      value: 21,
      source: "local default: children's services 3 weeks",
    },
    {
      key: 'public-protection',
      onDate: '2026-11-22',
      param: 'potentialAssessmentDays',
      value: 28,
      source: 'local default (no public source)',
    },
    {
      key: 'public-protection',
      onDate: '2026-11-22',
      param: 'decisionDays',
      value: 5,
      source: 'local default (no public source)',
    },
    {
      key: 'irmt',
      onDate: '2026-11-22',
      param: 'meetingIntervalMonths',
      value: 1,
      source: 'joint thematic inspection 2019 §3.1, §5.1',
    },
    {
      key: 'irmt',
      onDate: '2026-11-22',
      param: 'releaseWindowMonths',
      value: 8,
      source: 'joint thematic inspection 2019 §3.1, §5.1',
    },
    {
      key: 'release-planning',
      onDate: '2026-11-22',
      param: 'planningWindowMonths',
      value: 9,
      source: 'issue 6: planning window 9 months',
    },
    {
      key: 'release-planning',
      onDate: '2026-11-22',
      param: 'approvedPremisesMonths',
      value: 6,
      source: 'joint thematic inspection 2019 §3.1, §5.1',
    },
    {
      key: 'release-planning',
      onDate: '2026-11-22',
      param: 'apShortNoticeDays',
      value: 28,
      source: 'joint thematic inspection 2019 §3.1, §5.1',
    },
    {
      key: 'release-planning',
      onDate: '2026-11-22',
      param: 'apEmergencyDays',
      value: 7,
      source: 'joint thematic inspection 2019 §3.1, §5.1',
    },
    {
      key: 'release-planning',
      onDate: '2026-11-22',
      param: 'accommodationDays',
      value: 84,
      source: 'issue 6: accommodation confirmed 12 weeks before',
    },
    {
      key: 'release-planning',
      onDate: '2026-11-22',
      param: 'licenceDays',
      value: 28,
      source: 'release planning local default (uncertain): licence 4 weeks before release',
    },
    {
      key: 'release-planning',
      onDate: '2026-11-22',
      param: 'preReleaseMeetingMonths',
      value: 3,
      source: 'issue 6: pre-release meeting 3 months before',
    },
    {
      key: 'release-planning',
      onDate: '2026-11-22',
      param: 'mappaConfirmationMonths',
      value: 6,
      source: 'MAPPA Guidance: level confirmed 6 months before release',
    },
    {
      key: 'release-planning',
      onDate: '2026-11-22',
      param: 'resettlementWindowDays',
      value: 84,
      source: 'joint thematic inspection 2019: resettlement plans reviewed 12 weeks (84 days) before release',
    },
    {
      key: 'release-planning',
      onDate: '2026-11-22',
      param: 'hdcAddressCheckWorkingDays',
      value: 10,
      source: 'release planning local default (uncertain): HDC address checks 10 working days',
    },
    {
      key: 'release-planning',
      onDate: '2026-11-22',
      param: 'hdcRefusalDays',
      value: 28,
      source: 'release planning local default (uncertain): HDC refused under 4 weeks to CRD',
    },
    {
      key: 'release-planning',
      onDate: '2026-11-22',
      param: 'victimContactMinSentenceMonths',
      value: 12,
      source: 'Domestic Violence, Crime and Victims Act 2004 s.35: victim contact scheme, 12 months or more',
    },
    {
      key: 'release-planning',
      onDate: '2026-11-22',
      param: 'rsoNotificationDays',
      value: 3,
      source: 'Sexual Offences Act 2003 s.83: notify the police within 3 days of release',
    },
  ] as { key: RuleKey; onDate: string; param: string; value: number; source: string }[])(
    '$key on $onDate: $param = $value ($source)',
    ({ key, onDate, param, value }) => {
      expect((ruleInForce(DEFAULT_RULE_VERSIONS, key, onDate).params as Record<string, number>)[param]).toBe(
        value,
      );
    },
  );

  it.each([
    {
      key: 'oasys-custody',
      param: 'significantChangeDays',
      source: 'OASys significant change: 28 days, a local default (uncertain: editable)',
    },
    { key: 'public-protection', param: 'childrensServicesReportDays', source: 'a local rule, editable' },
    { key: 'public-protection', param: 'potentialAssessmentDays', source: 'no source: a default of ours' },
    { key: 'public-protection', param: 'decisionDays', source: 'no source: a default of ours' },
    { key: 'irmt', param: 'meetingIntervalMonths', source: 'IRMT local default (uncertain: editable)' },
    { key: 'irmt', param: 'releaseWindowMonths', source: 'IRMT local default (uncertain: editable)' },
  ] as { key: RuleKey; param: string; source: string }[])(
    '$key.$param is marked uncertain ($source)',
    ({ key, param }) => {
      expect(ruleInForce(DEFAULT_RULE_VERSIONS, key, '2026-11-22').uncertain).toContain(param);
    },
  );

  it('every rule set has a version in force from 1 October 2019, each valid for its schema, labelled, numbered once', () => {
    for (const key of RULE_KEYS) expect(ruleInForce(DEFAULT_RULE_VERSIONS, key, '2019-10-01').key).toBe(key);
    for (const d of DEFAULT_RULE_VERSIONS) {
      const parsed = RULE_PARAMS[d.key].safeParse(d.params);
      expect(parsed.success, `${d.key} v${d.version}`).toBe(true);
      expect(parsed.data).toEqual(d.params);
      for (const p of Object.keys(d.params)) expect(PARAM_LABELS[p], p).toBeTruthy();
      for (const u of d.uncertain)
        expect(u === 'effectiveFrom' || u in d.params, `${d.key}: ${u}`).toBe(true);
    }
    const ids = DEFAULT_RULE_VERSIONS.map((d) => `${d.key}@${d.version}`);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    { name: 'a handover offset beyond the limit', change: { standardMonths: 99 }, path: 'standardMonths' },
    { name: 'half a month', change: { standardMonths: 8.5 }, path: 'standardMonths' },
    { name: 'a missing parameter', change: { standardDays: undefined }, path: 'standardDays' },
    { name: 'text for a number', change: { dueSoonDays: '14' }, path: 'dueSoonDays' },
  ])("an administrator's new version is refused for $name", ({ change, path }) => {
    const result = RULE_PARAMS['omic-handover'].safeParse({ ...handoverParams, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([path]);
  });

  it("an administrator's new version with sound numbers is accepted", () => {
    expect(
      RULE_PARAMS['omic-handover'].safeParse({ ...handoverParams, standardMonths: 9, standardDays: 0 })
        .success,
    ).toBe(true);
  });
});
