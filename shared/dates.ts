// What the renderer may import (issue 15, item 5): Dates as the user reads and types them (DD/MM/YYYY), and day counts.
// The renderer imports only from shared/; values come from pure modules (labels, rules, dates: no database, no Node),
// types from anywhere (they leave no code in the bundle). eslint.config.js holds both walls.

export {
  daysBetween,
  formatLong,
  formatTimestampUk,
  formatUk,
  parseDate,
  plural,
} from '../electron/domain/shared/dates';
