import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appliedCommands, caseDigest, replay } from '../../../electron/core/replay';
import { applyInBulk, BULK_FROM } from '../../../electron/core/bulk';
import { applyToSqlite, sqliteReader } from '../../../electron/core/data';
import { idSource, wholeDecision, type CommandContext } from '../../../electron/core/operations';
import { ulid } from '../../../electron/domain/shared/ids';
import type { OmuApp } from '../../../electron/app/omu-app';
import { syntheticCaseloadCsv } from '../../support/caseload-csv';
import { tempDir } from '../../support/temp';
import { appOpener } from '../../support/apps';
import { signInNewStaff } from '../../support/sign-in';
import { run } from '../../support/commands';

const open = appOpener();

/**
 * A caseload of 20 kept as a file, then a file of 700 rows for it: the 20 with a new location each, and 680 new
 * prisoners. Its decision makes over BULK_FROM changes, so the runner applies it by the bulk path.
 */
async function start() {
  const dir = tempDir('omu-import-command-');
  const app = open(path.join(dir, 'omu.sqlite'));
  await signInNewStaff(app, 'Pat Pom', ['pom']);
  const seeded = syntheticCaseloadCsv(20, 11);
  app.services.caseloadImport.commit(app.context(), 'c.csv', seeded.csv);
  const startFile = path.join(dir, 'start.sqlite');
  app.opened.sqlite.exec(`VACUUM INTO '${startFile}'`);
  const [header, ...rows] = seeded.csv.trim().split('\n');
  const location = header!.split(',').indexOf('location');
  const moved = rows.map((r) => {
    const cells = r.split(',');
    cells[location] = 'X-1-01';
    return cells.join(',');
  });
  const more = syntheticCaseloadCsv(700, 3);
  const added = more.csv
    .trim()
    .split('\n')
    .slice(1)
    .filter((r) => !seeded.numbers.includes(r.split(',')[0]!))
    .slice(0, 680);
  const csvText = `${[header, ...moved, ...added].join('\n')}\n`;
  return { app, startFile, csvText, lines: [header!, ...moved, ...added] };
}

const searchTriggers = (app: OmuApp) =>
  app.opened.sqlite
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'prisoners_search%' ORDER BY name",
    )
    .all();

describe('the caseload import as a command', () => {
  it('through a door: logged as the file itself, applied in bulk, and replayed on the database it started from gives identical tables', async () => {
    const { app, startFile, csvText } = await start();
    const triggers = searchTriggers(app);
    const report = await run(app, 'caseload/import', { fileName: 'week.csv', csvText });
    expect(report).toMatchObject({ committed: true, recordCount: 700, unchanged: 0 });
    expect([report.created.length, report.updated.length]).toEqual([680, 20]);
    expect(searchTriggers(app)).toEqual(triggers);
    const log = appliedCommands(app.opened.sqlite);
    expect(log.map((c) => c.name)).toEqual(['caseload/import']);
    // The logged input is the file's name and text, not the rows read from it.
    expect(JSON.parse(log[0]!.input)).toEqual({ fileName: 'week.csv', csvText });
    // A file's input is stored compressed (electron/core/logged-input.ts): a BLOB of a fraction of its JSON, read back
    // as that JSON exactly; a small input stays JSON text.
    const stored = app.opened.sqlite
      .prepare('SELECT typeof(input) AS type, length(input) AS bytes FROM command_log WHERE seq = ?')
      .get(log[0]!.seq) as { type: string; bytes: number };
    expect(stored.type).toBe('blob');
    expect(stored.bytes).toBeLessThan(log[0]!.input.length / 3);
    expect(log[0]!.input).toBe(JSON.stringify({ fileName: 'week.csv', csvText }));
    // Every new prisoner is found by search (the index filled once for all of them), and audited with who and when.
    const last = report.created[679]!;
    expect(
      app.services.caseload
        .query({ today: app.today() }, { search: last.name.replace(',', '').toLowerCase() })
        .rows.map((r) => r.prisonerNumber),
    ).toContain(last.prisonerNumber);
    const history = app.services.audit.list({
      prisonerId: app.services.caseload.get(last.prisonerNumber).id,
      limit: 10,
    });
    expect(history).toMatchObject([
      { action: 'create', actorName: 'Pat Pom', summary: expect.stringContaining('import of week.csv') },
    ]);

    const copy = open(startFile);
    expect(caseDigest(copy.opened.sqlite)).not.toEqual(caseDigest(app.opened.sqlite));
    await replay(copy.runner, log);
    expect(caseDigest(copy.opened.sqlite)).toEqual(caseDigest(app.opened.sqlite));
    expect(searchTriggers(copy)).toEqual(triggers);
    copy.opened.sqlite
      .prepare("INSERT INTO prisoner_search(prisoner_search) VALUES ('integrity-check')")
      .run();
  });

  it('the bulk path writes what the change-by-change path writes, before-images included', async () => {
    const { app, startFile, csvText } = await start();
    app.close();
    const bulk = open(startFile);
    const singleFile = path.join(path.dirname(startFile), 'single.sqlite');
    bulk.opened.sqlite.exec(`VACUUM INTO '${singleFile}'`);
    const other = open(singleFile);
    const commandId = ulid(bulk.context().now.getTime());
    const applyWith = async (target: OmuApp, how: 'bulk' | 'single') => {
      const def = target.runner.definition('caseload/import')!;
      const input = def.input.parse({ fileName: 'week.csv', csvText });
      const ctx: CommandContext = { ...target.context(), commandId, newId: idSource(commandId) };
      const decision = wholeDecision(
        def.decide(await def.load(sqliteReader(target.opened.db), input, ctx), input, ctx),
      );
      expect(decision.changes.length).toBeGreaterThanOrEqual(BULK_FROM);
      return target.opened.sqlite.transaction(() => {
        if (how === 'bulk') {
          const applied = applyInBulk(target.opened.db, target.opened.sqlite, decision.changes, {
            keepBefore: true,
          });
          return { applied, seqs: target.services.audit.recordMany(ctx, decision.audit) };
        }
        const applied = applyToSqlite(target.opened.db, decision.changes, { keepBefore: true });
        return { applied, seqs: decision.audit.map((e) => target.services.audit.record(ctx, e)) };
      })();
    };
    const viaBulk = await applyWith(bulk, 'bulk');
    const viaSingle = await applyWith(other, 'single');
    expect(viaBulk.applied.filter((c) => c.op === 'update')).toHaveLength(20);
    expect(viaBulk.applied.find((c) => c.op === 'update')!.before).toMatchObject({
      location: expect.any(String),
    });
    expect(viaBulk).toEqual(viaSingle);
    expect(caseDigest(bulk.opened.sqlite)).toEqual(caseDigest(other.opened.sqlite));
    expect(bulk.services.audit.list({ limit: 1 })[0]!.seq).toBe(viaBulk.seqs.at(-1));
  });

  it('a bad row refuses the whole file through the door, by its line and column as the file names them; nothing is written', async () => {
    const { app, lines } = await start();
    const before = caseDigest(app.opened.sqlite);
    const bad = [...lines];
    bad[650] = bad[650]!.replace(/,\d{4}-\d{2}-\d{2},/, ',31/02/1980,');
    const report = await run(app, 'caseload/import', { fileName: 'week.csv', csvText: bad.join('\n') });
    expect(report).toMatchObject({ ok: false, committed: false, recordCount: 700 });
    expect(report.problems).toEqual([
      {
        line: 651,
        column: 'date_of_birth',
        message: 'is not a real date (use DD/MM/YYYY or YYYY-MM-DD)',
        value: '31/02/1980',
      },
    ]);
    expect(caseDigest(app.opened.sqlite)).toEqual(before);
  });

  it('a failure at row 600 while the bulk path writes leaves the database as it was, search triggers and all', async () => {
    const { app, lines, csvText } = await start();
    const before = caseDigest(app.opened.sqlite);
    const triggers = searchTriggers(app);
    const number = lines[600]!.split(',')[0]!;
    app.opened.sqlite
      .exec(`CREATE TRIGGER fail_row_600 BEFORE INSERT ON prisoners WHEN new.prisoner_number = '${number}'
      BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END`);
    await expect(run(app, 'caseload/import', { fileName: 'week.csv', csvText })).rejects.toThrow();
    expect(caseDigest(app.opened.sqlite)).toEqual(before);
    expect(searchTriggers(app)).toEqual(triggers);
    expect(appliedCommands(app.opened.sqlite)).toEqual([]);
  });
});
