import { releasingBetween } from '../release-planning/release-date-sql';
import { releasePassedOn } from '../release-planning/release-date';
import { z } from 'zod';
import {
  and,
  between,
  count,
  eq,
  getTableColumns,
  getTableName,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  max,
  ne,
  or,
  sql,
  sum,
  type Placeholder,
  type SQL,
} from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import {
  categorisationReviews,
  childContactApplications,
  dueCountDays,
  dueCountMonths,
  dueCountState,
  dueGenerations,
  dueItems,
  duePrisoners,
  irmtActions,
  irmtMeetings,
  monitoringAuthorisations,
  monitoringDecisions,
  monitoringReviews,
  oasysAssessments,
  prisoners,
  publicProtectionStatuses,
  releasePlanItems,
  releasePlans,
  significantEvents,
  staff,
  FROM_ANY_DAY,
  UNTIL_ANY_DAY,
} from '../../../db/schema';
import { addDays, daysInMonth, formatUk, maxDate, type IsoDate, plural } from '../shared/dates';
import type Database from 'better-sqlite3';
import type { Store } from '../shared/context';
import type { SentenceType, Category, EarlyAllocationOutcome, ParoleOutcome } from '../caseload/fields';
import type { PrisonerDetail } from '../caseload/service';
import { calculateHandover, hasCom, type HandoverFacts, type HandoverResult } from '../handover/rules';
import { oasysDue, preReleaseReviewOn, type Assessment, type SignificantEvent } from '../oasys/rules';
import {
  publicProtectionDue,
  type ChildContactFacts,
  type MonitoringBasis,
  type PpFacts,
  type PpType,
} from '../public-protection/rules';
import type { PolicyService } from '../policy/service';
import { categorisationDue, categorisationFacts, type CategorisationInput } from '../categorisation/rules';
import {
  releaseFacts,
  releasePlan,
  releasePlanDue,
  releasePlanDueOnly,
  planSummaryOn,
  releasePlanSummary,
  storedPlanSummary,
  type ItemProgress,
  type StoredPlanSummary,
  type ReleasePlan,
  type ReleasePlanFacts,
} from '../release-planning/rules';
import { ruleInForce, type RuleVersion } from '../policy/rule-sets';
import { ruleBasis } from '../policy/basis';
import {
  DUE_KIND_KEYS,
  DUE_KIND_LABELS,
  DUE_KIND_OWNERS,
  DUE_SOON_DAYS,
  OWNER_ROLES,
  OWNER_ROLE_LABELS,
  dueStatusOn,
  irmtActionOwner,
  summariseDue,
  type DueItem,
  type DueSummary,
  type DueKind,
  type DueOwner,
  type DueStatus,
  type OwnerRole,
} from './types';
import { AppError } from '../shared/errors';
import { isOnOrAfter, isOnOrBefore, watchToday } from '../shared/today';

/**
 * How many days ahead each prisoner's items are kept stored (db/schema/due.ts due_items, each row with the days it holds
 * for), so that a new day's read only picks the rows holding on it: a week, so that a workstation not opened over a
 * weekend or a bank holiday still finds its first day back stored.
 */
export const AHEAD_DAYS = 7;

/**
 * The rules' code, stamped on the stored due list beside the rule versions: a build whose rules give other dates or
 * bases (an upgrade) works every prisoner out again on its first read. A stamp of the versions alone kept an older
 * build's items for as long as a prisoner's facts did not change (the bases of 28/11/2026, which say when a date falls
 * before its rule, were not shown on a database stored before them). Change it with any change to how a due date, a
 * handover or a basis is worked out: tests/integration/rules-stamp.test.ts pins what the rules give on the demo caseload
 * to it, and fails until it is changed.
 */
export const RULES_CODE = '2026-11-28';

/** A stored item's columns besides its id, prisoner and days: two generations' items are the same when these are. */
const ITEM_KEYS = [
  'ord',
  'kind',
  'dueDate',
  'title',
  'basis',
  'ownerRole',
  'ownerName',
  'ownerKey',
  'prisonerNumber',
  'prisonerName',
  'pomId',
  'pomName',
  'releasedOn',
  'ref',
] as const;
type ItemRow = Pick<typeof dueItems.$inferInsert, 'id' | 'prisonerId'> &
  Required<Pick<typeof dueItems.$inferInsert, (typeof ITEM_KEYS)[number]>>;
/** An item row holding on the day a generation begins: stored already (`row`, with its end `until`) or to be inserted. */
type OpenItem = { item: ItemRow; from: string; row?: number; until?: string };

/**
 * Whether an item row holds on `day`. Most rows hold on any day, so its columns are kept from choosing an index (the
 * unary plus): the query's own filters (due date, owner, release) choose better.
 */
const holdsOn = (day: string | Placeholder) =>
  sql`(+${dueItems.validFrom} <= ${day} AND +${dueItems.validUntil} > ${day})`;
/** The item rows that begin or stop holding between days `a` and `b` (either first): those that hold on one and not the other among them. */
const changedBetween = (a: string, b: string) => {
  const [lo, hi] = a < b ? [a, b] : [b, a];
  return changedWithin(lo, hi);
};
/** The item rows that begin or stop holding after day `lo` up to day `hi`. */
const changedWithin = (lo: string | Placeholder, hi: string | Placeholder) =>
  or(
    and(gt(dueItems.validFrom, lo), lte(dueItems.validFrom, hi)),
    and(gt(dueItems.validUntil, lo), lte(dueItems.validUntil, hi)),
  )!;
/** 1 for a row holding on `to` and not on `from`, -1 for the reverse, else 0: what a count on `from` lacks for `to`. */
const changeOn = (from: string | Placeholder, to: string | Placeholder) =>
  sql<number>`(CASE WHEN ${holdsOn(to)} THEN 1 ELSE 0 END) - (CASE WHEN ${holdsOn(from)} THEN 1 ELSE 0 END)`;

export const dueQuerySchema = z.object({
  within: z.number().int().min(0).max(3650).optional(),
  pomId: z.string().optional(),
  pomName: z.string().optional(),
  kinds: z.array(z.enum(DUE_KIND_KEYS as [DueKind, ...DueKind[]])).default([]),
  prisonerNumber: z.string().optional(),
  /** Only items whose owner has this role. */
  ownerRole: z.enum(OWNER_ROLES).optional(),
  /** "My work" for this member of staff (by name): what they own by name, and the shared work of the roles they hold. */
  ownedBy: z.string().trim().min(1).optional(),
  statuses: z.array(z.enum(['overdue', 'due-soon', 'upcoming'])).default([]),
});
export type DueQuery = z.input<typeof dueQuerySchema>;

export const DUE_SORTS = ['due', 'prisoner', 'kind', 'owner'] as const;
export type DueSort = (typeof DUE_SORTS)[number];
/** A page of the list: the query, the status shown, the order and which page (What is due, 50 rows a page). */
export const duePageSchema = dueQuerySchema.extend({
  status: z.enum(['overdue', 'due-soon', 'upcoming']).default('overdue'),
  sort: z.enum(DUE_SORTS).default('due'),
  page: z.number().int().min(1).default(1),
  pageRows: z.number().int().min(1).max(500).default(50),
});
export type DuePageQuery = z.input<typeof duePageSchema>;

export interface DueEntry extends DueItem {
  /** Unique in the list: the prisoner, the kind and what tells two items of that kind apart. */
  id: string;
  owner: DueOwner;
  prisonerId: string;
  prisonerNumber: string;
  prisonerName: string;
  pomId: string | null;
  pomName: string | null;
  status: DueStatus;
}

export interface DuePage {
  /** The page's rows: items of `status`, in the order asked for (ties in the list's order: due date, prisoner). */
  rows: DueEntry[];
  status: DueStatus;
  /** How many items of `status` the query has (the caption's count; `summary.totals[status]`). */
  total: number;
  /** The page shown (the one asked for, or the last there is). */
  page: number;
  pages: number;
  pageRows: number;
  /** The whole query's counts by status, kind and owner (cards and tables; the printed summary prints the same). */
  summary: DueSummary;
}

/** "SURNAME, Forenames", as lists show a prisoner. */
const nameOf = (r: { surname: string; forenames: string }) => `${r.surname.toUpperCase()}, ${r.forenames}`;

/** The prisoner's facts the rules read, named once in the drizzle schema (db/schema/prisoners.ts). */
const FACTS = {
  id: prisoners.id,
  prisonerNumber: prisoners.prisonerNumber,
  surname: prisoners.surname,
  forenames: prisoners.forenames,
  sentenceType: prisoners.sentenceType,
  sentenceStartDate: prisoners.sentenceStartDate,
  conditionalReleaseDate: prisoners.conditionalReleaseDate,
  automaticReleaseDate: prisoners.automaticReleaseDate,
  paroleEligibilityDate: prisoners.paroleEligibilityDate,
  tariffExpiryDate: prisoners.tariffExpiryDate,
  targetHearingDate: prisoners.targetHearingDate,
  recallDate: prisoners.recallDate,
  earlyAllocation: prisoners.earlyAllocation,
  category: prisoners.category,
  arrivedOn: prisoners.arrivedOn,
  comName: prisoners.comName,
  pomId: prisoners.pomId,
  dateOfBirth: prisoners.dateOfBirth,
  releasedOn: prisoners.releasedOn,
  lastCategorisedOn: prisoners.lastCategorisedOn,
  mappaCategory: prisoners.mappaCategory,
  mappaLevel: prisoners.mappaLevel,
  rosh: prisoners.rosh,
  registeredSexOffender: prisoners.registeredSexOffender,
  sentenceExpiryDate: prisoners.sentenceExpiryDate,
  hdcEligibilityDate: prisoners.hdcEligibilityDate,
  comEmail: prisoners.comEmail,
  licenceExpiryDate: prisoners.licenceExpiryDate,
  postRecallReleaseDate: prisoners.postRecallReleaseDate,
  fixedTermRecallDays: prisoners.fixedTermRecallDays,
  actualParoleDate: prisoners.actualParoleDate,
  paroleOutcome: prisoners.paroleOutcome,
  paroleOutcomeOn: prisoners.paroleOutcomeOn,
  additionalIsp: prisoners.additionalIsp,
  immigrationCase: prisoners.immigrationCase,
  openConditionsSince: prisoners.openConditionsSince,
  earlyAllocationAssessedOn: prisoners.earlyAllocationAssessedOn,
  earlyAllocationOutcome: prisoners.earlyAllocationOutcome,
};
/** A prisoner's row as the due list reads it (FACTS), with his POM's name. */
export type FactsRow = {
  [K in keyof typeof FACTS]: (typeof FACTS)[K]['_']['notNull'] extends true
    ? (typeof FACTS)[K]['_']['data']
    : (typeof FACTS)[K]['_']['data'] | null;
} & { pomName?: string | null };
type PlanFacts = { approvedPremisesNeeded: boolean | null; victimInContactScheme: boolean | null };

type CategorisationRow = {
  status: string;
  approvedOn: string | null;
  nextReviewOn: string | null;
  submittedOn: string | null;
};

export interface HandoverRow {
  prisonerId: string;
  prisonerNumber: string;
  prisonerName: string;
  pomName: string | null;
  comName: string | null;
  comEmail: string | null;
  handover: HandoverResult;
}

/** A prisoner already read, with his due items worked out for the day, handed to views that would otherwise do both again. */
export interface KnownPrisoner {
  prisoner: PrisonerDetail;
  due: PrisonerDue | null;
}

export interface PrisonerDue {
  prisonerNumber: string;
  handover: HandoverResult;
  items: DueItem[];
  releasePlan: ReleasePlan | null;
  /** Why there is no release plan, when there is none and he is not released. */
  noReleasePlan: string | null;
}

/** What the due list reads of a prisoner's work for a day: his handover, his items and what is kept of his release plan. */
type DueWorkedOut = Pick<PrisonerDue, 'handover' | 'items'> & { kept: StoredPlanSummary | null };
/** His work for a day as entries, and the days [validFrom, validUntil) it holds for (shared/today.ts watchToday). */
type Generation = {
  due: DueWorkedOut;
  entries: DueEntry[];
  validFrom: IsoDate | null;
  validUntil: IsoDate | null;
};

export interface ReleaseRow {
  prisonerNumber: string;
  name: string;
  pomName: string | null;
  comName: string | null;
  rosh: string | null;
  mappaCategory: number | null;
  mappaLevel: number | null;
  releaseDate: IsoDate;
  releaseName: string;
  done: number;
  total: number;
  overdue: number;
  warnings: string[];
}

/** The releases list's page asked for (the Releases page; `release-planning/releases-page`). */
export const releasesPageSchema = z.object({
  weeks: z.number().int().min(1).max(104).default(26),
  sort: z.enum(['releaseDate', 'overdue', 'progress']).default('releaseDate'),
  page: z.number().int().min(1).default(1),
  pageRows: z.number().int().min(1).max(500).default(50),
});

/** One page of the releases list, with the counts of every release in the period. */
export interface ReleasesPage {
  rows: ReleaseRow[];
  /** Releases in the period. */
  total: number;
  /** Of them, those with an overdue plan item, and those with no COM recorded. */
  withOverdue: number;
  withoutCom: number;
  /** The page shown (the last when a later one is asked for), of `pages`, `pageRows` rows each. */
  page: number;
  pages: number;
  pageRows: number;
}

/** Release date, then prisoner number: the releases list's own order. */
const byRelease = (a: ReleaseRow, b: ReleaseRow) =>
  a.releaseDate < b.releaseDate
    ? -1
    : a.releaseDate > b.releaseDate
      ? 1
      : a.prisonerNumber < b.prisonerNumber
        ? -1
        : 1;

/**
 * The prisoners a releases list from `today` to `until` looks at: not released, and releasing in the period by the
 * lists' release rule on the day (`releasingBetween`, release-planning/release-date-sql.ts: a lifer past tariff at his
 * hearing to come, a PED passed at the CRD). His plan, by the same rule, then gives the release.
 */
const releasesWhere = (today: IsoDate | Placeholder, until: IsoDate | Placeholder) =>
  and(isNull(prisoners.releasedOn), releasingBetween(today, until));

type LoadedPp = {
  statuses: Map<string, PpFacts['statuses']>;
  authorisations: Map<string, PpFacts['authorisations']>;
  decisions: Map<string, string[]>;
  applications: Map<string, ChildContactFacts[]>;
};

function ppFacts(pp: LoadedPp, r: FactsRow, events: readonly SignificantEvent[]): PpFacts | null {
  const statuses = pp.statuses.get(r.id);
  const authorisations = pp.authorisations.get(r.id);
  const applications = pp.applications.get(r.id);
  if (!statuses && !authorisations && !applications) return null;
  const transferredInOn =
    maxDate(...events.filter((e) => e.type === 'transfer-in').map((e) => e.date)) ?? null;
  return {
    arrivedOn: r.arrivedOn,
    transferredInOn,
    statuses: statuses ?? [],
    authorisations: authorisations ?? [],
    decisions: pp.decisions.get(r.id) ?? [],
    applications: applications ?? [],
  };
}

/**
 * The facts the handover, categorisation and release planning rules read, from a prisoner row: one object made once
 * for all three (each rule reads its own fields), not copied again with more fields for one of them.
 */
function handoverFactsOf(
  r: FactsRow,
): HandoverFacts &
  Pick<
    CategorisationInput,
    | 'postRecallReleaseDate'
    | 'fixedTermRecallDays'
    | 'actualParoleDate'
    | 'dateOfBirth'
    | 'sentenceExpiryDate'
    | 'lastCategorisedOn'
    | 'releasedOn'
  > {
  return {
    sentenceType: r.sentenceType as SentenceType,
    sentenceStartDate: r.sentenceStartDate,
    conditionalReleaseDate: r.conditionalReleaseDate,
    automaticReleaseDate: r.automaticReleaseDate,
    paroleEligibilityDate: r.paroleEligibilityDate,
    tariffExpiryDate: r.tariffExpiryDate,
    targetHearingDate: r.targetHearingDate,
    recallDate: r.recallDate,
    earlyAllocation: r.earlyAllocation,
    category: r.category as Category | null,
    arrivedOn: r.arrivedOn,
    licenceExpiryDate: r.licenceExpiryDate,
    mappaLevel: r.mappaLevel,
    paroleOutcome: r.paroleOutcome as ParoleOutcome | null,
    paroleOutcomeOn: r.paroleOutcomeOn,
    additionalIsp: r.additionalIsp,
    immigrationCase: r.immigrationCase,
    openConditionsSince: r.openConditionsSince,
    earlyAllocationAssessedOn: r.earlyAllocationAssessedOn,
    earlyAllocationOutcome: r.earlyAllocationOutcome as EarlyAllocationOutcome | null,
    postRecallReleaseDate: r.postRecallReleaseDate,
    fixedTermRecallDays: r.fixedTermRecallDays,
    actualParoleDate: r.actualParoleDate,
    dateOfBirth: r.dateOfBirth,
    sentenceExpiryDate: r.sentenceExpiryDate,
    lastCategorisedOn: r.lastCategorisedOn,
    releasedOn: r.releasedOn,
  };
}

/**
 * What his release plan is worked out from (with its progress), and the release it keys to: from his row, his
 * handover date, his OASys records, whether he has a PPRC status and the plan's facts, all the release plan reads
 * (the releases list works out no more).
 */
function planInputOf(
  r: FactsRow,
  facts: ReturnType<typeof handoverFactsOf>,
  handoverDate: IsoDate | null,
  assessments: Assessment[],
  pprc: boolean,
  planFacts: PlanFacts | null,
  today: IsoDate,
  versions: readonly RuleVersion[],
) {
  const release = releaseFacts(facts, today);
  // Named one by one, not spread: \`release\` comes in three shapes, and copying them was most of this function's time.
  const input: ReleasePlanFacts = {
    earliestRelease: release.earliestRelease,
    noRelease: release.noRelease,
    recallDate: release.recallDate,
    handoverDate,
    sentenceStartDate: r.sentenceStartDate,
    sentenceExpiryDate: r.sentenceExpiryDate,
    conditionalReleaseDate: r.conditionalReleaseDate,
    hdcEligibilityDate: r.hdcEligibilityDate,
    mappaCategory: r.mappaCategory,
    pprc,
    registeredSexOffender: r.registeredSexOffender,
    comName: r.comName,
    comEmail: r.comEmail,
    approvedPremisesNeeded: planFacts?.approvedPremisesNeeded ?? null,
    victimInContactScheme: planFacts?.victimInContactScheme ?? null,
    releasedOn: r.releasedOn,
    preReleaseOasysOn: preReleaseReviewOn(
      { sentenceStartDate: r.sentenceStartDate, assessments, handoverDate: handoverDate },
      today,
      versions,
    ),
  };
  return { release, input };
}

/**
 * A prisoner's release plan (null when it has not started), worked out as his due list works it out (`compute` in
 * createDueService) from his row, his OASys assessments, whether he has a PPRC status, the plan's facts and its
 * progress: for a decision that makes prisoners and their plans' progress together, before any of them is written
 * (the demo's, electron/domain/caseload/demo-command.ts; tests/integration/demo-load.test.ts checks the plans it
 * worked out against the due list's).
 */
export function releasePlanOf(
  r: FactsRow,
  assessments: Assessment[],
  pprc: boolean,
  planFacts: PlanFacts | null,
  progress: Map<string, ItemProgress>,
  today: IsoDate,
  versions: readonly RuleVersion[],
) {
  const facts = handoverFactsOf(r);
  const handover = calculateHandover(facts, today, versions);
  const { input } = planInputOf(
    r,
    facts,
    handover.handoverDate,
    assessments,
    pprc,
    planFacts,
    today,
    versions,
  );
  return releasePlan(input, progress, today, versions);
}

/** Everything due, worked out at read time from recorded facts by the rules in force today. */
/**
 * A prisoner whose every release date has passed with no release recorded (`releasePassedOn`,
 * release-planning/release-date.ts): one item for the case administrator from the day after, to find out whether he
 * has left (then record his release: he leaves the caseload) or is still held (then record the date to come: a recall,
 * a parole decision, a date recalculated). Null otherwise.
 */
export function releaseCheckItem(
  r: Parameters<typeof releasePassedOn>[0],
  today: IsoDate,
  versions: readonly RuleVersion[],
): DueItem | null {
  const passed = releasePassedOn(r, today);
  if (!passed) return null;
  const rule = ruleInForce(versions, 'release-planning', today);
  const dueDate = addDays(passed.date, 1);
  return {
    kind: 'release-passed',
    dueDate,
    title: 'Release date passed: check he has left',
    basis: ruleBasis(
      rule,
      { [passed.name]: passed.date, releasedOn: null },
      `${passed.name} ${formatUk(passed.date)} has passed with no later release date and no release recorded: check whether he has left (record his release) or is still held (record his new release date or next hearing); his other due items wait until then`,
      dueDate,
    ),
  };
}

/**
 * A prepared query made when it is first run, not when the service is made: each command line makes the service
 * afresh, and most use a few of its statements (a read none of its writes, whose preparing compiles the triggers of
 * the tables they write).
 */
function onFirstUse<Q extends { all: unknown; get: unknown; run: unknown }>(prepare: () => Q): Q {
  let q: Q | null = null;
  const the = () => (q ??= prepare());
  return {
    all: ((...a: unknown[]) => (the().all as (...a: unknown[]) => unknown)(...a)) as Q['all'],
    get: ((...a: unknown[]) => (the().get as (...a: unknown[]) => unknown)(...a)) as Q['get'],
    run: ((...a: unknown[]) => (the().run as (...a: unknown[]) => unknown)(...a)) as Q['run'],
  } as Q;
}

export function createDueService(store: Store, policy: PolicyService) {
  const { sqlite } = store;

  /** The prisoners `where` selects (all when none), each with his POM's name, and the staff list. */
  function loadRows(where?: SQL) {
    const staffList = store.db
      .select({ id: staff.id, name: staff.name, roles: staff.roles })
      .from(staff)
      .all()
      .map(({ id, name, roles }) => ({ id, name, roles: JSON.parse(roles) as string[] }));
    const staffNames = new Map(staffList.map((m) => [m.id, m.name]));
    const rows: FactsRow[] = store.db
      .select(FACTS)
      .from(prisoners)
      .where(where)
      .orderBy(prisoners.prisonerNumber)
      .all();
    for (const r of rows) r.pomName = r.pomId ? (staffNames.get(r.pomId) ?? null) : null;
    const ids = where ? rows.map((r) => r.id) : null;
    // Each table's rows for these prisoners (all prisoners when the load is not limited).
    const of = (column: SQLiteColumn) => (ids ? inArray(column, ids) : undefined);
    return { rows, staffList, of };
  }

  /** What a release plan reads besides the prisoner's row: his OASys records, the plan's facts and its progress. */
  function loadPlanInputs(of: (column: SQLiteColumn) => SQL | undefined) {
    const assessments = group(
      store.db
        .select({
          prisonerId: oasysAssessments.prisonerId,
          type: oasysAssessments.type,
          completedOn: oasysAssessments.completedOn,
        })
        .from(oasysAssessments)
        .where(of(oasysAssessments.prisonerId))
        .all(),
      (r): Assessment => ({ type: r.type as Assessment['type'], completedOn: r.completedOn }),
    );
    const plans = new Map(
      store.db
        .select({
          prisonerId: releasePlans.prisonerId,
          approvedPremisesNeeded: releasePlans.approvedPremisesNeeded,
          victimInContactScheme: releasePlans.victimInContactScheme,
        })
        .from(releasePlans)
        .where(of(releasePlans.prisonerId))
        .all()
        .map(({ prisonerId, ...facts }): [string, PlanFacts] => [prisonerId, facts]),
    );
    const progress = new Map<string, Map<string, ItemProgress>>();
    for (const r of store.db
      .select({
        prisonerId: releasePlanItems.prisonerId,
        itemKey: releasePlanItems.itemKey,
        status: releasePlanItems.status,
        note: releasePlanItems.note,
        completedOn: releasePlanItems.completedOn,
        completedBy: releasePlanItems.completedBy,
      })
      .from(releasePlanItems)
      .where(of(releasePlanItems.prisonerId))
      .all()) {
      let m = progress.get(r.prisonerId);
      if (!m) progress.set(r.prisonerId, (m = new Map()));
      m.set(r.itemKey, {
        status: r.status as ItemProgress['status'],
        note: r.note,
        completedOn: r.completedOn,
        completedBy: r.completedBy,
      });
    }
    return { assessments, plans, progress };
  }

  /** Everything a prisoner's due list reads, for the prisoners `where` selects (all when none). */
  function load(where?: SQL) {
    const { rows, staffList, of } = loadRows(where);
    const events = group(
      store.db
        .select({
          prisonerId: significantEvents.prisonerId,
          type: significantEvents.type,
          date: significantEvents.eventDate,
        })
        .from(significantEvents)
        .where(of(significantEvents.prisonerId))
        .all(),
      (r): SignificantEvent => ({ type: r.type as SignificantEvent['type'], date: r.date }),
    );
    const pp = loadPublicProtection(of);
    const actions = group(
      store.db
        .select({
          prisonerId: irmtActions.prisonerId,
          action: irmtActions.action,
          owner: irmtActions.owner,
          dueOn: irmtActions.dueOn,
          meetingDate: irmtMeetings.meetingDate,
          id: irmtActions.id,
        })
        .from(irmtActions)
        .innerJoin(irmtMeetings, eq(irmtMeetings.id, irmtActions.meetingId))
        .where(and(isNull(irmtActions.completedOn), of(irmtActions.prisonerId)))
        .all(),
      (r): DueItem => ({
        kind: 'irmt-action',
        dueDate: r.dueOn,
        title: `IRMT action (${r.owner}): ${r.action}`,
        ref: r.id,
        ...((o) => ({ ownerRole: o.role, ownerName: o.staffName }))(irmtActionOwner(r.owner, staffList)),
        basis: {
          ruleKey: 'irmt',
          ruleName: 'IRMT agenda rules',
          ruleVersion: 0,
          effectiveFrom: r.meetingDate,
          inputs: { owner: r.owner, meetingDate: r.meetingDate },
          sentence: `Agreed at the IRMT meeting on ${formatUk(r.meetingDate)}: ${r.owner} by ${formatUk(r.dueOn)}`,
        },
      }),
    );
    const categorisation = group(
      store.db
        .select({
          prisonerId: categorisationReviews.prisonerId,
          status: categorisationReviews.status,
          approvedOn: categorisationReviews.approvedOn,
          nextReviewOn: categorisationReviews.nextReviewOn,
          submittedOn: categorisationReviews.submittedOn,
        })
        .from(categorisationReviews)
        .where(
          and(
            inArray(categorisationReviews.status, ['approved', 'awaiting-approval']),
            of(categorisationReviews.prisonerId),
          ),
        )
        .all(),
      ({ prisonerId: _, ...r }): CategorisationRow => r,
    );
    return { rows, staffList, events, pp, actions, categorisation, ...loadPlanInputs(of) };
  }

  /** Rows grouped by prisoner, each made into what the rules read. */
  function group<R extends { prisonerId: string }, T>(rows: R[], make: (r: R) => T): Map<string, T[]> {
    const out = new Map<string, T[]>();
    for (const r of rows) {
      let list = out.get(r.prisonerId);
      if (!list) out.set(r.prisonerId, (list = []));
      list.push(make(r));
    }
    return out;
  }

  function loadPublicProtection(of: (column: SQLiteColumn) => SQL | undefined) {
    const statuses = group(
      store.db
        .select({
          prisonerId: publicProtectionStatuses.prisonerId,
          type: publicProtectionStatuses.type,
          status: publicProtectionStatuses.status,
          identifiedOn: publicProtectionStatuses.identifiedOn,
          confirmedOn: publicProtectionStatuses.confirmedOn,
          current: publicProtectionStatuses.groundsCurrentOffence,
          previous: publicProtectionStatuses.groundsPreviousConvictions,
          wider: publicProtectionStatuses.groundsWiderInformation,
          createdAt: publicProtectionStatuses.createdAt,
        })
        .from(publicProtectionStatuses)
        .where(of(publicProtectionStatuses.prisonerId))
        .all(),
      (r): PpFacts['statuses'][number] => ({
        type: r.type as PpType,
        status: r.status as 'potential' | 'confirmed',
        identifiedOn: r.identifiedOn,
        confirmedOn: r.confirmedOn,
        groundsClassified: !!(r.current || r.previous || r.wider),
        recordedOn: r.createdAt.slice(0, 10),
      }),
    );
    const lastReviewedOn = store.db
      .select({ on: max(monitoringReviews.reviewedOn) })
      .from(monitoringReviews)
      .where(eq(monitoringReviews.authorisationId, monitoringAuthorisations.id));
    const authorisations = group(
      store.db
        .select({
          prisonerId: monitoringAuthorisations.prisonerId,
          basis: monitoringAuthorisations.basis,
          authorisedOn: monitoringAuthorisations.authorisedOn,
          stoppedOn: monitoringAuthorisations.stoppedOn,
          lastReviewedOn: sql<string | null>`(${lastReviewedOn})`,
        })
        .from(monitoringAuthorisations)
        .where(of(monitoringAuthorisations.prisonerId))
        .all(),
      ({ prisonerId: _, ...r }): PpFacts['authorisations'][number] => ({
        ...r,
        basis: r.basis as MonitoringBasis,
      }),
    );
    const decisions = group(
      store.db
        .select({ prisonerId: monitoringDecisions.prisonerId, decidedOn: monitoringDecisions.decidedOn })
        .from(monitoringDecisions)
        .where(of(monitoringDecisions.prisonerId))
        .all(),
      (r) => r.decidedOn,
    );
    const applications = group(
      store.db
        .select({
          prisonerId: childContactApplications.prisonerId,
          childInitials: childContactApplications.childInitials,
          childrensServicesRequestedOn: childContactApplications.childrensServicesRequestedOn,
          childrensServicesReplyOn: childContactApplications.childrensServicesReplyOn,
          probationRequestedOn: childContactApplications.probationRequestedOn,
          probationReplyOn: childContactApplications.probationReplyOn,
          policeRequestedOn: childContactApplications.policeRequestedOn,
          policeReplyOn: childContactApplications.policeReplyOn,
          decisionOn: childContactApplications.decisionOn,
          reviewOn: childContactApplications.reviewOn,
        })
        .from(childContactApplications)
        .where(of(childContactApplications.prisonerId))
        .all(),
      (r): ChildContactFacts => ({
        childInitials: r.childInitials,
        requests: [
          {
            agency: 'childrens-services',
            requestedOn: r.childrensServicesRequestedOn,
            replyOn: r.childrensServicesReplyOn,
          },
          { agency: 'probation', requestedOn: r.probationRequestedOn, replyOn: r.probationReplyOn },
          { agency: 'police', requestedOn: r.policeRequestedOn, replyOn: r.policeReplyOn },
        ],
        decisionOn: r.decisionOn,
        reviewOn: r.reviewOn,
      }),
    );
    return { statuses, authorisations, decisions, applications };
  }

  type Loaded = ReturnType<typeof load>;
  /** Each loaded prisoner's handover and obligations for `today`, by prisoner number. */
  const dueByNumber = (l: Loaded, today: IsoDate) =>
    new Map(l.rows.map((r) => [r.prisonerNumber, computeFor(r, l, today)]));
  /**
   * His handover and obligations for `today`; `dueOnly`, what the due list itself reads (its items and what is kept of
   * his release plan, not the whole plan: `releasePlanDueOnly`), for the list worked out whole and stored.
   */
  function computeFor(r: FactsRow, l: Loaded, today: IsoDate): PrisonerDue;
  function computeFor(r: FactsRow, l: Loaded, today: IsoDate, dueOnly: true): DueWorkedOut;
  function computeFor(r: FactsRow, l: Loaded, today: IsoDate, dueOnly = false): PrisonerDue | DueWorkedOut {
    const pp = ppFacts(l.pp, r, l.events.get(r.id) ?? []);
    const due = compute(
      r,
      l.assessments.get(r.id) ?? [],
      l.events.get(r.id) ?? [],
      pp,
      l.categorisation.get(r.id) ?? [],
      today,
      l.plans.get(r.id) ?? null,
      l.progress.get(r.id) ?? new Map(),
      dueOnly,
    );
    due.items.push(...(l.actions.get(r.id) ?? []));
    const check = releaseCheckItem(r as FactsRow & { sentenceType: SentenceType }, today, policy.versions());
    // Not counted as work overdue as if he were still held: until it is answered, the check is his one item.
    if (check) due.items = [check];
    return due;
  }

  function compute(
    r: FactsRow,
    assessments: Assessment[],
    events: SignificantEvent[],
    pp: PpFacts | null,
    categorisation: CategorisationRow[],
    today: IsoDate,
    planFacts: PlanFacts | null,
    progress: Map<string, ItemProgress>,
    dueOnly: boolean,
  ): PrisonerDue & DueWorkedOut {
    const versions = policy.versions();
    const facts = handoverFactsOf(r);
    const handover = calculateHandover(facts, today, versions);
    const items = oasysDue(
      { sentenceStartDate: r.sentenceStartDate, assessments, events, handoverDate: handover.handoverDate },
      today,
      versions,
    );
    if (pp) items.push(...publicProtectionDue(pp, today, versions));
    items.push(...categorisationDue(categorisationFacts(facts, categorisation), today, versions));
    const { release, input } = planInputOf(
      r,
      facts,
      handover.handoverDate,
      assessments,
      !!pp?.statuses.some((st) => st.type === 'pprc'),
      planFacts,
      today,
      versions,
    );
    let plan: ReleasePlan | null = null;
    let kept: StoredPlanSummary | null = null;
    if (dueOnly) {
      const d = releasePlanDueOnly(input, progress, today, versions);
      if (d) {
        items.push(...d.items);
        kept = d.kept;
      }
    } else {
      plan = releasePlan(input, progress, today, versions);
      items.push(...releasePlanDue(plan));
      kept = plan && storedPlanSummary(plan);
    }
    if (handover.handoverDate && isOnOrBefore(today, handover.handoverDate)) {
      items.push({
        kind: 'handover',
        dueDate: handover.handoverDate,
        title: 'Handover to COM',
        basis: handover.basis,
      });
    }
    if (handover.handoverDate && !hasCom({ comName: r.comName, comEmail: r.comEmail })) {
      const rule = ruleInForce(versions, 'omic-handover', today);
      const due = addDays(handover.handoverDate, rule.params.comAllocationOverdueDays);
      if (isOnOrAfter(today, due)) {
        items.push({
          kind: 'com-allocation-overdue',
          dueDate: due,
          title: 'No COM allocated after handover',
          basis: {
            ...handover.basis,
            sentence: `COM allocation overdue since ${due.split('-').reverse().join('/')}: no COM recorded ${plural(rule.params.comAllocationOverdueDays, 'day')} after the handover date. ${handover.basis.sentence}`,
          },
        });
      }
    }
    return {
      prisonerNumber: r.prisonerNumber,
      handover,
      items,
      releasePlan: plan,
      kept,
      noReleasePlan: kept || (r.releasedOn && r.releasedOn <= today) ? null : (release.noRelease ?? null),
    };
  }

  // The stored due list (db/schema/due.ts): each prisoner's items worked out once and kept with the days they hold
  // for; triggers (db/migrations/0021) delete his row, and with it his items, when a fact he was worked out from
  // changes, in the same transaction as the change. A read first works out again only the prisoners with no row, rules
  // changed, or a day outside their days; then "today" is applied in SQL over due_items (db/migrations/0022's indexes):
  // the status from the due date, the listing window, hiding a prisoner released by today, the filters, the sort and
  // one page at a time, with the counts summed from the counts tables. Nothing is held in memory between reads, so a new
  // day costs the prisoners whose day came and the query.
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  const totalChanges = sqlite.prepare('SELECT total_changes()').pluck();
  // Every query and write of the stored list goes through the drizzle schema (db/schema/due.ts): a column renamed
  // there fails to compile here.
  /** A prisoner with no stored row, rows by other rule versions, or rows that do not hold on `today`. */
  const staleWhere = (stamp: string | Placeholder, today: IsoDate | Placeholder) =>
    or(
      isNull(duePrisoners.prisonerId),
      ne(duePrisoners.rulesStamp, stamp),
      lte(duePrisoners.validUntil, today),
      gt(duePrisoners.validFrom, today),
    );
  const staleQuery = store.db
    .select({ id: prisoners.id })
    .from(prisoners)
    .leftJoin(duePrisoners, eq(duePrisoners.prisonerId, prisoners.id));
  const staleAll = onFirstUse(() =>
    staleQuery.where(staleWhere(sql.placeholder('stamp'), sql.placeholder('today'))).prepare(),
  );
  const staleIds = {
    all: (p: { stamp: string; today: IsoDate }): string[] => staleAll.all(p).map((r) => r.id),
  };
  /**
   * When nothing was written since the last look and the rules are the same, only the day can have made a prisoner
   * stale: his days end on or before it, or start after it (two index ranges, not a pass over every prisoner).
   */
  const dayStale = onFirstUse(() =>
    store.db
      .select({ id: duePrisoners.prisonerId })
      .from(duePrisoners)
      .where(
        or(
          lte(duePrisoners.validUntil, sql.placeholder('today')),
          gt(duePrisoners.validFrom, sql.placeholder('today')),
        ),
      )
      .prepare(),
  );
  /** The stale among some prisoners: a limited read's, or a background batch's. */
  const staleAmong = {
    all: ({ ids, stamp, today }: { ids: string[]; stamp: string; today: IsoDate }) =>
      ids.length
        ? store.db
            .select({ id: prisoners.id })
            .from(prisoners)
            .leftJoin(duePrisoners, eq(duePrisoners.prisonerId, prisoners.id))
            .where(and(inArray(prisoners.id, ids), staleWhere(stamp, today)))
            .all()
            .map((r) => r.id)
        : [],
  };
  const deleteState = onFirstUse(() =>
    store.db
      .delete(duePrisoners)
      .where(eq(duePrisoners.prisonerId, sql.placeholder('prisonerId')))
      .prepare(),
  );
  const insertState = inserter(duePrisoners, ['prisonerId', 'rulesStamp', 'validFrom', 'validUntil']);
  const insertItem = inserter(dueItems, ['id', 'prisonerId', 'validFrom', 'validUntil', ...ITEM_KEYS]);
  const setItemUntil = onFirstUse(() =>
    store.db
      .update(dueItems)
      .set({ validUntil: sql.placeholder('validUntil') as unknown as string })
      .where(eq(dueItems.row, sql.placeholder('row')))
      .prepare(),
  );
  /** His item rows holding on the last day his stored days cover (`until` the day after): those a later generation may carry on. */
  const itemsUntil = onFirstUse(() =>
    store.db
      .select({
        row: dueItems.row,
        id: dueItems.id,
        prisonerId: dueItems.prisonerId,
        validFrom: dueItems.validFrom,
        validUntil: dueItems.validUntil,
        ...Object.fromEntries(ITEM_KEYS.map((k) => [k, dueItems[k]])),
      } as Record<string, SQLiteColumn>)
      .from(dueItems)
      .where(
        and(
          eq(dueItems.prisonerId, sql.placeholder('prisonerId')),
          eq(dueItems.validUntil, sql.placeholder('until')),
        ),
      )
      .prepare(),
  );
  const insertGeneration = inserter(dueGenerations, [
    'prisonerId',
    'validFrom',
    'validUntil',
    'handover',
    'releasePlan',
  ]);
  const setUntil = onFirstUse(() =>
    store.db
      .update(duePrisoners)
      .set({ validUntil: sql.placeholder('validUntil') as unknown as string })
      .where(eq(duePrisoners.prisonerId, sql.placeholder('prisonerId')))
      .prepare(),
  );
  /** The prisoners whose items hold on `today` by these rules but are stored only to before the horizon. */
  const aheadShort = (today: IsoDate, stamp: string, ids: string[] | null) =>
    store.db
      .select({ prisonerId: duePrisoners.prisonerId, validUntil: duePrisoners.validUntil })
      .from(duePrisoners)
      .where(
        and(
          lte(duePrisoners.validUntil, addDays(today, AHEAD_DAYS)),
          eq(duePrisoners.rulesStamp, stamp),
          gt(duePrisoners.validUntil, today),
          or(isNull(duePrisoners.validFrom), lte(duePrisoners.validFrom, today)),
          ids ? inArray(duePrisoners.prisonerId, ids) : undefined,
        ),
      )
      .orderBy(duePrisoners.seq)
      .all() as { prisonerId: string; validUntil: IsoDate }[];
  /** The day the counts tables count the items holding on (db/schema/due.ts due_count_state). */
  const countDay = onFirstUse(() =>
    store.db.select({ day: dueCountState.day }).from(dueCountState).where(eq(dueCountState.id, 1)).prepare(),
  );
  const countsDay = (): string => countDay.get()?.day ?? FROM_ANY_DAY;
  const setCountDay = onFirstUse(() =>
    store.db
      .update(dueCountState)
      .set({ day: sql.placeholder('day') as unknown as string })
      .where(eq(dueCountState.id, 1))
      .prepare(),
  );
  const anyItem = onFirstUse(() => store.db.select({ row: dueItems.row }).from(dueItems).limit(1).prepare());
  const idsWhere = (where: SQL) =>
    store.db
      .select({ id: prisoners.id })
      .from(prisoners)
      .where(where)
      .all()
      .map((r) => r.id);
  const idsWithPomNames = onFirstUse(() =>
    store.db
      .select({ id: prisoners.id, pomName: staff.name })
      .from(prisoners)
      .innerJoin(staff, eq(staff.id, prisoners.pomId))
      .prepare(),
  );
  /** The POMs called `name` (compared as "My work" compares names). */
  const pomIdsNamed = (name: string): string[] => {
    const lower = name.toLowerCase();
    return store.db
      .select({ id: staff.id, name: staff.name })
      .from(staff)
      .all()
      .filter((s) => s.name.toLowerCase() === lower)
      .map((s) => s.id);
  };

  /**
   * An INSERT of the given columns, its SQL named from the drizzle schema and its row typed by it; run by
   * better-sqlite3 directly (drizzle's own insert builder costs a third more per row, at 800,000 items).
   */
  function inserter<T extends SQLiteTable, K extends keyof T['$inferInsert'] & string>(table: T, keys: K[]) {
    const columns = getTableColumns(table) as Record<string, SQLiteColumn>;
    let statement: Database.Statement | null = null;
    return (row: Required<Pick<T['$inferInsert'], K>>) =>
      (statement ??= sqlite.prepare(
        `INSERT INTO "${getTableName(table)}" (${keys.map((k) => `"${columns[k]!.name}"`).join(', ')}) VALUES (${keys.map((k) => `@${k}`).join(', ')})`,
      )).run(row);
  }

  /** Which rules' code and rule versions the stored items were worked out by (RULES_CODE). */
  function rulesStamp(): string {
    const versions = policy.versions();
    let h = 0;
    const text = JSON.stringify(versions.filter((v) => v.addedBy !== 'default'));
    for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
    return `${RULES_CODE}|${versions.length}:${(h >>> 0).toString(36)}`;
  }

  /** His items worked out for `day` (entries with their owners), and the days they hold for. */
  function generation(r: FactsRow, loaded: Loaded, prisonerName: string, day: IsoDate): Generation {
    const w = watchToday(day, () => {
      const due = computeFor(r, loaded, day, true);
      return { due, entries: entriesFor(r, prisonerName, due, () => 'upcoming') };
    });
    return { ...w.value, validFrom: w.validFrom, validUntil: w.validUntil };
  }

  /** An entry as a stored row, without its days. */
  const itemRow = (r: FactsRow, prisonerName: string, e: DueEntry, ord: number): ItemRow => ({
    id: e.id,
    prisonerId: r.id,
    ord,
    kind: e.kind,
    dueDate: e.dueDate,
    title: e.title,
    basis: JSON.stringify(e.basis),
    ownerRole: e.owner.role,
    ownerName: e.owner.staffName,
    ownerKey: e.owner.staffName?.toLowerCase() ?? null,
    prisonerNumber: r.prisonerNumber,
    prisonerName,
    pomId: r.pomId,
    pomName: r.pomName ?? null,
    releasedOn: r.releasedOn,
    ref: e.ref ?? null,
  });

  /**
   * Works out and stores his generations from day `day` on (the first holding from `from`), each from the day the one
   * before stops holding, until one reaches past `horizon` or holds open-ended; returns the day they reach to (null:
   * open-ended). `open` holds his item rows holding on the day before `day` (a stored row has its `row`): an item the
   * same in the next generation goes on in the same row, one that changes or goes is ended there and a new row begun.
   * `start.worked`, when given, is his generation for `day` already worked out (not worked out again).
   */
  function storeGenerations(
    r: FactsRow,
    loaded: Loaded,
    prisonerName: string,
    start: { day: IsoDate; from: string; worked?: Generation },
    horizon: IsoDate,
    open: Map<string, OpenItem>,
  ): IsoDate | null {
    const end = (o: OpenItem, at: string) => {
      if (o.row === undefined) insertItem({ ...o.item, validFrom: o.from, validUntil: at });
      else if (o.until !== at) setItemUntil.run({ row: o.row, validUntil: at });
    };
    let day: IsoDate | null = start.day;
    let from = start.from;
    let worked: Generation | undefined = start.worked;
    for (;;) {
      const g: Generation = worked ?? generation(r, loaded, prisonerName, day);
      worked = undefined;
      const until = g.validUntil ?? UNTIL_ANY_DAY;
      const h = g.due.handover;
      insertGeneration({
        prisonerId: r.id,
        validFrom: from,
        validUntil: until,
        handover: h.handoverDate ? JSON.stringify(h) : null,
        releasePlan: g.due.kept ? JSON.stringify(g.due.kept) : null,
      });
      const seen = new Set<string>();
      g.entries.forEach((e, ord) => {
        const item = itemRow(r, prisonerName, e, ord);
        seen.add(item.id);
        const o = open.get(item.id);
        if (o && ITEM_KEYS.every((k) => o.item[k] === item[k])) return;
        if (o) end(o, from);
        open.set(item.id, { item, from });
      });
      for (const [id, o] of open)
        if (!seen.has(id)) {
          end(o, from);
          open.delete(id);
        }
      day = g.validUntil;
      if (day === null || day > horizon) break;
      from = day;
    }
    for (const o of open.values()) end(o, day ?? UNTIL_ANY_DAY);
    return day;
  }

  // The counts tables' owner columns as summariseDue groups owners (db/schema/due.ts, migration 0026's triggers).
  const named = sql<number>`CASE WHEN ${dueItems.ownerRole} IN ('com', 'other') OR ${dueItems.ownerName} IS NULL THEN 0 ELSE 1 END`;
  const name = sql<string>`CASE WHEN ${dueItems.ownerRole} IN ('com', 'other') THEN '' ELSE coalesce(${dueItems.ownerName}, '') END`;
  /** Some prisoners' items the counts tables count on `day`, grouped as they are (ids: a JSON array). */
  const countedOf = onFirstUse(() =>
    store.db
      .select({
        dueDate: dueItems.dueDate,
        kind: dueItems.kind,
        role: dueItems.ownerRole,
        named,
        name,
        n: count(),
      })
      .from(dueItems)
      .where(
        and(
          sql`${dueItems.prisonerId} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`,
          sql`+${dueItems.releasedOn} IS NULL`,
          holdsOn(sql.placeholder('day')),
        ),
      )
      .groupBy(dueItems.dueDate, dueItems.kind, dueItems.ownerRole, named, name)
      .prepare(),
  );
  type CountChange = { dueDate: string; kind: string; role: string; named: number; name: string; n: number };
  /**
   * Adding to one counts table (`at`: its day or month column) and deleting a count brought to 0 or below, by its
   * key; the SQL named from the drizzle schema, run by better-sqlite3 (as `inserter`).
   */
  function counter(table: typeof dueCountDays | typeof dueCountMonths, at: SQLiteColumn) {
    const key = [at, table.kind, table.ownerRole, table.named, table.ownerName].map((c) => `"${c.name}"`);
    const params = ['@at', '@kind', '@role', '@named', '@name'];
    const n = `"${table.n.name}"`;
    const name = `"${getTableName(table)}"`;
    return {
      add: onFirstUse(() =>
        sqlite.prepare(
          `INSERT INTO ${name} (${key.join(', ')}, ${n}) VALUES (${params.join(', ')}, @n) ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${n} = ${n} + excluded.${n}`,
        ),
      ),
      drop: onFirstUse(() =>
        sqlite.prepare(
          `DELETE FROM ${name} WHERE ${key.map((c, i) => `${c} = ${params[i]}`).join(' AND ')} AND ${n} <= 0`,
        ),
      ),
    };
  }
  const dayCounts = counter(dueCountDays, dueCountDays.dueDate);
  const monthCounts = counter(dueCountMonths, dueCountMonths.month);
  /**
   * Changes added to the counts tables, by due date and by its month (a count brought to 0 or below deleted): one
   * write per due date and owner, not one per item.
   */
  function addCounts(changes: Iterable<CountChange>): void {
    const months = new Map<string, CountChange>();
    const apply = (to: typeof dayCounts, at: string, c: CountChange) => {
      const key = { at, kind: c.kind, role: c.role, named: c.named, name: c.name };
      to.add.run({ ...key, n: c.n });
      if (c.n < 0) to.drop.run(key);
    };
    for (const c of changes) {
      if (!c.n) continue;
      apply(dayCounts, c.dueDate, c);
      const month = c.dueDate.slice(0, 7);
      const key = [month, c.kind, c.role, c.named, c.name].join('\u0000');
      const known = months.get(key);
      if (known) known.n += c.n;
      else months.set(key, { ...c, dueDate: month });
    }
    for (const c of months.values()) if (c.n) apply(monthCounts, c.dueDate, c);
  }
  /** A counts' day on which no item holds (no row's valid_until is after UNTIL_ANY_DAY): the counting triggers' WHEN fails. */
  const NO_COUNTS_DAY = UNTIL_ANY_DAY;
  /**
   * Runs `write`, which rewrites some of the given prisoners' stored items (inside a transaction), with the counting
   * triggers on due_items (migrations 0026, 0028) held off, then adds to the counts tables the difference between
   * those prisoners' items counted before and after: a write per due date and owner, not two to four per item row
   * inserted, ended or deleted (the triggers made an item's insert 2-3 times dearer). The triggers are held off by
   * setting the counts' day to one no item holds on for the transaction's writes; no other connection sees that day,
   * and the triggers go on counting every other write (another process's change deleting a prisoner's items).
   */
  function countedOnce(ids: string[], write: () => void): void {
    const day = countsDay();
    const of = { ids: JSON.stringify(ids), day };
    const changes = new Map<string, CountChange>();
    const keyOf = (c: CountChange) => [c.dueDate, c.kind, c.role, c.named, c.name].join('\u0000');
    for (const c of countedOf.all(of)) changes.set(keyOf(c), { ...c, n: -c.n });
    setCountDay.run({ day: NO_COUNTS_DAY });
    write();
    setCountDay.run({ day });
    for (const c of countedOf.all(of)) {
      const known = changes.get(keyOf(c));
      if (known) known.n += c.n;
      else changes.set(keyOf(c), c);
    }
    addCounts(changes.values());
  }

  /**
   * Works out and stores the given prisoners' items from `today`'s generation to AHEAD_DAYS after it, in one
   * transaction (a savepoint inside a command's). The first items stored set the counts' day to `today`.
   */
  const store_ = sqlite.transaction((ids: string[], today: IsoDate, stamp: string) => {
    if (!anyItem.get() && countsDay() !== today) setCountDay.run({ day: today });
    const horizon = addDays(today, AHEAD_DAYS);
    for (let k = 0; k < ids.length; k += 500) {
      const chunk = ids.slice(k, k + 500);
      const loaded = load(inArray(prisoners.id, chunk));
      countedOnce(chunk, () => {
        for (const r of loaded.rows) {
          const prisonerName = nameOf(r);
          // His items and generations go with this row (migrations 0021's and 0028's triggers).
          deleteState.run({ prisonerId: r.id });
          const first = generation(r, loaded, prisonerName, today);
          const validUntil = storeGenerations(
            r,
            loaded,
            prisonerName,
            // His first generation as worked out for its days, stored rather than worked out a second time.
            { day: today, from: first.validFrom ?? FROM_ANY_DAY, worked: first },
            horizon,
            new Map(),
          );
          insertState({ prisonerId: r.id, rulesStamp: stamp, validFrom: first.validFrom, validUntil });
        }
      });
    }
  });

  /**
   * The stored days carried on to `today + AHEAD_DAYS` for the given prisoners, those still needing it (their items
   * stored by these rules, holding today, and stored to before the horizon), in one transaction.
   */
  const extendAhead = sqlite.transaction((ids: string[], today: IsoDate, stamp: string) => {
    const horizon = addDays(today, AHEAD_DAYS);
    const reach = new Map(aheadShort(today, stamp, ids).map((r) => [r.prisonerId, r.validUntil]));
    if (!reach.size) return;
    const loaded = load(inArray(prisoners.id, [...reach.keys()]));
    countedOnce([...reach.keys()], () => {
      for (const r of loaded.rows) {
        const until = reach.get(r.id)!;
        const open = new Map<string, OpenItem>();
        for (const stored of itemsUntil.all({ prisonerId: r.id, until }) as unknown as (ItemRow & {
          row: number;
          validFrom: string;
          validUntil: string;
        })[]) {
          const { row, validFrom, validUntil, ...item } = stored;
          open.set(item.id, { item, from: validFrom, row, until: validUntil });
        }
        setUntil.run({
          prisonerId: r.id,
          validUntil: storeGenerations(r, loaded, nameOf(r), { day: until, from: until }, horizon, open),
        });
      }
    });
  });

  /**
   * The counts tables moved on to count the items holding on `today` (due_count_state): the difference of the rows that
   * begin or stop holding between their day and today (changedBetween, changeOn) added, in one transaction.
   */
  const advanceCounts = sqlite.transaction((today: IsoDate) => {
    const was = countsDay();
    if (was === today) return;
    const n = sql<number>`sum(${changeOn(was, today)})`.mapWith(Number);
    const rows = store.db
      .select({ dueDate: dueItems.dueDate, kind: dueItems.kind, role: dueItems.ownerRole, named, name, n })
      .from(dueItems)
      .where(and(changedBetween(was, today), sql`+${dueItems.releasedOn} IS NULL`))
      .groupBy(dueItems.dueDate, dueItems.kind, dueItems.ownerRole, named, name)
      .all();
    addCounts(rows);
    setCountDay.run({ day: today });
  });

  /** What this connection last brought the stored list up to, and the database as it then was. */
  let checked: { today: IsoDate; stamp: string; version: number; changes: number } | null = null;

  /** Nothing written here or by another process, and the same rules, since the whole list was last brought up. */
  function unwrittenSince(stamp: string): boolean {
    return (
      !!checked &&
      checked.stamp === stamp &&
      checked.version === Number(dataVersion.get()) &&
      checked.changes === Number(totalChanges.get())
    );
  }
  /** The whole list brought up to `today` and nothing written since. */
  const upToDate = (today: IsoDate): boolean => checked?.today === today && unwrittenSince(rulesStamp());

  /**
   * The stored list brought up to `today` before a read: prisoners whose facts changed (here or in another process),
   * whose rules changed, or whose items do not hold on `today`, worked out again and stored. `ids` limits it to some
   * prisoners (one prisoner's read, one POM's).
   */
  function bringUp(today: IsoDate, ids: string[] | null): void {
    const stamp = rulesStamp();
    if (ids) {
      const stale = staleAmong.all({ ids, stamp, today });
      if (stale.length) store_.immediate(stale, today, stamp);
      return;
    }
    const unwritten = unwrittenSince(stamp);
    if (unwritten && checked!.today === today) return;
    // Only the prisoners whose stored days do not cover today (none on a new day once the days ahead are stored).
    const stale = unwritten
      ? [...new Set(dayStale.all({ today }).map((r) => r.id))]
      : staleIds.all({ stamp, today });
    if (stale.length) store_.immediate(stale, today, stamp);
    checked = { today, stamp, version: Number(dataVersion.get()), changes: Number(totalChanges.get()) };
    lastStamp = stamp;
  }

  /**
   * The prisoners a query is limited to (one prisoner, one POM's), or null for the whole unit's: a limited read works
   * out on demand only its own prisoners not yet done (on a new day, or while the background work runs).
   */
  function scopeOf(q: z.output<typeof dueQuerySchema>): string[] | null {
    if (q.prisonerNumber) return idsWhere(eq(prisoners.prisonerNumber, q.prisonerNumber.toUpperCase()));
    if (q.pomId) return idsWhere(eq(prisoners.pomId, q.pomId));
    if (q.pomName) {
      const name = q.pomName.toLowerCase();
      return idsWithPomNames
        .all()
        .filter((r) => r.pomName.toLowerCase() === name)
        .map((r) => r.id);
    }
    return null;
  }

  /** The member of staff "My work" is for, by name; refused when nobody is called that. */
  function ownerOf(name: string): { name: string; roles: string[] } {
    const found = store.db
      .select({ name: staff.name, roles: staff.roles })
      .from(staff)
      .where(sql`${staff.name} = ${name} COLLATE NOCASE`)
      .get();
    if (!found) throw new AppError('not-found', `There is no member of staff called ${name}`, 'ownedBy');
    return { name: found.name, roles: JSON.parse(found.roles) as string[] };
  }

  /**
   * The query as a WHERE over due_items on `today`, without the status (the counts are by status): hidden after
   * release, the window, and the filters. Each is a column of due_items, so that the indexes serve it.
   */
  function whereOf(today: IsoDate, q: z.output<typeof dueQuerySchema>): SQL {
    const parts: (SQL | undefined)[] = [
      holdsOn(today),
      or(isNull(dueItems.releasedOn), gt(dueItems.releasedOn, today)),
    ];
    if (q.kinds.length) parts.push(inArray(dueItems.kind, q.kinds));
    if (q.within !== undefined) parts.push(lte(dueItems.dueDate, addDays(today, q.within)));
    if (q.pomId) parts.push(eq(dueItems.pomId, q.pomId));
    if (q.pomName) parts.push(inArray(dueItems.pomId, pomIdsNamed(q.pomName)));
    if (q.prisonerNumber)
      parts.push(
        inArray(dueItems.prisonerId, idsWhere(eq(prisoners.prisonerNumber, q.prisonerNumber.toUpperCase()))),
      );
    if (q.ownerRole) parts.push(eq(dueItems.ownerRole, q.ownerRole));
    if (q.ownedBy) {
      // ownsItem (due/types.ts) in SQL: named for this person, or nobody named and the work of a role they hold.
      const owner = ownerOf(q.ownedBy);
      const shared = OWNER_ROLES.filter((r) => r !== 'pom' && r !== 'com' && owner.roles.includes(r));
      parts.push(
        or(
          eq(dueItems.ownerKey, owner.name.toLowerCase()),
          shared.length ? and(isNull(dueItems.ownerKey), inArray(dueItems.ownerRole, shared)) : undefined,
        ),
      );
    }
    return and(...parts)!;
  }

  /** The statuses as ranges of due dates on `today` (dueStatusOn in due/types.ts, in SQL). */
  function statusRanges(today: IsoDate) {
    const soon = addDays(today, DUE_SOON_DAYS);
    const ranges: Record<DueStatus, SQL> = {
      overdue: lt(dueItems.dueDate, today),
      'due-soon': and(gte(dueItems.dueDate, today), lte(dueItems.dueDate, soon))!,
      upcoming: gt(dueItems.dueDate, soon),
    };
    const status = sql<DueStatus>`CASE WHEN ${dueItems.dueDate} < ${today} THEN 'overdue' WHEN ${dueItems.dueDate} <= ${soon} THEN 'due-soon' ELSE 'upcoming' END`;
    return { ranges, status };
  }

  /** The list's own order: due date, then prisoner number, then his items' order (as worked out). */
  const listOrder = [dueItems.dueDate, dueItems.prisonerNumber, dueItems.ord];
  // The kinds by label, sorted when first asked for: the first localeCompare loads ICU's collation, which every
  // service construction paid (a command-line call builds this service to read one prisoner).
  const kindOrder = () =>
    [...DUE_KIND_KEYS].sort((a, b) => DUE_KIND_LABELS[a].localeCompare(DUE_KIND_LABELS[b]));
  /** What a page can be sorted by, each followed by the list's own order so that ties keep it and pages are stable. */
  const SORT_KEYS: Record<DueSort, () => SQL[]> = {
    due: () => [],
    prisoner: () => [sql`${dueItems.prisonerName} COLLATE NOCASE`],
    kind: () => [
      sql`CASE ${dueItems.kind} ${sql.join(
        kindOrder().map((k, n) => sql`WHEN ${k} THEN ${n}`),
        sql` `,
      )} END`,
    ],
    // ownerLabel (due/types.ts) in SQL.
    owner: () => [
      sql`(CASE WHEN ${dueItems.ownerRole} = 'other' THEN coalesce(${dueItems.ownerName}, 'Not recorded') ELSE (CASE ${dueItems.ownerRole} ${sql.join(
        OWNER_ROLES.map((r) => sql`WHEN ${r} THEN ${OWNER_ROLE_LABELS[r]}`),
        sql` `,
      )} END) || (CASE WHEN ${dueItems.ownerName} <> '' THEN ': ' || ${dueItems.ownerName} WHEN ${dueItems.ownerRole} IN ('pom', 'com') THEN ': not recorded' ELSE '' END) END) COLLATE NOCASE`,
    ],
  };

  const sortKeyCache = new Map<DueSort, SQL[]>();
  const sortKeys = (sort: DueSort): SQL[] => {
    let keys = sortKeyCache.get(sort);
    if (!keys) sortKeyCache.set(sort, (keys = SORT_KEYS[sort]()));
    return keys;
  };

  const entryFields = {
    id: dueItems.id,
    prisonerId: dueItems.prisonerId,
    kind: dueItems.kind,
    dueDate: dueItems.dueDate,
    title: dueItems.title,
    basis: dueItems.basis,
    ownerRole: dueItems.ownerRole,
    ownerName: dueItems.ownerName,
    ref: dueItems.ref,
    prisonerNumber: dueItems.prisonerNumber,
    prisonerName: dueItems.prisonerName,
    pomId: dueItems.pomId,
    pomName: dueItems.pomName,
  };
  type EntryRow = { [K in keyof typeof entryFields]: (typeof entryFields)[K]['_']['data'] | null } & {
    status: DueStatus;
  };
  /**
   * entryFields, each read under its own key (`column AS "key"`), so that better-sqlite3 hands back the rows as they
   * are, without drizzle's mapping of each row (mapResultRow): a read of the demo's whole list (4,858 rows) about a
   * third cheaper; of 77,728 rows no more than 7 % (docs/testing.md). None of these columns has a mapping of its own
   * (all text).
   */
  const entrySelect = sql.join(
    Object.entries(entryFields).map(([key, column]) => sql`${column} AS ${sql.identifier(key)}`),
    sql`, `,
  );

  /** A stored row as an entry; its basis (most of its bytes) parsed when first read. */
  function entryOf(r: EntryRow): DueEntry {
    const basisText = r.basis!;
    let basis: DueItem['basis'] | null = null;
    return {
      kind: r.kind as DueKind,
      dueDate: r.dueDate!,
      title: r.title!,
      get basis(): DueItem['basis'] {
        return (basis ??= JSON.parse(basisText) as DueItem['basis']);
      },
      ...(r.ref === null ? {} : { ref: r.ref }),
      id: r.id!,
      owner: { role: r.ownerRole as OwnerRole, staffName: r.ownerName },
      status: r.status,
      prisonerId: r.prisonerId!,
      prisonerNumber: r.prisonerNumber!,
      prisonerName: r.prisonerName!,
      pomId: r.pomId,
      pomName: r.pomName,
    };
  }

  /**
   * Brings the stored list up to `today` for a query: a query limited to some prisoners (one prisoner's, one POM's)
   * brings up only its own, unless the whole list is known to be up to date for this day; the whole unit's, all. One
   * prisoner's items read on a day outside the days stored worked out and stored the whole unit again (some 600
   * prisoners of the demo for one), unless the background work was running.
   */
  function ready(today: IsoDate, q: z.output<typeof dueQuerySchema>): void {
    const limited = !!(q.prisonerNumber || q.pomId || q.pomName);
    if (limited && !job && upToDate(today)) return;
    bringUp(today, limited ? scopeOf(q) : null);
  }

  /** The query's items on `today`, in the list's order (or a page's), read in SQL. */
  function read(
    today: IsoDate,
    q: z.output<typeof dueQuerySchema>,
    page?: { status: DueStatus; sort: DueSort; offset: number; limit: number },
  ): DueEntry[] {
    const { ranges, status } = statusRanges(today);
    const where = whereOf(today, q);
    const statuses = page ? [page.status] : q.statuses;
    const order = [...(page ? sortKeys(page.sort) : []), ...listOrder];
    const rows = store.db.all<EntryRow>(
      sql`SELECT ${entrySelect}, ${status} AS "status" FROM ${dueItems} WHERE ${
        statuses.length ? and(where, or(...statuses.map((s) => ranges[s]))) : where
      } ORDER BY ${sql.join(order, sql`, `)}${page ? sql` LIMIT ${page.limit} OFFSET ${page.offset}` : sql``}`,
    );
    return rows.map(entryOf);
  }

  /**
   * The order of the last views paged past their first page (their rows' `row`, the view's order), kept while nothing
   * is written, as the counts are (countsOf): a page after the first is read by its rows' keys, not by sorting and
   * skipping the whole view again (SQLite's OFFSET sorts and steps over every row before the page). A view's first page
   * is read with its LIMIT as before, so a view only looked at costs no more.
   */
  const paged = new Map<string, number[]>();
  let pagedFor = '';

  /** A page of a view after its first: its rows by their keys, in the view's order kept for it. */
  function laterPage(
    today: IsoDate,
    q: z.output<typeof dueQuerySchema>,
    page: { status: DueStatus; sort: DueSort; offset: number; limit: number },
  ): DueEntry[] {
    const state = `${rulesStamp()}|${Number(dataVersion.get())}|${Number(totalChanges.get())}`;
    if (state !== pagedFor) {
      paged.clear();
      pagedFor = state;
    }
    const key = JSON.stringify([today, q, page.status, page.sort]);
    let rows = paged.get(key);
    if (!rows) {
      const { ranges } = statusRanges(today);
      const order = [...sortKeys(page.sort), ...listOrder];
      rows = store.db
        .all<{ row: number }>(
          sql`SELECT ${dueItems.row} AS "row" FROM ${dueItems} WHERE ${and(whereOf(today, q), ranges[page.status])} ORDER BY ${sql.join(order, sql`, `)}`,
        )
        .map((r) => r.row);
      if (paged.size >= 20) paged.delete(paged.keys().next().value!);
      paged.set(key, rows);
    }
    const wanted = rows.slice(page.offset, page.offset + page.limit);
    if (!wanted.length) return [];
    const { status } = statusRanges(today);
    const byRow = new Map(
      store.db
        .all<EntryRow & { row: number }>(
          sql`SELECT ${dueItems.row} AS "row", ${entrySelect}, ${status} AS "status" FROM ${dueItems} WHERE ${dueItems.row} IN (SELECT value FROM json_each(${JSON.stringify(wanted)}))`,
        )
        .map((r) => [r.row, r]),
    );
    return wanted.map((row) => {
      const { row: _, ...r } = byRow.get(row)!;
      return entryOf(r);
    });
  }

  /**
   * The last views' counts, kept while nothing is written (this connection's changes and other processes' commits both
   * end them): turning the pages of a view, or sorting it, does not count its items again.
   */
  const counted = new Map<string, DueSummary>();
  let countedFor = '';

  /** The counts the page's cards and tables show (and the printed summary prints): sums over the counts tables (countSql). */
  function countsOf(today: IsoDate, q: z.output<typeof dueQuerySchema>): DueSummary {
    const state = `${rulesStamp()}|${Number(dataVersion.get())}|${Number(totalChanges.get())}`;
    if (state !== countedFor) {
      counted.clear();
      countedFor = state;
    }
    const key = JSON.stringify([today, q]);
    const known = counted.get(key);
    if (known) return known;
    const summary = countSql(today, q);
    if (counted.size >= 20) counted.delete(counted.keys().next().value!);
    counted.set(key, summary);
    return summary;
  }

  /**
   * The counts by status, kind and owner. The whole unit's (or one kind's, one role's) are sums over the counts tables
   * (db/schema/due.ts): whole months from due_count_months, the months around today, the 14 days and the window's end
   * from due_count_days, and the items of prisoners with a release after today (left out of the counts tables) counted
   * from due_items. The counts tables count the items holding on their own day (due_count_state): the rows that begin
   * or stop holding between it and today (a day's few changes; the background work moves that day on) add the
   * difference. A view of one POM, one prisoner or one person's work counts its own items through their indexes.
   */
  function countSql(today: IsoDate, q: z.output<typeof dueQuerySchema>): DueSummary {
    if (q.pomId || q.pomName || q.prisonerNumber || q.ownedBy)
      return summariseDue(grouped(whereOf(today, q), today));
    const soon = addDays(today, DUE_SOON_DAYS);
    const until = q.within === undefined ? null : addDays(today, q.within);
    const month = (d: IsoDate) => d.slice(0, 7);
    const lastOf = (m: string) =>
      `${m}-${String(daysInMonth(Number(m.slice(0, 4)), Number(m.slice(5, 7)))).padStart(2, '0')}`;
    const of = { kinds: JSON.stringify(q.kinds), role: q.ownerRole ?? null, today, soon };
    const days = (from: IsoDate, to: IsoDate) => countQueries.days.all({ ...of, from, to });
    const months = (after: string, before: string, status: DueStatus) =>
      countQueries.months.all({ ...of, after, before, status });
    // Every day before today's month is overdue; today's month to the 14th day's month is read by day; after that,
    // whole months are upcoming up to the window's last month, which is read by day.
    const near = lastOf(month(soon));
    const rows = [
      ...months('', month(today), 'overdue'),
      ...days(`${month(today)}-01`, until !== null && until < near ? until : near),
    ];
    if (until === null) rows.push(...months(month(soon), '9999-99', 'upcoming'));
    else if (month(until) > month(soon)) {
      rows.push(...months(month(soon), month(until), 'upcoming'), ...days(`${month(until)}-01`, until));
    }
    // What the counts tables, counting the items holding on their own day, lack for today.
    const was = countsDay();
    if (was !== today) {
      const [lo, hi] = was < today ? [was, today] : [today, was];
      rows.push(...countQueries.difference.all({ ...of, until, was, lo, hi }));
    }
    // The prisoners with a release recorded after today, whose items the counts tables leave out.
    rows.push(...countQueries.released.all({ ...of, until }));
    // The difference may take away all of a group the counts tables hold: summed first, so that it is not shown at 0.
    const sums = new Map<string, { kind: DueKind; status: DueStatus; owner: DueOwner; n: number }>();
    for (const r of rows) {
      const key = JSON.stringify([r.kind, r.status, r.role, r.named, r.name]);
      const known = sums.get(key);
      if (known) known.n += r.n;
      else
        sums.set(key, {
          kind: r.kind as DueKind,
          status: r.status,
          owner: { role: r.role as OwnerRole, staffName: r.named ? r.name : null },
          n: r.n,
        });
    }
    return summariseDue([...sums.values()].filter((r) => r.n !== 0));
  }

  /**
   * countSql's queries, each prepared once, on first use (onFirstUse): the day, the window and the filters are
   * parameters (`kinds` a JSON array, `[]` for any; `role` and `until` null for any). Each row is a count by kind, owner
   * (as the counts tables group owners) and status.
   */
  const countQueries = (() => {
    const p = sql.placeholder;
    const kindIn = (column: SQLiteColumn) =>
      sql`(${p('kinds')} = '[]' OR ${column} IN (SELECT value FROM json_each(${p('kinds')})))`;
    const roleIs = (column: SQLiteColumn) => sql`(${p('role')} IS NULL OR ${column} = ${p('role')})`;
    const statusOf = (column: SQLiteColumn) =>
      sql<DueStatus>`CASE WHEN ${column} < ${p('today')} THEN 'overdue' WHEN ${column} <= ${p('soon')} THEN 'due-soon' ELSE 'upcoming' END`;
    const dayStatus = statusOf(dueCountDays.dueDate);
    const itemStatus = statusOf(dueItems.dueDate);
    const withinUntil = sql`(${p('until')} IS NULL OR ${dueItems.dueDate} <= ${p('until')})`;
    const counts = (t: typeof dueCountDays | typeof dueCountMonths) => ({
      kind: t.kind,
      role: t.ownerRole,
      named: t.named,
      name: t.ownerName,
    });
    const items = { kind: dueItems.kind, role: dueItems.ownerRole, named, name };
    return {
      days: onFirstUse(() =>
        store.db
          .select({ ...counts(dueCountDays), status: dayStatus, n: sum(dueCountDays.n).mapWith(Number) })
          .from(dueCountDays)
          .where(
            and(
              between(dueCountDays.dueDate, p('from'), p('to')),
              kindIn(dueCountDays.kind),
              roleIs(dueCountDays.ownerRole),
            ),
          )
          .groupBy(
            dueCountDays.kind,
            dueCountDays.ownerRole,
            dueCountDays.named,
            dueCountDays.ownerName,
            dayStatus,
          )
          .prepare(),
      ),
      months: onFirstUse(() =>
        store.db
          .select({
            ...counts(dueCountMonths),
            status: sql<DueStatus>`${p('status')}`,
            n: sum(dueCountMonths.n).mapWith(Number),
          })
          .from(dueCountMonths)
          .where(
            and(
              gt(dueCountMonths.month, p('after')),
              lt(dueCountMonths.month, p('before')),
              kindIn(dueCountMonths.kind),
              roleIs(dueCountMonths.ownerRole),
            ),
          )
          .groupBy(
            dueCountMonths.kind,
            dueCountMonths.ownerRole,
            dueCountMonths.named,
            dueCountMonths.ownerName,
          )
          .prepare(),
      ),
      difference: onFirstUse(() =>
        store.db
          .select({
            ...items,
            status: itemStatus,
            n: sql<number>`sum(${changeOn(p('was'), p('today'))})`.mapWith(Number),
          })
          .from(dueItems)
          .where(
            and(
              changedWithin(p('lo'), p('hi')),
              // Through the indexes on the days (covering), not that on the release (nearly every row has none).
              sql`+${dueItems.releasedOn} IS NULL`,
              kindIn(dueItems.kind),
              roleIs(dueItems.ownerRole),
              withinUntil,
            ),
          )
          .groupBy(dueItems.kind, dueItems.ownerRole, named, name, itemStatus)
          .prepare(),
      ),
      released: onFirstUse(() =>
        store.db
          .select({ ...items, status: itemStatus, n: count() })
          .from(dueItems)
          .where(
            and(
              holdsOn(p('today')),
              gt(dueItems.releasedOn, p('today')),
              kindIn(dueItems.kind),
              roleIs(dueItems.ownerRole),
              withinUntil,
            ),
          )
          .groupBy(dueItems.kind, dueItems.ownerRole, named, name, itemStatus)
          .prepare(),
      ),
    };
  })();

  /** The items `where` selects, counted by kind, owner (as summariseDue groups them) and status on `today`. */
  function grouped(where: SQL, today: IsoDate) {
    const { status } = statusRanges(today);
    // COMs and others named in actions are counted by role (summariseDue groups them so).
    const ownerName = sql<
      string | null
    >`CASE WHEN ${dueItems.ownerRole} IN ('com', 'other') THEN NULL ELSE ${dueItems.ownerName} END`;
    return store.db
      .select({ kind: dueItems.kind, role: dueItems.ownerRole, name: ownerName, status, n: count() })
      .from(dueItems)
      .where(where)
      .groupBy(dueItems.kind, dueItems.ownerRole, ownerName, status)
      .all()
      .map((r) => ({
        kind: r.kind as DueKind,
        status: r.status,
        owner: { role: r.role as OwnerRole, staffName: r.name },
        n: r.n,
      }));
  }

  /** Every prisoner with a handover date, not released by `today`, in prisoner number order. */
  const handoverRows = onFirstUse(() =>
    store.db
      .select({
        prisonerId: dueGenerations.prisonerId,
        handover: dueGenerations.handover,
        prisonerNumber: prisoners.prisonerNumber,
        surname: prisoners.surname,
        forenames: prisoners.forenames,
        pomName: staff.name,
        comName: prisoners.comName,
        comEmail: prisoners.comEmail,
      })
      .from(dueGenerations)
      .innerJoin(prisoners, eq(prisoners.id, dueGenerations.prisonerId))
      .leftJoin(staff, eq(staff.id, prisoners.pomId))
      .where(
        and(
          isNotNull(dueGenerations.handover),
          lte(dueGenerations.validFrom, sql.placeholder('today')),
          gt(dueGenerations.validUntil, sql.placeholder('today')),
          or(isNull(prisoners.releasedOn), gt(prisoners.releasedOn, sql.placeholder('today'))),
          // Not one whose every release date has passed with none recorded (`releasePassedOn`): his handover work waits
          // on the check whether he has left, as his due items do (releaseCheckItem).
          or(
            isNull(prisoners.releaseLast),
            gte(prisoners.releaseLast, sql.placeholder('today')),
            isNotNull(prisoners.releasedOn),
          ),
        ),
      )
      .orderBy(prisoners.prisonerNumber)
      .prepare(),
  );

  /**
   * The prisoners a releases list of `today` to `until` selects, not released, each with his release plan as kept with
   * his generation holding on `today` (the plan's numbers but the day's own part), in prisoner number order.
   */
  const releaseRows = onFirstUse(() =>
    store.db
      .select({
        prisonerNumber: prisoners.prisonerNumber,
        surname: prisoners.surname,
        forenames: prisoners.forenames,
        pomName: staff.name,
        comName: prisoners.comName,
        rosh: prisoners.rosh,
        mappaCategory: prisoners.mappaCategory,
        mappaLevel: prisoners.mappaLevel,
        releasePlan: dueGenerations.releasePlan,
      })
      .from(dueGenerations)
      .innerJoin(prisoners, eq(prisoners.id, dueGenerations.prisonerId))
      .leftJoin(staff, eq(staff.id, prisoners.pomId))
      .where(
        and(
          isNotNull(dueGenerations.releasePlan),
          lte(dueGenerations.validFrom, sql.placeholder('today')),
          gt(dueGenerations.validUntil, sql.placeholder('today')),
          releasesWhere(sql.placeholder('today'), sql.placeholder('until')),
        ),
      )
      .orderBy(prisoners.prisonerNumber)
      .prepare(),
  );

  /** The releases list as `releases` gives it (below). */
  function storedReleases(today: IsoDate, weeks: number): ReleaseRow[] {
    const until = addDays(today, weeks * 7);
    bringUp(today, null);
    const out: ReleaseRow[] = [];
    for (const r of releaseRows.all({ today, until })) {
      const plan = planSummaryOn(JSON.parse(r.releasePlan!) as StoredPlanSummary, today);
      if (plan.releaseDate < today || plan.releaseDate > until) continue;
      out.push({
        prisonerNumber: r.prisonerNumber,
        name: nameOf(r),
        pomName: r.pomName,
        comName: r.comName,
        rosh: r.rosh,
        mappaCategory: r.mappaCategory,
        mappaLevel: r.mappaLevel,
        releaseDate: plan.releaseDate,
        releaseName: plan.releaseName,
        done: plan.done,
        total: plan.total,
        overdue: plan.overdue,
        warnings: plan.warnings,
      });
    }
    return out.sort(byRelease);
  }

  /** The work of bringing every prisoner's stored items up to new rules, in batches, while the app goes on. */
  interface Job {
    today: IsoDate;
    stamp: string;
    done: number;
    total: number;
    promise: Promise<void>;
  }
  let job: Job | null = null;
  /** The rule versions the stored list was last brought up to (here, or by a background job). */
  let lastStamp: string | null = null;

  /**
   * Works out again, in batches of `batch` prisoners (each its own transaction) with a turn of the event loop between
   * them, every prisoner whose stored items are not for `today` and the rules in force: after a rule change, so that
   * the app is not frozen while 80,000 prisoners are worked out. Reads meanwhile stay true: a limited read works out its
   * own prisoners on demand, the whole list waits for the batches (`settled`) or, read synchronously, works out the
   * rest itself. A newer rule change stops this job; the next one takes over.
   */
  function recompute(
    today: IsoDate,
    options: { batch?: number; onProgress?: (p: { done: number; total: number }) => void } = {},
  ): Promise<void> {
    const stamp = rulesStamp();
    if (job && job.today === today && job.stamp === stamp) return job.promise;
    const batch = options.batch ?? 100;
    const state: Job = { today, stamp, done: 0, total: 0, promise: Promise.resolve() };
    job = state;
    const ids = staleIds.all({ stamp, today });
    state.total = ids.length;
    state.promise = (async () => {
      try {
        // The command that changed the rules answers first.
        await new Promise((resolve) => setImmediate(resolve));
        for (let k = 0; k < ids.length; k += batch) {
          // Closed meanwhile (the app quit), superseded by a newer rule change, or rules changed again.
          if (!sqlite.open || job !== state || rulesStamp() !== stamp) return;
          const chunk = ids.slice(k, k + batch);
          // A read may have worked some out already, or a fact changed since: only those still stale.
          const stale = staleAmong.all({ ids: chunk, stamp, today });
          if (stale.length) store_.immediate(stale, today, stamp);
          state.done += chunk.length;
          options.onProgress?.({ done: state.done, total: state.total });
          await new Promise((resolve) => setImmediate(resolve));
        }
        lastStamp = stamp;
      } finally {
        if (job === state) job = null;
      }
    })();
    return state.promise;
  }

  /** The work of carrying the stored days on to a new day's horizon, and the counts on to it, in batches. */
  let ahead: { today: IsoDate; stamp: string; promise: Promise<void> } | null = null;

  /**
   * Works ahead, in the background, for `today`: the counts tables moved on to count today's items (advanceCounts), and
   * the prisoners whose stored days reach no further than AHEAD_DAYS after it (after a new day, the ~1 in 130 whose next
   * day came) carried on, in batches of `batch` (each its own transaction) with a turn of the event loop between them,
   * so that the next new day's read writes nothing. Nothing a read shows changes, so this connection's own writes here
   * do not make the next read look for prisoners to work out again, nor count again. Not while the rules are being
   * worked out again (that work stores the days ahead itself); a later day's call takes over.
   */
  function workAhead(today: IsoDate, options: { batch?: number } = {}): Promise<void> {
    const stamp = rulesStamp();
    if (job) return Promise.resolve();
    if (ahead && ahead.today === today && ahead.stamp === stamp) return ahead.promise;
    const batch = options.batch ?? 100;
    const ids = aheadShort(today, stamp, null).map((r) => r.prisonerId);
    if (!ids.length && countsDay() === today) return Promise.resolve();
    const state = { today, stamp, promise: Promise.resolve() };
    ahead = state;
    /** Runs a write that changes nothing a read shows, keeping what this connection knows it has read. */
    const unseen = (write: () => void) => {
      const was = { version: Number(dataVersion.get()), changes: Number(totalChanges.get()) };
      const counts = `${stamp}|${was.version}|${was.changes}`;
      write();
      const changes = Number(totalChanges.get());
      if (checked && checked.version === was.version && checked.changes === was.changes)
        checked = { ...checked, changes };
      if (countedFor === counts) countedFor = `${stamp}|${was.version}|${changes}`;
    };
    const going = () => sqlite.open && ahead === state && !job && rulesStamp() === stamp;
    state.promise = (async () => {
      try {
        await new Promise((resolve) => setImmediate(resolve));
        if (!going()) return;
        unseen(() => advanceCounts.immediate(today));
        for (let k = 0; k < ids.length; k += batch) {
          await new Promise((resolve) => setImmediate(resolve));
          if (!going()) return;
          unseen(() => extendAhead.immediate(ids.slice(k, k + batch), today, stamp));
        }
      } finally {
        if (ahead === state) ahead = null;
      }
    })();
    return state.promise;
  }

  /**
   * One prisoner's items as entries: each with its owner (the prisoner's POM or COM by name for their work; OASys is
   * the COM's once the COM is responsible) and an id unique in the list.
   */
  function entriesFor(
    r: FactsRow,
    prisonerName: string,
    due: DueWorkedOut,
    statusOf: (d: IsoDate) => DueStatus,
  ): DueEntry[] {
    const seen = new Map<string, number>();
    const comResponsible = due.handover.responsibility === 'com';
    return due.items.map((item) => {
      let role: OwnerRole = item.ownerRole ?? DUE_KIND_OWNERS[item.kind];
      if (comResponsible && item.kind.startsWith('oasys-')) role = 'com';
      // A person the item names (an IRMT action given to a member of staff by name) owns it, even a POM who is not
      // this prisoner's; otherwise POM and COM work is the prisoner's own POM's or COM's.
      const staffName =
        item.ownerName ?? (role === 'pom' ? (r.pomName ?? null) : role === 'com' ? r.comName : null);
      const base = `${r.prisonerNumber}/${item.kind}/${item.ref ?? item.dueDate}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      return {
        kind: item.kind,
        dueDate: item.dueDate,
        title: item.title,
        basis: item.basis,
        ...(item.ref === undefined ? {} : { ref: item.ref }),
        id: n === 1 ? base : `${base}#${n}`,
        owner: { role, staffName },
        status: statusOf(item.dueDate),
        prisonerId: r.id,
        prisonerNumber: r.prisonerNumber,
        prisonerName,
        pomId: r.pomId,
        pomName: r.pomName ?? null,
      };
    });
  }

  /**
   * The whole list worked out from the facts, as it was before it was stored: what the stored list must equal
   * (tests/integration/due-store.test.ts).
   */
  function workedOutWhole(today: IsoDate) {
    const loaded = load();
    const entries: DueEntry[] = [];
    const handovers: HandoverRow[] = [];
    const statusOf = dueStatusOn(today);
    for (const r of loaded.rows) {
      if (r.releasedOn && r.releasedOn <= today) continue;
      const prisonerName = nameOf(r);
      const due = computeFor(r, loaded, today, true);
      if (
        due.handover.handoverDate &&
        !releasePassedOn(r as FactsRow & { sentenceType: SentenceType }, today)
      )
        handovers.push({
          prisonerId: r.id,
          prisonerNumber: r.prisonerNumber,
          prisonerName,
          pomName: r.pomName ?? null,
          comName: r.comName,
          comEmail: r.comEmail,
          handover: due.handover,
        });
      entries.push(...entriesFor(r, prisonerName, due, statusOf));
    }
    entries.sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0));
    return { entries, handovers };
  }

  return {
    /** The unit's due list (or one POM's), each item with its status and basis; `within` keeps items due in that many days, overdue always. */
    list(today: IsoDate, raw: z.input<typeof dueQuerySchema> = {}): DueEntry[] {
      const q = dueQuerySchema.parse(raw);
      if (q.ownedBy) ownerOf(q.ownedBy);
      ready(today, q);
      return read(today, q);
    },
    /**
     * One page of the list for a status, in the order asked for, with the counts of the whole query by status, kind and
     * owner (the What is due page: the caption's count is the number of rows its pages hold).
     */
    page(today: IsoDate, raw: z.input<typeof duePageSchema> = {}): DuePage {
      const { status, sort, page, pageRows, ...rest } = duePageSchema.parse(raw);
      const q = dueQuerySchema.parse(rest);
      if (q.ownedBy) ownerOf(q.ownedBy);
      ready(today, q);
      const summary = countsOf(today, q);
      const total = summary.totals[status];
      const pages = Math.max(1, Math.ceil(total / pageRows));
      const shown = Math.min(pages, page);
      return {
        rows: (shown === 1 ? read : laterPage)(today, q, {
          status,
          sort,
          offset: (shown - 1) * pageRows,
          limit: pageRows,
        }),
        status,
        total,
        page: shown,
        pages,
        pageRows,
        summary,
      };
    },
    /** The counts of a query's items by status, kind and owner: what the page shows and its printed summary prints. */
    summary(today: IsoDate, raw: z.input<typeof dueQuerySchema> = {}): DueSummary {
      const q = dueQuerySchema.parse(raw);
      if (q.ownedBy) ownerOf(q.ownedBy);
      ready(today, q);
      return countsOf(today, q);
    },
    recompute,
    workAhead,
    /** How far the background work is: prisoners looked at of those to do, or null when none is running. */
    progress(): { done: number; total: number } | null {
      return job ? { done: job.done, total: job.total } : null;
    },
    /**
     * After a command: when the rules in force have changed since the stored list was last brought up to them, the
     * background work starts (a rule change must not freeze the app while every prisoner is worked out again).
     */
    followRules(today: IsoDate): Promise<void> | null {
      if (lastStamp === null || rulesStamp() === lastStamp) return job?.promise ?? null;
      return recompute(today);
    },
    /** Waits for the background work when a read of this query would otherwise do all of it at once. */
    async settled(raw: z.input<typeof dueQuerySchema> = {}): Promise<void> {
      while (job && !scopeOf(dueQuerySchema.parse(raw))) await job.promise;
    },
    /** The whole list worked out from the facts without the stored list (the equality test's reference). */
    workedOutWhole,
    /** Every prisoner with a handover date, with the handover worked out for today. */
    handovers(today: IsoDate): HandoverRow[] {
      bringUp(today, null);
      return handoverRows.all({ today }).map((r) => ({
        prisonerId: r.prisonerId,
        prisonerNumber: r.prisonerNumber,
        prisonerName: nameOf(r),
        pomName: r.pomName,
        comName: r.comName,
        comEmail: r.comEmail,
        handover: JSON.parse(r.handover!) as HandoverResult,
      }));
    },
    /** One prisoner's handover and obligations. */
    forPrisoner(prisonerNumber: string, today: IsoDate): PrisonerDue | null {
      const loaded = load(eq(prisoners.prisonerNumber, prisonerNumber.toUpperCase()));
      const r = loaded.rows[0];
      return r ? computeFor(r, loaded, today) : null;
    },
    /**
     * Every prisoner's handover and obligations, by prisoner number, from one read of each table: what `forPrisoner`
     * gives for each of them (tests/integration/demo-load.test.ts compares them), for work over the whole caseload
     * (the demo loader's release plans: 600 reads of one prisoner each were 45 % of its load, issue 18 item 4).
     */
    forEveryPrisoner(today: IsoDate): Map<string, PrisonerDue> {
      return dueByNumber(load(), today);
    },
    /**
     * Several prisoners' handovers and obligations (a batch of handover packs), each as `forPrisoner` gives it, read
     * with one query a table for them all: by prisoner number; a number not found is left out.
     */
    forPrisoners(prisonerNumbers: string[], today: IsoDate): Map<string, PrisonerDue> {
      const numbers = prisonerNumbers.map((n) => n.toUpperCase());
      return dueByNumber(load(inArray(prisoners.prisonerNumber, numbers)), today);
    },
    /**
     * Every prisoner not yet released whose earliest release falls within `weeks` weeks of today, with his plan's
     * progress: read from the stored due list, each plan's numbers as kept with his generation holding on today and
     * the day's own part (overdue items, warnings) added (`planSummaryOn`). Working out some 500 plans on each request
     * was most of the Releases page's time (issue 18, item 6); `workedOutReleases` is the same list worked out anew.
     */
    releases: storedReleases,
    /**
     * One page of the releases list in the order asked for (by release date; most overdue items first; least of the
     * plan done first; ties in release date order), with the counts of the whole list: what the Releases page shows,
     * so it is sent 50 rows rather than every release in the period (issue 18, item 6).
     */
    releasesPage(today: IsoDate, raw: z.input<typeof releasesPageSchema>): ReleasesPage {
      const { weeks, sort, page, pageRows } = releasesPageSchema.parse(raw);
      const all = storedReleases(today, weeks);
      const sorted =
        sort === 'overdue'
          ? [...all].sort((a, b) => b.overdue - a.overdue)
          : sort === 'progress'
            ? [...all].sort((a, b) => a.done / a.total - b.done / b.total)
            : all;
      const pages = Math.max(1, Math.ceil(all.length / pageRows));
      const shown = Math.min(pages, page);
      return {
        rows: sorted.slice((shown - 1) * pageRows, shown * pageRows),
        total: all.length,
        withOverdue: all.filter((r) => r.overdue > 0).length,
        withoutCom: all.filter((r) => !r.comName).length,
        page: shown,
        pages,
        pageRows,
      };
    },
    /**
     * The releases list worked out from the facts, every plan anew, without the stored list (the equality test's
     * reference for `releases`, tests/integration/release-planning.test.ts).
     */
    workedOutReleases(today: IsoDate, weeks: number): ReleaseRow[] {
      const until = addDays(today, weeks * 7);
      // Only what a release plan reads (loadPlanInputs, planInputOf), not his whole due list: working out every
      // prisoner's OASys, public protection, categorisation and IRMT items here only to read his plan was most of
      // this list's time (issue 18, item 6).
      const { rows, of } = loadRows(releasesWhere(today, until));
      const inputs = loadPlanInputs(of);
      const pprc = new Set(
        store.db
          .select({ prisonerId: publicProtectionStatuses.prisonerId })
          .from(publicProtectionStatuses)
          .where(and(eq(publicProtectionStatuses.type, 'pprc'), of(publicProtectionStatuses.prisonerId)))
          .all()
          .map((x) => x.prisonerId),
      );
      const versions = policy.versions();
      const out: ReleaseRow[] = [];
      for (const r of rows) {
        const facts = handoverFactsOf(r);
        const { input } = planInputOf(
          r,
          facts,
          calculateHandover(facts, today, versions).handoverDate,
          inputs.assessments.get(r.id) ?? [],
          pprc.has(r.id),
          inputs.plans.get(r.id) ?? null,
          today,
          versions,
        );
        // The plan's numbers only: its items' labels and bases, which this list does not show, were most of its time.
        const plan = releasePlanSummary(input, inputs.progress.get(r.id) ?? new Map(), today, versions);
        if (!plan || plan.releaseDate < today || plan.releaseDate > until) continue;
        out.push({
          prisonerNumber: r.prisonerNumber,
          name: nameOf(r),
          pomName: r.pomName ?? null,
          comName: r.comName,
          rosh: r.rosh,
          mappaCategory: r.mappaCategory,
          mappaLevel: r.mappaLevel,
          releaseDate: plan.releaseDate,
          releaseName: plan.releaseName,
          done: plan.done,
          total: plan.total,
          overdue: plan.overdue,
          warnings: plan.warnings,
        });
      }
      return out.sort(byRelease);
    },
  };
}

export type DueService = ReturnType<typeof createDueService>;
