import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { startHttpDoor, type HttpDoor } from '../../electron/api/http-door';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { copyDemoDatabase } from '../support/demo-template';
import { appliedCommands, caseDigest, replay } from '../../electron/core/replay';
import { DEMO_PASSWORD } from '../../electron/domain/session/settings';
import { TEST_COST } from '../support/sign-in';
import { workerChromium } from '../support/chromium';
import { expect } from 'vitest';

export const ARTIFACTS = path.resolve('test-artifacts/e2e');
const RENDERER = path.resolve('dist/renderer');

export interface E2E {
  app: OmuApp;
  door: HttpDoor;
  browser: Browser;
  page: Page;
  dir: string;
  /**
   * The flow's writes so far are not all commands (`why`: the first administrator, written while nobody could run
   * one): its command log is replayed from here, on its file as it is now.
   */
  replayFromHere(why: string): void;
  close(): Promise<void>;
}

/**
 * The real renderer, served by the browser door over a real temporary database, in Debian's Chromium (the worker's
 * one Chromium, tests/support/chromium.ts, in a context of this file's own). `demo`: the database starts as a copy
 * of the demo caseload loaded once for the run (tests/support/demo-template.setup.ts), nobody signed in.
 */
export async function startE2E(
  options: {
    osAccount?: string;
    demo?: boolean;
    clock?: () => Date;
    /**
     * Why the flow writes case data to its file outside the commands (a row corrupted on purpose, the first
     * administrator, rows pulled from a unit server): its command log is not replayed.
     */
    writesOutsideCommands?: string;
    /**
     * The page's timers and `Date` run on Playwright's clock (installed in the context before the first page loads):
     * time flows as usual, and the test may move it on (`page.clock.fastForward`) instead of waiting out a timer of
     * the page's, such as its session check every 15 s.
     */
    pageClock?: boolean;
  } = {},
): Promise<E2E> {
  if (!fs.existsSync(path.join(RENDERER, 'index.html')))
    throw new Error('Build the renderer first: npm run build:renderer');
  const dir = tempDir('omu-e2e-');
  const dbFile = options.demo ? copyDemoDatabase(dir) : path.join(dir, 'omu.sqlite');
  // The file as the flow starts (the demo's, or an empty one), kept to replay the flow's command log on (issue 15, item 2).
  let startFile =
    options.demo && !options.writesOutsideCommands ? copyDemoDatabase(dir, 'start.sqlite') : null;
  // Passwords set in these tests are hashed at the test cost (the full cost has its own test, tests/integration/sign-in.test.ts).
  const openOn = (file: string) =>
    openApp({
      dbFile: file,
      today: FIXED_TODAY,
      clock: options.clock ?? fixedClock,
      osAccount: options.osAccount ?? 'e2e-user',
      passwordHashCost: TEST_COST,
    });
  const app = openOn(dbFile);
  // The commands logged before the replay's start (none, unless the flow says it starts later).
  let replayAfter = 0;
  const startHere = (name: string) => {
    startFile = path.join(dir, name);
    app.opened.sqlite.exec(`VACUUM INTO '${startFile}'`);
    replayAfter = appliedCommands(app.opened.sqlite).at(-1)?.seq ?? 0;
  };
  // An empty database as the app made it, before the flow does anything: its first start (the demo's load is a
  // logged command too).
  if (!options.demo && !options.writesOutsideCommands) startHere('start.sqlite');
  // The demo's file holds its own load's command (a logged command since a7fe14a): the flow's are those after it, and
  // replaying that load on the demo's file was refused ("only into an empty database"), failing every demo flow.
  else if (startFile) replayAfter = appliedCommands(app.opened.sqlite).at(-1)?.seq ?? 0;
  const door = await startHttpDoor({ router: createRouter(app, 'http'), staticDir: RENDERER });
  // This worker's Chromium (tests/support/chromium.ts); the file's own context, closed with the file.
  const browser = await workerChromium();
  const context = await browser.newContext({
    viewport: { width: 1400, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  // A busy machine is no failure: Playwright's waits get two minutes, not its default 30 seconds.
  context.setDefaultTimeout(120_000);
  context.setDefaultNavigationTimeout(120_000);
  if (options.pageClock) await context.clock.install();
  const page = await context.newPage();
  page.on('pageerror', (e) =>
    console.error('[renderer error]', e.message, e.stack?.split('\n').slice(0, 4).join(' | ')),
  );
  const profile = process.env.OMU_E2E_PROFILE ? await startProfile(page) : null;
  await page.goto(door.url);
  return {
    app,
    door,
    browser,
    page,
    dir,
    replayFromHere(why: string) {
      if (!why) throw new Error('Say why the replay starts later');
      startHere('start-later.sqlite');
    },
    async close() {
      if (profile) await profile.stop();
      await context.close();
      await door.close();
      try {
        if (startFile) await replayMatches(app, openOn(startFile), replayAfter);
      } finally {
        app.close();
      }
    },
  };
}

/**
 * Every flow ends by replaying its command log, in order, on its file as the flow found it (the demo's, or an empty
 * database, whose first command may be the demo's load): the case tables must come out identical
 * (electron/core/replay.ts). A flow's write that is not a logged command, or a decision that reads anything but its
 * input, state and context, fails the file here; a flow that must write otherwise says why (`writesOutsideCommands`).
 */
async function replayMatches(app: OmuApp, copy: OmuApp, afterSeq: number): Promise<void> {
  try {
    const log = appliedCommands(app.opened.sqlite, afterSeq);
    await replay(copy.runner, log);
    const want = caseDigest(app.opened.sqlite);
    const got = caseDigest(copy.opened.sqlite);
    const differ = Object.keys(want).filter((t) => want[t] !== got[t]);
    if (differ.length > 0)
      throw new Error(
        `Replaying the flow's ${log.length} logged command(s) on its starting file differs in: ${differ.map((t) => `${t} (${want[t]} against ${got[t]})`).join(', ')}`,
      );
  } finally {
    copy.close();
  }
}

/**
 * OMU_E2E_PROFILE=DIR: where the file's renderer spends its CPU (issue 18, item 7). V8's sampling profiler runs on the
 * page's main thread from before the first page loads to the file's end, and DIR/NAME.cpuprofile is written when the
 * file closes (Chrome DevTools opens it; `node scripts/e2e-profile.mjs DIR` sums it by script: the app's bundle, axe,
 * Playwright's injected script...), with Chromium's own counts beside it (DIR/NAME.metrics.json: the main thread's
 * script, style, layout and task time, the renderer's process time). For finding the cost only: profiling slows the
 * page a little.
 */
async function startProfile(page: Page): Promise<{ stop(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return {
    async stop() {
      const { profile } = await cdp.send('Profiler.stop');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const dir = process.env.OMU_E2E_PROFILE!;
      fs.mkdirSync(dir, { recursive: true });
      const name = path.basename(expect.getState().testPath ?? 'unknown', '.test.ts');
      fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      fs.writeFileSync(
        path.join(dir, `${name}.metrics.json`),
        JSON.stringify(Object.fromEntries(metrics.map((m) => [m.name, m.value]))),
      );
    },
  };
}

/** A download's bytes: saved beside the test's database (the context's downloads go when it closes). */
export async function downloaded(e: E2E, download: Download): Promise<Buffer> {
  const file = path.join(e.dir, `download-${Date.now()}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return fs.readFileSync(file);
}

/**
 * The screen as a person sees it (the viewport, 1400×900 or the 1366×768 a test sets) in test-artifacts/e2e/NAME.png,
 * when the run is asked for screenshots (`OMU_E2E_SCREENSHOTS=1`). Nothing in the suite reads these files, and each
 * costs Chromium about 0.2 CPU-seconds (a frame drawn and copied out), some 10 of the end-to-end project's CPU-seconds
 * for the 44 of a run, so `npm test` leaves them out; a failed test's screen is always kept (`failureScreenshot`).
 * `fullPage` draws the whole page instead: on a long list (Releases has thousands of elements) that costs seconds and
 * shows rows nobody scrolls to, so only a test that needs the bottom of a page asks for it.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string | null> {
  if (!process.env.OMU_E2E_SCREENSHOTS) return null;
  return failureScreenshot(page, name, options);
}

/** The screen in test-artifacts/e2e/NAME.png whatever the run asked: a failed test's, or a problem found on it. */
export async function failureScreenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false });
  return file;
}

/**
 * axe-core's own script, read once per test file: the package's minified build (`axe.min.js`, 654 KB), the same
 * engine and rules as the 1.48 MB unminified text that `axe-core`'s `source` holds (what @axe-core/playwright injects).
 * Each document pays for the script it is given: sent over the DevTools protocol, parsed and compiled in a renderer
 * that has not seen it (each file's context has its own). The minified build costs about 0.3 CPU-s less a document
 * (docs/testing.md). Named `axe.min.js` in profiles and stacks (scripts/e2e-profile.mjs).
 */
let axeSource: string | undefined;

function readAxeSource(): string {
  const file = path.join(path.dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js');
  return `${fs.readFileSync(file, 'utf8')}\n//# sourceURL=axe.min.js\n`;
}

/**
 * axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA rules). Every rule runs on
 * every element; `resultTypes: ['violations']` only spares axe listing every element that passed (thousands on a long
 * list) in its answer, which this function never reads. axe runs in the page itself, put there once per document
 * (the app is one page with no frames): @axe-core/playwright's `analyze()` injected axe's script into every frame
 * at every call and finished each run in a new blank page, 7.5 s of which axe's own run was 1.5 s on the IRMT agenda.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  return (await seriousViolationsApart(page, null)).rest;
}

/**
 * One check of the page as it is now (as `seriousViolations`), its serious and critical violations parted by where
 * they are: `within` lists the rules broken by an element inside the element `selector` names, `rest` the violations
 * of every other element (as `seriousViolations` words them). So one run both finds the faults put into the page on
 * purpose and checks the rest of it, which two runs did before, one with the faults and one without.
 */
export async function seriousViolationsApart(
  page: Page,
  selector: string | null,
): Promise<{ within: string[]; rest: string[] }> {
  axeSource ??= readAxeSource();
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async (selector) => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const part = selector === null ? null : document.querySelector(selector);
    if (selector !== null && !part) throw new Error(`Nothing on the page is ${selector}`);
    const results = await axe.run(document, {
      resultTypes: ['violations'],
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      // Each node's element, to tell which are inside `part` (its selector alone may not say so).
      elementRef: part !== null,
    });
    return results.violations.map((v) => {
      const inside = (n: (typeof v.nodes)[number]) => !!part && !!n.element && part.contains(n.element);
      return {
        id: v.id,
        impact: v.impact,
        help: v.help,
        within: v.nodes.some(inside),
        targets: v.nodes.filter((n) => !inside(n)).map((n) => n.target.join(' ')),
      };
    });
  }, selector);
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  return {
    within: serious.filter((v) => v.within).map((v) => v.id),
    rest: serious
      .filter((v) => v.targets.length > 0)
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.slice(0, 3).join('; ')}`),
  };
}

/**
 * Signs in on the sign-in page with the person's name and password (the demo's staff share the demo password),
 * switching user first when someone is signed in.
 */
export async function signInAs(e: E2E, name: string, password = DEMO_PASSWORD): Promise<void> {
  const { page } = e;
  const switchUser = page.getByRole('button', { name: 'Switch user' });
  const signInHeading = page.getByRole('heading', { name: 'Sign in to OMU Desk' });
  // count() does not wait: the page is first given time to show one or the other (a page still loading has neither).
  await switchUser.or(signInHeading).first().waitFor();
  if (await switchUser.count()) await switchUser.click();
  await signInHeading.waitFor();
  await page.getByLabel('Your name').fill(name);
  await page.locator('#field-password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByTestId('current-user').getByText(name).waitFor();
}
