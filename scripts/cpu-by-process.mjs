// Runs a command and says where its CPU went, by kind of process (Chromium by process type, PostgreSQL, vitest's main
// process and workers, the real `omu` and `omu-server` processes, tsgo, ESLint, Prettier...), with a 10-second timeline:
//
//     node scripts/cpu-by-process.mjs [--out FILE] -- npx vitest run --project e2e
//
// `/usr/bin/time` missed most of the end-to-end tests' CPU while the run's one Chromium was a browser server that no
// process waited for (227 of the e2e project's 307 CPU-seconds on 27/11/2026), and it still gives no split by kind of
// process or over time. This samples every
// process under the command twice a second from /proc (Linux only), so a process that lives less than half a second
// is missed: compare the total with `/usr/bin/time` on the same run. The command's exit code is passed on.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

const args = process.argv.slice(2);
let out = null;
if (args[0] === '--out') {
  out = args[1];
  args.splice(0, 2);
}
if (args[0] === '--') args.shift();
if (!args.length) {
  process.stderr.write('usage: node scripts/cpu-by-process.mjs [--out FILE] -- COMMAND [ARGS...]\n');
  process.exit(2);
}

const HZ = 100; // USER_HZ: /proc/PID/stat counts CPU in hundredths of a second on Linux.
const started = Date.now();
const child = spawn(args[0], args.slice(1), { stdio: 'inherit' });

/** The process's kind, from its name and command line. */
function kind(comm, cmd) {
  if (/chrom/.test(comm) || /\/chromium\b/.test(cmd))
    return `chromium ${/--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser'}`;
  if (/^postgres|initdb|pg_ctl/.test(comm)) return 'postgres';
  if (/tsgo|\btsc\b/.test(cmd)) return 'type-check';
  if (/eslint/.test(cmd)) return 'eslint';
  if (/prettier/.test(cmd)) return 'prettier';
  if (/esbuild/.test(comm) || /\bvite(\.js)? build|bin\/vite\b/.test(cmd)) return 'vite/esbuild';
  if (/sass|dart/.test(comm + cmd)) return 'sass';
  if (/vitest\/dist\/workers|forks\.js/.test(cmd)) return 'vitest worker';
  if (/vitest/.test(cmd)) return 'vitest main';
  if (/omu-server/.test(cmd)) return 'omu-server process';
  if (/bin\/omu\.mjs|omu-warm|dist\/cli\/omu/.test(cmd)) return 'omu process';
  return comm;
}

/** Every process as { ppid, comm, cmd, ticks }. */
function processes() {
  const all = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const f = stat.slice(close + 2).split(' ');
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').replace(/\0/g, ' ');
      all.set(Number(d), {
        ppid: Number(f[1]),
        comm: stat.slice(stat.indexOf('(') + 1, close),
        cmd,
        ticks: Number(f[11]) + Number(f[12]),
      });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return all;
}

/**
 * The whole machine's CPU from /proc/stat, in ticks: busy (user, nice, system, irq, softirq, steal), idle and iowait.
 * Beside the sampled processes it tells how much the run left unused (a core idle while both files wait) and how much
 * CPU the sampling missed (processes that lived less than half a second, and the last half second of every process).
 */
function machine() {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
    return { busy: user + nice + system + irq + softirq + (steal ?? 0), idle, iowait };
  } catch {
    return null;
  }
}
const machineDelta = (a, b) =>
  a && b ? { busy: b.busy - a.busy, idle: b.idle - a.idle, iowait: b.iowait - a.iowait } : null;
const machineAtStart = machine();
let machineAtBucket = machineAtStart;

const seen = new Map(); // pid -> { ticks, kind }
const totals = new Map();
const unnamed = new Map();
const timeline = [];
let bucket = new Map();
let bucketStart = started;

function add(map, k, v) {
  map.set(k, (map.get(k) ?? 0) + v);
}

function sample() {
  const all = processes();
  const under = (pid) => {
    for (let p = pid, i = 0; p && i < 64; p = all.get(p)?.ppid, i++) if (p === child.pid) return true;
    return false;
  };
  for (const [pid, p] of all) {
    if (!under(pid)) continue;
    const before = seen.get(pid);
    // Kept from the first look unless the command line changed: a forked process shows its parent's command line until
    // it runs its own program (vitest's workers were once counted as its main process so).
    const k = before && before.cmd === p.cmd ? before.kind : kind(p.comm, p.cmd);
    const delta = p.ticks - (before?.ticks ?? 0);
    seen.set(pid, { ticks: p.ticks, kind: k, cmd: p.cmd });
    if (delta > 0) {
      add(totals, k, delta);
      add(bucket, k, delta);
      // What the processes counted only by their name were: the command lines that took most.
      if (k === p.comm) add(unnamed, `${p.comm}: ${p.cmd.slice(0, 160)}`, delta);
    }
  }
  if (Date.now() - bucketStart >= 10_000) {
    const now = machine();
    timeline.push({ at: bucketStart - started, parts: bucket, machine: machineDelta(machineAtBucket, now) });
    machineAtBucket = now;
    bucket = new Map();
    bucketStart = Date.now();
  }
}

const timer = setInterval(sample, 500);
sample();

child.on('exit', (code, signal) => {
  clearInterval(timer);
  const end = machine();
  timeline.push({ at: bucketStart - started, parts: bucket, machine: machineDelta(machineAtBucket, end) });
  const whole = machineDelta(machineAtStart, end);
  const s = (ticks) => (ticks / HZ).toFixed(1);
  const sum = (m) => [...m.values()].reduce((a, b) => a + b, 0);
  const lines = [
    `cpu-by-process: ${((Date.now() - started) / 1000).toFixed(0)} s of wall time, ${s(sum(totals))} CPU-seconds sampled`,
  ];
  if (whole)
    lines.push(
      `the whole machine meanwhile (/proc/stat, anything else running included): ${s(whole.busy)} CPU-seconds busy, ${s(whole.idle)} idle, ${s(whole.iowait)} waiting for the disk`,
    );
  for (const [k, v] of [...totals].sort((a, b) => b[1] - a[1])) lines.push(`${s(v).padStart(9)}  ${k}`);
  const others = [...unnamed].sort((a, b) => b[1] - a[1]).filter(([, v]) => v >= HZ);
  if (others.length) lines.push('of those counted by name only, the command lines of a second or more:');
  for (const [k, v] of others.slice(0, 12)) lines.push(`${s(v).padStart(9)}  ${k}`);
  lines.push(
    'every 10 s: CPU-seconds sampled (at most 20 on 2 cores), the machine busy/idle/iowait, then the largest parts',
  );
  for (const { at, parts, machine: m } of timeline)
    lines.push(
      `${String(Math.round(at / 1000)).padStart(6)} s ${s(sum(parts)).padStart(5)}${m ? `  [${s(m.busy)}/${s(m.idle)}/${s(m.iowait)}]` : ''}  ${[
        ...parts,
      ]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([k, v]) => `${k} ${s(v)}`)
        .join(', ')}`,
    );
  const text = `${lines.join('\n')}\n`;
  if (out) fs.writeFileSync(out, text);
  else process.stderr.write(text);
  process.exit(code ?? (signal ? 1 : 0));
});
