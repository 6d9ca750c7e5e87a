// What the renderer may import (issue 15, item 5): the History tab's entry titles, in the unit's words.
// The renderer imports only from shared/; values come from pure modules (labels, rules, dates: no database, no Node),
// types from anywhere (they leave no code in the bundle). eslint.config.js holds both walls.

export { historyTitle } from '../electron/domain/audit/titles';
