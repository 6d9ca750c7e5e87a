import { authorise } from '../core/authorise';
import type { Actor } from '../domain/shared/context';
import type { Permissions } from '../domain/session/service';
import { AppError } from '../domain/shared/errors';
import { actions } from './actions';
import { api } from './contract';
import { commands } from './registry';

/**
 * What a person may run, for the screens (the session carries it: `SessionInfo.may`): every operation, asked of the
 * same declarations (a command's or an action's `allow`, the contract's `guard`) through the same `authorise` the
 * runner and the router call, so that a screen offers an action only to those the runner would let take it, and says
 * why to the others in the refusal they would be given. Rules that hang on the input (a status added as confirmed, a
 * review signed by someone else) are still the command's own: a screen shows those refusals after the attempt.
 */
export function permissionsOf(actor: Actor): Permissions {
  const may: string[] = [];
  const refused: Record<string, string> = {};
  if (!actor.staffId) return { may, refused };
  const ask = (name: string, def: Parameters<typeof authorise>[0] | undefined) => {
    try {
      if (def) authorise(def, actor);
      may.push(name);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      refused[name] = e.message;
    }
  };
  for (const [name, def] of Object.entries(commands)) ask(name, def);
  for (const [name, def] of Object.entries(actions)) ask(name, def);
  for (const [name, op] of Object.entries(api)) ask(name, op.guard);
  return { may, refused };
}
