import type { Actor } from '../domain/shared/context';
import { AppError } from '../domain/shared/errors';
import { requireIdentified, requireRole } from '../domain/staff/roles';
import type { Allow } from './operations';

/**
 * Refuses an operation its declaration does not allow this person: the one role check every door goes through.
 * A declaration may give the refusal in its rule's own words (`refusal`) for someone identified without the roles.
 */
export function authorise(
  def: { allow: Allow; action: string; refusal?: (actor: Actor) => string },
  actor: Actor,
): void {
  if (def.allow === 'signed-in') return requireIdentified(actor, def.action);
  const roles = def.allow;
  if (def.refusal && actor.staffId && !roles.some((r) => actor.roles.includes(r)))
    throw new AppError('forbidden', def.refusal(actor));
  requireRole(actor, roles, def.action);
}
