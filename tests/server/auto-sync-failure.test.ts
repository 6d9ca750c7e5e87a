import fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openApp } from '../../electron/app/omu-app';
import { startUnitServer } from '../support/unit-server';
import {
  firstPasswordFromCode,
  joinedWorkstation,
  recordEvents,
  seedingWorkstation,
} from '../support/unit-workstations';
import { FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST } from '../support/sign-in';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

/**
 * The app keeps a joined workstation in step by itself (electron/sync/auto.ts): nobody awaits those syncs. One that
 * failed otherwise than offline or refused (both shown in the status) went unseen: no log, no status, the workstation
 * silently no longer taking the unit's changes. Here a trigger planted on the workstation (as a schema changed by
 * hand might have one) refuses the change another workstation made, quoting the prisoner's name.
 */
describe('a sync the app starts by itself', () => {
  it('that fails unexpectedly is written to its log with a reference, without the values it carried', async () => {
    const server = await startUnitServer();
    closers.push(() => server.close());
    const { code: adminCode } = await server.unit.initPrison({
      code: 'MDI',
      name: 'HMP Moorland',
      adminName: 'Sam Admin',
    });
    await firstPasswordFromCode(server, 'MDI', adminCode);
    const { app: a, numbers } = await seedingWorkstation(server, 'MDI', 'A', 3, closers);
    const b = await joinedWorkstation(server, 'MDI', 'B', closers);
    const { surname, forenames } = a.services.caseload.get(numbers[0]!);
    b.opened.sqlite.exec(`CREATE TRIGGER planted_failure BEFORE INSERT ON significant_events BEGIN
      SELECT RAISE(ABORT, 'cannot take an event for ' ||
        (SELECT forenames || ' ' || surname FROM prisoners WHERE id = NEW.prisoner_id)); END`);
    const events = () => b.opened.sqlite.prepare('SELECT count(*) FROM significant_events').pluck().get();
    const before = events();
    await recordEvents(a, numbers, 1);
    await a.sync.sync();

    // B as the app opens it: syncing by itself.
    const app = openApp({
      dbFile: b.file,
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'B',
      passwordHashCost: TEST_COST,
      autoSync: true,
    });
    closers.push(() => app.close());
    const entry = await vi.waitFor(
      () => {
        const log = fs.existsSync(app.errorLog.file) ? fs.readFileSync(app.errorLog.file, 'utf8') : '';
        const found = /^\S+ E-[0-9A-F]{8} automatic sync: .*$/m.exec(log);
        if (!found) throw new Error('not logged yet');
        return { line: found[0], log };
      },
      { timeout: 120_000, interval: 200 },
    );
    expect(entry.line).toContain('SQLITE_CONSTRAINT_TRIGGER');
    expect(entry.log).not.toContain(surname);
    expect(entry.log).not.toContain(forenames);
    expect(events()).toBe(before);
  }, 300_000);
});
