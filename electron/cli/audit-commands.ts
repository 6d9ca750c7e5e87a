import type { Command } from 'commander';
import { CliError } from './errors';
import type { CliRuntime } from './runtime';

type WithRuntime = <A extends unknown[]>(
  fn: (rt: CliRuntime, ...args: A) => Promise<number | void>,
) => (...args: A) => Promise<void>;

/** `omu audit verify`: the audit chain and its triggers, checked as opening the database checks them (db/audit-chain.ts). */
export function registerAuditCommands(program: Command, withRuntime: WithRuntime): void {
  program
    .command('audit')
    .description('the audit log')
    .command('verify')
    .description(
      'check that no audit entry has been changed, removed or slipped in, and that the triggers protecting the log are in place',
    )
    .action(
      withRuntime(async (rt) => {
        // The whole chain: opening the database walked it only from its checkpoint (db/audit-chain.ts).
        const check = rt.app.verifyAudit();
        if (rt.json) {
          rt.printJson({
            intact: check.intact,
            entries: check.entries,
            firstBroken: check.firstBroken,
            problems: check.problems,
            message: check.message,
          });
          return check.intact ? 0 : 1;
        }
        if (!check.intact) throw new CliError(check.message!, 1);
        rt.out(
          `The audit log of ${rt.app.file} is intact: ${check.entries} entries, each linked to the one before, and the triggers that protect it are as OMU Desk wrote them.`,
        );
      }),
    );
}
