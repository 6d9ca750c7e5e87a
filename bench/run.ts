// npm run bench: seeded synthetic caseloads, median timings of the main operations, each read against a baseline
// measured in the same run where one exists. Not a test: nothing here fails.
// `npm run bench` runs every part, then bench/sync.ts; `npx tsx bench/run.ts cli import` only the parts named
// (caseload, import, cli; caseload-1500 for the 1,500-prisoner caseload alone, caseload-80000 for the 80,000's due list alone).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp, type OmuApp } from '../electron/app/omu-app';
import { createRouter } from '../electron/api/router';
import { exportPacks } from '../electron/documents/actions';
import { folderWriter } from '../electron/documents/delivery';
import type { OpInput, OpName } from '../electron/api/contract';
import { loadSyntheticCaseload } from '../db/demo/load';
import { DEMO_COUNT, DEMO_SEED } from '../db/demo/generator';
import { syntheticCaseloadCsv } from '../tests/support/caseload-csv';
import { buildCli } from '../scripts/build-cli.mjs';
import { rawImport } from './raw-import.mjs';
import { DUE_INPUT_TABLES } from '../electron/domain/due/providers';
import { createDueService } from '../electron/domain/due/service';
import { addDays, type IsoDate } from '../electron/domain/shared/dates';
import { medianMs, medianMsAsync, printTable, type BenchLine } from './measure';
import { DEMO_COST, PASSWORD_COST } from '../electron/domain/credentials/hashing';

/**
 * The bench signs in like anyone else: an administrator's one-time code spent to set a password, then the password.
 * Its databases' passwords are hashed at the demo's low cost (this is not what is measured), except in the line that
 * measures sign-in itself at the full cost.
 */
const BENCH_PASSWORD = 'bench password for timings';
async function setPasswordAndSignIn(app: OmuApp, name: string): Promise<void> {
  const m = app.services.staff.findByName(name)!;
  const { code } = await app.credentials.issueCode(m.id, 'bench setup', clock());
  const set = await app.credentials.setPasswordWithCode(m.id, code, BENCH_PASSWORD, clock());
  if (!set.ok) throw new Error(`bench: could not set a password: ${set.reason}`);
  await app.session.signInWithPassword(app.context(), name, BENCH_PASSWORD);
}

const PARTS = ['caseload', 'caseload-1500', 'caseload-80000', 'import', 'cli', 'demo'] as const;
const asked = process.argv.slice(2);
const unknown = asked.filter((a) => !(PARTS as readonly string[]).includes(a));
if (unknown.length) {
  console.error(`npm run bench: unknown part ${unknown.join(', ')} (parts: ${PARTS.join(', ')})`);
  process.exit(2);
}
/** The 80,000 caseload's due list alone: its page reads, without working it out whole or the rule change (minutes). */
const quick80000 = asked.includes('caseload-80000');
const runs = (part: (typeof PARTS)[number]) => asked.length === 0 || asked.includes(part);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const TODAY = '2026-11-22';
const clock = () => new Date(`${TODAY}T10:00:00Z`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omu-bench-'));
const lines: BenchLine[] = [];

/** The built `omu` runs as this computer account: bound to a case administrator in the database, as a unit would. */
async function bindThisAccount(db: string): Promise<void> {
  const app = openApp({ dbFile: db, today: TODAY, clock, osAccount: 'bench', passwordHashCost: DEMO_COST });
  const m = app.services.staff.insertUnchecked(app.context(), {
    name: 'Bench Clerk',
    email: null,
    roles: ['case-administrator'],
    active: true,
  });
  await app.credentials.bind(os.userInfo().username, m.id, 'bench setup', clock());
  app.close();
}

async function caseloadApp(name: string, count: number): Promise<OmuApp> {
  const app = openApp({
    dbFile: path.join(dir, `${name}.sqlite`),
    today: TODAY,
    clock,
    osAccount: 'bench',
    passwordHashCost: DEMO_COST,
  });
  const t = Date.now();
  loadSyntheticCaseload(app.services, app.context(), { seed: 42, count });
  console.log(`built ${count.toLocaleString('en-GB')} prisoners in ${Date.now() - t} ms`);
  await setPasswordAndSignIn(app, app.services.staff.list().find((s) => s.roles.includes('pom'))!.name);
  return app;
}

/**
 * Runs a command to its end; its wall time in ms and, through bench/peak-rss.cjs, its peak resident memory in MB and
 * the CPU time it used in ms (user and system: on a machine shared with other work, CPU time moves less than wall time).
 */
function runMeasured(args: string[]): { ms: number; peakMb: number; cpuMs: number } {
  const peakFile = path.join(dir, `peak-${process.hrtime.bigint()}`);
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      NODE_OPTIONS: `--require ${path.join(root, 'bench', 'peak-rss.cjs')}`,
      OMU_BENCH_PEAK_FILE: peakFile,
    },
  });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`bench: node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [rssKb, cpuUs] = fs.readFileSync(peakFile, 'utf8').split(' ').map(Number);
  return { ms, peakMb: rssKb! / 1024, cpuMs: cpuUs! / 1000 };
}

/** The median of `runs` runs of a command (after one untimed run), by CPU time, with its wall time. */
function medianRun(args: string[], runs: number): { ms: number; peakMb: number; cpuMs: number } {
  runMeasured(args);
  const all = Array.from({ length: runs }, () => runMeasured(args)).sort((a, b) => a.cpuMs - b.cpuMs);
  return all[Math.floor(runs / 2)]!;
}

const OMU = path.join(root, 'bin', 'omu.mjs');

const sizes = [
  ['1,500', 1500],
  ['80,000', 80000],
] as const;
for (const [size, count] of runs('caseload')
  ? sizes
  : asked.includes('caseload-1500')
    ? sizes.slice(0, 1)
    : asked.includes('caseload-80000')
      ? sizes.slice(1)
      : []) {
  const app = await caseloadApp(`caseload-${count}`, count);
  const ctx = app.context();
  const { caseload } = app.services;
  const router = createRouter(app, 'cli');
  const call = async <K extends OpName>(name: K, input: OpInput<K>) => {
    const res = await router.handle(name, input);
    if (!res.ok) throw new Error(res.error.message);
  };
  const sample = caseload.query(ctx, { sort: 'name', limit: 1, offset: Math.floor(count / 2) }).rows[0]!;
  const surname = sample.surname.toLowerCase();
  lines.push({
    size,
    operation: 'caseload first page, sorted by release date',
    medianMs: medianMs(() => caseload.query(ctx, { sort: 'releaseDate' })),
    targetMs: count > 10000 ? 20 : undefined,
  });
  // The same caseload read six months on with nothing imported since: those whose every release date has passed are
  // keyed from the filter index (release_last), not read from the table each.
  const later = { today: addDays(ctx.today, 182) };
  lines.push({
    size,
    operation: 'caseload first page, sorted by release date, six months on with nothing imported',
    medianMs: medianMs(() => caseload.query(later, { sort: 'releaseDate' })),
    targetMs: count > 10000 ? 20 : undefined,
  });
  lines.push({
    size,
    operation: 'caseload "release date passed: check he has left", six months on',
    medianMs: medianMs(() => caseload.query(later, { status: 'release-passed' })),
  });
  lines.push({
    size,
    operation: `search "${surname}"`,
    medianMs: medianMs(() => caseload.query(ctx, { search: surname })),
    targetMs: count > 10000 ? 20 : undefined,
  });
  lines.push({
    size,
    operation: `search "${sample.prisonerNumber}" (prisoner number)`,
    medianMs: medianMs(() => caseload.query(ctx, { search: sample.prisonerNumber })),
  });
  lines.push({
    size,
    operation: 'filter high RoSH releasing within 26 weeks',
    medianMs: medianMs(() => caseload.query(ctx, { rosh: ['high', 'very-high'], releaseWithinWeeks: 26 })),
  });
  lines.push({
    size,
    operation: 'open a prisoner',
    medianMs: medianMs(() => caseload.get(sample.prisonerNumber)),
    targetMs: 5,
  });
  const { due } = app.services;
  // The due list's baseline: every row of every table it reads, read raw with better-sqlite3 (no rules, no objects).
  const rawReads = DUE_INPUT_TABLES.map((t) => app.opened.sqlite.prepare(`SELECT * FROM ${t}`).raw());
  const raw = {
    name: 'raw read of its input rows',
    medianMs: medianMs(
      () => {
        for (const r of rawReads) r.all();
      },
      count > 10000 ? 5 : 15,
      1,
    ),
  };
  // What is due, read as its page reads it (due.page): the whole unit's overdue items and those due in 8 weeks, the
  // first 50 rows of the overdue ones with the counts by status, owner and kind; and one POM's My work.
  const pom = app.services.staff.list().find((m) => m.roles.includes('pom'))!.name;
  const unitPage = (today: IsoDate) => due.page(today, { within: 56, status: 'overdue' });
  const myWork = (today: IsoDate) => due.page(today, { within: 56, ownedBy: pom, status: 'overdue' });
  const first = unitPage(ctx.today).summary.totals;
  console.log(
    `${size}: What is due for the unit, ${first.overdue} overdue and ${first['due-soon'] + first.upcoming} due in 8 weeks; ${pom}'s My work ${myWork(ctx.today).total} overdue`,
  );
  lines.push({
    size,
    operation: 'What is due, whole unit: a page of 50 and its counts (due.page)',
    medianMs: medianMs(() => unitPage(ctx.today), count > 10000 ? 7 : 25, 1),
    targetMs: count > 10000 ? 150 : 10,
    baseline: raw,
  });
  lines.push({
    size,
    operation: 'What is due, whole unit, first read after a change',
    targetMs: count > 10000 ? 150 : 10,
    baseline: raw,
    medianMs: medianMs(
      () => {
        app.opened.sqlite.prepare('UPDATE prisoners SET location = location WHERE rowid = 1').run();
        unitPage(ctx.today);
      },
      count > 10000 ? 5 : 15,
      1,
    ),
  });
  // A new day: the stored items are kept with the days they hold for, up to a week ahead (db/schema/due.ts due_items),
  // so the read picks those holding on it and writes nothing; only prisoners whose stored days end before it would be
  // worked out again. Between two days the app works ahead in the background (due.workAhead, started after each read
  // of the list: the counts moved on, the days stored carried on): awaited here, untimed, as the evening before would.
  let day = 0;
  const newDays = async (read: (today: IsoDate) => unknown, runs: number) => {
    const times: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const today = addDays(ctx.today, ++day);
      const t = process.hrtime.bigint();
      read(today);
      if (i > 0) times.push(Number(process.hrtime.bigint() - t) / 1e6);
      await due.workAhead(today);
    }
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  };
  lines.push({
    size,
    operation: 'What is due, whole unit, first read of a new day',
    targetMs: count > 10000 ? 150 : 10,
    baseline: raw,
    medianMs: await newDays(unitPage, count > 10000 ? 7 : 15),
  });
  lines.push({
    size,
    operation: `My work (${pom}), first read of a new day`,
    targetMs: count > 10000 ? 150 : 10,
    baseline: raw,
    medianMs: await newDays(myWork, count > 10000 ? 7 : 15),
  });
  // The work ahead of one day, in the background: its batches' time in all.
  const t0 = process.hrtime.bigint();
  unitPage(addDays(ctx.today, ++day));
  const read0 = Number(process.hrtime.bigint() - t0) / 1e6;
  const t1 = process.hrtime.bigint();
  await due.workAhead(addDays(ctx.today, day));
  lines.push({
    size,
    operation: `  the next days worked ahead in the background after a new day's read (${read0.toFixed(0)} ms)`,
    baseline: raw,
    medianMs: Number(process.hrtime.bigint() - t1) / 1e6,
  });
  lines.push({
    size,
    operation: 'What is due, whole unit, first read in a new process',
    baseline: raw,
    medianMs: medianMs(
      () =>
        createDueService(app.opened, app.services.policy).page(addDays(ctx.today, day), {
          within: 56,
          status: 'overdue',
        }),
      count > 10000 ? 3 : 9,
      0,
    ),
  });
  lines.push({
    size,
    operation: "the unit's whole due list, every item (as omu due --json reads it)",
    baseline: raw,
    medianMs: medianMs(() => due.list(addDays(ctx.today, day)), count > 10000 ? 3 : 15, 1),
  });
  if (quick80000 && count > 10000) {
    app.close();
    continue;
  }
  const whole = medianMs(() => due.workedOutWhole(addDays(ctx.today, day)), count > 10000 ? 1 : 5, 0);
  lines.push({
    size,
    operation: "the unit's due list worked out whole (as every new day did before it was stored)",
    baseline: raw,
    medianMs: whole,
  });
  if (count <= 10000) {
    const meetingDate = '2026-12-01';
    lines.push({
      size,
      operation: 'IRMT agenda built and rendered to PDF',
      targetMs: 1000,
      medianMs: await medianMsAsync(async () => {
        await call('irmt/agenda-pdf', { meetingDate });
      }, 5),
    });
  }
  if (count <= 10000) {
    lines.push({
      size,
      operation: 'releases in the next 26 weeks with plan progress',
      medianMs: medianMs(() => due.releases(ctx.today, 26), 5, 1),
    });
    lines.push({
      size,
      operation: 'one handover pack (model, PDF and JSON, recorded)',
      targetMs: 300,
      medianMs: await medianMsAsync(async () => {
        await call('handover-pack/export', { prisonerNumber: sample.prisonerNumber, summary: 'bench' });
      }, 5),
    });
    const batch = caseload.query(ctx, { sort: 'releaseDate', limit: 50 }).rows.map((r) => r.prisonerNumber);
    // Its baseline: the same 50 packs' models built alone (the data, the due work included; no PDF, nothing recorded).
    const models = medianMs(
      () => {
        for (const n of batch) app.services.handoverPacks.build(ctx, n, null);
      },
      3,
      1,
    );
    let packsCpu = 0;
    const packs = await medianMsAsync(async () => {
      const cpu = process.cpuUsage();
      for (const n of batch) await call('handover-pack/export', { prisonerNumber: n, summary: null });
      const used = process.cpuUsage(cpu);
      packsCpu = (used.user + used.system) / 1000;
    }, 1);
    lines.push({
      size,
      operation: `50 handover packs in a batch (CPU ${packsCpu.toFixed(0)} ms)`,
      targetMs: 3000,
      medianMs: packs,
      baseline: { name: 'their 50 models alone', medianMs: models },
    });
    // The Handovers page's batch as the desktop app and `omu handover-packs` run it: every pack due in the next 8
    // weeks written into a new folder and each recorded (its export audited). Once: a pack exported is no longer due.
    const folder = path.join(dir, 'packs-due');
    // The due list brought up to today first, as the app has it when the page lists the packs due (the lines above
    // read other days): what is timed is the packs.
    app.services.handoverPacks.due(ctx.today, 8);
    const cpu = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const batchRun = await exportPacks({ services: app.services, app }, ctx, 8, folderWriter(folder));
    const dueMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const used = process.cpuUsage(cpu);
    const n = batchRun.written.length;
    if (batchRun.failed.length) throw new Error(`bench: ${batchRun.failed.length} packs not written`);
    lines.push({
      size,
      operation: `the ${n} packs due in 8 weeks, one batch into a folder, recorded (CPU ${((used.user + used.system) / 1000).toFixed(0)} ms; ${(dueMs / n).toFixed(0)} ms a pack)`,
      targetMs: n ? (3000 * n) / 50 : undefined,
      medianMs: dueMs,
    });
    fs.rmSync(folder, { recursive: true, force: true });
  }
  lines.push({
    size,
    operation: "one prisoner's obligations",
    medianMs: medianMs(() => due.forPrisoner(sample.prisonerNumber, ctx.today)),
    targetMs: 2,
  });
  // A rule change: every prisoner worked out again in the background, in batches with a turn of the event loop
  // between them (due.recompute), while one prisoner's items are read on demand and a ticker measures how long the
  // event loop is held at most (what the app's other requests wait at worst).
  {
    const admin = app.services.staff.insertUnchecked(app.context(), {
      name: 'Bench Administrator',
      email: null,
      roles: ['administrator'],
      active: true,
    });
    await setPasswordAndSignIn(app, admin.name);
    const ran = await app.runner.run(
      'policy/add-version',
      {
        key: 'oasys-custody',
        effectiveFrom: addDays(ctx.today, -1),
        source: 'bench',
        params: { reviewMonths: 9 },
      },
      app.context(),
    );
    if (!ran.result) throw new Error('bench: the rule version was not added');
    const today = addDays(ctx.today, day);
    let held = 0;
    let ticking = true;
    let lastTick = process.hrtime.bigint();
    const tick = () => {
      const now = process.hrtime.bigint();
      held = Math.max(held, Number(now - lastTick) / 1e6);
      lastTick = now;
      if (ticking) setImmediate(tick);
    };
    const reads: number[] = [];
    const t = process.hrtime.bigint();
    lastTick = t;
    setImmediate(tick);
    await due.recompute(today, {
      onProgress: () => {
        const r = process.hrtime.bigint();
        due.list(today, { prisonerNumber: sample.prisonerNumber });
        reads.push(Number(process.hrtime.bigint() - r) / 1e6);
      },
    });
    const total = Number(process.hrtime.bigint() - t) / 1e6;
    ticking = false;
    reads.sort((a, b) => a - b);
    lines.push({
      size,
      operation: 'a rule change: every prisoner worked out again in the background (batches of 100)',
      baseline: { name: 'worked out whole', medianMs: whole },
      medianMs: total,
    });
    lines.push({
      size,
      operation: '  the longest the app waits meanwhile (one batch, between two turns of its event loop)',
      targetMs: 200,
      medianMs: held,
    });
    lines.push({
      size,
      operation: "  one prisoner's items read meanwhile (worked out on demand when not yet done)",
      targetMs: 10,
      medianMs: reads[Math.floor(reads.length / 2)] ?? NaN,
    });
  }
  app.close();
}

if (runs('import') || runs('cli')) await buildCli();

if (runs('import')) {
  const { csv } = syntheticCaseloadCsv(1500);
  const small = path.join(dir, 'caseload-1500.csv');
  fs.writeFileSync(small, csv);
  // Six empty databases, each with a case administrator signed in, so that each timed import starts from empty.
  const apps: OmuApp[] = [];
  for (let i = 0; i < 6; i++) {
    const app = openApp({
      dbFile: path.join(dir, `import-${i}.sqlite`),
      today: TODAY,
      clock,
      osAccount: 'bench',
      passwordHashCost: DEMO_COST,
    });
    app.services.staff.insertUnchecked(app.context(), {
      name: 'Bench Clerk',
      email: null,
      roles: ['case-administrator'],
      active: true,
    });
    await setPasswordAndSignIn(app, 'Bench Clerk');
    apps.push(app);
  }
  let n = 0;
  const raw1500 = await medianMsAsync(() => rawImport(small, path.join(dir, `raw-${n++}.sqlite`)), 5, 1);
  let next = 0;
  lines.push({
    size: '1,500',
    operation: 'import 1,500 rows: the caseload/import command through the router (empty database)',
    targetMs: 1000,
    baseline: { name: 'raw insert', medianMs: raw1500 },
    medianMs: await medianMsAsync(
      async () => {
        const app = apps[next++]!;
        const res = await createRouter(app, 'cli').handle('caseload/import', {
          fileName: 'bench.csv',
          csvText: csv,
        });
        if (!res.ok || !(res.value as { committed: boolean }).committed)
          throw new Error(`bench import failed: ${JSON.stringify(res)}`);
        app.close();
      },
      5,
      1,
    ),
  });
  // 80,000 rows through the built `omu`, each in its own process so that its peak memory is its own.
  const big = path.join(dir, 'caseload-80000.csv');
  fs.writeFileSync(big, syntheticCaseloadCsv(80000).csv);
  const raw = runMeasured([
    path.join(root, 'bench', 'raw-import.mjs'),
    big,
    path.join(dir, 'raw-80000.sqlite'),
  ]);
  const db = path.join(dir, 'import-80000.sqlite');
  runMeasured([OMU, '--db', db, 'init']);
  await bindThisAccount(db);
  const omu = runMeasured([OMU, '--db', db, '--today', TODAY, 'import', 'caseload', big]);
  lines.push({
    size: '80,000',
    operation: `omu import caseload, 80,000 rows (peak ${omu.peakMb.toFixed(0)} MB, target ≤ 300 MB; raw ${raw.peakMb.toFixed(0)} MB; CPU ${(omu.cpuMs / 1000).toFixed(1)} s, raw ${(raw.cpuMs / 1000).toFixed(1)} s)`,
    medianMs: omu.ms,
    targetMs: 10000,
    baseline: { name: 'raw insert, own process', medianMs: raw.ms },
  });
  // The same file written by the seed (bench/import-command.ts `service`: the command's own decision and bulk apply,
  // without the router, the sign-in check and the command log), in its own process, beside the command above.
  const seed = runMeasured([
    '--import',
    'tsx',
    path.join(root, 'bench', 'import-command.ts'),
    'service',
    big,
    path.join(dir, 'import-seed-80000.sqlite'),
  ]);
  lines.push({
    size: '80,000',
    operation: `the same file as a seed, no command log (tsx; peak ${seed.peakMb.toFixed(0)} MB; CPU ${(seed.cpuMs / 1000).toFixed(1)} s)`,
    medianMs: seed.ms,
    baseline: { name: 'raw insert, own process', medianMs: raw.ms },
  });
  // The same command line on the imported 80,000 prisoners: the import moved the audit checkpoint and sealed the file
  // as it closed (db/open.ts closeDatabase), so a call neither walks its entries nor reads every page again.
  const bigNumber = fs.readFileSync(big, 'utf8').split('\n', 40002)[40001]!.split(',')[0]!;
  const bare80 = medianRun(['-e', '0'], 5);
  const prisoner80 = medianRun([OMU, '--db', db, '--today', TODAY, 'prisoner', bigNumber, '--json'], 3);
  lines.push({
    size: '80,000',
    operation: `omu prisoner ${bigNumber} --json, CPU ms (wall ${prisoner80.ms.toFixed(0)} ms)`,
    medianMs: prisoner80.cpuMs,
    baseline: { name: 'node -e 0, CPU ms', medianMs: bare80.cpuMs, targetRatio: 3 },
  });
}

if (runs('cli')) {
  const db = path.join(dir, 'cli.sqlite');
  const { csv, numbers } = syntheticCaseloadCsv(1500);
  fs.writeFileSync(path.join(dir, 'cli.csv'), csv);
  runMeasured([OMU, '--db', db, 'init']);
  await bindThisAccount(db);
  runMeasured([OMU, '--db', db, '--today', TODAY, 'import', 'caseload', path.join(dir, 'cli.csv')]);
  // CPU time (the issue's measure), with wall time beside it: the process's own work, less moved by other load.
  const bare = medianRun(['-e', '0'], 11);
  const cmd = (...args: string[]) => [OMU, '--db', db, '--today', TODAY, ...args];
  const prisoner = medianRun(cmd('prisoner', numbers[750]!, '--json'), 11);
  lines.push({
    size: '1,500',
    operation: `omu prisoner ${numbers[750]} --json, CPU ms (wall ${prisoner.ms.toFixed(0)} ms beside ${bare.ms.toFixed(0)} ms)`,
    medianMs: prisoner.cpuMs,
    baseline: { name: 'node -e 0, CPU ms', medianMs: bare.cpuMs, targetRatio: 3 },
  });
  const help = medianRun([OMU, '--help'], 11);
  lines.push({
    size: '-',
    operation: 'omu --help, CPU ms (commander and the command list only)',
    medianMs: help.cpuMs,
    baseline: { name: 'node -e 0, CPU ms', medianMs: bare.cpuMs },
  });
}

if (runs('demo')) {
  // Loading the demo as the first-start page does: `caseload/load-demo` through the router on an empty database, with
  // `caseload/demo-progress` asked every 100 ms meanwhile (the page's progress bar). Each run on a new empty database.
  // Baseline, in turn with it: the same 600 prisoners with their OASys records written the plainest way (one prepared
  // statement a table, one audit entry for all: loadSyntheticCaseload), without the demo's public protection, release
  // plans, audit entry each and progress.
  const loads: { ms: number; cpuMs: number; reports: number }[] = [];
  const raws: number[] = [];
  for (let i = 0; i < 3; i++) {
    const raw = openApp({
      dbFile: path.join(dir, `demo-raw-${i}.sqlite`),
      today: TODAY,
      clock,
      osAccount: 'bench',
      passwordHashCost: DEMO_COST,
    });
    const t0 = process.hrtime.bigint();
    loadSyntheticCaseload(raw.services, raw.context(), { seed: DEMO_SEED, count: DEMO_COUNT });
    raws.push(Number(process.hrtime.bigint() - t0) / 1e6);
    raw.close();
    const app = openApp({
      dbFile: path.join(dir, `demo-${i}.sqlite`),
      today: TODAY,
      clock,
      osAccount: 'bench',
      passwordHashCost: DEMO_COST,
    });
    const router = createRouter(app, 'electron');
    const seen = new Set<string>();
    const poll = setInterval(() => {
      void router.handle('caseload/demo-progress', {}).then((r) => {
        const running = r.ok ? (r.value as { running: { step: string; done: number } | null }).running : null;
        if (running) seen.add(`${running.step} ${running.done}`);
      });
    }, 100);
    const cpu = process.cpuUsage();
    const t = process.hrtime.bigint();
    const res = await router.handle('caseload/load-demo', {});
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    const used = process.cpuUsage(cpu);
    clearInterval(poll);
    if (!res.ok) throw new Error(`bench: caseload/load-demo failed: ${res.error.message}`);
    loads.push({ ms, cpuMs: (used.user + used.system) / 1000, reports: seen.size });
    app.close();
  }
  loads.sort((a, b) => a.ms - b.ms);
  raws.sort((a, b) => a - b);
  const mid = loads[1]!;
  lines.push({
    size: '600',
    operation: `load the demo in the app (caseload/load-demo; CPU ${mid.cpuMs.toFixed(0)} ms; ${mid.reports} progress readings seen)`,
    medianMs: mid.ms,
    targetMs: 3000,
    baseline: { name: "the demo's prisoners and OASys rows written raw", medianMs: raws[1]! },
  });
}

{
  // Sign-in at the full scrypt cost (N=2^17, r=8, p=1: 128 MiB), the price of every password check.
  const app = openApp({
    dbFile: path.join(dir, 'sign-in.sqlite'),
    today: TODAY,
    clock,
    osAccount: 'bench',
    passwordHashCost: PASSWORD_COST,
  });
  app.services.staff.insertUnchecked(app.context(), {
    name: 'Bench Pom',
    email: null,
    roles: ['pom'],
    active: true,
  });
  await setPasswordAndSignIn(app, 'Bench Pom');
  lines.push({
    size: '-',
    operation: 'sign in with a password (scrypt, full cost)',
    targetMs: 1000,
    medianMs: await medianMsAsync(
      () => app.session.signInWithPassword(app.context(), 'Bench Pom', BENCH_PASSWORD),
      5,
      1,
    ),
  });
  app.close();
}

console.log(`\nOMU Desk benchmark, ${os.cpus().length} cores, Node ${process.version}, today ${TODAY}\n`);
printTable(lines);
fs.rmSync(dir, { recursive: true, force: true });
