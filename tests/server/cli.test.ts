import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { costOf, PASSWORD_COST } from '../../electron/domain/credentials/hashing';
import { runCli } from '../../electron/cli';
import { runServerCli } from '../../server/cli';
import { tempDir } from '../support/temp';
import { bindThisAccount } from '../support/sign-in';

const OMU = path.resolve('bin/omu.mjs');
const SERVER = path.resolve('bin/omu-server.mjs');
const HEADER =
  'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,rosh,pom';

const run = (bin: string, args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
/**
 * The same command in this process (`runCli`, `runServerCli`): for the steps that set the scene around the real
 * processes this file is about (omu-server init, serve and the first enrolment; omu join and sync). Each real process
 * is about 0.4-0.6 CPU-s of Node starting and loading its bundle; eight of them here only prepared or read a file.
 */
const inProcess = async (cli: typeof runCli | typeof runServerCli, args: string[]) => {
  let stdout = '';
  let stderr = '';
  const code = await cli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
};
/** The embedded cluster's owner, as `omu-server --data DIR` keeps it (DIR/postgres.json). */
const ownerOf = (data: string) => {
  const cluster = JSON.parse(fs.readFileSync(path.join(data, 'postgres.json'), 'utf8')) as {
    port: number;
    ownerPassword: string;
  };
  return { host: '127.0.0.1', port: cluster.port, user: 'omu_owner', password: cluster.ownerPassword };
};
/** Whether something listens on the loopback port. */
const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
const codeIn = (text: string) => /([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})/.exec(text)?.[1] ?? '';

let serve: ChildProcess | null = null;
afterAll(async () => {
  // Not waited for when it has ended already (its 'exit' has been and gone).
  if (!serve || serve.exitCode !== null || serve.signalCode !== null) return;
  const done = new Promise((resolve) => serve!.once('exit', resolve));
  serve.kill('SIGTERM');
  await done;
});

describe('omu-server and omu join/sync, as real processes on an embedded PostgreSQL', () => {
  it('sets up a prison, enrols two workstations, and a caseload made on one reaches the other', async () => {
    const dir = tempDir('omu-unit-cli-');
    const data = path.join(dir, 'server');
    const init = run(SERVER, [
      '--data',
      data,
      'init',
      '--prison',
      'MDI',
      '--name',
      'HMP Moorland',
      '--admin',
      'Sam Admin',
    ]);
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(init.stdout).toMatch(/HMP Moorland \(MDI\) is set up\.\nSam Admin's one-time code: [A-Z2-9-]{14}/);

    // A standalone workstation with its own caseload.
    const wsA = path.join(dir, 'a.sqlite');
    const csv = path.join(dir, 'c.csv');
    fs.writeFileSync(
      csv,
      `${HEADER}\nA1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,01/06/2027,high,Sam Admin\n`,
    );
    expect((await inProcess(runCli, ['--db', wsA, 'init'])).code).toBe(0);
    // This computer account is bound to Sam Admin on A (as an administrator would bind it), so omu acts as Sam there.
    await bindThisAccount(wsA, 'Sam Admin', ['administrator', 'pom']);
    expect(
      (await inProcess(runCli, ['--db', wsA, '--today', '2026-11-22', 'import', 'caseload', csv])).code,
    ).toBe(0);

    const postmasterPid = path.join(data, 'pg', 'postmaster.pid');
    // Asked to serve on a port another program holds: says so and exits 1, and stops the cluster it started (it was
    // left running, holding the data folder).
    const portHolder = net.createServer();
    await new Promise<void>((resolve) => portHolder.listen(0, '127.0.0.1', resolve));
    const held = (portHolder.address() as AddressInfo).port;
    try {
      const refused = run(SERVER, ['--data', data, 'serve', '--port', String(held)]);
      expect(refused.stderr).toBe(
        `omu-server: listen EADDRINUSE: address already in use 127.0.0.1:${held}\n`,
      );
      expect(refused.code).toBe(1);
      expect(fs.existsSync(postmasterPid)).toBe(false);
    } finally {
      portHolder.close();
    }

    // On the port the system gives (--port 0), which it prints: a port picked here could be taken by the time it
    // listened (this test once picked one at random, in the range the system gives out to other programs).
    serve = spawn(process.execPath, [SERVER, '--data', data, 'serve', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let serveErr = '';
    serve.stderr!.on('data', (d: Buffer) => (serveErr += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      serve!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const said = /^omu-server listening on http:\/\/127\.0\.0\.1:(\d+)\n/.exec(out);
        if (said) resolve(Number(said[1]));
      });
      serve!.once('exit', (code) => reject(new Error(`omu-server serve exited ${code}: ${serveErr}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    expect(((await (await fetch(`${url}/api/health`)).json()) as { ok: boolean }).ok).toBe(true);

    // The administrator's first password is set with the one-time code on an enrolled workstation; here, through the API.
    const enrolSetup = codeIn(
      (await inProcess(runServerCli, ['--data', data, 'enrol', '--prison', 'MDI', '--workstation', 'setup']))
        .stdout,
    );
    const setup = (await (
      await fetch(`${url}/api/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: enrolSetup, workstation: 'setup' }),
      })
    ).json()) as { value: { token: string } };
    const password = 'a long demo passphrase';
    const set = await fetch(`${url}/api/set-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.value.token}` },
      body: JSON.stringify({ code: codeIn(init.stdout), password }),
    });
    expect(set.status).toBe(200);
    // The real server hashes a password at the full cost (PASSWORD_COST); the tests' own unit servers set theirs at a
    // low one (tests/support/unit-server.ts), so this is where the server's default cost is seen.
    const owner = new pg.Client({ ...ownerOf(data), database: 'omu' });
    await owner.connect();
    try {
      const { rows } = await owner.query<{ verifier: string }>('SELECT verifier FROM staff_credentials');
      expect(rows.map((r) => costOf(r.verifier))).toEqual([PASSWORD_COST]);
    } finally {
      await owner.end();
    }

    // The real `omu-server enrol`, beside the running `serve` (it joins the cluster that `serve` runs).
    const enrolA = run(SERVER, ['--data', data, 'enrol', '--prison', 'MDI', '--workstation', 'A']);
    expect(enrolA.stdout).toMatch(/Enrolment code for A: /);
    const joinA = run(
      OMU,
      ['--db', wsA, 'join', url, '--code', codeIn(enrolA.stdout), '--admin', 'Sam Admin', '--json'],
      { OMU_PASSWORD: password },
    );
    // Standard error says how far bringing the caseload has got; standard output keeps the answer.
    const seeded = (JSON.parse(joinA.stdout) as { seeded: number }).seeded;
    const total = seeded.toLocaleString('en-GB');
    const lines = joinA.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(`Sending the caseload to the unit server: 0 of ${total} rows`);
    expect(lines).toContain(`Sending the caseload to the unit server: ${total} of ${total} rows`);
    expect(lines).toContain(`The unit server is writing it: ${total} of ${total} rows`);
    // Then the prison's caseload taken here (the server's set-up rows besides this workstation's).
    expect(lines.at(-1)).toMatch(/^Taking the prison's caseload from the unit server: ([\d,]+) of \1 rows$/);
    expect(JSON.parse(joinA.stdout)).toMatchObject({ prison: 'MDI', prisonName: 'HMP Moorland' });

    const wsB = path.join(dir, 'b.sqlite');
    expect((await inProcess(runCli, ['--db', wsB, 'init'])).code).toBe(0);
    const joinB = run(OMU, [
      '--db',
      wsB,
      'join',
      url,
      '--code',
      codeIn(
        (await inProcess(runServerCli, ['--data', data, 'enrol', '--prison', 'MDI', '--workstation', 'B']))
          .stdout,
      ),
    ]);
    expect(joinB.stdout).toMatch(/^Joined HMP Moorland \(MDI\)/);
    // A join that brings nothing says how far taking the prison's caseload has got.
    const taking = joinB.stderr.trimEnd().split('\n');
    expect(taking[0]).toMatch(/^Taking the prison's caseload from the unit server: 0 of [\d,]+ rows$/);
    expect(taking.at(-1)).toMatch(/^Taking the prison's caseload from the unit server: ([\d,]+) of \1 rows$/);
    const prisoner = await inProcess(runCli, ['--db', wsB, 'prisoner', 'A1111AA', '--json']);
    expect(JSON.parse(prisoner.stdout)).toMatchObject({ prisonerNumber: 'A1111AA', surname: 'SMITH' });

    const sync = run(OMU, ['--db', wsB, 'sync', '--json']);
    expect(JSON.parse(sync.stdout)).toEqual({ pushed: 0, waiting: 0, applied: 0, refused: [], pulled: 0 });
    const status = JSON.parse((await inProcess(runCli, ['--db', wsB, 'sync-status', '--json'])).stdout);
    expect(status).toMatchObject({
      joined: true,
      prison: 'MDI',
      pending: 0,
      offlineSince: null,
      notAccepted: [],
    });

    // Stopped as a service manager stops it (SIGTERM) while a request is under way (an enrolment whose insert waits
    // for the devices table, held here): the request is answered, then the server closes its connections and stops
    // its cluster, and ends with 0, saying nothing. The embedded package's own listener stopped the cluster at once,
    // under the request (answered 500) and the connections still open, and could end the process with 143 first.
    const asOwner = () => {
      const c = new pg.Client({ ...ownerOf(data), database: 'omu' });
      // The cluster stops at the end of this test: these connections may be closed by it.
      c.on('error', () => undefined);
      return c;
    };
    const enrolC = codeIn(
      (await inProcess(runServerCli, ['--data', data, 'enrol', '--prison', 'MDI', '--workstation', 'C']))
        .stdout,
    );
    const holder = asOwner();
    const watcher = asOwner();
    await holder.connect();
    await watcher.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE devices IN EXCLUSIVE MODE');
    const enrolling = fetch(`${url}/api/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: enrolC, workstation: 'C' }),
    }).then(async (r) => ({
      status: r.status,
      connection: r.headers.get('connection'),
      body: (await r.json()) as unknown,
    }));
    await vi.waitFor(
      async () =>
        expect(
          (
            await watcher.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'insert into "devices"%'`,
            )
          ).rows[0]!.n,
        ).toBe(1),
      { timeout: 120_000, interval: 20 },
    );
    await watcher.end();
    const ended = new Promise<[number | null, string | null]>((resolve) =>
      serve!.once('close', (code, signal) => resolve([code, signal])),
    );
    serve.kill('SIGTERM');
    // It stops listening first: its stop is under way.
    await vi.waitFor(async () => expect(await portOpen(port)).toBe(false), {
      timeout: 120_000,
      interval: 20,
    });
    await holder.query('ROLLBACK').catch(() => undefined);
    await holder.end().catch(() => undefined);
    // Answered, and its connection closed with it: kept open for its next request, it held the stop for the
    // keep-alive time (72 s).
    expect(await enrolling).toMatchObject({
      status: 200,
      connection: 'close',
      body: { ok: true, value: { prison: 'MDI' } },
    });
    expect(await ended).toEqual([0, null]);
    expect(serveErr).toBe('');
    expect(fs.existsSync(postmasterPid)).toBe(false);
  }, 400_000);
});
