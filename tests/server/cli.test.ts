import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { costOf, PASSWORD_COST } from '../../electron/domain/credentials/hashing';
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
const codeIn = (text: string) => /([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})/.exec(text)?.[1] ?? '';

let serve: ChildProcess | null = null;
afterAll(async () => {
  if (!serve) return;
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
    expect(run(OMU, ['--db', wsA, 'init']).code).toBe(0);
    // This computer account is bound to Sam Admin on A (as an administrator would bind it), so omu acts as Sam there.
    await bindThisAccount(wsA, 'Sam Admin', ['administrator', 'pom']);
    expect(run(OMU, ['--db', wsA, '--today', '2026-11-22', 'import', 'caseload', csv]).code).toBe(0);

    const port = 20000 + Math.floor(Math.random() * 20000);
    serve = spawn(process.execPath, [SERVER, '--data', data, 'serve', '--port', String(port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      serve!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('listening')) resolve();
      });
      serve!.once('exit', (code) => reject(new Error(`omu-server serve exited ${code}`)));
    });
    const url = `http://127.0.0.1:${port}`;

    // The administrator's first password is set with the one-time code on an enrolled workstation; here, through the API.
    const enrolSetup = codeIn(
      run(SERVER, ['--data', data, 'enrol', '--prison', 'MDI', '--workstation', 'setup']).stdout,
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
    const cluster = JSON.parse(fs.readFileSync(path.join(data, 'postgres.json'), 'utf8')) as {
      port: number;
      ownerPassword: string;
    };
    const owner = new pg.Client({
      host: '127.0.0.1',
      port: cluster.port,
      user: 'omu_owner',
      password: cluster.ownerPassword,
      database: 'omu',
    });
    await owner.connect();
    try {
      const { rows } = await owner.query<{ verifier: string }>('SELECT verifier FROM staff_credentials');
      expect(rows.map((r) => costOf(r.verifier))).toEqual([PASSWORD_COST]);
    } finally {
      await owner.end();
    }

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
    expect(run(OMU, ['--db', wsB, 'init']).code).toBe(0);
    const joinB = run(OMU, [
      '--db',
      wsB,
      'join',
      url,
      '--code',
      codeIn(run(SERVER, ['--data', data, 'enrol', '--prison', 'MDI', '--workstation', 'B']).stdout),
    ]);
    expect(joinB.stdout).toMatch(/^Joined HMP Moorland \(MDI\)/);
    // A join that brings nothing says how far taking the prison's caseload has got.
    const taking = joinB.stderr.trimEnd().split('\n');
    expect(taking[0]).toMatch(/^Taking the prison's caseload from the unit server: 0 of [\d,]+ rows$/);
    expect(taking.at(-1)).toMatch(/^Taking the prison's caseload from the unit server: ([\d,]+) of \1 rows$/);
    const prisoner = run(OMU, ['--db', wsB, 'prisoner', 'A1111AA', '--json']);
    expect(JSON.parse(prisoner.stdout)).toMatchObject({ prisonerNumber: 'A1111AA', surname: 'SMITH' });

    const sync = run(OMU, ['--db', wsB, 'sync', '--json']);
    expect(JSON.parse(sync.stdout)).toEqual({ pushed: 0, applied: 0, refused: [], pulled: 0 });
    const status = JSON.parse(run(OMU, ['--db', wsB, 'sync-status', '--json']).stdout);
    expect(status).toMatchObject({
      joined: true,
      prison: 'MDI',
      pending: 0,
      offlineSince: null,
      notAccepted: [],
    });
  }, 400_000);
});
