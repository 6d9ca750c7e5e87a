// Draws a run's shape from the lines OMU_RUN_SHAPE=FILE.jsonl made it write (tests/support/run-shape.ts): when vitest,
// its global setups and the builds beside it started and ended, and each worker's files one after the other, with the
// time no file ran in it. Text only:
//
//     OMU_RUN_SHAPE=/tmp/shape.jsonl npm test
//     node scripts/run-shape.mjs /tmp/shape.jsonl [--width 100] [--files]
//
// In the chart each column is the run's length divided by the width; in a worker's row, a project's letter (e2e E,
// integration I, server S, unit U) is a file running its hooks and tests, the lower-case letter a file loading its
// modules and setup files (taken by the worker, not yet collected), `~` a new worker process starting, `.` no file. A slot is one of the run's two (or
// maxWorkers) places for a file; vitest starts a new worker process in a slot when the next file is of another project.
import fs from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
if (!file) {
  process.stderr.write('usage: node scripts/run-shape.mjs FILE.jsonl [--width N] [--files]\n');
  process.exit(2);
}
const widthAt = args.indexOf('--width');
const WIDTH = widthAt >= 0 ? Number(args[widthAt + 1]) : 100;
const lines = fs
  .readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const t0 = Math.min(...lines.map((l) => l.at));
const s = (at) => (at - t0) / 1000;
const f1 = (n) => n.toFixed(1);
const LETTER = { e2e: 'E', integration: 'I', server: 'S', unit: 'U' };
const NAMES = {
  npm: 'lint',
  tsgo: 'type-check',
  tsc: 'type-check',
  vite: 'renderer build',
  vitest: 'vitest',
};

// The run's parts: builds and checks beside vitest (scripts/test.mjs), vitest itself, the global setups.
const parts = new Map();
const part = (name) => parts.get(name) ?? parts.set(name, {}).get(name);
for (const l of lines) {
  if (l.event === 'start' || l.event === 'end') part(NAMES[l.name] ?? l.name)[l.event] = s(l.at);
  if (l.event === 'setup start') part(`global setup: ${l.name}`).start = s(l.at);
  if (l.event === 'setup end') part(`global setup: ${l.name}`).end = s(l.at);
  if (l.event === 'vitest start') part('vitest (its reporters)').start = s(l.at);
  if (l.event === 'vitest end') part('vitest (its reporters)').end = s(l.at);
}

// Each file: taken by a worker (queued), collected, its first and last hook, ended; its worker's pid.
const files = new Map();
const fileOf = (name) => files.get(name) ?? files.set(name, { name }).get(name);
for (const l of lines) {
  if (!l.file) continue;
  const f = fileOf(l.file);
  if (l.event === 'file queued') Object.assign(f, { queued: s(l.at), project: l.project });
  if (l.event === 'file collected') f.collected = s(l.at);
  if (l.event === 'file first hook')
    Object.assign(f, { firstHook: s(l.at), pid: l.pid, workerStart: s(l.workerStart) });
  if (l.event === 'file last hook') f.lastHook = s(l.at);
  if (l.event === 'file end') Object.assign(f, { end: s(l.at), state: l.state, project: l.project });
}
const ran = [...files.values()].filter((f) => f.queued !== undefined && f.end !== undefined);
ran.sort((a, b) => a.queued - b.queued);

// Slots: each file goes to the slot that its worker's last file used, or else to the slot free longest.
const slots = [];
const slotOfPid = new Map();
for (const f of ran) {
  let slot = f.pid !== undefined ? slotOfPid.get(f.pid) : undefined;
  if (slot === undefined || slots[slot].at(-1).end > f.queued + 0.5) {
    slot = slots.findIndex((files) => files.at(-1).end <= f.queued + 0.5);
    if (slot === -1) slot = slots.push([]) - 1;
  }
  if (!slots[slot]) slots[slot] = [];
  slots[slot].push(f);
  if (f.pid !== undefined) slotOfPid.set(f.pid, slot);
}

const out = [];
const first = Math.min(...ran.map((f) => f.queued));
const last = Math.max(...ran.map((f) => f.end));
const end = Math.max(last, ...[...parts.values()].map((p) => p.end ?? 0));
out.push(
  `run shape: ${ran.length} files in ${slots.length} slots; first file taken ${f1(first)} s, last ended ${f1(last)} s (0 = the first line written)`,
);
out.push('', 'parts (start - end, seconds):');
for (const [name, p] of [...parts].sort((a, b) => (a[1].start ?? 0) - (b[1].start ?? 0)))
  out.push(`  ${f1(p.start ?? NaN).padStart(6)} - ${f1(p.end ?? NaN).padStart(6)}  ${name}`);

// The chart.
const col = end / WIDTH;
const row = (paint) => {
  const cells = Array.from({ length: WIDTH }, () => '.');
  paint(cells);
  return cells.join('');
};
const paintSpan = (cells, from, to, ch) => {
  for (let i = Math.floor(from / col); i < Math.min(WIDTH, Math.ceil(to / col)); i++) cells[i] = ch;
};
out.push('', `chart: one column = ${f1(col)} s; upper case a file's hooks and tests, lower case its loading`);
for (const [name, p] of parts)
  if (p.start !== undefined && p.end !== undefined && !name.startsWith('vitest'))
    out.push(`  ${row((c) => paintSpan(c, p.start, p.end, '='))}  ${name}`);
slots.forEach((files, i) =>
  out.push(
    `  ${row((c) => {
      const seen = new Set();
      for (const f of files) {
        const L = LETTER[f.project] ?? '?';
        if (f.pid !== undefined && !seen.has(f.pid) && f.workerStart < f.queued)
          paintSpan(c, f.workerStart, f.queued, '~');
        seen.add(f.pid);
        const collected = f.collected ?? f.firstHook ?? f.queued;
        paintSpan(c, f.queued, collected, L.toLowerCase());
        paintSpan(c, collected, f.end, L);
      }
    })}  slot ${i + 1}`,
  ),
);

// How many files run, second by second, from the first taken to the last ended.
const running = (t) => ran.filter((f) => f.queued <= t && t < f.end).length;
const counts = new Map();
let tail = null;
for (let t = first; t < last; t += 0.1) {
  const n = running(t);
  counts.set(n, (counts.get(n) ?? 0) + 0.1);
  if (n < slots.length && tail === null) tail = t;
  if (n === slots.length) tail = null;
}
out.push('', 'files running at once, from the first file taken to the last ended:');
for (const [n, secs] of [...counts].sort((a, b) => a[0] - b[0])) out.push(`  ${n}: ${f1(secs)} s`);
if (tail !== null) {
  const alone = ran.filter((f) => f.end > tail).map((f) => `${f.name} (${f1(f.queued)}-${f1(f.end)} s)`);
  out.push(
    `the tail, fewer files than slots from ${f1(tail)} s to ${f1(last)} s (${f1(last - tail)} s): ${alone.join(', ')}`,
  );
}
const loading = ran.reduce((a, f) => a + ((f.collected ?? f.queued) - f.queued), 0);
out.push(
  `files' loading (taken to collected), summed: ${f1(loading)} s; files' hooks and tests, summed: ${f1(ran.reduce((a, f) => a + (f.end - (f.collected ?? f.queued)), 0))} s`,
);

// Each slot's files, in order, with the gaps.
if (args.includes('--files'))
  slots.forEach((files, i) => {
    out.push('', `slot ${i + 1}:`);
    let prev = first;
    for (const f of files) {
      if (f.queued - prev > 0.5)
        out.push(`  ${f1(prev).padStart(6)} - ${f1(f.queued).padStart(6)}  (no file)`);
      const load = (f.collected ?? f.queued) - f.queued;
      out.push(
        `  ${f1(f.queued).padStart(6)} - ${f1(f.end).padStart(6)}  ${f.name} (${f1(f.end - f.queued)} s, loading ${f1(load)}${f.pid ? `, pid ${f.pid}` : ''}${f.state === 'passed' ? '' : `, ${f.state}`})`,
      );
      prev = f.end;
    }
  });
process.stdout.write(`${out.join('\n')}\n`);
