import type { Command } from 'commander';
import { CliError } from './errors';
import type { CliRuntime } from './runtime';
import type { SeedProgress } from '../sync/engine';
import { formatTimestampUk } from '../domain/shared/dates';

type WithRuntime = <A extends unknown[]>(
  fn: (rt: CliRuntime, ...args: A) => Promise<number | void>,
) => (...args: A) => Promise<void>;

/** A password for the command line: OMU_PASSWORD for scripts; never an argument (it would show in the process list). */
function passwordFromEnvironment(what: string): string {
  const password = process.env.OMU_PASSWORD;
  if (!password)
    throw new CliError(`${what}: set OMU_PASSWORD to the password (it is never taken as an argument)`, 2);
  return password;
}

/**
 * Prints how far a join has got: "Sending the caseload to the unit server: 4,000 of 9,500 rows", a line a tenth of the
 * way at most, then the same for its writing there, then for taking the prison's caseload here.
 */
function seedProgressPrinter(rt: CliRuntime): (p: SeedProgress) => void {
  let last = '';
  return (p) => {
    const tenth = p.total ? Math.floor((p.done / p.total) * 10) : 10;
    const key = `${p.stage}:${tenth}`;
    if (key === last) return;
    last = key;
    const n = (x: number) => x.toLocaleString('en-GB');
    const doing = {
      sending: 'Sending the caseload to the unit server',
      writing: 'The unit server is writing it',
      receiving: "Taking the prison's caseload from the unit server",
    }[p.stage];
    rt.progress(`${doing}: ${n(p.done)} of ${n(p.total)} rows`);
  };
}

/** Joining a unit server, syncing with it, its status, and transfers between its prisons: `omu join`, `omu sync`, `omu sync-status`, `omu transfer`. */
export function registerSyncCommands(program: Command, withRuntime: WithRuntime): void {
  program
    .command('join <url>')
    .description("enrol this workstation with a unit server and take its prison's caseload")
    .requiredOption('--code <code>', 'the enrolment code from `omu-server enrol`')
    .option('--workstation <name>', "this workstation's name (default: the computer's name)")
    .option(
      '--admin <name>',
      "a workstation that already holds a caseload brings it to an empty prison: the server's administrator (password in OMU_PASSWORD)",
    )
    .action(
      withRuntime(async (rt, url: string, opts: { code: string; workstation?: string; admin?: string }) => {
        // Through the router: an administrator of this workstation joins it (--as, or the account bound to one); a
        // database with nobody on it joins on the enrolment code alone (the unit server's administrator issued it).
        // How far bringing the caseload has got, on standard error (standard output keeps the answer).
        rt.onJoinProgress(seedProgressPrinter(rt));
        const joined = await rt.callTyped('sync/join', {
          url,
          code: opts.code,
          workstation: opts.workstation,
          ...(opts.admin ? { adminName: opts.admin, password: passwordFromEnvironment('--admin') } : {}),
        });
        if (rt.json) rt.printJson(joined);
        else
          rt.out(
            `Joined ${joined.prisonName} (${joined.prison}) at ${url}${joined.seeded ? `; this workstation's caseload became its first data (${joined.seeded} rows)` : ''}.`,
          );
      }),
    );

  program
    .command('sync')
    .description("send the changes made here to the unit server and take everyone else's")
    .action(
      withRuntime(async (rt) => {
        const report = await rt.app.sync.sync();
        if (rt.json)
          return rt.printJson({
            pushed: report.pushed,
            waiting: report.waiting,
            applied: report.applied,
            refused: report.refused,
            pulled: report.pulled,
          });
        rt.out(
          `Sent ${report.pushed} change(s): ${report.applied} accepted, ${report.refused.length} not accepted; received ${report.pulled} change(s).`,
        );
        for (const r of report.refused) rt.out(`  not accepted: ${r.description}: ${r.reason}`);
        for (const w of rt.app.sync.status().waitingForMaker) rt.out(`  waiting: ${w.words}`);
        return report.refused.length ? 1 : 0;
      }),
    );

  program
    .command('sync-status')
    .description(
      'whether this workstation is joined, when it last synced, what is waiting and what was not accepted',
    )
    .action(
      withRuntime(async (rt) => {
        const s = rt.app.sync.status();
        if (rt.json) return rt.printJson(s);
        if (!s.joined) return rt.out('Not joined to a unit server: this workstation keeps its own caseload.');
        rt.out(
          [
            `Joined to ${s.serverUrl} for ${s.prisonName} (${s.prison}).`,
            s.refusal
              ? `Refused by the unit server: ${s.refusal} ${s.pending} change(s) waiting.`
              : s.offlineSince
                ? `Offline since ${formatTimestampUk(s.offlineSince)}: ${s.pending} change(s) waiting.`
                : `Last synced ${s.lastSyncAt ? formatTimestampUk(s.lastSyncAt) : 'never'}; ${s.pending} change(s) waiting.`,
            // As the Unit server page lists them: what it was (its prisoner by name and number), who, when, and why.
            ...s.waitingForMaker.map((w) => `  waiting: ${w.words}`),
            ...s.notAccepted.map(
              (r) =>
                `  not accepted: ${r.description}, by ${r.actor} at ${formatTimestampUk(r.at)}: ${r.reason}`,
            ),
          ].join('\n'),
        );
      }),
    );

  program
    .command('transfer <prisonerNumber>')
    .description(
      "record that a prisoner went to another prison: his record goes to that prison's caseload on the unit server",
    )
    .requiredOption('--to <prison>', "the receiving prison's code, e.g. LEI")
    .requiredOption('--on <date>', 'the day he was transferred (YYYY-MM-DD)')
    .action(
      withRuntime(async (rt, prisonerNumber: string, opts: { to: string; on: string }) => {
        const joined = rt.app.sync.link();
        const done = await rt.callTyped('transfer/transfer-out', {
          prisonerNumber,
          toPrison: opts.to,
          on: opts.on,
        });
        if (rt.json) return rt.printJson(done);
        rt.out(
          `${done.prisonerNumber} transferred to ${done.toPrison} on ${done.on}: ${done.records} record(s) ${joined ? 'go to its caseload at the next sync' : 'left this caseload (this workstation is not joined to a unit server)'}.`,
        );
      }),
    );
}
