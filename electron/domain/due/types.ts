import { addDays, type IsoDate } from '../shared/dates';

/** Every kind of due item, with what it means; later capabilities add theirs here. */
export const DUE_KINDS = {
  'oasys-initial': 'Initial OASys assessment after sentence',
  'oasys-review': 'Annual OASys review',
  'oasys-significant-change': 'OASys review after a significant change (recall, transfer in, programme completion, RoSH change, new risk information)',
  'oasys-pre-release': 'Pre-release OASys review, by the handover date',
  handover: 'POM to COM handover date',
  'com-allocation-overdue': 'No COM allocated after the handover date',
  'pp-assessment': 'Potential PPRC or harassment case to assess',
  'monitoring-review': 'Mail or phone monitoring review, by a POM or senior manager',
  'monitoring-decision': 'Confirmed public protection case, or an arrival with one, with no monitoring decision',
  'child-contact-reply': "A reply to a child contact request is late (children's services, probation or police)",
  'child-contact-review': 'A child contact decision is due for review',
  'irmt-action': 'An action agreed at an IRMT meeting, open until completed',
  'categorisation-initial': 'Initial security categorisation, 10 working days after sentence',
  'categorisation-review': 'Recategorisation review (12 or 6 months determinate, 3 years indeterminate)',
  'categorisation-age-21': 'Review on the 21st birthday of a young adult in category I or J',
  'categorisation-recall': 'Categorisation review 10 days after recall',
  'categorisation-approval': 'A categorisation review waiting for approval for more than 5 working days',
  'release-plan-item': 'A release plan item due before release (its item key is in the basis, e.g. accommodation-confirmed)',
  'mappa-level-confirmation': 'MAPPA category and level to be confirmed with the COM, 6 months before release',
} as const;

export type DueKind = keyof typeof DUE_KINDS;

/** Short names for lists, tables and printed summaries. */
export const DUE_KIND_LABELS: Record<DueKind, string> = {
  'oasys-initial': 'Initial OASys', 'oasys-review': 'OASys review', 'oasys-significant-change': 'OASys after significant change',
  'oasys-pre-release': 'Pre-release OASys', handover: 'Handover to COM', 'com-allocation-overdue': 'COM allocation overdue',
  'pp-assessment': 'Public protection assessment', 'monitoring-review': 'Monitoring review', 'monitoring-decision': 'Monitoring decision',
  'child-contact-reply': 'Child contact reply late', 'child-contact-review': 'Child contact review', 'irmt-action': 'IRMT action',
  'categorisation-initial': 'Initial categorisation', 'categorisation-review': 'Categorisation review', 'categorisation-age-21': 'Categorisation at 21',
  'categorisation-recall': 'Categorisation after recall', 'categorisation-approval': 'Categorisation approval',
  'release-plan-item': 'Release plan item', 'mappa-level-confirmation': 'MAPPA level confirmation',
};
export const DUE_KIND_KEYS = Object.keys(DUE_KINDS) as DueKind[];

/** Why a date is what it is: the rule and version, the facts used, and a sentence a person can read. */
export interface Basis {
  ruleKey: string;
  ruleName: string;
  ruleVersion: number;
  effectiveFrom: IsoDate;
  inputs: Record<string, string | number | boolean | null>;
  sentence: string;
}

export interface DueItem {
  kind: DueKind;
  dueDate: IsoDate;
  title: string;
  basis: Basis;
}

export type DueStatus = 'overdue' | 'due-soon' | 'upcoming';
/** overdue: due before today; due-soon: within this many days; upcoming: later. */
export const DUE_SOON_DAYS = 14;

export function dueStatus(dueDate: IsoDate, today: IsoDate, dueSoonDays: number = DUE_SOON_DAYS): DueStatus {
  if (dueDate < today) return 'overdue';
  return dueDate <= addDays(today, dueSoonDays) ? 'due-soon' : 'upcoming';
}
