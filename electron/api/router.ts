import { toApiError } from './errors';
export { toApiError };
import { api, type ApiResponse, type OpArgs, type OpName, type OpResult, type AppInfo } from './contract';
import type { CallContext } from '../domain/shared/context';
import type { OmuApp } from '../app/omu-app';
import { CASELOAD_TEMPLATE } from '../domain/caseload/csv-import';
import { demoLoaderContext, type DemoProgress } from '../domain/caseload/demo-command';
import { holdRefusal } from '../app/hold';
import type { Role } from '../domain/staff/roles';
import { commands, type CommandName } from './registry';
import { OfflineError, RefusedByServer } from '../sync/transport';
import type { SeedProgress } from '../sync/engine';
import { AppError, loggedError, unexpectedErrorMessage } from '../domain/shared/errors';
import { actions, type ActionName, type AnyAction } from './actions';
import { authorise } from '../core/authorise';
import type { AnyCommand } from '../core/runner';
import { sqliteReader } from '../core/data';
import { previewOasysImport } from '../domain/oasys/commands';
import { previewCaseloadImport } from '../domain/caseload/import-command';
import { busyError, isSqliteBusy } from '../../db/write-transaction';
import { previewPublicProtectionImport } from '../domain/public-protection/csv-import';
import { APP_VERSION } from './version';
import { resolveOperation } from '../core/operation-aliases';
import { reauthenticationNeeded } from '../domain/session/reauth';

const DEMO = 'caseload/load-demo';

/** Operations anyone at the door may call, signed in or not. */
const OPEN = new Set<string>([
  'app/info',
  'session/current',
  'session/sign-in',
  'session/set-password',
  'session/sign-in-with-computer-account',
  'session/record-activity',
  'session/lock',
  'session/sign-out',
  'credentials/set-up-first-administrator',
  'caseload/demo-progress',
  'app/held',
]);
/** What is answered while this workstation joins a unit server (electron/sync/engine.ts, `JoinUnderWay`). */
const WHILE_JOINING = new Set<string>([
  'app/info',
  'app/held',
  'session/current',
  'session/record-activity',
  'session/lock',
  'sync/status',
  'sync/join-progress',
]);

/**
 * What is answered while the demo caseload loads (its one open transaction holds the caseload and the staff list
 * half-written): its own progress, the session as it was, the lock and the link's status; every other view of the app
 * is refused, as during a join.
 */
const WHILE_LOADING_DEMO = new Set<string>([
  'app/held',
  'caseload/demo-progress',
  'session/current',
  'session/record-activity',
  'session/lock',
  'sync/status',
  'sync/join-progress',
]);

/**
 * Whether `name` waits for a long write that holds the caseload half-written in one open transaction (a join, the demo
 * caseload loading: electron/app/hold.ts): refused with code 'held' and how far it has got, so that nothing
 * half-written is read and no change is lost.
 */
function heldBy(app: OmuApp, name: string): AppError | null {
  const hold = app.held();
  if (!hold) return null;
  return (hold.kind === 'join' ? WHILE_JOINING : WHILE_LOADING_DEMO).has(name) ? null : holdRefusal(hold);
}

/** What a locked session may still do. */
const WHILE_LOCKED = new Set<string>(['session/unlock']);

/**
 * Who may call what through a door, before input is even read: everything needs a signed-in, unlocked session,
 * except the sign-in operations themselves, loading the demo into a database with nobody on it, and (command line
 * only, whose user can read the file anyway) reading.
 */
function refusal(app: OmuApp, door: AppInfo['door'], name: OpName, ctx: CallContext): AppError | null {
  if (OPEN.has(name)) return null;
  if (name === DEMO && app.services.staff.isEmpty()) return null;
  // Joining a database with nobody on it: the unit server's one-time enrolment code is the authority (its administrator
  // issued it), and the workstation takes its staff from the server. Once anyone is recorded, an administrator joins.
  if (name === 'sync/join' && app.services.staff.isEmpty()) return null;
  app.session.checkIdle(ctx);
  const state = app.session.state;
  if (state === 'locked' && !WHILE_LOCKED.has(name))
    return new AppError('locked', 'OMU Desk is locked. Enter your password to unlock it.');
  // Commands change data; actions (exports) make files and record them through a command; the rest say so in the contract.
  const writes =
    [commands, actions].some((registry) => Object.prototype.hasOwnProperty.call(registry, name)) ||
    api[name as keyof typeof api].mutates;
  if (state === 'signed-out' && !(door === 'cli' && !writes)) {
    return door === 'cli'
      ? new AppError(
          'not-signed-in',
          `Nobody is signed in, so OMU Desk cannot record who made this change. Run the command with --as "Your Name" (it asks for your password; scripts set OMU_PASSWORD), or ask an administrator to bind your computer account ${app.osAccount} to you (omu staff bind).`,
        )
      : new AppError('not-signed-in', 'Sign in to OMU Desk first.');
  }
  app.session.touch(ctx);
  return null;
}

/** Refuses a decision of record whose password was entered too long ago (the list, or a command's own flag). */
function reauthenticate(
  app: OmuApp,
  name: string,
  ctx: CallContext,
  def?: { reauth?: boolean; action: string },
): void {
  const act = app.session.reauthenticationNeeded(name, ctx, def);
  if (act)
    throw new AppError('reauthentication-required', `Enter your password again to ${act}.`, 'password');
}

export { APP_VERSION };

type Handlers = {
  [K in keyof typeof api]: (args: OpArgs<K>, ctx: CallContext) => OpResult<K> | Promise<OpResult<K>>;
};

function handlers(app: OmuApp, door: AppInfo['door'], options: RouterOptions): Handlers {
  const s = () => app.services;
  /** A read of the due list answered, the app works the next days' items out ahead in the background (not the CLI). */
  const aheadAfter = <T>(ctx: CallContext, value: T): T => {
    if (door !== 'cli')
      void s()
        .due.workAhead(ctx.today)
        .catch((e: unknown) => (options.onInternalError ?? logToConsole)('due.workAhead', e));
    return value;
  };
  return {
    'app/info': () => {
      // While a join runs, the counts are the caseload's before it (its tables are half-written meanwhile).
      const before = app.sync.joining()?.before;
      return {
        version: APP_VERSION,
        dbFile: app.file,
        backupDir: app.backupDir,
        today: app.today(),
        prisonerCount: before ? before.prisoners : s().caseload.count(),
        staffCount: before ? before.staff : s().staff.list().length,
        door,
      };
    },
    'app/report-page-failure': (a) => {
      const failed = Object.assign(new Error('the page failed to draw'), { name: a.error, stack: a.stack });
      return { reference: app.errorLog.record(`drawing the page ${a.page}`, failed) };
    },
    'session/current': (_a, ctx) => app.session.info(ctx),
    'session/sign-in': async (a, ctx) => {
      await app.session.signInWithPassword(ctx, a.name, a.password);
      return app.session.info(ctx);
    },
    'session/set-password': async (a, ctx) => {
      await app.session.setPasswordWithCode(ctx, a.name, a.code, a.newPassword, a.confirmPassword);
      return app.session.info(ctx);
    },
    'session/sign-in-with-computer-account': async (_a, ctx) => {
      await app.session.signInWithComputerAccount(ctx);
      return app.session.info(ctx);
    },
    'session/record-activity': async (_a, ctx) => {
      app.session.checkIdle(ctx);
      app.session.touch(ctx);
      return { locksAt: (await app.session.info(ctx)).locksAt };
    },
    'session/lock': (_a, ctx) => {
      app.session.lock(ctx);
      return app.session.info(ctx);
    },
    'session/unlock': async (a, ctx) => {
      await app.session.unlock(ctx, a.password);
      return app.session.info(ctx);
    },
    'session/reauthenticate': async (a, ctx) => {
      await app.session.reauthenticate(
        ctx,
        a.password,
        a.operation
          ? reauthenticationNeeded(
              a.operation,
              null,
              ctx.now,
              Object.prototype.hasOwnProperty.call(commands, resolveOperation(a.operation))
                ? commands[resolveOperation(a.operation) as CommandName]
                : undefined,
            )
          : null,
      );
      return app.session.info(ctx);
    },
    'session/change-password': async (a, ctx) => {
      await app.session.changePassword(ctx, a.currentPassword, a.newPassword, a.confirmPassword);
      return app.session.info(ctx);
    },
    'session/sign-out': (_a, ctx) => {
      app.session.signOut(ctx);
      return app.session.info(ctx);
    },
    'session/confirm-earlier-changes': async (a, ctx) => {
      const result = await app.session.confirmEarlierChanges(ctx, a.previousPassword);
      // Sent at once when the unit server can be reached; otherwise with the next sync, like any change waiting.
      const sent = await app.sync
        .sync()
        .then(() => true)
        .catch(() => false);
      return { ...result, sent, session: await app.session.info(ctx) };
    },
    'credentials/set-up-first-administrator': (a, ctx) =>
      app.credentialAdmin.firstAdministrator(ctx, a, { recovering: door === 'cli' }),
    'credentials/status': (_a, ctx) => app.credentialAdmin.status(ctx),
    'credentials/events': (a, ctx) => app.credentialAdmin.events(ctx, a.limit),
    'credentials/issue-code': (a, ctx) => app.credentialAdmin.issueCode(ctx, a.staffId),
    'credentials/bind-account': async (a, ctx) => {
      await app.credentialAdmin.bind(ctx, a);
      return { recorded: true as const };
    },
    'credentials/unbind-account': async (a, ctx) => {
      await app.credentialAdmin.unbind(ctx, a.osAccount);
      return { recorded: true as const };
    },
    'staff/list': () => s().staff.list(),
    'caseload/query': (a, ctx) => s().caseload.query(ctx, a),
    'caseload/get-prisoner': (a) => s().caseload.get(a.prisonerNumber),
    'caseload/prisoner-history': (a) =>
      s().audit.list({ prisonerId: s().caseload.get(a.prisonerNumber).id, limit: 500 }),
    'caseload/import-template': () => ({
      fileName: 'omu-desk-caseload-template.csv',
      csvText: CASELOAD_TEMPLATE,
    }),
    'caseload/preview-import': (a, ctx) =>
      previewCaseloadImport(sqliteReader(s().store.db), a, ctx.actor, s().caseload.held()),
    'caseload/demo-progress': () => ({ running: app.demo.progress() }),
    // Whether a join or the demo load holds the caseload; asked with `waitMs`, it answers when the hold ends (told by
    // its end) or after that long, whichever is first: a refused page waits on it rather than asking every second.
    'app/held': async (a) => {
      const hold = app.held();
      if (hold && a.waitMs > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          app.whenFree(),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, a.waitMs))),
        ]);
        clearTimeout(timer);
      }
      const now = app.held();
      return { held: now ? { kind: now.kind, message: holdRefusal(now).message } : null };
    },
    // The whole unit's list waits, a turn of the event loop at a time, for the items being worked out again after a
    // rule change; a limited list (one prisoner's, one POM's) works out its own on demand.
    // After the read, the app works ahead in the background (a command line process ends after its read).
    'due/list': async (a, ctx) => {
      await s().due.settled(a);
      return aheadAfter(ctx, s().due.list(ctx.today, a));
    },
    'due/page': async (a, ctx) => {
      await s().due.settled(a);
      return aheadAfter(ctx, s().due.page(ctx.today, a));
    },
    'due/progress': () => ({ running: s().due.progress() }),
    'due/prisoner-obligations': (a, ctx) => {
      const p = s().caseload.get(a.prisonerNumber);
      return {
        handover: s().handover.view(p.prisonerNumber, ctx.today),
        items: s().due.list(ctx.today, { prisonerNumber: p.prisonerNumber }),
        assessments: s().oasys.assessments(p.id),
        events: s().oasys.events(p.id),
      };
    },
    'oasys/preview-import': (a, ctx) =>
      previewOasysImport(sqliteReader(s().store.db), a.fileName, a.csvText, ctx.today),
    'handover/lists': (_a, ctx) => s().handover.lists(ctx.today, s().policy.versions()),
    'public-protection/preview-import': (a, ctx) =>
      previewPublicProtectionImport(sqliteReader(s().store.db), a.fileName, a.csvText, ctx.today),
    'public-protection/register': () => s().publicProtection.register(),
    'public-protection/show': (a) => s().publicProtection.view(a.prisonerNumber),
    'irmt/agenda': (a) => s().irmt.agenda(a.meetingDate),
    'irmt/page': (a, ctx) => s().irmt.page(ctx.today, a.meetingDate),
    'irmt/meetings': (_a, ctx) => {
      const schedule = s().irmt.scheduledDates(ctx.today, 3);
      return { meetings: s().irmt.meetings(), nextScheduled: schedule[0]!, schedule };
    },
    'irmt/attendance': (a) => s().irmt.attendance(a.meetingId),
    'irmt/extract': (a) => s().irmt.extract(a.meetingId, a.prisonerNumber),
    'categorisation/show': (a, ctx) => s().categorisation.view(a.prisonerNumber, ctx.today),
    'release-planning/show': (a, ctx) => s().releasePlanning.view(a.prisonerNumber, ctx.today),
    // Read from the stored due list (its plans' numbers kept with each prisoner's generation), as the whole due list is.
    'release-planning/list-releases': async (a, ctx) => {
      await s().due.settled({});
      return aheadAfter(ctx, s().due.releases(ctx.today, a.weeks));
    },
    'release-planning/releases-page': async (a, ctx) => {
      await s().due.settled({});
      return aheadAfter(ctx, s().due.releasesPage(ctx.today, a));
    },
    'handover-pack/exports': (a) => s().handoverPacks.exports(a.prisonerNumber),
    'handover-pack/due': (a, ctx) => s().handoverPacks.due(ctx.today, a.weeks),
    'policy/list': () => s().policy.versions(),
    'audit/list': (a) => s().audit.list(a),
    'sync/status': () => app.sync.status(),
    'sync/sync-now': async () => {
      if (!app.sync.link())
        throw new AppError('invalid-input', 'This workstation is not joined to a unit server.');
      // Offline, or refused by the server, is a state shown in the status, not a failure of the button.
      const failed = app.autoSync
        ? await app.autoSync.now()
        : await app.sync.sync().then(
            () => null,
            (e: unknown) => e,
          );
      if (failed && !(failed instanceof OfflineError) && !(failed instanceof RefusedByServer)) throw failed;
      return app.sync.status();
    },
    'sync/join': async (a) => {
      const joined = await app.sync.join({
        url: a.url,
        code: a.code,
        workstation: a.workstation,
        ...(a.adminName && a.password ? { seedAs: { adminName: a.adminName, password: a.password } } : {}),
        onProgress: options.onJoinProgress,
      });
      return { ...app.sync.status(), seeded: joined.seeded };
    },
    // The app's join, whichever of its doors (windows, tabs) started it.
    'sync/join-progress': () => ({ running: app.sync.joining()?.progress ?? null }),
    'app/list-backups': () => app.backups(),
    // A copy of the database, audited: anyone signed in (as the app's button). Only the command line names a file, as
    // its user can read the database file anyway; through the app or the browser a backup goes to the backups folder.
    'app/back-up-now': (a, ctx) => {
      if (a.out === undefined) return app.backupNow(ctx);
      if (door !== 'cli')
        throw new AppError(
          'invalid-input',
          'A backup goes to the backups folder here: it cannot name a file',
          'out',
        );
      return app.backupTo(ctx, a.out);
    },
    'app/restore-backup': (a, ctx) => app.restore(ctx, a.name),
  };
}

/** An unexpected failure, in the app's console too (without a failed query's values: loggedError). */
const logToConsole = (name: string, e: unknown, reference?: string) =>
  console.error(`[omu] ${name} failed${reference ? ` (${reference})` : ''}: ${loggedError(e)}`);

/**
 * The one place an operation is run: validate the input against the contract, call the service, and turn the
 * outcome into `{ ok, value }` or `{ ok: false, error }`. Doors only carry messages to and from here.
 */
export interface RouterOptions {
  /**
   * Where an unexpected failure is said besides the workstation's log (app.errorLog), with the reference its line there
   * has: the app's console by default; the command line keeps it to one line.
   */
  onInternalError?: (name: string, e: unknown, reference?: string) => void;
  /** Each step of a join bringing this workstation's caseload to the unit server (the command line prints them). */
  onJoinProgress?: (p: SeedProgress) => void;
}

export function createRouter(app: OmuApp, door: AppInfo['door'], options: RouterOptions = {}) {
  const table = handlers(app, door, options);
  const logInternal = options.onInternalError ?? logToConsole;
  /**
   * The demo, one logged command whose parts are written with a turn of the event loop between them, so that this
   * door answers `caseload/demo-progress` meanwhile (the first-start page's progress bar). While it runs the connection
   * is inside its transaction: `handle` refuses every other change until it is done.
   */
  async function loadDemo(raw: unknown, ctx: CallContext) {
    // Synthetic prisoners must never reach a unit server (the runner refuses the command there too); and its automatic
    // sync may not write inside the demo's transaction.
    if (app.sync.link())
      throw new AppError(
        'conflict',
        'This workstation is joined to a unit server; the demo caseload is only for a workstation on its own.',
      );
    // The demo loads in steps inside one open transaction, the app's hold: no other view or change meanwhile.
    return app.demo.run((progress) =>
      app.runner.run(DEMO, raw, demoLoaderContext(ctx), {
        onProgress: (p) => progress(p as DemoProgress),
      }),
    );
  }
  return {
    /** True for an operation's name, today's or its name before issue 15 (electron/core/operation-aliases.ts). */
    has(name: string): boolean {
      const op = resolveOperation(name);
      return [api, commands, actions].some((registry) => Object.prototype.hasOwnProperty.call(registry, op));
    },
    async handle(sent: string, raw: unknown): Promise<ApiResponse<unknown>> {
      // Every door comes through here: an old name (a script, a bookmark, an older renderer) runs today's operation.
      const name = resolveOperation(sent) as OpName;
      if (!this.has(name))
        return { ok: false, error: { code: 'not-found', message: `Unknown operation ${sent}` } };
      // A join or the demo loading holds the caseload half-written in its transaction: only its own progress, the
      // session and the link's status (and during a join the app's counts, as before it) are answered meanwhile.
      const held = heldBy(app, name);
      if (held) return { ok: false, error: toApiError(held) };
      // Set once a command has been written: a failure after it (its reply) did not undo it.
      let written = false;
      try {
        const refused = refusal(app, door, name, app.context());
        if (refused) throw refused;
        const ctx = app.context();
        if (Object.prototype.hasOwnProperty.call(commands, name)) {
          const def = commands[name as CommandName] as AnyCommand;
          reauthenticate(app, name, ctx, def);
          const outcome = name === DEMO ? await loadDemo(raw, ctx) : await app.runner.run(name, raw, ctx);
          written = true;
          // A rule change has every prisoner's due items worked out again in the background (in the app; a command
          // line process ends after its command, and the next read works out what is left).
          if (door !== 'cli')
            void app.services.due
              .followRules(ctx.today)
              ?.catch((e: unknown) =>
                logInternal('due.recompute', e, app.errorLog.record('due.recompute', e)),
              );
          const value = def.reply
            ? await def.reply({ services: app.services, app }, outcome.result, outcome.input, ctx)
            : outcome.result;
          app.autoSync?.changed();
          return { ok: true, value };
        }
        if (Object.prototype.hasOwnProperty.call(actions, name)) {
          const def = actions[name as ActionName] as AnyAction;
          const input = def.input.parse(raw ?? {});
          reauthenticate(app, name, ctx, def);
          authorise(def, ctx.actor);
          const value = await def.run({ services: app.services, app }, input, ctx);
          // An export records what it made through a command: that record goes to the unit server too.
          app.autoSync?.changed();
          return { ok: true, value };
        }
        const op = name as keyof typeof api;
        const args = api[op].input.parse(raw ?? {});
        reauthenticate(app, name, ctx);
        // Who may run it, as a command's `allow` (joining a database with nobody on it aside: see `refusal`).
        const guard: { allow: readonly Role[]; action: string } | undefined = api[op].guard;
        if (guard && !(op === 'sync/join' && app.services.staff.isEmpty())) authorise(guard, ctx.actor);
        const value = await (table[op] as (a: unknown, c: CallContext) => unknown)(args, ctx);
        return { ok: true, value };
      } catch (thrown) {
        // A write outside writeTransaction (a single statement) can still meet SQLITE_BUSY: say who holds the database.
        const e = isSqliteBusy(thrown) ? busyError(app.opened.sqlite, thrown) : thrown;
        const error = toApiError(e);
        if (error.code !== 'internal') return { ok: false, error };
        // The unit server's own answer to a failure of its own (RefusedByServer): its words, already without detail.
        if (e instanceof AppError) {
          logInternal(name, e);
          return { ok: false, error };
        }
        // Anything else is unexpected: its message can carry case data (a failed query's values), so the person is
        // told a plain sentence and a reference, and the failure goes to the log under that reference.
        const reference = app.errorLog.record(`${name} (${door})`, e);
        logInternal(name, e, reference);
        // A command's writes are one transaction (electron/core/runner.ts), rolled back; a read writes nothing. An export
        // or another operation that writes (a backup, a join) is not said to have changed nothing.
        const nothingChanged =
          (Object.prototype.hasOwnProperty.call(commands, name) && !written) ||
          (Object.prototype.hasOwnProperty.call(api, name) && !api[name as keyof typeof api].mutates);
        return {
          ok: false,
          error: { code: 'internal', message: unexpectedErrorMessage(reference, nothingChanged), reference },
        };
      }
    },
  };
}

export type Router = ReturnType<typeof createRouter>;
