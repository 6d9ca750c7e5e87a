import { z } from 'zod';
import { AppError, notFound } from '../shared/errors';
import type { CallContext } from '../shared/context';
import type { StaffMember, StaffService } from '../staff/service';
import { staffInputSchema } from '../staff/service';
import { requireRole } from '../staff/roles';
import type { CredentialStore, SignInEvent } from './store';

export interface SignInStatus {
  staffId: string;
  name: string;
  active: boolean;
  hasPassword: boolean;
  passwordSetAt: string | null;
  codeExpiresAt: string | null;
  failedAttempts: number;
  waitUntil: string | null;
  osAccounts: string[];
}

export interface IssuedCodeView {
  staffId: string;
  name: string;
  code: string;
  expiresAt: string;
}

export const bindInputSchema = z.lazy(() =>
  z.object({
    osAccount: z
      .string()
      .trim()
      .min(1, 'Enter the computer account name')
      .max(100)
      .regex(
        /^[A-Za-z0-9._$-]+$/,
        'Enter the computer account name as the computer shows it, without the domain: for example jsmith',
      ),
    staffId: z.string().min(1, 'Choose the member of staff'),
  }),
);

/** Who sees and changes how people sign in (the contract declares it for the router and the screens). */
export const CREDENTIAL_ADMINS = ['administrator'] as const;

/**
 * What an administrator does with sign-in: issue one-time codes (a reset: the old password stops working), bind and
 * unbind computer accounts, see who is waiting after failed attempts. Every act is audited; codes never are.
 */
export function createCredentialAdmin(deps: {
  credentials: CredentialStore;
  staff: StaffService;
  osAccount: string;
  joined?: () => { serverUrl: string; prison: string } | null;
}) {
  const { credentials, staff, osAccount } = deps;
  /** On a joined workstation the unit server holds the passwords: codes are issued there, by its administrator. */
  const refuseWhenJoined = (what: string, name: string) => {
    const j = deps.joined?.();
    if (!j) return;
    throw new AppError(
      'forbidden',
      `This workstation is joined to the unit server at ${j.serverUrl}, which holds the unit's passwords: ${what} on the unit server (omu-server reset-password --prison ${j.prison} --staff "${name}"), and give the one-time code it prints to the person, who sets their password here with it.`,
    );
  };
  const record = (ctx: CallContext, action: string, staffId: string | null, summary: string) =>
    credentials.log({
      at: ctx.now.toISOString(),
      osAccount,
      staffId,
      actorName: ctx.actor.name,
      action,
      summary,
    });

  async function issue(ctx: CallContext, m: StaffMember, words: string): Promise<IssuedCodeView> {
    const hadPassword = (await credentials.state(m.id, ctx.now)).hasPassword;
    const issued = await credentials.issueCode(m.id, ctx.actor.name, ctx.now);
    await record(
      ctx,
      'password-reset',
      m.id,
      `${words} ${m.name} a one-time code, valid until ${issued.expiresAt}${hadPassword ? '; their old password no longer works' : ''}`,
    );
    return { staffId: m.id, name: m.name, ...issued };
  }

  async function anyAdministratorCanSignIn(now: Date): Promise<boolean> {
    const bound = new Set((await credentials.bindings()).map((b) => b.staffId));
    for (const m of staff.list()) {
      if (!m.active || !m.roles.includes('administrator')) continue;
      if (bound.has(m.id) || (await credentials.state(m.id, now)).hasPassword) return true;
    }
    return false;
  }

  return {
    async status(ctx: CallContext): Promise<SignInStatus[]> {
      requireRole(ctx.actor, CREDENTIAL_ADMINS, 'see who can sign in');
      const bindings = await credentials.bindings();
      return Promise.all(
        staff.list().map(async (m) => {
          const s = await credentials.state(m.id, ctx.now);
          return {
            staffId: m.id,
            name: m.name,
            active: m.active,
            hasPassword: s.hasPassword,
            passwordSetAt: s.passwordSetAt,
            codeExpiresAt: s.code && s.code.expiresAt > ctx.now.toISOString() ? s.code.expiresAt : null,
            failedAttempts: s.failedAttempts,
            waitUntil: s.waitUntil,
            osAccounts: bindings.filter((b) => b.staffId === m.id).map((b) => b.osAccount),
          };
        }),
      );
    },

    /** The sign-in log, newest first: administrators only. */
    async events(ctx: CallContext, limit: number): Promise<SignInEvent[]> {
      requireRole(ctx.actor, CREDENTIAL_ADMINS, 'read the sign-in log');
      return credentials.events({ limit });
    },

    async issueCode(ctx: CallContext, staffId: string): Promise<IssuedCodeView> {
      requireRole(ctx.actor, CREDENTIAL_ADMINS, "reset someone's password");
      const m = staff.get(staffId);
      if (!m) throw notFound('Staff member');
      if (!m.active) throw new AppError('conflict', `${m.name} is marked as left; mark them as active first`);
      refuseWhenJoined(`reset ${m.name}'s password`, m.name);
      return issue(ctx, m, 'Issued');
    },

    async bind(ctx: CallContext, raw: unknown): Promise<void> {
      requireRole(ctx.actor, CREDENTIAL_ADMINS, 'bind a computer account');
      const input = bindInputSchema.parse(raw);
      const m = staff.get(input.staffId);
      if (!m?.active) throw new AppError('invalid-input', 'Choose an active member of staff', 'staffId');
      const before = await credentials.boundTo(input.osAccount);
      await credentials.bind(input.osAccount, m.id, ctx.actor.name, ctx.now);
      const was = before && before !== m.id ? `, instead of ${staff.get(before)?.name ?? before}` : '';
      await record(
        ctx,
        'bind',
        m.id,
        `Computer account ${input.osAccount} bound to ${m.name}${was}: it signs in as them without a password`,
      );
    },

    async unbind(ctx: CallContext, account: string): Promise<void> {
      requireRole(ctx.actor, CREDENTIAL_ADMINS, 'unbind a computer account');
      const before = await credentials.boundTo(account);
      if (!before || !(await credentials.unbind(account)))
        throw new AppError('not-found', `The computer account ${account} is not bound to anyone`);
      await record(
        ctx,
        'unbind',
        before,
        `Computer account ${account} no longer bound to ${staff.get(before)?.name ?? before}`,
      );
    },

    /**
     * The first administrator, while sign-in is not set up (no password, code or binding anywhere): a new person,
     * or an administrator already on the staff list (a caseload from before sign-in). Returns their one-time code.
     * `recovering` (the command line, whose user holds the file anyway) also allows it while no active administrator
     * has a password or a binding, so that a first code lost before it was used can be issued again.
     */
    async firstAdministrator(
      ctx: CallContext,
      raw: unknown,
      options: { recovering?: boolean } = {},
    ): Promise<IssuedCodeView> {
      refuseWhenJoined(
        "issue the first administrator's code",
        (raw as { name?: string } | null)?.name ?? 'NAME',
      );
      const open =
        (await credentials.isEmpty()) || (options.recovering && !(await anyAdministratorCanSignIn(ctx.now)));
      if (!open) {
        throw new AppError(
          'forbidden',
          'Sign-in is already set up on this caseload: an administrator issues one-time codes on the Staff page',
        );
      }
      const input = staffInputSchema.parse(raw);
      const setup: CallContext = {
        ...ctx,
        actor: {
          ...ctx.actor,
          name: `Setup on computer account ${ctx.actor.name.replace(/ \(not signed in\)$/, '')}`,
        },
      };
      const existing = staff.findByName(input.name);
      let admin: StaffMember;
      if (existing) {
        if (!existing.active || !existing.roles.includes('administrator')) {
          throw new AppError(
            'invalid-input',
            `${existing.name} is on the staff list but is not an active administrator; give a new name, or the name of an administrator`,
            'name',
          );
        }
        admin = existing;
      } else {
        const roles = input.roles.includes('administrator')
          ? input.roles
          : [...input.roles, 'administrator' as const];
        admin = staff.insertUnchecked(setup, { ...input, roles });
      }
      return issue(setup, admin, 'First administrator: issued');
    },
  };
}

export type CredentialAdmin = ReturnType<typeof createCredentialAdmin>;
