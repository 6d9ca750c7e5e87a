// The server side of the pages bench (bench/pages.ts): the API requests each slow page makes between its click and
// its content, called through the router as the browser door calls them, on the same 1,500-prisoner caseload, with
// their wall and CPU time and the size of their answers. Run it in two checkouts alternately to compare them
// (OMU_BENCH_PAGES_JSON=<file> writes the figures). Not a test: nothing here fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApp } from '../electron/app/omu-app';
import { createRouter } from '../electron/api/router';
import { loadSyntheticCaseload } from '../db/demo/load';
import { DEMO_COST } from '../electron/domain/credentials/hashing';

const RUNS = Number(process.env.OMU_BENCH_PAGE_RUNS ?? 15);
const TODAY = '2026-11-22';
const clock = () => new Date(`${TODAY}T10:00:00Z`);
const PASSWORD = 'bench password for timings';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omu-bench-pages-server-'));
const app = openApp({
  dbFile: path.join(dir, 'pages.sqlite'),
  today: TODAY,
  clock,
  osAccount: 'bench',
  passwordHashCost: DEMO_COST,
});
loadSyntheticCaseload(app.services, app.context(), { seed: 42, count: 1500 });
const pom = app.services.staff.list().find((s) => s.roles.includes('pom'))!;
const chair = app.services.staff.insertUnchecked(app.context(), {
  name: 'Bench Chair',
  email: null,
  roles: ['irmt-chair', 'senior-manager'],
  active: true,
});
for (const id of [pom.id, chair.id]) {
  const { code } = await app.credentials.issueCode(id, 'bench setup', clock());
  const set = await app.credentials.setPasswordWithCode(id, code, PASSWORD, clock());
  if (!set.ok) throw new Error(`bench: could not set a password: ${set.reason}`);
}
const router = createRouter(app, 'http');
async function call(name: string, input: unknown): Promise<unknown> {
  const r = await router.handle(name as never, input as never);
  if (!r.ok) throw new Error(`bench: ${name}: ${r.error.message}`);
  return r.value;
}

interface Figure {
  label: string;
  ms: number;
  cpuMs: number;
  bytes: number;
}
/** The median of `RUNS` calls of `fn` after one untimed, by wall time; its CPU time (user + system) and answer size. */
async function median(label: string, fn: () => Promise<unknown>): Promise<Figure> {
  await fn();
  const runs: Figure[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const answer = await fn();
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    runs.push({
      label,
      ms,
      cpuMs: (used.user + used.system) / 1000,
      bytes: Buffer.byteLength(JSON.stringify(answer)),
    });
  }
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(runs.length / 2)]!;
}

const figures: Figure[] = [];
// Sign-in: the password check (scrypt at the demo's cost here, as in bench/pages.ts), then what the first page asks.
figures.push(
  await median('session/sign-in (after a sign-out)', async () => {
    await call('session/sign-out', {});
    return call('session/sign-in', { name: pom.name, password: PASSWORD });
  }),
);
const pageRequest = {
  within: 56,
  ownedBy: pom.name,
  kinds: [],
  status: 'overdue',
  sort: 'due',
  page: 1,
  pageRows: 50,
};
figures.push(await median('due/page (What is due, first page)', () => call('due/page', pageRequest)));
figures.push(
  await median('release-planning/list-releases (26 weeks)', () =>
    call('release-planning/list-releases', { weeks: 26 }),
  ),
);
// The Releases page's one request since it is paged in the service, and beside it the list worked out anew from the
// facts in the same process (every plan worked out, as list-releases did before the plans' numbers were stored).
figures.push(
  await median('release-planning/releases-page (26 weeks, page 1)', () =>
    call('release-planning/releases-page', { weeks: 26 }),
  ),
);
figures.push(
  await median('  the list worked out anew (workedOutReleases)', () =>
    Promise.resolve(app.services.due.workedOutReleases(TODAY, 26)),
  ),
);
const meetings = (await call('irmt/meetings', {})) as { nextScheduled: string };
figures.push(await median('irmt/meetings', () => call('irmt/meetings', {})));
figures.push(
  await median('irmt/agenda (not arranged)', () =>
    call('irmt/agenda', { meetingDate: meetings.nextScheduled }),
  ),
);
await call('session/sign-out', {});
await call('session/sign-in', { name: chair.name, password: PASSWORD });
const meeting = (await call('irmt/create-meeting', {
  meetingDate: meetings.nextScheduled,
  chairId: chair.id,
})) as unknown;
void meeting;
const agenda = (await call('irmt/agenda', { meetingDate: meetings.nextScheduled })) as {
  meeting: { id: string };
  items: { prisonerNumber: string }[];
};
figures.push(
  await median('irmt/agenda (arranged)', () => call('irmt/agenda', { meetingDate: meetings.nextScheduled })),
);
figures.push(
  await median('irmt/attendance', () => call('irmt/attendance', { meetingId: agenda.meeting.id })),
);
figures.push(
  await median('irmt/extract (first row)', () =>
    call('irmt/extract', { meetingId: agenda.meeting.id, prisonerNumber: agenda.items[0]!.prisonerNumber }),
  ),
);

// The IRMT page's one view (irmt/page), which answers what the four above answered one after another.
figures.push(await median('irmt/page (arranged)', () => call('irmt/page', {})));
console.log(
  `\nThe pages' API requests through the router, 1,500 prisoners, median of ${RUNS} (load ${os.loadavg()[0]!.toFixed(1)})\n`,
);
for (const f of figures)
  console.log(
    `${f.label.padEnd(48)} ${f.ms.toFixed(1).padStart(8)} ms  CPU ${f.cpuMs.toFixed(1).padStart(7)} ms  ${(f.bytes / 1024).toFixed(1).padStart(7)} KB`,
  );
if (process.env.OMU_BENCH_PAGES_JSON)
  fs.writeFileSync(process.env.OMU_BENCH_PAGES_JSON, JSON.stringify(figures));
app.close();
fs.rmSync(dir, { recursive: true, force: true });
