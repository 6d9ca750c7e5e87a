import { and, asc, desc, eq, isNull, max, sql } from 'drizzle-orm';
import { handoverPackExports, irmtActions, irmtMeetings, irmtMinutes, prisoners } from '../../../db/schema';
import type { CallContext, Store } from '../shared/context';
import { addDays, formatUk, type IsoDate, plural } from '../shared/dates';
import { monitoringWords } from '../public-protection/monitoring-words';
import {
  CATEGORY_LABELS,
  EARLY_ALLOCATION_OUTCOME_LABELS,
  FIELD_BY_KEY,
  KEY_DATE_FIELDS,
  MAPPA_LEVEL_LABELS,
  PAROLE_OUTCOME_LABELS,
  RISK_LABELS,
  type Category,
} from '../caseload/fields';
import type { PrisonerDetail } from '../caseload/service';
import type { CaseloadService } from '../caseload/service';
import type { StaffService } from '../staff/service';
import type { HandoverService } from '../handover/service';
import type { OasysService } from '../oasys/service';
import { ASSESSMENT_LABELS, EVENT_LABELS } from '../oasys/rules';
import type { PublicProtectionService } from '../public-protection/service';
import { PP_LABELS } from '../public-protection/rules';
import type { CategorisationService } from '../categorisation/service';
import { REASON_LABELS, STATUS_LABELS } from '../categorisation/service';
import { STATUS_LABELS as WORK_STATUS, UNSUITABLE_REASON_LABELS } from '../categorisation/progression';
import type { ReleasePlanningService } from '../release-planning/service';
import { ITEM_STATUS_LABELS, OWNER_LABELS } from '../release-planning/rules';
import { releaseOn } from '../release-planning/release-date';
import type { DueService, PrisonerDue } from '../due/service';
import { HANDOVER_PACK_SCHEMA_VERSION, handoverPackSchema, type HandoverPack } from './model';

const CONTACT_LEVELS: Record<number, string> = {
  1: 'level 1: no contact',
  2: 'level 2: written only',
  3: 'level 3: monitored written and phone',
  4: 'level 4: no restriction',
};
const RESPONSIBILITY: Record<string, string> = {
  pom: 'POM responsible',
  'pom-with-com': 'POM responsible, COM supporting',
  com: 'COM responsible',
};
const cat = (c: string | null) => (c ? (CATEGORY_LABELS[c as Category] ?? c) : null);

/** The facts beyond the sentence dates that decide responsibility, reviews and the release plan, in words. */
function circumstances(p: PrisonerDetail): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  if (p.recallDate)
    out.push({
      name: 'Recall',
      value: `Recalled ${formatUk(p.recallDate)}${p.fixedTermRecallDays ? `, fixed-term recall of ${plural(p.fixedTermRecallDays, 'day')}` : ', standard recall'}; post-recall release date ${p.postRecallReleaseDate ? formatUk(p.postRecallReleaseDate) : 'not recorded'}`,
    });
  if (p.paroleOutcome)
    out.push({
      name: 'Parole hearing outcome',
      value: `${PAROLE_OUTCOME_LABELS[p.paroleOutcome]}${p.paroleOutcomeOn ? `, received ${formatUk(p.paroleOutcomeOn)}` : ''}`,
    });
  if (p.openConditionsSince)
    out.push({ name: 'In open conditions since', value: formatUk(p.openConditionsSince) });
  if (p.additionalIsp) out.push({ name: 'Further life or IPP sentence', value: 'Yes, to start later' });
  if (p.immigrationCase) out.push({ name: 'Immigration case', value: 'Held under immigration powers' });
  if (p.earlyAllocationOutcome)
    out.push({
      name: 'Early allocation assessment',
      value: `${EARLY_ALLOCATION_OUTCOME_LABELS[p.earlyAllocationOutcome]}, assessed ${formatUk(p.earlyAllocationAssessedOn)}`,
    });
  else if (p.earlyAllocation)
    out.push({ name: 'Early allocation', value: 'Agreed (no assessment recorded)' });
  return out;
}

/** One recorded export, as db/schema/handover-packs.ts describes it. */
export type PackExport = Pick<
  typeof handoverPackExports.$inferSelect,
  'exportedOn' | 'exportedBy' | 'pdfFile' | 'pdfSha256' | 'jsonFile' | 'jsonSha256'
>;
export interface PackDueRow {
  prisonerNumber: string;
  name: string;
  handoverDate: IsoDate;
  pomName: string | null;
  comName: string | null;
  lastExport: string | null;
}

/** The handover pack: everything the prison knows about one prisoner, gathered into one validated model. */
export function createHandoverPackService(
  store: Store,
  deps: {
    caseload: CaseloadService;
    staff: StaffService;
    handover: HandoverService;
    oasys: OasysService;
    publicProtection: PublicProtectionService;
    categorisation: CategorisationService;
    releasePlanning: ReleasePlanningService;
    due: DueService;
  },
) {
  const { db } = store;
  const { caseload, staff } = deps;
  // A prisoner's IRMT discussions and open actions, read for every pack: each query built and prepared once
  // (drizzle's one-off queries cost about 0.1 ms each to build; issue 18, item 5).
  let prepared: ReturnType<typeof prepareReads> | null = null;
  function prepareReads() {
    const prisonerId = sql.placeholder('prisonerId');
    return {
      discussions: db
        .select({
          meetingDate: irmtMeetings.meetingDate,
          discussion: irmtMinutes.discussion,
          decisions: irmtMinutes.decisions,
          comInvited: irmtMinutes.comInvited,
          comAttended: irmtMinutes.comAttended,
        })
        .from(irmtMinutes)
        .innerJoin(irmtMeetings, eq(irmtMeetings.id, irmtMinutes.meetingId))
        .where(eq(irmtMinutes.prisonerId, prisonerId))
        .orderBy(asc(irmtMeetings.meetingDate))
        .prepare(),
      actions: db
        .select({ action: irmtActions.action, owner: irmtActions.owner, dueOn: irmtActions.dueOn })
        .from(irmtActions)
        .where(and(eq(irmtActions.prisonerId, prisonerId), isNull(irmtActions.completedOn)))
        .orderBy(asc(irmtActions.dueOn))
        .prepare(),
    };
  }
  const reads = () => (prepared ??= prepareReads());

  return {
    /**
     * One prisoner's pack. `worked` holds due items already worked out for today for a batch of packs
     * (`due.forPrisoners`); a prisoner not in it has his worked out here.
     */
    build(
      ctx: CallContext,
      prisonerNumber: string,
      pomSummary: string | null,
      worked?: ReadonlyMap<string, PrisonerDue>,
    ): HandoverPack {
      const p = caseload.get(prisonerNumber);
      const today = ctx.today;
      const pom = p.pomId ? staff.get(p.pomId) : null;
      // The prisoner's due items worked out once for the pack: the handover and the release plan views both read them.
      const known = {
        prisoner: p,
        due: worked?.get(p.prisonerNumber) ?? deps.due.forPrisoner(p.prisonerNumber, today),
      };
      const h = deps.handover.view(p.prisonerNumber, today, known);
      const assessments = deps.oasys
        .assessments(p.id)
        .sort((a, b) => (a.completedOn < b.completedOn ? -1 : 1));
      const pp = deps.publicProtection.view(p.prisonerNumber);
      const cat_ = deps.categorisation.view(p.prisonerNumber, today);
      const plan = deps.releasePlanning.view(p.prisonerNumber, today, known).plan;
      const discussions = reads().discussions.all({ prisonerId: p.id });
      const actions = reads().actions.all({ prisonerId: p.id });
      const active = pp.authorisations.filter((a) => !a.stoppedOn);
      const lastDecision = pp.noMonitoringDecisions.at(-1);
      const release = releaseOn(p, today);
      const mappaConfirmed = plan?.items.find((i) => i.key === 'mappa-level-confirmed')?.status === 'done';

      const pack: HandoverPack = {
        schemaVersion: HANDOVER_PACK_SCHEMA_VERSION,
        marking: 'OFFICIAL-SENSITIVE',
        producedBy: ctx.actor.name,
        producedAt: ctx.now.toISOString(),
        asOf: today,
        pomSummary: pomSummary?.trim() || null,
        prisoner: {
          prisonerNumber: p.prisonerNumber,
          name: `${p.surname.toUpperCase()}, ${p.forenames}`,
          dateOfBirth: p.dateOfBirth,
          crn: p.crn,
          pnc: p.pnc,
          location: p.location,
          category: cat(p.category),
        },
        contacts: {
          pom: pom ? { name: pom.name, email: pom.email } : null,
          com: p.comName ? { name: p.comName, email: p.comEmail, pdu: p.pdu } : null,
        },
        handover: {
          handoverDate: h.handoverDate,
          startDate: h.startDate,
          responsibility: RESPONSIBILITY[h.responsibility] ?? h.responsibility,
          reason: h.reason,
          basis: h.basis.sentence,
          checklist: h.checklist.map((c) => ({
            item: c.label,
            completedOn: c.completedOn,
            completedBy: c.completedBy,
          })),
        },
        // The release to come by the one rule (release-planning/release-date.ts), as his plan counts from: the handover
        // rule's earliest release is the original CRD or PED for a recall, and a PED that has passed.
        release: { date: release?.date ?? null, type: release?.name ?? null },
        sentence: {
          sentenceType: p.sentenceType,
          dates: KEY_DATE_FIELDS.filter((k) => p[k]).map((k) => ({
            name: FIELD_BY_KEY[k]!.label,
            date: p[k],
          })),
          circumstances: circumstances(p),
        },
        risk: {
          rosh: p.rosh ? RISK_LABELS[p.rosh] : null,
          rm2000: p.rm2000 ? RISK_LABELS[p.rm2000] : null,
          mappaCategory: p.mappaCategory,
          mappaLevel: p.mappaLevel,
          mappaLevelText:
            p.mappaLevel === null
              ? 'Not known yet'
              : (MAPPA_LEVEL_LABELS[p.mappaLevel as 0 | 1 | 2 | 3] ?? String(p.mappaLevel)),
          mappaLevelConfirmed: mappaConfirmed,
          registeredSexOffender: p.registeredSexOffender,
          lastOasys: assessments.at(-1)?.completedOn ?? null,
          oasys: assessments.map((a) => ({
            type: ASSESSMENT_LABELS[a.type],
            completedOn: a.completedOn,
            layer: a.layer ?? null,
            completedBy: a.completedBy ?? null,
          })),
        },
        publicProtection: {
          statuses: pp.statuses.map((s) => ({
            type: PP_LABELS[s.type],
            status: s.status,
            identifiedOn: s.identifiedOn,
            confirmedOn: s.confirmedOn,
            grounds: [
              s.grounds.currentOffence && 'current offence',
              s.grounds.previousConvictions && 'previous convictions',
              s.grounds.widerInformation && 'wider information',
            ].filter((g): g is string => !!g),
            summary: s.summary,
            people: s.people.map(
              (x) =>
                `${x.name}${x.age !== null ? `, ${x.age}` : ''} (${x.relationship}, ${x.kind})${x.kind === 'child' ? `: ${x.contactLevel ? CONTACT_LEVELS[x.contactLevel] : 'contact level not yet set'}` : ''}`,
            ),
          })),
          monitoring: pp.authorisations.map((a) => ({
            basis: a.basis,
            means: a.means,
            authorisedOn: a.authorisedOn,
            authorisedBy: a.authorisedBy,
            stoppedOn: a.stoppedOn,
            reviews: a.reviews.map(
              (r) => `${formatUk(r.reviewedOn)}: ${r.decision} (${r.reviewedBy}): ${r.reasons}`,
            ),
          })),
          currentDecision: active.length
            ? `Monitoring in place: ${active.map((a) => `${monitoringWords(a)} since ${formatUk(a.authorisedOn)}`).join('; ')}`
            : lastDecision
              ? `Decided not to monitor on ${formatUk(lastDecision.decidedOn)} (${lastDecision.decidedBy}): ${lastDecision.reasons}`
              : 'No monitoring decision recorded',
          childContact: pp.applications.map((a) => ({
            receivedOn: a.receivedOn,
            child: `${a.childInitials} (${a.relationship})`,
            outcome: a.decisionOn
              ? `Decided ${a.decisionOn}: ${a.decisionLevel ? CONTACT_LEVELS[a.decisionLevel] : 'level not recorded'}`
              : 'Awaiting decision',
          })),
        },
        custody: {
          categorisation: cat_.reviews.map((r) => ({
            startedOn: r.startedOn,
            reason: REASON_LABELS[r.reason],
            status: STATUS_LABELS[r.status],
            from: r.currentCategory,
            to: r.approvedCategory ?? r.proposedCategory,
            recommendation: r.recommendation,
            approvedBy: r.approver,
            approvedOn: r.approvedOn,
            approvalReasons: r.approvalReasons,
          })),
          progression: cat_.work.map((w) => ({
            kind: w.kind === 'accredited-programme' ? 'Accredited programme' : 'Other work',
            work: w.work,
            suitability:
              w.suitability === 'unsuitable'
                ? `Unsuitable: ${w.unsuitableReason ? UNSUITABLE_REASON_LABELS[w.unsuitableReason] : 'reason not recorded'}`
                : w.suitability === 'suitable'
                  ? 'Suitable'
                  : 'Not assessed',
            status: WORK_STATUS[w.status],
            startedOn: w.startedOn,
            endedOn: w.endedOn,
            outcome: w.outcome,
          })),
          significantEvents: deps.oasys
            .events(p.id)
            .sort((a, b) => (a.date < b.date ? -1 : 1))
            .map((e) => ({ type: EVENT_LABELS[e.type], date: e.date, note: e.note ?? null })),
        },
        irmt: {
          discussions: discussions.map((d) => ({
            meetingDate: d.meetingDate,
            discussion: d.discussion,
            decisions: JSON.parse(d.decisions) as string[],
            comInvited: d.comInvited,
            comAttended: d.comAttended,
          })),
          openActions: actions,
        },
        releasePlan: {
          exists: !!plan,
          done: plan?.done ?? 0,
          total: plan?.total ?? 0,
          warnings: plan?.warnings ?? [],
          items: (plan?.items ?? []).map((i) => ({
            key: i.key,
            item: i.label,
            owner: OWNER_LABELS[i.owner],
            dueDate: i.dueDate,
            status: ITEM_STATUS_LABELS[i.status],
            outstanding: i.status !== 'done' && i.status !== 'not-applicable',
            overdue: i.overdue,
            evidence: i.note,
            completedOn: i.completedOn,
            completedBy: i.completedBy,
          })),
        },
      };
      return handoverPackSchema.parse(pack);
    },

    exports(prisonerNumber: string): PackExport[] {
      const p = caseload.get(prisonerNumber);
      const e = handoverPackExports;
      return db
        .select({
          exportedOn: e.exportedOn,
          exportedBy: e.exportedBy,
          pdfFile: e.pdfFile,
          pdfSha256: e.pdfSha256,
          jsonFile: e.jsonFile,
          jsonSha256: e.jsonSha256,
        })
        .from(e)
        .where(eq(e.prisonerId, p.id))
        .orderBy(desc(e.createdAt))
        .all();
    },

    /** Prisoners whose handover falls in the next `weeks` weeks and who have no pack exported since the handover came within that window. */
    due(today: IsoDate, weeks: number): PackDueRow[] {
      const until = addDays(today, weeks * 7);
      const last = new Map(
        db
          .select({ n: prisoners.prisonerNumber, on: max(handoverPackExports.exportedOn) })
          .from(handoverPackExports)
          .innerJoin(prisoners, eq(prisoners.id, handoverPackExports.prisonerId))
          .groupBy(prisoners.prisonerNumber)
          .all()
          .map((r) => [r.n, r.on!] as const),
      );
      return deps.due
        .handovers(today)
        .filter((h) => h.handover.handoverDate! >= today && h.handover.handoverDate! <= until)
        .filter((h) => {
          const l = last.get(h.prisonerNumber);
          return !l || l < addDays(h.handover.handoverDate!, -weeks * 7);
        })
        .map((h) => ({
          prisonerNumber: h.prisonerNumber,
          name: h.prisonerName,
          handoverDate: h.handover.handoverDate!,
          pomName: h.pomName,
          comName: h.comName,
          lastExport: last.get(h.prisonerNumber) ?? null,
        }))
        .sort((a, b) =>
          a.handoverDate < b.handoverDate
            ? -1
            : a.handoverDate > b.handoverDate
              ? 1
              : a.prisonerNumber < b.prisonerNumber
                ? -1
                : 1,
        );
    },
  };
}

export type HandoverPackService = ReturnType<typeof createHandoverPackService>;
