import { z } from 'zod';
import { isIsoDate, addYears, type IsoDate } from '../shared/dates';
import { emailAddressSchema, isEmailAddress } from '../shared/email';
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

export const isoDateSchema = z.lazy(() =>
  z.string().refine(isIsoDate, { message: 'must be a real date (DD/MM/YYYY or YYYY-MM-DD)' }),
);

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

export const prisonerInputSchema = z.lazy(() =>
  z
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
          z
            .enum(PAROLE_OUTCOMES, { message: 'must be release, open conditions or stay in closed' })
            .nullable(),
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
    }),
);

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

const SENTENCE_TYPE_SET: ReadonlySet<unknown> = new Set(SENTENCE_TYPES);
const CATEGORY_SET: ReadonlySet<unknown> = new Set(CATEGORIES);
const RISK_SET: ReadonlySet<unknown> = new Set(RISK_LEVELS);
const PAROLE_OUTCOME_SET: ReadonlySet<unknown> = new Set(PAROLE_OUTCOMES);
const EARLY_ALLOCATION_SET: ReadonlySet<unknown> = new Set(EARLY_ALLOCATION_OUTCOMES);
const MAPPA_CATEGORY_SET: ReadonlySet<unknown> = new Set([1, 2, 3, 4]);
const MAPPA_LEVEL_SET: ReadonlySet<unknown> = new Set([0, 1, 2, 3]);

/** Thrown inside fastPrisonerInput when a value is not one it is sure of: the caller then asks the schema. */
const UNSURE = Symbol('unsure');
const unsure = (): never => {
  throw UNSURE;
};
const isBlank = (v: unknown): v is string => typeof v === 'string' && v.trim() === '';
/** `isoDateSchema`: the value itself when it is a real ISO date. */
// isIsoDate reads the characters themselves (no regular expression): cheaper than the set of dates met that it replaced.
const fastRequiredDate = (v: unknown) => (typeof v === 'string' && isIsoDate(v) ? v : unsure());
/** `optionalDate`: blank or missing is null, otherwise as `isoDateSchema`. */
const fastDate = (v: unknown) => (v === undefined || v === null || isBlank(v) ? null : fastRequiredDate(v));
/** `optionalText(max)`. */
const fastText = (v: unknown, max: number) => {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') return unsure();
  const t = v.trim();
  return t === '' ? null : t.length <= max ? t : unsure();
};
/** `upperPattern(re)`. */
const fastUpper = (v: unknown, re: RegExp) => {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') return unsure();
  const t = v.trim();
  if (t === '') return null;
  const u = t.toUpperCase();
  return re.test(u) ? u : unsure();
};
/** A nullable choice after `blankToNull`: the value itself when it is one of `allowed`. */
const fastChoice = <T>(v: unknown, allowed: ReadonlySet<unknown>) =>
  v === undefined || v === null || isBlank(v) ? null : allowed.has(v) ? (v as T) : unsure();
const fastBool = (v: unknown) => (v === undefined ? false : typeof v === 'boolean' ? v : unsure());
const fastName = (v: unknown) => {
  if (typeof v !== 'string') return unsure();
  const t = v.trim();
  return t.length >= 1 && t.length <= 100 ? t : unsure();
};

/**
 * What `prisonerInputSchema.parse(candidate)` gives, worked out without zod when every value is one this function is
 * sure of (the rows of a real caseload file nearly always are), or null: the caller then runs the schema, whose issues
 * are the messages a person reads. A caseload file's 80,000 rows each went through the schema's 44 fields (zod and
 * the garbage it makes were about a tenth of the import's CPU; issue 18 item 3). Its output is the schema's, key for
 * key and in the schema's order (tests/unit/prisoner-fast-input.test.ts checks both on valid, blank and wrong values).
 */
export function fastPrisonerInput(c: Readonly<Record<string, unknown>>): PrisonerInput | null {
  try {
    const number = typeof c.prisonerNumber === 'string' ? c.prisonerNumber.trim().toUpperCase() : unsure();
    if (!PRISONER_NUMBER_RE.test(number)) unsure();
    const dateOfBirth = fastRequiredDate(c.dateOfBirth);
    const sentenceStartDate = fastRequiredDate(c.sentenceStartDate);
    const comEmail = fastText(c.comEmail, 254);
    if (comEmail !== null && !isEmailAddress(comEmail)) unsure();
    const fixedTermRecallDays =
      c.fixedTermRecallDays === undefined || c.fixedTermRecallDays === null || isBlank(c.fixedTermRecallDays)
        ? null
        : typeof c.fixedTermRecallDays === 'number' &&
            Number.isInteger(c.fixedTermRecallDays) &&
            c.fixedTermRecallDays >= 1 &&
            c.fixedTermRecallDays <= 365
          ? c.fixedTermRecallDays
          : unsure();
    const pomId =
      c.pomId === undefined || c.pomId === null || isBlank(c.pomId)
        ? null
        : typeof c.pomId === 'string'
          ? c.pomId
          : unsure();
    const p: PrisonerInput = {
      prisonerNumber: number,
      surname: fastName(c.surname),
      forenames: fastName(c.forenames),
      dateOfBirth,
      sentenceType: SENTENCE_TYPE_SET.has(c.sentenceType) ? (c.sentenceType as SentenceType) : unsure(),
      sentenceStartDate,
      crn: fastUpper(c.crn, CRN_RE),
      pnc: fastUpper(c.pnc, PNC_RE),
      location: fastText(c.location, 40),
      category: fastChoice<Category>(c.category, CATEGORY_SET),
      conditionalReleaseDate: fastDate(c.conditionalReleaseDate),
      automaticReleaseDate: fastDate(c.automaticReleaseDate),
      paroleEligibilityDate: fastDate(c.paroleEligibilityDate),
      hdcEligibilityDate: fastDate(c.hdcEligibilityDate),
      tariffExpiryDate: fastDate(c.tariffExpiryDate),
      targetHearingDate: fastDate(c.targetHearingDate),
      sentenceExpiryDate: fastDate(c.sentenceExpiryDate),
      licenceExpiryDate: fastDate(c.licenceExpiryDate),
      recallDate: fastDate(c.recallDate),
      postRecallReleaseDate: fastDate(c.postRecallReleaseDate),
      fixedTermRecallDays,
      actualParoleDate: fastDate(c.actualParoleDate),
      paroleOutcome: fastChoice<ParoleOutcome>(c.paroleOutcome, PAROLE_OUTCOME_SET),
      paroleOutcomeOn: fastDate(c.paroleOutcomeOn),
      additionalIsp: fastBool(c.additionalIsp),
      immigrationCase: fastBool(c.immigrationCase),
      openConditionsSince: fastDate(c.openConditionsSince),
      rosh: fastChoice<RiskLevel>(c.rosh, RISK_SET),
      mappaCategory: fastChoice<1 | 2 | 3 | 4>(c.mappaCategory, MAPPA_CATEGORY_SET),
      mappaLevel: fastChoice<0 | 1 | 2 | 3>(c.mappaLevel, MAPPA_LEVEL_SET),
      rm2000: fastChoice<RiskLevel>(c.rm2000, RISK_SET),
      registeredSexOffender: fastBool(c.registeredSexOffender),
      earlyAllocation: fastBool(c.earlyAllocation),
      earlyAllocationAssessedOn: fastDate(c.earlyAllocationAssessedOn),
      earlyAllocationOutcome: fastChoice<EarlyAllocationOutcome>(
        c.earlyAllocationOutcome,
        EARLY_ALLOCATION_SET,
      ),
      pomId,
      comName: fastText(c.comName, 100),
      comEmail,
      pdu: fastText(c.pdu, 100),
      lastCategorisedOn: fastDate(c.lastCategorisedOn),
      releasedOn: fastDate(c.releasedOn),
    };
    return dateOrderIssues(p).length === 0 && consistencyIssues(p).length === 0 ? p : null;
  } catch (e) {
    if (e === UNSURE) return null;
    throw e;
  }
}
