import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { copyDemoDatabase } from '../support/demo-template';
import { pdfPages, pdfToPngs } from '../support/pdf';
import { run } from '../support/commands';
import { TEST_COST, signIn } from '../support/sign-in';
import { DEMO_PASSWORD } from '../../electron/domain/session/settings';
import Database from 'better-sqlite3';
import { buildAgenda, type AgendaCandidate, type ChairChange } from '../../electron/domain/irmt/agenda';

let app: OmuApp;
afterEach(() => app?.close());

let dbFile = '';
async function demo() {
  dbFile = copyDemoDatabase(tempDir());
  app = openApp({
    dbFile,
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  await signIn(app, 'Rachel Okoro', DEMO_PASSWORD);
}

describe('IRMT on the demo caseload', () => {
  it('builds the agenda from the caseload: every high-risk release in the window, with reasons, by release date', async () => {
    await demo();
    const agenda = app.services.irmt.agenda('2026-12-01');
    expect(agenda.items.length).toBeGreaterThan(20);
    const dates = agenda.items.map((i) => i.earliestRelease?.date ?? '9999');
    expect([...dates].sort()).toEqual(dates);
    const highInWindow = app.services.caseload
      .query({ today: FIXED_TODAY }, { rosh: ['high', 'very-high'], limit: 1000 })
      .rows.filter((r) => {
        const p = app.services.caseload.get(r.prisonerNumber);
        const d = [
          p.conditionalReleaseDate,
          p.automaticReleaseDate,
          p.paroleEligibilityDate,
          p.tariffExpiryDate,
          p.hdcEligibilityDate,
        ]
          .filter(Boolean)
          .sort()[0];
        return d && d >= '2026-12-01' && d <= '2027-08-01';
      });
    // The loop must check something: the demo has high and very high RoSH releases in the window.
    expect(highInWindow.filter((r) => r.rosh === 'high').length).toBeGreaterThan(0);
    expect(highInWindow.filter((r) => r.rosh === 'very-high').length).toBeGreaterThan(0);
    for (const r of highInWindow)
      expect(agenda.items.find((i) => i.prisonerNumber === r.prisonerNumber)?.reasons).toContain(
        r.rosh === 'high' ? 'rosh-high' : 'rosh-very-high',
      );
  });

  it('chair changes are kept with reasons; an action is due on the dashboard and brings the prisoner back next time', async () => {
    await demo();
    const meeting = await run(app, 'irmt/create-meeting', {
      meetingDate: '2026-12-01',
      startTime: '14:00',
      place: 'Board room',
    });
    const outside = app.services.caseload.query({ today: FIXED_TODAY }, { rosh: ['low'], limit: 1 }).rows[0]!;
    await run(app, 'irmt/change-agenda', {
      meetingId: meeting.id,
      prisonerNumber: outside.prisonerNumber,
      change: 'add',
      reason: 'Police concern about his release address',
    });
    const agenda = app.services.irmt.agenda('2026-12-01');
    const first = agenda.items[0]!;
    await run(app, 'irmt/change-agenda', {
      meetingId: meeting.id,
      prisonerNumber: first.prisonerNumber,
      change: 'remove',
      reason: 'Discussed at MAPPA this week',
    });
    const after = app.services.irmt.agenda('2026-12-01');
    expect(after.items.find((i) => i.prisonerNumber === outside.prisonerNumber)).toMatchObject({
      reasons: ['added-by-chair'],
      chairReason: 'Police concern about his release address',
    });
    expect(after.removed.map((r) => [r.prisonerNumber, r.removedBecause])).toEqual([
      [first.prisonerNumber, 'Discussed at MAPPA this week'],
    ]);

    await run(app, 'irmt/add-action', {
      meetingId: meeting.id,
      prisonerNumber: outside.prisonerNumber,
      action: {
        action: 'Ask police for the address check result',
        owner: 'Police liaison',
        dueOn: '2026-12-15',
      },
    });
    expect(
      app.services.due
        .list(FIXED_TODAY, { kinds: ['irmt-action'] })
        .map((i) => [i.prisonerNumber, i.dueDate, i.title]),
    ).toEqual([
      [
        outside.prisonerNumber,
        '2026-12-15',
        'IRMT action (Police liaison): Ask police for the address check result',
      ],
    ]);
    expect(
      app.services.irmt.agenda('2027-01-05').items.find((i) => i.prisonerNumber === outside.prisonerNumber)
        ?.reasons,
    ).toEqual(['open-action']);
    expect(app.services.irmt.nextScheduledDate('2026-12-20')).toBe('2027-01-01');
  });

  it("the page's one view is what the page read one after another: the meetings, the meeting shown, its agenda, attendance and first minutes", async () => {
    await demo();
    const today = FIXED_TODAY;
    const read = (meetingDate?: string) => run(app, 'irmt/page', meetingDate ? { meetingDate } : {});
    // Nothing arranged: the next date by the schedule, its agenda, nothing else.
    const next = app.services.irmt.nextScheduledDate(today);
    const before = await read();
    expect(before).toEqual({
      meetings: [],
      nextScheduled: next,
      schedule: app.services.irmt.scheduledDates(today, 3),
      date: next,
      agenda: app.services.irmt.agenda(next),
      attendance: null,
      firstExtract: null,
    });
    expect(before.agenda.items.length).toBeGreaterThan(20);
    // Arranged, with minutes for the first prisoner: the meeting shown is the arranged one, with its attendance and those minutes.
    const meeting = await run(app, 'irmt/create-meeting', {
      meetingDate: next,
      startTime: '10:00',
      place: 'Board room',
    });
    const first = before.agenda.items[0]!.prisonerNumber;
    await run(app, 'irmt/set-attendance', {
      meetingId: meeting.id,
      attendance: [{ department: 'Police liaison', attendee: 'Pat Police', present: true }],
    });
    await run(app, 'irmt/record-minutes', {
      meetingId: meeting.id,
      prisonerNumber: first,
      minutes: {
        discussion: 'Release address discussed',
        decisions: ['Refer to MAPPA'],
        comInvited: true,
        comAttended: false,
      },
    });
    const arranged = await read();
    expect(arranged.date).toBe(next);
    expect(arranged.meetings).toEqual(app.services.irmt.meetings());
    expect(arranged.agenda).toEqual(app.services.irmt.agenda(next));
    expect(arranged.agenda.meeting?.id).toBe(meeting.id);
    expect(arranged.attendance).toEqual(app.services.irmt.attendance(meeting.id));
    expect(arranged.attendance).toContainEqual({
      department: 'Police liaison',
      attendee: 'Pat Police',
      present: true,
    });
    expect(arranged.firstExtract).toEqual(app.services.irmt.extract(meeting.id, first));
    expect(arranged.firstExtract?.minutes?.decisions).toEqual(['Refer to MAPPA']);
    // A date asked for is the one shown, arranged or not.
    const later = app.services.irmt.scheduledDates(today, 3)[1]!;
    const asked = await read(later);
    expect(asked.date).toBe(later);
    expect(asked.agenda).toEqual(app.services.irmt.agenda(later));
    expect(asked.attendance).toBeNull();
  });

  it('reads only the prisoners who could be on an agenda, and gives the agenda the rule gives over every prisoner', async () => {
    await demo();
    const meeting = await run(app, 'irmt/create-meeting', {
      meetingDate: '2026-12-01',
      startTime: '14:00',
      place: 'Board room',
    });
    // Two low-risk prisoners with no public protection status, who are on it only by the chair's addition or an action.
    const [added, acted] = app.services.caseload.query(
      { today: FIXED_TODAY },
      { rosh: ['low'], limit: 2 },
    ).rows;
    await run(app, 'irmt/change-agenda', {
      meetingId: meeting.id,
      prisonerNumber: added!.prisonerNumber,
      change: 'add',
      reason: 'Police concern',
    });
    await run(app, 'irmt/add-action', {
      meetingId: meeting.id,
      prisonerNumber: acted!.prisonerNumber,
      action: { action: 'Check the address', owner: 'OMU', dueOn: '2026-12-15' },
    });
    // Every prisoner, read here straight from the file, each with the facts the rule takes.
    const raw = new Database(dbFile, { readonly: true });
    const everyone = raw
      .prepare(
        `SELECT p.prisoner_number AS prisonerNumber, p.rosh, p.mappa_category AS mappaCategory, p.mappa_level AS mappaLevel,
           p.conditional_release_date AS conditionalReleaseDate, p.automatic_release_date AS automaticReleaseDate,
           p.parole_eligibility_date AS paroleEligibilityDate, p.tariff_expiry_date AS tariffExpiryDate,
           p.hdc_eligibility_date AS hdcEligibilityDate, p.target_hearing_date AS targetHearingDate, p.arrived_on AS arrivedOn,
           p.recall_date AS recallDate, p.post_recall_release_date AS postRecallReleaseDate, p.actual_parole_date AS actualParoleDate,
           (SELECT group_concat(DISTINCT s.type) FROM public_protection_statuses s WHERE s.prisoner_id = p.id) AS pp,
           (SELECT count(*) FROM irmt_actions a WHERE a.prisoner_id = p.id AND a.completed_on IS NULL) AS openActions
         FROM prisoners p`,
      )
      .all() as (Omit<AgendaCandidate, 'publicProtection' | 'releasedOn'> & { pp: string | null })[];
    const changes = raw
      .prepare(
        `SELECT p.prisoner_number AS prisonerNumber, c.change, c.reason FROM irmt_agenda_changes c
         JOIN prisoners p ON p.id = c.prisoner_id WHERE c.meeting_id = ? ORDER BY c.created_at`,
      )
      .all(meeting.id) as ChairChange[];
    raw.close();
    const candidates: AgendaCandidate[] = everyone.map(({ pp, ...c }) => ({
      ...c,
      releasedOn: null,
      publicProtection: pp ? (pp.split(',') as ('pprc' | 'hppm')[]) : [],
    }));
    // The rule over every prisoner, for the arranged meeting (with its changes) and for dates with none arranged.
    const versions = app.services.policy.versions();
    const cases: [string, string | null, ChairChange[]][] = [
      ['2026-12-01', null, changes],
      ['2027-01-05', '2026-12-01', []],
      ['2027-06-01', '2026-12-01', []],
    ];
    for (const [date, last, chair] of cases) {
      const expected = buildAgenda(candidates, date, last, chair, versions);
      const agenda = app.services.irmt.agenda(date);
      const strip = (i: {
        prisonerNumber: string;
        reasons: string[];
        earliestRelease: unknown;
        chairReason: string | null;
      }) => ({
        prisonerNumber: i.prisonerNumber,
        reasons: i.reasons,
        earliestRelease: i.earliestRelease,
        chairReason: i.chairReason,
      });
      expect(agenda.items.map(strip)).toEqual(expected.items);
      expect(agenda.removed.map((r) => r.prisonerNumber)).toEqual(
        expected.removed.map((r) => r.prisonerNumber),
      );
      expect(agenda.items.length).toBeGreaterThan(20);
    }
    // The two who are there only by the chair or an action are on it: the read does not leave them out.
    const first = app.services.irmt.agenda('2026-12-01').items;
    expect(first.find((i) => i.prisonerNumber === added!.prisonerNumber)?.reasons).toContain(
      'added-by-chair',
    );
    expect(first.find((i) => i.prisonerNumber === acted!.prisonerNumber)?.reasons).toContain('open-action');
  });

  it('prints an agenda a chair can hand round: marking on every page, the right prisoners, an attendance sheet', async () => {
    await demo();
    await run(app, 'irmt/create-meeting', {
      meetingDate: '2026-12-01',
      startTime: '14:00',
      place: 'Board room',
    });
    const agenda = app.services.irmt.agenda('2026-12-01');
    const file = await run(app, 'irmt/agenda-pdf', { meetingDate: '2026-12-01' });
    const pdf = Buffer.from(file.base64, 'base64');
    const pages = pdfPages(pdf);
    for (const [i, page] of pages.entries()) {
      expect(page).toContain('OFFICIAL-SENSITIVE');
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(page).toContain('IRMT meeting 01/12/2026');
    }
    const text = pages.join('\n');
    expect(text).toContain('1 December 2026 at 14:00, Board room · chair Rachel Okoro');
    for (const d of ['Security', 'Healthcare', 'Victim liaison', 'Police liaison'])
      expect(pages[0]).toContain(d);
    for (const i of agenda.items) expect(text).toContain(i.prisonerNumber);
    const notOn = app.services.caseload
      .query({ today: FIXED_TODAY }, { limit: 1000 })
      .rows.filter((r) => !agenda.items.some((i) => i.prisonerNumber === r.prisonerNumber));
    for (const r of notOn) expect(text).not.toContain(r.prisonerNumber);
    // Risk in words as the chair reads them (issue 12, item 11): "RoSH very high", never the code "very-high", both in
    // why he is on the agenda and in his risk line; a high one says "RoSH high".
    const block = (pn: string) => {
      const from = text.slice(text.indexOf(`· ${pn}`) + 2);
      const next = from.search(/· [A-Z]\d{4}[A-Z]{2}\b/);
      return next < 0 ? from : from.slice(0, next);
    };
    const veryHigh = agenda.items.filter((i) => i.rosh === 'very-high');
    const high = agenda.items.find((i) => i.rosh === 'high')!;
    expect(veryHigh.length).toBeGreaterThan(0);
    for (const i of veryHigh) {
      expect(block(i.prisonerNumber)).toMatch(/On the agenda for: .*RoSH very high/);
      expect(block(i.prisonerNumber)).toMatch(/· RoSH very high ·/);
    }
    expect(block(high.prisonerNumber)).toMatch(/On the agenda for: RoSH high/);
    expect(text).not.toMatch(/very-high/i);
    expect(pdfToPngs(pdf, 'irmt-agenda').length).toBe(pages.length);
  });
});

describe('IRMT minutes for the community', () => {
  it('the extract holds one prisoner only, goes to the COM and the police as e-mail drafts, and sending is recorded', async () => {
    await demo();
    const m = await run(app, 'irmt/create-meeting', {
      meetingDate: '2026-12-01',
      startTime: '14:00',
      place: 'Board room',
    });
    const agenda = app.services.irmt.agenda('2026-12-01');
    const [first, second] = agenda.items.filter((i) => i.comEmail);
    await run(app, 'irmt/set-police-contact', {
      name: 'West Yorkshire Police PPU',
      email: 'ppu@westyorkshire.police.uk',
    });
    await run(app, 'irmt/set-attendance', {
      meetingId: m.id,
      attendance: [
        { department: 'OMU', attendee: 'Rachel Okoro', present: true },
        { department: 'Security', attendee: 'J. Ward', present: true },
        { department: 'Healthcare', present: false },
      ],
    });
    await run(app, 'irmt/record-minutes', {
      meetingId: m.id,
      prisonerNumber: first!.prisonerNumber,
      minutes: {
        discussion: 'Release address not yet confirmed; victim lives nearby.',
        decisions: ['Refer for MAPPA level 2', 'Continue monitoring'],
        comInvited: true,
        comAttended: false,
      },
    });
    await run(app, 'irmt/record-minutes', {
      meetingId: m.id,
      prisonerNumber: second!.prisonerNumber,
      minutes: { discussion: 'SECOND PRISONER DISCUSSION', decisions: ['Nothing further'] },
    });
    await run(app, 'irmt/add-action', {
      meetingId: m.id,
      prisonerNumber: first!.prisonerNumber,
      action: { action: 'Check release address with police', owner: 'Police liaison', dueOn: '2026-12-10' },
    });

    const files = await run(app, 'irmt/extract-files', {
      meetingId: m.id,
      prisonerNumber: first!.prisonerNumber,
    });
    const pages = pdfPages(Buffer.from(files.pdf.base64, 'base64'));
    const text = pages.join('\n');
    for (const [i, page] of pages.entries()) {
      expect(page).toContain('OFFICIAL-SENSITIVE');
      expect(page).toContain(first!.prisonerNumber);
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
    }
    for (const t of [
      'Refer for MAPPA level 2',
      'Continue monitoring',
      'Check release address with police',
      'OMU (Rachel Okoro), Security (J. Ward)',
      'COM invited, did not attend',
    ])
      expect(text).toContain(t);
    expect(text).not.toContain('SECOND PRISONER DISCUSSION');
    for (const other of app.services.caseload.query({ today: FIXED_TODAY }, { limit: 1000 }).rows)
      if (other.prisonerNumber !== first!.prisonerNumber) expect(text).not.toContain(other.prisonerNumber);
    pdfToPngs(Buffer.from(files.pdf.base64, 'base64'), 'irmt-extract');

    expect(files.drafts.map((d) => d.fileName)).toEqual([
      `omu-irmt-2026-12-01-${first!.prisonerNumber}-to-com.eml`,
      `omu-irmt-2026-12-01-${first!.prisonerNumber}-to-police.eml`,
    ]);
    const eml = Buffer.from(files.drafts[0]!.base64, 'base64').toString('utf8');
    expect(eml).toContain(`To: ${first!.comName} <${first!.comEmail}>`);
    expect(eml).toContain('X-Unsent: 1');
    // The chair's time and place, not a fixed 10:00 in the OMU meeting room (issue 12, item 14).
    expect(eml).toContain('minutes of 01/12/2026 (14:00, Board room) about');
    expect(eml).toContain(
      `Content-Disposition: attachment; filename="omu-irmt-2026-12-01-${first!.prisonerNumber}.pdf"`,
    );
    const attached = Buffer.from(
      eml.split('Content-Transfer-Encoding: base64\r\n\r\n')[1]!.split('\r\n--')[0]!.replace(/\r\n/g, ''),
      'base64',
    );
    expect(attached.equals(Buffer.from(files.pdf.base64, 'base64'))).toBe(true);
    expect(Buffer.from(files.drafts[1]!.base64, 'base64').toString('utf8')).toContain(
      'To: West Yorkshire Police PPU <ppu@westyorkshire.police.uk>',
    );

    await run(app, 'irmt/mark-sent', {
      meetingId: m.id,
      prisonerNumber: first!.prisonerNumber,
      recipient: 'COM',
      email: first!.comEmail!,
      sentOn: '2026-12-02',
    });
    expect(app.services.irmt.extract(m.id, first!.prisonerNumber).sent).toEqual([
      { recipient: 'COM', email: first!.comEmail, sentOn: '2026-12-02' },
    ]);
    const exports = app.services.audit.list({ entity: 'document', limit: 3 }).map((a) => a.summary);
    expect(
      exports.some((e) => e.startsWith(`Exported the IRMT minutes extract for ${first!.prisonerNumber}`)),
    ).toBe(true);
  });
});
