import type { Store } from '../shared/context';
import type { CaseloadService } from '../caseload/service';
import type { DueService, KnownPrisoner } from '../due/service';
import { releasePlans } from '../../../db/schema';
import { sqliteReader } from '../../core/data';
import type { ReleasePlan } from './rules';
import { planFactsOf, type PlanFacts } from './commands';

export interface ReleasePlanView {
  prisonerNumber: string;
  name: string;
  plan: ReleasePlan | null;
  /** Why there is no plan (no release still to come), when there is none and he is not released. */
  noPlan: string | null;
  facts: PlanFacts;
}

/** Release plans as the page shows them: the plan worked out from facts, with its recorded progress. Changes are commands (./commands.ts). */
export function createReleasePlanningService(store: Store, caseload: CaseloadService, due: DueService) {
  const reader = sqliteReader(store.db);
  return {
    /** `known`: the prisoner and his due items already read and worked out for today (a handover pack reads them once). */
    view(prisonerNumber: string, today: string, known?: KnownPrisoner): ReleasePlanView {
      const p = known?.prisoner ?? caseload.get(prisonerNumber);
      const computed = known ? known.due : due.forPrisoner(p.prisonerNumber, today);
      return {
        prisonerNumber: p.prisonerNumber,
        name: `${p.surname.toUpperCase()}, ${p.forenames}`,
        plan: computed?.releasePlan ?? null,
        noPlan: computed?.noReleasePlan ?? null,
        facts: planFactsOf(reader.oneSync(releasePlans, { prisonerId: p.id })),
      };
    },
  };
}

export type ReleasePlanningService = ReturnType<typeof createReleasePlanningService>;
