import path from 'node:path';
import { expect } from 'vitest';
import type { OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { toInput } from '../../electron/domain/caseload/changes';
import type { Role } from '../../electron/domain/staff/roles';
import { syntheticCaseloadCsv } from './caseload-csv';
import { tempDir, FIXED_TODAY } from './temp';
import { signIn } from './sign-in';
import { csvLine } from '../../electron/domain/shared/csv';

const PEOPLE: Record<string, { name: string; roles: Role[] }> = {
  pom: { name: 'Pat Pom', roles: ['pom'] },
  manager: { name: 'Maggie Manager', roles: ['senior-manager'] },
  admin: { name: 'Ada Admin', roles: ['administrator'] },
};

/** A caseload kept as a file (tests/integration/commands/replay-slices.test.ts, due-store.test.ts), then every converted command run through the router by someone allowed to run it. */
export async function runEverySlice(
  open: (file: string) => OmuApp,
  after: (name: string) => void = () => undefined,
) {
  const dir = tempDir('omu-replay-slices-');
  const app = open(path.join(dir, 'omu.sqlite'));
  const ids = Object.fromEntries(
    Object.entries(PEOPLE).map(([k, p]) => [
      k,
      app.services.staff.insertUnchecked(app.context(), { ...p, email: null, active: true }).id,
    ]),
  );
  const as = (who: keyof typeof PEOPLE) => signIn(app, app.services.staff.get(ids[who]!)!.name);
  await as('pom');
  const { csv, numbers } = syntheticCaseloadCsv(20, 11);
  app.services.caseloadImport.commit(app.context(), 'c.csv', csv);
  const start = path.join(dir, 'start.sqlite');
  app.opened.sqlite.exec(`VACUUM INTO '${start}'`);

  const router = createRouter(app, 'http');
  const ok = async <T = { id: string }>(name: string, input: unknown): Promise<T> => {
    const res = await router.handle(name, input);
    expect(res, name).toMatchObject({ ok: true });
    after(name);
    return (res as { value: T }).value;
  };
  const [a, b, c, d] = numbers as [string, string, string, string];

  // Public protection: a status through to a stopped review, people protected, a child contact application, an import.
  const { id: statusId } = await ok('public-protection/add-status', {
    prisonerNumber: a,
    status: {
      type: 'pprc',
      status: 'potential',
      identifiedOn: '2026-11-01',
      groundsWiderInformation: true,
      summary: 'Police intelligence',
    },
  });
  await ok('public-protection/confirm-status', { statusId, confirmedOn: '2026-11-20' });
  await ok('public-protection/classify-grounds', {
    statusId,
    grounds: { groundsCurrentOffence: true, groundsWiderInformation: true },
  });
  await ok('public-protection/add-protected-person', {
    statusId,
    person: { kind: 'child', name: 'J.S.', age: '9', relationship: 'daughter', contactLevel: '2' },
  });
  await as('manager');
  const { id: authorisationId } = await ok('public-protection/authorise-monitoring', {
    prisonerNumber: a,
    authorisation: {
      means: 'both',
      basis: 'intelligence-led',
      reasons: 'Intelligence of contact attempts',
      necessityAndProportionality: 'Victim protection outweighs privacy',
      authorisedOn: '2026-11-20',
    },
  });
  await ok('public-protection/decide-not-to-monitor', {
    prisonerNumber: b,
    decision: { decidedOn: FIXED_TODAY, reasons: 'No contact with children or victims is sought' },
  });
  await as('pom');
  await ok('public-protection/review-monitoring', {
    authorisationId,
    review: { reviewedOn: FIXED_TODAY, decision: 'stop', reasons: 'Nothing of concern in a month of calls' },
  });
  const application = {
    receivedOn: '2026-10-01',
    childInitials: 'J.S.',
    childAge: 9,
    relationship: 'daughter',
    childrensServicesRequestedOn: '2026-10-02',
  };
  const { id: applicationId } = await ok('public-protection/add-application', {
    prisonerNumber: a,
    application,
  });
  await ok('public-protection/update-application', {
    applicationId,
    application: { ...application, childrensServicesReplyOn: '2026-11-01' },
  });
  await ok('public-protection/import', {
    fileName: 'pp.csv',
    csvText: `prisoner_number,type,status,identified_on,grounds\n${c},hppm,confirmed,01/09/2026,current offence\n${d},pprc,potential,01/10/2026,police intelligence\n`,
  });

  // Handover: the type set by hand and back, a task ticked, another ticked and unticked.
  await ok('handover/set-type', { prisonerNumber: b, type: 'enhanced' });
  await ok('handover/set-type', { prisonerNumber: c, type: 'standard' });
  await ok('handover/set-type', { prisonerNumber: c, type: null });
  await ok('handover/set-task', { prisonerNumber: b, itemKey: 'contact-from-com', done: true });
  await ok('handover/set-task', { prisonerNumber: b, itemKey: 'send-handover-report', done: true });
  await ok('handover/set-task', { prisonerNumber: b, itemKey: 'send-handover-report', done: false });

  // Policy: a new version of a rule, then a second from a later date that gives only what changes.
  await as('admin');
  await ok('policy/add-version', {
    key: 'irmt',
    effectiveFrom: '2026-12-01',
    params: { meetingIntervalMonths: 2, releaseWindowMonths: 9 },
    source: 'Local decision, minutes of the OMU meeting',
  });
  await ok('policy/add-version', {
    key: 'irmt',
    effectiveFrom: '2027-01-01',
    params: { meetingIntervalMonths: 1 },
    source: 'Local decision, minutes of the next OMU meeting',
  });

  // Staff: the administrator adds a member of staff, changes her roles and marks her as left; when sessions lock.
  const { id: newStarter } = await ok('staff/add-member', {
    name: 'Nia New',
    email: 'nia.new@justice.gov.uk',
    roles: ['pom'],
    active: true,
  });
  await ok('staff/update-member', {
    id: newStarter,
    staff: { name: 'Nia New', email: null, roles: ['pom', 'irmt-chair'], active: true },
  });
  await ok('staff/update-member', {
    id: newStarter,
    staff: { name: 'Nia New', email: null, roles: ['pom', 'irmt-chair'], active: false },
  });
  expect(
    await router.handle('staff/add-member', { name: 'nia new', email: null, roles: ['pom'], active: true }),
  ).toMatchObject({ ok: false, error: { code: 'conflict', field: 'name' } });
  await ok('session/set-idle-lock', { minutes: 15 });

  // IRMT: the chair (here a senior manager) arranges a meeting, changes its agenda and records who came (twice: the
  // list replaces the one before); anyone signed in records minutes (again: they replace), actions and what was sent.
  await as('manager');
  const meeting = await ok<{ id: string; meetingDate: string }>('irmt/create-meeting', {
    meetingDate: '2026-12-01',
    startTime: '14:00',
    place: 'Board room',
  });
  expect(meeting).toMatchObject({ meetingDate: '2026-12-01', chairName: 'Maggie Manager' });
  await ok('irmt/change-agenda', {
    meetingId: meeting.id,
    prisonerNumber: c,
    change: 'add',
    reason: 'Police concern about the release address',
  });
  await ok('irmt/change-agenda', {
    meetingId: meeting.id,
    prisonerNumber: d,
    change: 'remove',
    reason: 'Discussed at MAPPA this week',
  });
  await ok('irmt/set-attendance', {
    meetingId: meeting.id,
    attendance: [
      { department: 'OMU', attendee: 'Maggie Manager', present: true },
      { department: 'Security', present: false },
    ],
  });
  await ok('irmt/set-attendance', {
    meetingId: meeting.id,
    attendance: [
      { department: 'OMU', attendee: 'Maggie Manager', present: true },
      { department: 'Security', attendee: 'J. Ward', present: true },
    ],
  });
  await ok('irmt/set-police-contact', { name: 'Police PPU', email: 'ppu@police.example.uk' });
  await ok('irmt/set-police-contact', {
    name: 'West Yorkshire Police PPU',
    email: 'ppu@westyorkshire.police.uk',
  });
  await as('pom');
  await ok('irmt/record-minutes', {
    meetingId: meeting.id,
    prisonerNumber: c,
    minutes: { discussion: 'Release address not confirmed.', decisions: ['Continue monitoring'] },
  });
  await ok('irmt/record-minutes', {
    meetingId: meeting.id,
    prisonerNumber: c,
    minutes: {
      discussion: 'Release address not confirmed; victim nearby.',
      decisions: ['Refer for MAPPA level 2'],
      comInvited: true,
    },
  });
  const { id: actionId } = await ok('irmt/add-action', {
    meetingId: meeting.id,
    prisonerNumber: c,
    action: { action: 'Check the release address with police', owner: 'Police liaison', dueOn: '2026-12-10' },
  });
  await ok('irmt/complete-action', { actionId, completedOn: FIXED_TODAY });
  await ok('irmt/mark-sent', {
    meetingId: meeting.id,
    prisonerNumber: c,
    recipient: 'COM',
    email: 'com@probation.gov.uk',
    sentOn: FIXED_TODAY,
  });
  // Only the chair or a senior manager changes the agenda; a reason too short is refused beside the Reason field.
  expect(
    await router.handle('irmt/change-agenda', {
      meetingId: meeting.id,
      prisonerNumber: a,
      change: 'add',
      reason: 'Concern',
    }),
  ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  await as('manager');
  expect(
    await router.handle('irmt/change-agenda', {
      meetingId: meeting.id,
      prisonerNumber: a,
      change: 'add',
      reason: 'why',
    }),
  ).toMatchObject({
    ok: false,
    error: {
      code: 'invalid-input',
      field: 'reason',
      message: expect.stringMatching(/give the reason for the change/),
    },
  });
  expect(await router.handle('irmt/create-meeting', { meetingDate: '2026-12-01' })).toMatchObject({
    ok: false,
    error: {
      code: 'conflict',
      field: 'meetingDate',
      message: 'There is already an IRMT meeting on 01/12/2026',
    },
  });
  await as('pom');

  // Caseload by hand: a prisoner added, his record edited (his POM), and a release recorded, which cancels his open review.
  await ok('caseload/add-prisoner', {
    prisoner: {
      prisonerNumber: 'Z9999ZZ',
      surname: 'Tester',
      forenames: 'Replay',
      dateOfBirth: '1980-01-01',
      sentenceType: 'determinate',
      sentenceStartDate: '2024-01-01',
      conditionalReleaseDate: '2027-03-01',
    },
  });
  const record = (n: string) => toInput(app.services.caseload.get(n));
  await ok('caseload/update-prisoner', {
    prisonerNumber: 'Z9999ZZ',
    prisoner: { ...record('Z9999ZZ'), pomId: ids.pom, location: 'A-1-01' },
  });
  const reviewId = await ok<string>('categorisation/start-review', {
    prisonerNumber: d,
    review: { reason: 'due', startedOn: FIXED_TODAY },
  });
  await ok('caseload/update-prisoner', {
    prisonerNumber: d,
    prisoner: { ...record(d), releasedOn: FIXED_TODAY },
  });
  expect(app.services.categorisation.review(reviewId)).toMatchObject({
    status: 'cancelled',
    cancelledReason: 'released',
  });
  // A release recorded by itself (caseload/record-release: a case administrator or senior manager), as the answer to
  // "Release date passed: check he has left".
  await as('manager');
  await ok('caseload/record-release', { prisonerNumber: numbers[5]!, on: FIXED_TODAY });
  await as('pom');
  // A caseload file through the door (the command caseload/import, its input the file's text): one prisoner moved
  // and his release recorded, which cancels his open review; a new prisoner whose POM is not on the staff list yet.
  const e = numbers[4]!;
  const reviewOfE = await ok<string>('categorisation/start-review', {
    prisonerNumber: e,
    review: { reason: 'due', startedOn: FIXED_TODAY },
  });
  const p = app.services.caseload.get(e);
  const file = [
    [
      'prisoner_number',
      'surname',
      'forenames',
      'date_of_birth',
      'sentence_type',
      'sentence_start_date',
      'location',
      'pom',
      'released_on',
    ],
    [
      e,
      p.surname,
      p.forenames,
      p.dateOfBirth,
      p.sentenceType,
      p.sentenceStartDate,
      'B-2-02',
      p.pomName ?? '',
      FIXED_TODAY,
    ],
    ['Y8888YY', 'NEWMAN', 'Imported', '1985-05-05', 'determinate', '2025-01-01', 'C-3-03', 'Nina Newpom', ''],
  ];
  expect(
    await ok('caseload/import', { fileName: 'week.csv', csvText: `${file.map(csvLine).join('\n')}\n` }),
  ).toMatchObject({ committed: true, created: [{ prisonerNumber: 'Y8888YY' }], newStaff: ['Nina Newpom'] });
  expect(app.services.categorisation.review(reviewOfE)).toMatchObject({ status: 'cancelled' });

  expect(
    await router.handle('caseload/update-prisoner', {
      prisonerNumber: 'Z9999ZZ',
      prisoner: { ...record('Z9999ZZ'), category: 'D' },
    }),
  ).toMatchObject({ ok: false, error: { code: 'forbidden', field: 'category' } });
  expect(
    await router.handle('caseload/add-prisoner', { prisoner: { ...record('Z9999ZZ'), pomId: null } }),
  ).toMatchObject({ ok: false, error: { code: 'conflict', field: 'prisonerNumber' } });

  // A refusal is logged and changes nothing.
  expect(
    await router.handle('public-protection/confirm-status', { statusId, confirmedOn: '2027-01-01' }),
  ).toMatchObject({
    ok: false,
    error: { field: 'confirmedOn' },
  });

  return { app, start };
}
