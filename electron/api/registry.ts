import type { z } from 'zod';
import type { CommandDef } from '../core/operations';
import { oasysCommands } from '../domain/oasys/commands';
import { publicProtectionCommands } from '../domain/public-protection/commands';
import { handoverCommands } from '../domain/handover/commands';
import { policyCommands } from '../domain/policy/commands';
import { caseloadCommands } from '../domain/caseload/commands';
import { categorisationCommands } from '../domain/categorisation/commands';
import { releasePlanningCommands } from '../domain/release-planning/commands';
import { documentCommands } from '../documents/commands';
import { irmtCommands } from '../domain/irmt/commands';
import { transferCommands } from '../domain/transfer/commands';
import { sessionCommands } from '../domain/session/commands';
import { staffCommands } from '../domain/staff/commands';

/**
 * Every command, by name, joined from the slices that declare them. The doors, the router and the role matrix
 * look names up here; there is no other list.
 */
export const commands = {
  ...oasysCommands,
  ...publicProtectionCommands,
  ...handoverCommands,
  ...policyCommands,
  ...caseloadCommands,
  ...categorisationCommands,
  ...releasePlanningCommands,
  ...documentCommands,
  ...irmtCommands,
  ...transferCommands,
  ...sessionCommands,
  ...staffCommands,
};

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<K extends CommandName> = z.input<Commands[K]['input']>;
export type CommandResult<K extends CommandName> =
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any command's state and context: only its result is read
  Commands[K] extends CommandDef<z.ZodType, any, any, infer O> ? Awaited<O> : never;
