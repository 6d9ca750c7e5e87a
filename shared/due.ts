// What the renderer may import (issue 15, item 5): What is due: its kinds, owners and their labels, and the summary of a due list.
// The renderer imports only from shared/; values come from pure modules (labels, rules, dates: no database, no Node),
// types from anywhere (they leave no code in the bundle). eslint.config.js holds both walls.

export type { DueEntry, DuePage, DueSort, ReleaseRow, ReleasesPage } from '../electron/domain/due/service';
export {
  DUE_KINDS,
  DUE_KIND_LABELS,
  OWNER_ROLES,
  OWNER_ROLE_LABELS,
  ownerLabel,
  summariseDue,
} from '../electron/domain/due/types';
export type { DueKind, DueStatus, OwnerRole } from '../electron/domain/due/types';
