import type { Actor } from '../domain/shared/context';
import { requireIdentified, requireRole } from '../domain/staff/roles';
import type { Allow } from './operations';

/** Refuses an operation its declaration does not allow this person: the one role check every door goes through. */
export function authorise(def: { allow: Allow; action: string }, actor: Actor): void {
  if (def.allow === 'signed-in') requireIdentified(actor, def.action);
  else requireRole(actor, def.allow, def.action);
}
