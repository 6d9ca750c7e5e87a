// What the renderer may import (issue 15, item 5): The prisoner record's fields, their labels and allowed values; the caseload and prisoner shapes.
// The renderer imports only from shared/; values come from pure modules (labels, rules, dates: no database, no Node),
// types from anywhere (they leave no code in the bundle). eslint.config.js holds both walls.

export {
  CATEGORIES,
  CATEGORY_LABELS,
  EARLY_ALLOCATION_OUTCOMES,
  EARLY_ALLOCATION_OUTCOME_LABELS,
  FIELD_BY_KEY,
  KEY_DATE_FIELDS,
  MAPPA_LEVELS,
  MAPPA_LEVEL_LABELS,
  PAROLE_OUTCOMES,
  PAROLE_OUTCOME_LABELS,
  PRISONER_FIELDS,
  RISK_LABELS,
  RISK_LEVELS,
} from '../electron/domain/caseload/fields';
export type { Category, FieldSpec, RiskLevel } from '../electron/domain/caseload/fields';
export type { CaseloadQuery, CaseloadRow, PrisonerDetail } from '../electron/domain/caseload/service';
