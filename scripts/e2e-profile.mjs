// Sums the end-to-end files' renderer profiles (OMU_E2E_PROFILE=DIR, tests/e2e/harness.ts) by where the time went:
//
//     OMU_E2E_PROFILE=/tmp/prof npx vitest run --project e2e && node scripts/e2e-profile.mjs /tmp/prof [--top N]
//
// For each file: the main thread's sampled time by script (the app's bundle, axe-core, Playwright's injected script,
// other), V8's garbage collector, "(program)" (the browser's own work outside script: style, layout, paint, parsing),
// beside Chromium's own counts (Performance.getMetrics: script, style and layout time, the renderer process's CPU);
// then the top functions by self time over all files.
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const dir = args[0];
const top = args.includes('--top') ? Number(args[args.indexOf('--top') + 1]) : 25;
if (!dir) {
  process.stderr.write('usage: node scripts/e2e-profile.mjs DIR [--top N]\n');
  process.exit(2);
}

/**
 * Functions that name a script evaluated without an address: axe-core's (before the harness named it `axe.min.js`), or
 * Playwright's injected script.
 */
const MARKERS = [
  ['axe', /^(colorContrastMatches|getRectStack|_getScroll|gatherAndMatchNodes|runChecks)$/],
  [
    'playwright',
    /^(InjectedScript|querySelectorAll|_queryCSS|computeElementStyleVisibilityVisible|_callQuery)$/,
  ],
];

/**
 * The script a sample belongs to, as a bucket: V8's own states, the app's bundle, axe-core and Playwright's injected
 * script (found by their functions' names, `scripts`), else the script's address. A built-in function (fetch,
 * getComputedStyle) counts for the script that called it.
 */
function bucket(id, byId, parentOf, scripts) {
  for (let n = byId.get(id); n; n = byId.get(parentOf.get(n.id))) {
    const { url, functionName, scriptId } = n.callFrame;
    if (/^\((program|idle|garbage collector|root)\)$/.test(functionName)) return functionName;
    if (url)
      return /\/assets\/index-[^/]*\.js/.test(url)
        ? 'app bundle'
        : url === 'axe.min.js'
          ? 'axe'
          : url.length > 60
            ? `…${url.slice(-60)}`
            : url;
    if (scriptId !== '0' && scriptId !== 0) return scripts.get(String(scriptId)) ?? 'other script';
  }
  return 'other';
}

const totals = new Map();
const fnTotals = new Map();
const rows = [];
for (const f of fs
  .readdirSync(dir)
  .filter((n) => n.endsWith('.cpuprofile'))
  .sort()) {
  const profile = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map();
  const scripts = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  // In MARKERS' order: a script with axe-core's functions is axe-core's whatever else it holds.
  for (const [name, re] of MARKERS)
    for (const { callFrame: f } of profile.nodes)
      if (!f.url && re.test(f.functionName) && !scripts.has(String(f.scriptId)))
        scripts.set(String(f.scriptId), name);
  const self = new Map();
  // timeDeltas[i] is the time before sample i: sample i lasts until sample i + 1.
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  }
  const byBucket = new Map();
  for (const [id, ms] of self) {
    const node = byId.get(id);
    const b = bucket(id, byId, parentOf, scripts);
    byBucket.set(b, (byBucket.get(b) ?? 0) + ms);
    totals.set(b, (totals.get(b) ?? 0) + ms);
    const key = `${b} ${node.callFrame.functionName || '(anonymous)'}:${node.callFrame.lineNumber}:${node.callFrame.columnNumber}`;
    fnTotals.set(key, (fnTotals.get(key) ?? 0) + ms);
  }
  const metricsFile = path.join(dir, f.replace(/\.cpuprofile$/, '.metrics.json'));
  const m = fs.existsSync(metricsFile) ? JSON.parse(fs.readFileSync(metricsFile, 'utf8')) : {};
  rows.push({ file: f.replace(/\.cpuprofile$/, ''), byBucket, m });
}

const s = (ms) => (ms / 1000).toFixed(2);
const buckets = [...totals].sort((a, b) => b[1] - a[1]).map(([b]) => b);
const shown = buckets.filter((b) => b !== '(idle)');
console.log(['file', ...shown, 'metrics: script', 'style', 'layout', 'task', 'process'].join('\t'));
for (const r of rows)
  console.log(
    [
      r.file,
      ...shown.map((b) => s(r.byBucket.get(b) ?? 0)),
      (r.m.ScriptDuration ?? 0).toFixed(2),
      (r.m.RecalcStyleDuration ?? 0).toFixed(2),
      (r.m.LayoutDuration ?? 0).toFixed(2),
      (r.m.TaskDuration ?? 0).toFixed(2),
      (r.m.ProcessTime ?? 0).toFixed(2),
    ].join('\t'),
  );
console.log(['all', ...shown.map((b) => s(totals.get(b)))].join('\t'));
const sum = (k) => rows.reduce((n, r) => n + (r.m[k] ?? 0), 0).toFixed(2);
console.log(
  `metrics over all files: script ${sum('ScriptDuration')} s, style ${sum('RecalcStyleDuration')} s, layout ${sum('LayoutDuration')} s, tasks ${sum('TaskDuration')} s, renderer process ${sum('ProcessTime')} s`,
);
console.log(`\ntop ${top} functions by self time (s):`);
for (const [k, ms] of [...fnTotals].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${s(ms)}\t${k}`);
