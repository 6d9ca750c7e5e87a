import type { Store } from '../shared/context';
import { notFound } from '../shared/errors';
import { addMonths, type IsoDate } from '../shared/dates';
import { ruleInForce } from '../policy/rule-sets';
import type { CaseloadService } from '../caseload/service';
import type { PolicyService } from '../policy/service';
import type { RiskLevel } from '../caseload/fields';
import { buildAgenda, type AgendaCandidate, type AgendaItem, type ChairChange } from './agenda';
import { POLICE_CONTACT_KEY } from './commands';

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
  const { sqlite } = store;
  const meetingRow = (id: string) => {
    const m = sqlite
      .prepare(
        'SELECT m.*, s.name AS chair_name FROM irmt_meetings m LEFT JOIN staff s ON s.id = m.chair_id WHERE m.id = ?',
      )
      .get(id) as
      | {
          id: string;
          meeting_date: string;
          start_time: string;
          place: string;
          chair_id: string | null;
          chair_name: string | null;
        }
      | undefined;
    if (!m) throw notFound('IRMT meeting');
    return {
      id: m.id,
      meetingDate: m.meeting_date,
      startTime: m.start_time,
      place: m.place,
      chairId: m.chair_id,
      chairName: m.chair_name,
    };
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
    return (
      sqlite
        .prepare(
          `SELECT p.id, p.prisoner_number AS prisonerNumber, p.surname, p.forenames, p.sentence_type AS sentenceType, p.rosh,
        p.mappa_category AS mappaCategory, p.mappa_level AS mappaLevel, p.conditional_release_date AS conditionalReleaseDate,
        p.automatic_release_date AS automaticReleaseDate, p.parole_eligibility_date AS paroleEligibilityDate, p.tariff_expiry_date AS tariffExpiryDate,
        p.hdc_eligibility_date AS hdcEligibilityDate, p.target_hearing_date AS targetHearingDate, p.arrived_on AS arrivedOn, p.com_name AS comName, p.com_email AS comEmail,
        (SELECT name FROM staff WHERE id = p.pom_id) AS pomName,
        (SELECT group_concat(DISTINCT type) FROM public_protection_statuses WHERE prisoner_id = p.id) AS pp,
        (SELECT count(*) FROM irmt_actions WHERE prisoner_id = p.id AND completed_on IS NULL) AS openActions,
        (SELECT max(completed_on) FROM oasys_assessments WHERE prisoner_id = p.id) AS lastOasys,
        (SELECT basis || ' ' || means FROM monitoring_authorisations WHERE prisoner_id = p.id AND stopped_on IS NULL LIMIT 1) AS monitoring
      FROM prisoners p`,
        )
        .all() as (Record<string, unknown> & { pp: string | null; surname: string; forenames: string })[]
    ).map((r) => ({
      ...(r as unknown as AgendaCandidate & {
        id: string;
        sentenceType: string;
        pomName: string | null;
        comName: string | null;
        comEmail: string | null;
        lastOasys: string | null;
        monitoring: string | null;
      }),
      name: `${r.surname.toUpperCase()}, ${r.forenames}`,
      releasedOn: null,
      publicProtection: r.pp ? (r.pp.split(',') as ('pprc' | 'hppm')[]) : [],
    }));
  }

  return {
    meetings(): Meeting[] {
      return (
        sqlite.prepare('SELECT id FROM irmt_meetings ORDER BY meeting_date DESC').all() as { id: string }[]
      ).map((m) => meetingRow(m.id));
    },
    meeting: meetingRow,
    /** The next meeting due by the schedule (the rule's interval after the last), for the chair to create. */
    nextScheduledDate(today: IsoDate): IsoDate {
      return this.scheduledDates(today, 1)[0]!;
    },
    /** The next `count` meetings by the schedule from today: the rule's interval on from the last meeting arranged. */
    scheduledDates(today: IsoDate, count: number): IsoDate[] {
      const { meetingIntervalMonths } = ruleInForce(policy.versions(), 'irmt', today).params;
      const last = (
        sqlite.prepare('SELECT max(meeting_date) AS d FROM irmt_meetings').get() as { d: string | null }
      ).d;
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
        (
          sqlite.prepare('SELECT id FROM irmt_meetings WHERE meeting_date = ?').get(meetingDate) as
            { id: string } | undefined
        )?.id ?? null;
      const last = (
        sqlite
          .prepare('SELECT max(meeting_date) AS d FROM irmt_meetings WHERE meeting_date < ?')
          .get(meetingDate) as { d: string | null }
      ).d;
      const all = candidates();
      const byNumber = new Map(all.map((c) => [c.prisonerNumber, c]));
      const changes: ChairChange[] = meetingId
        ? (sqlite
            .prepare(
              'SELECT p.prisoner_number AS prisonerNumber, c.change, c.reason FROM irmt_agenda_changes c JOIN prisoners p ON p.id = c.prisoner_id WHERE c.meeting_id = ? ORDER BY c.created_at',
            )
            .all(meetingId) as ChairChange[])
        : [];
      const result = buildAgenda(all, meetingDate, last, changes, policy.versions());
      const actionsFor = sqlite.prepare(
        'SELECT action, owner, due_on AS dueOn FROM irmt_actions WHERE prisoner_id = ? AND completed_on IS NULL ORDER BY due_on',
      );
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
          monitoring: c.monitoring,
          lastOasys: c.lastOasys,
          pomName: c.pomName,
          comName: c.comName,
          comEmail: c.comEmail,
          openActions: actionsFor.all(c.id) as AgendaEntry['openActions'],
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
      return (
        sqlite
          .prepare(
            'SELECT department, attendee, present FROM irmt_attendance WHERE meeting_id = ? ORDER BY rowid',
          )
          .all(meetingId) as { department: string; attendee: string | null; present: number }[]
      ).map((r) => ({ department: r.department, attendee: r.attendee, present: r.present === 1 }));
    },
    policeContact(): { name: string; email: string } | null {
      const row = sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(POLICE_CONTACT_KEY) as
        { value: string } | undefined;
      return row ? (JSON.parse(row.value) as { name: string; email: string }) : null;
    },
    /** Everything the COM and police should get about one prisoner from one meeting, and nothing about anyone else. */
    extract(meetingId: string, prisonerNumber: string): MinutesExtract {
      const m = meetingRow(meetingId);
      const p = caseload.get(prisonerNumber);
      const minutes = sqlite
        .prepare(
          'SELECT discussion, decisions, com_invited, com_attended FROM irmt_minutes WHERE meeting_id = ? AND prisoner_id = ?',
        )
        .get(meetingId, p.id) as
        { discussion: string; decisions: string; com_invited: number; com_attended: number } | undefined;
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
              comInvited: !!minutes.com_invited,
              comAttended: !!minutes.com_attended,
            }
          : null,
        actions: sqlite
          .prepare(
            'SELECT action, owner, due_on AS dueOn, completed_on AS completedOn FROM irmt_actions WHERE meeting_id = ? AND prisoner_id = ? ORDER BY due_on',
          )
          .all(meetingId, p.id) as MinutesExtract['actions'],
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
        sent: sqlite
          .prepare(
            'SELECT recipient, email, sent_on AS sentOn FROM irmt_extract_sends WHERE meeting_id = ? AND prisoner_id = ? ORDER BY sent_on',
          )
          .all(meetingId, p.id) as MinutesExtract['sent'],
      };
    },
  };
}

export type IrmtService = ReturnType<typeof createIrmtService>;
