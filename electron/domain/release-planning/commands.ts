import { z } from 'zod';
import { releasePlanItems, releasePlans } from '../../../db/schema';
import { Changes, command, refuse, type CommandContext } from '../../core/operations';
import type { Reader } from '../../core/data';
import type { Row } from '../../core/tables';
import { loadPrisoner, type PrisonerRecord } from '../caseload/load';
import { isoDateSchema } from '../caseload/prisoner';
import { formatUk, type IsoDate } from '../shared/dates';
import { ruleInForce, type RuleVersion } from '../policy/rule-sets';
import { loadRuleVersions } from '../policy/versions';
import {
  ITEM_STATUSES,
  ITEM_STATUS_LABELS,
  RELEASE_PLAN_KEYS,
  RELEASE_PLAN_TEMPLATE,
  type ReleasePlanFacts,
} from './rules';

/** The release plan page (renderer/pages/ReleasePlan.tsx): each field's label. */
const ITEM_LABELS = {
  prisonerNumber: 'Prisoner number',
  itemKey: 'Item',
  status: 'Status',
  note: 'Note',
  completedOn: 'Done on',
};
const FACT_LABELS = {
  prisonerNumber: 'Prisoner number',
  approvedPremisesNeeded: 'Approved premises needed?',
  victimInContactScheme: 'Victim in the victim contact scheme?',
};

const prisonerNumber = z.string().trim().toUpperCase().min(1, 'is required');

export const itemUpdateSchema = z.object({
  itemKey: z.enum(RELEASE_PLAN_KEYS as [string, ...string[]], {
    message: 'is not an item of the release plan',
  }),
  status: z.enum(ITEM_STATUSES, { message: `must be one of ${ITEM_STATUSES.join(', ')}` }),
  note: z
    .preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
      z.string().trim().max(4000).nullable(),
    )
    .default(null),
  completedOn: z.preprocess((v) => (v === '' ? null : v), isoDateSchema.nullable()).default(null),
});
export const planFactsSchema = z.object({
  approvedPremisesNeeded: z.boolean().nullable(),
  victimInContactScheme: z.boolean().nullable(),
});
export type PlanFacts = z.output<typeof planFactsSchema>;

/** The two facts the POM records on the plan, as read: null while nobody has said. */
export const planFactsOf = (row: Row<typeof releasePlans> | undefined): PlanFacts => ({
  approvedPremisesNeeded: row?.approvedPremisesNeeded ?? null,
  victimInContactScheme: row?.victimInContactScheme ?? null,
});

/** The item as the plan names it; a name worked out from the rule's numbers reads the version in force today. */
function itemLabel(key: string, versions: readonly RuleVersion[], today: IsoDate): string {
  const t = RELEASE_PLAN_TEMPLATE.find((x) => x.key === key)!;
  // Labels worked out by a function read only the rule's parameters, not the prisoner's facts.
  return typeof t.label === 'string'
    ? t.label
    : t.label({} as ReleasePlanFacts, ruleInForce(versions, 'release-planning', today).params);
}

export interface ItemState {
  prisoner: PrisonerRecord;
  item: Row<typeof releasePlanItems> | undefined;
  versions: RuleVersion[];
}

/** Progress on one item: done needs the date (today unless given), not applicable needs the reason. */
function decideItem(
  { prisoner: p, item: before, versions }: ItemState,
  input: z.output<typeof itemUpdateSchema>,
  ctx: CommandContext,
) {
  if (input.status === 'not-applicable' && (!input.note || input.note.length < 5))
    refuse('invalid-input', 'say why this item does not apply', 'note');
  const completedOn = input.status === 'done' ? (input.completedOn ?? ctx.today) : null;
  if (completedOn && completedOn > ctx.today)
    refuse('invalid-input', 'must not be in the future', 'completedOn');
  if (input.itemKey === 'pre-release-oasys' && input.status === 'done')
    refuse(
      'invalid-input',
      `record ${p.prisonerNumber}'s pre-release OASys assessment on the OASys page: this item is done by it`,
      'status',
    );
  if (input.itemKey === 'mappa-level-confirmed' && input.status === 'done' && !p.mappaLevel) {
    refuse(
      'invalid-input',
      `record the confirmed MAPPA level on ${p.prisonerNumber}'s details first`,
      'status',
    );
  }
  const changes = new Changes(ctx);
  const result = { prisonerNumber: p.prisonerNumber, itemKey: input.itemKey };
  if (
    before &&
    before.status === input.status &&
    before.note === input.note &&
    before.completedOn === completedOn
  )
    return changes.done(result);
  const set = {
    status: input.status,
    note: input.note,
    completedOn,
    completedBy: completedOn ? ctx.actor.name : null,
  };
  if (before) changes.update(releasePlanItems, before.id, set, p.id);
  else changes.insert(releasePlanItems, { prisonerId: p.id, itemKey: input.itemKey, ...set });
  changes.record({
    action: 'update',
    entity: 'release-plan-item',
    entityId: input.itemKey,
    prisonerId: p.id,
    summary: `Release plan: ${itemLabel(input.itemKey, versions, ctx.today)}: ${ITEM_STATUS_LABELS[input.status].toLowerCase()}${completedOn ? ` on ${formatUk(completedOn)}` : ''}${input.note ? ` (${input.note})` : ''}`,
    before: before ? { status: before.status, note: before.note, completedOn: before.completedOn } : null,
    after: { status: input.status, note: input.note, completedOn },
  });
  return changes.done(result);
}

async function loadItemState(read: Reader, number: string, itemKey: string): Promise<ItemState> {
  const prisoner = await loadPrisoner(read, number);
  return {
    prisoner,
    item: await read.one(releasePlanItems, { prisonerId: prisoner.id, itemKey }),
    versions: await loadRuleVersions(read),
  };
}

export interface FactsState {
  prisoner: PrisonerRecord;
  plan: Row<typeof releasePlans> | undefined;
}

/** The facts the POM records for the plan: whether approved premises are needed, whether a victim is in the contact scheme. */
function decideFacts({ prisoner: p, plan }: FactsState, input: PlanFacts, ctx: CommandContext) {
  const before = planFactsOf(plan);
  const changes = new Changes(ctx);
  const result = { prisonerNumber: p.prisonerNumber };
  if (
    before.approvedPremisesNeeded === input.approvedPremisesNeeded &&
    before.victimInContactScheme === input.victimInContactScheme
  )
    return changes.done(result);
  if (plan) changes.update(releasePlans, plan.id, input, p.id);
  else changes.insert(releasePlans, { prisonerId: p.id, ...input });
  const say = (v: boolean | null) => (v === null ? 'not known' : v ? 'yes' : 'no');
  changes.record({
    action: 'update',
    entity: 'release-plan',
    prisonerId: p.id,
    summary: `Release plan facts: approved premises needed ${say(input.approvedPremisesNeeded)}, victim in the contact scheme ${say(input.victimInContactScheme)}`,
    before,
    after: input,
  });
  return changes.done(result);
}

async function loadFactsState(read: Reader, number: string): Promise<FactsState> {
  const prisoner = await loadPrisoner(read, number);
  return { prisoner, plan: await read.one(releasePlans, { prisonerId: prisoner.id }) };
}

/** Release plans: progress on each item, kept by its key, and the facts the POM records; the plan itself is worked out from facts. */
export const releasePlanningCommands = {
  'release-planning/set-item': command({
    input: z.lazy(() => z.object({ prisonerNumber, item: itemUpdateSchema })),
    allow: 'signed-in',
    action: 'update a release plan',
    labels: ITEM_LABELS,
    load: (read, input) => loadItemState(read, input.prisonerNumber, input.item.itemKey),
    decide: (state, input, ctx) => decideItem(state, input.item, ctx),
    reply: ({ services }, r, _input, ctx) => services.releasePlanning.view(r.prisonerNumber, ctx.today),
  }),

  'release-planning/set-facts': command({
    input: z.lazy(() => z.object({ prisonerNumber, facts: planFactsSchema })),
    allow: 'signed-in',
    action: 'update a release plan',
    labels: FACT_LABELS,
    load: (read, input) => loadFactsState(read, input.prisonerNumber),
    decide: (state, input, ctx) => decideFacts(state, input.facts, ctx),
    reply: ({ services }, r, _input, ctx) => services.releasePlanning.view(r.prisonerNumber, ctx.today),
  }),
};
