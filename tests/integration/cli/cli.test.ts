import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../support/temp';
import { runCli } from '../../../electron/cli';
import { TEST_COST, TEST_PASSWORD, bindThisAccount, givePassword } from '../../support/sign-in';
import { openApp } from '../../../electron/app/omu-app';

const QUIET = { stdout: () => undefined, stderr: () => undefined };

const BIN = path.resolve('bin/omu.mjs');
// Each test starts several real processes: on a loaded two-core machine one can take several seconds.
vi.setConfig({ testTimeout: 240_000 });

function omu(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const HEADER =
  'prisoner_number,surname,forenames,date_of_birth,sentence_type,sentence_start_date,conditional_release_date,rosh,pom';

describe('omu command line (real process, real database file)', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = tempDir('omu-cli-');
    db = path.join(dir, 'omu.sqlite');
  });

  it('init creates and then reports up to date', async () => {
    const first = omu(['--db', db, 'init']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/applied \d+ migration/);
    // What a second init answers (the real process's exit 0 and standard output are the first's).
    const again = await here(['--db', db, 'init', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ appliedMigrations: 0, backup: null });
  });

  it('import: a dry run writes nothing, an invalid file exits 1 naming line and column, a valid one imports', async () => {
    await bindThisAccount(db);
    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(
      good,
      `${HEADER}\nA1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,01/06/2027,high,Jane Doe\nB2222BB,JONES,Alan,1975-03-04,indeterminate,2010-05-05,,medium,\n`,
    );
    // The dry run and the refused file answer here; the real process imports (and exits 1 on an unknown prisoner below).
    const dry = await here(['--db', db, '--today', '2026-11-22', 'import', 'caseload', good, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('2 new prisoner(s) would be added');
    expect(dry.stdout).toContain('Dry run: nothing was written.');
    const count = () => {
      const d = new Database(db, { readonly: true });
      try {
        return (d.prepare('select count(*) n from prisoners').get() as { n: number }).n;
      } finally {
        d.close();
      }
    };
    expect(count()).toBe(0);

    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      `${HEADER}\nA1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,01/06/2027,high,\nC33CC,BROWN,Sam,01/01/1990,determinate,01/01/2024,31/02/2027,low,\n`,
    );
    const invalid = await here(['--db', db, 'import', 'caseload', bad]);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain(
      'line 3, prisoner_number: must be one letter, four digits and two letters',
    );
    expect(invalid.stdout).toContain('line 3, conditional_release_date: is not a real date');
    expect(count()).toBe(0);

    const real = omu(['--db', db, '--json', 'import', 'caseload', good]);
    expect(real.code).toBe(0);
    const report = JSON.parse(real.stdout);
    expect(report).toMatchObject({ ok: true, committed: true, newStaff: ['Jane Doe'] });
    expect(report.created.map((c: { prisonerNumber: string }) => c.prisonerNumber)).toEqual([
      'A1111AA',
      'B2222BB',
    ]);
    expect(count()).toBe(2);
  });

  it('prisoner --json prints the record; an unknown prisoner exits 1 on stderr', () => {
    const shown = omu(['--db', db, 'prisoner', 'a1111aa', '--json']);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      prisonerNumber: 'A1111AA',
      surname: 'SMITH',
      conditionalReleaseDate: '2027-06-01',
      rosh: 'high',
      pomName: 'Jane Doe',
    });
    const missing = omu(['--db', db, 'prisoner', 'Z9999ZZ']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Prisoner Z9999ZZ was not found');
    expect(missing.stdout).toBe('');
  });

  it('backup --out writes a database holding the same prisoners', () => {
    const out = path.join(dir, 'copy.sqlite');
    const r = omu(['--db', db, 'backup', '--out', out]);
    expect(r.code).toBe(0);
    const copy = new Database(out, { readonly: true });
    expect(
      (
        copy
          .prepare(
            'select group_concat(prisoner_number) n from (select prisoner_number from prisoners order by 1)',
          )
          .get() as { n: string }
      ).n,
    ).toBe('A1111AA,B2222BB');
    copy.close();
  });

  it('usage errors exit 2', async () => {
    // The real process exits 2; the other usage errors are told apart by the same parse, run here.
    expect(omu(['--db', db, 'no-such-command']).code).toBe(2);
    expect((await here(['--db', db, '--today', '2026-02-30', 'prisoner', 'A1111AA'])).code).toBe(2);
    expect((await here(['--db', db, 'backup'])).code).toBe(2);
    expect((await here(['--db', db, 'import', 'caseload'])).code).toBe(2);
  });
});

/**
 * The same command run in this process by runCli, as the role matrix and the usage test do: for the tests below, whose
 * point is what a command answers, not the process. The real process (exit codes 0, 1 and 2, stdout and stderr, the
 * built bundle writing a PDF) is tested above and by the handover-pack call below; a real `omu` is 0.3-0.5 CPU-s of
 * Node starting and loading the bundle, which these 33 calls (and 6 above) paid for nothing.
 */
async function here(args: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    env: { ...process.env, ...env },
  });
  return { code, stdout, stderr };
}

describe('omu due, handover, oasys and event commands', () => {
  const dir = tempDir('omu-cli-due-');
  const db = path.join(dir, 'omu.sqlite');
  beforeAll(async () => {
    expect(await runCli(['--db', db, 'init'], QUIET)).toBe(0);
    await bindThisAccount(db);
  }); // only init creates a database
  const T = ['--db', db, '--today', '2026-11-22'];

  it('prints handover JSON with responsibility, dates, reason and basis', async () => {
    const csv = path.join(dir, 'c.csv');
    fs.writeFileSync(
      csv,
      `${HEADER},com_name\nA1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2027,high,,Sue Hill\nB2222BB,JONES,Alan,01/01/1975,determinate,01/06/2026,01/03/2027,low,,\n`,
    );
    expect((await here([...T, 'import', 'caseload', csv])).code).toBe(0);
    const h = await here([...T, '--json', 'handover', 'A1111AA']);
    expect(h.code).toBe(0);
    expect(JSON.parse(h.stdout)).toEqual({
      responsibility: 'com',
      handoverDate: '2026-09-06',
      startDate: '2026-09-06',
      reason: 'determinate',
      basis:
        'Handover 06/09/2026: standard determinate, CRD 20/05/2027 minus 8 months 14 days, OMiC handover rules effective 16/10/2024',
    });
    expect(JSON.parse((await here([...T, '--json', 'handover', 'B2222BB'])).stdout)).toMatchObject({
      responsibility: 'com',
      handoverDate: null,
      reason: 'determinate-short',
    });
  });

  it('due --json lists items with status; recording OASys and an event changes them', async () => {
    const list = async () =>
      JSON.parse((await here([...T, '--json', 'due'])).stdout) as {
        prisonerNumber: string;
        kind: string;
        dueDate: string;
        status: string;
        basis: string;
      }[];
    const notPlan = (i: { kind: string }) =>
      i.kind !== 'release-plan-item' && i.kind !== 'mappa-level-confirmation';
    expect((await list()).some((i) => i.prisonerNumber === 'A1111AA' && i.kind === 'release-plan-item')).toBe(
      true,
    );
    const before = (await list()).filter((i) => i.prisonerNumber === 'A1111AA' && notPlan(i));
    const categorisation = before.shift()!;
    expect(`${categorisation.kind} ${categorisation.dueDate} ${categorisation.status}`).toBe(
      'categorisation-initial 2024-01-15 overdue',
    );
    expect(categorisation.basis).toContain(
      'SSD 01/01/2024 plus 10 working days (weekends and bank holidays not counted)',
    );
    expect(before.map((i) => `${i.kind} ${i.dueDate} ${i.status}`)).toEqual([
      'oasys-initial 2024-01-16 overdue',
      'oasys-pre-release 2026-09-06 overdue',
    ]);
    expect(before[0]!.basis).toContain('SSD 01/01/2024 plus 15 days');
    expect(
      (await here([...T, 'oasys', 'add', 'A1111AA', '--type', 'initial', '--completed', '2026-11-01'])).code,
    ).toBe(0);
    expect(
      (await here([...T, 'event', 'add', 'A1111AA', '--type', 'transfer-in', '--date', '2026-11-20'])).code,
    ).toBe(0);
    const after = (await list()).filter((i) => i.prisonerNumber === 'A1111AA' && i.kind.startsWith('oasys'));
    expect(after.map((i) => `${i.kind} ${i.dueDate} ${i.status}`)).toEqual([
      'oasys-significant-change 2026-12-18 upcoming',
      'oasys-review 2027-11-01 upcoming',
    ]);
    const soon = JSON.parse((await here([...T, '--json', 'due', '--within', '30'])).stdout) as {
      prisonerNumber: string;
      kind: string;
    }[];
    expect(soon.filter((i) => i.prisonerNumber === 'A1111AA' && notPlan(i)).map((i) => i.kind)).toEqual([
      'categorisation-initial',
      'oasys-significant-change',
    ]);
    expect(
      (await here([...T, 'oasys', 'add', 'A1111AA', '--type', 'annual', '--completed', '2026-11-01'])).code,
    ).toBe(1);
    expect(
      (await here([...T, 'event', 'add', 'A1111AA', '--type', 'recall', '--date', '2026-02-30'])).code,
    ).toBe(2);
  });
});

describe('omu categorisation', () => {
  const dir = tempDir('omu-cli-cat-');
  const db = path.join(dir, 'omu.sqlite');
  beforeAll(async () => {
    expect(await runCli(['--db', db, 'init'], QUIET)).toBe(0);
    await bindThisAccount(db);
  }); // only init creates a database
  const T = ['--db', db, '--today', '2026-11-22'];

  it('prints the next review with its basis and the history as JSON; an unknown prisoner exits 1', async () => {
    const csv = path.join(dir, 'c.csv');
    fs.writeFileSync(
      csv,
      `${HEADER},category,last_categorised_on\nA1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2027,high,,C,01/10/2026\nB2222BB,JONES,Alan,01/01/1975,determinate,16/11/2026,01/03/2029,low,,,\n`,
    );
    expect((await here([...T, 'import', 'caseload', csv])).code).toBe(0);
    const a = JSON.parse((await here([...T, '--json', 'categorisation', 'A1111AA'])).stdout);
    expect(a).toMatchObject({
      prisonerNumber: 'A1111AA',
      category: 'C',
      history: [],
      next: [{ kind: 'categorisation-review', dueDate: '2027-04-01' }],
    });
    expect(a.next[0].basis).toContain(
      'less than 3 years to earliest release 20/05/2027 at the last review 01/10/2026, so every 6 months',
    );
    const b = JSON.parse((await here([...T, '--json', 'categorisation', 'b2222bb'])).stdout);
    expect(b.next).toEqual([
      {
        kind: 'categorisation-initial',
        dueDate: '2026-11-30',
        basis: expect.stringContaining('SSD 16/11/2026 plus 10 working days'),
      },
    ]);
    const missing = await here([...T, 'categorisation', 'Z9999ZZ']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Z9999ZZ/);
  });
});

describe('omu handover-pack and handover-packs', () => {
  const dir = tempDir('omu-cli-pack-');
  const db = path.join(dir, 'omu.sqlite');
  beforeAll(async () => {
    expect(await runCli(['--db', db, 'init'], QUIET)).toBe(0);
    await bindThisAccount(db);
  }); // only init creates a database
  const T = ['--db', db, '--today', '2026-11-22'];

  it('writes the PDF and the JSON; the batch writes one pair per prisoner due and prints them', async () => {
    const csv = path.join(dir, 'c.csv');
    // A1111AA and C3333CC hand over within 8 weeks; B2222BB in 2029.
    fs.writeFileSync(
      csv,
      `${HEADER}\nA1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,20/09/2027,high,\nB2222BB,JONES,Alan,01/01/1975,determinate,01/01/2025,01/06/2030,low,\nC3333CC,BROWN,Carl,01/01/1985,determinate,01/01/2024,25/09/2027,medium,\n`,
    );
    expect((await here([...T, 'import', 'caseload', csv])).code).toBe(0);
    // The built command line as a real process writes the PDF (its fonts and pdfmake inside the bundle).
    const one = omu([
      ...T,
      'handover-pack',
      'A1111AA',
      '--out',
      path.join(dir, 'a.pdf'),
      '--summary',
      'Engages well',
    ]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain(path.join(dir, 'a.json'));
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'a.json'), 'utf8'))).toMatchObject({
      schemaVersion: 1,
      marking: 'OFFICIAL-SENSITIVE',
      pomSummary: 'Engages well',
      prisoner: { prisonerNumber: 'A1111AA' },
    });
    expect(fs.readFileSync(path.join(dir, 'a.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    // A1111AA's handover is 06/01/2027 (CRD 20/09/2027 minus 8 months 14 days), within 8 weeks, but he has a pack now;
    // C3333CC's is 11/01/2027 (CRD 25/09/2027), within 8 weeks, with no pack: the batch writes his pair and only his.
    const out = path.join(dir, 'out');
    const batch = await here([...T, 'handover-packs', '--within-weeks', '8', '--out-dir', out]);
    expect(batch.code).toBe(0);
    expect(batch.stdout.trimEnd().split('\n')).toEqual([
      `1 handover pack(s) written to ${out}`,
      '  C3333CC  omu-handover-pack-C3333CC-2026-11-22.pdf  omu-handover-pack-C3333CC-2026-11-22.json',
    ]);
    expect(fs.readdirSync(out).sort()).toEqual([
      'omu-handover-pack-C3333CC-2026-11-22.json',
      'omu-handover-pack-C3333CC-2026-11-22.pdf',
    ]);
    expect(
      fs.readFileSync(path.join(out, 'omu-handover-pack-C3333CC-2026-11-22.pdf')).subarray(0, 5).toString(),
    ).toBe('%PDF-');
    expect(
      JSON.parse(fs.readFileSync(path.join(out, 'omu-handover-pack-C3333CC-2026-11-22.json'), 'utf8')),
    ).toMatchObject({ prisoner: { prisonerNumber: 'C3333CC' } });
    // Written once: a second run finds nobody due without a pack.
    expect(
      (await here([...T, 'handover-packs', '--within-weeks', '8', '--out-dir', path.join(dir, 'again')]))
        .stdout,
    ).toContain('0 handover pack(s) written');
    expect((await here([...T, 'handover-packs', '--within-weeks', 'x', '--out-dir', dir])).code).toBe(2);
    // A pack that cannot be written is named, exit 1, and not recorded: it is still due.
    fs.writeFileSync(
      csv,
      `${HEADER}\nD4444DD,BROWN,Dave,01/01/1980,determinate,01/01/2024,25/09/2027,high,\n`,
    );
    expect((await here([...T, 'import', 'caseload', csv])).code).toBe(0);
    fs.mkdirSync(path.join(dir, 'out2', 'omu-handover-pack-D4444DD-2026-11-22.pdf'), { recursive: true });
    const blocked = await here([...T, 'handover-packs', '--out-dir', path.join(dir, 'out2')]);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain(
      '1 not written (not recorded as exported):\n  D4444DD  BROWN, Dave: not written: a folder of that name is in the way',
    );
    expect(
      (await here([...T, '--json', 'handover-packs', '--out-dir', path.join(dir, 'out3')])).stdout,
    ).toContain('"prisonerNumber": "D4444DD"');
    expect(fs.readdirSync(path.join(dir, 'out3')).sort()).toEqual([
      'omu-handover-pack-D4444DD-2026-11-22.json',
      'omu-handover-pack-D4444DD-2026-11-22.pdf',
    ]);
    expect((await here([...T, 'handover-pack', 'Z9999ZZ', '--out', path.join(dir, 'z.pdf')])).code).toBe(1);
  });
});

describe('omu import oasys', () => {
  const dir = tempDir('omu-cli-oasys-');
  const db = path.join(dir, 'omu.sqlite');
  beforeAll(async () => {
    expect(await runCli(['--db', db, 'init'], QUIET)).toBe(0);
    await bindThisAccount(db);
  }); // only init creates a database
  const T = ['--db', db, '--today', '2026-11-22'];

  it('validates every row, writes all or nothing, and skips what is already recorded', async () => {
    const caseload = path.join(dir, 'c.csv');
    fs.writeFileSync(
      caseload,
      `${HEADER}\nA1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2027,high,Pat Pom\n`,
    );
    expect((await here([...T, 'import', 'caseload', caseload])).code).toBe(0);
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      'prisoner_number,type,layer,completed_on,completed_by\nA1111AA,initial,3,10/01/2024,prison\nZ9999ZZ,review,3,2025-01-10,prison\nA1111AA,annual,2,2025-13-01,court\n',
    );
    const invalid = await here([...T, 'import', 'oasys', bad]);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain('line 3, prisoner_number: Z9999ZZ is not on the caseload');
    expect(invalid.stdout).toContain(
      'line 4, type: must be one of initial, review, significant-change, pre-release',
    );
    expect(invalid.stdout).toContain('line 4, layer: must be 1 or 3');
    expect(invalid.stdout).toContain('line 4, completed_on: is not a real date');
    expect(invalid.stdout).toContain('line 4, completed_by: must be prison or probation');
    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(
      good,
      'prisoner_number,type,layer,completed_on,completed_by\nA1111AA,initial,3,10/01/2024,prison\nA1111AA,review,3,2025-01-10,probation\n',
    );
    expect((await here([...T, 'import', 'oasys', good, '--dry-run'])).stdout).toContain(
      '2 assessment(s) would be added, 0 already recorded',
    );
    const first = await here([...T, '--json', 'import', 'oasys', good]);
    expect(JSON.parse(first.stdout)).toMatchObject({ committed: true, added: 2, alreadyRecorded: 0 });
    expect(JSON.parse((await here([...T, '--json', 'import', 'oasys', good])).stdout)).toMatchObject({
      committed: true,
      added: 0,
      alreadyRecorded: 2,
    });
    const due = JSON.parse((await here([...T, '--json', 'due'])).stdout) as {
      kind: string;
      dueDate: string;
    }[];
    expect(due.map((d) => `${d.kind} ${d.dueDate}`)).toContain('oasys-review 2026-01-10');
  });
});

describe('omu pp show and import public-protection', () => {
  const dir = tempDir('omu-cli-pp-');
  const db = path.join(dir, 'omu.sqlite');
  beforeAll(async () => {
    expect(await runCli(['--db', db, 'init'], QUIET)).toBe(0);
    await bindThisAccount(db);
  }); // only init creates a database
  const T = ['--db', db, '--today', '2026-11-22'];

  it('imports statuses all or nothing and shows them as JSON; a confirmed import raises a monitoring decision', async () => {
    const caseload = path.join(dir, 'c.csv');
    fs.writeFileSync(
      caseload,
      `${HEADER}\nA1111AA,SMITH,John,01/01/1980,determinate,01/01/2024,20/05/2027,high,Pat Pom\n`,
    );
    expect((await here([...T, 'import', 'caseload', caseload])).code).toBe(0);
    // Pat Pom (added by the import) is given a password as a unit would, to import as Pat with OMU_PASSWORD below.
    const setup = openApp({ dbFile: db, osAccount: 'test-setup', passwordHashCost: TEST_COST });
    try {
      await givePassword(setup, 'Pat Pom');
    } finally {
      setup.close();
    }
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      bad,
      'prisoner_number,type,status,identified_on,grounds\nA1111AA,pprc,confirmed,01/03/2024,current offence and police intelligence\nA1111AA,stalking,suspected,31/02/2024,\n',
    );
    const invalid = await here([...T, 'import', 'public-protection', bad]);
    expect(invalid.code).toBe(1);
    for (const text of [
      'line 3, type: must be pprc or hppm',
      'line 3, status: must be potential or confirmed',
      'line 3, identified_on: is not a real date',
      'line 3, grounds: is required: what the status rests on',
    ])
      expect(invalid.stdout).toContain(text);
    expect(JSON.parse((await here([...T, '--json', 'pp', 'show', 'A1111AA'])).stdout).statuses).toEqual([]);
    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(
      good,
      'prisoner_number,type,status,identified_on,grounds\nA1111AA,pprc,confirmed,01/03/2024,current offence and police intelligence\n',
    );
    // Confirming is a POM's or senior manager's act, from a file as on screen (issue 13, item 6).
    const unnamed = await here([...T, 'import', 'public-protection', good]);
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toContain('import a confirmed public protection status');
    expect(
      JSON.parse(
        (
          await here([...T, '--as', 'Pat Pom', '--json', 'import', 'public-protection', good], {
            OMU_PASSWORD: TEST_PASSWORD,
          })
        ).stdout,
      ),
    ).toMatchObject({ committed: true, added: 1 });
    const shown = JSON.parse((await here([...T, '--json', 'pp', 'show', 'A1111AA'])).stdout);
    expect(shown.statuses).toMatchObject([
      {
        type: 'pprc',
        status: 'confirmed',
        identifiedOn: '2024-03-01',
        grounds: { currentOffence: true, previousConvictions: false, widerInformation: true },
      },
    ]);
    const due = JSON.parse((await here([...T, '--json', 'due'])).stdout) as {
      kind: string;
      dueDate: string;
    }[];
    expect(due.filter((d) => d.kind === 'monitoring-decision').map((d) => d.dueDate)).toEqual(['2026-11-27']);
  });
});
