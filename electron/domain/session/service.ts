import { AppError, loggedError } from '../shared/errors';
import type { Actor, CallContext, Store } from '../shared/context';
import type { StaffMember, StaffService } from '../staff/service';
import type { Check, CredentialStore } from '../credentials/store';
import { FREE_ATTEMPTS, passwordProblem } from '../credentials/rules';
import { REAUTHENTICATE_AFTER_MINUTES, reauthenticationNeeded } from './reauth';
import { idleLockMinutes, isDemoCaseload, DEMO_PASSWORD } from './settings';
import { formatTimestampUk } from '../shared/dates';

export type SignInMethod = 'password' | 'one-time-code' | 'computer-account';

export interface SessionInfo {
  osAccount: string;
  state: 'signed-out' | 'signed-in' | 'locked';
  /** Who is signed in (or whose session is locked). */
  staff: StaffMember | null;
  signedInWith: SignInMethod | null;
  hasPassword: boolean;
  /** The member of staff this computer account is bound to by an administrator, offered on the sign-in page. */
  boundTo: string | null;
  idleLockMinutes: number;
  /** When the session locks if nothing happens (ISO). */
  locksAt: string | null;
  /** Nobody has a password, a one-time code or a binding yet: the first administrator is still to be set up. */
  setupNeeded: boolean;
  /** The demo caseload is loaded: its staff's password is shown on the sign-in page. */
  demoPassword: string | null;
  /** Signed in (or unlocked) against this workstation's cached copy of the unit server's password, the server being unreachable. */
  signedInOffline: boolean;
  /** The unit server this workstation is joined to (which holds the passwords and issues one-time codes), or null. */
  unitServer: string | null;
  /** Why the session locked when it was not the idle time or the person (their password changed on the unit server). */
  lockedBecause: string | null;
  /**
   * The changes the person signed in made here before their password was changed on the unit server, which wait for
   * them to confirm them with their previous password; null when none wait.
   */
  earlierChanges: EarlierChanges | null;
  /** What the person signed in (or locked) may run, and why not the rest: the screens offer only what they may. */
  may: Permissions['may'];
  refused: Permissions['refused'];
}

/** The operations a person may run, and the refusal each of the others would give them (electron/api/may.ts). */
export interface Permissions {
  may: string[];
  refused: Record<string, string>;
}

/** The changes a person made here before their password was changed on the unit server (electron/sync/engine.ts). */
export interface EarlierChanges {
  changedAt: string | null;
  changes: { description: string; at: string }[];
}

/** Where the key that signs a person's changes for the unit server is held while they are signed in (the sync engine). */
export interface SigningKeys {
  remember(staffId: string, key: string, salt?: string | null): void;
  forget(staffId: string): void;
  /** The salt the unit server derives the person's key with now, as this workstation last heard, and since when. */
  current?(staffId: string): { salt: string; changedAt: string | null } | null;
  earlierChanges?(staffId: string): EarlierChanges | null;
  /** Signs again, with the current key, the changes the previous password's key shows to be theirs. */
  confirmEarlierChanges?(
    staffId: string,
    previousPassword: string,
  ): Promise<{ confirmed: number; left: number }>;
}

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th'}`;
const clock = (iso: string) =>
  new Date(iso).toLocaleTimeString('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });

export const WRONG_NAME_OR_PASSWORD = 'The name or password is not right';

/**
 * Who is using OMU Desk through one door, proven by a password, a one-time code or an administrator's binding of
 * the computer account; locked after a spell of inactivity or on request; asked for the password again before a
 * decision of record. Every sign-in, failure, lock, unlock and password change goes to the sign-in log, which the
 * credential store keeps (not the caseload's audit log: these are the workstation's events, not case data).
 */
export function createSession(deps: {
  store: Store;
  staff: StaffService;
  credentials: CredentialStore;
  osAccount: string;
  /** On a joined workstation: keeps the signing key of whoever is signed in, and forgets it when they stop. */
  signingKeys?: SigningKeys;
  joined?: () => { serverUrl: string; prison: string } | null;
  /** What a person may run, worked out from the operations' declarations (the app gives `permissionsOf`). */
  permissions?: (actor: Actor) => Permissions;
  /**
   * True while the staff list cannot be read whole (a join taking the prison's data writes it in its transaction):
   * the session keeps the member it last read, rather than finding them gone and signing them out.
   */
  staffHalfWritten?: () => boolean;
  /** A sign-in event that could not be written (the app puts it in its log of failures); by default, the console. */
  signInLogFailed?: (e: unknown) => void;
}) {
  const { store, staff, credentials, osAccount } = deps;
  let offline = false;
  /** The salt of the key the session signs with (joined workstations): a new one on the unit server locks the session. */
  let signedWith: string | null = null;
  let lockedBecause: string | null = null;
  /** After a password was checked: the key its changes are signed with (joined workstations), and how it was checked. */
  const keep = (m: StaffMember, check: Extract<Check, { ok: true }>) => {
    offline = !!check.offline;
    signedWith = check.signingSalt ?? null;
    lockedBecause = null;
    if (check.signingKey) deps.signingKeys?.remember(m.id, check.signingKey, check.signingSalt ?? null);
  };
  const changedOn = (at: string | null) => (at ? ` on ${formatTimestampUk(at)}` : '');
  const forgetKey = () => {
    if (staffId) deps.signingKeys?.forget(staffId);
  };
  let state: SessionInfo['state'] = 'signed-out';
  let staffId: string | null = null;
  let method: SignInMethod | null = null;
  let passwordAt: Date | null = null;
  let activityAt: Date | null = null;

  // The member as last read: kept while the staff list is half-written (`staffHalfWritten`).
  let lastRead: StaffMember | null = null;
  const member = (): StaffMember | null => {
    if (!staffId) return null;
    if (lastRead?.id === staffId && deps.staffHalfWritten?.()) return lastRead;
    lastRead = staff.get(staffId);
    return lastRead;
  };
  const nobody = (): Actor => ({
    staffId: null,
    name: `${osAccount} (not signed in)`,
    roles: [],
    identifiedBy: 'none',
  });
  const actorOf = (m: StaffMember): Actor => ({
    staffId: m.id,
    name: m.name,
    roles: m.roles,
    identifiedBy: 'staff',
  });
  // Written at once (the local store is synchronous); a failure to log is reported, never hidden.
  const record = (
    ctx: CallContext,
    actor: Actor,
    action: string,
    summary: string,
    staffId: string | null = actor.staffId,
  ) => {
    credentials
      .log({ at: ctx.now.toISOString(), osAccount, staffId, actorName: actor.name, action, summary })
      .catch(
        deps.signInLogFailed ??
          ((e: unknown) => console.error(`[omu] the sign-in log could not be written: ${loggedError(e)}`)),
      );
  };

  function findByNameOrEmail(typed: string): StaffMember | null {
    const t = typed.trim();
    if (!t) return null;
    const m =
      staff.findByName(t) ??
      staff.list().find((s) => s.email && s.email.toLowerCase() === t.toLowerCase()) ??
      null;
    return m && m.active ? m : null;
  }

  function begin(
    ctx: CallContext,
    m: StaffMember,
    how: SignInMethod,
    check: Extract<Check, { ok: true }> = { ok: true },
  ): void {
    if (state !== 'signed-out' && staffId && staffId !== m.id)
      end(ctx, 'signed out (another person signed in)');
    keep(m, check);
    state = 'signed-in';
    staffId = m.id;
    method = how;
    passwordAt = how === 'computer-account' ? null : ctx.now;
    activityAt = ctx.now;
    const words =
      how === 'password'
        ? 'with a password'
        : how === 'one-time-code'
          ? 'with a one-time code'
          : 'by the computer account bound to them';
    record(
      ctx,
      actorOf(m),
      'sign-in',
      `${m.name} signed in ${words} on computer account ${osAccount}${offline ? " (offline: checked against the unit server's password cached here)" : ''}`,
    );
  }

  function end(ctx: CallContext, words: string): void {
    const m = member();
    if (m) record(ctx, actorOf(m), 'sign-out', `${m.name} ${words}`);
    forgetKey();
    offline = false;
    signedWith = null;
    lockedBecause = null;
    state = 'signed-out';
    staffId = null;
    method = null;
    passwordAt = null;
    activityAt = null;
  }

  /** Turns a failed check into the user's message, auditing it. */
  function refuse(
    ctx: CallContext,
    m: StaffMember,
    check: Exclude<Check, { ok: true }>,
    what: string,
    field: string,
  ): AppError {
    // Whoever is at the door: the person signed in (trying someone else's name, or their own password again), else nobody.
    const current = state !== 'signed-out' ? member() : null;
    const actor = current ? actorOf(current) : nobody();
    switch (check.reason) {
      case 'wait':
        record(
          ctx,
          actor,
          'sign-in-refused',
          `Refused ${what} for ${m.name} on ${osAccount}: waiting after failed attempts until ${check.waitUntil}`,
          m.id,
        );
        return new AppError(
          'wait',
          `You have entered the wrong password too many times. Try again after ${clock(check.waitUntil)}, or ask an administrator to reset your password.`,
          field,
        );
      case 'wrong': {
        record(
          ctx,
          actor,
          'sign-in-failed',
          `Failed ${what} for ${m.name} on ${osAccount} (${ordinal(check.failures)} failed attempt in a row)`,
          m.id,
        );
        if (check.waitUntil)
          return new AppError(
            'wait',
            `You have entered the wrong password too many times. Try again after ${clock(check.waitUntil)}, or ask an administrator to reset your password.`,
            field,
          );
        const left = FREE_ATTEMPTS - check.failures;
        return new AppError(
          'sign-in-refused',
          left <= 2
            ? `${field === 'code' ? 'The one-time code is not right' : WRONG_NAME_OR_PASSWORD}. You have ${left} more ${left === 1 ? 'try' : 'tries'} before you must wait.`
            : `${field === 'code' ? 'The one-time code is not right' : WRONG_NAME_OR_PASSWORD}`,
          field,
        );
      }
      case 'no-password':
        record(
          ctx,
          actor,
          'sign-in-failed',
          `Failed ${what} for ${m.name} on ${osAccount}: no password set`,
          m.id,
        );
        return new AppError(
          'sign-in-refused',
          `${m.name} has no password yet. Use the one-time code from your administrator to set one.`,
          field,
        );
      case 'inactive':
        record(
          ctx,
          actor,
          'sign-in-failed',
          `Failed ${what} for ${m.name} on ${osAccount}: inactive on the unit server's staff list`,
          m.id,
        );
        return new AppError(
          'sign-in-refused',
          `${m.name} is no longer active on the unit server's staff list. Ask an administrator to make them active again.`,
          field,
        );
      case 'previous-password':
        record(
          ctx,
          actor,
          'sign-in-failed',
          `Failed ${what} for ${m.name} on ${osAccount}: the previous password, changed on the unit server${changedOn(check.changedAt)}`,
          m.id,
        );
        return new AppError(
          'sign-in-refused',
          `That is ${m.name}'s previous password: it was changed on the unit server${changedOn(check.changedAt)}, so it no longer opens OMU Desk here. Enter the new password.`,
          field,
        );
      case 'no-code':
        record(
          ctx,
          actor,
          'sign-in-failed',
          `Failed ${what} for ${m.name} on ${osAccount}: no one-time code issued`,
          m.id,
        );
        return new AppError(
          'sign-in-refused',
          'There is no one-time code for this name. Ask an administrator for one.',
          'code',
        );
      case 'code-expired':
        record(
          ctx,
          actor,
          'sign-in-failed',
          `Failed ${what} for ${m.name} on ${osAccount}: one-time code expired`,
          m.id,
        );
        return new AppError(
          'sign-in-refused',
          'This one-time code has expired. Ask an administrator for a new one.',
          'code',
        );
      case 'unreachable':
        record(
          ctx,
          actor,
          'sign-in-failed',
          `Failed ${what} for ${m.name} on ${osAccount}: the unit server cannot be reached`,
          m.id,
        );
        return new AppError('sign-in-refused', check.message, field);
    }
  }

  function newPasswordProblems(m: StaffMember, password: string, confirm: string): void {
    const problem = passwordProblem(password, m.name, DEMO_PASSWORD);
    if (problem) throw new AppError('invalid-input', problem, 'newPassword');
    if (password !== confirm)
      throw new AppError(
        'invalid-input',
        'Confirm your new password: the two passwords are not the same',
        'confirmPassword',
      );
  }

  const session = {
    osAccount,

    /** Locks the session when it has been idle for the unit's time; call before acting on the session's state. */
    checkIdle(ctx: CallContext): void {
      if (state !== 'signed-in' || !activityAt) return;
      // The password this session was opened with was changed on the unit server (on another workstation, or reset),
      // learnt at a sync: its key no longer signs anything the server accepts, so the session locks and asks for the new one.
      const now = signedWith && staffId ? deps.signingKeys?.current?.(staffId) : null;
      if (now && now.salt !== signedWith) {
        state = 'locked';
        forgetKey();
        const m = member();
        lockedBecause = `${m?.name ?? 'This person'}'s password was changed on the unit server${changedOn(now.changedAt)}, so the one this session was opened with no longer works here. Enter the new password to carry on.`;
        if (m)
          record(
            ctx,
            actorOf(m),
            'lock',
            `${m.name}'s session locked: their password was changed on the unit server${changedOn(now.changedAt)}`,
          );
        return;
      }
      const minutes = idleLockMinutes(store);
      if (ctx.now.getTime() - activityAt.getTime() >= minutes * 60_000) {
        state = 'locked';
        // Unlocking needs the password, which gives the key again.
        forgetKey();
        const m = member();
        if (m) record(ctx, actorOf(m), 'lock', `${m.name}'s session locked after ${minutes} minutes idle`);
      }
    },

    async info(ctx: CallContext): Promise<SessionInfo> {
      session.checkIdle(ctx);
      let m = member();
      if (state !== 'signed-out' && !m?.active) {
        end(ctx, 'signed out (marked as left)');
        m = null;
      }
      const bound = await credentials.boundTo(osAccount);
      const boundMember = bound ? staff.get(bound) : null;
      const minutes = idleLockMinutes(store);
      return {
        osAccount,
        state,
        staff: m ?? null,
        signedInWith: method,
        hasPassword: m ? (await credentials.state(m.id, ctx.now)).hasPassword : false,
        boundTo: boundMember?.active ? boundMember.name : null,
        idleLockMinutes: minutes,
        locksAt:
          state === 'signed-in' && activityAt
            ? new Date(activityAt.getTime() + minutes * 60_000).toISOString()
            : null,
        setupNeeded: await credentials.isEmpty(),
        demoPassword: isDemoCaseload(store) ? DEMO_PASSWORD : null,
        signedInOffline: state !== 'signed-out' && offline,
        unitServer: deps.joined?.()?.serverUrl ?? null,
        lockedBecause: state === 'locked' ? lockedBecause : null,
        earlierChanges:
          state === 'signed-in' && m ? (deps.signingKeys?.earlierChanges?.(m.id) ?? null) : null,
        ...(m && deps.permissions ? deps.permissions(actorOf(m)) : { may: [], refused: {} }),
      };
    },

    get state() {
      return state;
    },

    /** The person acting: only while signed in and not locked. */
    actor(): Actor {
      const m = member();
      return state === 'signed-in' && m?.active ? actorOf(m) : nobody();
    },

    /** Something was done on this door: the idle clock starts again. */
    touch(ctx: CallContext): void {
      if (state === 'signed-in') activityAt = ctx.now;
    },

    async signInWithPassword(ctx: CallContext, name: string, password: string): Promise<void> {
      const m = findByNameOrEmail(name);
      if (!m) {
        await credentials.checkPassword('', password, ctx.now).catch(() => undefined);
        record(
          ctx,
          nobody(),
          'sign-in-failed',
          `Failed sign-in on ${osAccount}: no active member of staff called "${name.trim().slice(0, 100)}"`,
          null,
        );
        throw new AppError('sign-in-refused', WRONG_NAME_OR_PASSWORD, 'password');
      }
      const check = await credentials.checkPassword(m.id, password, ctx.now);
      if (!check.ok) throw refuse(ctx, m, check, 'sign-in', 'password');
      begin(ctx, m, 'password', check);
    },

    async setPasswordWithCode(
      ctx: CallContext,
      name: string,
      code: string,
      password: string,
      confirm: string,
    ): Promise<void> {
      const m = findByNameOrEmail(name);
      if (!m) {
        record(
          ctx,
          nobody(),
          'sign-in-failed',
          `Failed one-time code on ${osAccount}: no active member of staff called "${name.trim().slice(0, 100)}"`,
          null,
        );
        throw new AppError(
          'sign-in-refused',
          'There is no one-time code for this name. Check your name, or ask an administrator for a code.',
          'name',
        );
      }
      newPasswordProblems(m, password, confirm);
      const check = await credentials.setPasswordWithCode(m.id, code, password, ctx.now);
      if (!check.ok) throw refuse(ctx, m, check, 'one-time code', 'code');
      record(ctx, actorOf(m), 'password-set', `${m.name} set a password with a one-time code`);
      begin(ctx, m, 'one-time-code', check);
    },

    async signInWithComputerAccount(ctx: CallContext): Promise<void> {
      const bound = await credentials.boundTo(osAccount);
      const m = bound ? staff.get(bound) : null;
      if (!m?.active && deps.joined?.())
        throw new AppError(
          'sign-in-refused',
          'On a workstation joined to the unit server, sign in with your name and password: the unit server accepts only changes signed with it.',
        );
      if (!m?.active)
        throw new AppError(
          'sign-in-refused',
          `The computer account ${osAccount} is not bound to anyone on the staff list. Sign in with your name and password.`,
        );
      begin(ctx, m, 'computer-account');
    },

    lock(ctx: CallContext): void {
      const m = member();
      if (state !== 'signed-in' || !m) return;
      state = 'locked';
      forgetKey();
      record(ctx, actorOf(m), 'lock', `${m.name} locked the session`);
    },

    async unlock(ctx: CallContext, password: string): Promise<void> {
      const m = member();
      if (state !== 'locked' || !m) throw new AppError('conflict', 'OMU Desk is not locked');
      const check = await credentials.checkPassword(m.id, password, ctx.now);
      if (!check.ok) throw refuse(ctx, m, check, 'unlock', 'password');
      keep(m, check);
      state = 'signed-in';
      passwordAt = ctx.now;
      activityAt = ctx.now;
      record(ctx, actorOf(m), 'unlock', `${m.name} unlocked the session`);
    },

    /**
     * Confirms, with the password the person had before it was changed on the unit server, the changes they made here
     * with it that have not reached the server: signed again with the current one (see the sync engine). A password that
     * confirms none is refused naming the field; the changes wait here either way. Both go to the sign-in log.
     */
    async confirmEarlierChanges(
      ctx: CallContext,
      previousPassword: string,
    ): Promise<{ confirmed: number; left: number }> {
      const m = member();
      if (state !== 'signed-in' || !m) throw new AppError('not-signed-in', 'Sign in first');
      const waiting = deps.signingKeys?.earlierChanges?.(m.id);
      if (!waiting || !deps.signingKeys?.confirmEarlierChanges)
        throw new AppError('conflict', 'No changes made here wait for your previous password.');
      const n = (k: number) => `${k} change${k === 1 ? '' : 's'}`;
      const result = await deps.signingKeys.confirmEarlierChanges(m.id, previousPassword);
      if (!result.confirmed) {
        record(
          ctx,
          actorOf(m),
          'earlier-changes-refused',
          `${m.name} entered a previous password that did not confirm the ${n(result.left)} made here before their password was changed on the unit server${changedOn(waiting.changedAt)}`,
        );
        throw new AppError(
          'sign-in-refused',
          `That is not the password ${waiting.changes.length === 1 ? 'this change was' : 'these changes were'} made with. Enter the password you had before it was changed on the unit server${changedOn(waiting.changedAt)}. Nothing is lost: ${waiting.changes.length === 1 ? 'it waits' : 'they wait'} here until you do.`,
          'previousPassword',
        );
      }
      record(
        ctx,
        actorOf(m),
        'earlier-changes-confirmed',
        `${m.name} confirmed with their previous password ${n(result.confirmed)} made here before it was changed on the unit server${changedOn(waiting.changedAt)}; signed again with their current password${result.left ? ` (${n(result.left)} still waiting: made with another password)` : ''}`,
      );
      return result;
    },

    async reauthenticate(ctx: CallContext, password: string, act: string | null): Promise<void> {
      const m = member();
      if (state !== 'signed-in' || !m) throw new AppError('not-signed-in', 'Sign in first');
      const check = await credentials.checkPassword(m.id, password, ctx.now);
      if (!check.ok) throw refuse(ctx, m, check, 'password confirmation', 'password');
      keep(m, check);
      passwordAt = ctx.now;
      activityAt = ctx.now;
      record(
        ctx,
        actorOf(m),
        'reauthenticate',
        `${m.name} confirmed their password${act ? ` to ${act}` : ''}`,
      );
    },

    async changePassword(
      ctx: CallContext,
      current: string,
      password: string,
      confirm: string,
    ): Promise<void> {
      const m = member();
      if (state !== 'signed-in' || !m) throw new AppError('not-signed-in', 'Sign in first');
      if (!current) throw new AppError('invalid-input', 'Enter your current password', 'currentPassword');
      newPasswordProblems(m, password, confirm);
      const check = await credentials.changePassword(m.id, current, password, ctx.now);
      if (!check.ok) {
        const e = refuse(ctx, m, check, 'password change', 'currentPassword');
        throw check.reason === 'wrong' && !check.waitUntil
          ? new AppError(
              e.code,
              e.message.replace(WRONG_NAME_OR_PASSWORD, 'Your current password is not right'),
              e.field,
            )
          : e;
      }
      keep(m, check);
      passwordAt = ctx.now;
      record(ctx, actorOf(m), 'password-changed', `${m.name} changed their password`);
    },

    signOut(ctx: CallContext): void {
      end(ctx, 'signed out');
    },

    /** The act in words when `operation` needs the password again now, else null. */
    reauthenticationNeeded(
      operation: string,
      ctx: CallContext,
      declared?: { reauth?: boolean; action: string },
    ): string | null {
      return reauthenticationNeeded(operation, passwordAt, ctx.now, declared);
    },
  };
  return session;
}

export type Session = ReturnType<typeof createSession>;
export { REAUTHENTICATE_AFTER_MINUTES };
