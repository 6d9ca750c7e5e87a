import { eq } from 'drizzle-orm';
import { handoverTasks, prisoners } from '../../../db/schema';
import type { Store } from '../shared/context';
import { notFound } from '../shared/errors';
import type { CaseloadService } from '../caseload/service';
import type { DueService, KnownPrisoner } from '../due/service';
import {
  HANDOVER_CHECKLISTS,
  handoverListFlags,
  handoverTypeFor,
  hasCom,
  type HandoverResult,
  type HandoverType,
} from './rules';
import { ruleInForce } from '../policy/rule-sets';
import { daysBetween } from '../shared/dates';

export interface HandoverView extends HandoverResult {
  type: HandoverType;
  typeSetByHand: boolean;
  comAllocated: boolean;
  checklist: { key: string; label: string; completedOn: string | null; completedBy: string | null }[];
}

export const HANDOVER_LISTS = [
  'upcoming',
  'due-soon',
  'in-progress',
  'com-allocation-overdue',
  'tasks-overdue',
] as const;
export type HandoverList = (typeof HANDOVER_LISTS)[number];

export interface HandoverListRow {
  prisonerNumber: string;
  prisonerName: string;
  pomName: string | null;
  comName: string | null;
  handoverDate: string;
  startDate: string | null;
  earliestRelease: string | null;
  responsibility: string;
  reason: string;
  basis: string;
  type: HandoverType;
  tasksOutstanding: string[];
}

export function createHandoverService(store: Store, caseload: CaseloadService, due: DueService) {
  const { db } = store;
  return {
    /** `known`: the prisoner and his due items already read and worked out for today (a handover pack reads them once). */
    view(prisonerNumber: string, today: string, known?: KnownPrisoner): HandoverView {
      const p = known?.prisoner ?? caseload.get(prisonerNumber);
      const computed = known ? known.due : due.forPrisoner(p.prisonerNumber, today);
      if (!computed) throw notFound(`Prisoner ${prisonerNumber}`);
      const type = handoverTypeFor(p.handoverType, p.rosh);
      const tasks = new Map(
        db
          .select({
            itemKey: handoverTasks.itemKey,
            completedOn: handoverTasks.completedOn,
            completedBy: handoverTasks.completedBy,
          })
          .from(handoverTasks)
          .where(eq(handoverTasks.prisonerId, p.id))
          .all()
          .map((t) => [t.itemKey, t]),
      );
      return {
        ...computed.handover,
        type,
        typeSetByHand: p.handoverType !== null,
        comAllocated: hasCom(p),
        checklist: HANDOVER_CHECKLISTS[type].map((i) => ({
          key: i.key,
          label: i.label,
          completedOn: tasks.get(i.key)?.completedOn ?? null,
          completedBy: tasks.get(i.key)?.completedBy ?? null,
        })),
      };
    },
    /**
     * The handover lists, as Manage POM Cases builds them (handover/rules.ts handoverListFlags): upcoming (POM responsible,
     * handover within the rule's 56 days and not yet reached, no COM named), due soon (within 14 days, OMU Desk's own),
     * in progress (COM responsible since the handover date, or upcoming with a COM named), COM allocation overdue (no COM
     * name or e-mail 2 or more days after handover) and tasks overdue (handover passed, release still to come, checklist
     * not finished).
     */
    lists(
      today: string,
      versions: Parameters<typeof ruleInForce>[0],
    ): Record<HandoverList, HandoverListRow[]> {
      const tasks = new Map<string, Set<string>>();
      for (const t of db
        .select({ n: prisoners.prisonerNumber, k: handoverTasks.itemKey })
        .from(handoverTasks)
        .innerJoin(prisoners, eq(prisoners.id, handoverTasks.prisonerId))
        .all()) {
        if (!tasks.has(t.n)) tasks.set(t.n, new Set());
        tasks.get(t.n)!.add(t.k);
      }
      const types = new Map(
        db
          .select({ n: prisoners.prisonerNumber, t: prisoners.handoverType, r: prisoners.rosh })
          .from(prisoners)
          .all()
          .map((x) => [x.n, handoverTypeFor(x.t, x.r)]),
      );
      const out: Record<HandoverList, HandoverListRow[]> = {
        upcoming: [],
        'due-soon': [],
        'in-progress': [],
        'com-allocation-overdue': [],
        'tasks-overdue': [],
      };
      for (const h of due.handovers(today)) {
        const d = h.handover.handoverDate!;
        const type = types.get(h.prisonerNumber) ?? 'standard';
        const done = tasks.get(h.prisonerNumber) ?? new Set<string>();
        const row: HandoverListRow = {
          prisonerNumber: h.prisonerNumber,
          prisonerName: h.prisonerName,
          pomName: h.pomName,
          comName: h.comName,
          handoverDate: d,
          startDate: h.handover.startDate,
          earliestRelease: h.handover.earliestRelease?.date ?? null,
          responsibility: h.handover.responsibility,
          reason: h.handover.reason,
          basis: h.handover.basis.sentence,
          type,
          tasksOutstanding: HANDOVER_CHECKLISTS[type].filter((i) => !done.has(i.key)).map((i) => i.label),
        };
        const flags = handoverListFlags(h.handover, h, today, versions);
        if (flags.upcoming) out.upcoming.push(row);
        if (flags.dueSoon) out['due-soon'].push(row);
        if (flags.inProgress) out['in-progress'].push(row);
        if (flags.comAllocationOverdue) out['com-allocation-overdue'].push(row);
        if (
          daysBetween(today, d) < 0 &&
          row.earliestRelease &&
          row.earliestRelease >= today &&
          row.tasksOutstanding.length
        )
          out['tasks-overdue'].push(row);
      }
      for (const list of Object.values(out))
        list.sort((a, b) => (a.handoverDate < b.handoverDate ? -1 : a.handoverDate > b.handoverDate ? 1 : 0));
      return out;
    },
  };
}

export type HandoverService = ReturnType<typeof createHandoverService>;
