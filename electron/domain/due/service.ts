import { z } from 'zod';
import { addDays, formatUk, maxDate, type IsoDate, plural } from '../shared/dates';
import type { Store } from '../shared/context';
import type { SentenceType, Category, EarlyAllocationOutcome, ParoleOutcome } from '../caseload/fields';
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
  type ItemProgress,
  type ReleasePlan,
} from '../release-planning/rules';
import { ruleInForce } from '../policy/rule-sets';
import {
  DUE_KIND_KEYS,
  DUE_KIND_OWNERS,
  DUE_SOON_DAYS,
  OWNER_ROLES,
  dueStatus,
  irmtActionOwner,
  ownsItem,
  type DueItem,
  type DueKind,
  type DueOwner,
  type DueStatus,
  type OwnerRole,
} from './types';
import { AppError } from '../shared/errors';
import { isOnOrAfter, isOnOrBefore, watchToday } from '../shared/today';

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

interface FactsRow {
  id: string;
  prisoner_number: string;
  surname: string;
  forenames: string;
  sentence_type: SentenceType;
  sentence_start_date: string;
  conditional_release_date: string | null;
  automatic_release_date: string | null;
  parole_eligibility_date: string | null;
  tariff_expiry_date: string | null;
  target_hearing_date: string | null;
  recall_date: string | null;
  early_allocation: number;
  category: Category | null;
  arrived_on: string;
  com_name: string | null;
  pom_id: string | null;
  pom_name?: string | null;
  date_of_birth: string;
  released_on: string | null;
  last_categorised_on: string | null;
  mappa_category: number | null;
  mappa_level: number | null;
  rosh: string | null;
  registered_sex_offender: number;
  sentence_expiry_date: string | null;
  hdc_eligibility_date: string | null;
  com_email: string | null;
  licence_expiry_date: string | null;
  post_recall_release_date: string | null;
  fixed_term_recall_days: number | null;
  actual_parole_date: string | null;
  parole_outcome: ParoleOutcome | null;
  parole_outcome_on: string | null;
  additional_isp: number;
  immigration_case: number;
  open_conditions_since: string | null;
  early_allocation_assessed_on: string | null;
  early_allocation_outcome: EarlyAllocationOutcome | null;
}
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

export interface PrisonerDue {
  prisonerNumber: string;
  handover: HandoverResult;
  items: DueItem[];
  releasePlan: ReleasePlan | null;
  /** Why there is no release plan, when there is none and he is not released. */
  noReleasePlan: string | null;
}

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
    arrivedOn: r.arrived_on,
    transferredInOn,
    statuses: statuses ?? [],
    authorisations: authorisations ?? [],
    decisions: pp.decisions.get(r.id) ?? [],
    applications: applications ?? [],
  };
}

/** The facts the handover, categorisation and release planning rules read, from a prisoner row. */
function handoverFactsOf(
  r: FactsRow,
): HandoverFacts &
  Pick<CategorisationInput, 'postRecallReleaseDate' | 'fixedTermRecallDays' | 'actualParoleDate'> {
  return {
    sentenceType: r.sentence_type,
    sentenceStartDate: r.sentence_start_date,
    conditionalReleaseDate: r.conditional_release_date,
    automaticReleaseDate: r.automatic_release_date,
    paroleEligibilityDate: r.parole_eligibility_date,
    tariffExpiryDate: r.tariff_expiry_date,
    targetHearingDate: r.target_hearing_date,
    recallDate: r.recall_date,
    earlyAllocation: r.early_allocation === 1,
    category: r.category,
    arrivedOn: r.arrived_on,
    licenceExpiryDate: r.licence_expiry_date,
    mappaLevel: r.mappa_level,
    paroleOutcome: r.parole_outcome,
    paroleOutcomeOn: r.parole_outcome_on,
    additionalIsp: r.additional_isp === 1,
    immigrationCase: r.immigration_case === 1,
    openConditionsSince: r.open_conditions_since,
    earlyAllocationAssessedOn: r.early_allocation_assessed_on,
    earlyAllocationOutcome: r.early_allocation_outcome,
    postRecallReleaseDate: r.post_recall_release_date,
    fixedTermRecallDays: r.fixed_term_recall_days,
    actualParoleDate: r.actual_parole_date,
  };
}

/** Everything due, worked out at read time from recorded facts by the rules in force today. */
export function createDueService(store: Store, policy: PolicyService) {
  const { sqlite } = store;

  function load(where: string, params: unknown[]) {
    const staffList = (
      sqlite.prepare('SELECT id, name, roles FROM staff').raw().all() as [string, string, string][]
    ).map(([id, name, roles]) => ({ id, name, roles: JSON.parse(roles) as string[] }));
    const staffNames = new Map(staffList.map((m) => [m.id, m.name]));
    const rows = sqlite
      .prepare(
        `SELECT p.id, p.prisoner_number, p.surname, p.forenames, p.sentence_type, p.sentence_start_date,
        p.conditional_release_date, p.automatic_release_date, p.parole_eligibility_date, p.tariff_expiry_date, p.target_hearing_date,
        p.recall_date, p.early_allocation, p.category, p.arrived_on, p.com_name, p.pom_id, p.date_of_birth, p.released_on, p.last_categorised_on,
        p.mappa_category, p.mappa_level, p.rosh, p.registered_sex_offender, p.sentence_expiry_date, p.hdc_eligibility_date,
        p.com_email, p.licence_expiry_date, p.post_recall_release_date, p.fixed_term_recall_days, p.actual_parole_date, p.parole_outcome, p.parole_outcome_on,
        p.additional_isp, p.immigration_case, p.open_conditions_since, p.early_allocation_assessed_on, p.early_allocation_outcome
      FROM prisoners p ${where} ORDER BY p.prisoner_number`,
      )
      .all(...params) as FactsRow[];
    for (const r of rows) r.pom_name = r.pom_id ? (staffNames.get(r.pom_id) ?? null) : null;
    const ids = where ? rows.map((r) => r.id) : null;
    const inIds = ids ? `WHERE prisoner_id IN (${ids.map(() => '?').join(',') || "''"})` : '';
    const assessments = new Map<string, Assessment[]>();
    for (const a of sqlite
      .prepare(`SELECT prisoner_id, type, completed_on FROM oasys_assessments ${inIds}`)
      .raw()
      .all(...(ids ?? [])) as [string, Assessment['type'], string][]) {
      let list = assessments.get(a[0]);
      if (!list) assessments.set(a[0], (list = []));
      list.push({ type: a[1], completedOn: a[2] });
    }
    const events = new Map<string, SignificantEvent[]>();
    for (const e of sqlite
      .prepare(`SELECT prisoner_id, type, event_date FROM significant_events ${inIds}`)
      .raw()
      .all(...(ids ?? [])) as [string, SignificantEvent['type'], string][]) {
      let list = events.get(e[0]);
      if (!list) events.set(e[0], (list = []));
      list.push({ type: e[1], date: e[2] });
    }
    const pp = loadPublicProtection(inIds, ids);
    const actions = group(
      sqlite
        .prepare(
          `SELECT a.prisoner_id, a.action, a.owner, a.due_on, m.meeting_date, a.id FROM irmt_actions a JOIN irmt_meetings m ON m.id = a.meeting_id
        WHERE a.completed_on IS NULL ${inIds ? `AND a.${inIds.slice('WHERE '.length)}` : ''}`,
        )
        .raw()
        .all(...(ids ?? [])) as [string, string, string, string, string, string][],
      (r): DueItem => ({
        kind: 'irmt-action',
        dueDate: r[3] as string,
        title: `IRMT action (${r[2]}): ${r[1]}`,
        ref: r[5] as string,
        ...((o) => ({ ownerRole: o.role, ownerName: o.staffName }))(
          irmtActionOwner(r[2] as string, staffList),
        ),
        basis: {
          ruleKey: 'irmt',
          ruleName: 'IRMT agenda rules',
          ruleVersion: 0,
          effectiveFrom: r[4] as string,
          inputs: { owner: r[2] as string, meetingDate: r[4] as string },
          sentence: `Agreed at the IRMT meeting on ${formatUk(r[4] as string)}: ${r[2]} by ${formatUk(r[3] as string)}`,
        },
      }),
    );
    const categorisation = group(
      sqlite
        .prepare(
          `SELECT prisoner_id, status, approved_on, next_review_on, submitted_on FROM categorisation_reviews
        WHERE status IN ('approved', 'awaiting-approval') ${inIds ? `AND ${inIds.slice('WHERE '.length)}` : ''}`,
        )
        .raw()
        .all(...(ids ?? [])) as [string, string, string | null, string | null, string | null][],
      (r): CategorisationRow => ({
        status: r[1] as string,
        approvedOn: r[2] as string | null,
        nextReviewOn: r[3] as string | null,
        submittedOn: r[4] as string | null,
      }),
    );
    const plans = new Map(
      (
        sqlite
          .prepare(
            `SELECT prisoner_id, approved_premises_needed, victim_in_contact_scheme FROM release_plans ${inIds}`,
          )
          .raw()
          .all(...(ids ?? [])) as [string, number | null, number | null][]
      ).map((r): [string, PlanFacts] => [
        r[0],
        {
          approvedPremisesNeeded: r[1] === null ? null : r[1] === 1,
          victimInContactScheme: r[2] === null ? null : r[2] === 1,
        },
      ]),
    );
    const progress = new Map<string, Map<string, ItemProgress>>();
    for (const r of sqlite
      .prepare(
        `SELECT prisoner_id, item_key, status, note, completed_on, completed_by FROM release_plan_items ${inIds}`,
      )
      .raw()
      .all(...(ids ?? [])) as [
      string,
      string,
      ItemProgress['status'],
      string | null,
      string | null,
      string | null,
    ][]) {
      let m = progress.get(r[0]);
      if (!m) progress.set(r[0], (m = new Map()));
      m.set(r[1], { status: r[2], note: r[3], completedOn: r[4], completedBy: r[5] });
    }
    return { rows, staffList, assessments, events, pp, actions, categorisation, plans, progress };
  }

  function group<T>(
    rows: [string, ...unknown[]][],
    make: (r: [string, ...unknown[]]) => T,
  ): Map<string, T[]> {
    const out = new Map<string, T[]>();
    for (const r of rows) {
      let list = out.get(r[0]);
      if (!list) out.set(r[0], (list = []));
      list.push(make(r));
    }
    return out;
  }

  function loadPublicProtection(inIds: string, ids: string[] | null) {
    const all = <T>(sql: string) =>
      sqlite
        .prepare(sql)
        .raw()
        .all(...(ids ?? [])) as T;
    const statuses = group(
      all<
        [
          string,
          PpFacts['statuses'][number]['type'],
          'potential' | 'confirmed',
          string,
          string | null,
          number,
          string,
        ][]
      >(`SELECT prisoner_id, type, status, identified_on, confirmed_on,
        grounds_current_offence OR grounds_previous_convictions OR grounds_wider_information, substr(created_at, 1, 10) FROM public_protection_statuses ${inIds}`),
      (r) => ({
        type: r[1] as PpType,
        status: r[2] as 'potential' | 'confirmed',
        identifiedOn: r[3] as string,
        confirmedOn: r[4] as string | null,
        groundsClassified: !!r[5],
        recordedOn: r[6] as string,
      }),
    );
    const authorisations = group(
      all<
        [string, string, string, string | null, string | null][]
      >(`SELECT a.prisoner_id, a.basis, a.authorised_on, a.stopped_on,
        (SELECT max(reviewed_on) FROM monitoring_reviews r WHERE r.authorisation_id = a.id) FROM monitoring_authorisations a ${inIds.replace('prisoner_id', 'a.prisoner_id')}`),
      (r) => ({
        basis: r[1] as MonitoringBasis,
        authorisedOn: r[2] as string,
        stoppedOn: r[3] as string | null,
        lastReviewedOn: r[4] as string | null,
      }),
    );
    const decisions = group(
      all<[string, string][]>(`SELECT prisoner_id, decided_on FROM monitoring_decisions ${inIds}`),
      (r) => r[1] as string,
    );
    const applications = group(
      all<
        [
          string,
          string,
          string | null,
          string | null,
          string | null,
          string | null,
          string | null,
          string | null,
          string | null,
          string | null,
        ][]
      >(
        `SELECT prisoner_id, child_initials, childrens_services_requested_on, childrens_services_reply_on, probation_requested_on, probation_reply_on,
        police_requested_on, police_reply_on, decision_on, review_on FROM child_contact_applications ${inIds}`,
      ),
      (r): ChildContactFacts => ({
        childInitials: r[1] as string,
        requests: [
          {
            agency: 'childrens-services',
            requestedOn: r[2] as string | null,
            replyOn: r[3] as string | null,
          },
          { agency: 'probation', requestedOn: r[4] as string | null, replyOn: r[5] as string | null },
          { agency: 'police', requestedOn: r[6] as string | null, replyOn: r[7] as string | null },
        ],
        decisionOn: r[8] as string | null,
        reviewOn: r[9] as string | null,
      }),
    );
    return { statuses, authorisations, decisions, applications };
  }

  type Loaded = ReturnType<typeof load>;
  function computeFor(r: FactsRow, l: Loaded, today: IsoDate): PrisonerDue {
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
    );
    due.items.push(...(l.actions.get(r.id) ?? []));
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
  ): PrisonerDue {
    const versions = policy.versions();
    const facts = handoverFactsOf(r);
    const handover = calculateHandover(facts, today, versions);
    const items = oasysDue(
      { sentenceStartDate: r.sentence_start_date, assessments, events, handoverDate: handover.handoverDate },
      today,
      versions,
    );
    if (pp) items.push(...publicProtectionDue(pp, today, versions));
    items.push(
      ...categorisationDue(
        categorisationFacts(
          {
            ...facts,
            dateOfBirth: r.date_of_birth,
            sentenceExpiryDate: r.sentence_expiry_date,
            lastCategorisedOn: r.last_categorised_on,
            releasedOn: r.released_on,
          },
          categorisation,
        ),
        today,
        versions,
      ),
    );
    const release = releaseFacts(facts, today);
    const plan = releasePlan(
      {
        ...release,
        handoverDate: handover.handoverDate,
        sentenceStartDate: r.sentence_start_date,
        sentenceExpiryDate: r.sentence_expiry_date,
        conditionalReleaseDate: r.conditional_release_date,
        hdcEligibilityDate: r.hdc_eligibility_date,
        mappaCategory: r.mappa_category,
        pprc: !!pp?.statuses.some((st) => st.type === 'pprc'),
        registeredSexOffender: r.registered_sex_offender === 1,
        comName: r.com_name,
        comEmail: r.com_email,
        approvedPremisesNeeded: planFacts?.approvedPremisesNeeded ?? null,
        victimInContactScheme: planFacts?.victimInContactScheme ?? null,
        releasedOn: r.released_on,
        preReleaseOasysOn: preReleaseReviewOn(
          { sentenceStartDate: r.sentence_start_date, assessments, handoverDate: handover.handoverDate },
          today,
          versions,
        ),
      },
      progress,
      today,
      versions,
    );
    items.push(...releasePlanDue(plan));
    if (handover.handoverDate && isOnOrBefore(today, handover.handoverDate)) {
      items.push({
        kind: 'handover',
        dueDate: handover.handoverDate,
        title: 'Handover to COM',
        basis: handover.basis,
      });
    }
    if (handover.handoverDate && !hasCom({ comName: r.com_name, comEmail: r.com_email })) {
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
      prisonerNumber: r.prisoner_number,
      handover,
      items,
      releasePlan: plan,
      noReleasePlan: plan || (r.released_on && r.released_on <= today) ? null : (release.noRelease ?? null),
    };
  }

  // The stored due list (db/schema/due.ts): each prisoner's items worked out once and kept with the days they hold
  // for; triggers (db/migrations/0021) delete his row when a fact he was worked out from changes, in the same
  // transaction as the change. A read works out again only the prisoners with no row, rules changed, or a day outside
  // their days; the day's status and "hidden after release" are applied at read time.
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  const totalChanges = sqlite.prepare('SELECT total_changes()').pluck();
  const staleIds = sqlite
    .prepare(
      `SELECT p.id FROM prisoners p LEFT JOIN due_prisoners d ON d.prisoner_id = p.id
    WHERE d.prisoner_id IS NULL OR d.rules_stamp <> @stamp OR d.valid_until <= @today OR d.valid_from > @today`,
    )
    .pluck();
  const deleteState = sqlite.prepare('DELETE FROM due_prisoners WHERE prisoner_id = ?');
  const insertState = sqlite.prepare(
    'INSERT INTO due_prisoners (prisoner_id, rules_stamp, valid_from, valid_until, handover) VALUES (?, ?, ?, ?, ?)',
  );
  const insertItem = sqlite.prepare(
    'INSERT INTO due_items (id, prisoner_id, ord, kind, due_date, title, basis, owner_role, owner_name, ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const countStored = sqlite.prepare('SELECT count(*) FROM due_prisoners').pluck();
  const storedIds = sqlite.prepare('SELECT prisoner_id FROM due_prisoners').pluck();
  const readSince = sqlite
    .prepare(
      `SELECT d.prisoner_id, d.seq, d.handover, p.prisoner_number, p.surname, p.forenames, p.pom_id, s.name, p.com_name, p.com_email, p.released_on,
      i.id, i.kind, i.due_date, i.title, i.basis, i.owner_role, i.owner_name, i.ref
    FROM due_prisoners d JOIN prisoners p ON p.id = d.prisoner_id LEFT JOIN staff s ON s.id = p.pom_id LEFT JOIN due_items i ON i.prisoner_id = d.prisoner_id
    WHERE d.seq > ? ORDER BY d.prisoner_id, i.ord`,
    )
    .raw();

  /** Which rule versions the stored items were worked out by. */
  function rulesStamp(): string {
    const versions = policy.versions();
    let h = 0;
    const text = JSON.stringify(versions.filter((v) => v.addedBy !== 'default'));
    for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
    return `${versions.length}:${(h >>> 0).toString(36)}`;
  }

  /** Works out and stores the given prisoners' items for `today`, in one transaction (a savepoint inside a command's). */
  const store_ = sqlite.transaction((ids: string[], today: IsoDate, stamp: string) => {
    for (let k = 0; k < ids.length; k += 500) {
      const chunk = ids.slice(k, k + 500);
      const loaded = load(`WHERE p.id IN (${chunk.map(() => '?').join(',')})`, chunk);
      for (const r of loaded.rows) {
        const w = watchToday(today, () => {
          const due = computeFor(r, loaded, today);
          return { due, entries: entriesFor(r, '', due, () => 'upcoming') };
        });
        deleteState.run(r.id);
        w.value.entries.forEach((e, ord) => {
          insertItem.run(
            e.id,
            r.id,
            ord,
            e.kind,
            e.dueDate,
            e.title,
            JSON.stringify(e.basis),
            e.owner.role,
            e.owner.role === 'pom' || e.owner.role === 'com' ? null : e.owner.staffName,
            e.ref ?? null,
          );
        });
        const h = w.value.due.handover;
        insertState.run(r.id, stamp, w.validFrom, w.validUntil, h.handoverDate ? JSON.stringify(h) : null);
      }
    }
  });

  interface Held {
    number: string;
    releasedOn: string | null;
    entries: DueEntry[];
    handover: HandoverRow | null;
  }
  const held = new Map<string, Held>();
  let heldSeq = 0;
  let sorted: DueEntry[] = [];
  let checked: { today: IsoDate; stamp: string; version: number; changes: number } | null = null;
  let view: { today: IsoDate; entries: DueEntry[]; handovers: HandoverRow[] } | null = null;

  const byDateThenPrisoner = (a: DueEntry, b: DueEntry) =>
    a.dueDate < b.dueDate
      ? -1
      : a.dueDate > b.dueDate
        ? 1
        : a.prisonerNumber < b.prisonerNumber
          ? -1
          : a.prisonerNumber > b.prisonerNumber
            ? 1
            : 0;

  /** Loads what was stored since this connection last looked into the list it holds. */
  function catchUp(): void {
    const rows = readSince.all(heldSeq) as unknown[][];
    if (!rows.length && held.size === Number(countStored.get())) return;
    const fresh = new Map<string, Held>();
    for (const r of rows) {
      const prisonerId = r[0] as string;
      let h = fresh.get(prisonerId);
      if (!h) {
        heldSeq = Math.max(heldSeq, r[1] as number);
        const prisonerNumber = r[3] as string;
        const prisonerName = `${(r[4] as string).toUpperCase()}, ${r[5] as string}`;
        const pomName = (r[7] as string | null) ?? null;
        const handover = r[2] ? (JSON.parse(r[2] as string) as HandoverResult) : null;
        h = {
          number: prisonerNumber,
          releasedOn: r[10] as string | null,
          entries: [],
          handover: handover
            ? {
                prisonerId,
                prisonerNumber,
                prisonerName,
                pomName,
                comName: r[8] as string | null,
                comEmail: r[9] as string | null,
                handover,
              }
            : null,
        };
        fresh.set(prisonerId, h);
      }
      if (r[11] === null) continue;
      const role = r[16] as OwnerRole;
      h.entries.push({
        kind: r[12] as DueKind,
        dueDate: r[13] as string,
        title: r[14] as string,
        basis: JSON.parse(r[15] as string) as DueItem['basis'],
        ...(r[18] === null ? {} : { ref: r[18] as string }),
        id: r[11] as string,
        owner: {
          role,
          staffName:
            role === 'pom'
              ? (r[7] as string | null)
              : role === 'com'
                ? (r[8] as string | null)
                : (r[17] as string | null),
        },
        status: 'upcoming',
        prisonerId,
        prisonerNumber: h.number,
        prisonerName: `${(r[4] as string).toUpperCase()}, ${r[5] as string}`,
        pomId: r[6] as string | null,
        pomName: (r[7] as string | null) ?? null,
      });
    }
    let gone: Set<string> | null = null;
    if (held.size + fresh.size > Number(countStored.get())) {
      const stored = new Set(storedIds.all() as string[]);
      gone = new Set([...held.keys()].filter((id) => !stored.has(id) && !fresh.has(id)));
    }
    const replaced = (id: string) => fresh.has(id) || !!gone?.has(id);
    const added: DueEntry[] = [];
    for (const [id, h] of fresh) {
      held.set(id, h);
      added.push(...h.entries);
    }
    for (const id of gone ?? []) held.delete(id);
    added.sort(byDateThenPrisoner);
    sorted = merge(fresh.size < held.size ? sorted.filter((e) => !replaced(e.prisonerId)) : [], added);
    view = null;
  }

  /**
   * The stored list brought up to `today`: prisoners whose facts changed (here or in another process), whose rules
   * changed, or whose items do not hold on `today`, worked out again and stored; then read.
   */
  function everything(today: IsoDate): NonNullable<typeof view> {
    const stamp = rulesStamp();
    const version = Number(dataVersion.get());
    const changes = Number(totalChanges.get());
    if (
      !checked ||
      checked.today !== today ||
      checked.stamp !== stamp ||
      checked.version !== version ||
      checked.changes !== changes
    ) {
      const stale = staleIds.all({ stamp, today }) as string[];
      if (stale.length) store_.immediate(stale, today, stamp);
      catchUp();
      checked = { today, stamp, version: Number(dataVersion.get()), changes: Number(totalChanges.get()) };
    }
    if (view?.today !== today) {
      // The day's status, and the prisoners released by today hidden.
      const soon = addDays(today, DUE_SOON_DAYS);
      const hidden = new Set<string>();
      for (const [id, h] of held) if (h.releasedOn && h.releasedOn <= today) hidden.add(id);
      const entries = hidden.size ? sorted.filter((e) => !hidden.has(e.prisonerId)) : sorted.slice();
      for (const e of entries)
        e.status = e.dueDate < today ? 'overdue' : e.dueDate <= soon ? 'due-soon' : 'upcoming';
      const handovers: HandoverRow[] = [];
      for (const [id, h] of held) if (h.handover && !hidden.has(id)) handovers.push(h.handover);
      handovers.sort((a, b) => (a.prisonerNumber < b.prisonerNumber ? -1 : 1));
      view = { today, entries, handovers };
    }
    return view;
  }

  /**
   * One prisoner's items as entries: each with its owner (the prisoner's POM or COM by name for their work; OASys is
   * the COM's once the COM is responsible) and an id unique in the list.
   */
  function entriesFor(
    r: FactsRow,
    prisonerName: string,
    due: PrisonerDue,
    statusOf: (d: IsoDate) => DueStatus,
  ): DueEntry[] {
    const seen = new Map<string, number>();
    const comResponsible = due.handover.responsibility === 'com';
    return due.items.map((item) => {
      let role: OwnerRole = item.ownerRole ?? DUE_KIND_OWNERS[item.kind];
      if (comResponsible && item.kind.startsWith('oasys-')) role = 'com';
      const staffName =
        role === 'pom' ? (r.pom_name ?? null) : role === 'com' ? r.com_name : (item.ownerName ?? null);
      const base = `${r.prisoner_number}/${item.kind}/${item.ref ?? item.dueDate}`;
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
        prisonerNumber: r.prisoner_number,
        prisonerName,
        pomId: r.pom_id,
        pomName: r.pom_name ?? null,
      };
    });
  }

  /** Merges two lists already in (date, prisoner) order. */
  function merge(a: DueEntry[], b: DueEntry[]): DueEntry[] {
    const out: DueEntry[] = new Array(a.length + b.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < a.length && j < b.length) out[k++] = byDateThenPrisoner(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
    while (i < a.length) out[k++] = a[i++]!;
    while (j < b.length) out[k++] = b[j++]!;
    return out;
  }

  /**
   * The whole list worked out from the facts, as it was before it was stored: what the stored list must equal
   * (tests/integration/due-store.test.ts).
   */
  function workedOutWhole(today: IsoDate) {
    const loaded = load('', []);
    const entries: DueEntry[] = [];
    const handovers: HandoverRow[] = [];
    const statusOf = (d: IsoDate): DueStatus => dueStatus(d, today);
    for (const r of loaded.rows) {
      if (r.released_on && r.released_on <= today) continue;
      const prisonerName = `${r.surname.toUpperCase()}, ${r.forenames}`;
      const due = computeFor(r, loaded, today);
      if (due.handover.handoverDate)
        handovers.push({
          prisonerId: r.id,
          prisonerNumber: r.prisoner_number,
          prisonerName,
          pomName: r.pom_name ?? null,
          comName: r.com_name,
          comEmail: r.com_email,
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
      const kinds = q.kinds.length ? new Set(q.kinds) : null;
      const lastDate = q.within === undefined ? null : addDays(today, q.within);
      const pomName = q.pomName?.toLowerCase();
      const number = q.prisonerNumber?.toUpperCase();
      const statuses = q.statuses.length ? new Set(q.statuses) : null;
      let owner: { name: string; roles: string[] } | null = null;
      if (q.ownedBy) {
        const found = sqlite
          .prepare('SELECT name, roles FROM staff WHERE name = ? COLLATE NOCASE')
          .get(q.ownedBy) as { name: string; roles: string } | undefined;
        if (!found)
          throw new AppError('not-found', `There is no member of staff called ${q.ownedBy}`, 'ownedBy');
        owner = { name: found.name, roles: JSON.parse(found.roles) as string[] };
      }
      return everything(today).entries.filter(
        (e) =>
          (!kinds || kinds.has(e.kind)) &&
          (lastDate === null || e.dueDate <= lastDate) &&
          (!q.pomId || e.pomId === q.pomId) &&
          (!pomName || e.pomName?.toLowerCase() === pomName) &&
          (!number || e.prisonerNumber === number) &&
          (!statuses || statuses.has(e.status)) &&
          (!q.ownerRole || e.owner.role === q.ownerRole) &&
          (!owner || ownsItem(e.owner, owner)),
      );
    },
    /** The whole list worked out from the facts without the stored list (the equality test's reference). */
    workedOutWhole,
    /** Every prisoner with a handover date, with the handover worked out for today. */
    handovers(today: IsoDate): HandoverRow[] {
      return everything(today).handovers;
    },
    /** One prisoner's handover and obligations. */
    forPrisoner(prisonerNumber: string, today: IsoDate): PrisonerDue | null {
      const loaded = load('WHERE p.prisoner_number = ?', [prisonerNumber.toUpperCase()]);
      const r = loaded.rows[0];
      return r ? computeFor(r, loaded, today) : null;
    },
    /** Every prisoner not yet released whose earliest release falls within `weeks` weeks of today, with his plan's progress. */
    releases(today: IsoDate, weeks: number): ReleaseRow[] {
      const until = addDays(today, weeks * 7);
      const loaded = load(
        "WHERE p.released_on IS NULL AND (p.list_release_date BETWEEN ? AND ? OR p.sentence_type = 'indeterminate')",
        [today, until],
      );
      const out: ReleaseRow[] = [];
      for (const r of loaded.rows) {
        const plan = computeFor(r, loaded, today).releasePlan;
        if (!plan || plan.releaseDate < today || plan.releaseDate > until) continue;
        out.push({
          prisonerNumber: r.prisoner_number,
          name: `${r.surname.toUpperCase()}, ${r.forenames}`,
          pomName: r.pom_name ?? null,
          comName: r.com_name,
          rosh: r.rosh,
          mappaCategory: r.mappa_category,
          mappaLevel: r.mappa_level,
          releaseDate: plan.releaseDate,
          releaseName: plan.releaseName,
          done: plan.done,
          total: plan.total,
          overdue: plan.overdue,
          warnings: plan.warnings,
        });
      }
      return out.sort((a, b) =>
        a.releaseDate < b.releaseDate
          ? -1
          : a.releaseDate > b.releaseDate
            ? 1
            : a.prisonerNumber < b.prisonerNumber
              ? -1
              : 1,
      );
    },
  };
}

export type DueService = ReturnType<typeof createDueService>;
