// npm run mutation [-- GROUP ...]: Stryker over electron/domain, one group of files at a time (scripts/mutation-groups.mjs),
// then the score per folder from every group's report. With no group, every group runs; `--summary` only prints the
// table from the reports already in reports/mutation/; `--survivors` also lists every mutant that survived or that no
// test reached, by file and line, with what Stryker put in its place.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { MUTATION_GROUPS, mutationGroup } from './mutation-groups.mjs';

const args = process.argv.slice(2);
const summaryOnly = args.includes('--summary');
const listSurvivors = args.includes('--survivors');
const groups = args.filter((a) => !a.startsWith('--'));
for (const g of groups) mutationGroup(g);

if (!summaryOnly) {
  for (const group of groups.length ? groups : Object.keys(MUTATION_GROUPS)) {
    console.log(`\n=== ${group}: ${mutationGroup(group).mutate.join(', ')}`);
    const r = spawnSync('npx', ['stryker', 'run'], {
      stdio: 'inherit',
      env: { ...process.env, STRYKER_GROUP: group },
    });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}

// Each group's incremental file is a full mutation report (mutation-testing-report-schema): the scores come from them.
// Score: killed (and timed out) over all mutants that were tested or had no test reaching them. Ignored: static mutants
// (code run while a module loads or in a test file's beforeAll, not by one test), left out by ignoreStatic.
const dir = path.resolve('reports/mutation');
const byFile = new Map();
for (const f of fs.existsSync(dir)
  ? fs.readdirSync(dir).filter((n) => n.endsWith('.incremental.json'))
  : []) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  for (const [file, { mutants, source }] of Object.entries(report.files)) {
    const name = path.relative(process.cwd(), path.resolve(file));
    // A file may be mutated by more than one group, each over its own lines (service-due-*).
    byFile.set(name, [...(byFile.get(name) ?? []), ...mutants]);
    if (!listSurvivors) continue;
    const lines = source.split('\n');
    for (const m of [...mutants].sort((a, b) => a.location.start.line - b.location.start.line))
      if (m.status === 'Survived' || m.status === 'NoCoverage')
        console.log(
          `${m.status === 'Survived' ? 'survived' : 'no test '} ${name}:${m.location.start.line} ${m.mutatorName} ` +
            `${JSON.stringify(m.replacement ?? '').slice(0, 80)} | ${lines[m.location.start.line - 1].trim().slice(0, 80)}`,
        );
  }
}
const rows = new Map();
const count = (key, mutants) => {
  const r = rows.get(key) ?? { killed: 0, survived: 0, noCoverage: 0, timeout: 0, ignored: 0, other: 0 };
  for (const m of mutants) {
    if (m.status === 'Killed') r.killed++;
    else if (m.status === 'Survived') r.survived++;
    else if (m.status === 'NoCoverage') r.noCoverage++;
    else if (m.status === 'Timeout') r.timeout++;
    else if (m.status === 'Ignored') r.ignored++;
    else r.other++;
  }
  rows.set(key, r);
};
for (const [file, mutants] of [...byFile.entries()].sort()) {
  count(file, mutants);
  count(`${path.dirname(file)}/`, mutants);
}
const score = (r) => {
  const valid = r.killed + r.timeout + r.survived + r.noCoverage;
  return valid ? ((100 * (r.killed + r.timeout)) / valid).toFixed(1) : 'n/a';
};
console.log(
  '\n| file or folder | killed | timed out | survived | no coverage | score % | ignored (static) |\n|---|---|---|---|---|---|---|',
);
for (const [key, r] of [...rows.entries()].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(
    `| ${key} | ${r.killed} | ${r.timeout} | ${r.survived} | ${r.noCoverage} | ${score(r)} | ${r.ignored} |`,
  );
}
