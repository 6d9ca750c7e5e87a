import { addDays, type IsoDate } from '../shared/dates';

/** Every kind of due item, with what it means; later capabilities add theirs here. */
export const DUE_KINDS = {
  'oasys-initial': 'Initial OASys assessment after sentence',
  'oasys-review': 'Annual OASys review',
  'oasys-significant-change':
    'OASys review after a significant change (recall, transfer in, programme completion, RoSH change, new risk information)',
  'oasys-pre-release': 'Pre-release OASys review, by the handover date',
  handover: 'POM to COM handover date',
  'com-allocation-overdue': 'No COM allocated after the handover date',
  'pp-assessment': 'Potential PPRC or harassment case to assess',
  'pp-grounds-to-classify':
    'A public protection status whose grounds (current offence, previous convictions, wider information) are to be classified',
  'monitoring-review': 'Mail or phone monitoring review, by a POM or senior manager',
  'monitoring-decision':
    'Confirmed public protection case, or an arrival with one, with no monitoring decision',
  'child-contact-reply':
    "A reply to a child contact request is late (children's services, probation or police)",
  'child-contact-review': 'A child contact decision is due for review',
  'irmt-action': 'An action agreed at an IRMT meeting, open until completed',
  'categorisation-initial': 'Initial security categorisation, 10 working days after sentence',
  'categorisation-review': 'Recategorisation review (12 or 6 months determinate, 3 years indeterminate)',
  'categorisation-age-21': 'Review on the 21st birthday of a young adult in category I or J',
  'categorisation-recall': 'Categorisation review 10 days after recall',
  'categorisation-approval': 'A categorisation review waiting for approval for more than 5 working days',
  'release-plan-item':
    'A release plan item due before release (its item key is in the basis, e.g. accommodation-confirmed)',
  'mappa-level-confirmation':
    'MAPPA category and level to be confirmed with the COM, 6 months before release',
  'release-passed':
    'Every release date passed, no release recorded: check whether he has left or is still held; his other items wait on it',
} as const;

export type DueKind = keyof typeof DUE_KINDS;

/** Short names for lists, tables and printed summaries. */
export const DUE_KIND_LABELS: Record<DueKind, string> = {
  'oasys-initial': 'Initial OASys',
  'oasys-review': 'OASys review',
  'oasys-significant-change': 'OASys after significant change',
  'oasys-pre-release': 'Pre-release OASys',
  handover: 'Handover to COM',
  'com-allocation-overdue': 'COM allocation overdue',
  'pp-assessment': 'Public protection assessment',
  'pp-grounds-to-classify': 'Grounds to classify',
  'monitoring-review': 'Monitoring review',
  'monitoring-decision': 'Monitoring decision',
  'child-contact-reply': 'Child contact reply late',
  'child-contact-review': 'Child contact review',
  'irmt-action': 'IRMT action',
  'categorisation-initial': 'Initial categorisation',
  'categorisation-review': 'Categorisation review',
  'categorisation-age-21': 'Categorisation at 21',
  'categorisation-recall': 'Categorisation after recall',
  'categorisation-approval': 'Categorisation approval',
  'release-plan-item': 'Release plan item',
  'mappa-level-confirmation': 'MAPPA level confirmation',
  'release-passed': 'Release date passed: check he has left',
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
  /** Who does it, when not the kind's usual owner (a release plan item's owner, an IRMT action's, OASys once the COM is responsible). */
  ownerRole?: OwnerRole;
  /** The person named for it, when the item names one (an IRMT action's owner). */
  ownerName?: string | null;
  /** Tells apart two items of one kind for one prisoner (a release plan item's key, an IRMT action's id). */
  ref?: string;
}

/**
 * Whose work an item is. POM and COM work belongs to the prisoner's own POM or COM; case administration, senior
 * manager and IRMT chair work is shared by everyone holding the role; resettlement, victim liaison and others named in
 * an IRMT action work outside the unit's staff list.
 */
export const OWNER_ROLES = [
  'pom',
  'com',
  'case-administrator',
  'senior-manager',
  'irmt-chair',
  'resettlement',
  'vlo',
  'other',
] as const;
export type OwnerRole = (typeof OWNER_ROLES)[number];
export const OWNER_ROLE_LABELS: Record<OwnerRole, string> = {
  pom: 'POM',
  com: 'COM',
  'case-administrator': 'Case administrator',
  'senior-manager': 'Senior manager',
  'irmt-chair': 'IRMT chair',
  resettlement: 'Resettlement',
  vlo: 'Victim liaison officer',
  other: 'Named in an IRMT action',
};
/** Roles whose work is allocated to one person per prisoner; work for the other roles is shared by all who hold them. */
const PERSONAL_ROLES: ReadonlySet<OwnerRole> = new Set(['pom', 'com']);

export interface DueOwner {
  role: OwnerRole;
  /** The person recorded for it (the prisoner's POM or COM, a name in an IRMT action); null when nobody is recorded. */
  staffName: string | null;
}

/** Who usually does each kind of work (policy framework roles: OMiC for POM and COM, the Security Categorisation Policy Framework for approval). */
export const DUE_KIND_OWNERS: Record<DueKind, OwnerRole> = {
  'oasys-initial': 'pom',
  'oasys-review': 'pom',
  'oasys-significant-change': 'pom',
  'oasys-pre-release': 'pom',
  handover: 'pom',
  'com-allocation-overdue': 'case-administrator',
  'pp-assessment': 'pom',
  'pp-grounds-to-classify': 'pom',
  'monitoring-review': 'pom',
  'monitoring-decision': 'senior-manager',
  'child-contact-reply': 'case-administrator',
  'child-contact-review': 'pom',
  'irmt-action': 'other',
  'categorisation-initial': 'pom',
  'categorisation-review': 'pom',
  'categorisation-age-21': 'pom',
  'categorisation-recall': 'pom',
  'categorisation-approval': 'senior-manager',
  'release-plan-item': 'pom',
  'mappa-level-confirmation': 'pom',
  'release-passed': 'case-administrator',
};

/** "My work": what this member of staff owns: items recorded against them by name, and the shared work of roles they hold. */
export function ownsItem(owner: DueOwner, staff: { name: string; roles: readonly string[] }): boolean {
  if (owner.staffName !== null) return owner.staffName.toLowerCase() === staff.name.toLowerCase();
  return !PERSONAL_ROLES.has(owner.role) && staff.roles.includes(owner.role);
}

/** How an owner reads on screen and in print: "POM: Anna Patel", "COM: not recorded", "Case administrator". */
export function ownerLabel(owner: DueOwner): string {
  if (owner.role === 'other') return owner.staffName ?? 'Not recorded';
  if (owner.staffName) return `${OWNER_ROLE_LABELS[owner.role]}: ${owner.staffName}`;
  return PERSONAL_ROLES.has(owner.role)
    ? `${OWNER_ROLE_LABELS[owner.role]}: not recorded`
    : OWNER_ROLE_LABELS[owner.role];
}

/**
 * Who an IRMT action's free-text owner is: a member of staff by name (with their role), a role named in words ("POM",
 * "COM", "case admin", "head of OMU", "IRMT chair"), else whoever the words name (security, healthcare, a police officer).
 */
export function irmtActionOwner(
  text: string,
  staff: readonly { name: string; roles: readonly string[] }[],
): { role: OwnerRole; staffName: string | null } {
  const t = text.trim();
  const member = staff.find((s) => s.name.toLowerCase() === t.toLowerCase());
  if (member) {
    const role =
      (['pom', 'case-administrator', 'senior-manager', 'irmt-chair'] as const).find((r) =>
        member.roles.includes(r),
      ) ?? 'other';
    return { role, staffName: member.name };
  }
  const words = t.toLowerCase();
  if (/^(the )?(pom|prison offender manager)$/.test(words)) return { role: 'pom', staffName: null };
  if (/^(the )?(com|community offender manager|probation)$/.test(words))
    return { role: 'com', staffName: null };
  if (/^(the )?(case admin(istrator)?|omu admin(istrator)?)$/.test(words))
    return { role: 'case-administrator', staffName: null };
  if (/^(the )?(head of omu|spo|senior manager)$/.test(words))
    return { role: 'senior-manager', staffName: null };
  if (/^(the )?irmt chair$/.test(words)) return { role: 'irmt-chair', staffName: null };
  return { role: 'other', staffName: t };
}

export type DueStatus = 'overdue' | 'due-soon' | 'upcoming';
/** overdue: due before today; due-soon: within this many days; upcoming: later. */
export const DUE_SOON_DAYS = 14;

/**
 * The status of any date on `today`: the one status function of the due list (issue 19 item 1), the window worked out
 * once, so that the stored list can give a day's statuses to every item without working it out per item.
 */
export function dueStatusOn(
  today: IsoDate,
  dueSoonDays: number = DUE_SOON_DAYS,
): (dueDate: IsoDate) => DueStatus {
  const soon = addDays(today, dueSoonDays);
  return (dueDate) => (dueDate < today ? 'overdue' : dueDate <= soon ? 'due-soon' : 'upcoming');
}

export function dueStatus(dueDate: IsoDate, today: IsoDate, dueSoonDays: number = DUE_SOON_DAYS): DueStatus {
  return dueStatusOn(today, dueSoonDays)(dueDate);
}

export type DueCounts = Record<DueStatus, number>;
export interface DueSummary {
  totals: DueCounts;
  byKind: { kind: DueKind; counts: DueCounts }[];
  byOwner: { owner: DueOwner; label: string; counts: DueCounts }[];
}

const zero = (): DueCounts => ({ overdue: 0, 'due-soon': 0, upcoming: 0 });

/**
 * The counts the What is due page shows and its printed summary prints, from one list (or from the list's grouped
 * counts, each group with its count `n`): so print equals screen.
 */
export function summariseDue(
  items: readonly { kind: DueKind; status: DueStatus; owner: DueOwner; n?: number }[],
): DueSummary {
  const totals = zero();
  const kinds = new Map<DueKind, DueCounts>();
  const owners = new Map<string, { owner: DueOwner; label: string; counts: DueCounts }>();
  for (const i of items) {
    const n = i.n ?? 1;
    totals[i.status] += n;
    let k = kinds.get(i.kind);
    if (!k) kinds.set(i.kind, (k = zero()));
    k[i.status] += n;
    // Grouped by the person for the unit's own staff; COMs (outside the unit) and others named in actions by role.
    const group: DueOwner =
      i.owner.role === 'com' || i.owner.role === 'other' ? { role: i.owner.role, staffName: null } : i.owner;
    const label =
      group.role === 'com'
        ? 'COM (any)'
        : group.role === 'other'
          ? OWNER_ROLE_LABELS.other
          : ownerLabel(group);
    let o = owners.get(label);
    if (!o) owners.set(label, (o = { owner: group, label, counts: zero() }));
    o.counts[i.status] += n;
  }
  const roleOrder = (r: OwnerRole) => OWNER_ROLES.indexOf(r);
  return {
    totals,
    byKind: DUE_KIND_KEYS.filter((k) => kinds.has(k)).map((kind) => ({ kind, counts: kinds.get(kind)! })),
    byOwner: [...owners.values()].sort(
      (a, b) =>
        roleOrder(a.owner.role) - roleOrder(b.owner.role) ||
        (a.owner.staffName === null ? 1 : 0) - (b.owner.staffName === null ? 1 : 0) ||
        a.label.localeCompare(b.label),
    ),
  };
}
