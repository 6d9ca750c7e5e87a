import { noteChangeOn } from '../shared/today';
import { z } from 'zod';
import type { IsoDate } from '../shared/dates';
import { AppError } from '../shared/errors';

/** Each rule's parameters, validated when an administrator adds a version (built then: z.lazy, see api/contract.ts). */
export const RULE_PARAMS = {
  'omic-handover': z.lazy(() =>
    z.object({
      standardMonths: z.number().int().min(0).max(24),
      standardDays: z.number().int().min(0).max(60),
      paroleMonths: z.number().int().min(0).max(36),
      indeterminateMonths: z.number().int().min(0).max(36),
      earlyAllocationMonths: z.number().int().min(0).max(36),
      shortSentenceMonths: z.number().int().min(0).max(36),
      upcomingDays: z.number().int().min(1).max(365),
      dueSoonDays: z.number().int().min(1).max(90),
      comAllocationOverdueDays: z.number().int().min(0).max(60),
      /** Life/IPP after a not-release parole outcome: a next hearing (THD) this many months or more away keeps the POM responsible; 0 while no such rule. */
      indeterminateThdMonths: z.number().int().min(0).max(36),
      /** Recalled life/IPP: a THD this many months or more away (MAPPA none or 1) keeps the POM responsible; 0 while no such rule. */
      recallThdMonths: z.number().int().min(0).max(36),
      /** An early allocation assessment counts when made within this many months of the earliest release date. */
      earlyAllocationWindowMonths: z.number().int().min(1).max(36),
      /** 1: early allocation hands a life or IPP sentence over too; 0: determinate sentences only (April to November 2023). */
      earlyAllocationIndeterminate: z.number().int().min(0).max(1),
      /** 1: a determinate sentence with the short-sentence months or less to serve has no handover even with early allocation (until November 2023). */
      shortSentenceFirst: z.number().int().min(0).max(1),
      /** 1: a case from before OMiC (sentenced before its start, released before its cut-off) is COM responsible with no handover dates (until October 2024). */
      preOmicCases: z.number().int().min(0).max(1),
    }),
  ),
  'oasys-custody': z.lazy(() =>
    z.object({
      initialDays: z.number().int().min(1).max(180),
      reviewMonths: z.number().int().min(1).max(36),
      significantChangeDays: z.number().int().min(1).max(180),
      preReleaseWindowMonths: z.number().int().min(1).max(24),
    }),
  ),
  'public-protection': z.lazy(() =>
    z.object({
      potentialAssessmentDays: z.number().int().min(1).max(180),
      decisionDays: z.number().int().min(1).max(60),
      offenceRelatedReviewMonths: z.number().int().min(1).max(12),
      intelligenceLedReviewMonths: z.number().int().min(1).max(12),
      childrensServicesReportDays: z.number().int().min(1).max(120),
      agencyReplyDays: z.number().int().min(1).max(120),
    }),
  ),
  irmt: z.lazy(() =>
    z.object({
      meetingIntervalMonths: z.number().int().min(1).max(6),
      releaseWindowMonths: z.number().int().min(1).max(24),
    }),
  ),
  categorisation: z.lazy(() =>
    z.object({
      initialWorkingDays: z.number().int().min(1).max(60),
      longIntervalMonths: z.number().int().min(1).max(36),
      shortIntervalMonths: z.number().int().min(1).max(36),
      thresholdYears: z.number().int().min(1).max(10),
      indeterminateYears: z.number().int().min(1).max(10),
      recallDays: z.number().int().min(1).max(60),
      listFromMonths: z.number().int().min(0).max(12),
      approvalWorkingDays: z.number().int().min(1).max(30),
      /** A fixed-term recall with this many days or fewer to serve needs no recategorisation. */
      fixedTermRecallExemptDays: z.number().int().min(0).max(365),
      /** Open conditions considered without special reasons when less than this many years remain to the earliest release. */
      openConditionsYears: z.number().int().min(1).max(10),
    }),
  ),
  'release-planning': z.lazy(() =>
    z.object({
      planningWindowMonths: z.number().int().min(1).max(24),
      mappaConfirmationMonths: z.number().int().min(1).max(24),
      approvedPremisesMonths: z.number().int().min(1).max(24),
      apShortNoticeDays: z.number().int().min(1).max(90),
      apEmergencyDays: z.number().int().min(1).max(30),
      accommodationDays: z.number().int().min(1).max(365),
      preReleaseMeetingMonths: z.number().int().min(1).max(12),
      licenceDays: z.number().int().min(1).max(180),
      resettlementWindowDays: z.number().int().min(1).max(365),
      hdcAddressCheckWorkingDays: z.number().int().min(1).max(60),
      hdcRefusalDays: z.number().int().min(1).max(180),
      victimContactMinSentenceMonths: z.number().int().min(1).max(120),
      rsoNotificationDays: z.number().int().min(1).max(30),
      victimLiaisonDays: z.number().int().min(1).max(365),
      policeNotificationDays: z.number().int().min(1).max(180),
      releaseDayDays: z.number().int().min(1).max(60),
      accommodationWarningDays: z.number().int().min(1).max(365),
    }),
  ),
} as const;

export type RuleKey = keyof typeof RULE_PARAMS;
export const RULE_KEYS = Object.keys(RULE_PARAMS) as RuleKey[];
export type RuleParams<K extends RuleKey> = z.output<(typeof RULE_PARAMS)[K]>;

export interface RuleVersion<K extends RuleKey = RuleKey> {
  key: K;
  version: number;
  effectiveFrom: IsoDate;
  params: RuleParams<K>;
  source: string;
  /** Parameters the sources do not settle: shipped as defaults, editable, and shown as uncertain. */
  uncertain: string[];
  note?: string | null;
  /** 'default' for versions shipped with OMU Desk, else who added it. */
  addedBy: string;
}

/** Another name for a version of a rule set; the rule set's name is RULE_NAMES[key], the same in every version. */
export type RuleSetVersion<K extends RuleKey = RuleKey> = RuleVersion<K>;

export const RULE_NAMES: Record<RuleKey, string> = {
  'omic-handover': 'OMiC handover rules',
  'oasys-custody': 'OASys in custody',
  'public-protection': 'Public protection monitoring',
  irmt: 'IRMT agenda rules',
  categorisation: 'Security categorisation rules',
  'release-planning': 'Release planning rules',
};

export const PARAM_LABELS: Record<string, string> = {
  standardMonths: 'Standard determinate: months before release',
  standardDays: 'Standard determinate: further days before release',
  paroleMonths: 'Determinate with PED: months before PED',
  indeterminateMonths: 'Indeterminate: months before earliest release',
  earlyAllocationMonths: 'Early allocation: months before earliest release',
  shortSentenceMonths: 'Short sentence: COM from start when release is within this many months of SSD',
  upcomingDays: 'Upcoming handover list: days ahead',
  dueSoonDays: 'Handover due soon: days ahead',
  comAllocationOverdueDays: 'COM allocation overdue: days after handover',
  indeterminateThdMonths:
    'Life/IPP not released at parole: POM keeps the case while the next hearing is at least (months; 0 = no such rule)',
  recallThdMonths:
    'Recalled life/IPP: POM keeps the case while the next hearing is at least (months; 0 = no such rule)',
  earlyAllocationWindowMonths: 'Early allocation assessment counts within (months of the earliest release)',
  earlyAllocationIndeterminate: 'Early allocation applies to life and IPP sentences too (1 yes, 0 no)',
  shortSentenceFirst: 'Short sentence: no handover even with early allocation (1 yes, 0 no)',
  preOmicCases: 'Cases from before OMiC: COM responsible, no handover dates (1 yes, 0 no)',
  fixedTermRecallExemptDays: 'Fixed-term recall of this many days or fewer: no recategorisation',
  openConditionsYears: 'Open conditions considered within (years of the earliest release)',
  initialDays: 'Initial OASys: days after sentence',
  reviewMonths: 'Review: months after the last assessment',
  significantChangeDays: 'Review after a significant change: days after the event',
  potentialAssessmentDays: 'Potential PPRC or harassment case: days to assess',
  decisionDays: 'Monitoring decision: days after confirmation or arrival',
  childrensServicesReportDays: "Child contact: children's services report due (days after request)",
  agencyReplyDays: 'Child contact: probation and police replies due (days after request)',
  initialWorkingDays: 'Initial categorisation: working days after sentence',
  longIntervalMonths: 'Determinate review interval while the threshold or more remains (months)',
  shortIntervalMonths: 'Determinate review interval when less remains (months)',
  thresholdYears: 'Threshold: years to earliest release',
  indeterminateYears: 'Indeterminate review at least every (years)',
  recallDays: 'Recall review: days after recall',
  listFromMonths: 'List a review from (months before due)',
  approvalWorkingDays: 'Approval overdue after (working days)',
  planningWindowMonths: 'Release plan starts when release is within (months)',
  mappaConfirmationMonths: 'MAPPA level confirmed with the COM (months before release)',
  approvedPremisesMonths: 'Approved premises referral (months before release)',
  apShortNoticeDays: 'Approved premises referral is short notice within (days of release)',
  apEmergencyDays: 'Approved premises referral is an emergency within (days of release)',
  accommodationDays: 'Accommodation address confirmed (days before release; 84 = 12 weeks)',
  preReleaseMeetingMonths: 'Pre-release meeting with prisoner, POM and COM (months before release)',
  licenceDays: 'Licence conditions prompted (days before release; 28 = 4 weeks)',
  resettlementWindowDays: 'Resettlement pre-release window opens (days before release)',
  hdcAddressCheckWorkingDays: 'HDC address checks take (working days)',
  hdcRefusalDays: 'HDC refused when less than this many days to CRD',
  victimContactMinSentenceMonths: 'Victim contact scheme: sentences of at least (months)',
  rsoNotificationDays: 'Registered sex offender notifies police within (days of release)',
  victimLiaisonDays: 'Victim liaison officer told of the release date (days before release)',
  policeNotificationDays: "Police and children's services notified (days before release)",
  releaseDayDays: 'Release-day arrangements made (days before release)',
  accommodationWarningDays: 'Warn when no accommodation is confirmed (days before release)',
  meetingIntervalMonths: 'IRMT meets every (months)',
  releaseWindowMonths: 'IRMT reviews cases releasing within (months)',
  offenceRelatedReviewMonths: 'Offence-related monitoring: review every (months)',
  intelligenceLedReviewMonths: 'Intelligence-led monitoring: review every (months)',
  preReleaseWindowMonths: 'Pre-release review: an assessment within this many months before handover counts',
};

const MPC = 'Manage POM Cases (ministryofjustice/offender-management-allocation-manager)';
const DCS = 'Digital Categorisation Service (ministryofjustice/offender-categorisation)';
const INSPECTION =
  'HM Inspectorate of Probation and HM Inspectorate of Prisons, "Management and supervision of men convicted of sexual offences", joint thematic inspection, January 2019';
const HANDOVER_2019 = {
  standardMonths: 7,
  standardDays: 15,
  paroleMonths: 8,
  indeterminateMonths: 8,
  earlyAllocationMonths: 15,
  shortSentenceMonths: 10,
  upcomingDays: 56,
  dueSoonDays: 14,
  comAllocationOverdueDays: 2,
  indeterminateThdMonths: 0,
  recallThdMonths: 0,
  earlyAllocationWindowMonths: 18,
  earlyAllocationIndeterminate: 1,
  shortSentenceFirst: 1,
  preOmicCases: 1,
};
const CATEGORISATION_2011 = {
  initialWorkingDays: 10,
  longIntervalMonths: 12,
  shortIntervalMonths: 6,
  thresholdYears: 3,
  indeterminateYears: 3,
  recallDays: 10,
  listFromMonths: 2,
  approvalWorkingDays: 5,
  fixedTermRecallExemptDays: 28,
  openConditionsYears: 3,
};

/**
 * The defaults shipped for every rule, with their history where policy has changed. Every source is public: a policy
 * framework or instruction, an Act, an inspection report, or the HMPPS service that computes the same date (its file).
 */
export const DEFAULT_RULE_VERSIONS: RuleVersion[] = [
  {
    key: 'omic-handover',
    version: 1,
    effectiveFrom: '2019-10-01',
    addedBy: 'default',
    uncertain: [],
    params: HANDOVER_2019,
    source: `OMiC in force in England from 1 October 2019 (${MPC}, app/domains/offenders/prison_policies.rb ENGLISH_POLICY_START_DATE). Before April 2023 the service handed over CRD/ARD minus 7 months 15 days (app/lib/handover/handover_date_rules.rb), PED minus 8 months, indeterminate minus 8 months, early allocation minus 15 months, COM from the start with 10 months or less to serve, early allocation or not (app/services/handover_date_service.rb handover_1; both removed in commit 086a0e63, May 2023). A case from before OMiC, sentenced before 01/10/2019 and released before 15/02/2021 (women's estate: 30/04/2021 and 30/09/2022), COM responsible with no handover dates (app/domains/offenders/prison_policies.rb policy_case?). Lists: upcoming 56 days (DEFAULT_UPCOMING_HANDOVER_WINDOW_DURATION), COM allocation overdue 2 days after handover (app/models/calculated_handover_date.rb by_com_allocation_overdue); early allocation counts within 18 months of release (app/models/mpc_offender.rb within_early_allocation_window?).`,
  },
  {
    key: 'omic-handover',
    version: 2,
    effectiveFrom: '2023-04-01',
    addedBy: 'default',
    uncertain: [],
    params: { ...HANDOVER_2019, standardMonths: 8, standardDays: 14, earlyAllocationIndeterminate: 0 },
    source: `April 2023 handover policy: CRD/ARD minus 8 months 14 days (${MPC}, app/lib/handover/handover_calculation.rb, switched on by feature flag on 31 March 2023, commit fb2c0645); PED and indeterminate still minus 8 months; early allocation for determinate sentences only, after the short-sentence rule (calculate_determinate_handover_date at commit bd4d818).`,
  },
  {
    key: 'omic-handover',
    version: 3,
    effectiveFrom: '2023-10-01',
    addedBy: 'default',
    uncertain: ['effectiveFrom'],
    params: {
      ...HANDOVER_2019,
      standardMonths: 8,
      standardDays: 14,
      paroleMonths: 12,
      indeterminateMonths: 12,
      shortSentenceFirst: 0,
    },
    source: `Parole cases (PED and indeterminate) handed over 12 months before the earliest release (${MPC}, app/lib/handover/handover_calculation.rb: behind ENABLE_12_MONTH_PAROLE_HO_OFFSET from 24 October 2023, commit 9c661f71; unconditional from 23 November 2023, commit 90d3afdc). Early allocation 15 months before release for every sentence, before the short-sentence rule (commit 88a9f759, 8 November 2023, MO-1422). The day it took effect is not in the code: uncertain.`,
  },
  {
    key: 'omic-handover',
    version: 4,
    effectiveFrom: '2024-05-08',
    addedBy: 'default',
    uncertain: [],
    params: {
      ...HANDOVER_2019,
      standardMonths: 8,
      standardDays: 14,
      paroleMonths: 12,
      indeterminateMonths: 12,
      shortSentenceFirst: 0,
      indeterminateThdMonths: 12,
    },
    source: `New responsibility rules for life/IPP and parole (${MPC}, app/domains/offender_handover.rb, MO-957, 8 May 2024): after a parole outcome other than release with the next hearing (THD) 12 months or more away, the POM stays responsible with the COM supporting, or the COM is responsible at MAPPA level 2 or 3; no handover dates. A further life/IPP sentence starting later keeps the POM responsible.`,
  },
  {
    key: 'omic-handover',
    version: 5,
    effectiveFrom: '2024-10-16',
    addedBy: 'default',
    uncertain: [],
    params: {
      ...HANDOVER_2019,
      standardMonths: 8,
      standardDays: 14,
      paroleMonths: 12,
      indeterminateMonths: 12,
      shortSentenceFirst: 0,
      indeterminateThdMonths: 12,
      recallThdMonths: 12,
      preOmicCases: 0,
    },
    source: `Life/IPP recalls (${MPC}, app/domains/offender_handover.rb, MO-1562, 16 October 2024): a recalled life/IPP prisoner whose THD is 12 months or more away and whose MAPPA level is none or 1 stays POM responsible with the COM supporting; every other recall is COM responsible with no handover dates (spec/domains/offender_handover_spec.rb). The pre-OMiC rule removed (the same commit, 2344f95c): every case by the general rules.`,
  },
  {
    key: 'oasys-custody',
    version: 1,
    effectiveFrom: '2015-01-01',
    addedBy: 'default',
    uncertain: ['significantChangeDays', 'preReleaseWindowMonths'],
    params: { initialDays: 15, reviewMonths: 12, significantChangeDays: 28, preReleaseWindowMonths: 6 },
    source: `${INSPECTION}, §3.1 and §4.1: an initial OASys within 15 days of sentence, reviewed at least every 12 months and after a significant change. The pre-release review is due by the OMiC handover date, when the COM takes the case (${MPC}). The 28 days after a significant change and the 6-month window are local defaults.`,
  },
  {
    key: 'public-protection',
    version: 1,
    effectiveFrom: '2016-01-01',
    addedBy: 'default',
    uncertain: ['potentialAssessmentDays', 'decisionDays', 'childrensServicesReportDays', 'agencyReplyDays'],
    params: {
      potentialAssessmentDays: 28,
      decisionDays: 5,
      offenceRelatedReviewMonths: 3,
      intelligenceLedReviewMonths: 1,
      childrensServicesReportDays: 21,
      agencyReplyDays: 21,
    },
    source: `${INSPECTION}, §3.1, and the Interception of Communications Commissioner's reports on prisons: offence-related mail and phone monitoring reviewed at least every 3 months, intelligence-led every month, by a professional. Public Protection Manual (PSI 18/2016). The windows to assess a potential case, decide on monitoring and reply to a child contact request are local defaults.`,
  },
  {
    key: 'irmt',
    version: 1,
    effectiveFrom: '2016-01-01',
    addedBy: 'default',
    uncertain: ['meetingIntervalMonths', 'releaseWindowMonths'],
    params: { meetingIntervalMonths: 1, releaseWindowMonths: 8 },
    source: `${INSPECTION}, §3.1 and §5.1: the IRMT should review all high and very high RoSH cases due for release, not only MAPPA level 2 and 3. Public Protection Manual (PSI 18/2016). Monthly, and releases within 8 months, are local defaults.`,
  },
  {
    key: 'categorisation',
    version: 1,
    effectiveFrom: '2011-09-01',
    addedBy: 'default',
    uncertain: ['approvalWorkingDays'],
    params: CATEGORISATION_2011,
    source: `PSI 40/2011 Categorisation and recategorisation of adult male prisoners (from 1 September 2011), and the Security Categorisation Policy Framework that replaces it where the ${DCS} runs: initial categorisation within 10 working days of sentence; determinate reviews every 12 months, every 6 months within 3 years of the earliest release date; indeterminate at least every 3 years (DCS server/views/macros/prisonerReviewGuidance.html, server/utils/fieldValidation.js); a recall reviewed within 10 days, fixed-term recalls of 28 days or less exempt (server/services/recategorisation/recall/recalledOffenderData.ts); reviews listed from 2 months ahead (server/config.ts RECAT_MARGIN_MONTHS); open conditions within 3 years of the earliest release. Approval within 5 working days is a local default.`,
  },
  {
    key: 'categorisation',
    version: 2,
    effectiveFrom: '2025-04-14',
    addedBy: 'default',
    uncertain: ['effectiveFrom', 'approvalWorkingDays'],
    params: { ...CATEGORISATION_2011, openConditionsYears: 5 },
    source: `Open conditions: 5 years to the earliest release date instead of 3 (${DCS}: "Is it 5 or more years to their earliest release date?", server/views/formPages/openConditions/earliestReleaseDate.html; behind a flag from 1 April 2025, commit 699c90d6, with a policy-change banner to 28 May 2025, commit 5833a51f; flag removed 5 June 2025, commit 4bf67d47). The review intervals did not change: 5-year review guidance was behind the same flag from 24 March 2025 (commit 13108e8e) and went back to 3 years on 14 April 2025 (commit 5833a51f). Effective date uncertain (the banner's start).`,
  },
  {
    key: 'release-planning',
    version: 1,
    effectiveFrom: '2015-01-01',
    addedBy: 'default',
    uncertain: [
      'planningWindowMonths',
      'victimLiaisonDays',
      'policeNotificationDays',
      'releaseDayDays',
      'approvedPremisesMonths',
      'apShortNoticeDays',
      'apEmergencyDays',
      'licenceDays',
      'hdcAddressCheckWorkingDays',
      'hdcRefusalDays',
      'preReleaseMeetingMonths',
      'accommodationWarningDays',
    ],
    params: {
      planningWindowMonths: 9,
      mappaConfirmationMonths: 6,
      approvedPremisesMonths: 6,
      apShortNoticeDays: 28,
      apEmergencyDays: 7,
      accommodationDays: 84,
      preReleaseMeetingMonths: 3,
      licenceDays: 28,
      resettlementWindowDays: 84,
      hdcAddressCheckWorkingDays: 10,
      hdcRefusalDays: 28,
      victimContactMinSentenceMonths: 12,
      rsoNotificationDays: 3,
      victimLiaisonDays: 56,
      policeNotificationDays: 28,
      releaseDayDays: 7,
      accommodationWarningDays: 56,
    },
    source: `${INSPECTION}: release planning was poor (§5.1: 7 of 29 cases had a clear risk management plan; responsible officers absent from the last six months; accommodation arranged too late); resettlement plans reviewed 12 weeks before release (84 days); the Victim Contact Scheme for custodial sentences of 12 months or more (Domestic Violence, Crime and Victims Act 2004 s.35; Probation Instruction 11/2013). MAPPA Guidance: the MAPPA level set and confirmed 6 months before release. Sexual Offences Act 2003 ss.83-84: a registered sex offender notifies the police within 3 days of release. Approved premises referral 6 months before release (short notice within 28 days, emergency within 7), licence conditions 4 weeks before, HDC address checks 10 working days with HDC refused under 4 weeks to CRD, the 9-month planning window, the pre-release meeting 3 months before and the release-day arrangements are local defaults: uncertain, editable.`,
  },
];

/**
 * The stored version of `key` in force on `onDate`, as it was added: the latest effective-from on or before it, and of
 * two versions taking effect the same day the one made later (the higher version number). Pure, so the Policy page
 * marks "In force" by the same choice the rules make (shared/policy.ts); `ruleInForce` builds on it.
 */
export function versionInForce(
  versions: readonly RuleVersion[],
  key: RuleKey,
  onDate: IsoDate,
): RuleVersion | null {
  let best: RuleVersion | null = null;
  for (const v of versions) {
    if (v.key !== key || v.effectiveFrom > onDate) continue;
    if (
      !best ||
      v.effectiveFrom > best.effectiveFrom ||
      (v.effectiveFrom === best.effectiveFrom && v.version > best.version)
    )
      best = v;
  }
  return best;
}

/**
 * The version of `key` in force on `onDate`, or the first version when the day is older than every version shipped or
 * added (a categorisation set in 2005, an IRMT meeting of 2015): its basis says so (policy/basis.ts, `chosen: 'first'`).
 */
export function ruleOnOrFirst<K extends RuleKey>(
  versions: readonly RuleVersion[],
  key: K,
  onDate: IsoDate,
): RuleVersion<K> {
  let first: RuleVersion | null = null;
  for (const v of versions) if (v.key === key && (!first || v.effectiveFrom < first.effectiveFrom)) first = v;
  return ruleInForce(versions, key, first && onDate < first.effectiveFrom ? first.effectiveFrom : onDate);
}

/**
 * The version of `key` in force on `onDate`: the latest effective-from on or before it (the highest version on a tie).
 * A version an administrator added before a parameter existed takes that parameter from the shipped version in force
 * on its date, so a rule that gains a parameter never reads it as missing.
 */
export function ruleInForce<K extends RuleKey>(
  versions: readonly RuleVersion[],
  key: K,
  onDate: IsoDate,
): RuleVersion<K> {
  const best = versionInForce(versions, key, onDate);
  if (!best) throw new AppError('not-found', `No version of the ${RULE_NAMES[key]} is in force on ${onDate}`);
  // The version in force changes on the next version's first day (shared/today.ts: the stored due list's validity).
  noteChangeOn(onDate, best.effectiveFrom);
  for (const v of versions)
    if (v.key === key && v.effectiveFrom > onDate) noteChangeOn(onDate, v.effectiveFrom);
  if (best.addedBy !== 'default') {
    const shipped =
      versionInForce(DEFAULT_RULE_VERSIONS, key, best.effectiveFrom) ??
      DEFAULT_RULE_VERSIONS.find((d) => d.key === key)!;
    const missing = Object.keys(shipped.params).filter((p) => !(p in best.params));
    if (missing.length) return { ...best, params: { ...shipped.params, ...best.params } } as RuleVersion<K>;
  }
  return best as RuleVersion<K>;
}
