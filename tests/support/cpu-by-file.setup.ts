// Where a run's CPU goes, file by file (issue 18 item 7): with OMU_CPU_BY_FILE=FILE.jsonl, vitest.config.ts adds this
// setup file, and each test file appends one line to FILE.jsonl: its worker's own CPU-seconds and its waited-for
// children's (real `omu` processes, pdftotext...) from /proc/self/stat, and the CPU of the worker's own Chromium
// (tests/support/chromium.ts: the processes under this worker whose name starts "chrom", with the CPU of those that
// have ended and were reaped, so a renderer closed with its context still counts), from the file's first hook to its
// last, with its wall time. Module loading (before the first hook) is outside it. With OMU_CPU_BY_TEST=1 each test
// adds a line of its own ("test": its name), its hooks apart. `scripts/cpu-by-process.mjs` gives the whole run's by
// kind of process. Linux only.
//
//     OMU_CPU_BY_FILE=/tmp/cpu.jsonl npx vitest run tests/e2e
import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';

const HZ = 100; // USER_HZ: /proc counts CPU in hundredths of a second.

/** Fields 14-17 of a /proc/PID/stat (utime, stime, cutime, cstime), in seconds. */
function times(stat: string): [number, number] {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [(Number(f[11]) + Number(f[12])) / HZ, (Number(f[13]) + Number(f[14])) / HZ];
}

/**
 * This worker's Chromium's CPU-seconds by process type (browser, renderer, gpu-process, zygote, utility): every
 * process under this worker whose name starts "chrom", each with its own CPU and its reaped children's (a renderer
 * that ended is counted in its zygote's). A Chromium launched before this worker's first file counts from zero here.
 */
function chromium(): Record<string, number> {
  const procs = new Map<number, { ppid: number; comm: string; type: string; cpu: number }>();
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const [own, children] = times(stat);
      const type = comm.startsWith('chrom')
        ? (/--type=([a-z-]+)/.exec(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser')
        : '';
      procs.set(Number(pid), { ppid, comm, type, cpu: own + children });
    } catch {
      // Gone between the listing and the read.
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = procs.get(pid)?.ppid; p; p = procs.get(p)?.ppid) if (p === process.pid) return true;
    return false;
  };
  const total: Record<string, number> = {};
  for (const [pid, p] of procs) if (p.type && mine(pid)) total[p.type] = (total[p.type] ?? 0) + p.cpu;
  return total;
}

/**
 * The CPU-seconds of the run's PostgreSQL (tests/support/postgres-global.ts): every process named postgres whose parent
 * is vitest's main process (the cluster's postmaster, started by the global setup), with its reaped children's (the
 * backends that ended, autovacuum workers) and those of its children still running. Both workers share the cluster,
 * so a file's figure holds what the other worker's file asked of it meanwhile: run one worker to read it per file.
 */
function postgres(): number {
  let total = 0;
  const postmasters = new Set<number>();
  const all: { pid: number; ppid: number; cpu: number }[] = [];
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const [own, children] = times(stat);
      all.push({ pid: Number(pid), ppid, cpu: own + children });
      if (ppid === process.ppid) postmasters.add(Number(pid));
    } catch {
      // Gone between the listing and the read.
    }
  }
  for (const p of all) if (postmasters.has(p.pid) || postmasters.has(p.ppid)) total += p.cpu;
  return total;
}

interface Mark {
  own: number;
  children: number;
  chromium: Record<string, number>;
  postgres: number;
  at: number;
}

function mark(): Mark {
  const [own, children] = times(fs.readFileSync('/proc/self/stat', 'utf8'));
  return { own, children, chromium: chromium(), postgres: postgres(), at: Date.now() };
}

const s = (n: number) => Math.round(n * 100) / 100;

function write(from: Mark, extra: Record<string, string>): void {
  const to = mark();
  const byType: Record<string, number> = {};
  for (const t of new Set([...Object.keys(from.chromium), ...Object.keys(to.chromium)]))
    byType[t] = s((to.chromium[t] ?? 0) - (from.chromium[t] ?? 0));
  fs.appendFileSync(
    process.env.OMU_CPU_BY_FILE!,
    `${JSON.stringify({
      file: (expect.getState().testPath ?? '?').replace(/^.*?\/tests\//, 'tests/'),
      ...extra,
      own: s(to.own - from.own),
      children: s(to.children - from.children),
      chromium: s(Object.values(byType).reduce((a, b) => a + b, 0)),
      byType,
      postgres: s(to.postgres - from.postgres),
      wall: s((to.at - from.at) / 1000),
    })}\n`,
  );
}

let fileStart: Mark;
let testStart: Mark;
beforeAll(() => {
  fileStart = mark();
});
afterAll(() => write(fileStart, {}));
if (process.env.OMU_CPU_BY_TEST) {
  beforeEach(() => {
    testStart = mark();
  });
  afterEach(() => write(testStart, { test: expect.getState().currentTestName ?? '?' }));
}
