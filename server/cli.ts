import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import {
  connectServerDb,
  defaultServerDataDir,
  migrateServerDb,
  startEmbedded,
  takeOverStopSignals,
  type Postgres,
} from './db/postgres';
import { createUnit } from './unit';
import { verifyServerAudit } from './audit-chain';
import { failureLine } from '../electron/domain/shared/errors';

/**
 * `omu-server`: sets up and runs a unit server. Its data is PostgreSQL: embedded in `--data DIR` by default, or
 * the platform's own when DATABASE_URL is set (then --data is not needed; DATABASE_APP_URL, if set, is the
 * role the server runs as, which may not rewrite the audit).
 */

/** The signals `serve` stops on. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

/** Whether a command has opened the database in this process (not only help or a usage error): bin/omu-server.mjs keeps its code cache by it. */
let commandRan = false;
export const ranCommand = (): boolean => commandRan;

/** The database: the URL given, or the embedded cluster in the data folder (joined if a `serve` already runs it). */
async function openStore(
  dataDir: string | undefined,
): Promise<{ url: string; ownerUrl: string; stop(): Promise<void> }> {
  commandRan = true;
  if (process.env.DATABASE_URL) {
    await migrateServerDb(
      process.env.DATABASE_URL,
      process.env.DATABASE_APP_URL ? new URL(process.env.DATABASE_APP_URL).username : null,
    );
    return {
      url: process.env.DATABASE_APP_URL ?? process.env.DATABASE_URL,
      ownerUrl: process.env.DATABASE_URL,
      stop: async () => undefined,
    };
  }
  const dir = path.resolve(dataDir ?? defaultServerDataDir());
  const configFile = path.join(dir, 'postgres.json');
  if (fs.existsSync(configFile) && fs.existsSync(path.join(dir, 'pg', 'postmaster.pid'))) {
    const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as {
      port: number;
      ownerPassword: string;
      appPassword: string;
    };
    if (await portOpen(config.port)) {
      const base = `postgres://%s@127.0.0.1:${config.port}/omu`;
      return {
        url: base.replace('%s', `omu_app:${encodeURIComponent(config.appPassword)}`),
        ownerUrl: base.replace('%s', `omu_owner:${encodeURIComponent(config.ownerPassword)}`),
        stop: async () => undefined,
      };
    }
  }
  const cluster: Postgres = await startEmbedded(dir);
  try {
    await migrateServerDb(cluster.ownerUrl, 'omu_app');
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  return cluster;
}

export async function runServerCli(
  argv: string[],
  io: Io = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
): Promise<number> {
  const program = new Command('omu-server')
    .description('the OMU Desk unit server: one caseload for the unit, shared by its workstations')
    .option('--data <dir>', 'folder of the embedded PostgreSQL (not needed when DATABASE_URL is set)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();
  const withUnit =
    <A extends unknown[]>(fn: (unit: ReturnType<typeof createUnit>, ...args: A) => Promise<void>) =>
    async (...args: A) => {
      const store = await openStore(program.opts<{ data?: string }>().data);
      const { pool, close } = connectServerDb(store.url, 2, io.stderr);
      try {
        await fn(createUnit(pool), ...args);
      } finally {
        await close();
        await store.stop();
      }
    };

  program
    .command('init')
    .description("set up a prison and its first administrator; prints that person's one-time code")
    .requiredOption('--prison <code>', 'the prison code, e.g. MDI')
    .requiredOption('--name <name>', "the prison's name, e.g. HMP Moorland")
    .requiredOption('--admin <name>', 'the first administrator')
    .action(
      withUnit(async (unit, opts: { prison: string; name: string; admin: string }) => {
        const made = await unit.initPrison({ code: opts.prison, name: opts.name, adminName: opts.admin });
        io.stdout(
          `${opts.name} (${opts.prison.toUpperCase()}) is set up.\n${opts.admin}'s one-time code: ${made.code} (until ${made.expiresAt}).\n` +
            'Enrol a workstation (omu-server enrol), join it (omu join URL --code CODE), then sign in there with this code to set a password.\n',
        );
      }),
    );

  program
    .command('enrol')
    .description('issue a one-time code that enrols a workstation to a prison')
    .requiredOption('--prison <code>', 'the prison code')
    .requiredOption('--workstation <name>', "the workstation's name, e.g. OMU-PC-01")
    .action(
      withUnit(async (unit, opts: { prison: string; workstation: string }) => {
        const issued = await unit.issueEnrolment({
          prison: opts.prison,
          workstation: opts.workstation,
          issuedBy: 'omu-server enrol',
        });
        io.stdout(
          `Enrolment code for ${opts.workstation}: ${issued.code} (until ${issued.expiresAt}).\nOn the workstation: omu join URL --code ${issued.code}\n`,
        );
      }),
    );

  program
    .command('workstations')
    .description("list a prison's workstations, enrolled and removed")
    .requiredOption('--prison <code>', 'the prison code')
    .option('--json', 'print the list as JSON')
    .action(
      withUnit(async (unit, opts: { prison: string; json?: boolean }) => {
        const list = await unit.workstations(opts.prison);
        if (opts.json) io.stdout(`${JSON.stringify(list, null, 2)}\n`);
        else if (!list.length) io.stdout(`No workstation is enrolled at ${opts.prison.toUpperCase()}.\n`);
        else
          for (const w of list)
            io.stdout(
              `${w.name}  enrolled ${w.enrolledAt}${w.removedAt ? `  REMOVED ${w.removedAt}` : ''}  (${w.id})\n`,
            );
      }),
    );

  program
    .command('remove-workstation')
    .description('remove a workstation (lost or retired): every request it makes is refused from then on')
    .requiredOption('--prison <code>', 'the prison code')
    .requiredOption('--workstation <name>', 'the name it was enrolled with')
    .action(
      withUnit(async (unit, opts: { prison: string; workstation: string }) => {
        const { removed } = await unit.removeWorkstation({
          prison: opts.prison,
          workstation: opts.workstation,
          removedBy: 'omu-server remove-workstation',
        });
        io.stdout(
          `Removed ${removed.length === 1 ? `workstation ${removed[0]!.name}` : `${removed.length} workstations named ${opts.workstation}`}: the unit server refuses it from now on. Changes it had not sent are not applied; to use it again, enrol it with a new code.\n`,
        );
      }),
    );

  program
    .command('reset-password')
    .description(
      "issue a one-time code for a member of staff's new password (their old one stops working when it is used)",
    )
    .requiredOption('--prison <code>', 'the prison code')
    .requiredOption('--staff <name>', 'the member of staff, as named on the staff list')
    .action(
      withUnit(async (unit, opts: { prison: string; staff: string }) => {
        const issued = await unit.issueStaffCode({
          prison: opts.prison,
          staffName: opts.staff,
          issuedBy: 'omu-server reset-password',
        });
        io.stdout(`One-time code: ${issued.code} (until ${issued.expiresAt}).\n`);
      }),
    );

  program
    .command('verify-audit')
    .description(
      "check the server's audit: every prison's hash chain, entry by entry (exit 1 if an entry was changed, removed or slipped in)",
    )
    .option('--prison <code>', 'one prison only')
    .option('--json', 'print the result as JSON')
    .action(
      withUnit(async (unit, opts: { prison?: string; json?: boolean }) => {
        const checks = await verifyServerAudit(unit.db, opts.prison?.trim().toUpperCase());
        if (opts.json) io.stdout(`${JSON.stringify(checks, null, 2)}\n`);
        else {
          for (const c of checks) {
            const name = c.prison || '(no prison)';
            io.stdout(
              c.intact
                ? `${name}: ${c.entries} entries, chain intact; last entry ${c.head?.seq ?? '-'}, hash ${c.head?.hash ?? '-'}\n`
                : `${name}: ${c.entries} entries, CHAIN BROKEN from entry ${c.firstBroken ?? '?'}:\n${c.problems.map((p) => `  - ${p.text}\n`).join('')}`,
            );
          }
          if (!checks.length) io.stdout('The server audit has no entries.\n');
        }
        const broken = checks.filter((c) => !c.intact);
        if (broken.length)
          throw new Error(
            `the server audit has been tampered with (${broken.map((c) => `${c.prison || 'no prison'} from entry ${c.firstBroken ?? '?'}`).join('; ')}): keep this database as it is, and compare it with a backup`,
          );
      }),
    );

  program
    .command('serve')
    .description('run the unit server until stopped')
    .option('--port <port>', 'port to listen on', '8443')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--tls-cert <file>', "the server's certificate (PEM, with its chain): serve HTTPS")
    .option('--tls-key <file>', "the certificate's private key (PEM)")
    .option(
      '--keep-alive-timeout <ms>',
      'how long an idle connection is kept for its next request (default 72000; behind a load balancer, longer than its idle timeout)',
    )
    .action(
      async (opts: {
        port: string;
        host: string;
        tlsCert?: string;
        tlsKey?: string;
        keepAliveTimeout?: string;
      }) => {
        if (!!opts.tlsCert !== !!opts.tlsKey)
          throw new Error(
            '--tls-cert and --tls-key go together: give both, or neither (plain HTTP only behind a TLS proxy or on 127.0.0.1)',
          );
        const https =
          opts.tlsCert && opts.tlsKey
            ? { cert: fs.readFileSync(opts.tlsCert), key: fs.readFileSync(opts.tlsKey) }
            : undefined;
        if (!https && !['127.0.0.1', '::1', 'localhost'].includes(opts.host)) {
          io.stderr(
            `omu-server: serving plain HTTP on ${opts.host}: put TLS in front of it (a reverse proxy or the platform's load balancer), or give --tls-cert and --tls-key\n`,
          );
        }
        const keepAliveTimeoutMs =
          opts.keepAliveTimeout === undefined ? undefined : Number(opts.keepAliveTimeout);
        if (
          keepAliveTimeoutMs !== undefined &&
          !(Number.isInteger(keepAliveTimeoutMs) && keepAliveTimeoutMs > 0)
        )
          throw new Error(
            `--keep-alive-timeout must be a whole number of milliseconds above 0, not "${opts.keepAliveTimeout}"`,
          );
        const store = await openStore(program.opts<{ data?: string }>().data);
        // Stopped in order on SIGINT, SIGTERM or SIGHUP: the HTTP server (requests under way are answered), the
        // connections, then the cluster. A second signal stops the cluster at once.
        takeOverStopSignals();
        let stopAsked = () => undefined as void;
        const stopping = new Promise<void>((resolve) => (stopAsked = resolve));
        let signalled = false;
        const onSignal = (signal: NodeJS.Signals) => {
          if (signalled)
            void store.stop().finally(() => process.exit(128 + (os.constants.signals[signal] ?? 0)));
          signalled = true;
          stopAsked();
        };
        for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
        const { pool, close } = connectServerDb(store.url, 20, io.stderr);
        // Whatever fails (the port taken, a certificate refused), the cluster this command started is stopped:
        // it was left running, holding the data folder.
        try {
          // The HTTP server (fastify) is loaded by `serve` alone: the other commands never answer a request.
          const { createHttpServer } = await import('./http');
          const http = createHttpServer(createUnit(pool), { https, keepAliveTimeoutMs });
          try {
            await http.listen({ host: opts.host, port: Number(opts.port) });
            // The port it listens on: the one asked for, or the one the system gave for --port 0.
            const { port } = http.server.address() as AddressInfo;
            io.stdout(`omu-server listening on ${https ? 'https' : 'http'}://${opts.host}:${port}\n`);
            await stopping;
          } finally {
            await http.close();
          }
        } finally {
          for (const signal of STOP_SIGNALS) process.removeListener(signal, onSignal);
          await close();
          await store.stop();
        }
      },
    );

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError)
      return e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.help' ||
        e.code === 'commander.version'
        ? 0
        : 2;
    // A failed query's message carries its parameters (drizzle's), a PostgreSQL data exception the value it refused:
    // said without them.
    io.stderr(`omu-server: ${failureLine(e)}\n`);
    return 1;
  }
  return 0;
}
