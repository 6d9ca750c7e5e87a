import type { OpName } from '../../shared/api';
import { useSession } from '../stores/session';

/**
 * Whether the person signed in may run an operation: the session's answer (`SessionInfo.may`), worked out by the main
 * process from the operation's own declaration through the runner's `authorise` (electron/api/may.ts). A page offers
 * an action only when this is true; the runner still refuses whoever tries otherwise.
 */
export const useMay = (op: OpName): boolean =>
  useSession((s) => s.session?.state === 'signed-in' && s.session.may.includes(op));

/** Why the person may not run it, in the words the runner would refuse it with, or null when they may. */
export const useRefusal = (op: OpName): string | null =>
  useSession((s) => (s.session?.state === 'signed-in' ? (s.session.refused[op] ?? null) : null));
