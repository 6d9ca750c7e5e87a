import { z } from 'zod';
import type { categorisationReviews, progressionWork } from '../../../db/schema';
import type { Row } from '../../core/tables';
import { isoDateSchema } from '../caseload/prisoner';
import { CATEGORIES, type Category } from '../caseload/fields';
import type { IsoDate } from '../shared/dates';
import { defensibilityProblems } from './defensibility';
import { ACCREDITED_PROGRAMMES, type ProgressionWork } from './progression';
import {
  EVIDENCE_SECTIONS,
  REVIEW_REASONS,
  type EvidenceKey,
  type ReviewReason,
  type ReviewStatus,
} from './labels';

export {
  REVIEW_REASONS,
  REVIEW_STATUSES,
  REASON_LABELS,
  STATUS_LABELS,
  EVIDENCE_SECTIONS,
  type ReviewReason,
  type ReviewStatus,
  type EvidenceKey,
} from './labels';
/** A review still with the categoriser or the approver: at most one per prisoner. */
export const OPEN_STATUSES: readonly ReviewStatus[] = ['started', 'awaiting-approval', 'sent-back'];
const EVIDENCE_KEYS = EVIDENCE_SECTIONS.map((s) => s.key) as [EvidenceKey, ...EvidenceKey[]];

/** Who may start, cancel and record progression: the people who categorise. */
export const CATEGORISERS = ['pom', 'case-administrator', 'senior-manager'] as const;

const text = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : v),
    z.string().max(max, `must be at most ${max} characters`).nullable(),
  );
const category = z.preprocess(
  (v) => (v === '' ? null : v),
  z.enum(CATEGORIES, { message: `must be one of ${CATEGORIES.join(', ')}` }).nullable(),
);

export const startInputSchema = z.lazy(() =>
  z.object({
    reason: z.enum(REVIEW_REASONS, { message: `must be one of ${REVIEW_REASONS.join(', ')}` }),
    startedOn: isoDateSchema,
  }),
);
export const draftInputSchema = z.lazy(() =>
  z.object({
    proposedCategory: category.optional(),
    evidence: z.partialRecord(z.enum(EVIDENCE_KEYS), text(8000)).optional(),
    recommendation: text(8000).optional(),
    citedProgrammes: z
      .array(z.enum(ACCREDITED_PROGRAMMES, { message: 'must be an accredited programme' }))
      .max(20)
      .optional(),
    alternativeEvidence: text(8000).optional(),
  }),
);
export const submitInputSchema = z.lazy(() =>
  z.object({
    completedOn: isoDateSchema,
    nextReview: z.union(
      [z.object({ months: z.number().int().min(1).max(36) }), z.object({ date: isoDateSchema })],
      { message: 'choose 6 or 12 months, or a date' },
    ),
  }),
);
export const approveInputSchema = z.lazy(() =>
  z.object({
    approvedOn: isoDateSchema,
    approvedCategory: z.enum(CATEGORIES, { message: `must be one of ${CATEGORIES.join(', ')}` }),
    reasons: text(4000).default(null),
  }),
);
export const sendBackInputSchema = z.lazy(() =>
  z.object({
    sentBackOn: isoDateSchema,
    message: z.string().trim().min(10, 'say what needs doing (at least 10 characters)').max(4000),
  }),
);
export const dateChangeInputSchema = z.lazy(() =>
  z.object({
    toDate: isoDateSchema,
    reason: z.string().trim().min(10, 'give the reason for the change (at least 10 characters)').max(2000),
  }),
);
export const cancelReasonSchema = z.lazy(() =>
  z.string().trim().min(10, 'give the reason (at least 10 characters)').max(2000),
);

export interface CategorisationReview {
  id: string;
  reason: ReviewReason;
  status: ReviewStatus;
  startedOn: IsoDate;
  categoriserId: string;
  categoriser: string;
  currentCategory: Category | null;
  proposedCategory: Category | null;
  evidence: Partial<Record<EvidenceKey, string>>;
  recommendation: string | null;
  citedProgrammes: string[];
  alternativeEvidence: string | null;
  nextReviewOn: IsoDate | null;
  submittedOn: IsoDate | null;
  sentBackOn: IsoDate | null;
  sentBackMessage: string | null;
  approver: string | null;
  approvedOn: IsoDate | null;
  approvedCategory: Category | null;
  approvalReasons: string | null;
  cancelledOn: IsoDate | null;
  cancelledReason: string | null;
  updatedAt: string;
}

export type ReviewRow = Row<typeof categorisationReviews>;

/** A stored review as the page and the decisions read it, with the categoriser's and approver's names. */
export function toReview(r: ReviewRow, nameOf: (staffId: string) => string | null): CategorisationReview {
  return {
    id: r.id,
    reason: r.reason as ReviewReason,
    status: r.status as ReviewStatus,
    startedOn: r.startedOn,
    categoriserId: r.categoriserId,
    categoriser: nameOf(r.categoriserId) ?? r.categoriserId,
    currentCategory: r.currentCategory as Category | null,
    proposedCategory: r.proposedCategory as Category | null,
    evidence: JSON.parse(r.evidence) as CategorisationReview['evidence'],
    recommendation: r.recommendation,
    citedProgrammes: JSON.parse(r.citedProgrammes) as string[],
    alternativeEvidence: r.alternativeEvidence,
    nextReviewOn: r.nextReviewOn,
    submittedOn: r.submittedOn,
    sentBackOn: r.sentBackOn,
    sentBackMessage: r.sentBackMessage,
    approver: r.approverId ? (nameOf(r.approverId) ?? r.approverId) : null,
    approvedOn: r.approvedOn,
    approvedCategory: r.approvedCategory as Category | null,
    approvalReasons: r.approvalReasons,
    cancelledOn: r.cancelledOn,
    cancelledReason: r.cancelledReason,
    updatedAt: r.updatedAt,
  };
}

/** Why a review cannot go for approval yet: each missing part, and the defensibility check, by field. */
export function reviewProblems(
  r: CategorisationReview,
  work: readonly ProgressionWork[],
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (!r.proposedCategory) problems.push({ field: 'proposedCategory', message: 'Propose a category.' });
  for (const s of EVIDENCE_SECTIONS)
    if (!r.evidence[s.key])
      problems.push({
        field: `evidence.${s.key}`,
        message: `Record what you found for "${s.label}" (write "None" if there is nothing).`,
      });
  if (!r.recommendation || r.recommendation.length < 20)
    problems.push({
      field: 'recommendation',
      message: 'Give the recommendation and its reasons (at least 20 characters).',
    });
  problems.push(...defensibilityProblems(r, work));
  return problems;
}

/** A stored piece of progression work as the page and the decisions read it. */
export function toWork(w: Row<typeof progressionWork>): ProgressionWork {
  return {
    id: w.id,
    kind: w.kind as ProgressionWork['kind'],
    work: w.work,
    suitability: w.suitability as ProgressionWork['suitability'],
    unsuitableReason: w.unsuitableReason as ProgressionWork['unsuitableReason'],
    status: w.status as ProgressionWork['status'],
    assessedOn: w.assessedOn,
    startedOn: w.startedOn,
    endedOn: w.endedOn,
    outcome: w.outcome,
    recordedBy: w.updatedBy,
    updatedAt: w.updatedAt,
  };
}

/** The record of progression in the order it happened: started, else assessed, else recorded (rows given oldest first). */
export function orderWork(rows: readonly Row<typeof progressionWork>[]): ProgressionWork[] {
  const when = (w: Row<typeof progressionWork>) => w.startedOn ?? w.assessedOn ?? w.createdAt;
  return [...rows].sort((a, b) => (when(a) < when(b) ? -1 : when(a) > when(b) ? 1 : 0)).map(toWork);
}
