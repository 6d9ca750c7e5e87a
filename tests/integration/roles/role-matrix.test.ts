import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../../electron/app/omu-app';
import { createRouter, type Router } from '../../../electron/api/router';
import { api } from '../../../electron/api/contract';
import { commands } from '../../../electron/api/registry';
import { actions } from '../../../electron/api/actions';
import { ROLES, roleInSentence, type Role } from '../../../electron/domain/staff/roles';
import { EVIDENCE_SECTIONS } from '../../../electron/domain/categorisation/schemas';
import { tempDir, FIXED_TODAY, fixedClock } from '../../support/temp';
import { TEST_COST, TEST_PASSWORD, signIn } from '../../support/sign-in';
import { runCli } from '../../../electron/cli';
import Database from 'better-sqlite3';
import { emptyDatabase } from '../../support/empty-database';

/**
 * The role matrix (issue 19 item 2): every operation the doors offer, run as every role through the router, allowed or
 * refused with the rule's message. The table is the rule written down here, not read from the declarations: an
 * operation whose `allow` (or a service's role check) changes, or is removed, fails its row; an operation with no row
 * fails the first test, so a new command needs one.
 *
 * Who may do what (the public policy each follows):
 * - IRMT meetings, agendas and attendance: the IRMT chair or a senior manager (PSI 18/2016 Public Protection Manual
 *   ch. 2, the interdepartmental risk management team is chaired by a manager); the police contact also an administrator.
 * - Categorisation: a POM, case administrator or senior manager starts, cancels and records progression work; only a
 *   senior manager approves or sends back (Security Categorisation Policy Framework 2020, 4.4: the approver is a
 *   manager); the next review date is changed by a POM or senior manager.
 * - Public protection: a POM or senior manager confirms a status, classifies its grounds, signs a review or decides not to monitor; only a
 *   senior manager authorises monitoring (PSI 04/2016 Interception of Communications, 2.8).
 * - The whole audit log and restoring a backup: a senior manager or an administrator; staff records: an administrator
 *   or a senior manager; rule versions and joining a unit server: an administrator.
 */

type Fixture = {
  reviewId: string;
  approvedPrisoner: string;
  statusId: string;
  authorisationId: string;
  applicationId: string;
  meetingId: string;
  actionId: string;
  workId: string;
  spareStaffId: string;
  n: number;
};
type Row =
  | { open: string }
  | {
      allow: 'signed-in' | readonly Role[];
      action?: string;
      refusal?: RegExp;
      input: (f: Fixture, role: Role) => unknown;
    };

const P = 'A1111AA';
const evidence = Object.fromEntries(
  EVIDENCE_SECTIONS.map((s) => [s.key, `${s.label}: nothing of concern recorded`]),
);
const application = {
  receivedOn: '2026-10-01',
  childInitials: 'J.S.',
  childAge: 9,
  relationship: 'daughter',
  childrensServicesRequestedOn: '2026-10-02',
};
const anyone = (input: (f: Fixture, role: Role) => unknown = () => ({})): Row => ({
  allow: 'signed-in',
  input,
});
const only = (allow: readonly Role[], action: string, input: (f: Fixture, role: Role) => unknown): Row => ({
  allow,
  action,
  input,
});
const CAT_PEOPLE: Role[] = ['pom', 'case-administrator', 'senior-manager'];
const IRMT_CHAIRS: Role[] = ['irmt-chair', 'senior-manager'];
const PROFESSIONAL: Role[] = ['pom', 'senior-manager'];
const MANAGERS: Role[] = ['senior-manager', 'administrator'];

export const MATRIX: Record<string, Row> = {
  // Before anyone is signed in.
  'app/info': { open: 'what the app is, shown before sign-in' },
  'app/held': {
    open: 'whether a join or the demo load holds the caseload, as a tab opened meanwhile asks it',
  },
  'session/current': { open: 'who is signed in' },
  'app/report-page-failure': anyone(() => ({ page: '/caseload', error: 'TypeError', stack: '' })),
  'session/sign-in': { open: 'signing in' },
  'session/sign-out': { open: 'signing out' },
  'session/set-password': { open: 'setting a first password with a one-time code' },
  'session/sign-in-with-computer-account': {
    open: 'signing in as the person this computer account is bound to',
  },
  'session/record-activity': { open: 'the idle clock (a no-op when nobody is signed in)' },
  'session/lock': { open: 'locking' },
  'credentials/set-up-first-administrator': { open: 'the first administrator, while nobody can sign in' },
  // The signed-in person's own password (no role involved); refusals by role of these are in tests/integration/sign-in.test.ts.
  'session/unlock': { open: "unlocking one's own session with one's own password" },
  'session/change-password': { open: "changing one's own password" },
  'session/reauthenticate': { open: "entering one's own password again" },
  'session/confirm-earlier-changes': {
    open: "confirming one's own changes made here with one's previous password",
  },
  // Who can sign in, and how: administrators only (NCSC "Password administration for system owners": resets by a
  // named administrator, logged). The spare person's code and binding leave everyone else's password alone.
  'credentials/status': only(['administrator'], 'see who can sign in', () => ({})),
  'credentials/events': only(['administrator'], 'read the sign-in log', () => ({ limit: 5 })),
  'credentials/issue-code': only(['administrator'], "reset someone's password", (f) => ({
    staffId: f.spareStaffId,
  })),
  'credentials/bind-account': only(['administrator'], 'bind a computer account', (f) => ({
    osAccount: 'spare.person',
    staffId: f.spareStaffId,
  })),
  'credentials/unbind-account': only(['administrator'], 'unbind a computer account', () => ({
    osAccount: 'spare.person',
  })),
  'session/set-idle-lock': only(['administrator'], 'change when OMU Desk locks', () => ({ minutes: 10 })),

  'staff/list': anyone(),
  'staff/add-member': only(['administrator', 'senior-manager'], 'add staff', (f, role) => ({
    name: `New Starter ${role} ${++f.n}`,
    email: null,
    roles: ['pom'],
    active: true,
  })),
  'staff/update-member': only(['administrator', 'senior-manager'], 'change staff records', (f) => ({
    id: f.spareStaffId,
    staff: { name: 'Spare Person', email: null, roles: ['pom'], active: true },
  })),
  'caseload/query': anyone(),
  'caseload/get-prisoner': anyone(() => ({ prisonerNumber: P })),
  'caseload/add-prisoner': anyone((f) => ({
    prisoner: {
      prisonerNumber: `C${String(1000 + ++f.n)}CC`,
      surname: 'NEW',
      forenames: 'Arrival',
      dateOfBirth: '1990-01-01',
      sentenceType: 'determinate',
      sentenceStartDate: '2026-01-01',
    },
  })),
  'caseload/update-prisoner': anyone(() => ({ prisonerNumber: P, prisoner: { location: 'B-2-14' } })),
  'caseload/prisoner-history': anyone(() => ({ prisonerNumber: P })),
  'caseload/import-template': anyone(),
  'caseload/preview-import': anyone(() => ({
    fileName: 'c.csv',
    csvText:
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date\nD4444DD,DOE,Dan,01/01/1980,determinate,01/01/2024\n',
  })),
  'caseload/import': anyone(() => ({
    fileName: 'c.csv',
    csvText:
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date\nD4444DD,DOE,Dan,01/01/1980,determinate,01/01/2024\n',
  })),
  'caseload/load-demo': anyone(),
  'caseload/demo-progress': {
    open: "the demo load's progress, shown on the first-start page before anyone signs in",
  },
  'due/list': anyone(),
  'due/progress': anyone(),
  'due/page': anyone(),
  'due/prisoner-obligations': anyone(() => ({ prisonerNumber: P })),
  'oasys/preview-import': anyone(() => ({
    fileName: 'o.csv',
    csvText: `prisoner_number,type,completed_on\n${P},review,01/11/2026\n`,
  })),
  'oasys/import': anyone(() => ({
    fileName: 'o.csv',
    csvText: `prisoner_number,type,completed_on\n${P},review,01/11/2026\n`,
  })),
  'handover/lists': anyone(),
  'public-protection/preview-import': anyone(() => ({
    fileName: 'pp.csv',
    csvText: `prisoner_number,type,status,identified_on,grounds\n${P},pprc,potential,01/10/2026,police intelligence\n`,
  })),
  'public-protection/import': anyone(() => ({
    fileName: 'pp.csv',
    csvText: `prisoner_number,type,status,identified_on,grounds\n${P},pprc,potential,01/10/2026,police intelligence\n`,
  })),
  'public-protection/register': anyone(),
  'public-protection/show': anyone(() => ({ prisonerNumber: P })),
  'public-protection/add-status': anyone(() => ({
    prisonerNumber: P,
    status: { type: 'hppm', status: 'potential', identifiedOn: '2026-11-01', groundsWiderInformation: true },
  })),
  'public-protection/confirm-status': only(PROFESSIONAL, 'confirm a public protection status', (f) => ({
    statusId: f.statusId,
    confirmedOn: '2026-11-20',
  })),
  'public-protection/classify-grounds': only(
    PROFESSIONAL,
    'classify the grounds of a public protection status',
    (f) => ({
      statusId: f.statusId,
      grounds: { groundsCurrentOffence: true },
    }),
  ),
  'public-protection/authorise-monitoring': only(
    ['senior-manager'],
    'authorise mail or phone monitoring',
    () => ({
      prisonerNumber: P,
      authorisation: {
        means: 'both',
        basis: 'intelligence-led',
        reasons: 'Intelligence of contact attempts',
        necessityAndProportionality: 'Victim protection outweighs privacy',
        authorisedOn: '2026-11-20',
      },
    }),
  ),
  'public-protection/review-monitoring': {
    allow: PROFESSIONAL,
    refusal:
      /^A monitoring review must be signed by a prison offender manager or a senior manager\. .+ is recorded as (neither|an? .+); a review by a case administrator is not a defensible position/,
    input: (f) => ({
      authorisationId: f.authorisationId,
      review: {
        reviewedOn: FIXED_TODAY,
        decision: 'continue',
        reasons: 'Calls reviewed, nothing of concern',
      },
    }),
  },
  'public-protection/decide-not-to-monitor': only(PROFESSIONAL, 'record a decision not to monitor', () => ({
    prisonerNumber: P,
    decision: { decidedOn: FIXED_TODAY, reasons: 'No contact with children or victims is sought' },
  })),
  'public-protection/add-protected-person': anyone((f) => ({
    statusId: f.statusId,
    person: { kind: 'child', name: 'J.S.', age: '9', relationship: 'daughter' },
  })),
  'public-protection/add-application': anyone(() => ({ prisonerNumber: P, application })),
  'public-protection/update-application': anyone((f) => ({
    applicationId: f.applicationId,
    application: { ...application, childrensServicesReplyOn: '2026-11-01' },
  })),
  'public-protection/register-pdf': anyone(),
  'oasys/add-assessment': anyone(() => ({
    prisonerNumber: P,
    assessment: { type: 'review', completedOn: '2026-11-01' },
  })),
  'oasys/add-event': anyone(() => ({ prisonerNumber: P, event: { type: 'recall', date: '2026-11-01' } })),
  'handover/set-type': anyone(() => ({ prisonerNumber: P, type: 'enhanced' })),
  'handover/set-task': anyone(() => ({ prisonerNumber: P, itemKey: 'contact-from-com', done: true })),
  'policy/list': anyone(),
  'policy/add-version': only(['administrator'], 'add a policy rule version', (f) => ({
    key: 'irmt',
    effectiveFrom: `2027-0${1 + (++f.n % 9)}-01`,
    params: { meetingIntervalMonths: 2 },
    source: 'Local decision, minutes of the OMU meeting',
  })),

  'irmt/agenda': anyone(() => ({ meetingDate: '2026-12-01' })),
  'irmt/agenda-pdf': anyone(() => ({ meetingDate: '2026-12-01' })),
  'irmt/meetings': anyone(),
  'irmt/page': anyone(() => ({ meetingDate: '2026-12-01' })),
  'irmt/create-meeting': only(IRMT_CHAIRS, 'arrange an IRMT meeting', (f) => ({
    meetingDate: `2027-02-${String(1 + (++f.n % 28)).padStart(2, '0')}`,
  })),
  'irmt/change-agenda': only(IRMT_CHAIRS, 'change an IRMT agenda', (f) => ({
    meetingId: f.meetingId,
    prisonerNumber: P,
    change: 'add',
    reason: 'Police concern about the release address',
  })),
  'irmt/add-action': anyone((f) => ({
    meetingId: f.meetingId,
    prisonerNumber: P,
    action: { action: 'Check the release address', owner: 'Police liaison', dueOn: '2026-12-10' },
  })),
  'irmt/set-attendance': only(IRMT_CHAIRS, 'record IRMT attendance', (f) => ({
    meetingId: f.meetingId,
    attendance: [{ department: 'OMU', attendee: 'Maggie Manager', present: true }],
  })),
  'irmt/attendance': anyone((f) => ({ meetingId: f.meetingId })),
  'irmt/record-minutes': anyone((f) => ({
    meetingId: f.meetingId,
    prisonerNumber: P,
    minutes: { discussion: 'Release address not confirmed.' },
  })),
  'irmt/extract': anyone((f) => ({ meetingId: f.meetingId, prisonerNumber: P })),
  'irmt/extract-files': anyone((f) => ({ meetingId: f.meetingId, prisonerNumber: P })),
  'irmt/mark-sent': anyone((f) => ({
    meetingId: f.meetingId,
    prisonerNumber: P,
    recipient: 'COM',
    email: 'com@probation.gov.uk',
    sentOn: FIXED_TODAY,
  })),
  'irmt/set-police-contact': only(
    ['senior-manager', 'administrator', 'irmt-chair'],
    'set the police contact for IRMT minutes',
    () => ({ name: 'Police PPU', email: 'ppu@police.example.uk' }),
  ),
  'irmt/complete-action': anyone((f) => ({ actionId: f.actionId, completedOn: FIXED_TODAY })),

  'categorisation/show': anyone(() => ({ prisonerNumber: P })),
  'categorisation/start-review': only(CAT_PEOPLE, 'start a categorisation review', () => ({
    prisonerNumber: 'B2222BB',
    review: { reason: 'manual', startedOn: FIXED_TODAY },
  })),
  'categorisation/save-draft': anyone((f) => ({
    reviewId: f.reviewId,
    draft: {
      proposedCategory: 'C',
      evidence,
      recommendation: 'Remain category C: settled, no adjudications.',
    },
  })),
  'categorisation/submit-review': anyone((f) => ({
    reviewId: f.reviewId,
    completion: { completedOn: FIXED_TODAY, nextReview: { months: 6 } },
  })),
  'categorisation/approve-review': only(['senior-manager'], 'approve a categorisation review', (f) => ({
    reviewId: f.reviewId,
    approval: { approvedOn: FIXED_TODAY, approvedCategory: 'C' },
  })),
  'categorisation/send-back': only(['senior-manager'], 'send a categorisation review back', (f) => ({
    reviewId: f.reviewId,
    sendBack: { sentBackOn: FIXED_TODAY, message: 'Add the security department view on escape risk.' },
  })),
  'categorisation/cancel-review': only(CAT_PEOPLE, 'cancel a categorisation review', (f) => ({
    reviewId: f.reviewId,
    reason: 'Started in error',
  })),
  'categorisation/change-next-date': only(
    PROFESSIONAL,
    'change the next categorisation review date',
    (f) => ({
      prisonerNumber: f.approvedPrisoner,
      change: { toDate: '2027-01-10', reason: 'Parole hearing brought forward; review before it' },
    }),
  ),
  'categorisation/add-work': only(CAT_PEOPLE, 'record progression work', () => ({
    prisonerNumber: P,
    work: {
      kind: 'other-work',
      work: 'Maps for Change',
      status: 'completed',
      startedOn: '2025-06-01',
      endedOn: '2025-09-01',
      outcome: 'Completed all sessions',
    },
  })),
  'categorisation/update-work': only(CAT_PEOPLE, 'update progression work', (f) => ({
    workId: f.workId,
    work: {
      kind: 'other-work',
      work: 'Maps for Change',
      status: 'completed',
      startedOn: '2025-06-01',
      endedOn: '2025-09-02',
      outcome: 'Completed all sessions',
    },
  })),
  'categorisation/review-pdf': anyone(() => ({ prisonerNumber: P })),

  'release-planning/show': anyone(() => ({ prisonerNumber: P })),
  'release-planning/set-item': anyone(() => ({
    prisonerNumber: P,
    item: { itemKey: 'accommodation-confirmed', status: 'done', note: 'Approved premises, Leeds' },
  })),
  'release-planning/set-facts': anyone(() => ({
    prisonerNumber: P,
    facts: { approvedPremisesNeeded: false, victimInContactScheme: false },
  })),
  'release-planning/list-releases': anyone(),
  'release-planning/releases-page': anyone(() => ({ weeks: 26, sort: 'overdue', page: 2 })),
  'release-planning/releases-pdf': anyone(),
  'handover-pack/export': anyone(() => ({ prisonerNumber: P, summary: null })),
  'handover-pack/exports': anyone(() => ({ prisonerNumber: P })),
  'handover-pack/due': anyone(),
  'handover-pack/export-due': anyone(),
  'handover-pack/confirm-download': anyone(() => ({ token: 'no-such-download' })),
  'due/overdue-summary-pdf': anyone(),
  'documents/record-export': anyone(() => ({
    what: 'a test document',
    fileName: 'x.pdf',
    sha256: 'a'.repeat(64),
    bytes: 10,
  })),
  'caseload/record-release': only(['case-administrator', 'senior-manager'], 'record a release', () => ({
    prisonerNumber: 'R7777RR',
    on: '2026-11-20',
  })),
  'transfer/transfer-out': only(
    ['case-administrator', 'senior-manager'],
    'record a transfer to another prison',
    () => ({ prisonerNumber: 'E5555EE', toPrison: 'LEI', on: '2026-11-20' }),
  ),

  'audit/list': only(MANAGERS, 'read the whole audit log', () => ({})),
  'sync/status': anyone(),
  'sync/sync-now': anyone(),
  'sync/join-progress': anyone(),
  'sync/join': only(['administrator'], 'join this workstation to a unit server', () => ({
    url: 'http://127.0.0.1:9/',
    code: 'not-a-code',
  })),
  'app/list-backups': anyone(),
  'app/back-up-now': anyone(),
  'app/restore-backup': only(MANAGERS, 'restore a backup', () => ({ name: 'no-such-backup.sqlite' })),
};

const NAMES: Record<Role, string> = {
  'case-administrator': 'Cathy Clerk',
  pom: 'Pat Pom',
  'senior-manager': 'Maggie Manager',
  'irmt-chair': 'Chris Chair',
  administrator: 'Ada Admin',
};
const REFUSED_CODES = ['forbidden', 'not-identified', 'not-signed-in'];
/** The prisoner each role (and nobody) transfers through the command line. */
const TRANSFERRED: Record<Role | 'nobody', string> = {
  'case-administrator': 'T1001TT',
  pom: 'T1002TT',
  'senior-manager': 'T1003TT',
  'irmt-chair': 'T1004TT',
  administrator: 'T1005TT',
  nobody: 'T1006TT',
};

let app: OmuApp;
let router: Router;
const fx: Fixture = {
  reviewId: '',
  approvedPrisoner: 'C3333CC',
  statusId: '',
  authorisationId: '',
  applicationId: '',
  meetingId: '',
  actionId: '',
  workId: '',
  spareStaffId: '',
  n: 0,
};
const ids: Partial<Record<Role, string>> = {};
const as = (role: Role) => signIn(app, NAMES[role]);
async function ok<T = { id: string }>(name: string, input: unknown): Promise<T> {
  const res = await router.handle(name, input);
  if (!res.ok) throw new Error(`${name}: ${res.error.message}`);
  return res.value as T;
}

beforeAll(async () => {
  app = openApp({
    dbFile: emptyDatabase('omu-roles-'),
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });
  for (const role of ROLES)
    ids[role] = app.services.staff.insertUnchecked(app.context(), {
      name: NAMES[role],
      email: null,
      roles: [role],
      active: true,
    }).id;
  fx.spareStaffId = app.services.staff.insertUnchecked(app.context(), {
    name: 'Spare Person',
    email: null,
    roles: ['pom'],
    active: true,
  }).id;
  router = createRouter(app, 'http');
  await as('senior-manager');
  app.services.caseloadImport.commit(
    app.context(),
    'c.csv',
    [
      'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,category',
      `${P},SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2028,C`,
      'B2222BB,JONES,Alan,01/01/1975,determinate,01/06/2026,01/06/2030,C',
      'C3333CC,BROWN,Carl,01/01/1985,determinate,01/01/2024,01/06/2029,C',
      'E5555EE,EVANS,Eddie,01/01/1985,determinate,01/01/2024,01/06/2029,C',
      // Released through the router and through the command line (the first allowed role records it).
      'R7777RR,REED,Ray,01/01/1985,determinate,01/01/2024,01/06/2029,C',
      'R7778RR,REED,Roy,01/01/1985,determinate,01/01/2024,01/06/2029,C',
      // One to transfer through the command line as each role and signed out (the column below).
      ...Object.values(TRANSFERRED).map(
        (n) => `${n},TRAVIS,Tom,01/01/1985,determinate,01/01/2024,01/06/2029,C`,
      ),
    ].join('\n'),
  );
  // An approved categorisation for C3333CC (its next review date can be changed), a review awaiting approval for A1111AA.
  await as('pom');
  for (const number of ['C3333CC', P]) {
    const id = await ok<string>('categorisation/start-review', {
      prisonerNumber: number,
      review: { reason: 'manual', startedOn: '2026-11-20' },
    });
    await ok('categorisation/save-draft', {
      reviewId: id,
      draft: {
        proposedCategory: 'C',
        evidence,
        recommendation: 'Remain category C: settled, no adjudications.',
      },
    });
    await ok('categorisation/submit-review', {
      reviewId: id,
      completion: { completedOn: '2026-11-21', nextReview: { months: 6 } },
    });
    fx.reviewId = id;
  }
  await as('senior-manager');
  await ok('categorisation/approve-review', {
    reviewId: app.opened.sqlite
      .prepare(
        "SELECT r.id FROM categorisation_reviews r JOIN prisoners p ON p.id = r.prisoner_id WHERE p.prisoner_number = 'C3333CC'",
      )
      .pluck()
      .get() as string,
    approval: { approvedOn: FIXED_TODAY, approvedCategory: 'C' },
  });
  fx.statusId = (
    await ok('public-protection/add-status', {
      prisonerNumber: P,
      status: {
        type: 'pprc',
        status: 'potential',
        identifiedOn: '2026-11-01',
        groundsWiderInformation: true,
      },
    })
  ).id;
  fx.authorisationId = (
    await ok('public-protection/authorise-monitoring', {
      prisonerNumber: P,
      authorisation: {
        means: 'both',
        basis: 'intelligence-led',
        reasons: 'Intelligence of contact attempts',
        necessityAndProportionality: 'Victim protection outweighs privacy',
        authorisedOn: '2026-11-02',
      },
    })
  ).id;
  fx.applicationId = (await ok('public-protection/add-application', { prisonerNumber: P, application })).id;
  fx.meetingId = (await ok('irmt/create-meeting', { meetingDate: '2026-12-01' })).id;
  fx.actionId = (
    await ok('irmt/add-action', {
      meetingId: fx.meetingId,
      prisonerNumber: P,
      action: { action: 'Check the release address', owner: 'Police liaison', dueOn: '2026-12-10' },
    })
  ).id;
  fx.workId = await ok<string>('categorisation/add-work', {
    prisonerNumber: P,
    work: { kind: 'other-work', work: 'Maps for Change', status: 'started', startedOn: '2025-06-01' },
  });
}, 120_000);
afterAll(() => app?.close());

const everyOperation = () => [...Object.keys(api), ...Object.keys(commands), ...Object.keys(actions)].sort();

describe('role matrix', () => {
  it('has a row for every operation the router offers, and none for one it does not', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(everyOperation());
  });

  const rows = Object.entries(MATRIX).filter(
    (e): e is [string, Exclude<Row, { open: string }>] => !('open' in e[1]),
  );
  it.each(rows)('%s: allowed or refused, as every role', async (name, row) => {
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const role of ROLES) {
      await as(role);
      const allowed = row.allow === 'signed-in' || row.allow.includes(role);
      const audited = app.opened.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get();
      const res = await router.handle(name, row.input(fx, role));
      const refused = !res.ok && REFUSED_CODES.includes(res.error.code);
      outcomes.push(`${role}: ${refused ? `refused: ${res.ok ? '' : res.error.message}` : 'allowed'}`);
      if (allowed) {
        expected.push(`${role}: allowed`);
      } else {
        const who = `${NAMES[role]}`;
        const message =
          row.refusal ??
          new RegExp(
            `^Only an? .+ can ${row.action!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\. ${who} is not recorded as one\\.$`,
          );
        expected.push(
          `${role}: refused: ${res.ok ? '(allowed)' : message.test(res.error.message) ? res.error.message : `a message like ${message}`}`,
        );
        // A refusal writes nothing, not even an audit entry.
        expect(
          app.opened.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get(),
          `${name} as ${role}`,
        ).toBe(audited);
        if (row.allow !== 'signed-in' && row.refusal === undefined)
          for (const r of row.allow)
            expect(res.ok ? '' : res.error.message, `${name} names who may`).toContain(roleInSentence(r));
      }
    }
    expect(outcomes).toEqual(expected);
  });

  /**
   * What the screens offer (issue: a POM offered "Change" on every staff row, told after the click that she may not): the
   * session's `may` and `refused` (electron/api/may.ts) are this table, for every operation and every role, and each
   * refusal it shows in place of an action is the one the router gives when the action is tried anyway (nothing
   * written: tried only for what is refused). So the screen and the runner cannot disagree.
   */
  it.each(ROLES)(
    'the session of a %s says what the router lets them run, and why not the rest',
    async (role) => {
      await as(role);
      const res = await router.handle('session/current', {});
      if (!res.ok) throw new Error(res.error.message);
      const { may, refused } = res.value as { may: string[]; refused: Record<string, string> };
      const allowed = Object.entries(MATRIX)
        .filter(([, row]) => 'open' in row || row.allow === 'signed-in' || row.allow.includes(role))
        .map(([name]) => name);
      expect([...may].sort()).toEqual(allowed.sort());
      expect(Object.keys(refused).sort()).toEqual(everyOperation().filter((n) => !allowed.includes(n)));
      for (const [name, message] of Object.entries(refused)) {
        const row = MATRIX[name]!;
        if ('open' in row) throw new Error(`${name} is open but refused`);
        const tried = await router.handle(name, row.input(fx, role));
        expect(tried.ok ? '(allowed)' : tried.error.message, `${name} as ${role}`).toBe(message);
      }
    },
  );

  /**
   * The command line's column: the commands `omu` offers that run an operation of the table, as every role with --as and
   * the password, through runCli (the command line itself, in this process: a process per cell would take a minute),
   * and with nobody signed in (no --as, no bound account): reading is allowed there, every change refused. Every write
   * the command line sends has a row (the test after this one reads them from electron/cli/); a row is named by its
   * operation, with a word after it when one operation is reached two ways (a confirmed status in a statuses file is a
   * professional's to import, PSI 18/2016 Public Protection Manual, as on screen).
   */
  const file = (name: string, text: string) => {
    const f = path.join(cliDir, name);
    fs.writeFileSync(f, text);
    return f;
  };
  let cliDir = '';
  const CLI: Record<string, (role: Role | 'nobody') => string[]> = {
    'staff/add-member': (role) => ['staff', 'add', `Cli Starter ${role} ${++fx.n}`, '--role', 'pom'],
    'credentials/issue-code': () => ['staff', 'code', 'Spare Person'],
    'credentials/bind-account': () => ['staff', 'bind', 'spare.person', 'Spare Person'],
    'credentials/unbind-account': () => ['staff', 'unbind', 'spare.person'],
    'transfer/transfer-out': (role) => ['transfer', TRANSFERRED[role], '--to', 'LEI', '--on', '2026-11-20'],
    'caseload/record-release': () => ['release', 'R7778RR', '--on', '2026-11-20'],
    'app/back-up-now': (role) => ['backup', '--out', path.join(cliDir, `backup-${role}.sqlite`)],
    'handover-pack/export': (role) => ['handover-pack', P, '--out', path.join(cliDir, `pack-${role}.pdf`)],
    'handover-pack/export-due': (role) => [
      'handover-packs',
      '--within-weeks',
      '52',
      '--out-dir',
      path.join(cliDir, `packs-${role}`),
    ],
    'sync/join': () => ['join', 'http://127.0.0.1:9/', '--code', 'not-a-code'],
    'oasys/add-assessment': () => ['oasys', 'add', P, '--type', 'review', '--completed', '2026-11-01'],
    'oasys/add-event': () => ['event', 'add', P, '--type', 'recall', '--date', '2026-11-01'],
    'caseload/import': () => [
      'import',
      'caseload',
      file(
        'c.csv',
        'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date\nD4444DD,DOE,Dan,01/01/1980,determinate,01/01/2024\n',
      ),
    ],
    'oasys/import': () => [
      'import',
      'oasys',
      file('o.csv', `prisoner_number,type,completed_on\n${P},review,01/11/2026\n`),
    ],
    'public-protection/import': (role) => [
      'import',
      'public-protection',
      file(
        'pp.csv',
        `prisoner_number,type,status,identified_on,grounds\n${P},pprc,potential,${String(++fx.n % 28).padStart(2, '0')}/09/2026,police intelligence (${role})\n`,
      ),
    ],
    'public-protection/import confirmed': (role) => [
      'import',
      'public-protection',
      file(
        'pp-confirmed.csv',
        `prisoner_number,type,status,identified_on,grounds\n${P},hppm,confirmed,${String(++fx.n % 28).padStart(2, '0')}/08/2026,restraining order (${role})\n`,
      ),
    ],
    'irmt/extract-files': () => [
      'irmt',
      'minutes',
      fx.meetingId,
      '--prisoner',
      P,
      '--pdf',
      path.join(cliDir, 'extract.pdf'),
    ],
    'categorisation/review-pdf': () => ['categorisation', P, '--pdf', path.join(cliDir, 'review.pdf')],
    'irmt/agenda-pdf': () => [
      'irmt',
      'agenda',
      '--date',
      '2026-12-01',
      '--pdf',
      path.join(cliDir, 'agenda.pdf'),
    ],
    'release-planning/releases-pdf': () => ['releases', '--pdf', path.join(cliDir, 'releases.pdf')],
    'staff/list': () => ['staff', 'list', '--json'],
    'caseload/get-prisoner': () => ['prisoner', P, '--json'],
    'caseload/query': () => ['caseload', '--status', 'release-passed', '--json'],
    'due/list': () => ['due', '--json'],
    'irmt/agenda': () => ['irmt', 'agenda', '--date', '2026-12-01', '--json'],
    'release-planning/list-releases': () => ['releases', '--json'],
  };
  /**
   * What an allowed write leaves in the file or on disk, read back after each cell: it is there when the cell was
   * allowed and not when it was refused. (Joining needs a unit server: an administrator's join is refused by the
   * address, after the role check; nobody's and the other roles' by who they are.)
   */
  const CLI_WROTE: Record<string, (role: Role | 'nobody') => boolean> = {
    'transfer/transfer-out': (role) =>
      app.opened.sqlite
        .prepare('SELECT count(*) FROM prisoners WHERE prisoner_number = ?')
        .pluck()
        .get(TRANSFERRED[role]) === 0 &&
      app.services.audit
        .list({ limit: 5 })
        .some(
          (a) =>
            a.actorName === NAMES[role as Role] &&
            a.summary.startsWith('Transferred to LEI on 20/11/2026: his record goes to LEI'),
        ),
    'app/back-up-now': (role) => {
      const file = path.join(cliDir, `backup-${role}.sqlite`);
      if (!fs.existsSync(file)) return false;
      const copy = new Database(file, { readonly: true });
      const prisoners = copy.prepare('SELECT count(*) FROM prisoners').pluck().get();
      copy.close();
      return (
        prisoners === app.opened.sqlite.prepare('SELECT count(*) FROM prisoners').pluck().get() &&
        app.services.audit
          .list({ limit: 3 })
          .some(
            (a) => a.actorName === NAMES[role as Role] && a.summary === `Backed up the database to ${file}`,
          )
      );
    },
    'handover-pack/export': (role) =>
      fs.existsSync(path.join(cliDir, `pack-${role}.pdf`)) &&
      fs.existsSync(path.join(cliDir, `pack-${role}.json`)) &&
      app.services.handoverPacks
        .exports(P)
        .some((e) => e.pdfFile === `pack-${role}.pdf` && e.exportedBy === NAMES[role as Role]),
  };
  /** Rows whose rule is not the operation's own row of the table. */
  const CLI_ALLOW: Record<string, readonly Role[]> = {
    'public-protection/import confirmed': PROFESSIONAL,
  };
  /** The writes the command line sends without a row here, and why. */
  const CLI_NOT_IN_COLUMN: Record<string, string> = {
    'caseload/load-demo':
      'loads the whole demo caseload (seconds each); anyone signed in, as its router row checks',
  };
  const isWrite = (name: string) =>
    name in commands || name in actions || !!(api as Record<string, { mutates: boolean }>)[name]?.mutates;
  it('through the command line, as every role and signed out', async () => {
    cliDir = tempDir('omu-roles-cli-');
    const outcomes: string[] = [];
    const expected: string[] = [];
    for (const [name, args] of Object.entries(CLI)) {
      const op = name.split(' ')[0]!;
      const row = MATRIX[op]!;
      if ('open' in row) throw new Error(`${name} has no role row`);
      const allow = CLI_ALLOW[name] ?? row.allow;
      // A write anyone signed in may make (each role's cell is in the router's column above) is run as one person and
      // as nobody: a PDF or an import per role would add seconds and tell nothing the router's column does not.
      const roles =
        allow === 'signed-in' && isWrite(op) ? (['pom', 'nobody'] as const) : ([...ROLES, 'nobody'] as const);
      for (const role of roles) {
        let err = '';
        const io = {
          stdout: () => undefined,
          stderr: (t: string) => {
            err += t;
          },
          env: { OMU_PASSWORD: TEST_PASSWORD },
        };
        const audited = app.opened.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get();
        const code = await runCli(
          ['--db', app.file, ...(role === 'nobody' ? [] : ['--as', NAMES[role]]), ...args(role)],
          io,
        );
        // Allowed: not refused for who is asking (then checked in the file, CLI_WROTE, where the write is real).
        const refused = /^omu: (Only an? .+ can |Nobody is signed in)/m.test(err);
        outcomes.push(`${name} as ${role}: ${refused ? `refused (exit ${code})` : 'allowed'}`);
        const allowed = role === 'nobody' ? !isWrite(op) : allow === 'signed-in' || allow.includes(role);
        expected.push(`${name} as ${role}: ${allowed ? 'allowed' : 'refused (exit 1)'}`);
        const wrote = CLI_WROTE[name];
        if (wrote) expect(wrote(role), `${name} as ${role}: written`).toBe(allowed);
        if (!allowed) {
          if (role !== 'nobody') expect(err, `${name} as ${role}`).toContain(`is not recorded as one.`);
          // A refusal writes nothing, not even an audit entry.
          expect(
            app.opened.sqlite.prepare('SELECT count(*) FROM audit_log').pluck().get(),
            `${name} as ${role}`,
          ).toBe(audited);
        }
      }
    }
    expect(outcomes).toEqual(expected);
  });

  it('the command line column has every write the command line sends', () => {
    const dir = path.resolve('electron/cli');
    const sent = new Set<string>();
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts')))
      for (const [, name] of fs
        .readFileSync(path.join(dir, f), 'utf8')
        .matchAll(/'([a-z]+(?:-[a-z]+)*\/[a-z]+(?:-[a-z]+)*)'/g))
        if (MATRIX[name!] && !('open' in MATRIX[name!]!) && isWrite(name!)) sent.add(name!);
    const column = new Set([
      ...Object.keys(CLI).map((n) => n.split(' ')[0]!),
      ...Object.keys(CLI_NOT_IN_COLUMN),
    ]);
    // Found at all (the names' form is concern/verb since issue 15): the command line sends more than ten writes.
    expect(sent.size).toBeGreaterThan(10);
    expect([...sent].filter((n) => !column.has(n)).sort()).toEqual([]);
    expect(Object.keys(CLI_NOT_IN_COLUMN).filter((n) => !sent.has(n))).toEqual([]);
  });

  it('signed out: every operation but the open ones is refused through the router, writing nothing', async () => {
    await router.handle('session/sign-out', {});
    expect(app.session.state).toBe('signed-out');
    const count = (table: string) => app.opened.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    const before = [count('audit_log'), count('command_log')];
    const outcomes: string[] = [];
    for (const [name, row] of rows) {
      const res = await router.handle(name, row.input(fx, 'senior-manager'));
      outcomes.push(`${name}: ${res.ok ? 'allowed' : `${res.error.code}: ${res.error.message}`}`);
    }
    expect(outcomes).toEqual(rows.map(([name]) => `${name}: not-signed-in: Sign in to OMU Desk first.`));
    expect([count('audit_log'), count('command_log')]).toEqual(before);
  });
});
