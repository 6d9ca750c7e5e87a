// What the renderer may import (issue 15, item 5): Roles and their labels; the signed-in session, staff and sign-in shapes.
// The renderer imports only from shared/; values come from pure modules (labels, rules, dates: no database, no Node),
// types from anywhere (they leave no code in the bundle). eslint.config.js holds both walls.

export type { IssuedCodeView, SignInStatus } from '../electron/domain/credentials/service';
export type { SignInEvent } from '../electron/domain/credentials/store';
export type { SessionInfo } from '../electron/domain/session/service';
export { ROLES, ROLE_LABELS } from '../electron/domain/staff/roles';
export type { Role } from '../electron/domain/staff/roles';
export type { StaffMember } from '../electron/domain/staff/service';
