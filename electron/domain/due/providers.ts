import type { DueKind } from './types';

/**
 * What each slice gives the due list: its kinds and the tables whose rows its rule reads, so that a change to any of
 * them has the prisoner's stored items worked out again (db/migrations/0021_due_store_triggers.sql holds a trigger
 * for each table; tests/integration/due-store.test.ts checks that every table named here has them). The rules
 * themselves are the slices' pure functions (oasys/rules.ts oasysDue, public-protection/rules.ts publicProtectionDue,
 * categorisation/rules.ts categorisationDue, release-planning/rules.ts releasePlanDue, handover/rules.ts
 * calculateHandover), called for each prisoner by due/service.ts.
 */
export interface DueProvider {
  slice: string;
  kinds: readonly DueKind[];
  /** Tables whose change (insert, update or delete) changes this provider's items for the prisoner the row belongs to. */
  tables: readonly string[];
}

export const DUE_PROVIDERS: readonly DueProvider[] = [
  { slice: 'handover', kinds: ['handover', 'com-allocation-overdue'], tables: ['prisoners'] },
  {
    slice: 'oasys',
    kinds: ['oasys-initial', 'oasys-review', 'oasys-significant-change', 'oasys-pre-release'],
    tables: ['prisoners', 'oasys_assessments', 'significant_events'],
  },
  {
    slice: 'public-protection',
    kinds: [
      'pp-assessment',
      'pp-grounds-to-classify',
      'monitoring-review',
      'monitoring-decision',
      'child-contact-reply',
      'child-contact-review',
    ],
    tables: [
      'prisoners',
      'significant_events',
      'public_protection_statuses',
      'monitoring_authorisations',
      'monitoring_reviews',
      'monitoring_decisions',
      'child_contact_applications',
    ],
  },
  { slice: 'irmt', kinds: ['irmt-action'], tables: ['irmt_actions', 'irmt_meetings', 'staff'] },
  {
    slice: 'categorisation',
    kinds: [
      'categorisation-initial',
      'categorisation-review',
      'categorisation-age-21',
      'categorisation-recall',
      'categorisation-approval',
    ],
    tables: ['prisoners', 'categorisation_reviews'],
  },
  {
    slice: 'release-planning',
    kinds: ['release-plan-item', 'mappa-level-confirmation'],
    tables: [
      'prisoners',
      'oasys_assessments',
      'public_protection_statuses',
      'release_plans',
      'release_plan_items',
    ],
  },
];

/** Every table the due list reads: the providers' and the staff list (the POM's name on each item). */
export const DUE_INPUT_TABLES: readonly string[] = [
  ...new Set([...DUE_PROVIDERS.flatMap((p) => p.tables), 'staff']),
];
