import { z } from 'zod';
import { ulid } from 'ulid';
import { nowIso, type CallContext, type Store } from '../shared/context';
import { isoDateSchema } from '../caseload/prisoner';
import { AppError, notFound } from '../shared/errors';
import { addMonths, formatUk, type IsoDate } from '../shared/dates';
import { ruleInForce } from '../policy/rule-sets';
import { requireRole, requireIdentified } from '../staff/roles';
import type { AuditService } from '../audit/service';
import type { CaseloadService } from '../caseload/service';
import type { PolicyService } from '../policy/service';
import type { RiskLevel } from '../caseload/fields';
import { buildAgenda, type AgendaCandidate, type AgendaItem, type ChairChange } from './agenda';
import { writeTransaction } from '../shared/write';
import { emailAddressSchema, isEmailAddress } from '../shared/email';

export { DEPARTMENTS } from './departments';

export const meetingInputSchema = z.object({
  meetingDate: isoDateSchema,
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like 10:00').default('10:00'),
  place: z.string().trim().min(1, 'is required').max(200).default('OMU meeting room'),
  chairId: z.string().nullable().default(null),
});
export const actionInputSchema = z.object({
  action: z.string().trim().min(3, 'say what is to be done').max(1000),
  owner: z.string().trim().min(2, 'say who will do it').max(200),
  dueOn: isoDateSchema,
});

export const minutesInputSchema = z.object({
  discussion: z.string().trim().min(3, 'summarise the discussion').max(8000),
  decisions: z.array(z.string().trim().min(2).max(500)).max(30).default([]),
  comInvited: z.boolean().default(false),
  comAttended: z.boolean().default(false),
});
export const attendanceInputSchema = z.array(z.object({
  department: z.string().trim().min(1).max(100),
  attendee: z.string().trim().max(200).nullable().default(null),
  present: z.boolean(),
})).max(50);
export const policeContactSchema = z.object({
  name: z.string().trim().min(2, 'is required').max(200),
  email: emailAddressSchema,
});

export interface MinutesExtract {
  meeting: Meeting;
  prisoner: { id: string; prisonerNumber: string; name: string; comName: string | null; comEmail: string | null; pomName: string | null };
  attendance: { department: string; attendee: string | null; present: boolean }[];
  minutes: { discussion: string; decisions: string[]; comInvited: boolean; comAttended: boolean } | null;
  actions: { action: string; owner: string; dueOn: string; completedOn: string | null }[];
  recipients: { recipient: 'COM' | 'Police'; name: string; email: string }[];
  sent: { recipient: string; email: string; sentOn: string }[];
}

export interface Meeting { id: string; meetingDate: IsoDate; startTime: string; place: string; chairId: string | null; chairName: string | null }

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

const ROLES_FOR_MEETINGS = ['irmt-chair', 'senior-manager'] as const;

/** IRMT meetings: their schedule, the agenda built from facts, the chair's changes and the actions agreed. */
export function createIrmtService(store: Store, audit: AuditService, caseload: CaseloadService, policy: PolicyService) {
  const { sqlite } = store;
  const meetingRow = (id: string) => {
    const m = sqlite.prepare('SELECT m.*, s.name AS chair_name FROM irmt_meetings m LEFT JOIN staff s ON s.id = m.chair_id WHERE m.id = ?').get(id) as
      { id: string; meeting_date: string; start_time: string; place: string; chair_id: string | null; chair_name: string | null } | undefined;
    if (!m) throw notFound('IRMT meeting');
    return { id: m.id, meetingDate: m.meeting_date, startTime: m.start_time, place: m.place, chairId: m.chair_id, chairName: m.chair_name };
  };

  function candidates(): (AgendaCandidate & { id: string; name: string; sentenceType: string; pomName: string | null; comName: string | null; comEmail: string | null; lastOasys: string | null; monitoring: string | null })[] {
    return (sqlite.prepare(`SELECT p.id, p.prisoner_number AS prisonerNumber, p.surname, p.forenames, p.sentence_type AS sentenceType, p.rosh,
        p.mappa_category AS mappaCategory, p.mappa_level AS mappaLevel, p.conditional_release_date AS conditionalReleaseDate,
        p.automatic_release_date AS automaticReleaseDate, p.parole_eligibility_date AS paroleEligibilityDate, p.tariff_expiry_date AS tariffExpiryDate,
        p.hdc_eligibility_date AS hdcEligibilityDate, p.target_hearing_date AS targetHearingDate, p.arrived_on AS arrivedOn, p.com_name AS comName, p.com_email AS comEmail,
        (SELECT name FROM staff WHERE id = p.pom_id) AS pomName,
        (SELECT group_concat(DISTINCT type) FROM public_protection_statuses WHERE prisoner_id = p.id) AS pp,
        (SELECT count(*) FROM irmt_actions WHERE prisoner_id = p.id AND completed_on IS NULL) AS openActions,
        (SELECT max(completed_on) FROM oasys_assessments WHERE prisoner_id = p.id) AS lastOasys,
        (SELECT basis || ' ' || means FROM monitoring_authorisations WHERE prisoner_id = p.id AND stopped_on IS NULL LIMIT 1) AS monitoring
      FROM prisoners p`).all() as (Record<string, unknown> & { pp: string | null; surname: string; forenames: string })[]).map((r) => ({
      ...(r as unknown as AgendaCandidate & { id: string; sentenceType: string; pomName: string | null; comName: string | null; comEmail: string | null; lastOasys: string | null; monitoring: string | null }),
      name: `${r.surname.toUpperCase()}, ${r.forenames}`,
      releasedOn: null,
      publicProtection: r.pp ? (r.pp.split(',') as ('pprc' | 'hppm')[]) : [],
    }));
  }

  return {
    meetings(): Meeting[] {
      return (sqlite.prepare('SELECT id FROM irmt_meetings ORDER BY meeting_date DESC').all() as { id: string }[]).map((m) => meetingRow(m.id));
    },
    meeting: meetingRow,
    /** The next meeting due by the schedule (the rule's interval after the last), for the chair to create. */
    nextScheduledDate(today: IsoDate): IsoDate {
      const { meetingIntervalMonths } = ruleInForce(policy.versions(), 'irmt', today).params;
      const last = (sqlite.prepare('SELECT max(meeting_date) AS d FROM irmt_meetings').get() as { d: string | null }).d;
      let next = last ?? today;
      while (next < today) next = addMonths(next, meetingIntervalMonths);
      return next;
    },
    createMeeting(ctx: CallContext, raw: unknown): Meeting {
      requireRole(ctx.actor, ROLES_FOR_MEETINGS, 'arrange an IRMT meeting');
      const input = meetingInputSchema.parse(raw);
      return writeTransaction(store, ctx, 'a new IRMT meeting', () => {
        if (sqlite.prepare('SELECT 1 FROM irmt_meetings WHERE meeting_date = ?').get(input.meetingDate)) throw new AppError('conflict', `There is already an IRMT meeting on ${formatUk(input.meetingDate)}`, 'meetingDate');
        const id = ulid();
        const at = nowIso(ctx);
        sqlite.prepare('INSERT INTO irmt_meetings (id, created_at, updated_at, updated_by, meeting_date, start_time, place, chair_id) VALUES (?,?,?,?,?,?,?,?)')
          .run(id, at, at, ctx.actor.name, input.meetingDate, input.startTime, input.place, input.chairId ?? ctx.actor.staffId);
        audit.record(ctx, { action: 'create', entity: 'irmt-meeting', entityId: id, summary: `Arranged the IRMT meeting on ${formatUk(input.meetingDate)} at ${input.startTime}, ${input.place}`, after: input });
        return meetingRow(id);
      });
    },
    /** The agenda for a date: built from the facts on the caseload, with the chair's changes for a meeting on that date. */
    agenda(meetingDate: IsoDate): { meeting: Meeting | null; items: AgendaEntry[]; removed: (AgendaEntry & { removedBecause: string })[]; basis: string } {
      const meetingId = (sqlite.prepare('SELECT id FROM irmt_meetings WHERE meeting_date = ?').get(meetingDate) as { id: string } | undefined)?.id ?? null;
      const last = (sqlite.prepare('SELECT max(meeting_date) AS d FROM irmt_meetings WHERE meeting_date < ?').get(meetingDate) as { d: string | null }).d;
      const all = candidates();
      const byNumber = new Map(all.map((c) => [c.prisonerNumber, c]));
      const changes: ChairChange[] = meetingId
        ? (sqlite.prepare('SELECT p.prisoner_number AS prisonerNumber, c.change, c.reason FROM irmt_agenda_changes c JOIN prisoners p ON p.id = c.prisoner_id WHERE c.meeting_id = ? ORDER BY c.created_at').all(meetingId) as ChairChange[])
        : [];
      const result = buildAgenda(all, meetingDate, last, changes, policy.versions());
      const actionsFor = sqlite.prepare('SELECT action, owner, due_on AS dueOn FROM irmt_actions WHERE prisoner_id = ? AND completed_on IS NULL ORDER BY due_on');
      const enrich = (i: AgendaItem): AgendaEntry => {
        const c = byNumber.get(i.prisonerNumber)!;
        return {
          ...i, name: c.name, sentenceType: c.sentenceType, rosh: c.rosh, mappaCategory: c.mappaCategory, mappaLevel: c.mappaLevel,
          publicProtection: c.publicProtection, monitoring: c.monitoring, lastOasys: c.lastOasys, pomName: c.pomName, comName: c.comName, comEmail: c.comEmail,
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
    changeAgenda(ctx: CallContext, meetingId: string, prisonerNumber: string, change: 'add' | 'remove', reason: string): void {
      requireRole(ctx.actor, ROLES_FOR_MEETINGS, 'change an IRMT agenda');
      if (reason.trim().length < 5) throw new AppError('invalid-input', 'give the reason for the change', 'reason');
      writeTransaction(store, ctx, 'an IRMT agenda change', () => {
        const m = meetingRow(meetingId);
        const p = caseload.get(prisonerNumber);
        const at = nowIso(ctx);
        sqlite.prepare('INSERT INTO irmt_agenda_changes (id, created_at, updated_at, updated_by, meeting_id, prisoner_id, change, reason) VALUES (?,?,?,?,?,?,?,?)')
          .run(ulid(), at, at, ctx.actor.name, meetingId, p.id, change, reason.trim());
        audit.record(ctx, { action: 'update', entity: 'irmt-agenda', entityId: meetingId, prisonerId: p.id, summary: `${change === 'add' ? 'Added to' : 'Removed from'} the IRMT agenda for ${formatUk(m.meetingDate)}: ${reason.trim()}` });
      });
    },
    addAction(ctx: CallContext, meetingId: string, prisonerNumber: string, raw: unknown): string {
      requireIdentified(ctx.actor, 'record an IRMT action');
      const input = actionInputSchema.parse(raw);
      return writeTransaction(store, ctx, 'an IRMT action', () => {
        const m = meetingRow(meetingId);
        const p = caseload.get(prisonerNumber);
        const id = ulid();
        const at = nowIso(ctx);
        sqlite.prepare('INSERT INTO irmt_actions (id, created_at, updated_at, updated_by, meeting_id, prisoner_id, action, owner, due_on) VALUES (?,?,?,?,?,?,?,?,?)')
          .run(id, at, at, ctx.actor.name, meetingId, p.id, input.action, input.owner, input.dueOn);
        audit.record(ctx, { action: 'create', entity: 'irmt-action', entityId: id, prisonerId: p.id, summary: `IRMT ${formatUk(m.meetingDate)} action for ${input.owner}, due ${formatUk(input.dueOn)}: ${input.action}`, after: input });
        return id;
      });
    },
    setAttendance(ctx: CallContext, meetingId: string, raw: unknown): void {
      requireRole(ctx.actor, ROLES_FOR_MEETINGS, 'record IRMT attendance');
      const rows = attendanceInputSchema.parse(raw);
      writeTransaction(store, ctx, 'IRMT attendance', () => {
        const m = meetingRow(meetingId);
        sqlite.prepare('DELETE FROM irmt_attendance WHERE meeting_id = ?').run(meetingId);
        const at = nowIso(ctx);
        const insert = sqlite.prepare('INSERT INTO irmt_attendance (id, created_at, updated_at, updated_by, meeting_id, department, attendee, present) VALUES (?,?,?,?,?,?,?,?)');
        for (const r of rows) insert.run(ulid(), at, at, ctx.actor.name, meetingId, r.department, r.attendee, r.present ? 1 : 0);
        audit.record(ctx, { action: 'update', entity: 'irmt-attendance', entityId: meetingId, summary: `IRMT ${formatUk(m.meetingDate)} attendance: ${rows.filter((r) => r.present).map((r) => r.department).join(', ') || 'none recorded'}`, after: rows });
      });
    },
    attendance(meetingId: string) {
      return (sqlite.prepare('SELECT department, attendee, present FROM irmt_attendance WHERE meeting_id = ? ORDER BY rowid').all(meetingId) as { department: string; attendee: string | null; present: number }[])
        .map((r) => ({ department: r.department, attendee: r.attendee, present: r.present === 1 }));
    },
    /** What was said and decided about one prisoner; recorded again, it replaces the earlier note (both audited). */
    recordMinutes(ctx: CallContext, meetingId: string, prisonerNumber: string, raw: unknown): void {
      requireIdentified(ctx.actor, 'record IRMT minutes');
      const input = minutesInputSchema.parse(raw);
      writeTransaction(store, ctx, 'IRMT minutes', () => {
        const m = meetingRow(meetingId);
        const p = caseload.get(prisonerNumber);
        const before = sqlite.prepare('SELECT id, discussion, decisions FROM irmt_minutes WHERE meeting_id = ? AND prisoner_id = ?').get(meetingId, p.id) as { id: string; discussion: string; decisions: string } | undefined;
        const at = nowIso(ctx);
        if (before) {
          sqlite.prepare('UPDATE irmt_minutes SET discussion = ?, decisions = ?, com_invited = ?, com_attended = ?, updated_at = ?, updated_by = ? WHERE id = ?')
            .run(input.discussion, JSON.stringify(input.decisions), input.comInvited ? 1 : 0, input.comAttended ? 1 : 0, at, ctx.actor.name, before.id);
        } else {
          sqlite.prepare('INSERT INTO irmt_minutes (id, created_at, updated_at, updated_by, meeting_id, prisoner_id, discussion, decisions, com_invited, com_attended) VALUES (?,?,?,?,?,?,?,?,?,?)')
            .run(ulid(), at, at, ctx.actor.name, meetingId, p.id, input.discussion, JSON.stringify(input.decisions), input.comInvited ? 1 : 0, input.comAttended ? 1 : 0);
        }
        audit.record(ctx, { action: before ? 'update' : 'create', entity: 'irmt-minutes', entityId: meetingId, prisonerId: p.id, summary: `IRMT ${formatUk(m.meetingDate)} minutes: ${input.decisions.length ? input.decisions.join('; ') : 'discussion recorded'}`, before: before ? { discussion: before.discussion, decisions: JSON.parse(before.decisions) } : undefined, after: input });
      });
    },
    setPoliceContact(ctx: CallContext, raw: unknown): void {
      requireRole(ctx.actor, ['senior-manager', 'administrator', 'irmt-chair'], 'set the police contact for IRMT minutes');
      const input = policeContactSchema.parse(raw);
      writeTransaction(store, ctx, 'a change to the police contact', () => {
        sqlite.prepare("INSERT INTO settings (key, value, updated_at, updated_by) VALUES ('irmt-police-contact', ?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by")
          .run(JSON.stringify(input), nowIso(ctx), ctx.actor.name);
        audit.record(ctx, { action: 'update', entity: 'settings', entityId: 'irmt-police-contact', summary: `Police contact for IRMT minutes set to ${input.name} <${input.email}>`, after: input });
      });
    },
    policeContact(): { name: string; email: string } | null {
      const row = sqlite.prepare("SELECT value FROM settings WHERE key = 'irmt-police-contact'").get() as { value: string } | undefined;
      return row ? (JSON.parse(row.value) as { name: string; email: string }) : null;
    },
    /** Everything the COM and police should get about one prisoner from one meeting, and nothing about anyone else. */
    extract(meetingId: string, prisonerNumber: string): MinutesExtract {
      const m = meetingRow(meetingId);
      const p = caseload.get(prisonerNumber);
      const minutes = sqlite.prepare('SELECT discussion, decisions, com_invited, com_attended FROM irmt_minutes WHERE meeting_id = ? AND prisoner_id = ?').get(meetingId, p.id) as { discussion: string; decisions: string; com_invited: number; com_attended: number } | undefined;
      const police = this.policeContact();
      return {
        meeting: m,
        prisoner: { id: p.id, prisonerNumber: p.prisonerNumber, name: `${p.surname.toUpperCase()}, ${p.forenames}`, comName: p.comName, comEmail: p.comEmail, pomName: p.pomName },
        attendance: this.attendance(meetingId),
        minutes: minutes ? { discussion: minutes.discussion, decisions: JSON.parse(minutes.decisions) as string[], comInvited: !!minutes.com_invited, comAttended: !!minutes.com_attended } : null,
        actions: sqlite.prepare('SELECT action, owner, due_on AS dueOn, completed_on AS completedOn FROM irmt_actions WHERE meeting_id = ? AND prisoner_id = ? ORDER BY due_on').all(meetingId, p.id) as MinutesExtract['actions'],
        recipients: [
          ...(p.comEmail ? [{ recipient: 'COM' as const, name: p.comName ?? 'Community offender manager', email: p.comEmail }] : []),
          ...(police ? [{ recipient: 'Police' as const, name: police.name, email: police.email }] : []),
        ],
        sent: sqlite.prepare('SELECT recipient, email, sent_on AS sentOn FROM irmt_extract_sends WHERE meeting_id = ? AND prisoner_id = ? ORDER BY sent_on').all(meetingId, p.id) as MinutesExtract['sent'],
      };
    },
    markSent(ctx: CallContext, meetingId: string, prisonerNumber: string, recipient: string, email: string, sentOn: IsoDate): void {
      if (!isEmailAddress(email)) throw new AppError('invalid-input', 'must be an email address', 'email');
      requireIdentified(ctx.actor, 'record that minutes were sent');
      isoDateSchema.parse(sentOn);
      writeTransaction(store, ctx, 'a record of IRMT minutes sent', () => {
        const m = meetingRow(meetingId);
        const p = caseload.get(prisonerNumber);
        const at = nowIso(ctx);
        sqlite.prepare('INSERT INTO irmt_extract_sends (id, created_at, updated_at, updated_by, meeting_id, prisoner_id, recipient, email, sent_on) VALUES (?,?,?,?,?,?,?,?,?)')
          .run(ulid(), at, at, ctx.actor.name, meetingId, p.id, recipient, email, sentOn);
        audit.record(ctx, { action: 'create', entity: 'irmt-extract-sent', entityId: meetingId, prisonerId: p.id, summary: `IRMT ${formatUk(m.meetingDate)} minutes extract sent to ${recipient} <${email}> on ${formatUk(sentOn)}` });
      });
    },
    completeAction(ctx: CallContext, actionId: string, completedOn: IsoDate): void {
      requireIdentified(ctx.actor, 'complete an IRMT action');
      isoDateSchema.parse(completedOn);
      writeTransaction(store, ctx, 'an IRMT action', () => {
        const a = sqlite.prepare('SELECT prisoner_id, action FROM irmt_actions WHERE id = ?').get(actionId) as { prisoner_id: string; action: string } | undefined;
        if (!a) throw notFound('IRMT action');
        sqlite.prepare('UPDATE irmt_actions SET completed_on = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(completedOn, nowIso(ctx), ctx.actor.name, actionId);
        audit.record(ctx, { action: 'update', entity: 'irmt-action', entityId: actionId, prisonerId: a.prisoner_id, summary: `IRMT action completed ${formatUk(completedOn)}: ${a.action}` });
      });
    },
  };
}

export type IrmtService = ReturnType<typeof createIrmtService>;
