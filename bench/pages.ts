// npm run bench (pages): the real renderer in Chromium through the browser door on a 1,500-prisoner caseload, the time
// from a click to the page's content for the main pages, beside a baseline measured in the same run and the same
// browser: a click on a link between two trivial static pages. Each page's API requests are timed in the door, so a
// slow page shows whether the time goes on the answer or on the drawing. Not a test: nothing here fails.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { openApp } from '../electron/app/omu-app';
import { createRouter } from '../electron/api/router';
import { startHttpDoor } from '../electron/api/http-door';
import { loadSyntheticCaseload } from '../db/demo/load';
import { DEMO_COST } from '../electron/domain/credentials/hashing';
import { printTable, type BenchLine } from './measure';
import { CONTENT, drawnAfterPress, pressNoted } from './page-waits';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RENDERER = path.join(root, 'dist', 'renderer');
if (!fs.existsSync(path.join(RENDERER, 'index.html'))) {
  console.error('npm run bench (pages): build the renderer first (npm run build:renderer)');
  process.exit(1);
}
const RUNS = Number(process.env.OMU_BENCH_PAGE_RUNS ?? 7);
const TARGET_MS = 200;
const TODAY = '2026-11-22';
const clock = () => new Date(`${TODAY}T10:00:00Z`);
const PASSWORD = 'bench password for timings';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omu-bench-pages-'));

// The caseload: 1,500 synthetic prisoners (seed 42, as bench/run.ts), and a POM who is also an IRMT chair, so that
// every page below is open to the one person signed in.
const app = openApp({
  dbFile: path.join(dir, 'pages.sqlite'),
  today: TODAY,
  clock,
  osAccount: 'bench',
  passwordHashCost: DEMO_COST,
});
loadSyntheticCaseload(app.services, app.context(), { seed: 42, count: 1500 });
const pom = app.services.staff.list().find((s) => s.roles.includes('pom'))!;
const chair = app.services.staff.insertUnchecked(app.context(), {
  name: 'Bench Chair',
  email: null,
  roles: ['irmt-chair', 'senior-manager'],
  active: true,
});
for (const id of [pom.id, chair.id]) {
  const { code } = await app.credentials.issueCode(id, 'bench setup', clock());
  const set = await app.credentials.setPasswordWithCode(id, code, PASSWORD, clock());
  if (!set.ok) throw new Error(`bench: could not set a password: ${set.reason}`);
}

// The door, with every API request timed: the requests made between a click and the content are the page's. Each
// answer is kept, to count its size once the click's timing is over (the JSON the door sends), not inside it.
let requests: { name: string; ms: number; answer: unknown }[] = [];
/** The router for an app, with every request it answers timed into `requests`; its own untimed handle beside it. */
function timedRouter(of: typeof app) {
  const router = createRouter(of, 'http');
  const handle = router.handle.bind(router);
  router.handle = (async (name: string, input: unknown) => {
    const t = performance.now();
    let answer: unknown = null;
    try {
      return (answer = await handle(name as never, input));
    } finally {
      requests.push({ name, ms: performance.now() - t, answer });
    }
  }) as typeof router.handle;
  return { router, handle };
}
const { router, handle } = timedRouter(app);
const door = await startHttpDoor({ router, staticDir: RENDERER });

// The baseline's two static pages, each a heading and a link to the other.
const statics = http.createServer((req, res) => {
  const other = req.url === '/a' ? '/b' : '/a';
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!doctype html><html lang="en"><head><title>${req.url}</title></head><body><h1>Page ${req.url}</h1><a id="next" href="${other}">Next</a></body></html>`,
  );
});
await new Promise<void>((r) => statics.listen(0, '127.0.0.1', r));
const staticUrl = `http://127.0.0.1:${(statics.address() as AddressInfo).port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({
  viewport: { width: 1366, height: 768 },
  locale: 'en-GB',
  timezoneId: 'Europe/London',
});
page.setDefaultTimeout(30_000);
// Chromium's own accounting of its main thread (the DevTools protocol's Performance domain): what a click spent on
// script (React's render and commit), style recalculation and layout, read before the click and after the content.
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const METRICS = ['ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration', 'TaskDuration'] as const;
async function mainThread(): Promise<Record<(typeof METRICS)[number], number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const of = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  return Object.fromEntries(METRICS.map((m) => [m, of(m)])) as never;
}

// OMU_BENCH_PAGE_TRACE=1: each click is also traced (Chromium's tracing, as DevTools' Performance panel records it) and
// the median click's main-thread time printed by event (script, style, layout, paint, garbage collection...). Tracing
// slows every click a little; its figures are for finding where the time goes, not for the table above.
const TRACE = process.env.OMU_BENCH_PAGE_TRACE === '1';
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink'];
interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}
/** Self time (its duration less its children's) of each complete event on the renderer's main thread, by name. */
function mainThreadSelfTimes(trace: { traceEvents: TraceEvent[] }): [string, number][] {
  const main = trace.traceEvents.filter(
    (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
  );
  const self = new Map<string, number>();
  for (const thread of main) {
    const events = trace.traceEvents
      .filter((e) => e.ph === 'X' && e.pid === thread.pid && e.tid === thread.tid && e.dur !== undefined)
      .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const stack: TraceEvent[] = [];
    for (const e of events) {
      while (stack.length && stack.at(-1)!.ts + stack.at(-1)!.dur! <= e.ts) stack.pop();
      const parent = stack.at(-1);
      if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur! / 1000);
      self.set(e.name, (self.get(e.name) ?? 0) + e.dur! / 1000);
      stack.push(e);
    }
  }
  return [...self].filter(([, ms]) => ms >= 1).sort((a, b) => b[1] - a[1]);
}

interface Timing {
  ms: number;
  /** Each request's time in the door, summed by name. */
  api: Map<string, number>;
  /** The bytes of JSON the door answered, all requests together. */
  bytes: number;
  /** The main thread's script, style and layout time and all its tasks, in ms (the documents' own, not the tab's). */
  script: number;
  style: number;
  layout: number;
  tasks: number;
  elements: number;
  /** With OMU_BENCH_PAGE_TRACE=1: the renderer's main thread's self time by trace event, in ms, largest first. */
  trace?: [string, number][];
}

/**
 * Clicks and waits for the content: the time from the click to the content drawn, the API time by request, elements on
 * the page. `content` is the content's selector, timed in the page from the press to the frame that draws it
 * (bench/page-waits.ts); or, for a click that loads another document (the baseline, the demo's load), a wait, timed
 * here from the click to the frame after it.
 */
async function timed(click: () => Promise<void>, content: string | (() => Promise<void>)): Promise<Timing> {
  if (TRACE) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  if (typeof content === 'string') await pressNoted(page, content);
  const before = await mainThread();
  requests = [];
  const t = performance.now();
  await click();
  let ms: number;
  if (typeof content === 'string') ms = await drawnAfterPress(page);
  else {
    await content();
    // The content is on screen once the browser has painted it: wait for the next frame.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    ms = performance.now() - t;
  }
  const after = await mainThread();
  const trace = TRACE
    ? mainThreadSelfTimes(JSON.parse((await browser.stopTracing()).toString('utf8')))
    : undefined;
  const api = new Map<string, number>();
  for (const r of requests) api.set(r.name, (api.get(r.name) ?? 0) + r.ms);
  const bytes = requests.reduce((n, r) => n + Buffer.byteLength(JSON.stringify(r.answer ?? null)), 0);
  return {
    ms,
    api,
    bytes,
    // A click that loads another document (the static baseline) starts the counts again: never below zero.
    script: Math.max(0, after.ScriptDuration - before.ScriptDuration),
    style: Math.max(0, after.RecalcStyleDuration - before.RecalcStyleDuration),
    layout: Math.max(0, after.LayoutDuration - before.LayoutDuration),
    tasks: Math.max(0, after.TaskDuration - before.TaskDuration),
    elements: await page.evaluate(() => document.getElementsByTagName('*').length),
    trace,
  };
}

/** `RUNS` timings after one untimed warm-up; the median run, whole. */
async function median(
  prepare: () => Promise<void>,
  click: () => Promise<void>,
  content: string | (() => Promise<void>),
): Promise<Timing> {
  const runs: Timing[] = [];
  for (let i = 0; i <= RUNS; i++) {
    await prepare();
    const r = await timed(click, content);
    if (i > 0) runs.push(r);
  }
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(runs.length / 2)]!;
}

const link = (name: string) =>
  page.getByRole('navigation', { name: 'Primary navigation' }).getByRole('link', { name, exact: true });

// Baseline: a click on a link from one trivial static page to another, in the same browser.
const baselineTiming = await median(
  async () => {
    await page.goto(`${staticUrl}/a`);
  },
  () => page.locator('#next').click(),
  () => page.getByRole('heading', { name: 'Page /b' }).waitFor(),
);
const baseline = { name: 'static page to static page', medianMs: baselineTiming.ms };

const results: { label: string; t: Timing }[] = [];
const signInPage = async () => {
  await handle('session/sign-out', {});
  await page.goto(door.url);
  await page.getByRole('heading', { name: 'Sign in to OMU Desk' }).waitFor();
  await page.getByLabel('Your name').fill(pom.name);
  await page.locator('#field-password').fill(PASSWORD);
};
results.push({
  label: 'sign in → What is due (dashboard)',
  t: await median(
    signInPage,
    () => page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    CONTENT.due,
  ),
});
// Every other page is reached from the Staff page (a short list), by the main navigation, as a user would.
const fromStaff = async () => {
  await link('Staff').click();
  await page.getByRole('heading', { name: 'Staff', exact: true }).waitFor();
};
results.push({
  label: 'What is due',
  t: await median(fromStaff, () => link('What is due').click(), CONTENT.due),
});
results.push({
  label: 'Caseload',
  t: await median(fromStaff, () => link('Caseload').click(), CONTENT.caseload),
});
results.push({
  label: 'Releases (26 weeks)',
  t: await median(fromStaff, () => link('Releases').click(), CONTENT.releases),
});
results.push({
  label: "IRMT (next meeting's agenda)",
  t: await median(fromStaff, () => link('IRMT').click(), CONTENT.agenda),
});
// The same agenda once the chair has arranged the meeting, as in the week of a meeting: each row can take an action.
{
  const signedIn = async (name: string, input: unknown) => {
    const r = await handle(name as never, input as never);
    if (!r.ok) throw new Error(`bench: ${name}: ${r.error.message}`);
  };
  await signedIn('session/sign-out', {});
  await signedIn('session/sign-in', { name: chair.name, password: PASSWORD });
  await signedIn('irmt/create-meeting', {
    meetingDate: app.services.irmt.nextScheduledDate(TODAY),
    chairId: chair.id,
  });
  await signedIn('session/sign-out', {});
  await signInPage();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator(CONTENT.due).first().waitFor();
}
results.push({
  label: 'IRMT (the meeting arranged: an action to add on every row)',
  t: await median(fromStaff, () => link('IRMT').click(), CONTENT.agendaAction),
});
const sample = app.services.caseload.query(app.context(), { sort: 'releaseDate', limit: 1 }).rows[0]!;
const caseloadFirst = async () => {
  await link('Caseload').click();
  await page.locator('tbody tr.omu-row').first().waitFor();
};
results.push({
  label: 'a prisoner page, from the caseload',
  t: await median(
    caseloadFirst,
    () => page.locator('tbody tr.omu-row').first().getByRole('link').first().click(),
    CONTENT.prisoner,
  ),
});

// Loading the demo from the first-start page, on a new empty database each time: from the click on its button to the
// sign-in page drawn (the load's command, its progress questions meanwhile, and the page's change), three times.
// OMU_BENCH_PAGE_DEMO=0 leaves it out (a run comparing the pages alone).
const DEMO_RUNS = process.env.OMU_BENCH_PAGE_DEMO === '0' ? 0 : 3;
const demoLoads: Timing[] = [];
for (let i = 0; i < DEMO_RUNS; i++) {
  const empty = openApp({
    dbFile: path.join(dir, `demo-${i}.sqlite`),
    today: TODAY,
    clock,
    osAccount: 'bench',
    passwordHashCost: DEMO_COST,
  });
  const demoDoor = await startHttpDoor({ router: timedRouter(empty).router, staticDir: RENDERER });
  await page.goto(demoDoor.url);
  const button = page.getByRole('button', { name: 'Load demo caseload' });
  await button.waitFor();
  demoLoads.push(
    await timed(
      () => button.click(),
      () => page.getByRole('heading', { name: 'Sign in to OMU Desk' }).waitFor({ timeout: 300_000 }),
    ),
  );
  await demoDoor.close();
  empty.close();
}
demoLoads.sort((a, b) => a.ms - b.ms);
const demoLoad = demoLoads[1];

const lines: BenchLine[] = results.map(({ label, t }) => ({
  size: '1,500',
  operation: `Chromium: ${label} (${t.elements.toLocaleString('en-GB')} elements; API ${[...t.api].map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ') || 'none'})`,
  medianMs: t.ms,
  targetMs: TARGET_MS,
  baseline,
}));
if (demoLoad)
  lines.push({
    size: '600',
    operation: `Chromium: load the demo, click to the sign-in page (median of 3; API ${[...demoLoad.api].map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ')})`,
    medianMs: demoLoad.ms,
    targetMs: 3000,
    baseline,
  });
console.log(
  `\nOMU Desk pages in Chromium through the browser door, ${os.cpus().length} cores, median of ${RUNS} clicks, today ${TODAY} (first-listed prisoner ${sample.prisonerNumber})\n`,
);
printTable(lines);
// Where each page's time went, in its median click: the door's answers (time and JSON size) and the browser's main
// thread (script, which is React's render; style; layout; all its tasks). The rest of the click is waiting: for the
// answers' round trips, for the frame, and for Playwright's own questions to the page.
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
console.log('\nWhere the median click went (ms):\n');
printBreakdown([{ label: 'static page to static page', t: baselineTiming }, ...results]);
function printBreakdown(rows: { label: string; t: Timing }[]): void {
  const head = ['page', 'click', 'API', 'answers', 'script', 'style', 'layout', 'tasks'];
  const cells = rows.map(({ label, t }) => [
    label,
    t.ms.toFixed(0),
    [...t.api.values()].reduce((a, b) => a + b, 0).toFixed(0),
    kb(t.bytes),
    t.script.toFixed(0),
    t.style.toFixed(0),
    t.layout.toFixed(0),
    t.tasks.toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const fmt = (r: string[]) =>
    r.map((c, i) => (i ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(fmt(head));
  for (const r of cells) console.log(fmt(r));
}
if (TRACE)
  for (const { label, t } of results)
    console.log(
      `\n${label}, traced (self ms): ${t.trace!.map(([n, ms]) => `${n} ${ms.toFixed(0)}`).join(', ')}`,
    );
if (process.env.OMU_BENCH_PAGES_JSON)
  fs.writeFileSync(
    process.env.OMU_BENCH_PAGES_JSON,
    JSON.stringify(
      [{ label: 'baseline', t: baselineTiming }, ...results].map(({ label, t }) => ({
        label,
        ...t,
        api: Object.fromEntries(t.api),
      })),
    ),
  );

await browser.close();
await door.close();
statics.close();
app.close();
fs.rmSync(dir, { recursive: true, force: true });
