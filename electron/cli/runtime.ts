import path from 'node:path';
import { openApp, defaultDataDir, type OmuApp } from '../app/omu-app';
import { createRouter, type Router } from '../api/router';
import type { ApiError, OpInput, OpName, OpResult } from '../api/contract';
import { isIsoDate } from '../domain/shared/dates';
import { DatabaseMissingError } from '../../db/open';
import { LockConflictError } from '../../db/database-lock';
import { CliError } from './errors';
import { AppError, loggedError } from '../domain/shared/errors';
import { failureMessage } from '../api/errors';
import { defaultErrorLogFile, errorLog, type ErrorLog } from '../app/error-log';
import { promptHidden, type PromptInput } from './prompt';
import type { ScryptCost } from '../domain/credentials/hashing';
import type { FolderWriter } from '../documents/delivery';
import type { SeedProgress } from '../sync/engine';

/**
 * On a terminal an unexpected failure is one line (the router's sentence, its reference and the log's file); OMU_DEBUG=1
 * adds the log's entry (as loggedError gives it: without a failed query's values).
 */
function cliInternalError(name: string, e: unknown, reference?: string): void {
  if (process.env.OMU_DEBUG)
    process.stderr.write(`omu: ${name} failed${reference ? ` (${reference})` : ''}: ${loggedError(e)}\n`);
}

export interface GlobalOptions {
  db?: string;
  today?: string;
  as?: string;
  json?: boolean;
}

export { CliError };

/** Where the command line reads secrets from: the environment (scripts), else a prompt on the terminal. */
export interface CliSecrets {
  env: Record<string, string | undefined>;
  stdin: PromptInput;
  stderr: (s: string) => void;
}

export interface CliRuntime {
  app: OmuApp;
  router: Router;
  json: boolean;
  /** The --as name, if one was given. */
  as: string | null;
  call<K extends OpName>(name: K, input: OpInput<K>): Promise<OpResult<K>>;
  /** As `call`, for input typed by a person on the command line: the operation's schema checks it and names the field. */
  callTyped<K extends OpName>(name: K, input: unknown): Promise<OpResult<K>>;
  /** Signs in now (as --as, else as the person this computer account is bound to); false when there is nobody to sign in as. */
  signIn(): Promise<boolean>;
  /** A secret from the environment variable, else asked for on the terminal without echo. */
  secret(envName: string, prompt: string): Promise<string>;
  /** Where the exports of the next operations go (`--out-dir`, the folder of `--out`): the app's folder dialog's answer. */
  writeInto(writer: FolderWriter): void;
  /** Called with each step of a join bringing this workstation's caseload to the unit server. */
  onJoinProgress(print: (p: SeedProgress) => void): void;
  out(text: string): void;
  /** A line about how a long command is getting on, on standard error (standard output keeps its answer). */
  progress(text: string): void;
  printJson(value: unknown): void;
}

export const defaultDbFile = () => path.join(defaultDataDir(), 'omu-desk.sqlite');

const message = (e: ApiError) =>
  e.field && !['password', 'code'].includes(e.field) ? `${e.message} (${e.field})` : e.message;

/**
 * Opens the database for one command. Nobody is signed in until an operation needs it: then `--as NAME` signs in
 * with NAME's password (OMU_PASSWORD, or a prompt without echo on a terminal), unless this computer account is bound
 * to NAME; without `--as`, the person the computer account is bound to. Reading needs no sign-in (whoever runs the
 * command can read the file anyway); a change with nobody to sign in as is refused by the router.
 */
export function openRuntime(
  opts: GlobalOptions,
  io: { stdout: (s: string) => void; stderr?: (s: string) => void; passwordHashCost?: ScryptCost },
  secrets: CliSecrets,
  { create = false, command = 'omu', reportsAudit = false } = {},
): CliRuntime {
  if (opts.today !== undefined && !isIsoDate(opts.today))
    throw new CliError(`--today must be a real date as YYYY-MM-DD, not "${opts.today}"`, 2);
  const dbFile = opts.db ?? defaultDbFile();
  let app: OmuApp;
  // The folder an export goes into: the one the command names (rt.writeInto), as the desktop app's dialog chooses one.
  let folder: FolderWriter | null = null;
  try {
    app = openApp({
      dbFile,
      today: opts.today,
      create,
      door: 'cli',
      command,
      passwordHashCost: io.passwordHashCost,
      chooseFolder: () => Promise.resolve(folder),
    });
  } catch (e) {
    if (e instanceof DatabaseMissingError)
      throw new CliError(
        `${e.message}. Check --db, or create one with: omu --db ${JSON.stringify(e.file)} init`,
        2,
      );
    if (e instanceof LockConflictError) throw new CliError(e.message, 1);
    throw e;
  }
  for (const notice of app.notices)
    if (!(reportsAudit && notice === app.opened.audit.message)) io.stderr?.(`omu: ${notice}\n`);
  let joinProgress: ((p: SeedProgress) => void) | null = null;
  const router = createRouter(app, 'cli', {
    onInternalError: cliInternalError,
    onJoinProgress: (p) => joinProgress?.(p),
  });
  if (opts.as && !app.services.staff.findByName(opts.as)) {
    app.close();
    throw new CliError(`--as: there is no member of staff called "${opts.as}"`, 2);
  }
  let password: string | null = null;

  async function secret(envName: string, prompt: string): Promise<string> {
    const fromEnv = secrets.env[envName];
    if (fromEnv) return fromEnv;
    if (!secrets.stdin.isTTY)
      throw new CliError(
        `${prompt.replace(/:\s*$/, '')} is needed: type it when asked on a terminal, or set ${envName}`,
        1,
      );
    return promptHidden(prompt, secrets.stdin, secrets.stderr);
  }

  const send = (name: OpName, input: unknown) => router.handle(name, input);

  const rt: CliRuntime = {
    app,
    router,
    json: !!opts.json,
    as: opts.as ?? null,
    callTyped(name, input) {
      return rt.call(name, input as never);
    },
    async signIn() {
      if (app.session.state === 'signed-in') return true;
      const bound = await app.credentials.boundTo(app.osAccount);
      const member = opts.as ? app.services.staff.findByName(opts.as)! : null;
      if (member ? bound === member.id : bound) {
        const res = await send('session/sign-in-with-computer-account', {});
        if (!res.ok) throw new CliError(message(res.error), 1);
        return true;
      }
      if (!member) return false;
      password = await secret('OMU_PASSWORD', `Password for ${member.name}: `);
      const res = await send('session/sign-in', { name: member.name, password });
      if (!res.ok) throw new CliError(`--as ${member.name}: ${message(res.error)}`, 1);
      return true;
    },
    secret,
    writeInto(writer) {
      folder = writer;
    },
    onJoinProgress(print) {
      joinProgress = print;
    },
    async call(name, input) {
      let res = await send(name, input);
      if (
        !res.ok &&
        (res.error.code === 'not-signed-in' || res.error.code === 'not-identified') &&
        app.session.state === 'signed-out'
      ) {
        if (await rt.signIn()) res = await send(name, input);
      }
      if (!res.ok && res.error.code === 'reauthentication-required') {
        const again = password ?? (await secret('OMU_PASSWORD', `${res.error.message} Password: `));
        const confirmed = await send('session/reauthenticate', { password: again, operation: name });
        if (!confirmed.ok) throw new CliError(message(confirmed.error), 1);
        res = await send(name, input);
      }
      if (!res.ok && res.error.code === 'internal')
        throw new CliError(
          res.error.reference
            ? `${name} failed. ${res.error.message} The log: ${app.errorLog.file}`
            : `${name} failed: ${res.error.message}`,
          1,
        );
      if (!res.ok) throw new CliError(message(res.error), 1);
      return res.value as OpResult<typeof name>;
    },
    out: (text) => io.stdout(text.endsWith('\n') ? text : `${text}\n`),
    progress: (text) => io.stderr?.(`${text}\n`),
    printJson: (value) => io.stdout(`${JSON.stringify(value, null, 2)}\n`),
  };
  return rt;
}

/**
 * A failure of a command outside the router (opening the database, writing its output) as the command line says it,
 * exit 1 (electron/api/errors.ts: failureMessage); never an unexpected error's own message, which can carry case data.
 */
export function cliFailure(e: unknown, log: ErrorLog | string, where: string): unknown {
  if (e instanceof CliError) return e;
  if (e instanceof AppError)
    return new CliError(message({ code: e.code, message: e.message, field: e.field }), 1);
  const errors = typeof log === 'string' ? errorLog(defaultErrorLogFile(log)) : log;
  const said = failureMessage(e, errors, where);
  if (said.reference) cliInternalError(where, e, said.reference);
  return new CliError(said.reference ? `${where} failed. ${said.message}` : said.message, 1);
}
