import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST } from '../support/sign-in';

const apps: OmuApp[] = [];
afterEach(() => {
  while (apps.length) apps.pop()!.close();
});
const open = (dbFile: string) => {
  const app = openApp({
    dbFile,
    today: FIXED_TODAY,
    clock: fixedClock,
    dailyBackup: true,
    passwordHashCost: TEST_COST,
  });
  apps.push(app);
  return app;
};

/**
 * Two databases in one folder (the unit's real caseload and a demo tried beside it with OMU_DB or --db) share the
 * folder's backups folder. Found by using the product (27/11/2026): each listed the other's backups, so the head of
 * OMU was offered to restore the demo over the real caseload; the second to start on a day took no daily backup (the
 * first's counted as today's); and keeping 14 daily backups removed the other's. Each database now names its backups
 * after itself and sees only its own (and those named by an older OMU Desk, `omu-<time>-<why>.sqlite`).
 */
describe('backups of two databases in one folder', () => {
  it('each takes its own daily backup, lists only its own, and cannot restore the other', () => {
    const dir = tempDir('omu-backups-');
    const real = open(path.join(dir, 'omu-desk.sqlite'));
    const demo = open(path.join(dir, 'omu-demo.sqlite'));
    expect(real.backupDir).toBe(demo.backupDir);

    const realDaily = real.backups().filter((b) => b.reason === 'daily');
    const demoDaily = demo.backups().filter((b) => b.reason === 'daily');
    expect(realDaily).toHaveLength(1);
    expect(demoDaily).toHaveLength(1);
    expect(realDaily[0]!.name).not.toBe(demoDaily[0]!.name);

    const made = demo.backupNow(demo.context());
    expect(made.name).toMatch(/^omu-demo-\d{8}T\d{6}\d{3}Z-manual\.sqlite$/);
    expect(real.backups().map((b) => b.name)).not.toContain(made.name);
    expect(real.backups().map((b) => b.name)).not.toContain(demoDaily[0]!.name);
    expect(() => real.restore(real.context(), made.name)).toThrow(`There is no backup called ${made.name}`);
    expect(demo.backups().map((b) => b.name)).toContain(made.name);
  });
});
