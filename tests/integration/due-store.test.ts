import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { addDays, type IsoDate } from '../../electron/domain/shared/dates';
import { DUE_INPUT_TABLES } from '../../electron/domain/due/providers';
import { copyDemoDatabase } from '../support/demo-template';
import { syntheticCaseloadCsv } from '../support/caseload-csv';
import { runEverySlice } from '../support/every-slice';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST, signIn } from '../support/sign-in';

/**
 * The stored due list (db/schema/due.ts) must always equal the list worked out whole from the facts: after every
 * command kind, an import, another process's change, a rule change, and across days forward and back.
 */
function expectStoredEqualsWhole(app: OmuApp, today: IsoDate, what: string): void {
  const whole = app.services.due.workedOutWhole(today);
  const stored = app.services.due.list(today);
  expect(stored.length, what).toBe(whole.entries.length);
  expect(stored, what).toEqual(whole.entries);
  expect(app.services.due.handovers(today), what).toEqual(
    [...whole.handovers].sort((a, b) => (a.prisonerNumber < b.prisonerNumber ? -1 : 1)),
  );
}

const open = (file: string) =>
  openApp({
    dbFile: file,
    today: FIXED_TODAY,
    clock: fixedClock,
    osAccount: 'tester',
    passwordHashCost: TEST_COST,
  });

describe('the stored due list on the demo caseload', () => {
  let app: OmuApp;
  beforeAll(() => {
    app = open(copyDemoDatabase(tempDir('omu-due-store-')));
  });
  afterAll(() => app.close());

  it('equals the list worked out whole on every day, forward and back, working out again only the prisoners whose day came', () => {
    expectStoredEqualsWhole(app, FIXED_TODAY, 'today');
    const stored = () =>
      app.opened.sqlite.prepare('SELECT count(*) FROM due_prisoners').pluck().get() as number;
    const prisoners = app.opened.sqlite.prepare('SELECT count(*) FROM prisoners').pluck().get() as number;
    expect(stored()).toBe(prisoners);
    const maxSeq = () =>
      app.opened.sqlite.prepare('SELECT max(seq) FROM due_prisoners').pluck().get() as number;
    // The next day: only the prisoners whose items do not hold on it are worked out again.
    const before = maxSeq();
    expectStoredEqualsWhole(app, addDays(FIXED_TODAY, 1), 'tomorrow');
    expect(maxSeq() - before).toBeLessThan(prisoners / 10);
    for (const days of [2, 3, 7, 14, 31, 61, 92, 183, 366, 731, 1500, -1, -45, -400])
      expectStoredEqualsWhole(app, addDays(FIXED_TODAY, days), `today ${days > 0 ? '+' : ''}${days} days`);
  });

  it('follows an import, another process, a rule version from a later day, and a prisoner deleted', async () => {
    const admin = app.services.staff.insertUnchecked(app.context(), {
      name: 'Store Admin',
      email: null,
      roles: ['administrator', 'case-administrator'],
      active: true,
    });
    await signIn(app, admin.name);
    const { csv } = syntheticCaseloadCsv(30, 5);
    expect(app.services.caseloadImport.commit(app.context(), 'more.csv', csv).committed).toBe(true);
    expectStoredEqualsWhole(app, FIXED_TODAY, 'after an import');

    const other = new Database(app.file);
    other
      .prepare(
        "UPDATE prisoners SET conditional_release_date = '2027-02-01', parole_eligibility_date = NULL WHERE rowid IN (SELECT rowid FROM prisoners ORDER BY rowid LIMIT 40)",
      )
      .run();
    other
      .prepare(
        "INSERT INTO significant_events (id, prisoner_id, type, event_date, created_at, updated_at, updated_by) SELECT 'ev-' || id, id, 'recall', '2026-11-01', '2026-11-22', '2026-11-22', 'test' FROM prisoners ORDER BY rowid DESC LIMIT 5",
      )
      .run();
    other.close();
    expectStoredEqualsWhole(app, FIXED_TODAY, 'after another process changed dates');

    const router = createRouter(app, 'http');
    const from = addDays(FIXED_TODAY, 20);
    expect(
      await router.handle('policy.addVersion', {
        key: 'oasys-custody',
        effectiveFrom: from,
        source: 'test',
        params: { reviewMonths: 6 },
      }),
    ).toMatchObject({ ok: true });
    expect(
      await router.handle('policy.addVersion', {
        key: 'categorisation',
        effectiveFrom: from,
        source: 'test',
        params: { listFromMonths: 4 },
      }),
    ).toMatchObject({ ok: true });
    for (const d of [FIXED_TODAY, addDays(from, -1), from, addDays(from, 1)])
      expectStoredEqualsWhole(app, d, `rules changed from ${from}, on ${d}`);

    const gone = app.opened.sqlite
      .prepare('SELECT id FROM prisoners ORDER BY rowid LIMIT 1')
      .pluck()
      .get() as string;
    app.opened.sqlite.prepare('DELETE FROM prisoners WHERE id = ?').run(gone);
    expectStoredEqualsWhole(app, FIXED_TODAY, 'after a prisoner was deleted');
    expect(app.services.due.list(FIXED_TODAY).some((e) => e.prisonerId === gone)).toBe(false);
  });

  it('a trigger marks a prisoner to work out again for every table the due providers read', () => {
    const triggers = new Set(
      app.opened.sqlite
        .prepare(
          "SELECT tbl_name || ':' || substr(sql, instr(sql, 'AFTER ') + 6, 6) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'due_stale_%'",
        )
        .pluck()
        .all() as string[],
    );
    const missing = DUE_INPUT_TABLES.flatMap((t) =>
      ['INSERT', 'UPDATE', 'DELETE'].filter((op) => !triggers.has(`${t}:${op}`)).map((op) => `${t} ${op}`),
    );
    expect(missing).toEqual([]);
  });
});

describe('the stored due list after every command kind', () => {
  const opened: OmuApp[] = [];
  afterEach(() => {
    while (opened.length) opened.pop()!.close();
  });

  it('equals the list worked out whole after each command', async () => {
    const checked: string[] = [];
    let app: OmuApp | null = null;
    await runEverySlice(
      (file) => {
        const a = open(file);
        opened.push(a);
        app = a;
        return a;
      },
      (name) => {
        expectStoredEqualsWhole(app!, FIXED_TODAY, `after ${name}`);
        checked.push(name);
      },
    );
    expect(checked.length).toBeGreaterThan(20);
  });
});
