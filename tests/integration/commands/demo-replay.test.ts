import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRouter } from '../../../electron/api/router';
import { appliedCommands, caseDigest, replay } from '../../../electron/core/replay';
import { tempDir } from '../../support/temp';
import { appOpener } from '../../support/apps';

const open = appOpener();

/** An empty database, kept as a file as it starts (as the first-start page finds it). */
function emptyWithStart() {
  const dir = tempDir('omu-demo-replay-');
  const app = open(path.join(dir, 'omu.sqlite'));
  const start = path.join(dir, 'start.sqlite');
  app.opened.sqlite.exec(`VACUUM INTO '${start}'`);
  return { app, start };
}

/**
 * Issue 15 item 2 for the demo: loading it is one logged command, whose decision makes every row from its input (the
 * generator's seed and size), the state it loads and its context (ids derived from the command's id), so that its log
 * replayed on the database it started from gives identical tables, every id included.
 */
describe('the demo caseload, one logged command, replayed', () => {
  it('loaded through the router on an empty database, its log replayed on the same empty file makes identical tables', async () => {
    const { app, start } = emptyWithStart();
    expect(await createRouter(app, 'http').handle('caseload/load-demo', {})).toEqual({
      ok: true,
      value: { prisoners: 600, staff: 11 },
    });
    const log = appliedCommands(app.opened.sqlite);
    expect(log.map((c) => [c.name, JSON.parse(c.input)])).toEqual([
      ['caseload/load-demo', { seed: 20261122, count: 600 }],
    ]);

    const copy = open(start);
    await replay(copy.runner, log);
    const want = caseDigest(app.opened.sqlite);
    expect(caseDigest(copy.opened.sqlite)).toEqual(want);
    expect([want.prisoners, want.oasys_assessments, want.release_plan_items]).toEqual([
      expect.stringMatching(/^600:/),
      expect.stringMatching(/^2583:/),
      expect.stringMatching(/^1467:/),
    ]);
    // The replay logs the command as it ran first: its id, actor and clocks.
    expect(appliedCommands(copy.opened.sqlite)).toEqual(log);
    // This workstation's own tables are not case data and not in the digest, but the replayed file signs in too.
    const credentials = (a: typeof app) =>
      a.opened.sqlite.prepare('SELECT count(*) FROM staff_credentials').pluck().get();
    expect([credentials(app), credentials(copy)]).toEqual([11, 11]);
  });

  it('takes its size as input, refuses one it cannot make by the field as labelled, and refuses a second load', async () => {
    const { app } = emptyWithStart();
    const router = createRouter(app, 'http');
    expect(await router.handle('caseload/load-demo', { count: 0 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', field: 'count', message: expect.stringMatching(/^Prisoners /) },
    });
    expect(await router.handle('caseload/load-demo', { count: 40, seed: 7 })).toEqual({
      ok: true,
      value: { prisoners: 40, staff: 11 },
    });
    // Nobody is signed in yet, but staff are on the list now: the door asks for a name first.
    expect(await router.handle('caseload/load-demo', {})).toMatchObject({
      ok: false,
      error: { code: 'not-signed-in' },
    });
    // Run as someone on the list, the decision refuses: the demo goes only into an empty caseload.
    const ctx = app.context();
    const manager = app.services.staff.findByName('Rachel Okoro')!;
    await expect(
      app.runner.run(
        'caseload/load-demo',
        {},
        {
          ...ctx,
          actor: { staffId: manager.id, name: manager.name, roles: manager.roles, identifiedBy: 'staff' },
        },
      ),
    ).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('empty database') });
    expect(app.services.caseload.count()).toBe(40);
    expect(
      app.opened.sqlite
        .prepare("SELECT outcome FROM command_log WHERE name = 'caseload/load-demo' ORDER BY seq")
        .pluck()
        .all(),
    ).toEqual(['applied', 'refused']);
  });
});
