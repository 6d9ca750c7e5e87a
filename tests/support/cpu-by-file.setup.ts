// Where a run's CPU goes, file by file (issue 18 item 7): with OMU_CPU_BY_FILE=FILE.jsonl, vitest.config.ts adds this
// setup file, and each test file appends one line to FILE.jsonl: its worker's own CPU-seconds and its waited-for
// children's (real `omu` processes, pdftotext...) from /proc/self/stat, and the CPU of this run's Chromium (its
// processes' command lines name the run's temporary folder), from the file's first hook to its last, with its wall
// time. Module loading (before the first hook) is outside it. Two files run at once, so Chromium's figure is the run's,
// shared by the files that overlap; `scripts/cpu-by-process.mjs` gives the whole run's by kind of process. Linux only.
//
//     OMU_CPU_BY_FILE=/tmp/cpu.jsonl npx vitest run tests/e2e
import fs from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';

const HZ = 100; // USER_HZ: /proc counts CPU in hundredths of a second.

/** Fields 14-17 of a /proc/PID/stat (utime, stime, cutime, cstime), in seconds. */
function times(stat: string): [number, number] {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [(Number(f[11]) + Number(f[12])) / HZ, (Number(f[13]) + Number(f[14])) / HZ];
}

/** This run's Chromium processes' CPU-seconds (the processes alive now). */
function chromium(): number {
  const run = process.env.OMU_TEST_RUN_TMP;
  if (!run) return 0;
  let total = 0;
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!fs.readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('chrom')) continue;
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(run)) continue;
      total += times(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))[0];
    } catch {
      // Gone between the listing and the read.
    }
  }
  return total;
}

let start = { own: 0, children: 0, chromium: 0, at: 0 };
beforeAll(() => {
  const [own, children] = times(fs.readFileSync('/proc/self/stat', 'utf8'));
  start = { own, children, chromium: chromium(), at: Date.now() };
});
afterAll(() => {
  const [own, children] = times(fs.readFileSync('/proc/self/stat', 'utf8'));
  const s = (n: number) => Math.round(n * 100) / 100;
  fs.appendFileSync(
    process.env.OMU_CPU_BY_FILE!,
    `${JSON.stringify({
      file: (expect.getState().testPath ?? '?').replace(/^.*?\/tests\//, 'tests/'),
      own: s(own - start.own),
      children: s(children - start.children),
      chromium: s(chromium() - start.chromium),
      wall: s((Date.now() - start.at) / 1000),
    })}\n`,
  );
});
