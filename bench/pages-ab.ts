// The pages bench (bench/pages.ts) as an A/B comparison of two checkouts in one process and one browser, click by
// click: `npx tsx bench/pages-ab.ts <before-checkout> [after-checkout]`, each checkout with its renderer built
// (dist/renderer) and its node_modules reachable. Each side has its own app and database (the same 1,500-prisoner
// caseload, seed 42) and its own door and tab; every page is clicked on each side in turn, with a click between two
// static pages in the same rounds as the baseline, so a machine loaded by other work weighs on both sides alike.
// Then the same pages' API requests through each side's router, in turn, by wall and CPU time. Not a test.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { CONTENT, drawnAfterPress, pressNoted } from './page-waits';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [beforeDir, afterDir = here] = process.argv.slice(2).map((d) => path.resolve(d));
if (!beforeDir) {
  console.error('usage: npx tsx bench/pages-ab.ts <before-checkout> [after-checkout]');
  process.exit(1);
}
const RUNS = Number(process.env.OMU_BENCH_PAGE_RUNS ?? 9);
const TODAY = '2026-11-22';
const clock = () => new Date(`${TODAY}T10:00:00Z`);
const PASSWORD = 'bench password for timings';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'omu-bench-pages-ab-'));

type Call = (
  name: string,
  input: unknown,
) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>;
interface Side {
  name: 'before' | 'after';
  page: Page;
  cdp: CDPSession;
  /** The API requests the door answered since the last click began: name and ms each. */
  requests: { name: string; ms: number; input: unknown }[];
  url: string;
  call: Call;
  pom: { id: string; name: string };
  chair: { id: string; name: string };
  nextScheduled: string;
  close(): Promise<void>;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
async function newPage(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

async function openSide(name: Side['name'], dir: string): Promise<Side> {
  const from = (f: string) => import(path.join(dir, f));
  const { openApp } = await from('electron/app/omu-app.ts');
  const { createRouter } = await from('electron/api/router.ts');
  const { startHttpDoor } = await from('electron/api/http-door.ts');
  const { loadSyntheticCaseload } = await from('db/demo/load.ts');
  const { DEMO_COST } = await from('electron/domain/credentials/hashing.ts');
  const app = openApp({
    dbFile: path.join(tmp, `${name}.sqlite`),
    today: TODAY,
    clock,
    osAccount: 'bench',
    passwordHashCost: DEMO_COST,
  });
  loadSyntheticCaseload(app.services, app.context(), { seed: 42, count: 1500 });
  const pom = app.services.staff.list().find((s: { roles: string[] }) => s.roles.includes('pom'));
  const chair = app.services.staff.insertUnchecked(app.context(), {
    name: 'Bench Chair',
    email: null,
    roles: ['irmt-chair', 'senior-manager'],
    active: true,
  });
  for (const id of [pom.id, chair.id]) {
    const { code } = await app.credentials.issueCode(id, 'bench setup', clock());
    await app.credentials.setPasswordWithCode(id, code, PASSWORD, clock());
  }
  const router = createRouter(app, 'http');
  const requests: Side['requests'] = [];
  const handle = router.handle.bind(router);
  const door = await startHttpDoor({
    router: {
      ...router,
      handle: async (op: string, input: unknown) => {
        const t = performance.now();
        try {
          return await handle(op, input);
        } finally {
          requests.push({ name: op, ms: performance.now() - t, input });
        }
      },
    },
    staticDir: path.join(dir, 'dist', 'renderer'),
  });
  const page = await newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return {
    name,
    page,
    cdp,
    requests,
    url: door.url,
    call: (op, input) => router.handle(op, input),
    pom,
    chair,
    nextScheduled: app.services.irmt.nextScheduledDate(TODAY),
    close: async () => {
      await door.close();
      app.close();
    },
  };
}
const sides = [await openSide('before', beforeDir), await openSide('after', afterDir)];

// The baseline: a click from one trivial static page to another, in its own tab.
const statics = http.createServer((req, res) => {
  const other = req.url === '/a' ? '/b' : '/a';
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!doctype html><html lang="en"><head><title>${req.url}</title></head><body><h1>Page ${req.url}</h1><a id="next" href="${other}">Next</a></body></html>`,
  );
});
await new Promise<void>((r) => statics.listen(0, '127.0.0.1', r));
const staticUrl = `http://127.0.0.1:${(statics.address() as AddressInfo).port}`;
const staticPage = await newPage();

/**
 * A click's time to its content: a selector's timed in the page, from the press to the frame that draws it
 * (bench/page-waits.ts); a wait's (the baseline, which loads another document) here, from the click to the frame after.
 */
async function timed(
  page: Page,
  click: () => Promise<void>,
  content: string | (() => Promise<void>),
): Promise<number> {
  if (typeof content === 'string') {
    await pressNoted(page, content);
    await click();
    return drawnAfterPress(page);
  }
  const t = performance.now();
  await click();
  await content();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
  return performance.now() - t;
}
// Chromium's own counts for a tab (the DevTools protocol's Performance domain): how often it restyled and laid the page
// out, which the machine's load does not change, and its main thread's time by kind.
const METRICS = [
  'LayoutCount',
  'RecalcStyleCount',
  'ScriptDuration',
  'RecalcStyleDuration',
  'LayoutDuration',
  'TaskDuration',
] as const;
type Metrics = Record<(typeof METRICS)[number], number>;
async function metrics(cdp: CDPSession): Promise<Metrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(
    METRICS.map((m) => [
      m,
      (metrics.find((x) => x.name === m)?.value ?? 0) * (m.endsWith('Count') ? 1 : 1000),
    ]),
  ) as Metrics;
}
interface Click extends Metrics {
  ms: number;
  requests: number;
  apiMs: number;
  elements: number;
}
const baseline: number[] = [];
async function baselineClick(): Promise<void> {
  await staticPage.goto(`${staticUrl}/a`);
  baseline.push(
    await timed(
      staticPage,
      () => staticPage.locator('#next').click(),
      () => staticPage.getByRole('heading', { name: 'Page /b' }).waitFor(),
    ),
  );
}

interface Scenario {
  label: string;
  prepare(s: Side): Promise<void>;
  click(s: Side): Promise<void>;
  /** The content's selector (bench/page-waits.ts). */
  content: string;
}
const link = (p: Page, name: string) =>
  p.getByRole('navigation', { name: 'Primary navigation' }).getByRole('link', { name, exact: true });
async function signInPage(s: Side, who: { name: string }) {
  await s.call('session/sign-out', {});
  await s.page.goto(s.url);
  await s.page.getByRole('heading', { name: 'Sign in to OMU Desk' }).waitFor();
  await s.page.getByLabel('Your name').fill(who.name);
  await s.page.locator('#field-password').fill(PASSWORD);
}
const fromStaff = async (s: Side) => {
  await link(s.page, 'Staff').click();
  await s.page.getByRole('heading', { name: 'Staff', exact: true }).waitFor();
};
const nav = (label: string, name: string, content: string): Scenario => ({
  label,
  prepare: fromStaff,
  click: (s) => link(s.page, name).click(),
  content,
});
const results = new Map<string, Record<Side['name'], Click[]>>();
/** Each scenario's requests on each side, as its last click made them: replayed through the router below. */
const asked = new Map<string, Record<Side['name'], Side['requests']>>();

/** Each scenario `RUNS` times on each side in turn (which side goes first alternates), after one untimed click each. */
async function run(sc: Scenario): Promise<void> {
  const got: Record<Side['name'], Click[]> = { before: [], after: [] };
  for (let i = 0; i <= RUNS; i++) {
    const order = i % 2 ? [...sides].reverse() : sides;
    for (const s of order) {
      await sc.prepare(s);
      const m0 = await metrics(s.cdp);
      s.requests.length = 0;
      const ms = await timed(s.page, () => sc.click(s), sc.content);
      const m1 = await metrics(s.cdp);
      const click = {
        ms,
        requests: s.requests.length,
        apiMs: s.requests.reduce((n, r) => n + r.ms, 0),
        elements: await s.page.evaluate(() => document.getElementsByTagName('*').length),
        ...(Object.fromEntries(METRICS.map((k) => [k, m1[k] - m0[k]])) as Metrics),
      };
      if (i > 0) got[s.name].push(click);
      asked.set(sc.label, { ...asked.get(sc.label)!, [s.name]: [...s.requests] });
    }
    if (i > 0) await baselineClick();
  }
  results.set(sc.label, got);
}

await run({
  label: 'sign in → What is due',
  prepare: (s) => signInPage(s, s.pom),
  click: (s) => s.page.getByRole('button', { name: 'Sign in', exact: true }).click(),
  content: CONTENT.due,
});
await run(nav('What is due', 'What is due', CONTENT.due));
await run(nav('Caseload', 'Caseload', CONTENT.caseload));
await run(nav('Releases (26 weeks)', 'Releases', CONTENT.releases));
await run(nav("IRMT (next meeting's agenda)", 'IRMT', CONTENT.agenda));
for (const s of sides) {
  await s.call('session/sign-out', {});
  await s.call('session/sign-in', { name: s.chair.name, password: PASSWORD });
  const made = await s.call('irmt/create-meeting', { meetingDate: s.nextScheduled, chairId: s.chair.id });
  if (!made.ok) throw new Error(`bench: ${s.name}: ${made.error?.message}`);
  await signInPage(s, s.pom);
  await s.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await s.page.locator(CONTENT.due).first().waitFor();
}
await run(nav('IRMT (the meeting arranged)', 'IRMT', CONTENT.agendaAction));
await run({
  label: 'a prisoner page, from the caseload',
  prepare: async (s) => {
    await link(s.page, 'Caseload').click();
    await s.page.locator('tbody tr.omu-row').first().waitFor();
  },
  click: (s) => s.page.locator('tbody tr.omu-row').first().getByRole('link').first().click(),
  content: CONTENT.prisoner,
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(baseline);
console.log(
  `\nPages A/B in Chromium, 1,500 prisoners, ${RUNS} clicks a side interleaved; before ${beforeDir}, after ${afterDir}; load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}\n`,
);
console.log(
  `static page to static page (baseline, ${baseline.length} clicks in the same rounds): ${base.toFixed(0)} ms\n`,
);
// Each figure the median of its own over the clicks: click to content (and its ratio to the baseline), the requests
// and their time in the door, the tab's layouts and style recalculations (counts), and its main thread's script,
// style, layout and all tasks (ms).
const cols: [string, (c: Click[]) => string][] = [
  ['click', (c) => median(c.map((x) => x.ms)).toFixed(0)],
  ['×base', (c) => (median(c.map((x) => x.ms)) / base).toFixed(2)],
  ['req', (c) => String(median(c.map((x) => x.requests)))],
  ['API', (c) => median(c.map((x) => x.apiMs)).toFixed(0)],
  ['layouts', (c) => String(median(c.map((x) => x.LayoutCount)))],
  ['restyles', (c) => String(median(c.map((x) => x.RecalcStyleCount)))],
  ['script', (c) => median(c.map((x) => x.ScriptDuration)).toFixed(0)],
  ['style', (c) => median(c.map((x) => x.RecalcStyleDuration)).toFixed(0)],
  ['layout', (c) => median(c.map((x) => x.LayoutDuration)).toFixed(0)],
  ['tasks', (c) => median(c.map((x) => x.TaskDuration)).toFixed(0)],
  ['elements', (c) => String(median(c.map((x) => x.elements)))],
];
console.log(['page'.padEnd(40), 'side  ', ...cols.map(([h]) => h.padStart(8))].join(' '));
for (const [label, got] of results)
  for (const side of ['before', 'after'] as const)
    console.log(
      [
        side === 'before' ? label.padEnd(40) : ''.padEnd(40),
        side.padEnd(6),
        ...cols.map(([, f]) => f(got[side]).padStart(8)),
      ].join(' '),
    );
// The server side alone: each page's requests (as its last click made them) replayed through each side's router in
// turn, one after another as a page waiting for each would, by wall and CPU time (user and system, this process).
const REPLAYS = Number(process.env.OMU_BENCH_PAGE_REPLAYS ?? 15);
console.log(`\nThe same clicks' requests through the router, ${REPLAYS} times a side in turn (median ms):\n`);
console.log(
  ['page'.padEnd(40), 'side  ', 'requests'.padEnd(60), 'wall'.padStart(7), 'CPU'.padStart(7)].join(' '),
);
for (const [label, bySide] of asked) {
  if (label.startsWith('sign in')) continue;
  const figures: Record<string, { wall: number[]; cpu: number[] }> = {};
  for (let i = 0; i < REPLAYS; i++)
    for (const s of i % 2 ? [...sides].reverse() : sides) {
      const cpu = process.cpuUsage();
      const t = performance.now();
      for (const r of bySide[s.name]) await s.call(r.name, r.input);
      const wall = performance.now() - t;
      const used = process.cpuUsage(cpu);
      const f = (figures[s.name] ??= { wall: [], cpu: [] });
      f.wall.push(wall);
      f.cpu.push((used.user + used.system) / 1000);
    }
  for (const s of sides)
    console.log(
      [
        s.name === 'before' ? label.padEnd(40) : ''.padEnd(40),
        s.name.padEnd(6),
        bySide[s.name]
          .map((r) => r.name)
          .join(', ')
          .slice(0, 60)
          .padEnd(60),
        median(figures[s.name]!.wall).toFixed(1).padStart(7),
        median(figures[s.name]!.cpu).toFixed(1).padStart(7),
      ].join(' '),
    );
}

if (process.env.OMU_BENCH_PAGES_JSON)
  fs.writeFileSync(
    process.env.OMU_BENCH_PAGES_JSON,
    JSON.stringify({ baseline, results: Object.fromEntries(results), load: os.loadavg() }),
  );

await browser.close();
for (const s of sides) await s.close();
statics.close();
fs.rmSync(tmp, { recursive: true, force: true });
