// npm run bench: seeded synthetic caseloads, median timings of the main operations. Not a test: nothing here fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApp, type OmuApp } from '../electron/app/omu-app';
import { createRouter } from '../electron/api/router';
import type { OpInput, OpName } from '../electron/api/contract';
import { loadSyntheticCaseload } from '../db/demo/load';
import { generateCaseload } from '../db/demo/generator';
import { csvLine } from '../electron/domain/shared/csv';
import { PRISONER_FIELDS } from '../electron/domain/caseload/fields';
import { medianMs, medianMsAsync, printTable, type BenchLine } from './measure';

const TODAY = '2026-11-22';
const clock = () => new Date(`${TODAY}T10:00:00Z`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omu-bench-'));
const lines: BenchLine[] = [];

function caseloadApp(name: string, count: number): OmuApp {
  const app = openApp({ dbFile: path.join(dir, `${name}.sqlite`), today: TODAY, clock, osAccount: 'bench' });
  const t = Date.now();
  loadSyntheticCaseload(app.services, app.context(), { seed: 42, count });
  console.log(`built ${count.toLocaleString('en-GB')} prisoners in ${Date.now() - t} ms`);
  app.session.signIn(app.services.staff.list().find((s) => s.roles.includes('pom'))!.id, false, clock().toISOString());
  return app;
}

function caseloadCsv(count: number): string {
  const demo = generateCaseload({ seed: 7, count, today: TODAY });
  const header = PRISONER_FIELDS.map((f) => f.csv);
  const rows = demo.prisoners.map((p) => {
    const record: Record<string, unknown> = { ...p.input, pomId: p.pomName };
    return csvLine(PRISONER_FIELDS.map((f) => {
      const v = record[f.key];
      return typeof v === 'boolean' ? (v ? 'yes' : 'no') : v;
    }));
  });
  return `${csvLine(header)}\n${rows.join('\n')}\n`;
}

for (const [size, count] of [['1,500', 1500], ['80,000', 80000]] as const) {
  const app = caseloadApp(`caseload-${count}`, count);
  const ctx = app.context();
  const { caseload } = app.services;
  const router = createRouter(app, 'cli');
  const call = async <K extends OpName>(name: K, input: OpInput<K>) => {
    const res = await router.handle(name, input, ctx);
    if (!res.ok) throw new Error(res.error.message);
  };
  const sample = caseload.query(ctx, { sort: 'name', limit: 1, offset: Math.floor(count / 2) }).rows[0]!;
  const surname = sample.surname.toLowerCase();
  lines.push({ size, operation: 'caseload first page, sorted by release date', medianMs: medianMs(() => caseload.query(ctx, { sort: 'releaseDate' })), targetMs: count > 10000 ? 20 : undefined });
  lines.push({ size, operation: `search "${surname}"`, medianMs: medianMs(() => caseload.query(ctx, { search: surname })), targetMs: count > 10000 ? 20 : undefined });
  lines.push({ size, operation: `search "${sample.prisonerNumber}" (prisoner number)`, medianMs: medianMs(() => caseload.query(ctx, { search: sample.prisonerNumber })) });
  lines.push({ size, operation: 'filter high RoSH releasing within 26 weeks', medianMs: medianMs(() => caseload.query(ctx, { rosh: ['high', 'very-high'], releaseWithinWeeks: 26 })) });
  lines.push({ size, operation: 'open a prisoner', medianMs: medianMs(() => caseload.get(sample.prisonerNumber)), targetMs: 5 });
  const { due } = app.services;
  lines.push({ size, operation: "the unit's due list", medianMs: medianMs(() => due.list(ctx.today), count > 10000 ? 7 : 25, 1), targetMs: count > 10000 ? 150 : 10 });
  lines.push({
    size, operation: "the unit's due list, first call after a change", targetMs: count > 10000 ? 150 : 10,
    medianMs: medianMs(() => { app.opened.sqlite.prepare("UPDATE prisoners SET location = location WHERE rowid = 1").run(); due.list(ctx.today); }, count > 10000 ? 5 : 15, 1),
  });
  let day = 0;
  lines.push({
    size, operation: "the unit's due list, worked out whole (a new day)",
    medianMs: medianMs(() => due.list(`2026-12-${String(1 + (day++ % 28)).padStart(2, '0')}`), count > 10000 ? 3 : 9, 0),
  });
  if (count <= 10000) {
    const meetingDate = '2026-12-01';
    lines.push({
      size, operation: 'IRMT agenda built and rendered to PDF', targetMs: 1000,
      medianMs: await medianMsAsync(async () => { await call('irmt.agendaPdf', { meetingDate }); }, 5),
    });
  }
  if (count <= 10000) {
    lines.push({ size, operation: 'releases in the next 26 weeks with plan progress', medianMs: medianMs(() => due.releases(ctx.today, 26), 5, 1) });
    lines.push({
      size, operation: 'one handover pack (model, PDF and JSON, recorded)', targetMs: 300,
      medianMs: await medianMsAsync(async () => { await call('handoverPack.export', { prisonerNumber: sample.prisonerNumber, summary: 'bench' }); }, 5),
    });
    const batch = caseload.query(ctx, { sort: 'releaseDate', limit: 50 }).rows.map((r) => r.prisonerNumber);
    lines.push({
      size, operation: '50 handover packs in a batch', targetMs: 10000,
      medianMs: await medianMsAsync(async () => { for (const n of batch) await call('handoverPack.export', { prisonerNumber: n, summary: null }); }, 1),
    });
  }
  lines.push({ size, operation: "one prisoner's obligations", medianMs: medianMs(() => due.forPrisoner(sample.prisonerNumber, ctx.today)), targetMs: 2 });
  app.close();
}

{
  const csv = caseloadCsv(1500);
  let n = 0;
  lines.push({
    size: '1,500', operation: 'import 1,500 rows (validate + write, empty database)', targetMs: 1000,
    medianMs: medianMs(() => {
      const app = openApp({ dbFile: path.join(dir, `import-${n++}.sqlite`), today: TODAY, clock, osAccount: 'bench', actAsOsAccount: true });
      const report = app.services.caseloadImport.commit(app.context(), 'bench.csv', csv);
      if (!report.committed) throw new Error(`bench import failed: ${report.problems[0]?.message}`);
      app.close();
    }, 5, 1),
  });
}

console.log(`\nOMU Desk benchmark, ${os.cpus().length} cores, Node ${process.version}, today ${TODAY}\n`);
printTable(lines);
fs.rmSync(dir, { recursive: true, force: true });
