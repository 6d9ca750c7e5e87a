// Global setup: the demo caseload loaded once per run into a template database file. A test that needs the demo
// copies the file (tests/support/demo-template.ts) instead of loading 600 prisoners again; the demo load itself is
// tested on its own (tests/integration/demo-load.test.ts, and through the app's button in tests/e2e/foundation).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { shapeTimed } from './run-shape';
import { bundledScript } from './script-bundle';
import { tempDir } from './temp';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A database file holding the demo caseload as of FIXED_TODAY, loaded by an unidentified 'e2e-user' (e2e and integration files copy it). */
    demoTemplate: string;
  }
}

// Every project's global setup runs in the one main process, but each project loads this module afresh (a module
// runner of its own), so a module variable would load the demo once per project: the run's template is kept on
// globalThis instead. Teardowns run once every file of every project has ended.
const run = globalThis as typeof globalThis & { omuDemoTemplate?: { dir: string; file: Promise<string> } };

/**
 * Loads the demo into `dir`/demo.sqlite in a process of its own, run from an esbuild bundle of the script below
 * (tests/support/script-bundle.ts), not by importing the app into vitest's main process: there each project's module
 * runner transformed and evaluated the whole app only for this (about 3 CPU-seconds of the main process's 8.8 in a run of
 * one integration file, 28/11/2026, load 3.5; the workers transform it for themselves anyway). The same opening, on the
 * tests' fixed day and clock, as an unidentified 'e2e-user'.
 */
const BUILD_SCRIPT = `
import { openApp } from './electron/app/omu-app';
import { loadDemoCaseload } from './db/demo/load';
import { FIXED_TODAY, fixedClock } from './tests/support/temp';

const file = process.argv[2];
const app = openApp({ dbFile: file, today: FIXED_TODAY, clock: fixedClock, osAccount: 'e2e-user' });
try {
  await loadDemoCaseload(app, app.context());
  // The app's first read of the day, as a workstation's database holds the demo after it: each prisoner's due items
  // stored as of FIXED_TODAY (db/schema/due.ts). Before, every copy's first read of the due list (or of one prisoner)
  // worked out all 600 prisoners again and stored them, 1-2 CPU-seconds a copy: the usage test's CLI calls, each
  // end-to-end file's first page. The list stored here is checked against one worked out whole, on this day and
  // others, in tests/integration/due-store.test.ts; a first read that works out every prisoner is tested on the due
  // service's own databases (tests/integration/due-service.test.ts).
  app.services.due.list(FIXED_TODAY);
  app.opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
} finally {
  app.close();
}
`;

async function build(dir: string): Promise<string> {
  const file = path.join(dir, 'demo.sqlite');
  const script = await bundledScript({ code: BUILD_SCRIPT, name: 'demo-template' });
  const { code, signal, stderr } = await new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
  }>((resolve, reject) => {
    const child = spawn(process.execPath, [script, file], { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  if (code !== 0) {
    // Its output as it is, not in the error: vitest reads the frames in an error's text as its own and fails on them.
    process.stderr.write(stderr);
    throw new Error(
      `The demo template was not built: its process ended with ${code ?? signal} (its output is above)`,
    );
  }
  return file;
}

/**
 * The run's template, built once, from the moment this module is loaded (below): a project's global setup files are
 * loaded together and then run one after the other, so PostgreSQL and the CLI build go on meanwhile.
 */
function template(): Promise<string> {
  if (!run.omuDemoTemplate) {
    const dir = tempDir('omu-demo-template-');
    run.omuDemoTemplate = { dir, file: shapeTimed('demo template', () => build(dir)) };
    // A failure is reported by the setup that awaits it, not as an unhandled rejection before then.
    run.omuDemoTemplate.file.catch(() => undefined);
  }
  return run.omuDemoTemplate.file;
}
void template();

export async function setup(project: TestProject): Promise<void> {
  project.provide('demoTemplate', await template());
}

export async function teardown(): Promise<void> {
  const template = run.omuDemoTemplate;
  run.omuDemoTemplate = undefined;
  if (template) fs.rmSync(template.dir, { recursive: true, force: true });
}
