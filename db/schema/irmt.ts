import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { rowMeta } from './common';
import { prisoners } from './prisoners';
import { staff } from './staff';

/** An IRMT meeting: when, where, who chairs. */
export const irmtMeetings = sqliteTable(
  'irmt_meetings',
  {
    ...rowMeta,
    meetingDate: text('meeting_date').notNull(),
    startTime: text('start_time').notNull(),
    place: text('place').notNull(),
    chairId: text('chair_id').references(() => staff.id),
  },
  (t) => [index('irmt_meeting_date_idx').on(t.meetingDate)],
);

/** A chair's change to the automatic agenda: a prisoner added or removed, with the reason, kept. */
export const irmtAgendaChanges = sqliteTable('irmt_agenda_changes', {
  ...rowMeta,
  meetingId: text('meeting_id')
    .notNull()
    .references(() => irmtMeetings.id, { onDelete: 'cascade' }),
  prisonerId: text('prisoner_id')
    .notNull()
    .references(() => prisoners.id, { onDelete: 'cascade' }),
  change: text('change').notNull(),
  reason: text('reason').notNull(),
});

/** An action agreed at a meeting, with its owner and due date, open until completed. */
export const irmtActions = sqliteTable(
  'irmt_actions',
  {
    ...rowMeta,
    meetingId: text('meeting_id')
      .notNull()
      .references(() => irmtMeetings.id, { onDelete: 'cascade' }),
    prisonerId: text('prisoner_id')
      .notNull()
      .references(() => prisoners.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    owner: text('owner').notNull(),
    dueOn: text('due_on').notNull(),
    completedOn: text('completed_on'),
  },
  (t) => [index('irmt_actions_prisoner_idx').on(t.prisonerId)],
);

/** What was said and decided about one prisoner at one meeting, and whether his COM was invited and came. */
export const irmtMinutes = sqliteTable('irmt_minutes', {
  ...rowMeta,
  meetingId: text('meeting_id')
    .notNull()
    .references(() => irmtMeetings.id, { onDelete: 'cascade' }),
  prisonerId: text('prisoner_id')
    .notNull()
    .references(() => prisoners.id, { onDelete: 'cascade' }),
  discussion: text('discussion').notNull(),
  decisions: text('decisions').notNull().default('[]'),
  comInvited: integer('com_invited', { mode: 'boolean' }).notNull().default(false),
  comAttended: integer('com_attended', { mode: 'boolean' }).notNull().default(false),
});

/** Which departments attended, by name of the person who came. */
export const irmtAttendance = sqliteTable('irmt_attendance', {
  ...rowMeta,
  meetingId: text('meeting_id')
    .notNull()
    .references(() => irmtMeetings.id, { onDelete: 'cascade' }),
  department: text('department').notNull(),
  attendee: text('attendee'),
  present: integer('present', { mode: 'boolean' }).notNull(),
});

/** When a minutes extract was sent to whom: the app prepares the e-mail, the user sends it and records that here. */
export const irmtExtractSends = sqliteTable('irmt_extract_sends', {
  ...rowMeta,
  meetingId: text('meeting_id')
    .notNull()
    .references(() => irmtMeetings.id, { onDelete: 'cascade' }),
  prisonerId: text('prisoner_id')
    .notNull()
    .references(() => prisoners.id, { onDelete: 'cascade' }),
  recipient: text('recipient').notNull(),
  email: text('email').notNull(),
  sentOn: text('sent_on').notNull(),
});
