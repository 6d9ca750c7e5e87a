import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import type { DemoProgress } from '../../db/demo/load';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';

let app: OmuApp;
afterEach(() => app?.close());

const count = (table: string) =>
  app.opened.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

describe('loading the demo caseload through the router, in steps', () => {
  it('reports its progress while it loads, refuses other changes meanwhile, and commits once', async () => {
    app = openApp({
      dbFile: path.join(tempDir(), 'omu.sqlite'),
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
    });
    const router = createRouter(app, 'http');
    let finished = false;
    const loading = router.handle('caseload/load-demo', {}).finally(() => {
      finished = true;
    });
    const seen: DemoProgress[] = [];
    let refused: unknown = null;
    while (!finished) {
      await new Promise((resolve) => setImmediate(resolve));
      const now = await router.handle('caseload/demo-progress', {});
      const running = now.ok ? (now.value as { running: DemoProgress | null }).running : null;
      if (running && !finished) seen.push(running);
      if (!refused && running)
        refused = await router.handle('staff/add-member', {
          name: 'Slipped In',
          email: null,
          roles: ['pom'],
          active: true,
        });
    }
    expect(await loading).toEqual({ ok: true, value: { prisoners: 600, staff: 11 } });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('still loading') },
    });
    expect(app.services.staff.findByName('Slipped In')).toBeNull();

    // Progress rises through both steps to the demo's size.
    expect(seen.length).toBeGreaterThan(10);
    const overall = seen.map((p) => (p.step === 'prisoners' ? 0 : p.total) + p.done);
    expect(overall).toEqual([...overall].sort((a, b) => a - b));
    expect(seen.some((p) => p.step === 'prisoners' && p.done > 0 && p.done < 600)).toBe(true);
    expect(seen.some((p) => p.step === 'release-plans' && p.done > 0)).toBe(true);
    expect(seen.every((p) => p.total === 600 || (p.step === 'prisoners' && p.done === 0))).toBe(true);

    expect(await router.handle('caseload/demo-progress', {})).toEqual({ ok: true, value: { running: null } });
    expect(app.opened.sqlite.inTransaction).toBe(false);
    expect(count('prisoners')).toBe(600);
    expect(app.services.audit.list({ entity: 'caseload', limit: 5 }).map((a) => a.summary)).toContain(
      'Loaded the demo caseload: 600 synthetic prisoners, 11 staff',
    );
    // Every prisoner written has his own audit entry.
    expect(
      app.opened.sqlite
        .prepare("SELECT count(*) FROM audit_log WHERE entity = 'prisoner' AND action = 'create'")
        .pluck()
        .get(),
    ).toBe(600);
  });

  it('a failure part-way rolls every step back, and a second try loads it all', async () => {
    app = openApp({
      dbFile: path.join(tempDir(), 'omu.sqlite'),
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
    });
    const router = createRouter(app, 'http');
    const auditBefore = count('audit_log');
    app.opened.sqlite
      .exec(`CREATE TRIGGER fail_at_300 BEFORE INSERT ON prisoners WHEN (SELECT count(*) FROM prisoners) = 300
      BEGIN SELECT RAISE(ABORT, 'disk full (simulated)'); END`);
    const failed = await router.handle('caseload/load-demo', {});
    expect(failed).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('disk full (simulated)') },
    });
    expect(app.opened.sqlite.inTransaction).toBe(false);
    expect([count('prisoners'), count('staff'), count('oasys_assessments'), count('audit_log')]).toEqual([
      0,
      0,
      0,
      auditBefore,
    ]);
    expect(await router.handle('caseload/demo-progress', {})).toEqual({ ok: true, value: { running: null } });

    app.opened.sqlite.exec('DROP TRIGGER fail_at_300');
    expect(await router.handle('caseload/load-demo', {})).toMatchObject({
      ok: true,
      value: { prisoners: 600 },
    });
    expect(count('prisoners')).toBe(600);
  });
});
