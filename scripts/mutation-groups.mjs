// The files Stryker mutates, in groups run one at a time (scripts/mutation.mjs): the rules first, against the unit
// tests (vitest.mutation.config.ts); then the services, each against the integration tests that reach it (`tests`),
// with perTest coverage so that a mutant runs only the tests that executed it.
import fs from 'node:fs';

// The due service's stored list, found by its opening comment and the comment before entriesFor (so that the two
// groups' lines follow the file as it changes): its first and last lines, and the file's last line.
const DUE = 'electron/domain/due/service.ts';
const DUE_PARTS = (() => {
  const lines = fs.readFileSync(new URL(`../${DUE}`, import.meta.url), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('  // The stored due list'));
  const entries = lines.findIndex((l) => l.startsWith('  function entriesFor('));
  const doc = lines.lastIndexOf('  /**', entries);
  if (start < 0 || doc < start) throw new Error(`${DUE}: the stored list's first or last line was not found`);
  return { store: [start + 1, doc], end: lines.at(-1) === '' ? lines.length - 1 : lines.length };
})();

export const MUTATION_GROUPS = {
  'rules-due': ['electron/domain/due/types.ts', 'electron/domain/shared/working-days.ts'],
  'rules-handover': ['electron/domain/handover/rules.ts'],
  'rules-categorisation': ['electron/domain/categorisation/rules.ts'],
  'rules-oasys-pp': ['electron/domain/oasys/rules.ts', 'electron/domain/public-protection/rules.ts'],
  'rules-release-planning': ['electron/domain/release-planning/rules.ts'],
  dates: ['electron/domain/shared/dates.ts'],
  'rules-other': ['electron/domain/credentials/rules.ts', 'electron/domain/irmt/agenda.ts'],
  'service-public-protection': {
    mutate: ['electron/domain/public-protection/service.ts', 'electron/domain/public-protection/commands.ts'],
    // The slice's own file, the refusals' labels, the role matrix (every command as every role, refusals write nothing)
    // and its audit entries, not-found and date refusals and the register read back (public-protection-audit).
    tests: [
      'tests/integration/public-protection.test.ts',
      'tests/integration/public-protection-audit.test.ts',
      'tests/integration/refusal-labels.test.ts',
      'tests/integration/roles/role-matrix.test.ts',
    ],
  },
  'service-categorisation': {
    mutate: ['electron/domain/categorisation/service.ts', 'electron/domain/categorisation/commands.ts'],
    // The slice's own file and categorisation-audit, which reads every write back from the SQLite file.
    tests: ['tests/integration/categorisation.test.ts', 'tests/integration/categorisation-audit.test.ts'],
  },
  'service-handover': {
    mutate: ['electron/domain/handover/service.ts', 'electron/domain/handover/commands.ts'],
    // With handover-audit: the type and the tasks read back from the SQLite file, and the tasks-overdue list's boundaries.
    tests: [
      'tests/integration/due-dates.test.ts',
      'tests/integration/handover-pack.test.ts',
      'tests/integration/handover-audit.test.ts',
    ],
  },
  'service-policy': {
    mutate: ['electron/domain/policy/service.ts', 'electron/domain/policy/commands.ts'],
    // Adding a version (due-dates), its refusals' labels, who may add one (the role matrix), and policy-audit: the row,
    // the audit entry, the parameters kept from the version in force, a second version on one day, the cache.
    tests: [
      'tests/integration/due-dates.test.ts',
      'tests/integration/policy-audit.test.ts',
      'tests/integration/refusal-labels.test.ts',
      'tests/integration/roles/role-matrix.test.ts',
    ],
  },
  'service-staff': {
    mutate: ['electron/domain/staff/service.ts', 'electron/domain/staff/commands.ts'],
    // Adding and changing staff (sign-in, impersonation), the refusals' labels and who may (the role matrix).
    tests: [
      'tests/integration/sign-in.test.ts',
      'tests/integration/impersonation.test.ts',
      'tests/integration/staff-audit.test.ts',
      'tests/integration/refusal-labels.test.ts',
      'tests/integration/roles/role-matrix.test.ts',
    ],
  },
  'service-transfer': {
    mutate: ['electron/domain/transfer/commands.ts'],
    // transfer-audit: every row of his removed, the rows that travel, the audit entry, the refusals.
    tests: [
      'tests/integration/transfer-audit.test.ts',
      'tests/integration/refusal-labels.test.ts',
      'tests/integration/roles/role-matrix.test.ts',
    ],
  },
  'service-oasys': {
    mutate: ['electron/domain/oasys/service.ts', 'electron/domain/oasys/commands.ts'],
    // oasys-audit: assessments and events through the router and the service, the history file checked and imported.
    tests: [
      'tests/integration/oasys-audit.test.ts',
      'tests/integration/refusal-labels.test.ts',
      'tests/integration/roles/role-matrix.test.ts',
    ],
  },
  'service-irmt': {
    mutate: ['electron/domain/irmt/service.ts', 'electron/domain/irmt/commands.ts'],
    // irmt-audit: every write read back, the agenda's entries, the schedule and the extract. Not irmt.test.ts: its
    // demo caseload and PDFs would make each mutant it reaches take seconds.
    tests: [
      'tests/integration/irmt-audit.test.ts',
      'tests/integration/refusal-labels.test.ts',
      'tests/integration/roles/role-matrix.test.ts',
    ],
  },
  'service-release-planning': {
    mutate: ['electron/domain/release-planning/service.ts', 'electron/domain/release-planning/commands.ts'],
    tests: [
      'tests/integration/release-planning.test.ts',
      'tests/integration/release-planning-audit.test.ts',
      'tests/integration/refusal-labels.test.ts',
      'tests/integration/roles/role-matrix.test.ts',
    ],
  },
  'service-credentials': {
    mutate: ['electron/domain/credentials/service.ts'],
    // The administrator's side of sign-in (codes, bindings, the first administrator, the sign-in log) through the router.
    tests: [
      'tests/integration/credentials-admin.test.ts',
      'tests/integration/sign-in.test.ts',
      'tests/integration/impersonation.test.ts',
      'tests/integration/roles/role-matrix.test.ts',
    ],
  },
  'service-session': {
    mutate: ['electron/domain/session/service.ts', 'electron/domain/session/commands.ts'],
    // Signing in, locking, re-authentication and the idle-lock setting, through the router; session-audit reads every
    // event back from the sign-in log in the file, each refusal by code, field and words, and session/current in full.
    tests: [
      'tests/integration/sign-in.test.ts',
      'tests/integration/impersonation.test.ts',
      'tests/integration/session-audit.test.ts',
    ],
  },
  'service-handover-pack': {
    mutate: ['electron/domain/handover-pack/service.ts'],
    // handover-pack-model: the pack's model built from a small SQLite file with facts in every section, compared whole.
    // Not handover-pack.test.ts: its demo caseload and PDFs would make each mutant it reaches take a minute.
    tests: ['tests/integration/handover-pack-model.test.ts'],
  },
  // The due service in two runs over parts of its one file (each about half its mutants; DUE_PARTS), both against
  // due-service and due-service-cases (indeterminate sentences, shared release dates, categorisation reviews): a small
  // SQLite file per test, every public call's answer compared whole. Not due-read, due-dates or
  // due-store: the demo caseload (or a synthetic one of thousands) they read would make each mutant take 8-13 s.
  'service-due-compute': {
    // Loading the facts, working each prisoner's items out, owners and ids, and the public calls (list, page, ...).
    mutate: [`${DUE}:1-${DUE_PARTS.store[0] - 1}`, `${DUE}:${DUE_PARTS.store[1] + 1}-${DUE_PARTS.end}`],
    tests: ['tests/integration/due-service.test.ts', 'tests/integration/due-service-cases.test.ts'],
  },
  'service-due-store': {
    // The stored list: staleness, storing and working ahead, new days, the SQL reads, counts, sorts, background work.
    mutate: [`${DUE}:${DUE_PARTS.store[0]}-${DUE_PARTS.store[1]}`],
    tests: ['tests/integration/due-service.test.ts', 'tests/integration/due-service-cases.test.ts'],
  },
  'service-caseload': {
    mutate: ['electron/domain/caseload/service.ts', 'electron/domain/caseload/commands.ts'],
    // The list's filters, sorts and pages, and the prisoner form's commands and refusals (caseload.test.ts), with the
    // role matrix and the edits the categorisation slice refuses.
    tests: ['tests/integration/caseload.test.ts', 'tests/integration/roles/role-matrix.test.ts'],
  },
  'service-audit': {
    mutate: ['electron/domain/audit/service.ts'],
    // Entries recorded one by one and many to a statement, and the whole log read back through the router.
    tests: ['tests/integration/audit-log.test.ts', 'tests/integration/hardening/audit-chain.test.ts'],
  },
};

/** A group's files to mutate, and the test files run against them (null: the unit tests of the rules). */
export function mutationGroup(name) {
  const g = MUTATION_GROUPS[name];
  if (!g) throw new Error(`Unknown group "${name}": one of ${Object.keys(MUTATION_GROUPS).join(', ')}`);
  return Array.isArray(g) ? { mutate: g, tests: null } : g;
}
