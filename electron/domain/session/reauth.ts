import type { OpName } from '../../api/contract';
import { resolveOperation } from '../../core/operation-aliases';

/**
 * Decisions of record: acts that make or change a decision others rely on. The router asks for the password again
 * before any of them when it was last entered more than REAUTHENTICATE_AFTER_MINUTES ago. A command declared with
 * `reauth: true` (electron/core/operations.ts) says so itself; this list holds the operations not yet commands, and
 * an entry leaves it when its operation becomes one.
 */
export const DECISIONS_OF_RECORD = {
  'staff/add-member': 'give a member of staff their roles',
  'staff/update-member': "change a member of staff's roles",
  'credentials/issue-code': "reset someone's password",
  'credentials/bind-account': 'bind a computer account to a member of staff',
  'credentials/unbind-account': 'unbind a computer account',
  'app/restore-backup': 'restore a backup',
} as const satisfies Partial<Record<OpName, string>>;

export const REAUTHENTICATE_AFTER_MINUTES = 5;

/** What the act is, in words, when `operation` needs the password again; null when it does not. */
export function reauthenticationNeeded(
  operation: string,
  passwordEnteredAt: Date | null,
  now: Date,
  declared?: { reauth?: boolean; action: string },
): string | null {
  const act = declared?.reauth
    ? declared.action
    : (DECISIONS_OF_RECORD as Record<string, string>)[resolveOperation(operation)];
  if (!act) return null;
  if (
    passwordEnteredAt &&
    now.getTime() - passwordEnteredAt.getTime() <= REAUTHENTICATE_AFTER_MINUTES * 60_000
  )
    return null;
  return act;
}
