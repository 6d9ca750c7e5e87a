// Global setup: the demo caseload loaded once per run into a template database file. A test that needs the demo
// copies the file (tests/support/demo-template.ts) instead of loading 600 prisoners again; the demo load itself is
// tested on its own (tests/integration/demo-load.test.ts, and through the app's button in tests/e2e/foundation).
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { shapeTimed } from './run-shape';
import { tempDir, FIXED_TODAY, fixedClock } from './temp';

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

async function build(dir: string): Promise<string> {
  // The app is imported here, by the one project that builds the template, not at the top of the module: each project
  // that names this setup loads the module afresh in the main process, so the next one loaded the whole app again
  // through its module runner only to find the template already under way.
  const [{ openApp }, { loadDemoCaseload }] = await Promise.all([
    import('../../electron/app/omu-app'),
    import('../../db/demo/load'),
  ]);
  const file = path.join(dir, 'demo.sqlite');
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
