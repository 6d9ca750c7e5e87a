// rename-operations: keep (this file lists the old names on purpose; scripts/rename-operations.ts skips it)

/**
 * Every operation's name before issue 15 gave them the `concern/verb` form (`pp.authorise` became
 * `public-protection/authorise-monitoring`), mapped to its name now. The one list of old names:
 * - `resolveOperation` turns a name as sent or as stored into today's name. The router (every door), the command
 *   runner (replay, re-run) and the unit server (a workstation's push) look operations up through it, so a
 *   workstation's `command_log`, a pending push from a workstation still on the old version, and the server's
 *   own mutation log keep working with the names they were written with. Stored names are not rewritten: the
 *   audit log is append-only and hash-chained, and a logged command is a record of what was sent.
 * - `scripts/rename-operations.ts` rewrites quoted old names in source files to the new ones
 *   (`npx tsx scripts/rename-operations.ts [files…]`).
 *
 * Entries are never removed while a log or a workstation may still hold the old name; a new operation never needs
 * one (it is born with its `concern/verb` name).
 */
export const OPERATION_ALIASES = {
  // The workstation itself (electron/app): its details and its backups.
  'app.info': 'app/info',
  'backup.list': 'app/list-backups',
  'backup.now': 'app/back-up-now',
  'backup.restore': 'app/restore-backup',

  'audit.list': 'audit/list',

  'caseload.query': 'caseload/query',
  'prisoner.get': 'caseload/get-prisoner',
  'prisoner.history': 'caseload/prisoner-history',
  'prisoner.create': 'caseload/add-prisoner',
  'prisoner.update': 'caseload/update-prisoner',
  'import.caseloadTemplate': 'caseload/import-template',
  'import.caseloadPreview': 'caseload/preview-import',
  'import.caseloadCommit': 'caseload/import',
  'demo.load': 'caseload/load-demo',
  'demo.progress': 'caseload/demo-progress',

  'categorisation.show': 'categorisation/show',
  'categorisation.start': 'categorisation/start-review',
  'categorisation.saveDraft': 'categorisation/save-draft',
  'categorisation.submit': 'categorisation/submit-review',
  'categorisation.approve': 'categorisation/approve-review',
  'categorisation.sendBack': 'categorisation/send-back',
  'categorisation.cancel': 'categorisation/cancel-review',
  'categorisation.changeNextDate': 'categorisation/change-next-date',
  'categorisation.addWork': 'categorisation/add-work',
  'categorisation.updateWork': 'categorisation/update-work',
  'categorisation.reviewPdf': 'categorisation/review-pdf',

  'setup.firstAdministrator': 'credentials/set-up-first-administrator',
  'credentials.status': 'credentials/status',
  'credentials.events': 'credentials/events',
  'credentials.issueCode': 'credentials/issue-code',
  'credentials.bind': 'credentials/bind-account',
  'credentials.unbind': 'credentials/unbind-account',

  'due.list': 'due/list',
  'due.page': 'due/page',
  'due.progress': 'due/progress',
  'prisoner.obligations': 'due/prisoner-obligations',
  'due.overdueSummaryPdf': 'due/overdue-summary-pdf',

  'handover.lists': 'handover/lists',
  'handover.setType': 'handover/set-type',
  'handover.setTask': 'handover/set-task',

  'handoverPack.exports': 'handover-pack/exports',
  'handoverPack.due': 'handover-pack/due',
  'handoverPack.export': 'handover-pack/export',
  'handoverPack.exportDue': 'handover-pack/export-due',
  'handoverPack.confirmDownload': 'handover-pack/confirm-download',

  'irmt.agenda': 'irmt/agenda',
  'irmt.meetings': 'irmt/meetings',
  'irmt.attendance': 'irmt/attendance',
  'irmt.extract': 'irmt/extract',
  'irmt.createMeeting': 'irmt/create-meeting',
  'irmt.changeAgenda': 'irmt/change-agenda',
  'irmt.addAction': 'irmt/add-action',
  'irmt.completeAction': 'irmt/complete-action',
  'irmt.setAttendance': 'irmt/set-attendance',
  'irmt.recordMinutes': 'irmt/record-minutes',
  'irmt.markSent': 'irmt/mark-sent',
  'irmt.setPoliceContact': 'irmt/set-police-contact',
  'irmt.agendaPdf': 'irmt/agenda-pdf',
  'irmt.extractFiles': 'irmt/extract-files',

  'oasys.addAssessment': 'oasys/add-assessment',
  'oasys.addEvent': 'oasys/add-event',
  'import.oasysPreview': 'oasys/preview-import',
  'import.oasysCommit': 'oasys/import',

  'policy.list': 'policy/list',
  'policy.addVersion': 'policy/add-version',

  'pp.register': 'public-protection/register',
  'pp.show': 'public-protection/show',
  'pp.addStatus': 'public-protection/add-status',
  'pp.confirm': 'public-protection/confirm-status',
  'pp.classifyGrounds': 'public-protection/classify-grounds',
  'pp.authorise': 'public-protection/authorise-monitoring',
  'pp.review': 'public-protection/review-monitoring',
  'pp.decideNotToMonitor': 'public-protection/decide-not-to-monitor',
  'pp.addProtectedPerson': 'public-protection/add-protected-person',
  'pp.addApplication': 'public-protection/add-application',
  'pp.updateApplication': 'public-protection/update-application',
  'pp.registerPdf': 'public-protection/register-pdf',
  'import.publicProtectionPreview': 'public-protection/preview-import',
  'import.publicProtectionCommit': 'public-protection/import',

  'releasePlan.show': 'release-planning/show',
  'releasePlan.setItem': 'release-planning/set-item',
  'releasePlan.setFacts': 'release-planning/set-facts',
  'releases.list': 'release-planning/list-releases',
  'releases.pdf': 'release-planning/releases-pdf',

  'session.current': 'session/current',
  'session.signIn': 'session/sign-in',
  'session.setPassword': 'session/set-password',
  'session.signInWithComputerAccount': 'session/sign-in-with-computer-account',
  'session.activity': 'session/record-activity',
  'session.lock': 'session/lock',
  'session.unlock': 'session/unlock',
  'session.reauthenticate': 'session/reauthenticate',
  'session.changePassword': 'session/change-password',
  'session.signOut': 'session/sign-out',
  'settings.setIdleLock': 'session/set-idle-lock',

  'staff.list': 'staff/list',
  'staff.create': 'staff/add-member',
  'staff.update': 'staff/update-member',

  // The link to the unit server (electron/sync).
  'sync.status': 'sync/status',
  'sync.now': 'sync/sync-now',
  'sync.join': 'sync/join',
  'sync.joinProgress': 'sync/join-progress',

  'transfer.out': 'transfer/transfer-out',
} as const satisfies Record<string, string>;

export type OldOperationName = keyof typeof OPERATION_ALIASES;

/** Today's name of an operation: its alias target for an old name, otherwise the name itself. */
export function resolveOperation(name: string): string {
  return Object.prototype.hasOwnProperty.call(OPERATION_ALIASES, name)
    ? OPERATION_ALIASES[name as OldOperationName]
    : name;
}
