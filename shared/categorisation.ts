// What the renderer may import (issue 15, item 5): Categorisation: review reasons, evidence sections, statuses and progression work, with their labels.
// The renderer imports only from shared/; values come from pure modules (labels, rules, dates: no database, no Node),
// types from anywhere (they leave no code in the bundle). eslint.config.js holds both walls.

export {
  EVIDENCE_SECTIONS,
  REASON_LABELS,
  REVIEW_REASONS,
  STATUS_LABELS,
} from '../electron/domain/categorisation/labels';
export {
  ACCREDITED_PROGRAMMES,
  OTHER_WORK,
  PROGRAMME_STATUSES,
  STATUS_LABELS as WORK_STATUS_LABELS,
  UNSUITABLE_REASONS,
  UNSUITABLE_REASON_LABELS,
} from '../electron/domain/categorisation/progression';
export type { ProgressionWork } from '../electron/domain/categorisation/progression';
export type { ValidCategories } from '../electron/domain/categorisation/rules';
export type { CategorisationReview } from '../electron/domain/categorisation/schemas';
