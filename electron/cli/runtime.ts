import path from 'node:path';
import { openApp, defaultDataDir, type OmuApp } from '../app/omu-app';
import { createRouter, type Router } from '../api/router';
import type { OpInput, OpName, OpResult } from '../api/contract';
import { isIsoDate } from '../domain/shared/dates';
import { DatabaseMissingError } from '../../db/open';
import { LockConflictError } from '../../db/database-lock';
import { CliError } from './errors';

/** On a terminal an internal error is one line (the router's message); OMU_DEBUG=1 adds where it happened. */
function cliInternalError(name: string, e: unknown): void {
  if (process.env.OMU_DEBUG) process.stderr.write(`omu: ${name} failed: ${e instanceof Error ? e.stack : String(e)}\n`);
}

export interface GlobalOptions {
  db?: string;
  today?: string;
  as?: string;
  json?: boolean;
}

export { CliError };

export interface CliRuntime {
  app: OmuApp;
  router: Router;
  json: boolean;
  call<K extends OpName>(name: K, input: OpInput<K>): Promise<OpResult<K>>;
  /** As `call`, for input typed by a person on the command line: the operation's schema checks it and names the field. */
  callTyped<K extends OpName>(name: K, input: unknown): Promise<OpResult<K>>;
  out(text: string): void;
  printJson(value: unknown): void;
}

export const defaultDbFile = () => path.join(defaultDataDir(), 'omu-desk.sqlite');

export function openRuntime(opts: GlobalOptions, io: { stdout: (s: string) => void; stderr?: (s: string) => void }, { create = false, command = 'omu', reportsAudit = false } = {}): CliRuntime {
  if (opts.today !== undefined && !isIsoDate(opts.today)) throw new CliError(`--today must be a real date as YYYY-MM-DD, not "${opts.today}"`, 2);
  const dbFile = opts.db ?? defaultDbFile();
  let app: OmuApp;
  try {
    app = openApp({ dbFile, today: opts.today, actAsOsAccount: true, create, door: 'cli', command });
  } catch (e) {
    if (e instanceof DatabaseMissingError) throw new CliError(`${e.message}. Check --db, or create one with: omu --db ${JSON.stringify(e.file)} init`, 2);
    if (e instanceof LockConflictError) throw new CliError(e.message, 1);
    throw e;
  }
  for (const notice of app.notices) if (!(reportsAudit && notice === app.opened.audit.message)) io.stderr?.(`omu: ${notice}\n`);
  const router = createRouter(app, 'cli', { onInternalError: cliInternalError });
  if (opts.as) {
    const member = app.services.staff.findByName(opts.as);
    if (!member) {
      app.close();
      throw new CliError(`--as: there is no staff member called "${opts.as}"`, 2);
    }
    app.session.signIn(member.id, false, new Date().toISOString());
  }
  return {
    app,
    router,
    json: !!opts.json,
    callTyped(name, input) {
      return this.call(name, input as never);
    },
    async call(name, input) {
      const res = await router.handle(name, input);
      if (!res.ok && res.error.code === 'internal') throw new CliError(`${name} failed inside OMU Desk: ${res.error.message} (OMU_DEBUG=1 shows where)`, 1);
      if (!res.ok) throw new CliError(res.error.field ? `${res.error.message} (${res.error.field})` : res.error.message, 1);
      return res.value as OpResult<typeof name>;
    },
    out: (text) => io.stdout(text.endsWith('\n') ? text : `${text}\n`),
    printJson: (value) => io.stdout(`${JSON.stringify(value, null, 2)}\n`),
  };
}
