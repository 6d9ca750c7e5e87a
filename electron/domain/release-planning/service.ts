import { z } from 'zod';
import { ulid } from 'ulid';
import { nowIso, type CallContext, type Store } from '../shared/context';
import { isoDateSchema } from '../caseload/prisoner';
import { AppError } from '../shared/errors';
import { formatUk } from '../shared/dates';
import { requireIdentified } from '../staff/roles';
import type { AuditService } from '../audit/service';
import type { CaseloadService } from '../caseload/service';
import type { DueService } from '../due/service';
import { ITEM_STATUSES, ITEM_STATUS_LABELS, RELEASE_PLAN_KEYS, RELEASE_PLAN_TEMPLATE, type ReleasePlan } from './rules';
import { writeTransaction } from '../shared/write';

export const itemUpdateSchema = z.object({
  itemKey: z.enum(RELEASE_PLAN_KEYS as [string, ...string[]], { message: 'is not an item of the release plan' }),
  status: z.enum(ITEM_STATUSES, { message: `must be one of ${ITEM_STATUSES.join(', ')}` }),
  note: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), z.string().trim().max(4000).nullable()).default(null),
  completedOn: z.preprocess((v) => (v === '' ? null : v), isoDateSchema.nullable()).default(null),
});
export const planFactsSchema = z.object({
  approvedPremisesNeeded: z.boolean().nullable(),
  victimInContactScheme: z.boolean().nullable(),
});

export interface ReleasePlanView {
  prisonerNumber: string;
  name: string;
  plan: ReleasePlan | null;
  /** Why there is no plan (no release still to come), when there is none and he is not released. */
  noPlan: string | null;
  facts: z.output<typeof planFactsSchema>;
}

/** Release plans: progress on each item and the facts the POM records for the plan; the plan itself is worked out from facts. */
export function createReleasePlanningService(store: Store, audit: AuditService, caseload: CaseloadService, due: DueService) {
  const { sqlite } = store;
  const factsOf = (prisonerId: string) => {
    const r = sqlite.prepare('SELECT approved_premises_needed AS ap, victim_in_contact_scheme AS vcs FROM release_plans WHERE prisoner_id = ?').get(prisonerId) as { ap: number | null; vcs: number | null } | undefined;
    return { approvedPremisesNeeded: r?.ap == null ? null : r.ap === 1, victimInContactScheme: r?.vcs == null ? null : r.vcs === 1 };
  };
  return {
    view(prisonerNumber: string, today: string): ReleasePlanView {
      const p = caseload.get(prisonerNumber);
      const computed = due.forPrisoner(p.prisonerNumber, today);
      return { prisonerNumber: p.prisonerNumber, name: `${p.surname.toUpperCase()}, ${p.forenames}`, plan: computed?.releasePlan ?? null, noPlan: computed?.noReleasePlan ?? null, facts: factsOf(p.id) };
    },

    /** Records progress on one item: done needs the date, not applicable needs the reason. */
    setItem(ctx: CallContext, prisonerNumber: string, raw: unknown): void {
      requireIdentified(ctx.actor, 'update a release plan');
      const input = itemUpdateSchema.parse(raw);
      if (input.status === 'not-applicable' && (!input.note || input.note.length < 5)) throw new AppError('invalid-input', 'say why this item does not apply', 'note');
      const completedOn = input.status === 'done' ? input.completedOn ?? ctx.today : null;
      if (completedOn && completedOn > ctx.today) throw new AppError('invalid-input', 'must not be in the future', 'completedOn');
      const label = RELEASE_PLAN_TEMPLATE.find((t) => t.key === input.itemKey)!;
      writeTransaction(store, ctx, 'a release plan update', () => {
        const p = caseload.get(prisonerNumber);
        if (input.itemKey === 'mappa-level-confirmed' && input.status === 'done' && !p.mappaLevel) {
          throw new AppError('invalid-input', `record the confirmed MAPPA level on ${p.prisonerNumber}'s details first`, 'status');
        }
        const before = sqlite.prepare('SELECT id, status, note, completed_on AS completedOn FROM release_plan_items WHERE prisoner_id = ? AND item_key = ?').get(p.id, input.itemKey) as { id: string; status: string; note: string | null; completedOn: string | null } | undefined;
        const at = nowIso(ctx);
        const completedBy = completedOn ? ctx.actor.name : null;
        if (before) {
          if (before.status === input.status && before.note === input.note && before.completedOn === completedOn) return;
          sqlite.prepare('UPDATE release_plan_items SET status = ?, note = ?, completed_on = ?, completed_by = ?, updated_at = ?, updated_by = ? WHERE id = ?')
            .run(input.status, input.note, completedOn, completedBy, at, ctx.actor.name, before.id);
        } else {
          sqlite.prepare('INSERT INTO release_plan_items (id, created_at, updated_at, updated_by, prisoner_id, item_key, status, note, completed_on, completed_by) VALUES (?,?,?,?,?,?,?,?,?,?)')
            .run(ulid(), at, at, ctx.actor.name, p.id, input.itemKey, input.status, input.note, completedOn, completedBy);
        }
        const text = typeof label.label === 'string' ? label.label : due.forPrisoner(p.prisonerNumber, ctx.today)?.releasePlan?.items.find((i) => i.key === input.itemKey)?.label ?? input.itemKey;
        audit.record(ctx, {
          action: 'update', entity: 'release-plan-item', entityId: input.itemKey, prisonerId: p.id,
          summary: `Release plan: ${text}: ${ITEM_STATUS_LABELS[input.status].toLowerCase()}${completedOn ? ` on ${formatUk(completedOn)}` : ''}${input.note ? ` (${input.note})` : ''}`,
          before: before ? { status: before.status, note: before.note, completedOn: before.completedOn } : null, after: { status: input.status, note: input.note, completedOn },
        });
      });
    },

    setFacts(ctx: CallContext, prisonerNumber: string, raw: unknown): void {
      requireIdentified(ctx.actor, 'update a release plan');
      const input = planFactsSchema.parse(raw);
      writeTransaction(store, ctx, 'a release plan update', () => {
        const p = caseload.get(prisonerNumber);
        const before = factsOf(p.id);
        if (before.approvedPremisesNeeded === input.approvedPremisesNeeded && before.victimInContactScheme === input.victimInContactScheme) return;
        const at = nowIso(ctx);
        const b = (v: boolean | null) => (v === null ? null : v ? 1 : 0);
        sqlite.prepare(`INSERT INTO release_plans (id, created_at, updated_at, updated_by, prisoner_id, approved_premises_needed, victim_in_contact_scheme) VALUES (?,?,?,?,?,?,?)
          ON CONFLICT (prisoner_id) DO UPDATE SET approved_premises_needed = excluded.approved_premises_needed, victim_in_contact_scheme = excluded.victim_in_contact_scheme, updated_at = excluded.updated_at, updated_by = excluded.updated_by`)
          .run(ulid(), at, at, ctx.actor.name, p.id, b(input.approvedPremisesNeeded), b(input.victimInContactScheme));
        const say = (v: boolean | null) => (v === null ? 'not known' : v ? 'yes' : 'no');
        audit.record(ctx, { action: 'update', entity: 'release-plan', prisonerId: p.id, summary: `Release plan facts: approved premises needed ${say(input.approvedPremisesNeeded)}, victim in the contact scheme ${say(input.victimInContactScheme)}`, before, after: input });
      });
    },
  };
}

export type ReleasePlanningService = ReturnType<typeof createReleasePlanningService>;
