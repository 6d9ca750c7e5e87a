// What the renderer may import (issue 15, item 5): OASys assessments and significant events, with their labels.
// The renderer imports only from shared/; values come from pure modules (labels, rules, dates: no database, no Node),
// types from anywhere (they leave no code in the bundle). eslint.config.js holds both walls.

export {
  ASSESSMENT_LABELS,
  ASSESSMENT_TYPES,
  EVENT_LABELS,
  EVENT_TYPES,
} from '../electron/domain/oasys/rules';
export type { AssessmentType, EventType } from '../electron/domain/oasys/rules';
