import { z } from 'zod';
import {
  irmtActions,
  irmtAgendaChanges,
  irmtAttendance,
  irmtExtractSends,
  irmtMeetings,
  irmtMinutes,
  settings,
  staff,
} from '../../../db/schema';
import type { Reader } from '../../core/data';
import { Changes, command, refuse } from '../../core/operations';
import type { Row } from '../../core/tables';
import { loadPrisoner, prisonerNumber } from '../caseload/load';
import { isoDateSchema } from '../caseload/prisoner';
import { formatUk } from '../shared/dates';
import { emailAddressSchema } from '../shared/email';
import {
  actionInputSchema,
  attendanceInputSchema,
  meetingInputSchema,
  minutesInputSchema,
  policeContactSchema,
} from './schemas';

/** The IRMT page's forms (renderer/pages/Irmt.tsx): each field's label. */
const IRMT_LABELS = {
  meetingId: 'Meeting',
  meetingDate: 'Meeting date',
  startTime: 'Time',
  place: 'Place',
  chairId: 'Chair',
  prisonerNumber: 'Prisoner number',
  change: 'Change',
  reason: 'Reason (kept)',
  action: 'Action',
  owner: 'Owner',
  dueOn: 'Due (DD/MM/YYYY)',
  actionId: 'Action',
  completedOn: 'Completed on',
  attendance: 'Attendance',
  attendee: 'Attendee',
  department: 'Department',
  present: 'Present',
  discussion: 'Discussion summary',
  decisions: 'Decisions, one per line',
  comInvited: 'COM invited',
  comAttended: 'COM attended',
  recipient: 'Recipient',
  email: 'Email',
  sentOn: 'Sent on',
  name: 'Name or team',
};

/** Arranging a meeting, its agenda and its attendance are the chair's (or a senior manager's). */
const ROLES_FOR_MEETINGS = ['irmt-chair', 'senior-manager'] as const;
export const POLICE_CONTACT_KEY = 'irmt-police-contact';

const meetingId = z.string().min(1, 'choose a meeting');

async function loadMeeting(read: Reader, id: string): Promise<Row<typeof irmtMeetings>> {
  const meeting = await read.one(irmtMeetings, { id });
  if (!meeting) refuse('not-found', 'IRMT meeting was not found');
  return meeting;
}

/** The meeting and the prisoner a minute, an action or an agenda change is about. */
async function loadMeetingAbout(read: Reader, input: { meetingId: string; prisonerNumber: string }) {
  const meeting = await loadMeeting(read, input.meetingId);
  return { meeting, prisoner: await loadPrisoner(read, input.prisonerNumber) };
}

/** IRMT meetings: arranged by the chair, their agenda changed with reasons, attendance, minutes, actions and what was sent. */
export const irmtCommands = {
  'irmt/create-meeting': command({
    input: meetingInputSchema,
    allow: ROLES_FOR_MEETINGS,
    action: 'arrange an IRMT meeting',
    labels: IRMT_LABELS,
    async load(read, input) {
      return {
        sameDay: await read.one(irmtMeetings, { meetingDate: input.meetingDate }),
        chair: input.chairId ? await read.one(staff, { id: input.chairId }) : null,
      };
    },
    decide({ sameDay, chair }, input, ctx) {
      if (sameDay)
        refuse(
          'conflict',
          `There is already an IRMT meeting on ${formatUk(input.meetingDate)}`,
          'meetingDate',
        );
      if (input.chairId && !chair?.active)
        refuse('invalid-input', 'must be an active member of staff', 'chairId');
      const changes = new Changes(ctx);
      const row = changes.insert(irmtMeetings, {
        meetingDate: input.meetingDate,
        startTime: input.startTime,
        place: input.place,
        chairId: input.chairId ?? ctx.actor.staffId,
      });
      changes.record({
        action: 'create',
        entity: 'irmt-meeting',
        entityId: row.id,
        summary: `Arranged the IRMT meeting on ${formatUk(input.meetingDate)} at ${input.startTime}, ${input.place}`,
        after: input,
      });
      return changes.done({ id: row.id });
    },
    reply: ({ services }, r) => services.irmt.meeting(r.id),
  }),

  /** The chair adds a prisoner to the agenda or takes one off it, with the reason, which is kept. */
  'irmt/change-agenda': command({
    input: z.lazy(() =>
      z.object({
        meetingId,
        prisonerNumber,
        change: z.enum(['add', 'remove']),
        reason: z.string().trim().min(5, 'give the reason for the change').max(2000),
      }),
    ),
    allow: ROLES_FOR_MEETINGS,
    action: 'change an IRMT agenda',
    labels: IRMT_LABELS,
    load: loadMeetingAbout,
    decide({ meeting, prisoner }, { change, reason }, ctx) {
      const changes = new Changes(ctx);
      const row = changes.insert(irmtAgendaChanges, {
        meetingId: meeting.id,
        prisonerId: prisoner.id,
        change,
        reason,
      });
      changes.record({
        action: 'update',
        entity: 'irmt-agenda',
        entityId: meeting.id,
        prisonerId: prisoner.id,
        summary: `${change === 'add' ? 'Added to' : 'Removed from'} the IRMT agenda for ${formatUk(meeting.meetingDate)}: ${reason}`,
      });
      return changes.done({ id: row.id });
    },
  }),

  /** An action agreed for one prisoner, with its owner and due date: on the due list and the next agenda until completed. */
  'irmt/add-action': command({
    input: z.lazy(() => z.object({ meetingId, prisonerNumber, action: actionInputSchema })),
    allow: 'signed-in',
    action: 'record an IRMT action',
    labels: IRMT_LABELS,
    load: loadMeetingAbout,
    decide({ meeting, prisoner }, { action: input }, ctx) {
      const changes = new Changes(ctx);
      const row = changes.insert(irmtActions, {
        meetingId: meeting.id,
        prisonerId: prisoner.id,
        action: input.action,
        owner: input.owner,
        dueOn: input.dueOn,
      });
      changes.record({
        action: 'create',
        entity: 'irmt-action',
        entityId: row.id,
        prisonerId: prisoner.id,
        summary: `IRMT ${formatUk(meeting.meetingDate)} action for ${input.owner}, due ${formatUk(input.dueOn)}: ${input.action}`,
        after: input,
      });
      return changes.done({ id: row.id });
    },
  }),

  'irmt/complete-action': command({
    input: z.lazy(() => z.object({ actionId: z.string(), completedOn: isoDateSchema })),
    allow: 'signed-in',
    action: 'complete an IRMT action',
    labels: IRMT_LABELS,
    load: (read, input) => read.one(irmtActions, { id: input.actionId }),
    decide(action, { completedOn }, ctx) {
      if (!action) return refuse('not-found', 'IRMT action was not found');
      const changes = new Changes(ctx);
      changes.update(irmtActions, action.id, { completedOn }, action.prisonerId);
      changes.record({
        action: 'update',
        entity: 'irmt-action',
        entityId: action.id,
        prisonerId: action.prisonerId,
        summary: `IRMT action completed ${formatUk(completedOn)}: ${action.action}`,
      });
      return changes.done({ id: action.id });
    },
  }),

  /** Who came, by department: the list as a whole replaces the one recorded before. */
  'irmt/set-attendance': command({
    input: z.lazy(() => z.object({ meetingId, attendance: attendanceInputSchema })),
    allow: ROLES_FOR_MEETINGS,
    action: 'record IRMT attendance',
    labels: IRMT_LABELS,
    async load(read, input) {
      const meeting = await loadMeeting(read, input.meetingId);
      return { meeting, recorded: await read.all(irmtAttendance, { meetingId: meeting.id }) };
    },
    decide({ meeting, recorded }, { attendance }, ctx) {
      const changes = new Changes(ctx);
      for (const r of recorded) changes.delete(irmtAttendance, r.id);
      for (const r of attendance)
        changes.insert(irmtAttendance, {
          meetingId: meeting.id,
          department: r.department,
          attendee: r.attendee,
          present: r.present,
        });
      changes.record({
        action: 'update',
        entity: 'irmt-attendance',
        entityId: meeting.id,
        summary: `IRMT ${formatUk(meeting.meetingDate)} attendance: ${
          attendance
            .filter((r) => r.present)
            .map((r) => r.department)
            .join(', ') || 'none recorded'
        }`,
        after: attendance,
      });
      return changes.done({ id: meeting.id });
    },
  }),

  /** What was said and decided about one prisoner; recorded again, it replaces the earlier note (both audited). */
  'irmt/record-minutes': command({
    input: z.lazy(() => z.object({ meetingId, prisonerNumber, minutes: minutesInputSchema })),
    allow: 'signed-in',
    action: 'record IRMT minutes',
    labels: IRMT_LABELS,
    async load(read, input) {
      const about = await loadMeetingAbout(read, input);
      return {
        ...about,
        recorded: await read.one(irmtMinutes, { meetingId: about.meeting.id, prisonerId: about.prisoner.id }),
      };
    },
    decide({ meeting, prisoner, recorded }, { minutes: input }, ctx) {
      const changes = new Changes(ctx);
      const note = {
        discussion: input.discussion,
        decisions: JSON.stringify(input.decisions),
        comInvited: input.comInvited,
        comAttended: input.comAttended,
      };
      const id = recorded
        ? recorded.id
        : changes.insert(irmtMinutes, { meetingId: meeting.id, prisonerId: prisoner.id, ...note }).id;
      if (recorded) changes.update(irmtMinutes, recorded.id, note, prisoner.id);
      changes.record({
        action: recorded ? 'update' : 'create',
        entity: 'irmt-minutes',
        entityId: meeting.id,
        prisonerId: prisoner.id,
        summary: `IRMT ${formatUk(meeting.meetingDate)} minutes: ${input.decisions.length ? input.decisions.join('; ') : 'discussion recorded'}`,
        before: recorded
          ? { discussion: recorded.discussion, decisions: JSON.parse(recorded.decisions) as string[] }
          : undefined,
        after: input,
      });
      return changes.done({ id });
    },
  }),

  /** OMU Desk sends no mail: the person sends the draft from their mail client and records here that it went. */
  'irmt/mark-sent': command({
    input: z.lazy(() =>
      z.object({
        meetingId,
        prisonerNumber,
        recipient: z.string().trim().min(1, 'is required').max(200),
        email: emailAddressSchema,
        sentOn: isoDateSchema,
      }),
    ),
    allow: 'signed-in',
    action: 'record that minutes were sent',
    labels: IRMT_LABELS,
    load: loadMeetingAbout,
    decide({ meeting, prisoner }, { recipient, email, sentOn }, ctx) {
      const changes = new Changes(ctx);
      const row = changes.insert(irmtExtractSends, {
        meetingId: meeting.id,
        prisonerId: prisoner.id,
        recipient,
        email,
        sentOn,
      });
      changes.record({
        action: 'create',
        entity: 'irmt-extract-sent',
        entityId: meeting.id,
        prisonerId: prisoner.id,
        summary: `IRMT ${formatUk(meeting.meetingDate)} minutes extract sent to ${recipient} <${email}> on ${formatUk(sentOn)}`,
      });
      return changes.done({ id: row.id });
    },
  }),

  /** The unit's police contact, to whom each prisoner's minutes extract is drafted. */
  'irmt/set-police-contact': command({
    input: policeContactSchema,
    allow: ['senior-manager', 'administrator', 'irmt-chair'],
    action: 'set the police contact for IRMT minutes',
    labels: IRMT_LABELS,
    load: (read) => read.one(settings, { key: POLICE_CONTACT_KEY }),
    decide(current, input, ctx) {
      const changes = new Changes(ctx);
      const value = JSON.stringify(input);
      if (current) changes.update(settings, POLICE_CONTACT_KEY, { value });
      else changes.insert(settings, { key: POLICE_CONTACT_KEY, value });
      changes.record({
        action: 'update',
        entity: 'settings',
        entityId: POLICE_CONTACT_KEY,
        summary: `Police contact for IRMT minutes set to ${input.name} <${input.email}>`,
        after: input,
      });
      return changes.done({ id: POLICE_CONTACT_KEY });
    },
  }),
};
