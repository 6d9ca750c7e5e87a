import { isOnOrAfter } from '../shared/today';
import { addDays, addMonths, daysBetween, formatUk, maxDate, type IsoDate, plural } from '../shared/dates';
import { addWorkingDays } from '../shared/working-days';
import { ruleInForce, type RuleParams, type RuleVersion } from '../policy/rule-sets';
import { ruleBasis } from '../policy/basis';
import type { Basis, DueItem } from '../due/types';
import type { PrisonerFacts } from '../caseload/prisoner';
import { hasCom } from '../handover/rules';
import { releaseOn } from './release-date';

type ReleaseInput = Pick<
  PrisonerFacts,
  | 'sentenceType'
  | 'sentenceStartDate'
  | 'paroleEligibilityDate'
  | 'conditionalReleaseDate'
  | 'automaticReleaseDate'
  | 'tariffExpiryDate'
  | 'targetHearingDate'
  | 'recallDate'
> &
  Partial<Pick<PrisonerFacts, 'postRecallReleaseDate' | 'actualParoleDate'>>;

/**
 * The release a plan counts back from on `today`: the one rule for the date a prisoner is released on
 * (`releaseOn`, ./release-date.ts), never a date that has passed. With none to come, no plan, and the reason.
 */
export function releaseFacts(
  p: ReleaseInput,
  today: IsoDate,
): Pick<ReleasePlanFacts, 'earliestRelease' | 'noRelease' | 'recallDate'> {
  const recallDate = p.recallDate ?? null;
  const release = releaseOn(p, today);
  if (release) return { earliestRelease: release, noRelease: null, recallDate };
  if (p.recallDate) {
    const passed = p.postRecallReleaseDate ?? p.actualParoleDate;
    return {
      earliestRelease: null,
      recallDate,
      noRelease: passed
        ? `Recalled ${formatUk(p.recallDate)}: the ${p.postRecallReleaseDate ? 'post-recall release date' : 'actual parole date'} ${formatUk(passed)} has passed. Record his release, or correct the date.`
        : `Recalled ${formatUk(p.recallDate)}: no post-recall release date is recorded, so there is no release to plan for yet. Record the PRRD when it is known.`,
    };
  }
  const any =
    p.sentenceType === 'indeterminate'
      ? (p.tariffExpiryDate ?? p.targetHearingDate)
      : (p.paroleEligibilityDate ?? p.conditionalReleaseDate ?? p.automaticReleaseDate);
  return {
    earliestRelease: null,
    recallDate,
    noRelease:
      p.sentenceType === 'indeterminate'
        ? any
          ? 'Past tariff with no target hearing date to come: the plan starts when a hearing is set or release is directed (actual parole date).'
          : 'No tariff expiry or target hearing date is recorded.'
        : any
          ? 'Every release date recorded has passed: record his release, or correct the dates.'
          : 'No release date is recorded.',
  };
}

export const OWNERS = ['pom', 'com', 'case-administrator', 'resettlement', 'vlo'] as const;
export type Owner = (typeof OWNERS)[number];
export const OWNER_LABELS: Record<Owner, string> = {
  pom: 'POM',
  com: 'COM',
  'case-administrator': 'Case administrator',
  resettlement: 'Resettlement',
  vlo: 'Victim liaison officer',
};

export const ITEM_STATUSES = ['not-started', 'in-progress', 'done', 'not-applicable'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  'not-started': 'Not started',
  'in-progress': 'In progress',
  done: 'Done',
  'not-applicable': 'Not applicable',
};

/** What the plan is worked out from: sentence dates, risk facts and the two facts the POM records on the plan. */
export interface ReleasePlanFacts {
  /** The release the plan counts back from: the next release still to come (see `releaseFacts`); null when there is none. */
  earliestRelease: { date: IsoDate; name: string } | null;
  /** Why there is no plan when there is no release to count back from. */
  noRelease?: string | null;
  /** A recall: nothing in the plan falls due before he came back. */
  recallDate?: IsoDate | null;
  handoverDate: IsoDate | null;
  sentenceStartDate: IsoDate;
  sentenceExpiryDate: IsoDate | null;
  conditionalReleaseDate: IsoDate | null;
  hdcEligibilityDate: IsoDate | null;
  mappaCategory: number | null;
  pprc: boolean;
  registeredSexOffender: boolean;
  comName: string | null;
  comEmail?: string | null;
  /** Recorded on the plan: null while nobody has said. */
  approvedPremisesNeeded: boolean | null;
  victimInContactScheme: boolean | null;
  releasedOn: IsoDate | null;
  /** The recorded OASys assessment that is his pre-release review (../oasys/rules.ts preReleaseReviewOn), if any. */
  preReleaseOasysOn?: IsoDate | null;
}

export interface ItemProgress {
  status: ItemStatus;
  note: string | null;
  completedOn: IsoDate | null;
  completedBy: string | null;
}

type Anchor = 'release' | 'handover' | 'hdced';
type Offset =
  | { months: keyof RuleParams<'release-planning'> }
  | { days: keyof RuleParams<'release-planning'> }
  | { workingDays: keyof RuleParams<'release-planning'> }
  | { none: true };

type TemplateItem = {
  key: string;
  label: string | ((f: ReleasePlanFacts, p: RuleParams<'release-planning'>) => string);
  section:
    | 'Community offender manager'
    | 'Risk and public protection'
    | 'Accommodation'
    | 'Victims'
    | 'Licence'
    | 'Resettlement pathways'
    | 'HDC'
    | 'Release day';
  owner: Owner;
  anchor: Anchor;
  offset: Offset;
} & (
  | { appliesWhen?: undefined; notWhen?: undefined }
  | {
      /** Whether the item applies; when it does not, `notWhen` says why (so an item that may not apply says why). */
      appliesWhen: (f: ReleasePlanFacts, p: RuleParams<'release-planning'>) => boolean;
      notWhen: string;
    }
);

function sentenceMonths(f: ReleasePlanFacts): number | null {
  const end = f.sentenceExpiryDate ?? f.conditionalReleaseDate;
  if (!end) return null;
  const days = daysBetween(f.sentenceStartDate, end) * (f.sentenceExpiryDate ? 1 : 2);
  return days / (365.25 / 12);
}

const RESETTLEMENT = [
  ['accommodation', 'accommodation'],
  ['attitudes', 'attitudes, thinking and behaviour'],
  ['children-families', 'children, families and communities'],
  ['drugs-alcohol', 'drugs and alcohol'],
  ['education-work', 'education, skills and work'],
  ['finance-id', 'finance, benefit and debt, and ID'],
  ['health', 'health'],
] as const;

/**
 * The default release plan: each item with its owner, what its due date is counted from, and when it applies. The
 * numbers are in the dated `release-planning` rule set, so an administrator changes them as a new version.
 */
export const RELEASE_PLAN_TEMPLATE: TemplateItem[] = [
  {
    key: 'com-allocated',
    label: 'COM allocated',
    section: 'Community offender manager',
    owner: 'case-administrator',
    anchor: 'handover',
    offset: { none: true },
  },
  {
    key: 'pre-release-oasys',
    label: 'Pre-release OASys review completed',
    section: 'Community offender manager',
    owner: 'pom',
    anchor: 'handover',
    offset: { none: true },
  },
  {
    key: 'pre-release-meeting',
    label: 'Pre-release meeting held with the prisoner, POM and COM',
    section: 'Community offender manager',
    owner: 'pom',
    anchor: 'release',
    offset: { months: 'preReleaseMeetingMonths' },
  },
  {
    key: 'mappa-level-confirmed',
    label: 'MAPPA category and level confirmed with the COM',
    section: 'Risk and public protection',
    owner: 'pom',
    anchor: 'release',
    offset: { months: 'mappaConfirmationMonths' },
    appliesWhen: (f) => f.mappaCategory !== null,
    notWhen: 'not a MAPPA case',
  },
  {
    key: 'police-notified',
    label: 'Police public protection unit told of the release date and address',
    section: 'Risk and public protection',
    owner: 'pom',
    anchor: 'release',
    offset: { days: 'policeNotificationDays' },
    appliesWhen: (f) => f.mappaCategory !== null || f.pprc,
    notWhen: 'neither MAPPA nor PPRC',
  },
  {
    key: 'childrens-services-notified',
    label: "Children's services told of the release date and address",
    section: 'Risk and public protection',
    owner: 'pom',
    anchor: 'release',
    offset: { days: 'policeNotificationDays' },
    appliesWhen: (f) => f.pprc,
    notWhen: 'not PPRC',
  },
  {
    key: 'rso-notification-explained',
    label: (_f, p) =>
      `Sex offender notification requirements explained: he must notify the police within ${plural(p.rsoNotificationDays, 'day')} of release`,
    section: 'Risk and public protection',
    owner: 'pom',
    anchor: 'release',
    offset: { days: 'policeNotificationDays' },
    appliesWhen: (f) => f.registeredSexOffender,
    notWhen: 'not a registered sex offender',
  },
  {
    key: 'approved-premises-referral',
    label: 'Approved premises referral made',
    section: 'Accommodation',
    owner: 'com',
    anchor: 'release',
    offset: { months: 'approvedPremisesMonths' },
    appliesWhen: (f) => f.approvedPremisesNeeded !== false,
    notWhen: 'approved premises not needed',
  },
  {
    key: 'accommodation-confirmed',
    label: 'Accommodation address confirmed',
    section: 'Accommodation',
    owner: 'com',
    anchor: 'release',
    offset: { days: 'accommodationDays' },
  },
  {
    key: 'address-safe-for-children',
    label: 'Address checked safe for the risks: no children nearby (PPRC)',
    section: 'Accommodation',
    owner: 'com',
    anchor: 'release',
    offset: { days: 'accommodationDays' },
    appliesWhen: (f) => f.pprc,
    notWhen: 'not PPRC',
  },
  {
    key: 'victim-liaison-informed',
    label:
      'Victim liaison officer told of the release date and asked for representations on licence conditions',
    section: 'Victims',
    owner: 'vlo',
    anchor: 'release',
    offset: { days: 'victimLiaisonDays' },
    appliesWhen: (f, p) =>
      f.victimInContactScheme !== false && (sentenceMonths(f) ?? 0) >= p.victimContactMinSentenceMonths,
    notWhen: 'no victim in the contact scheme, or a sentence under 12 months',
  },
  {
    key: 'licence-conditions-proposed',
    label:
      'Licence conditions proposed (exclusion zones, no contact; polygraph or electronic monitoring where eligible)',
    section: 'Licence',
    owner: 'com',
    anchor: 'release',
    offset: { days: 'licenceDays' },
  },
  ...RESETTLEMENT.map(([key, name]): TemplateItem => ({
    key: `resettlement-${key}`,
    label: `Resettlement, ${name}: need identified and support arranged, or not required`,
    section: 'Resettlement pathways',
    owner: 'resettlement',
    anchor: 'release',
    offset: { days: 'resettlementWindowDays' },
  })),
  {
    key: 'hdc-address-checks',
    label: 'HDC address checks requested',
    section: 'HDC',
    owner: 'case-administrator',
    anchor: 'hdced',
    offset: { workingDays: 'hdcAddressCheckWorkingDays' },
    appliesWhen: (f, p) =>
      !!f.hdcEligibilityDate &&
      !!f.conditionalReleaseDate &&
      daysBetween(f.hdcEligibilityDate, f.conditionalReleaseDate) >= p.hdcRefusalDays,
    notWhen: 'not HDC eligible, or under 4 weeks from HDCED to CRD',
  },
  {
    key: 'release-transport',
    label: 'Release day: transport arranged',
    section: 'Release day',
    owner: 'case-administrator',
    anchor: 'release',
    offset: { days: 'releaseDayDays' },
  },
  {
    key: 'release-com-appointment',
    label: 'Release day: first appointment with the COM booked',
    section: 'Release day',
    owner: 'com',
    anchor: 'release',
    offset: { days: 'releaseDayDays' },
  },
  {
    key: 'release-medication',
    label: 'Release day: medication arranged',
    section: 'Release day',
    owner: 'resettlement',
    anchor: 'release',
    offset: { days: 'releaseDayDays' },
  },
  {
    key: 'release-id',
    label: 'Release day: ID ready',
    section: 'Release day',
    owner: 'resettlement',
    anchor: 'release',
    offset: { days: 'releaseDayDays' },
  },
];
export const RELEASE_PLAN_KEYS = RELEASE_PLAN_TEMPLATE.map((t) => t.key);

export interface PlanItem {
  key: string;
  label: string;
  section: TemplateItem['section'];
  owner: Owner;
  dueDate: IsoDate;
  status: ItemStatus;
  note: string | null;
  completedOn: IsoDate | null;
  completedBy: string | null;
  overdue: boolean;
  /** Set when the app knows the item is done from other facts (a COM recorded on the prisoner). */
  automatic: boolean;
  basis: Basis;
}

export interface ReleasePlan {
  releaseDate: IsoDate;
  releaseName: string;
  startsOn: IsoDate;
  started: boolean;
  items: PlanItem[];
  notApplicable: { key: string; label: string; why: string }[];
  done: number;
  total: number;
  overdue: number;
  warnings: string[];
  basis: Basis;
}

/** A basis; an item's `due` before the rule took effect says so (policy/basis.ts). */
const basisOf = (
  rule: RuleVersion<'release-planning'>,
  inputs: Basis['inputs'],
  sentence: string,
  due?: IsoDate,
): Basis => ruleBasis(rule, inputs, sentence, due);

const labelOf = (t: TemplateItem, f: ReleasePlanFacts, p: RuleParams<'release-planning'>) =>
  typeof t.label === 'string' ? t.label : t.label(f, p);

/**
 * What a plan's numbers are worked out from on any of the days its facts hold for: all but the day's own part
 * (which items are overdue, the days to release and the warnings they raise), which `planSummaryOn` adds. The stored
 * due list keeps one with each generation of a prisoner's items (electron/domain/due/service.ts), so the releases list
 * reads its numbers rather than working out some 500 plans a request (issue 18, item 6).
 */
export interface StoredPlanSummary {
  releaseDate: IsoDate;
  releaseName: string;
  done: number;
  total: number;
  /** The due date of each item that applies and is neither done nor not applicable, by item key. */
  open: Record<string, IsoDate>;
  /** A COM is recorded (hasCom). */
  hasCom: boolean;
  /** The rule's parameters the warnings read (the version in force on those days). */
  accommodationWarningDays: number;
  mappaConfirmationMonths: number;
}

/** A plan's numbers on `today` from what is kept of it: its items overdue on that day and the warnings they raise. */
export function planSummaryOn(s: StoredPlanSummary, today: IsoDate): ReleasePlanSummary {
  let overdue = 0;
  for (const dueDate of Object.values(s.open)) if (dueDate < today) overdue++;
  // The release is today or later, so the count is never negative.
  const daysToRelease = Math.max(0, daysBetween(today, s.releaseDate));
  const days =
    daysToRelease === 0
      ? 'on the day of release'
      : `${daysToRelease} ${daysToRelease === 1 ? 'day' : 'days'} before release`;
  const warnings: string[] = [];
  if ('accommodation-confirmed' in s.open && daysToRelease <= s.accommodationWarningDays) {
    warnings.push(
      `No accommodation confirmed ${days}: this is "too little, too late" (joint inspection 2019 found men released to budget hotels and night shelters).`,
    );
  }
  if (!s.hasCom && daysToRelease <= s.mappaConfirmationMonths * 30)
    warnings.push(
      `No COM allocated ${days}: the inspection found community officers absent from the last six months.`,
    );
  const mappa = s.open['mappa-level-confirmed'];
  if (mappa !== undefined && mappa < today)
    warnings.push(
      'MAPPA level not confirmed with the COM although release is less than 6 months away: the inspection found it confirmed before release in only 8 of 29 cases.',
    );
  return {
    releaseDate: s.releaseDate,
    releaseName: s.releaseName,
    done: s.done,
    total: s.total,
    overdue,
    warnings,
  };
}

/** The numbers a list shows of a plan (the releases list, electron/domain/due/service.ts `releases`). */
export type ReleasePlanSummary = Pick<
  ReleasePlan,
  'releaseDate' | 'releaseName' | 'done' | 'total' | 'overdue' | 'warnings'
>;

/**
 * A plan's items worked out as far as its counts and warnings need: which apply, their due dates, status and
 * progress, without the labels and bases that only the plan page and the due list read. `releasePlan` and
 * `releasePlanSummary` both start here, so the releases list's numbers are those of the plan.
 */
function planCore(
  f: ReleasePlanFacts,
  progress: ReadonlyMap<string, ItemProgress>,
  today: IsoDate,
  versions: readonly RuleVersion[],
) {
  if (!f.earliestRelease || (f.releasedOn && isOnOrAfter(today, f.releasedOn))) return null;
  const rule = ruleInForce(versions, 'release-planning', today);
  const p = rule.params;
  const release = f.earliestRelease;
  // Nothing is due before the sentence began, or, for a recall, before he came back.
  const floor =
    f.recallDate && f.recallDate > f.sentenceStartDate
      ? { date: f.recallDate, name: 'the recall' }
      : { date: f.sentenceStartDate, name: 'the sentence began' };
  const startsOn = maxDate(addMonths(release.date, -p.planningWindowMonths), floor.date)!;
  const entries = [];
  const byKey = new Map<string, { status: ItemStatus; dueDate: IsoDate }>();
  for (const t of RELEASE_PLAN_TEMPLATE) {
    if (t.appliesWhen && !t.appliesWhen(f, p)) {
      entries.push({ t, applies: false as const });
      continue;
    }
    const anchor =
      t.anchor === 'handover' && f.handoverDate
        ? { date: f.handoverDate, name: 'the handover date' }
        : t.anchor === 'hdced' && f.hdcEligibilityDate
          ? { date: f.hdcEligibilityDate, name: 'HDCED' }
          : { date: release.date, name: release.name };
    const o = t.offset;
    const counted =
      'months' in o
        ? addMonths(anchor.date, -p[o.months])
        : 'days' in o
          ? addDays(anchor.date, -p[o.days])
          : 'workingDays' in o
            ? addWorkingDays(anchor.date, -p[o.workingDays])
            : anchor.date;
    const dueDate = counted < floor.date ? floor.date : counted;
    // One fact, one entry: an item that a recorded fact already proves is done by that fact.
    const proved =
      t.key === 'com-allocated' && hasCom(f)
        ? { note: `COM recorded: ${f.comName ?? f.comEmail}`, on: null }
        : t.key === 'pre-release-oasys' && f.preReleaseOasysOn
          ? {
              note: `OASys assessment completed ${formatUk(f.preReleaseOasysOn)} recorded`,
              on: f.preReleaseOasysOn,
            }
          : null;
    const rec = progress.get(t.key);
    // The pre-release OASys review is done by the OASys record alone, which the OASys rule reads too: an item marked
    // done by hand with no assessment recorded in the window said "Done" while the due list said the review was overdue.
    const unproved =
      t.key === 'pre-release-oasys' && !proved && rec?.status === 'done'
        ? `Marked done${rec.completedOn ? ` on ${formatUk(rec.completedOn)}` : ''}${rec.completedBy ? ` by ${rec.completedBy}` : ''}, but no OASys assessment completed in the window before the handover date is recorded: record it on the OASys page`
        : null;
    const status: ItemStatus = proved ? 'done' : unproved ? 'not-started' : (rec?.status ?? 'not-started');
    const finished = status === 'done' || status === 'not-applicable';
    const entry = {
      t,
      applies: true as const,
      anchor,
      counted,
      dueDate,
      proved,
      rec: unproved ? { status, note: unproved, completedOn: null, completedBy: null } : rec,
      status,
      overdue: !finished && dueDate < today,
    };
    entries.push(entry);
    byKey.set(t.key, entry);
  }
  const open: Record<string, IsoDate> = {};
  let done = 0;
  let total = 0;
  for (const [key, i] of byKey) {
    if (i.status !== 'not-applicable') total++;
    if (i.status === 'done') done++;
    else if (i.status !== 'not-applicable') open[key] = i.dueDate;
  }
  const stored: StoredPlanSummary = {
    releaseDate: release.date,
    releaseName: release.name,
    done,
    total,
    open,
    hasCom: hasCom(f),
    accommodationWarningDays: p.accommodationWarningDays,
    mappaConfirmationMonths: p.mappaConfirmationMonths,
  };
  const summary = planSummaryOn(stored, today);
  return { rule, p, release, floor, startsOn, entries, summary, stored };
}

/**
 * The release plan's numbers for one prisoner on `today`, as `releasePlan` has them, without working out its items'
 * labels and bases: the releases list reads only these, and building every item's basis sentence for some 400
 * prisoners was most of its answer's time (issue 18, item 6).
 */
export function releasePlanSummary(
  f: ReleasePlanFacts,
  progress: ReadonlyMap<string, ItemProgress>,
  today: IsoDate,
  versions: readonly RuleVersion[],
): ReleasePlanSummary | null {
  return planCore(f, progress, today, versions)?.summary ?? null;
}

/** What is kept of each plan worked out by `releasePlan` (its numbers but the day's own part), by the plan. */
const keptOf = new WeakMap<ReleasePlan, StoredPlanSummary>();
/**
 * What the stored due list keeps of a plan `releasePlan` worked out: the plan's numbers on any of the days its facts
 * hold for, but the day's own part (`planSummaryOn` adds it). Kept beside the plan, so its shape, which the plan page and
 * the API show, is unchanged.
 */
export function storedPlanSummary(plan: ReleasePlan): StoredPlanSummary {
  return keptOf.get(plan)!;
}

type PlanCore = NonNullable<ReturnType<typeof planCore>>;
/** An item of the template that applies to him, as planCore works it out. */
type AppliedEntry = Extract<PlanCore['entries'][number], { applies: true }>;

/** A plan item that applies, with its label and basis (what the plan page shows and the due list reads). */
function planItemOf(core: PlanCore, f: ReleasePlanFacts, e: AppliedEntry): PlanItem {
  const { rule, p, floor } = core;
  const { t, anchor, counted, dueDate, proved, rec, status } = e;
  const o = t.offset;
  const by =
    'months' in o
      ? `${p[o.months]} months before`
      : 'days' in o
        ? `${plural(p[o.days], 'day')} before`
        : 'workingDays' in o
          ? `${p[o.workingDays]} working days before`
          : 'by';
  const floorNote =
    counted < floor.date
      ? ` would fall on ${formatUk(counted)}, before ${floor.name}, so due from ${formatUk(floor.date)}`
      : '';
  return {
    key: t.key,
    label: labelOf(t, f, p),
    section: t.section,
    owner: t.owner,
    dueDate,
    status,
    note: proved ? proved.note : (rec?.note ?? null),
    completedOn: proved?.on ?? rec?.completedOn ?? null,
    completedBy: proved ? null : (rec?.completedBy ?? null),
    overdue: e.overdue,
    automatic: !!proved,
    basis: basisOf(
      rule,
      { itemKey: t.key, anchor: anchor.name, anchorDate: anchor.date },
      `Due ${formatUk(dueDate)}: ${by} ${anchor.name} ${formatUk(anchor.date)}${floorNote}`,
      dueDate,
    ),
  };
}

const byDueDate = (a: { dueDate: IsoDate }, b: { dueDate: IsoDate }) =>
  a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0;

/**
 * The release plan for one prisoner on `today`: none without an earliest release date or once released. Items apply
 * by the facts, fall due counted back from the release date (or the handover date, or HDCED), and keep their recorded
 * progress when dates move, because progress is kept by item key.
 */
export function releasePlan(
  f: ReleasePlanFacts,
  progress: ReadonlyMap<string, ItemProgress>,
  today: IsoDate,
  versions: readonly RuleVersion[],
): ReleasePlan | null {
  const core = planCore(f, progress, today, versions);
  if (!core) return null;
  const { rule, p, release, startsOn, summary } = core;
  const items: PlanItem[] = [];
  const notApplicable: ReleasePlan['notApplicable'] = [];
  for (const e of core.entries) {
    if (e.applies) items.push(planItemOf(core, f, e));
    else notApplicable.push({ key: e.t.key, label: labelOf(e.t, f, p), why: e.t.notWhen! });
  }
  items.sort(byDueDate);
  const plan: ReleasePlan = {
    releaseDate: summary.releaseDate,
    releaseName: summary.releaseName,
    startsOn,
    started: isOnOrAfter(today, startsOn),
    items,
    notApplicable,
    done: summary.done,
    total: summary.total,
    overdue: summary.overdue,
    warnings: summary.warnings,
    basis: basisOf(
      rule,
      { releaseDate: release.date, planningWindowMonths: p.planningWindowMonths },
      `Release plan from ${formatUk(startsOn)}: ${release.name} ${formatUk(release.date)} minus ${p.planningWindowMonths} months`,
    ),
  };
  keptOf.set(plan, core.stored);
  return plan;
}

/** A plan item still to do (neither done nor not applicable): the due list shows it once the plan has started. */
const isOpen = (i: { status: ItemStatus }) => i.status !== 'done' && i.status !== 'not-applicable';

/** An open plan item as a due item; MAPPA confirmation has a kind of its own. */
const dueItemOf = (i: PlanItem): DueItem => ({
  kind: i.key === 'mappa-level-confirmed' ? 'mappa-level-confirmation' : 'release-plan-item',
  dueDate: i.dueDate,
  title: `Release plan: ${i.label}`,
  basis: i.basis,
  ownerRole: i.owner,
  ref: i.key,
});

/** The plan's open items as due items, once the plan has started; MAPPA confirmation has a kind of its own. */
export function releasePlanDue(plan: ReleasePlan | null): DueItem[] {
  if (!plan?.started) return [];
  return plan.items.filter(isOpen).map(dueItemOf);
}

/**
 * What the due list reads of a prisoner's plan, the same as `releasePlanDue(releasePlan(...))` and
 * `storedPlanSummary` of that plan give, with no plan (null) in the same cases: built for its open items only, once
 * it has started. The whole plan's labels and bases (some 25 items, each with its sentence, for nearly every
 * prisoner, most of whose plans have not started) were a quarter of the due list worked out whole (issue 18 items 1
 * and 7).
 */
export function releasePlanDueOnly(
  f: ReleasePlanFacts,
  progress: ReadonlyMap<string, ItemProgress>,
  today: IsoDate,
  versions: readonly RuleVersion[],
): { items: DueItem[]; kept: StoredPlanSummary } | null {
  const core = planCore(f, progress, today, versions);
  if (!core) return null;
  const items: DueItem[] = [];
  if (isOnOrAfter(today, core.startsOn)) {
    // Sorted as the plan's items are (by due date, a stable sort), of which the open ones are kept in that order.
    const open = core.entries.filter((e): e is AppliedEntry => e.applies && isOpen(e));
    for (const i of open.map((e) => planItemOf(core, f, e)).sort(byDueDate)) items.push(dueItemOf(i));
  }
  return { items, kept: core.stored };
}
