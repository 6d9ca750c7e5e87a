import type { z } from 'zod';
import type { ActionDef } from '../core/operations';
import { documentActions } from '../documents/actions';

/**
 * Every action by name: operations that do something on this machine that is not case data (make a PDF for the
 * door to save) and record what they did through a command. Kept apart from the command registry, which the unit
 * server loads, because actions need this workstation's services and document builders.
 */
export const actions = {
  ...documentActions,
};

export type Actions = typeof actions;
export type ActionName = keyof Actions;
export type ActionInput<K extends ActionName> = z.input<Actions[K]['input']>;
export type ActionResult<K extends ActionName> =
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any action's input and context: only its result is read
  Actions[K] extends ActionDef<z.ZodType, infer R, any> ? Awaited<R> : never;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an action of any result and context: the registry's element type
export type AnyAction = ActionDef<z.ZodType, any, any>;
