// What the caseload import would cost as a command (issue 15 item 1), measured before it is made one: the same CSV
// written into an empty database (a case administrator on the staff list) either by today's import service (prepared
// statements, one bulk fill of the search index) or as a command would write it: the parsed rows as the command's
// input, validated by a zod schema, a decision building one row change and one audit entry per prisoner, the runner's
// `applyToSqlite`, `audit.record` and a command-log row holding the input as JSON, in one IMMEDIATE transaction.
// Run by bench/run.ts (part `import`), each mode in its own process so that its peak memory is its own:
//   node --import tsx bench/import-command.ts <service|command> <file.csv> <db.sqlite>
// Prints one JSON line: milliseconds of each phase, and the size of the logged input.
import fs from 'node:fs';
import { z } from 'zod';
import { openApp } from '../electron/app/omu-app';
import { parseCaseloadCsv } from '../electron/domain/caseload/csv-import';
import { prisonerInputSchema } from '../electron/domain/caseload/prisoner';
import { recordNewPrisoner } from '../electron/domain/caseload/changes';
import { Changes, idSource, type CommandContext } from '../electron/core/operations';
import { applyToSqlite, sqliteReader } from '../electron/core/data';
import { ulid } from '../electron/domain/shared/ids';
import { beginWriteTransaction } from '../db/write-transaction';
import { prisoners } from '../db/schema';
import { DEMO_COST } from '../electron/domain/credentials/hashing';

const [mode, csvFile, dbFile] = process.argv.slice(2);
if ((mode !== 'service' && mode !== 'command') || !csvFile || !dbFile)
  throw new Error('usage: import-command.ts <service|command> <file.csv> <db.sqlite>');

const TODAY = '2026-11-22';
const clock = () => new Date(`${TODAY}T10:00:00Z`);
const app = openApp({ dbFile, today: TODAY, clock, osAccount: 'bench', passwordHashCost: DEMO_COST });
app.services.staff.insertUnchecked(app.context(), {
  name: 'Bench Clerk',
  email: null,
  roles: ['case-administrator'],
  active: true,
});
const clerk = app.services.staff.findByName('Bench Clerk')!;
const ctx = {
  ...app.context(),
  actor: { staffId: clerk.id, name: clerk.name, roles: clerk.roles, identifiedBy: 'staff' as const },
};
const text = fs.readFileSync(csvFile, 'utf8');
const phases: Record<string, number> = {};
const time = <T>(name: string, fn: () => T): T => {
  const t = performance.now();
  const r = fn();
  phases[name] = Math.round(performance.now() - t);
  return r;
};

if (mode === 'service') {
  const report = time('all', () => app.services.caseloadImport.commit(ctx, 'bench.csv', text));
  if (!report.committed) throw new Error(`bench import failed: ${report.problems[0]?.message}`);
  console.log(JSON.stringify({ mode, phases, prisoners: app.services.caseload.count() }));
} else {
  const t0 = performance.now();
  const parsed = time('parse', () => parseCaseloadCsv(text));
  if (parsed.problems.length) throw new Error(`bench file has problems: ${parsed.problems[0]?.message}`);
  // The command's input: the parsed rows (each with its CSV line, so a refusal can name it), sent through a door as JSON.
  const raw = time('to JSON and back (the door)', () =>
    JSON.parse(
      JSON.stringify({
        fileName: 'bench.csv',
        rows: parsed.rows.map((r) => ({ line: r.line, present: [...r.present], input: r.input })),
      }),
    ),
  );
  const schema = z.object({
    fileName: z.string(),
    rows: z.array(
      z.object({ line: z.number().int(), present: z.array(z.string()), input: prisonerInputSchema }),
    ),
  });
  const input = time('zod validation', () => schema.parse(raw));
  const commandId = ulid();
  const cctx: CommandContext = { ...ctx, commandId, newId: idSource(commandId) };
  const tx = beginWriteTransaction(app.opened.sqlite, { what: 'a bench import', who: 'bench' });
  const existing = time('load (prisoners by number)', () =>
    sqliteReader(app.opened.db).allSync(prisoners, {
      prisonerNumber: input.rows.map((r) => r.input.prisonerNumber),
    }),
  );
  if (existing.length) throw new Error('bench: the database is not empty');
  const decision = time('decide (row changes, audit entries)', () => {
    const changes = new Changes(cctx);
    for (const row of input.rows) recordNewPrisoner(changes, row.input, 'import of bench.csv', TODAY);
    return changes.done(null);
  });
  time('apply row changes', () => applyToSqlite(app.opened.db, decision.changes));
  time('audit entries', () => {
    for (const entry of decision.audit) app.services.audit.record(cctx, entry);
  });
  const logged = time('command log row', () => {
    const json = JSON.stringify(input);
    app.opened.sqlite
      .prepare(
        `INSERT INTO command_log (command_id, name, input, actor_id, actor_name, actor_roles, today, at, outcome, error, affected)
         VALUES (?, 'caseload.import', ?, ?, ?, ?, ?, ?, 'applied', NULL, ?)`,
      )
      .run(
        commandId,
        json,
        cctx.actor.staffId,
        cctx.actor.name,
        JSON.stringify(cctx.actor.roles),
        TODAY,
        cctx.now.toISOString(),
        JSON.stringify(decision.changes.map((c) => c.prisonerId)),
      );
    return json.length;
  });
  time('commit', () => tx.commit());
  phases.all = Math.round(performance.now() - t0);
  console.log(
    JSON.stringify({ mode, phases, loggedInputMb: logged / 1e6, prisoners: app.services.caseload.count() }),
  );
}
app.close();
