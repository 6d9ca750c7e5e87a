import { z } from 'zod';
import { handoverTasks, prisoners } from '../../../db/schema';
import { Changes, command, refuse } from '../../core/operations';
import { loadPrisoner, prisonerNumber } from '../caseload/load';
import { HANDOVER_CHECKLISTS, HANDOVER_ITEM_KEYS, type HandoverType } from './rules';

/** The Obligations page's handover section (renderer/pages/Obligations.tsx). */
const HANDOVER_LABELS = {
  prisonerNumber: 'Prisoner number',
  type: 'Handover type',
  itemKey: 'Handover checklist',
  done: 'Done',
};

const HANDOVER_TYPES = Object.keys(HANDOVER_CHECKLISTS) as [HandoverType, ...HandoverType[]];

/** The POM-to-COM handover: its type set by hand, and its checklist ticked. */
export const handoverCommands = {
  /** Standard or enhanced by hand; null goes back to the type RoSH gives. */
  'handover/set-type': command({
    input: z.lazy(() => z.object({ prisonerNumber, type: z.enum(HANDOVER_TYPES).nullable() })),
    allow: 'signed-in',
    action: 'change the handover type',
    labels: HANDOVER_LABELS,
    load: (read, input) => loadPrisoner(read, input.prisonerNumber),
    decide(prisoner, { type }, ctx) {
      const changes = new Changes(ctx);
      changes.update(prisoners, prisoner.id, { handoverType: type }, prisoner.id);
      changes.record({
        action: 'update',
        entity: 'handover',
        entityId: prisoner.id,
        prisonerId: prisoner.id,
        summary: `Handover type set to ${type ?? 'automatic (by RoSH)'}`,
        before: { handoverType: prisoner.handoverType },
        after: { handoverType: type },
      });
      return changes.done({ prisonerNumber: prisoner.prisonerNumber });
    },
    reply: ({ services }, r, _input, ctx) => services.handover.view(r.prisonerNumber, ctx.today),
  }),

  /** Ticks (or unticks) a checklist item, recording who and on what day. */
  'handover/set-task': command({
    input: z.lazy(() => z.object({ prisonerNumber, itemKey: z.enum(HANDOVER_ITEM_KEYS), done: z.boolean() })),
    allow: 'signed-in',
    action: 'tick a handover task',
    labels: HANDOVER_LABELS,
    async load(read, input) {
      const prisoner = await loadPrisoner(read, input.prisonerNumber);
      return {
        prisoner,
        task: await read.one(handoverTasks, { prisonerId: prisoner.id, itemKey: input.itemKey }),
      };
    },
    decide({ prisoner, task }, { itemKey, done }, ctx) {
      const label = [...HANDOVER_CHECKLISTS.enhanced, ...HANDOVER_CHECKLISTS.standard].find(
        (i) => i.key === itemKey,
      )?.label;
      if (!label) return refuse('invalid-input', `There is no handover task called ${itemKey}`, 'itemKey');
      const changes = new Changes(ctx);
      const prisonerId = prisoner.id;
      if (done && !task) {
        changes.insert(handoverTasks, {
          prisonerId,
          itemKey,
          completedOn: ctx.today,
          completedBy: ctx.actor.name,
        });
        changes.record({
          action: 'create',
          entity: 'handover-task',
          entityId: prisonerId,
          prisonerId,
          summary: `Handover task done: ${label}`,
        });
      } else if (!done && task) {
        changes.delete(handoverTasks, task.id, prisonerId);
        changes.record({
          action: 'delete',
          entity: 'handover-task',
          entityId: prisonerId,
          prisonerId,
          summary: `Handover task marked not done: ${label}`,
        });
      }
      return changes.done({ prisonerNumber: prisoner.prisonerNumber });
    },
    reply: ({ services }, r, _input, ctx) => services.handover.view(r.prisonerNumber, ctx.today),
  }),
};
