/**
 * What a history entry says happened, in the unit's words ("OASys assessment recorded"), from what the entry is about
 * and what was done to it (issue 12, item 11: every entry was titled "Added to caseload"). For the prisoner's History
 * tab and anywhere else the audit log is read by people.
 */
const THINGS: Record<string, string> = {
  prisoner: 'Prisoner record',
  caseload: 'Caseload',
  'oasys-assessment': 'OASys assessment',
  oasys: 'OASys history',
  'significant-event': 'Significant event',
  'categorisation-review': 'Categorisation review',
  'progression-work': 'Progression work',
  'child-contact-application': 'Child contact application',
  'handover-task': 'Handover task',
  handover: 'Handover',
  'release-plan': 'Release plan facts',
  'release-plan-item': 'Release plan item',
  'public-protection-status': 'Public protection status',
  'public-protection': 'Public protection statuses',
  'protected-person': 'Protected person',
  'monitoring-authorisation': 'Monitoring authorised',
  'monitoring-review': 'Monitoring review',
  'monitoring-decision': 'Decision not to monitor',
  'irmt-action': 'IRMT action',
  'irmt-meeting': 'IRMT meeting',
  'irmt-agenda': 'IRMT agenda',
  'irmt-attendance': 'IRMT attendance',
  'irmt-minutes': 'IRMT minutes',
  'irmt-extract-sent': 'IRMT minutes extract sent',
  document: 'Document',
  'policy-rule': 'Policy rule version',
  staff: 'Staff record',
  settings: 'Settings',
  database: 'Database',
};

/** Things whose name already says what happened ("Monitoring authorised"): recording one needs no verb after it. */
const SELF_TELLING = new Set(['monitoring-authorisation', 'monitoring-decision', 'irmt-extract-sent']);

const DONE: Record<string, string> = {
  create: 'recorded',
  update: 'changed',
  delete: 'removed',
  import: 'updated by import',
  export: 'exported',
  backup: 'backed up',
  restore: 'restored',
};

export function historyTitle(entry: { action: string; entity: string }): string {
  if (entry.entity === 'prisoner' && entry.action === 'create') return 'Added to caseload';
  if (entry.entity === 'prisoner' && entry.action === 'update') return 'Details changed';
  if (entry.entity === 'prisoner' && entry.action === 'delete') return 'Left the caseload';
  const thing = THINGS[entry.entity] ?? entry.entity.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase());
  if (SELF_TELLING.has(entry.entity) && entry.action === 'create') return thing;
  return `${thing} ${DONE[entry.action] ?? entry.action}`;
}
