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

export const DEPARTMENTS = [
  'OMU', 'Security', 'Healthcare', 'Mental health', 'Psychology', 'Safer custody', 'Residential', 'Programmes', 'Substance misuse',
  'Education and work', 'Chaplaincy', 'Resettlement', 'Police liaison', 'Victim liaison',
] as const;

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
      return sqlite.transaction(() => {
        if (sqlite.prepare('SELECT 1 FROM irmt_meetings WHERE meeting_date = ?').get(input.meetingDate)) throw new AppError('conflict', `There is already an IRMT meeting on ${formatUk(input.meetingDate)}`, 'meetingDate');
        const id = ulid();
        const at = nowIso(ctx);
        sqlite.prepare('INSERT INTO irmt_meetings (id, created_at, updated_at, updated_by, meeting_date, start_time, place, chair_id) VALUES (?,?,?,?,?,?,?,?)')
          .run(id, at, at, ctx.actor.name, input.meetingDate, input.startTime, input.place, input.chairId ?? ctx.actor.staffId);
        audit.record(ctx, { action: 'create', entity: 'irmt-meeting', entityId: id, summary: `Arranged the IRMT meeting on ${formatUk(input.meetingDate)} at ${input.startTime}, ${input.place}`, after: input });
        return meetingRow(id);
      })();
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
      sqlite.transaction(() => {
        const m = meetingRow(meetingId);
        const p = caseload.get(prisonerNumber);
        const at = nowIso(ctx);
        sqlite.prepare('INSERT INTO irmt_agenda_changes (id, created_at, updated_at, updated_by, meeting_id, prisoner_id, change, reason) VALUES (?,?,?,?,?,?,?,?)')
          .run(ulid(), at, at, ctx.actor.name, meetingId, p.id, change, reason.trim());
        audit.record(ctx, { action: 'update', entity: 'irmt-agenda', entityId: meetingId, prisonerId: p.id, summary: `${change === 'add' ? 'Added to' : 'Removed from'} the IRMT agenda for ${formatUk(m.meetingDate)}: ${reason.trim()}` });
      })();
    },
    addAction(ctx: CallContext, meetingId: string, prisonerNumber: string, raw: unknown): string {
      requireIdentified(ctx.actor, 'record an IRMT action');
      const input = actionInputSchema.parse(raw);
      return sqlite.transaction(() => {
        const m = meetingRow(meetingId);
        const p = caseload.get(prisonerNumber);
        const id = ulid();
        const at = nowIso(ctx);
        sqlite.prepare('INSERT INTO irmt_actions (id, created_at, updated_at, updated_by, meeting_id, prisoner_id, action, owner, due_on) VALUES (?,?,?,?,?,?,?,?,?)')
          .run(id, at, at, ctx.actor.name, meetingId, p.id, input.action, input.owner, input.dueOn);
        audit.record(ctx, { action: 'create', entity: 'irmt-action', entityId: id, prisonerId: p.id, summary: `IRMT ${formatUk(m.meetingDate)} action for ${input.owner}, due ${formatUk(input.dueOn)}: ${input.action}`, after: input });
        return id;
      })();
    },
    completeAction(ctx: CallContext, actionId: string, completedOn: IsoDate): void {
      requireIdentified(ctx.actor, 'complete an IRMT action');
      isoDateSchema.parse(completedOn);
      sqlite.transaction(() => {
        const a = sqlite.prepare('SELECT prisoner_id, action FROM irmt_actions WHERE id = ?').get(actionId) as { prisoner_id: string; action: string } | undefined;
        if (!a) throw notFound('IRMT action');
        sqlite.prepare('UPDATE irmt_actions SET completed_on = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(completedOn, nowIso(ctx), ctx.actor.name, actionId);
        audit.record(ctx, { action: 'update', entity: 'irmt-action', entityId: actionId, prisonerId: a.prisoner_id, summary: `IRMT action completed ${formatUk(completedOn)}: ${a.action}` });
      })();
    },
  };
}

export type IrmtService = ReturnType<typeof createIrmtService>;
