// The files Stryker mutates, in groups run one at a time (scripts/mutation.mjs): the rules first.
export const MUTATION_GROUPS = {
  'rules-due': ['electron/domain/due/types.ts', 'electron/domain/shared/working-days.ts'],
  'rules-handover': ['electron/domain/handover/rules.ts'],
  'rules-categorisation': ['electron/domain/categorisation/rules.ts'],
  'rules-oasys-pp': ['electron/domain/oasys/rules.ts', 'electron/domain/public-protection/rules.ts'],
  'rules-release-planning': ['electron/domain/release-planning/rules.ts'],
  dates: ['electron/domain/shared/dates.ts'],
  'rules-other': ['electron/domain/credentials/rules.ts', 'electron/domain/irmt/agenda.ts'],
};
