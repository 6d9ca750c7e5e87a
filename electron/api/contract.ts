import { z } from 'zod';
import type { CommandInput, CommandName, CommandResult } from './registry';
import type { ActionInput, ActionName, ActionResult } from './actions';
import type { AuditEntry } from '../domain/audit/service';
import { auditQuerySchema } from '../domain/audit/service';
import type { StaffMember } from '../domain/staff/service';
import { staffInputSchema } from '../domain/staff/service';
import type { SessionInfo } from '../domain/session/service';
import type { IssuedCodeView, SignInStatus } from '../domain/credentials/service';
import type { SignInEvent } from '../domain/credentials/store';
import { bindInputSchema, CREDENTIAL_ADMINS } from '../domain/credentials/service';
import type { Role } from '../domain/staff/roles';
import type { CaseloadPage, PrisonerDetail } from '../domain/caseload/service';
import { caseloadQuerySchema } from '../domain/caseload/service';
import type { ImportReport } from '../domain/caseload/import-service';
import { importRequestSchema } from '../domain/caseload/csv-import';
import type { BackupFile } from '../../db/backup';
import type { DemoProgress } from '../domain/caseload/demo-command';
import type { DueEntry, DuePage, ReleasesPage } from '../domain/due/service';
import { duePageSchema, dueQuerySchema, releasesPageSchema } from '../domain/due/service';
import type { HandoverView, HandoverList, HandoverListRow } from '../domain/handover/service';
import type { AssessmentRecord, EventRecord } from '../domain/oasys/service';
import type { RuleVersion } from '../domain/policy/rule-sets';
import type { RowsImportReport } from '../domain/shared/rows-import';
import type { IrmtService, Meeting, MinutesExtract } from '../domain/irmt/service';
import { isoDateSchema } from '../domain/caseload/prisoner';
import type { PublicProtectionService, RegisterRow } from '../domain/public-protection/service';
import type { CategorisationView } from '../domain/categorisation/service';
import type { ReleasePlanView } from '../domain/release-planning/service';
import type { ReleaseRow } from '../domain/due/service';
import type { PackDueRow, PackExport } from '../domain/handover-pack/service';
import type { SeedProgress, SyncStatus } from '../sync/engine';

export interface Obligations {
  handover: HandoverView;
  items: DueEntry[];
  assessments: AssessmentRecord[];
  events: EventRecord[];
}

/**
 * Who may run an operation of the contract when it is not everyone signed in: the roles and what the refusal says they
 * cannot do, checked by the router with the runner's `authorise` (electron/core/authorise.ts) and read by `mayRun`
 * (electron/api/may.ts) for the screens, as a command's `allow` is.
 */
interface Guard {
  allow: readonly Role[];
  action: string;
}

/** An operation: its input schema, whether it changes data, who may run it, and (as a type only) its result. */
interface Op<I extends z.ZodType, O> {
  input: I;
  mutates: boolean;
  guard?: Guard;
  /** Phantom: carries the result type. */
  output?: O;
}

const query =
  <O>() =>
  <I extends z.ZodType>(input: I, guard?: Guard): Op<I, O> => ({ input, mutates: false, guard });
const command =
  <O>() =>
  <I extends z.ZodType>(input: I, guard?: Guard): Op<I, O> => ({ input, mutates: true, guard });

// Schemas are built when an operation is first called (z.lazy), not when the module loads: a command-line call uses
// one or two of them, and building every operation's schemas was a large part of each call's start (issue 18 item 2).
// The slices' commands and schemas do the same.
const none = z.object({}).default({});
/** A password or code: never trimmed (spaces count), bounded so that hashing cannot be made to chew megabytes. */
const secret = (missing: string) => z.string().min(1, missing).max(1000);
const prisonerRef = z.object({ prisonerNumber: z.string().trim().toUpperCase().min(1, 'is required') });

export interface AppInfo {
  version: string;
  dbFile: string;
  backupDir: string;
  today: string;
  prisonerCount: number;
  staffCount: number;
  door: 'electron' | 'http' | 'cli';
}

/** The whole audit log and restoring a backup: a senior manager or an administrator. */
const MANAGERS = ['senior-manager', 'administrator'] as const;

/** Every operation OMU Desk offers, declared once for all three doors. */
export const api = {
  'app/info': query<AppInfo>()(none),
  /**
   * Whether a join or the demo load holds the caseload (electron/app/hold.ts), saying which and how far it has got.
   * With `waitMs`, answered when the hold ends or after that long (at most 30 s), whichever comes first.
   */
  'app/held': query<{ held: { kind: 'join' | 'demo'; message: string } | null }>()(
    z.lazy(() => z.object({ waitMs: z.number().int().min(0).max(30_000).default(0) })),
  ),
  /**
   * A page of the renderer that failed to draw (renderer/components/PageFailure.tsx): its place, the error's class and
   * its stack's frames (never its message), written to the workstation's log of unexpected failures; answers the
   * reference the page shows.
   */
  'app/report-page-failure': query<{ reference: string }>()(
    z.lazy(() =>
      z.object({
        page: z.string().max(200),
        error: z.string().max(100),
        stack: z.string().max(8000),
      }),
    ),
  ),
  'session/current': query<SessionInfo>()(none),
  'session/sign-in': command<SessionInfo>()(
    z.lazy(() =>
      z.object({
        name: z.string().trim().min(1, 'Enter your name').max(200),
        password: secret('Enter your password'),
      }),
    ),
  ),
  'session/set-password': command<SessionInfo>()(
    z.lazy(() =>
      z.object({
        name: z.string().trim().min(1, 'Enter your name').max(200),
        code: secret('Enter your one-time code'),
        newPassword: z.string().max(1000),
        confirmPassword: z.string().max(1000),
      }),
    ),
  ),
  'session/sign-in-with-computer-account': command<SessionInfo>()(none),
  'session/record-activity': command<{ locksAt: string | null }>()(none),
  'session/lock': command<SessionInfo>()(none),
  'session/unlock': command<SessionInfo>()(
    z.lazy(() => z.object({ password: secret('Enter your password') })),
  ),
  'session/reauthenticate': command<SessionInfo>()(
    z.lazy(() =>
      z.object({ password: secret('Enter your password'), operation: z.string().max(100).optional() }),
    ),
  ),
  'session/change-password': command<SessionInfo>()(
    z.lazy(() =>
      z.object({
        currentPassword: z.string().max(1000),
        newPassword: z.string().max(1000),
        confirmPassword: z.string().max(1000),
      }),
    ),
  ),
  'session/sign-out': command<SessionInfo>()(none),
  /**
   * The changes the person signed in made here before their password was changed on the unit server, confirmed with
   * their previous password (signed again with the current one, then a sync): how many, and the session after.
   */
  'session/confirm-earlier-changes': command<{
    confirmed: number;
    left: number;
    sent: boolean;
    session: SessionInfo;
  }>()(z.lazy(() => z.object({ previousPassword: secret('Enter the password you had before') }))),
  'credentials/set-up-first-administrator': command<IssuedCodeView>()(staffInputSchema),
  // Who can sign in, and how: administrators only (the credential service checks it again).
  'credentials/status': query<SignInStatus[]>()(none, {
    allow: CREDENTIAL_ADMINS,
    action: 'see who can sign in',
  }),
  'credentials/events': query<SignInEvent[]>()(
    z.lazy(() => z.object({ limit: z.number().int().min(1).max(1000).default(50) }).default({ limit: 50 })),
    { allow: CREDENTIAL_ADMINS, action: 'read the sign-in log' },
  ),
  'credentials/issue-code': command<IssuedCodeView>()(
    z.lazy(() => z.object({ staffId: z.string().min(1) })),
    { allow: CREDENTIAL_ADMINS, action: "reset someone's password" },
  ),
  'credentials/bind-account': command<{ recorded: true }>()(bindInputSchema, {
    allow: CREDENTIAL_ADMINS,
    action: 'bind a computer account',
  }),
  'credentials/unbind-account': command<{ recorded: true }>()(
    z.lazy(() => z.object({ osAccount: z.string().trim().min(1).max(100) })),
    { allow: CREDENTIAL_ADMINS, action: 'unbind a computer account' },
  ),

  'staff/list': query<StaffMember[]>()(none),

  'caseload/query': query<CaseloadPage>()(caseloadQuerySchema),
  'caseload/get-prisoner': query<PrisonerDetail>()(prisonerRef),
  'caseload/prisoner-history': query<AuditEntry[]>()(prisonerRef),

  'caseload/import-template': query<{ fileName: string; csvText: string }>()(none),
  'caseload/preview-import': query<ImportReport>()(importRequestSchema),

  /** While the demo caseload is loading, how far it has got; otherwise `running` is null. */
  'caseload/demo-progress': query<{ running: DemoProgress | null }>()(none),

  'due/list': query<DueEntry[]>()(dueQuerySchema),
  /** One page of the list for a status and order, with the whole query's counts (What is due, 50 rows a page). */
  'due/page': query<DuePage>()(duePageSchema),
  /** While the due items are worked out again after a rule change, how far it has got (prisoners); otherwise null. */
  'due/progress': query<{ running: { done: number; total: number } | null }>()(none),
  'due/prisoner-obligations': query<Obligations>()(prisonerRef),
  'oasys/preview-import': query<RowsImportReport>()(importRequestSchema),
  'handover/lists': query<Record<HandoverList, HandoverListRow[]>>()(none),
  'public-protection/preview-import': query<RowsImportReport>()(importRequestSchema),
  'public-protection/register': query<RegisterRow[]>()(none),
  'public-protection/show': query<ReturnType<PublicProtectionService['view']>>()(prisonerRef),
  'irmt/agenda': query<ReturnType<IrmtService['agenda']>>()(
    z.lazy(() => z.object({ meetingDate: isoDateSchema })),
  ),
  /** The IRMT page's one view: meetings, schedule, the meeting shown (the one asked for, else the next), its agenda and more. */
  'irmt/page': query<ReturnType<IrmtService['page']>>()(
    z.lazy(() => z.object({ meetingDate: isoDateSchema.optional() })),
  ),
  'irmt/meetings': query<{ meetings: Meeting[]; nextScheduled: string; schedule: string[] }>()(none),
  'irmt/attendance': query<{ department: string; attendee: string | null; present: boolean }[]>()(
    z.lazy(() => z.object({ meetingId: z.string() })),
  ),
  'irmt/extract': query<MinutesExtract>()(
    z.lazy(() => z.object({ meetingId: z.string(), prisonerNumber: z.string() })),
  ),
  'categorisation/show': query<CategorisationView>()(prisonerRef),
  'release-planning/show': query<ReleasePlanView>()(prisonerRef),
  'release-planning/releases-page': query<ReleasesPage>()(releasesPageSchema),
  'release-planning/list-releases': query<ReleaseRow[]>()(
    z.lazy(() => z.object({ weeks: z.number().int().min(1).max(104).default(26) })),
  ),
  'handover-pack/exports': query<PackExport[]>()(prisonerRef),
  'handover-pack/due': query<PackDueRow[]>()(
    z.lazy(() => z.object({ weeks: z.number().int().min(1).max(52).default(8) })),
  ),
  'policy/list': query<RuleVersion[]>()(none),

  'audit/list': query<AuditEntry[]>()(auditQuerySchema, {
    allow: MANAGERS,
    action: 'read the whole audit log',
  }),

  'sync/status': query<SyncStatus>()(none),
  'sync/sync-now': command<SyncStatus>()(none),
  /** While a join brings this workstation's caseload to the unit server, how far it has got; otherwise `running` is null. */
  'sync/join-progress': query<{ running: SeedProgress | null }>()(none),
  'sync/join': command<SyncStatus & { seeded: number }>()(
    z.lazy(() =>
      z.object({
        url: z.string().trim().url("must be the unit server's address, like https://omu.moorland.example"),
        code: z.string().trim().min(1, 'is required'),
        workstation: z.string().trim().max(100).optional(),
        adminName: z.string().trim().max(100).optional(),
        password: z.string().max(200).optional(),
      }),
    ),
    // Into a database with nobody on it, the enrolment code is the authority (the router lets it through).
    { allow: ['administrator'], action: 'join this workstation to a unit server' },
  ),

  'app/list-backups': query<BackupFile[]>()(none),
  /** Into the backups folder; the command line may name the file instead (`omu backup --out FILE`). */
  'app/back-up-now': command<BackupFile>()(
    z.lazy(() => z.object({ out: z.string().trim().min(1, 'is required').max(4096).optional() }).default({})),
  ),
  'app/restore-backup': command<{ restored: BackupFile; safetyCopy: BackupFile }>()(
    z.lazy(() => z.object({ name: z.string().min(1) })),
    { allow: MANAGERS, action: 'restore a backup' },
  ),
} as const;

export type Api = typeof api;
type LegacyName = keyof Api;
/**
 * Every operation: the commands registered by the slices (electron/api/registry.ts), the actions
 * (electron/api/actions.ts) and the rest declared here.
 */
export type OpName = LegacyName | CommandName | ActionName;
export type OpInput<K extends OpName> = K extends CommandName
  ? CommandInput<K>
  : K extends ActionName
    ? ActionInput<K>
    : K extends LegacyName
      ? z.input<Api[K]['input']>
      : never;
export type OpArgs<K extends LegacyName> = z.output<Api[K]['input']>;
export type OpResult<K extends OpName> = K extends CommandName
  ? CommandResult<K>
  : K extends ActionName
    ? ActionResult<K>
    : K extends LegacyName
      ? NonNullable<Api[K]['output']>
      : never;

export interface ApiError {
  code: string;
  message: string;
  field?: string;
  /** Every field problem, for forms. */
  fields?: { field: string; message: string }[];
  /** An unexpected failure's reference: the person quotes it, and it heads the failure's line in the log. */
  reference?: string;
}

export type ApiResponse<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What the renderer and tests call, whichever door is behind it. */
export interface ApiClient {
  send<K extends OpName>(name: K, input: OpInput<K>): Promise<ApiResponse<OpResult<K>>>;
}
