import { and, asc, count, desc, eq, exists, inArray, isNotNull, isNull, lt, max, or, sql } from 'drizzle-orm';
import {
  irmtActions,
  irmtAgendaChanges,
  irmtAttendance,
  irmtExtractSends,
  irmtMeetings,
  irmtMinutes,
  monitoringAuthorisations,
  oasysAssessments,
  prisoners,
  publicProtectionStatuses,
  settings,
  staff,
} from '../../../db/schema';
import type { Store } from '../shared/context';
import { notFound } from '../shared/errors';
import { addMonths, type IsoDate } from '../shared/dates';
import { ruleInForce } from '../policy/rule-sets';
import type { CaseloadService } from '../caseload/service';
import type { PolicyService } from '../policy/service';
import type { RiskLevel } from '../caseload/fields';
import { buildAgenda, type AgendaCandidate, type AgendaItem, type ChairChange } from './agenda';
import { POLICE_CONTACT_KEY } from './commands';
import { monitoringWords } from '../public-protection/monitoring-words';

/** The monitoring in place as the agenda reads it ("offence-related mail and phone"), from `basis:means`. */
const monitoringOf = (stored: string): string => {
  const [basis = '', means = ''] = stored.split(':');
  return monitoringWords({ basis, means });
};
export { DEPARTMENTS } from './departments';

export interface MinutesExtract {
  meeting: Meeting;
  prisoner: {
    id: string;
    prisonerNumber: string;
    name: string;
    comName: string | null;
    comEmail: string | null;
    pomName: string | null;
  };
  attendance: { department: string; attendee: string | null; present: boolean }[];
  minutes: { discussion: string; decisions: string[]; comInvited: boolean; comAttended: boolean } | null;
  actions: { action: string; owner: string; dueOn: string; completedOn: string | null }[];
  recipients: { recipient: 'COM' | 'Police'; name: string; email: string }[];
  sent: { recipient: string; email: string; sentOn: string }[];
}

export interface Meeting {
  id: string;
  meetingDate: IsoDate;
  startTime: string;
  place: string;
  chairId: string | null;
  chairName: string | null;
}

export interface AgendaEntry extends AgendaItem {
  name: string;
  sentenceType: string;
  rosh: RiskLevel | null;
  mappaCategory: number | null;
  mappaLevel: number | null;
  publicProtection: string[];
  monitoring: string | null;
  lastOasys: IsoDate | null;
  pomName: string | null;
  comName: string | null;
  comEmail: string | null;
  openActions: { action: string; owner: string; dueOn: IsoDate }[];
}

/** IRMT meetings, read: their schedule, the agenda built from facts with the chair's changes, minutes extracts (the writes are ./commands.ts). */
export function createIrmtService(store: Store, caseload: CaseloadService, policy: PolicyService) {
  const { db } = store;
  const meetingRow = (id: string): Meeting => {
    const m = db
      .select({
        id: irmtMeetings.id,
        meetingDate: irmtMeetings.meetingDate,
        startTime: irmtMeetings.startTime,
        place: irmtMeetings.place,
        chairId: irmtMeetings.chairId,
        chairName: staff.name,
      })
      .from(irmtMeetings)
      .leftJoin(staff, eq(staff.id, irmtMeetings.chairId))
      .where(eq(irmtMeetings.id, id))
      .get();
    if (!m) throw notFound('IRMT meeting');
    return m;
  };

  function candidates(): (AgendaCandidate & {
    id: string;
    name: string;
    sentenceType: string;
    pomName: string | null;
    comName: string | null;
    comEmail: string | null;
    lastOasys: string | null;
    monitoring: string | null;
  })[] {
    candidatesQuery ??= prepareCandidates();
    return candidatesQuery.all().map(({ pp, ...r }) => ({
      ...r,
      rosh: r.rosh as RiskLevel | null,
      name: `${r.surname.toUpperCase()}, ${r.forenames}`,
      publicProtection: pp ? (pp.split(',') as ('pprc' | 'hppm')[]) : [],
    }));
  }
  // Prepared once, on the first agenda asked for (building the query and its five subqueries took longer than running it).
  let candidatesQuery: ReturnType<typeof prepareCandidates> | null = null;
  let actionsQuery: ReturnType<typeof prepareActions> | null = null;
  function prepareActions() {
    return db
      .select({ action: irmtActions.action, owner: irmtActions.owner, dueOn: irmtActions.dueOn })
      .from(irmtActions)
      .where(and(eq(irmtActions.prisonerId, sql.placeholder('id')), isNull(irmtActions.completedOn)))
      .orderBy(asc(irmtActions.dueOn))
      .prepare();
  }
  function prepareCandidates() {
    const a = monitoringAuthorisations;
    return (
      db
        .select({
          id: prisoners.id,
          prisonerNumber: prisoners.prisonerNumber,
          surname: prisoners.surname,
          forenames: prisoners.forenames,
          sentenceType: prisoners.sentenceType,
          rosh: prisoners.rosh,
          mappaCategory: prisoners.mappaCategory,
          mappaLevel: prisoners.mappaLevel,
          conditionalReleaseDate: prisoners.conditionalReleaseDate,
          automaticReleaseDate: prisoners.automaticReleaseDate,
          paroleEligibilityDate: prisoners.paroleEligibilityDate,
          tariffExpiryDate: prisoners.tariffExpiryDate,
          hdcEligibilityDate: prisoners.hdcEligibilityDate,
          targetHearingDate: prisoners.targetHearingDate,
          recallDate: prisoners.recallDate,
          postRecallReleaseDate: prisoners.postRecallReleaseDate,
          actualParoleDate: prisoners.actualParoleDate,
          arrivedOn: prisoners.arrivedOn,
          // A prisoner released by the meeting's day is not on its agenda (buildAgenda); it was always null here, so a
          // released prisoner with an open action or a high risk stayed on (28/11/2026).
          releasedOn: prisoners.releasedOn,
          comName: prisoners.comName,
          comEmail: prisoners.comEmail,
          // Correlated subqueries built by drizzle (a one-table select leaves its own column names unqualified).
          pomName: sql<string | null>`${db
            .select({ name: staff.name })
            .from(staff)
            .where(eq(staff.id, prisoners.pomId))}`,
          pp: sql<string | null>`${db
            .select({ types: sql`group_concat(DISTINCT ${publicProtectionStatuses.type})` })
            .from(publicProtectionStatuses)
            .where(eq(publicProtectionStatuses.prisonerId, prisoners.id))}`,
          openActions: sql<number>`${db
            .select({ n: count() })
            .from(irmtActions)
            .where(and(eq(irmtActions.prisonerId, prisoners.id), isNull(irmtActions.completedOn)))}`,
          lastOasys: sql<string | null>`${db
            .select({ d: max(oasysAssessments.completedOn) })
            .from(oasysAssessments)
            .where(eq(oasysAssessments.prisonerId, prisoners.id))}`,
          monitoring: sql<string | null>`${db
            .select({ m: sql`${a.basis} || ':' || ${a.means}` })
            .from(a)
            .where(and(eq(a.prisonerId, prisoners.id), isNull(a.stoppedOn)))
            .limit(1)}`,
        })
        .from(prisoners)
        // Only prisoners who could be on an agenda at all: a superset of `buildAgenda`'s reasons, whatever the meeting's
        // date (a high-risk fact, a public protection status, an open action, a chair's change). The rule itself stays in
        // buildAgenda; this only spares reading every prisoner's row (issue 18 item 6). tests/integration/irmt.test.ts
        // compares the agenda with buildAgenda over every prisoner.
        .where(
          or(
            inArray(prisoners.rosh, ['high', 'very-high']),
            inArray(prisoners.mappaLevel, [2, 3]),
            isNotNull(prisoners.mappaCategory),
            exists(
              db
                .select({ one: sql`1` })
                .from(publicProtectionStatuses)
                .where(eq(publicProtectionStatuses.prisonerId, prisoners.id)),
            ),
            exists(
              db
                .select({ one: sql`1` })
                .from(irmtActions)
                .where(and(eq(irmtActions.prisonerId, prisoners.id), isNull(irmtActions.completedOn))),
            ),
            exists(
              db
                .select({ one: sql`1` })
                .from(irmtAgendaChanges)
                .where(eq(irmtAgendaChanges.prisonerId, prisoners.id)),
            ),
          ),
        )
        .prepare()
    );
  }

  return {
    meetings(): Meeting[] {
      return db
        .select({ id: irmtMeetings.id })
        .from(irmtMeetings)
        .orderBy(desc(irmtMeetings.meetingDate))
        .all()
        .map((m) => meetingRow(m.id));
    },
    meeting: meetingRow,
    /** The next meeting due by the schedule (the rule's interval after the last), for the chair to create. */
    nextScheduledDate(today: IsoDate): IsoDate {
      return this.scheduledDates(today, 1)[0]!;
    },
    /** The next `count` meetings by the schedule from today: the rule's interval on from the last meeting arranged. */
    scheduledDates(today: IsoDate, count: number): IsoDate[] {
      const { meetingIntervalMonths } = ruleInForce(policy.versions(), 'irmt', today).params;
      const last = db
        .select({ d: max(irmtMeetings.meetingDate) })
        .from(irmtMeetings)
        .get()!.d;
      const start = last ?? today;
      const dates: IsoDate[] = [];
      // Counted from the last meeting each time (never month on month), so 31 January gives 28 February, then 31 March.
      for (let k = 0; dates.length < count; k++) {
        const d = addMonths(start, k * meetingIntervalMonths);
        if (d >= today) dates.push(d);
      }
      return dates;
    },
    /** The agenda for a date: built from the facts on the caseload, with the chair's changes for a meeting on that date. */
    agenda(meetingDate: IsoDate): {
      meeting: Meeting | null;
      items: AgendaEntry[];
      removed: (AgendaEntry & { removedBecause: string })[];
      basis: string;
    } {
      const meetingId =
        db
          .select({ id: irmtMeetings.id })
          .from(irmtMeetings)
          .where(eq(irmtMeetings.meetingDate, meetingDate))
          .get()?.id ?? null;
      const last = db
        .select({ d: max(irmtMeetings.meetingDate) })
        .from(irmtMeetings)
        .where(lt(irmtMeetings.meetingDate, meetingDate))
        .get()!.d;
      const all = candidates();
      const byNumber = new Map(all.map((c) => [c.prisonerNumber, c]));
      const changes: ChairChange[] = meetingId
        ? db
            .select({
              prisonerNumber: prisoners.prisonerNumber,
              change: sql<ChairChange['change']>`${irmtAgendaChanges.change}`,
              reason: irmtAgendaChanges.reason,
            })
            .from(irmtAgendaChanges)
            .innerJoin(prisoners, eq(prisoners.id, irmtAgendaChanges.prisonerId))
            .where(eq(irmtAgendaChanges.meetingId, meetingId))
            .orderBy(asc(irmtAgendaChanges.createdAt))
            .all()
        : [];
      const result = buildAgenda(all, meetingDate, last, changes, policy.versions());
      const actionsFor = (actionsQuery ??= prepareActions());
      const enrich = (i: AgendaItem): AgendaEntry => {
        const c = byNumber.get(i.prisonerNumber)!;
        return {
          ...i,
          name: c.name,
          sentenceType: c.sentenceType,
          rosh: c.rosh,
          mappaCategory: c.mappaCategory,
          mappaLevel: c.mappaLevel,
          publicProtection: c.publicProtection,
          monitoring: c.monitoring ? monitoringOf(c.monitoring) : null,
          lastOasys: c.lastOasys,
          pomName: c.pomName,
          comName: c.comName,
          comEmail: c.comEmail,
          openActions: actionsFor.all({ id: c.id }),
        };
      };
      return {
        meeting: meetingId ? meetingRow(meetingId) : null,
        items: result.items.map(enrich),
        removed: result.removed.map((r) => ({ ...enrich(r), removedBecause: r.removedBecause })),
        basis: result.basis,
      };
    },
    attendance(meetingId: string) {
      return db
        .select({
          department: irmtAttendance.department,
          attendee: irmtAttendance.attendee,
          present: irmtAttendance.present,
        })
        .from(irmtAttendance)
        .where(eq(irmtAttendance.meetingId, meetingId))
        .orderBy(sql`${irmtAttendance}.rowid`)
        .all();
    },
    policeContact(): { name: string; email: string } | null {
      const row = db
        .select({ value: settings.value })
        .from(settings)
        .where(eq(settings.key, POLICE_CONTACT_KEY))
        .get();
      return row ? (JSON.parse(row.value) as { name: string; email: string }) : null;
    },
    /** Everything the COM and police should get about one prisoner from one meeting, and nothing about anyone else. */
    extract(meetingId: string, prisonerNumber: string): MinutesExtract {
      const m = meetingRow(meetingId);
      const p = caseload.get(prisonerNumber);
      const minutes = db
        .select({
          discussion: irmtMinutes.discussion,
          decisions: irmtMinutes.decisions,
          comInvited: irmtMinutes.comInvited,
          comAttended: irmtMinutes.comAttended,
        })
        .from(irmtMinutes)
        .where(and(eq(irmtMinutes.meetingId, meetingId), eq(irmtMinutes.prisonerId, p.id)))
        .get();
      const police = this.policeContact();
      return {
        meeting: m,
        prisoner: {
          id: p.id,
          prisonerNumber: p.prisonerNumber,
          name: `${p.surname.toUpperCase()}, ${p.forenames}`,
          comName: p.comName,
          comEmail: p.comEmail,
          pomName: p.pomName,
        },
        attendance: this.attendance(meetingId),
        minutes: minutes
          ? {
              discussion: minutes.discussion,
              decisions: JSON.parse(minutes.decisions) as string[],
              comInvited: minutes.comInvited,
              comAttended: minutes.comAttended,
            }
          : null,
        actions: db
          .select({
            action: irmtActions.action,
            owner: irmtActions.owner,
            dueOn: irmtActions.dueOn,
            completedOn: irmtActions.completedOn,
          })
          .from(irmtActions)
          .where(and(eq(irmtActions.meetingId, meetingId), eq(irmtActions.prisonerId, p.id)))
          .orderBy(asc(irmtActions.dueOn))
          .all(),
        recipients: [
          ...(p.comEmail
            ? [
                {
                  recipient: 'COM' as const,
                  name: p.comName ?? 'Community offender manager',
                  email: p.comEmail,
                },
              ]
            : []),
          ...(police ? [{ recipient: 'Police' as const, name: police.name, email: police.email }] : []),
        ],
        sent: db
          .select({
            recipient: irmtExtractSends.recipient,
            email: irmtExtractSends.email,
            sentOn: irmtExtractSends.sentOn,
          })
          .from(irmtExtractSends)
          .where(and(eq(irmtExtractSends.meetingId, meetingId), eq(irmtExtractSends.prisonerId, p.id)))
          .orderBy(asc(irmtExtractSends.sentOn))
          .all(),
      };
    },
    /**
     * What the IRMT page shows, in one answer: the meetings arranged and the next three by the schedule, the meeting
     * shown (`meetingDate`, else the first arranged on or after the next by the schedule, else that date), its agenda
     * and, once it is arranged, its attendance and its first prisoner's minutes. The page asked for these one after
     * another (the meetings, to know the date; then the agenda; then the rest) and drew itself as each arrived
     * (issue 18, item 6).
     */
    page(today: IsoDate, meetingDate?: IsoDate) {
      const schedule = this.scheduledDates(today, 3);
      const nextScheduled = schedule[0]!;
      const meetings = this.meetings();
      const date =
        meetingDate ?? meetings.find((m) => m.meetingDate >= nextScheduled)?.meetingDate ?? nextScheduled;
      const agenda = this.agenda(date);
      const meeting = agenda.meeting;
      const first = agenda.items[0]?.prisonerNumber;
      return {
        meetings,
        nextScheduled,
        schedule,
        date,
        agenda,
        attendance: meeting ? this.attendance(meeting.id) : null,
        firstExtract: meeting && first ? this.extract(meeting.id, first) : null,
      };
    },
  };
}

export type IrmtService = ReturnType<typeof createIrmtService>;
