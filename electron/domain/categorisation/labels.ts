/** The words of a categorisation review, for the screens as well as the service (no database code here). */
export const REVIEW_REASONS = ['initial', 'due', 'age-21', 'recall', 'risk-change', 'manual'] as const;
export const REVIEW_STATUSES = [
  'started',
  'awaiting-approval',
  'sent-back',
  'approved',
  'cancelled',
] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REASON_LABELS: Record<ReviewReason, string> = {
  initial: 'Initial categorisation',
  due: 'Review due',
  'age-21': 'Age 21',
  recall: 'Recall',
  'risk-change': 'Change in risk',
  manual: 'Manual review',
};
export const STATUS_LABELS: Record<ReviewStatus, string> = {
  started: 'Started',
  'awaiting-approval': 'Awaiting approval',
  'sent-back': 'Sent back',
  approved: 'Approved',
  cancelled: 'Cancelled',
};

/** What a categoriser weighs: the sections of the Digital Categorisation Service's review, each recorded in words. */
export const EVIDENCE_SECTIONS = [
  { key: 'offending', label: 'Offending and sentence' },
  { key: 'custodialBehaviour', label: 'Custodial behaviour and adjudications' },
  { key: 'security', label: 'Security information' },
  { key: 'escapeRisk', label: 'Escape risk' },
  { key: 'violence', label: 'Violence' },
  { key: 'extremism', label: 'Extremism' },
  { key: 'progression', label: 'Progression against the sentence plan' },
  { key: 'publicProtection', label: 'Public protection status' },
  { key: 'releasePlan', label: 'Release plan' },
] as const;
export type EvidenceKey = (typeof EVIDENCE_SECTIONS)[number]['key'];
