// What the renderer may import (issue 15, item 5): Public protection: the register.
// The renderer imports only from shared/; values come from pure modules (labels, rules, dates: no database, no Node),
// types from anywhere (they leave no code in the bundle). eslint.config.js holds both walls.

export type { RegisterRow } from '../electron/domain/public-protection/service';
export { monitoringWords } from '../electron/domain/public-protection/monitoring-words';
