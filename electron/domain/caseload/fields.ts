/**
 * The prisoner record's fields, described once: labels for screens and audit entries, CSV column names and
 * aliases for import, and the kind of value each holds.
 */
export const SENTENCE_TYPES = ['determinate', 'indeterminate'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high', 'very-high'] as const;
export const CATEGORIES = ['A', 'B', 'C', 'D', 'R', 'T', 'Q', 'I', 'J', 'V'] as const;
export const MAPPA_CATEGORIES = [1, 2, 3, 4] as const;
/** 0 is "none": MAPPA known not to apply (Manage POM Cases, app/models/case_information.rb: nil unknown, 0 not relevant); blank is not yet known. */
export const MAPPA_LEVELS = [0, 1, 2, 3] as const;
export const MAPPA_LEVEL_LABELS: Record<(typeof MAPPA_LEVELS)[number], string> = {
  0: 'None (MAPPA does not apply)',
  1: '1 (ordinary agency management)',
  2: '2 (multi-agency)',
  3: '3 (enhanced)',
};
/** The outcome of the last parole hearing for this sentence (Manage POM Cases, app/models/parole_review.rb: release or not). */
export const PAROLE_OUTCOMES = ['release', 'open-conditions', 'stay-in-closed'] as const;
export const PAROLE_OUTCOME_LABELS: Record<(typeof PAROLE_OUTCOMES)[number], string> = {
  release: 'Release',
  'open-conditions': 'Move to open conditions (not release)',
  'stay-in-closed': 'Stay in closed conditions (not release)',
};
/** Early allocation assessment outcomes (Manage POM Cases, app/models/early_allocation.rb: eligible, discretionary with the community's decision, ineligible). */
export const EARLY_ALLOCATION_OUTCOMES = [
  'eligible',
  'discretionary-accepted',
  'discretionary-refused',
  'discretionary-pending',
  'ineligible',
] as const;
export const EARLY_ALLOCATION_OUTCOME_LABELS: Record<(typeof EARLY_ALLOCATION_OUTCOMES)[number], string> = {
  eligible: 'Eligible',
  'discretionary-accepted': 'Discretionary: accepted by the community',
  'discretionary-refused': 'Discretionary: refused by the community',
  'discretionary-pending': "Discretionary: awaiting the community's decision",
  ineligible: 'Not eligible',
};

export type SentenceType = (typeof SENTENCE_TYPES)[number];
export type RiskLevel = (typeof RISK_LEVELS)[number];
export type Category = (typeof CATEGORIES)[number];
export type ParoleOutcome = (typeof PAROLE_OUTCOMES)[number];
export type EarlyAllocationOutcome = (typeof EARLY_ALLOCATION_OUTCOMES)[number];

export const RISK_LABELS: Record<RiskLevel, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  'very-high': 'Very high',
};
/**
 * Security categories as the Digital Categorisation Service names them (ministryofjustice/offender-categorisation,
 * server/utils/utils.js, catMappings: D Open, I YOI closed, J YOI open, Q Restricted, R Closed, T Open; isOpenCategory:
 * D, J, T), with the estate for R, T and Q (the women's estate's categories, Security Categorisation Policy Framework).
 * V (YOI restricted) is not offered by that service; NOMIS names it so. Checked in tests/unit/caseload/category-labels.test.ts.
 */
export const CATEGORY_LABELS: Record<Category, string> = {
  A: 'A',
  B: 'B',
  C: 'C',
  D: 'D (open)',
  R: 'R (women, closed)',
  T: 'T (women, open)',
  Q: 'Q (women, restricted)',
  I: 'I (YOI closed)',
  J: 'J (YOI open)',
  V: 'V (YOI restricted)',
};

export type FieldKind = 'text' | 'date' | 'enum' | 'int' | 'bool' | 'email' | 'staff';

export interface FieldSpec {
  key: string;
  csv: string;
  label: string;
  short?: string;
  kind: FieldKind;
  required?: boolean;
  aliases?: string[];
}

export const PRISONER_FIELDS = [
  {
    key: 'prisonerNumber',
    csv: 'prisoner_number',
    label: 'Prisoner number',
    kind: 'text',
    required: true,
    aliases: ['noms', 'noms_number', 'nomis_number', 'prison_number', 'offender_no'],
  },
  {
    key: 'surname',
    csv: 'surname',
    label: 'Surname',
    kind: 'text',
    required: true,
    aliases: ['last_name', 'family_name'],
  },
  {
    key: 'forenames',
    csv: 'forenames',
    label: 'Forenames',
    kind: 'text',
    required: true,
    aliases: ['first_names', 'first_name', 'forename', 'given_names'],
  },
  {
    key: 'dateOfBirth',
    csv: 'date_of_birth',
    label: 'Date of birth',
    short: 'DOB',
    kind: 'date',
    required: true,
    aliases: ['dob', 'birth_date'],
  },
  { key: 'sentenceType', csv: 'sentence_type', label: 'Sentence type', kind: 'enum', required: true },
  {
    key: 'sentenceStartDate',
    csv: 'sentence_start_date',
    label: 'Sentence start date',
    short: 'SSD',
    kind: 'date',
    required: true,
    aliases: ['ssd', 'sentence_date'],
  },
  { key: 'crn', csv: 'crn', label: 'CRN', kind: 'text', aliases: ['case_reference_number', 'delius_crn'] },
  { key: 'pnc', csv: 'pnc', label: 'PNC number', kind: 'text', aliases: ['pnc_number', 'pnc_id'] },
  {
    key: 'location',
    csv: 'location',
    label: 'Location',
    kind: 'text',
    aliases: ['cell', 'cell_location', 'wing'],
  },
  {
    key: 'category',
    csv: 'category',
    label: 'Category',
    kind: 'enum',
    aliases: ['security_category', 'cat'],
  },
  {
    key: 'conditionalReleaseDate',
    csv: 'conditional_release_date',
    label: 'Conditional release date',
    short: 'CRD',
    kind: 'date',
    aliases: ['crd'],
  },
  {
    key: 'automaticReleaseDate',
    csv: 'automatic_release_date',
    label: 'Automatic release date',
    short: 'ARD',
    kind: 'date',
    aliases: ['ard'],
  },
  {
    key: 'paroleEligibilityDate',
    csv: 'parole_eligibility_date',
    label: 'Parole eligibility date',
    short: 'PED',
    kind: 'date',
    aliases: ['ped'],
  },
  {
    key: 'hdcEligibilityDate',
    csv: 'hdc_eligibility_date',
    label: 'HDC eligibility date',
    short: 'HDCED',
    kind: 'date',
    aliases: ['hdced', 'home_detention_curfew_eligibility_date'],
  },
  {
    key: 'tariffExpiryDate',
    csv: 'tariff_expiry_date',
    label: 'Tariff expiry date',
    short: 'TED',
    kind: 'date',
    aliases: ['ted', 'tariff_date'],
  },
  {
    key: 'targetHearingDate',
    csv: 'target_hearing_date',
    label: 'Target hearing date',
    short: 'THD',
    kind: 'date',
    aliases: ['thd'],
  },
  {
    key: 'sentenceExpiryDate',
    csv: 'sentence_expiry_date',
    label: 'Sentence expiry date',
    short: 'SED',
    kind: 'date',
    aliases: ['sed'],
  },
  {
    key: 'licenceExpiryDate',
    csv: 'licence_expiry_date',
    label: 'Licence expiry date',
    short: 'LED',
    kind: 'date',
    aliases: ['led', 'license_expiry_date'],
  },
  { key: 'recallDate', csv: 'recall_date', label: 'Recall date', kind: 'date', aliases: ['date_of_recall'] },
  {
    key: 'postRecallReleaseDate',
    csv: 'post_recall_release_date',
    label: 'Post-recall release date',
    short: 'PRRD',
    kind: 'date',
    aliases: ['prrd'],
  },
  {
    key: 'fixedTermRecallDays',
    csv: 'fixed_term_recall_days',
    label: 'Fixed-term recall length in days',
    kind: 'int',
    aliases: ['ftr_days', 'fixed_term_recall', 'fixed_term_recall_length'],
  },
  {
    key: 'actualParoleDate',
    csv: 'actual_parole_date',
    label: 'Actual parole date',
    short: 'APD',
    kind: 'date',
    aliases: ['apd'],
  },
  {
    key: 'paroleOutcome',
    csv: 'parole_outcome',
    label: 'Parole hearing outcome',
    kind: 'enum',
    aliases: ['parole_hearing_outcome', 'hearing_outcome'],
  },
  {
    key: 'paroleOutcomeOn',
    csv: 'parole_outcome_date',
    label: 'Parole hearing outcome date',
    kind: 'date',
    aliases: ['parole_outcome_on', 'hearing_outcome_received_on'],
  },
  {
    key: 'additionalIsp',
    csv: 'additional_isp',
    label: 'Further life or IPP sentence to start later',
    kind: 'bool',
    aliases: ['additional_future_isp', 'additional_life_sentence'],
  },
  {
    key: 'immigrationCase',
    csv: 'immigration_case',
    label: 'Immigration case (held under immigration powers)',
    kind: 'bool',
    aliases: ['immigration_detainee', 'is91'],
  },
  {
    key: 'openConditionsSince',
    csv: 'open_conditions_since',
    label: 'In open conditions since',
    kind: 'date',
    aliases: ['category_active_since', 'open_since', 'open_prison_arrival_date'],
  },
  { key: 'rosh', csv: 'rosh', label: 'RoSH', kind: 'enum', aliases: ['risk_of_serious_harm', 'rosh_level'] },
  {
    key: 'mappaCategory',
    csv: 'mappa_category',
    label: 'MAPPA category',
    kind: 'int',
    aliases: ['mappa_cat'],
  },
  { key: 'mappaLevel', csv: 'mappa_level', label: 'MAPPA level', kind: 'int', aliases: ['mappa_lvl'] },
  { key: 'rm2000', csv: 'rm2000', label: 'RM2000', kind: 'enum', aliases: ['risk_matrix_2000', 'rm_2000'] },
  {
    key: 'registeredSexOffender',
    csv: 'registered_sex_offender',
    label: 'Registered sex offender',
    kind: 'bool',
    aliases: ['rso', 'sex_offender_registration'],
  },
  { key: 'earlyAllocation', csv: 'early_allocation', label: 'Early allocation', kind: 'bool' },
  {
    key: 'earlyAllocationAssessedOn',
    csv: 'early_allocation_assessed_on',
    label: 'Early allocation assessed on',
    kind: 'date',
    aliases: ['early_allocation_date', 'early_allocation_assessment_date'],
  },
  {
    key: 'earlyAllocationOutcome',
    csv: 'early_allocation_outcome',
    label: 'Early allocation outcome',
    kind: 'enum',
    aliases: ['early_allocation_assessment_outcome'],
  },
  {
    key: 'pomId',
    csv: 'pom',
    label: 'POM',
    kind: 'staff',
    aliases: ['pom_name', 'prison_offender_manager', 'offender_manager'],
  },
  {
    key: 'comName',
    csv: 'com_name',
    label: 'COM name',
    kind: 'text',
    aliases: ['com', 'community_offender_manager'],
  },
  { key: 'comEmail', csv: 'com_email', label: 'COM email', kind: 'email', aliases: ['com_e_mail'] },
  { key: 'pdu', csv: 'pdu', label: 'PDU', kind: 'text', aliases: ['probation_delivery_unit', 'ldu'] },
  {
    key: 'lastCategorisedOn',
    csv: 'last_categorised_on',
    label: 'Last categorisation',
    kind: 'date',
    aliases: ['categorised_on', 'last_categorisation_date', 'category_date'],
  },
  {
    key: 'releasedOn',
    csv: 'released_on',
    label: 'Released on',
    kind: 'date',
    aliases: ['release_date_actual', 'discharged_on'],
  },
] as const satisfies readonly FieldSpec[];

export type PrisonerFieldKey = (typeof PRISONER_FIELDS)[number]['key'];

export const FIELD_BY_KEY: Record<string, FieldSpec> = Object.fromEntries(
  PRISONER_FIELDS.map((f) => [f.key, f]),
);

/**
 * A prisoner's record as an audit entry for his addition holds it, whole: every field in order, a field the entry
 * leaves out blank (null). Entries written since issue 18 item 3 leave out the blank fields
 * (caseload/changes.ts `newPrisonerEntry`); earlier ones hold every field and read back as they are.
 */
export function withBlankFields(after: Record<string, unknown>): Record<string, unknown> {
  const whole: Record<string, unknown> = {};
  for (const f of PRISONER_FIELDS) whole[f.key] = after[f.key] ?? null;
  for (const key of Object.keys(after)) if (!(key in whole)) whole[key] = after[key];
  return whole;
}

export const KEY_DATE_FIELDS = [
  'sentenceStartDate',
  'conditionalReleaseDate',
  'automaticReleaseDate',
  'paroleEligibilityDate',
  'hdcEligibilityDate',
  'tariffExpiryDate',
  'targetHearingDate',
  'sentenceExpiryDate',
  'licenceExpiryDate',
  'recallDate',
  'postRecallReleaseDate',
  'actualParoleDate',
] as const;
