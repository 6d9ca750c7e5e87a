import { ulid } from 'ulid';
import { nowIso, type CallContext, type Store } from '../shared/context';
import { AppError, notFound } from '../shared/errors';
import { requireIdentified } from '../staff/roles';
import type { AuditService } from '../audit/service';
import type { CaseloadService } from '../caseload/service';
import type { DueService } from '../due/service';
import { HANDOVER_CHECKLISTS, handoverTypeFor, type HandoverResult, type HandoverType } from './rules';

export interface HandoverView extends HandoverResult {
  type: HandoverType;
  typeSetByHand: boolean;
  comAllocated: boolean;
  checklist: { key: string; label: string; completedOn: string | null; completedBy: string | null }[];
}

interface TaskRow { item_key: string; completed_on: string; completed_by: string }

export function createHandoverService(store: Store, audit: AuditService, caseload: CaseloadService, due: DueService) {
  const { sqlite } = store;
  return {
    view(prisonerNumber: string, today: string): HandoverView {
      const p = caseload.get(prisonerNumber);
      const computed = due.forPrisoner(p.prisonerNumber, today);
      if (!computed) throw notFound(`Prisoner ${prisonerNumber}`);
      const type = handoverTypeFor(p.handoverType, p.rosh);
      const tasks = new Map((sqlite.prepare('SELECT item_key, completed_on, completed_by FROM handover_tasks WHERE prisoner_id = ?').all(p.id) as TaskRow[]).map((t) => [t.item_key, t]));
      return {
        ...computed.handover, type, typeSetByHand: p.handoverType !== null, comAllocated: !!p.comName,
        checklist: HANDOVER_CHECKLISTS[type].map((i) => ({ key: i.key, label: i.label, completedOn: tasks.get(i.key)?.completed_on ?? null, completedBy: tasks.get(i.key)?.completed_by ?? null })),
      };
    },
    setType(ctx: CallContext, prisonerNumber: string, type: HandoverType | null): void {
      requireIdentified(ctx.actor, 'change the handover type');
      sqlite.transaction(() => {
        const p = caseload.get(prisonerNumber);
        sqlite.prepare('UPDATE prisoners SET handover_type = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(type, nowIso(ctx), ctx.actor.name, p.id);
        audit.record(ctx, { action: 'update', entity: 'handover', entityId: p.id, prisonerId: p.id, summary: `Handover type set to ${type ?? 'automatic (by RoSH)'}`, before: { handoverType: p.handoverType }, after: { handoverType: type } });
      })();
    },
    /** Ticks (or unticks) a checklist item, recording who and on what date. */
    setTask(ctx: CallContext, prisonerNumber: string, itemKey: string, done: boolean): void {
      requireIdentified(ctx.actor, 'tick a handover task');
      sqlite.transaction(() => {
        const p = caseload.get(prisonerNumber);
        const label = [...HANDOVER_CHECKLISTS.enhanced, ...HANDOVER_CHECKLISTS.standard].find((i) => i.key === itemKey)?.label;
        if (!label) throw new AppError('invalid-input', `There is no handover task called ${itemKey}`, 'itemKey');
        const existing = sqlite.prepare('SELECT id FROM handover_tasks WHERE prisoner_id = ? AND item_key = ?').get(p.id, itemKey) as { id: string } | undefined;
        if (done && !existing) {
          const at = nowIso(ctx);
          sqlite.prepare('INSERT INTO handover_tasks (id, created_at, updated_at, updated_by, prisoner_id, item_key, completed_on, completed_by) VALUES (?,?,?,?,?,?,?,?)')
            .run(ulid(), at, at, ctx.actor.name, p.id, itemKey, ctx.today, ctx.actor.name);
          audit.record(ctx, { action: 'create', entity: 'handover-task', entityId: p.id, prisonerId: p.id, summary: `Handover task done: ${label}` });
        } else if (!done && existing) {
          sqlite.prepare('DELETE FROM handover_tasks WHERE id = ?').run(existing.id);
          audit.record(ctx, { action: 'delete', entity: 'handover-task', entityId: p.id, prisonerId: p.id, summary: `Handover task marked not done: ${label}` });
        }
      })();
    },
  };
}

export type HandoverService = ReturnType<typeof createHandoverService>;
