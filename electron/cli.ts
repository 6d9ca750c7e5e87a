import { Command, CommanderError } from 'commander';
import { CliError } from './cli/errors';
import type { CliRuntime, GlobalOptions } from './cli/runtime';
import type { CliSecrets } from './cli/runtime';
import { registerStaffCommands } from './cli/staff-commands';
import { registerCaseloadCommands } from './cli/caseload-commands';
import { registerDueCommands } from './cli/due-commands';
import { registerIrmtCommands } from './cli/irmt-commands';
import { registerCategorisationCommands } from './cli/categorisation-commands';
import { registerReleaseCommands } from './cli/release-commands';
import { registerHandoverPackCommands } from './cli/handover-pack-commands';
import { registerSyncCommands } from './cli/sync-commands';
import { registerAuditCommands } from './cli/audit-commands';
import { APP_VERSION } from './api/version';
import type { ScryptCost } from './domain/credentials/hashing';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Where OMU_PASSWORD and friends are read (default process.env). */
  env?: Record<string, string | undefined>;
  /** The terminal asked for a password when none is in the environment (default process.stdin). */
  stdin?: CliSecrets['stdin'];
  /**
   * The scrypt cost of new password and one-time code hashes (default: the full cost). Only a caller in the same
   * process can set it, as the tests do to stay quick (tests/integration/cli/usage.test.ts); the command line cannot.
   */
  passwordHashCost?: ScryptCost;
}

/** Options of one command's runtime: `signIn: 'later'` keeps --as from signing in (setting a first password). */
export interface RuntimeOptions {
  signIn?: 'now' | 'later';
}

/** Which global options each command took on as its own (a command's own option of the same name stays its own). */
const globalsOf = new WeakMap<Command, Set<string>>();

function addGlobalOptions(cmd: Command): Command {
  const added = new Set<string>();
  const add = (flags: string, key: string, description: string) => {
    if (cmd.options.some((o) => o.attributeName() === key)) return;
    cmd.option(flags, description);
    added.add(key);
  };
  add(
    '--db <file>',
    'db',
    "the OMU Desk database file (default: the app's own database in your user data folder)",
  );
  add('--today <YYYY-MM-DD>', 'today', 'the date to work as of (default: today in Europe/London)');
  add(
    '--as <name>',
    'as',
    'act as this member of staff: asks for their password (or reads OMU_PASSWORD) unless your computer account is bound to them (default: the person your computer account is bound to)',
  );
  add('--json', 'json', 'print data as JSON');
  globalsOf.set(cmd, added);
  return cmd;
}

/** Whether a command has opened the database in this process (not only help or a usage error): bin/omu.mjs keeps its code cache by it. */
let commandRan = false;
export const ranCommand = (): boolean => commandRan;

function leaves(cmd: Command): Command[] {
  return cmd.commands.length ? cmd.commands.flatMap(leaves) : [cmd];
}

/**
 * A command line as parsed: the command (its words), what its action is given (its arguments, then its own options,
 * without the global ones) and the global options (given before or after the command), which its runtime opens with.
 * The command runs with exactly these, so two command lines that parse to equal calls do the same thing: the usage
 * test (tests/integration/cli/usage.test.ts) runs each distinct call once and checks that every other order of its
 * options parses to it.
 */
export interface CliCall {
  command: string;
  args: unknown[];
  globals: GlobalOptions;
}

/** Parses `omu`'s arguments (without node and script) as runCli does, without running the command: the call, or an exit code. */
export async function parseCli(
  argv: string[],
  io: Pick<CliIo, 'stdout' | 'stderr'>,
): Promise<{ call: CliCall } | { exitCode: number }> {
  let parsed: CliCall | null = null;
  const exitCode = await parseAndRun(argv, io, (call) => {
    parsed = call;
    return Promise.resolve(0);
  });
  return parsed ? { call: parsed } : { exitCode };
}

/** Runs `omu` with the given arguments (without node and script) and returns the exit code. */
export async function runCli(
  argv: string[],
  io: CliIo = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
): Promise<number> {
  const secrets: CliSecrets = {
    env: io.env ?? process.env,
    // Read when a password is asked for: process.stdin makes a stream of the terminal or pipe the first time it is read.
    get stdin() {
      return io.stdin ?? process.stdin;
    },
    stderr: io.stderr,
  };
  return parseAndRun(argv, io, async (call, fn, runtimeOptions) => {
    const opts = call.globals;
    const words = call.command.split(' ');
    // The command without its arguments (a prisoner's number), as its failures are said and logged.
    const where = `omu ${call.command}`;
    words.push(...call.args.filter((a): a is string => typeof a === 'string'));
    // The database, the services and the API are loaded only once a command that needs them has been parsed,
    // so that help and usage errors cost no more than commander.
    const { openRuntime, cliFailure, defaultDbFile } = await import('./cli/runtime');
    let rt: CliRuntime;
    try {
      rt = openRuntime(opts, io, secrets, {
        // Only `omu init` creates a database: a mistyped --db elsewhere must not make an empty one and answer from it.
        create: call.command === 'init',
        command: `omu ${words.join(' ')}`,
        // `omu audit verify` reports a broken audit chain itself, once.
        reportsAudit: words.join(' ') === 'audit verify',
      });
    } catch (e) {
      throw cliFailure(e, opts.db ?? defaultDbFile(), where);
    }
    commandRan = true;
    try {
      if (opts.as && runtimeOptions.signIn !== 'later') await rt.signIn();
      const code = await fn(rt, ...call.args);
      return typeof code === 'number' ? code : 0;
    } catch (e) {
      throw cliFailure(e, rt.app.errorLog, where);
    } finally {
      rt.app.close();
    }
  });
}

type Action = (rt: CliRuntime, ...args: unknown[]) => Promise<number | void>;

/** Parses the arguments with commander and hands the parsed call to `execute`; the exit code. */
async function parseAndRun(
  argv: string[],
  io: Pick<CliIo, 'stdout' | 'stderr'>,
  execute: (call: CliCall, fn: Action, runtimeOptions: RuntimeOptions) => Promise<number>,
): Promise<number> {
  let exitCode = 0;
  const program = addGlobalOptions(new Command('omu'))
    .description('OMU Desk from a terminal: the same services as the app, on the same database')
    .version(APP_VERSION)
    // Options before the command are the program's; after it, the command's own (which include the global ones, so
    // they may come in any order), so a command's `--json FILE` is never taken for the global `--json` flag.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();

  const withRuntime =
    <A extends unknown[]>(
      fn: (rt: CliRuntime, ...args: A) => Promise<number | void>,
      runtimeOptions: RuntimeOptions = {},
    ) =>
    async (...args: unknown[]) => {
      // commander gives the action its arguments, its options and the command.
      const command = args.at(-1) as Command;
      const own = globalsOf.get(command) ?? new Set<string>();
      const options = command.opts();
      const given = Object.entries(options).filter(([k, v]) => own.has(k) && v !== undefined);
      const globals: GlobalOptions = { ...program.opts<GlobalOptions>(), ...Object.fromEntries(given) };
      // The command's own options, without the global ones it took on (they are in `globals`).
      const ownOptions = Object.fromEntries(Object.entries(options).filter(([k]) => !own.has(k)));
      const words: string[] = [];
      for (let c: Command | null = command; c && c !== program; c = c.parent) words.unshift(c.name());
      const call: CliCall = { command: words.join(' '), args: [...args.slice(0, -2), ownOptions], globals };
      exitCode = await execute(call, fn as Action, runtimeOptions);
    };

  registerCaseloadCommands(program, withRuntime);
  registerDueCommands(program, withRuntime);
  registerIrmtCommands(program, withRuntime);
  registerCategorisationCommands(program, withRuntime);
  registerReleaseCommands(program, withRuntime);
  registerHandoverPackCommands(program, withRuntime);
  registerSyncCommands(program, withRuntime);
  registerAuditCommands(program, withRuntime);
  registerStaffCommands(program, withRuntime);
  // Each command takes the global options too, added when commander is about to run it (or show its help): adding them
  // to all seventy-odd commands on every call cost more than the rest of the command list (issue 18 item 2).
  const giveGlobalOptions = (cmd: Command) => {
    for (const leaf of leaves(cmd)) if (!globalsOf.has(leaf)) addGlobalOptions(leaf);
  };
  program.hook('preSubcommand', (_program, sub) => giveGlobalOptions(sub));
  // `omu help NAME` shows NAME's help without running the hook.
  if (argv.includes('help')) giveGlobalOptions(program);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
        ? 0
        : 2;
    }
    if (e instanceof CliError) {
      io.stderr(`omu: ${e.message}\n`);
      return e.exitCode;
    }
    io.stderr(`omu: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  return exitCode;
}

const invokedDirectly = process.argv[1] && /cli\.(ts|js|cjs|mjs)$/.test(process.argv[1]);
if (invokedDirectly)
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
