import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../../electron/app/omu-app';
import { createRouter } from '../../../electron/api/router';
import { appliedCommands, caseDigest, replay } from '../../../electron/core/replay';
import { syntheticCaseloadCsv } from '../../support/caseload-csv';
import { tempDir, FIXED_TODAY, fixedClock } from '../../support/temp';

const opened: OmuApp[] = [];
afterEach(() => { while (opened.length) opened.pop()!.close(); });
const open = (file: string) => {
  const app = openApp({ dbFile: file, today: FIXED_TODAY, clock: fixedClock, osAccount: 'tester' });
  opened.push(app);
  return app;
};

/** A caseload to start from, kept as a file, and the same database after a run of commands through the router. */
async function startAndRun() {
  const dir = tempDir('omu-replay-');
  const app = open(path.join(dir, 'omu.sqlite'));
  const pom = app.services.staff.insertUnchecked(app.context(), { name: 'Pat Pom', email: null, roles: ['pom'], active: true });
  app.session.signIn(pom.id, false, fixedClock().toISOString());
  const { csv, numbers } = syntheticCaseloadCsv(40);
  app.services.caseloadImport.commit(app.context(), 'c.csv', csv);
  const start = path.join(dir, 'start.sqlite');
  app.opened.sqlite.exec(`VACUUM INTO '${start}'`);

  const router = createRouter(app, 'http');
  const ok = async (name: string, input: unknown) => expect(await router.handle(name, input)).toMatchObject({ ok: true });
  await ok('oasys.addAssessment', { prisonerNumber: numbers[0], assessment: { type: 'review', completedOn: '2026-11-01', layer: 3 } });
  await ok('oasys.addEvent', { prisonerNumber: numbers[1], event: { type: 'transfer-in', date: '2026-11-20' } });
  await ok('import.oasysCommit', { fileName: 'o.csv', csvText: `prisoner_number,type,layer,completed_on\n${numbers.slice(2, 12).map((n) => `${n},review,3,01/10/2026`).join('\n')}\n` });
  // A refusal is logged, and changes nothing.
  expect(await router.handle('oasys.addEvent', { prisonerNumber: numbers[3], event: { type: 'recall', date: '2027-01-01' } })).toMatchObject({ ok: false, error: { field: 'date' } });
  return { app, start, numbers, dir };
}

describe('the command log', () => {
  it('logs every command with its input, actor, clocks and outcome', async () => {
    const { app } = await startAndRun();
    const log = app.opened.sqlite.prepare('SELECT name, actor_name AS actor, today, at, outcome, error FROM command_log ORDER BY seq').all() as Record<string, unknown>[];
    expect(log.map((c) => [c.name, c.actor, c.today, c.outcome])).toEqual([
      ['oasys.addAssessment', 'Pat Pom', FIXED_TODAY, 'applied'],
      ['oasys.addEvent', 'Pat Pom', FIXED_TODAY, 'applied'],
      ['import.oasysCommit', 'Pat Pom', FIXED_TODAY, 'applied'],
      ['oasys.addEvent', 'Pat Pom', FIXED_TODAY, 'refused'],
    ]);
    expect(JSON.parse(log[3]!.error as string)).toMatchObject({ code: 'invalid-input', field: 'date' });
    expect(log[0]!.at).toBe(fixedClock().toISOString());
  });

  it('replayed in order on the database it started from, gives identical tables', async () => {
    const { app, start } = await startAndRun();
    const copy = open(start);
    const before = caseDigest(copy.opened.sqlite);
    await replay(copy.runner, appliedCommands(app.opened.sqlite));
    const original = caseDigest(app.opened.sqlite);
    expect(caseDigest(copy.opened.sqlite)).toEqual(original);
    // The digest sees the commands' rows: without them the tables differ.
    expect(before.oasys_assessments).not.toEqual(original.oasys_assessments);
    expect(before.audit_log).not.toEqual(original.audit_log);
  });

  it('a replay that leaves a command out does not match', async () => {
    const { app, start } = await startAndRun();
    const copy = open(start);
    await replay(copy.runner, appliedCommands(app.opened.sqlite).filter((c) => c.name !== 'oasys.addEvent'));
    const a = caseDigest(app.opened.sqlite);
    const b = caseDigest(copy.opened.sqlite);
    expect(b.significant_events).not.toEqual(a.significant_events);
    expect(b.oasys_assessments).toEqual(a.oasys_assessments);
    expect(fs.existsSync(start)).toBe(true);
  });
});
