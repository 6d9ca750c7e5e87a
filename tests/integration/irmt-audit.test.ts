import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OmuApp } from '../../electron/app/omu-app';
import { openTestApp } from '../support/apps';
import { FIXED_TODAY } from '../support/temp';
import { refusalOf, run } from '../support/commands';
import { signIn } from '../support/sign-in';

/**
 * IRMT meetings read back from a real SQLite file: each write (a meeting arranged, its agenda changed, attendance,
 * minutes, actions, an extract sent, the police contact) with its rows and its audit entry, the refusals that write
 * nothing, and what the agenda, the meetings list, the schedule and a minutes extract read from them. Source: PSI
 * 18/2016 (Public Protection Manual, chapter 4: interdepartmental risk management meetings before release) and the
 * MAPPA guidance 2012 (information shared with the police and probation). One database for the file: each test has a
 * meeting date and prisoners of its own.
 */

let app: OmuApp;
let chairId: string;
beforeAll(async () => {
  app = openTestApp();
  const s = app.services;
  s.staff.create(app.context(), { name: 'Ada Admin', email: null, roles: ['administrator'], active: true });
  chairId = s.staff.insertUnchecked(app.context(), {
    name: 'Carla Chair',
    email: null,
    roles: ['irmt-chair', 'senior-manager'],
    active: true,
  }).id;
  s.staff.insertUnchecked(app.context(), { name: 'Pat Pom', email: null, roles: ['pom'], active: true });
  s.staff.insertUnchecked(app.context(), {
    name: 'Gone Chair',
    email: null,
    roles: ['irmt-chair'],
    active: false,
  });
  await signIn(app, 'Carla Chair');
  // High RoSH releases within the window of the December and January meetings; B has a COM with no name.
  s.caseloadImport.commit(
    app.context(),
    'c.csv',
    [
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,rosh,mappa_category,mappa_level,pom,com_name,com_email',
      'A1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,01/03/2027,high,1,2,Pat Pom,Carol Com,carol.com@justice.gov.uk',
      'B2222BB,JONES,Tom,01/01/1981,determinate,01/01/2024,01/04/2027,high,,,,,com.team@justice.gov.uk',
      'C3333CC,BROWN,Dan,01/01/1982,determinate,01/01/2024,01/01/2031,low,,,,,',
      'D4444DD,GREEN,Ian,01/01/1983,determinate,01/01/2024,01/01/2031,low,,,,,',
    ].join('\n') + '\n',
  );
});
afterAll(() => app?.close());

const pid = (n: string) => app.services.caseload.get(n).id;
const audited = (entity: string, entityId?: string) =>
  app.services.audit
    .list({ entity, limit: 200 })
    .filter((a) => entityId === undefined || a.entityId === entityId)
    .reverse()
    .map(({ actorName, action, summary, before, after }) => ({ actorName, action, summary, before, after }));
const count = (table: string) => app.opened.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
const meeting = (meetingDate: string, over: Record<string, unknown> = {}) =>
  run(app, 'irmt/create-meeting', { meetingDate, startTime: '14:00', place: 'Board room', ...over } as never);

describe('IRMT meetings: written, audited and read back', () => {
  it('a meeting arranged: its chair, the audit entry; a second on one day, an inactive or unknown chair refused', async () => {
    const own = await meeting('2026-12-01');
    expect(own).toEqual({
      id: expect.any(String),
      meetingDate: '2026-12-01',
      startTime: '14:00',
      place: 'Board room',
      chairId,
      chairName: 'Carla Chair',
    });
    const pat = app.services.staff.findByName('Pat Pom')!;
    const other = await meeting('2026-12-08', { startTime: '09:30', place: 'Chapel', chairId: pat.id });
    expect(other).toMatchObject({
      chairId: pat.id,
      chairName: 'Pat Pom',
      startTime: '09:30',
      place: 'Chapel',
    });
    const before = [count('irmt_meetings'), count('audit_log')];
    expect(await refusalOf(meeting('2026-12-01', { place: 'Elsewhere' }))).toEqual({
      code: 'conflict',
      field: 'meetingDate',
      message: 'There is already an IRMT meeting on 01/12/2026',
    });
    for (const id of [app.services.staff.findByName('Gone Chair')!.id, 'no-such-person'])
      expect(await refusalOf(meeting('2026-12-15', { chairId: id }))).toEqual({
        code: 'invalid-input',
        field: 'chairId',
        message: 'Chair must be an active member of staff',
      });
    expect([count('irmt_meetings'), count('audit_log')]).toEqual(before);
    expect(audited('irmt-meeting', own.id)).toEqual([
      {
        actorName: 'Carla Chair',
        action: 'create',
        summary: 'Arranged the IRMT meeting on 01/12/2026 at 14:00, Board room',
        before: null,
        after: { meetingDate: '2026-12-01', startTime: '14:00', place: 'Board room', chairId: null },
      },
    ]);
    const listed = app.services.irmt.meetings().map((m) => m.meetingDate);
    expect(listed.indexOf('2026-12-08')).toBeLessThan(listed.indexOf('2026-12-01'));
    expect(app.services.irmt.meeting(other.id)).toEqual(other);
    expect(() => app.services.irmt.meeting('no-such-meeting')).toThrow('IRMT meeting');
  });

  it('the schedule: the interval on from the last meeting arranged, or from today when there is none', async () => {
    const fresh = openTestApp();
    try {
      fresh.services.staff.create(fresh.context(), {
        name: 'Carla Chair',
        email: null,
        roles: ['irmt-chair'],
        active: true,
      });
      await signIn(fresh, 'Carla Chair');
      expect(fresh.services.irmt.scheduledDates(FIXED_TODAY, 2)).toEqual([FIXED_TODAY, '2026-12-22']);
      await run(fresh, 'irmt/create-meeting', { meetingDate: '2026-10-05' } as never);
      // From the last meeting, the dates still to come.
      expect(fresh.services.irmt.scheduledDates(FIXED_TODAY, 3)).toEqual([
        '2026-12-05',
        '2027-01-05',
        '2027-02-05',
      ]);
      expect(fresh.services.irmt.nextScheduledDate(FIXED_TODAY)).toBe('2026-12-05');
      expect(fresh.services.irmt.scheduledDates('2026-12-05', 1)).toEqual(['2026-12-05']);
    } finally {
      fresh.close();
    }
  });

  it('the agenda: the chair adds and removes with reasons, kept and audited; each entry read from his facts', async () => {
    const m = await meeting('2027-01-05');
    await run(app, 'public-protection/add-status', {
      prisonerNumber: 'A1111AA',
      status: { type: 'pprc', status: 'confirmed', identifiedOn: '2026-10-01', groundsCurrentOffence: true },
    } as never);
    await run(app, 'public-protection/authorise-monitoring', {
      prisonerNumber: 'A1111AA',
      authorisation: {
        means: 'phone',
        basis: 'offence-related',
        reasons: 'Offence against a child known to him',
        necessityAndProportionality: 'Necessary to protect the victim; phone only',
        authorisedOn: '2026-11-10',
      },
    } as never);
    await run(app, 'oasys/add-assessment', {
      prisonerNumber: 'A1111AA',
      assessment: { type: 'review', completedOn: '2026-09-01' },
    } as never);
    const before = [count('irmt_agenda_changes'), count('audit_log')];
    for (const [input, message] of [
      [{ meetingId: 'no-such-meeting', prisonerNumber: 'C3333CC' }, 'IRMT meeting was not found'],
      [{ meetingId: m.id, prisonerNumber: 'Z9999ZZ' }, 'Z9999ZZ is not on the caseload'],
    ] as const)
      expect(
        await refusalOf(
          run(app, 'irmt/change-agenda', { ...input, change: 'add', reason: 'Police concern' } as never),
        ),
      ).toMatchObject({ code: 'not-found', message });
    expect([count('irmt_agenda_changes'), count('audit_log')]).toEqual(before);
    await run(app, 'irmt/change-agenda', {
      meetingId: m.id,
      prisonerNumber: 'C3333CC',
      change: 'add',
      reason: 'Police concern about his release address',
    } as never);
    await run(app, 'irmt/change-agenda', {
      meetingId: m.id,
      prisonerNumber: 'B2222BB',
      change: 'remove',
      reason: 'Discussed at MAPPA this week',
    } as never);
    expect(
      app.services.audit
        .list({ entity: 'irmt-agenda', limit: 100 })
        .filter((e) => e.entityId === m.id)
        .reverse()
        .map((e) => [e.prisonerId, e.actorName, e.action, e.summary]),
    ).toEqual([
      [
        pid('C3333CC'),
        'Carla Chair',
        'update',
        'Added to the IRMT agenda for 05/01/2027: Police concern about his release address',
      ],
      [
        pid('B2222BB'),
        'Carla Chair',
        'update',
        'Removed from the IRMT agenda for 05/01/2027: Discussed at MAPPA this week',
      ],
    ]);
    const agenda = app.services.irmt.agenda('2027-01-05');
    expect(agenda.meeting).toMatchObject({ id: m.id, meetingDate: '2027-01-05' });
    const numbers = agenda.items.map((i) => i.prisonerNumber);
    expect(numbers).toContain('A1111AA');
    expect(numbers).toContain('C3333CC');
    expect(numbers).not.toContain('B2222BB');
    expect(numbers).not.toContain('D4444DD');
    expect(agenda.items.find((i) => i.prisonerNumber === 'A1111AA')).toMatchObject({
      name: 'SMITH, John',
      sentenceType: 'determinate',
      rosh: 'high',
      mappaCategory: 1,
      mappaLevel: 2,
      publicProtection: ['pprc'],
      monitoring: 'offence-related phone',
      lastOasys: '2026-09-01',
      pomName: 'Pat Pom',
      comName: 'Carol Com',
      comEmail: 'carol.com@justice.gov.uk',
      openActions: [],
    });
    expect(agenda.items.find((i) => i.prisonerNumber === 'C3333CC')).toMatchObject({
      name: 'BROWN, Dan',
      rosh: 'low',
      publicProtection: [],
      monitoring: null,
      lastOasys: null,
      pomName: null,
    });
    expect(agenda.removed).toMatchObject([
      { prisonerNumber: 'B2222BB', name: 'JONES, Tom', removedBecause: 'Discussed at MAPPA this week' },
    ]);
    // A date with no meeting has no chair's changes: B is back, C is not.
    const noMeeting = app.services.irmt.agenda('2027-01-06');
    expect(noMeeting.meeting).toBeNull();
    expect(noMeeting.items.map((i) => i.prisonerNumber)).toContain('B2222BB');
    expect(noMeeting.items.map((i) => i.prisonerNumber)).not.toContain('C3333CC');
  });

  it('actions, attendance, minutes and sending: each audited, the earlier list or note replaced, the extract his alone', async () => {
    const m = await meeting('2027-02-02');
    const other = await meeting('2027-02-09');
    // Attendance: the whole list replaces the one before.
    await run(app, 'irmt/set-attendance', {
      meetingId: m.id,
      attendance: [
        { department: 'Security', attendee: 'Sam Sec', present: true },
        { department: 'Healthcare', present: false },
      ],
    } as never);
    await run(app, 'irmt/set-attendance', {
      meetingId: m.id,
      attendance: [
        { department: 'Psychology', attendee: 'Pam Psych', present: true },
        { department: 'OMU', attendee: null, present: true },
        { department: 'Healthcare', present: false },
      ],
    } as never);
    await run(app, 'irmt/set-attendance', {
      meetingId: other.id,
      attendance: [{ department: 'Chaplaincy', present: false }],
    } as never);
    expect(app.services.irmt.attendance(m.id)).toEqual([
      { department: 'Psychology', attendee: 'Pam Psych', present: true },
      { department: 'OMU', attendee: null, present: true },
      { department: 'Healthcare', attendee: null, present: false },
    ]);
    expect(audited('irmt-attendance', m.id).map((a) => a.summary)).toEqual([
      'IRMT 02/02/2027 attendance: Security',
      'IRMT 02/02/2027 attendance: Psychology, OMU',
    ]);
    expect(audited('irmt-attendance', other.id).map((a) => a.summary)).toEqual([
      'IRMT 09/02/2027 attendance: none recorded',
    ]);

    // Actions: the later due first on no list; completed ones leave the agenda.
    const add = (meetingId: string, action: string, dueOn: string) =>
      run(app, 'irmt/add-action', {
        meetingId,
        prisonerNumber: 'D4444DD',
        action: { action, owner: 'Police liaison', dueOn },
      } as never);
    const late = await add(m.id, 'Ask police for the address check', '2027-02-20');
    const soon = await add(m.id, 'Book the COM for the next meeting', '2027-02-10');
    await add(other.id, 'Not from this meeting', '2027-02-11');
    expect(audited('irmt-action', late.id)).toEqual([
      {
        actorName: 'Carla Chair',
        action: 'create',
        summary:
          'IRMT 02/02/2027 action for Police liaison, due 20/02/2027: Ask police for the address check',
        before: null,
        after: { action: 'Ask police for the address check', owner: 'Police liaison', dueOn: '2027-02-20' },
      },
    ]);
    expect(
      await refusalOf(
        run(app, 'irmt/complete-action', { actionId: 'no-such-action', completedOn: FIXED_TODAY } as never),
      ),
    ).toMatchObject({ code: 'not-found', message: 'IRMT action was not found' });
    expect(
      await run(app, 'irmt/complete-action', { actionId: soon.id, completedOn: FIXED_TODAY } as never),
    ).toEqual({
      id: soon.id,
    });
    expect(audited('irmt-action', soon.id)[1]).toMatchObject({
      action: 'update',
      summary: 'IRMT action completed 22/11/2026: Book the COM for the next meeting',
    });
    expect(
      app.opened.sqlite.prepare('SELECT completed_on FROM irmt_actions WHERE id = ?').pluck().get(soon.id),
    ).toBe(FIXED_TODAY);
    expect(
      app.services.irmt.agenda('2027-02-02').items.find((i) => i.prisonerNumber === 'D4444DD')?.openActions,
    ).toEqual([
      { action: 'Not from this meeting', owner: 'Police liaison', dueOn: '2027-02-11' },
      { action: 'Ask police for the address check', owner: 'Police liaison', dueOn: '2027-02-20' },
    ]);

    // Minutes: recorded, then recorded again, which replaces the note; both audited.
    const minutes = (discussion: string, decisions: string[]) =>
      run(app, 'irmt/record-minutes', {
        meetingId: m.id,
        prisonerNumber: 'D4444DD',
        minutes: { discussion, decisions, comInvited: true, comAttended: false },
      } as never);
    const first = await minutes('Address discussed', []);
    const second = await minutes('Address discussed again', ['Ask police', 'Invite COM']);
    expect(second).toEqual(first);
    expect(
      app.opened.sqlite
        .prepare('SELECT discussion, decisions FROM irmt_minutes WHERE meeting_id = ? AND prisoner_id = ?')
        .all(m.id, pid('D4444DD')),
    ).toEqual([{ discussion: 'Address discussed again', decisions: '["Ask police","Invite COM"]' }]);
    expect(
      app.services.audit
        .list({ entity: 'irmt-minutes', prisonerId: pid('D4444DD'), limit: 10 })
        .reverse()
        .map(({ action, summary, before, after }) => ({ action, summary, before, after })),
    ).toEqual([
      {
        action: 'create',
        summary: 'IRMT 02/02/2027 minutes: discussion recorded',
        before: null,
        after: { discussion: 'Address discussed', decisions: [], comInvited: true, comAttended: false },
      },
      {
        action: 'update',
        summary: 'IRMT 02/02/2027 minutes: Ask police; Invite COM',
        before: { discussion: 'Address discussed', decisions: [] },
        after: {
          discussion: 'Address discussed again',
          decisions: ['Ask police', 'Invite COM'],
          comInvited: true,
          comAttended: false,
        },
      },
    ]);

    // Sent: recorded by the person who sent it from their mail client.
    for (const sentOn of ['2026-11-21', '2026-11-20'])
      await run(app, 'irmt/mark-sent', {
        meetingId: m.id,
        prisonerNumber: 'D4444DD',
        recipient: 'Police',
        email: 'ppu@police.uk',
        sentOn,
      } as never);
    expect(audited('irmt-extract-sent', m.id).map((a) => a.summary)).toEqual([
      'IRMT 02/02/2027 minutes extract sent to Police <ppu@police.uk> on 21/11/2026',
      'IRMT 02/02/2027 minutes extract sent to Police <ppu@police.uk> on 20/11/2026',
    ]);

    const extract = app.services.irmt.extract(m.id, 'D4444DD');
    expect(extract).toMatchObject({
      meeting: { id: m.id, meetingDate: '2027-02-02' },
      prisoner: {
        prisonerNumber: 'D4444DD',
        name: 'GREEN, Ian',
        comName: null,
        comEmail: null,
        pomName: null,
      },
      minutes: {
        discussion: 'Address discussed again',
        decisions: ['Ask police', 'Invite COM'],
        comInvited: true,
        comAttended: false,
      },
      actions: [
        {
          action: 'Book the COM for the next meeting',
          owner: 'Police liaison',
          dueOn: '2027-02-10',
          completedOn: FIXED_TODAY,
        },
        {
          action: 'Ask police for the address check',
          owner: 'Police liaison',
          dueOn: '2027-02-20',
          completedOn: null,
        },
      ],
      sent: [
        { recipient: 'Police', email: 'ppu@police.uk', sentOn: '2026-11-20' },
        { recipient: 'Police', email: 'ppu@police.uk', sentOn: '2026-11-21' },
      ],
    });
    expect(extract.attendance).toEqual(app.services.irmt.attendance(m.id));
    // The other meeting's extract holds none of this.
    expect(app.services.irmt.extract(other.id, 'D4444DD')).toMatchObject({ minutes: null, sent: [] });
    expect(app.services.irmt.extract(other.id, 'D4444DD').actions.map((a) => a.action)).toEqual([
      'Not from this meeting',
    ]);
  });

  it('the police contact: set, then changed, each audited; the extract drafted to the COM and the police', async () => {
    const m = await meeting('2027-03-02');
    // With no contact set and no COM email, nobody to send to.
    expect(app.services.irmt.policeContact()).toBeNull();
    expect(app.services.irmt.extract(m.id, 'D4444DD').recipients).toEqual([]);
    for (const name of ['Public Protection Unit', 'PPU Leeds'])
      await run(app, 'irmt/set-police-contact', { name, email: 'ppu@police.uk' } as never);
    expect(app.services.irmt.policeContact()).toEqual({ name: 'PPU Leeds', email: 'ppu@police.uk' });
    expect(
      app.opened.sqlite
        .prepare("SELECT count(*) FROM settings WHERE key = 'irmt-police-contact'")
        .pluck()
        .get(),
    ).toBe(1);
    expect(audited('settings', 'irmt-police-contact').slice(-2)).toEqual([
      {
        actorName: 'Carla Chair',
        action: 'update',
        summary: 'Police contact for IRMT minutes set to Public Protection Unit <ppu@police.uk>',
        before: null,
        after: { name: 'Public Protection Unit', email: 'ppu@police.uk' },
      },
      {
        actorName: 'Carla Chair',
        action: 'update',
        summary: 'Police contact for IRMT minutes set to PPU Leeds <ppu@police.uk>',
        before: null,
        after: { name: 'PPU Leeds', email: 'ppu@police.uk' },
      },
    ]);
    expect(app.services.irmt.extract(m.id, 'A1111AA').recipients).toEqual([
      { recipient: 'COM', name: 'Carol Com', email: 'carol.com@justice.gov.uk' },
      { recipient: 'Police', name: 'PPU Leeds', email: 'ppu@police.uk' },
    ]);
    // A COM email with no name: the draft is to the community offender manager.
    expect(app.services.irmt.extract(m.id, 'B2222BB').recipients[0]).toEqual({
      recipient: 'COM',
      name: 'Community offender manager',
      email: 'com.team@justice.gov.uk',
    });
    expect(app.services.irmt.extract(m.id, 'D4444DD').recipients).toEqual([
      { recipient: 'Police', name: 'PPU Leeds', email: 'ppu@police.uk' },
    ]);
  });
});
