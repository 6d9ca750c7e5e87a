// What the renderer may import (issue 15, item 5): Policy rules: their names and the labels of their parameters.
// The renderer imports only from shared/; values come from pure modules (labels, rules, dates: no database, no Node),
// types from anywhere (they leave no code in the bundle). eslint.config.js holds both walls.

export { PARAM_LABELS, RULE_NAMES, versionInForce } from '../electron/domain/policy/rule-sets';
export type { RuleKey, RuleVersion } from '../electron/domain/policy/rule-sets';
