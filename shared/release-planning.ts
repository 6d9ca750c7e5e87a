// What the renderer may import (issue 15, item 5): Release planning: item statuses and owners, with their labels.
// The renderer imports only from shared/; values come from pure modules (labels, rules, dates: no database, no Node),
// types from anywhere (they leave no code in the bundle). eslint.config.js holds both walls.

export { ITEM_STATUSES, ITEM_STATUS_LABELS, OWNER_LABELS } from '../electron/domain/release-planning/rules';
export type { PlanItem } from '../electron/domain/release-planning/rules';
export { releasePassedOn } from '../electron/domain/release-planning/release-date';
