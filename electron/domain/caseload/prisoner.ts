import { z } from 'zod';
import { isIsoDate, addYears, type IsoDate } from '../shared/dates';
import { emailAddressSchema } from '../shared/email';
import {
  CATEGORIES,
  EARLY_ALLOCATION_OUTCOMES,
  FIELD_BY_KEY,
  PAROLE_OUTCOMES,
  RISK_LEVELS,
  SENTENCE_TYPES,
  type Category,
  type EarlyAllocationOutcome,
  type ParoleOutcome,
  type RiskLevel,
  type SentenceType,
} from './fields';

export const PRISONER_NUMBER_RE = /^[A-Z]\d{4}[A-Z]{2}$/;
export const CRN_RE = /^[A-Z]\d{6}$/;
export const PNC_RE = /^\d{2}(\d{2})?\/\d{1,7}[A-Z]$/;

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

export const isoDateSchema = z
  .string()
  .refine(isIsoDate, { message: 'must be a real date (DD/MM/YYYY or YYYY-MM-DD)' });

const optionalDate = z.preprocess(blankToNull, isoDateSchema.nullable()).default(null);
const optionalText = (max: number) =>
  z
    .preprocess(
      (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : v),
      z.string().max(max, `must be at most ${max} characters`).nullable(),
    )
    .default(null);
const upperPattern = (re: RegExp, message: string) =>
  z
    .preprocess(
      (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim().toUpperCase()) : v),
      z.string().regex(re, message).nullable(),
    )
    .default(null);

export const prisonerInputSchema = z
  .object({
    prisonerNumber: z
      .string()
      .trim()
      .toUpperCase()
      .regex(PRISONER_NUMBER_RE, 'must be one letter, four digits and two letters, like A1234BC'),
    surname: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
    forenames: z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
    dateOfBirth: isoDateSchema,
    sentenceType: z.enum(SENTENCE_TYPES, { message: 'must be determinate or indeterminate' }),
    sentenceStartDate: isoDateSchema,
    crn: upperPattern(CRN_RE, 'must be one letter and six digits, like X123456'),
    pnc: upperPattern(PNC_RE, 'must look like 2012/0123456X'),
    location: optionalText(40),
    category: z
      .preprocess(
        blankToNull,
        z.enum(CATEGORIES, { message: `must be one of ${CATEGORIES.join(', ')}` }).nullable(),
      )
      .default(null),
    conditionalReleaseDate: optionalDate,
    automaticReleaseDate: optionalDate,
    paroleEligibilityDate: optionalDate,
    hdcEligibilityDate: optionalDate,
    tariffExpiryDate: optionalDate,
    targetHearingDate: optionalDate,
    sentenceExpiryDate: optionalDate,
    licenceExpiryDate: optionalDate,
    recallDate: optionalDate,
    postRecallReleaseDate: optionalDate,
    fixedTermRecallDays: z
      .preprocess(
        blankToNull,
        z
          .number({ message: 'must be a number of days, like 28' })
          .int('must be a whole number of days')
          .min(1, 'must be at least 1 day')
          .max(365, 'must be at most 365 days')
          .nullable(),
      )
      .default(null),
    actualParoleDate: optionalDate,
    paroleOutcome: z
      .preprocess(
        blankToNull,
        z.enum(PAROLE_OUTCOMES, { message: 'must be release, open conditions or stay in closed' }).nullable(),
      )
      .default(null),
    paroleOutcomeOn: optionalDate,
    additionalIsp: z.boolean().default(false),
    immigrationCase: z.boolean().default(false),
    openConditionsSince: optionalDate,
    rosh: z
      .preprocess(
        blankToNull,
        z.enum(RISK_LEVELS, { message: 'must be low, medium, high or very high' }).nullable(),
      )
      .default(null),
    mappaCategory: z
      .preprocess(
        blankToNull,
        z
          .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], {
            message: 'must be 1, 2, 3 or 4',
          })
          .nullable(),
      )
      .default(null),
    mappaLevel: z
      .preprocess(
        blankToNull,
        z
          .union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], {
            message: 'must be none, 1, 2 or 3',
          })
          .nullable(),
      )
      .default(null),
    rm2000: z
      .preprocess(
        blankToNull,
        z.enum(RISK_LEVELS, { message: 'must be low, medium, high or very high' }).nullable(),
      )
      .default(null),
    registeredSexOffender: z.boolean().default(false),
    earlyAllocation: z.boolean().default(false),
    earlyAllocationAssessedOn: optionalDate,
    earlyAllocationOutcome: z
      .preprocess(
        blankToNull,
        z
          .enum(EARLY_ALLOCATION_OUTCOMES, {
            message: `must be one of ${EARLY_ALLOCATION_OUTCOMES.join(', ')}`,
          })
          .nullable(),
      )
      .default(null),
    pomId: z.preprocess(blankToNull, z.string().nullable()).default(null),
    comName: optionalText(100),
    comEmail: z
      .preprocess(
        (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : v),
        emailAddressSchema.nullable(),
      )
      .default(null),
    pdu: optionalText(100),
    lastCategorisedOn: optionalDate,
    releasedOn: optionalDate,
  })
  .superRefine((p, ctx) => {
    for (const issue of [...dateOrderIssues(p), ...consistencyIssues(p)])
      ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  });

export type PrisonerInput = z.output<typeof prisonerInputSchema>;

export interface PrisonerFacts {
  prisonerNumber: string;
  surname: string;
  forenames: string;
  dateOfBirth: IsoDate;
  sentenceType: SentenceType;
  sentenceStartDate: IsoDate;
  conditionalReleaseDate: IsoDate | null;
  automaticReleaseDate: IsoDate | null;
  paroleEligibilityDate: IsoDate | null;
  hdcEligibilityDate: IsoDate | null;
  tariffExpiryDate: IsoDate | null;
  targetHearingDate: IsoDate | null;
  sentenceExpiryDate: IsoDate | null;
  licenceExpiryDate: IsoDate | null;
  recallDate: IsoDate | null;
  postRecallReleaseDate: IsoDate | null;
  fixedTermRecallDays: number | null;
  actualParoleDate: IsoDate | null;
  paroleOutcome: ParoleOutcome | null;
  paroleOutcomeOn: IsoDate | null;
  additionalIsp: boolean;
  immigrationCase: boolean;
  openConditionsSince: IsoDate | null;
  rosh: RiskLevel | null;
  mappaCategory: number | null;
  mappaLevel: number | null;
  rm2000: RiskLevel | null;
  registeredSexOffender: boolean;
  earlyAllocation: boolean;
  earlyAllocationAssessedOn: IsoDate | null;
  earlyAllocationOutcome: EarlyAllocationOutcome | null;
  category: Category | null;
}

type DateOrderInput = Pick<
  PrisonerInput,
  | 'dateOfBirth'
  | 'sentenceStartDate'
  | 'conditionalReleaseDate'
  | 'automaticReleaseDate'
  | 'paroleEligibilityDate'
  | 'hdcEligibilityDate'
  | 'tariffExpiryDate'
  | 'targetHearingDate'
  | 'sentenceExpiryDate'
  | 'licenceExpiryDate'
  | 'recallDate'
> &
  Partial<
    Pick<
      PrisonerInput,
      'postRecallReleaseDate' | 'actualParoleDate' | 'paroleOutcomeOn' | 'earlyAllocationAssessedOn'
    >
  > & { releasedOn?: IsoDate | null; lastCategorisedOn?: IsoDate | null };

const label = (key: string) => FIELD_BY_KEY[key]?.label ?? key;

/** Dates that cannot be in this order in a real sentence calculation. */
export function dateOrderIssues(p: DateOrderInput): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  // Each check needs only the dates it compares: a date of birth that does not read must not hide a release before
  // the sentence began (issue 12, item 13).
  const start = isIsoDate(p.sentenceStartDate) ? p.sentenceStartDate : null;
  if (start && isIsoDate(p.dateOfBirth) && start < addYears(p.dateOfBirth, 10)) {
    issues.push({ field: 'sentenceStartDate', message: 'must be at least 10 years after the date of birth' });
  }
  const afterStart = [
    'conditionalReleaseDate',
    'automaticReleaseDate',
    'paroleEligibilityDate',
    'hdcEligibilityDate',
    'tariffExpiryDate',
    'targetHearingDate',
    'sentenceExpiryDate',
    'licenceExpiryDate',
    'recallDate',
    'releasedOn',
    'lastCategorisedOn',
    'postRecallReleaseDate',
    'actualParoleDate',
  ] as const;
  for (const key of afterStart) {
    const d = p[key];
    if (start && d && d < start)
      issues.push({ field: key, message: `must not be before the sentence start date` });
  }
  const notAfterExpiry = [
    'conditionalReleaseDate',
    'automaticReleaseDate',
    'paroleEligibilityDate',
    'hdcEligibilityDate',
  ] as const;
  if (p.sentenceExpiryDate) {
    for (const key of notAfterExpiry) {
      const d = p[key];
      if (d && d > p.sentenceExpiryDate)
        issues.push({
          field: key,
          message: `must not be after the ${label('sentenceExpiryDate').toLowerCase()}`,
        });
    }
  }
  if (p.hdcEligibilityDate && p.conditionalReleaseDate && p.hdcEligibilityDate > p.conditionalReleaseDate) {
    issues.push({ field: 'hdcEligibilityDate', message: 'must not be after the conditional release date' });
  }
  if (p.postRecallReleaseDate && p.recallDate && p.postRecallReleaseDate < p.recallDate) {
    issues.push({ field: 'postRecallReleaseDate', message: 'must not be before the recall date' });
  }
  return issues;
}

type ConsistencyInput = Pick<
  PrisonerInput,
  | 'sentenceType'
  | 'recallDate'
  | 'postRecallReleaseDate'
  | 'fixedTermRecallDays'
  | 'paroleOutcome'
  | 'paroleOutcomeOn'
  | 'additionalIsp'
  | 'mappaCategory'
  | 'mappaLevel'
  | 'earlyAllocationAssessedOn'
  | 'earlyAllocationOutcome'
>;

/** Facts that cannot go together: each names the field to correct. */
export function consistencyIssues(p: ConsistencyInput): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  if (!p.recallDate && p.postRecallReleaseDate)
    issues.push({ field: 'postRecallReleaseDate', message: 'needs a recall date' });
  if (!p.recallDate && p.fixedTermRecallDays)
    issues.push({ field: 'fixedTermRecallDays', message: 'needs a recall date' });
  if (p.paroleOutcomeOn && !p.paroleOutcome)
    issues.push({ field: 'paroleOutcome', message: 'is needed when the outcome date is given' });
  if (p.additionalIsp && p.sentenceType !== 'indeterminate')
    issues.push({
      field: 'additionalIsp',
      message: 'applies only to an indeterminate (life or IPP) sentence',
    });
  if (p.mappaLevel === 0 && p.mappaCategory)
    issues.push({
      field: 'mappaLevel',
      message:
        'cannot be none for a MAPPA category: choose level 1, 2 or 3, or leave it blank until it is known',
    });
  if (p.earlyAllocationOutcome && !p.earlyAllocationAssessedOn)
    issues.push({
      field: 'earlyAllocationAssessedOn',
      message: 'is needed with the early allocation outcome',
    });
  if (p.earlyAllocationAssessedOn && !p.earlyAllocationOutcome)
    issues.push({
      field: 'earlyAllocationOutcome',
      message: 'is needed with the early allocation assessment date',
    });
  return issues;
}

/** Recalled on this sentence: any sentence type (Manage POM Cases, app/models/hmpps_api/sentence_detail.rb recalled?). */
export function isRecall(p: Pick<PrisonerFacts, 'recallDate'>): boolean {
  return p.recallDate !== null;
}
