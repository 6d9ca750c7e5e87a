import type { Command } from 'commander';
import { CliError } from './errors';
import type { CliRuntime } from './runtime';
import type { RuntimeOptions } from '../cli';
import { ROLES, type Role } from '../domain/staff/roles';
import type { IssuedCodeView } from '../domain/credentials/service';

type WithRuntime = <A extends unknown[]>(
  fn: (rt: CliRuntime, ...args: A) => Promise<number | void>,
  options?: RuntimeOptions,
) => (...args: A) => Promise<void>;

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/London',
  });

export const oneTimeCodeText = (c: IssuedCodeView) =>
  `One-time code for ${c.name}: ${c.code}\nIt works once, until ${when(c.expiresAt)}. Give it to ${c.name} in person; they use it to set their password (in the app: "Set your password", or omu --as "${c.name}" password set).`;

const roleList = (v: string, previous: Role[] = []): Role[] => {
  if (!(ROLES as readonly string[]).includes(v))
    throw new CliError(`--role must be one of ${ROLES.join(', ')}, not "${v}"`, 2);
  return [...previous, v as Role];
};

/** Staff, passwords and computer-account bindings from a terminal: the same operations as the Staff page. */
export function registerStaffCommands(program: Command, withRuntime: WithRuntime): void {
  program
    .command('whoami')
    .description('who this command acts as, and how that was proven')
    .action(
      withRuntime(async (rt) => {
        await rt.signIn();
        const info = await rt.call('session/current', {});
        const out = {
          osAccount: info.osAccount,
          staff: info.staff ? { name: info.staff.name, roles: info.staff.roles } : null,
          signedInWith: info.signedInWith,
        };
        if (rt.json) return rt.printJson(out);
        rt.out(
          info.staff
            ? `${info.staff.name} (${info.staff.roles.join(', ')}), signed in with ${info.signedInWith === 'computer-account' ? `the computer account ${info.osAccount}, bound to them` : 'a password'}`
            : `Nobody: the computer account ${info.osAccount} is not bound to a member of staff. Use --as "Your Name".`,
        );
      }),
    );

  const password = program.command('password').description('your own password');
  password
    .command('set')
    .description(
      'set your password with the one-time code an administrator gave you (needs --as "Your Name"; OMU_ONE_TIME_CODE and OMU_NEW_PASSWORD for scripts)',
    )
    .action(
      withRuntime(
        async (rt) => {
          if (!rt.as) throw new CliError('password set needs --as "Your Name"', 2);
          const code = await rt.secret('OMU_ONE_TIME_CODE', 'One-time code: ');
          const newPassword = await rt.secret('OMU_NEW_PASSWORD', 'New password: ');
          const confirmPassword = await rt.secret('OMU_NEW_PASSWORD', 'New password again: ');
          await rt.call('session/set-password', { name: rt.as, code, newPassword, confirmPassword });
          rt.out(`Password set for ${rt.as}.`);
        },
        { signIn: 'later' },
      ),
    );
  password
    .command('change')
    .description(
      'change your password (needs --as "Your Name" and your current password; OMU_NEW_PASSWORD for scripts)',
    )
    .action(
      withRuntime(
        async (rt) => {
          if (!rt.as) throw new CliError('password change needs --as "Your Name"', 2);
          const current = await rt.secret('OMU_PASSWORD', 'Current password: ');
          const newPassword = await rt.secret('OMU_NEW_PASSWORD', 'New password: ');
          const confirmPassword = await rt.secret('OMU_NEW_PASSWORD', 'New password again: ');
          await rt.call('session/sign-in', { name: rt.as, password: current });
          await rt.call('session/change-password', {
            currentPassword: current,
            newPassword,
            confirmPassword,
          });
          rt.out(`Password changed for ${rt.as}.`);
        },
        { signIn: 'later' },
      ),
    );

  const staff = program.command('staff').description('the staff list and who can sign in (administrators)');
  staff
    .command('list')
    .description('everyone on the staff list, with roles')
    .action(
      withRuntime(async (rt) => {
        const list = await rt.call('staff/list', {});
        if (rt.json) return rt.printJson(list);
        rt.out(
          list.map((m) => `${m.name}${m.active ? '' : ' (left)'}: ${m.roles.join(', ')}`).join('\n') ||
            'Nobody is on the staff list.',
        );
      }),
    );
  staff
    .command('add <name>')
    .description('add a member of staff (an administrator or the head of OMU)')
    .requiredOption('--role <role>', `a role (repeat for more): ${ROLES.join(', ')}`, roleList)
    .option('--email <email>', 'their e-mail address')
    .action(
      withRuntime(async (rt, name: string, opts: { role: Role[]; email?: string }) => {
        const m = await rt.call('staff/add-member', {
          name,
          email: opts.email ?? null,
          roles: opts.role,
          active: true,
        });
        if (rt.json) return rt.printJson(m);
        rt.out(
          `Added ${m.name} (${m.roles.join(', ')}). An administrator gives them a one-time code: omu staff code "${m.name}"`,
        );
      }),
    );
  staff
    .command('code <name>')
    .description(
      'issue a one-time code (a password reset: their old password stops working); administrators only',
    )
    .action(
      withRuntime(async (rt, name: string) => {
        const m = rt.app.services.staff.findByName(name);
        if (!m) throw new CliError(`There is no member of staff called "${name}"`, 1);
        const issued = await rt.call('credentials/issue-code', { staffId: m.id });
        if (rt.json)
          return rt.printJson({ name: issued.name, oneTimeCode: issued.code, expiresAt: issued.expiresAt });
        rt.out(oneTimeCodeText(issued));
      }),
    );
  staff
    .command('bind <account> <name>')
    .description(
      'bind a computer account to a member of staff, so that it signs in as them without a password; administrators only',
    )
    .action(
      withRuntime(async (rt, account: string, name: string) => {
        const m = rt.app.services.staff.findByName(name);
        if (!m) throw new CliError(`There is no member of staff called "${name}"`, 1);
        await rt.call('credentials/bind-account', { osAccount: account, staffId: m.id });
        rt.out(`The computer account ${account} now signs in as ${m.name}.`);
      }),
    );
  staff
    .command('unbind <account>')
    .description('remove a computer account binding; administrators only')
    .action(
      withRuntime(async (rt, account: string) => {
        await rt.call('credentials/unbind-account', { osAccount: account });
        rt.out(`The computer account ${account} is no longer bound.`);
      }),
    );
}
