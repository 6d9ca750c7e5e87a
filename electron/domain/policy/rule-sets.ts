import { z } from 'zod';
import type { IsoDate } from '../shared/dates';
import { AppError } from '../shared/errors';

/** Each rule's parameters, validated when an administrator adds a version. */
export const RULE_PARAMS = {
  'omic-handover': z.object({
    standardMonths: z.number().int().min(0).max(24),
    standardDays: z.number().int().min(0).max(60),
    paroleMonths: z.number().int().min(0).max(36),
    indeterminateMonths: z.number().int().min(0).max(36),
    earlyAllocationMonths: z.number().int().min(0).max(36),
    shortSentenceMonths: z.number().int().min(0).max(36),
    upcomingDays: z.number().int().min(1).max(365),
    dueSoonDays: z.number().int().min(1).max(90),
    comAllocationOverdueDays: z.number().int().min(0).max(60),
  }),
  'oasys-custody': z.object({
    initialDays: z.number().int().min(1).max(180),
    reviewMonths: z.number().int().min(1).max(36),
    significantChangeDays: z.number().int().min(1).max(180),
    preReleaseWindowMonths: z.number().int().min(1).max(24),
  }),
  'public-protection': z.object({
    potentialAssessmentDays: z.number().int().min(1).max(180),
    decisionDays: z.number().int().min(1).max(60),
    offenceRelatedReviewMonths: z.number().int().min(1).max(12),
    intelligenceLedReviewMonths: z.number().int().min(1).max(12),
    childrensServicesReportDays: z.number().int().min(1).max(120),
    agencyReplyDays: z.number().int().min(1).max(120),
  }),
  irmt: z.object({
    meetingIntervalMonths: z.number().int().min(1).max(6),
    releaseWindowMonths: z.number().int().min(1).max(24),
  }),
  categorisation: z.object({
    initialWorkingDays: z.number().int().min(1).max(60),
    longIntervalMonths: z.number().int().min(1).max(36),
    shortIntervalMonths: z.number().int().min(1).max(36),
    thresholdYears: z.number().int().min(1).max(10),
    indeterminateYears: z.number().int().min(1).max(10),
    recallDays: z.number().int().min(1).max(60),
    listFromMonths: z.number().int().min(0).max(12),
    approvalWorkingDays: z.number().int().min(1).max(30),
  }),
  'release-planning': z.object({
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
  standardMonths: 'Standard determinate: months before release', standardDays: 'Standard determinate: further days before release',
  paroleMonths: 'Determinate with PED: months before PED', indeterminateMonths: 'Indeterminate: months before earliest release',
  earlyAllocationMonths: 'Early allocation: months before earliest release', shortSentenceMonths: 'Short sentence: COM from start when release is within this many months of SSD',
  upcomingDays: 'Upcoming handover list: days ahead', dueSoonDays: 'Handover due soon: days ahead', comAllocationOverdueDays: 'COM allocation overdue: days after handover',
  initialDays: 'Initial OASys: days after sentence', reviewMonths: 'Review: months after the last assessment',
  significantChangeDays: 'Review after a significant change: days after the event',
  potentialAssessmentDays: 'Potential PPRC or harassment case: days to assess', decisionDays: 'Monitoring decision: days after confirmation or arrival',
  childrensServicesReportDays: "Child contact: children's services report due (days after request)", agencyReplyDays: 'Child contact: probation and police replies due (days after request)',
  initialWorkingDays: 'Initial categorisation: working days after sentence', longIntervalMonths: 'Determinate review interval while the threshold or more remains (months)',
  shortIntervalMonths: 'Determinate review interval when less remains (months)', thresholdYears: 'Threshold: years to earliest release', indeterminateYears: 'Indeterminate review at least every (years)',
  recallDays: 'Recall review: days after recall', listFromMonths: 'List a review from (months before due)', approvalWorkingDays: 'Approval overdue after (working days)',
  planningWindowMonths: 'Release plan starts when release is within (months)', mappaConfirmationMonths: 'MAPPA level confirmed with the COM (months before release)',
  approvedPremisesMonths: 'Approved premises referral (months before release)', apShortNoticeDays: 'Approved premises referral is short notice within (days of release)',
  apEmergencyDays: 'Approved premises referral is an emergency within (days of release)', accommodationDays: 'Accommodation address confirmed (days before release; 84 = 12 weeks)',
  preReleaseMeetingMonths: 'Pre-release meeting with prisoner, POM and COM (months before release)', licenceDays: 'Licence conditions prompted (days before release; 28 = 4 weeks)',
  resettlementWindowDays: 'Resettlement pre-release window opens (days before release)', hdcAddressCheckWorkingDays: 'HDC address checks take (working days)',
  hdcRefusalDays: 'HDC refused when less than this many days to CRD', victimContactMinSentenceMonths: 'Victim contact scheme: sentences of at least (months)',
  rsoNotificationDays: 'Registered sex offender notifies police within (days of release)',
  victimLiaisonDays: 'Victim liaison officer told of the release date (days before release)', policeNotificationDays: "Police and children's services notified (days before release)",
  releaseDayDays: 'Release-day arrangements made (days before release)', accommodationWarningDays: 'Warn when no accommodation is confirmed (days before release)',
  meetingIntervalMonths: 'IRMT meets every (months)', releaseWindowMonths: 'IRMT reviews cases releasing within (months)',
  offenceRelatedReviewMonths: 'Offence-related monitoring: review every (months)', intelligenceLedReviewMonths: 'Intelligence-led monitoring: review every (months)', preReleaseWindowMonths: 'Pre-release review: an assessment within this many months before handover counts',
};

/** The defaults shipped for every rule, with their history where policy has changed. */
export const DEFAULT_RULE_VERSIONS: RuleVersion[] = [
  {
    key: 'omic-handover', version: 1, effectiveFrom: '2019-10-01', addedBy: 'default', uncertain: ['effectiveFrom', 'paroleMonths', 'indeterminateMonths'],
    params: { standardMonths: 7, standardDays: 15, paroleMonths: 8, indeterminateMonths: 8, earlyAllocationMonths: 15, shortSentenceMonths: 10, upcomingDays: 56, dueSoonDays: 14, comAllocationOverdueDays: 2 },
    source: 'OMiC model as first rolled out: handover 7.5 months before release (DOMAIN.md, "Policy changes often"); parole cases 8 months before PED.',
  },
  {
    key: 'omic-handover', version: 2, effectiveFrom: '2023-04-01', addedBy: 'default', uncertain: [],
    params: { standardMonths: 8, standardDays: 14, paroleMonths: 8, indeterminateMonths: 8, earlyAllocationMonths: 15, shortSentenceMonths: 10, upcomingDays: 56, dueSoonDays: 14, comAllocationOverdueDays: 2 },
    source: 'Handover moved to 8.5 months before release in 2023 (DOMAIN.md); Manage POM Cases, app/lib/handover/handover_calculation.rb.',
  },
  {
    key: 'omic-handover', version: 3, effectiveFrom: '2023-10-01', addedBy: 'default', uncertain: ['effectiveFrom'],
    params: { standardMonths: 8, standardDays: 14, paroleMonths: 12, indeterminateMonths: 12, earlyAllocationMonths: 15, shortSentenceMonths: 10, upcomingDays: 56, dueSoonDays: 14, comAllocationOverdueDays: 2 },
    source: 'Parole cases moved from 8 to 12 months in late 2023 (DOMAIN.md); Manage POM Cases, app/lib/handover/handover_calculation.rb and app/domains/offender_handover.rb (2026).',
  },
  {
    key: 'oasys-custody', version: 1, effectiveFrom: '2015-01-01', addedBy: 'default', uncertain: ['significantChangeDays', 'preReleaseWindowMonths'],
    params: { initialDays: 15, reviewMonths: 12, significantChangeDays: 28, preReleaseWindowMonths: 6 },
    source: 'Joint thematic inspection 2019 (seed 002) §3.1, §4.1: initial OASys within 15 days of sentence, reviewed at least every 12 months and after a significant change; pre-release review by the handover date (DOMAIN.md).',
  },
  {
    key: 'public-protection', version: 1, effectiveFrom: '2016-01-01', addedBy: 'default', uncertain: ['potentialAssessmentDays', 'decisionDays', 'childrensServicesReportDays', 'agencyReplyDays'],
    params: { potentialAssessmentDays: 28, decisionDays: 5, offenceRelatedReviewMonths: 3, intelligenceLedReviewMonths: 1, childrensServicesReportDays: 21, agencyReplyDays: 21 },
    source: 'Seed 002 §3.1 and the interception commissioner reports on the National Security Framework: monitoring reviewed at least every 3 months when offence-related, every month when intelligence-led; assessment and decision windows are local defaults (DOMAIN.md "Public protection").',
  },
  {
    key: 'irmt', version: 1, effectiveFrom: '2016-01-01', addedBy: 'default', uncertain: ['meetingIntervalMonths', 'releaseWindowMonths'],
    params: { meetingIntervalMonths: 1, releaseWindowMonths: 8 },
    source: 'Seed 002 §3.1, §5.1: the IRMT should review all high and very high RoSH cases due for release, not only MAPPA level 2 and 3; Public Protection Manual 2016; monthly, releases within 8 months (DOMAIN.md "IRMT and release planning", uncertain).',
  },
  {
    key: 'categorisation', version: 1, effectiveFrom: '2015-01-01', addedBy: 'default', uncertain: [],
    params: { initialWorkingDays: 10, longIntervalMonths: 12, shortIntervalMonths: 6, thresholdYears: 3, indeterminateYears: 3, recallDays: 10, listFromMonths: 2, approvalWorkingDays: 5 },
    source: 'Security Categorisation Policy Framework as implemented by the Digital Categorisation Service (ministryofjustice/offender-categorisation); DOMAIN.md "Security categorisation".',
  },
  {
    key: 'categorisation', version: 2, effectiveFrom: '2025-03-01', addedBy: 'default', uncertain: ['effectiveFrom'],
    params: { initialWorkingDays: 10, longIntervalMonths: 12, shortIntervalMonths: 6, thresholdYears: 5, indeterminateYears: 3, recallDays: 10, listFromMonths: 2, approvalWorkingDays: 5 },
    source: 'The threshold was briefly 5 years in 2025 (DOMAIN.md); the dates of the change are not in the sources: edit them when known.',
  },
  {
    key: 'categorisation', version: 3, effectiveFrom: '2025-10-01', addedBy: 'default', uncertain: ['effectiveFrom'],
    params: { initialWorkingDays: 10, longIntervalMonths: 12, shortIntervalMonths: 6, thresholdYears: 3, indeterminateYears: 3, recallDays: 10, listFromMonths: 2, approvalWorkingDays: 5 },
    source: 'Threshold back to 3 years later in 2025 (DOMAIN.md); date uncertain.',
  },
  {
    key: 'release-planning', version: 1, effectiveFrom: '2015-01-01', addedBy: 'default', uncertain: ['planningWindowMonths', 'victimLiaisonDays', 'policeNotificationDays', 'releaseDayDays'],
    params: {
      planningWindowMonths: 9, mappaConfirmationMonths: 6, approvedPremisesMonths: 6, apShortNoticeDays: 28, apEmergencyDays: 7, accommodationDays: 84,
      preReleaseMeetingMonths: 3, licenceDays: 28, resettlementWindowDays: 84, hdcAddressCheckWorkingDays: 10, hdcRefusalDays: 28,
      victimContactMinSentenceMonths: 12, rsoNotificationDays: 3, victimLiaisonDays: 56, policeNotificationDays: 28, releaseDayDays: 7, accommodationWarningDays: 56,
    },
    source: 'DOMAIN.md "IRMT and release planning" (seed 002 §3.1, §5.1; HMPPS service code): approved premises referral 6 months before release (short notice within 28 days, emergency within 7); licence prompted 4 weeks before; victim contact scheme for sentences of 12 months or more; HDC address checks 10 working days, refused under 4 weeks to CRD; resettlement window 12 weeks (84 days). MAPPA level confirmed 6 months before release and RSO police notification within 3 days (DOMAIN.md "People and words"; Sexual Offences Act 2003 s.83-84). Planning window 9 months, pre-release meeting 3 months and the "too little, too late" warning for accommodation 8 weeks before release from issue 6 (seed 002). Local defaults (uncertain): victim liaison officer told 8 weeks before (before the licence is drafted), police and children\'s services notified 4 weeks before, release-day arrangements a week before.',
  },
];

/** The version of `key` in force on `onDate`: the latest effective-from on or before it (the highest version on a tie). */
export function ruleInForce<K extends RuleKey>(versions: readonly RuleVersion[], key: K, onDate: IsoDate): RuleVersion<K> {
  let best: RuleVersion | null = null;
  for (const v of versions) {
    if (v.key !== key || v.effectiveFrom > onDate) continue;
    if (!best || v.effectiveFrom > best.effectiveFrom || (v.effectiveFrom === best.effectiveFrom && v.version > best.version)) best = v;
  }
  if (!best) throw new AppError('not-found', `No version of the ${RULE_NAMES[key]} is in force on ${onDate}`);
  return best as RuleVersion<K>;
}
