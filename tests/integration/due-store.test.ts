import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import { createRouter } from '../../electron/api/router';
import { addDays, type IsoDate } from '../../electron/domain/shared/dates';
import { DUE_INPUT_TABLES } from '../../electron/domain/due/providers';
import { AHEAD_DAYS, type DueEntry } from '../../electron/domain/due/service';
import { summariseDue, type DueKind } from '../../electron/domain/due/types';
import { copyDemoDatabase } from '../support/demo-template';
import { syntheticCaseloadCsv } from '../support/caseload-csv';
import { runEverySlice } from '../support/every-slice';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST, signIn } from '../support/sign-in';

/**
 * Whether two values are the same plain data: arrays and plain objects (prototype Object) with the same own keys,
 * compared member by member, and primitives that are `===`. Stricter than toEqual (an undefined member counts, and
 * NaN is not itself here), so it can only pass what toEqual passes; any other kind of object is not compared here.
 * It passes the whole unit's list (about 5,000 entries) in about a third of the CPU of Node's isDeepStrictEqual,
 * which checks every key's property descriptor (20 against 50-100 ms a list, 28/11/2026, load 4-6).
 */
function samePlain(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!samePlain(a[i], b[i])) return false;
    return true;
  }
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype)
    return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) if (!Object.hasOwn(y, k) || !samePlain(x[k], y[k])) return false;
  return true;
}

/**
 * `expect(actual, what).toEqual(expected)`, with its verdict and its report, for less CPU on the whole unit's list
 * (about 5,000 entries, compared some 80 times here): samePlain, stricter than toEqual, passes the usual case at a
 * fraction of toEqual's cost; when it does not, toEqual decides and explains.
 */
function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (!samePlain(actual, expected)) expect(actual, what).toEqual(expected);
}

type Whole = ReturnType<OmuApp['services']['due']['workedOutWhole']>;

/**
 * The stored due list (db/schema/due.ts) must always equal the list worked out whole from the facts: after every
 * command kind, an import, another process's change, a rule change, and across days forward and back. `whole` is the
 * list already worked out for this day when no fact or rule has changed since (worked out once per facts and day).
 */
function expectStoredEqualsWhole(
  app: OmuApp,
  today: IsoDate,
  what: string,
  whole: Whole = app.services.due.workedOutWhole(today),
): Whole {
  const stored = app.services.due.list(today);
  expect(stored.length, what).toBe(whole.entries.length);
  expectEqual(stored, whole.entries, what);
  expectEqual(
    app.services.due.handovers(today),
    [...whole.handovers].sort((a, b) => (a.prisonerNumber < b.prisonerNumber ? -1 : 1)),
    what,
  );
  expectCountsKept(app, today, whole.entries, what);
  return whole;
}

/**
 * The counts tables (db/schema/due.ts) equal a recount of the stored items holding on their day (due_count_state),
 * and the page's counts read from them (with the difference to today) equal the counts of the list worked out whole,
 * for windows ending within today's month, the next and years ahead.
 */
function expectCountsKept(app: OmuApp, today: IsoDate, whole: DueEntry[], what: string): void {
  const sqlite = app.opened.sqlite;
  type Count = { d: string; kind: string; owner_role: string; named: number; owner_name: string; n: number };
  const kept = (table: string, column: string) =>
    sqlite
      .prepare(
        `SELECT ${column} AS d, kind, owner_role, named, owner_name, n FROM ${table} ORDER BY 1, 2, 3, 4, 5`,
      )
      .all();
  // The items counted once, by due date; by month, the same rows summed (in the days' order, which is the months').
  const byDay = sqlite
    .prepare(
      `SELECT due_date AS d, kind, owner_role, CASE WHEN owner_role IN ('com', 'other') OR owner_name IS NULL THEN 0 ELSE 1 END AS named, CASE WHEN owner_role IN ('com', 'other') THEN '' ELSE coalesce(owner_name, '') END AS owner_name, count(*) AS n FROM due_items, due_count_state s WHERE released_on IS NULL AND valid_from <= s.day AND valid_until > s.day GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    )
    .all() as Count[];
  const byMonth = new Map<string, Count>();
  for (const c of byDay) {
    const d = c.d.slice(0, 7);
    const key = [d, c.kind, c.owner_role, c.named, c.owner_name].join('\u0000');
    const known = byMonth.get(key);
    if (known) known.n += c.n;
    else byMonth.set(key, { ...c, d });
  }
  const ordered = [...byMonth.values()].sort((a, b) => {
    for (const k of ['d', 'kind', 'owner_role', 'named', 'owner_name'] as const)
      if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
    return 0;
  });
  expectEqual(kept('due_count_days', 'due_date'), byDay, `${what}: due_count_days against a recount`);
  expectEqual(kept('due_count_months', 'month'), ordered, `${what}: due_count_months against a recount`);
  // The list worked out whole counted once, in groups by window, kind, status and owner (summariseDue takes groups with
  // their counts): each window's counts are then summed from the groups within it, not from its up to 5,000 entries.
  const windows = [0, 13, 14, 15, 40, 56, 400];
  const lasts = windows.map((w) => addDays(today, w));
  const grouped = new Map<
    string,
    { within: number; kind: DueKind; status: DueEntry['status']; owner: DueEntry['owner']; n: number }
  >();
  for (const e of whole) {
    // The first window the entry is in (windows.length: none but the whole list).
    let within = 0;
    while (within < lasts.length && e.dueDate > lasts[within]!) within++;
    const key = `${within}\u0000${e.kind}\u0000${e.status}\u0000${e.owner.role}\u0000${e.owner.staffName ?? '\u0001'}`;
    const known = grouped.get(key);
    if (known) known.n++;
    else grouped.set(key, { within, kind: e.kind, status: e.status, owner: e.owner, n: 1 });
  }
  const groups = [...grouped.values()];
  for (const within of [undefined, ...windows]) {
    const upTo = within === undefined ? windows.length : windows.indexOf(within);
    expect(app.services.due.summary(today, { within }), `${what}: counts within ${within}`).toEqual(
      summariseDue(groups.filter((g) => g.within <= upTo)),
    );
  }
  const kinds: DueKind[] = ['oasys-review', 'release-plan-item', 'handover'];
  expect(
    app.services.due.summary(today, { within: 56, kinds, ownerRole: 'pom' }),
    `${what}: counts of some kinds, the POMs'`,
  ).toEqual(
    summariseDue(
      groups.filter(
        (g) => g.within <= windows.indexOf(56) && kinds.includes(g.kind) && g.owner.role === 'pom',
      ),
    ),
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
  /**
   * The list worked out whole on the demo as copied, by day (the first test changes no fact): the last test's own copy
   * of the same demo, before any of its changes, is compared with these rather than working them out again.
   */
  const asCopied = new Map<IsoDate, Whole>();
  beforeAll(() => {
    app = open(copyDemoDatabase(tempDir('omu-due-store-')));
  });
  afterAll(() => app.close());

  it('equals the list worked out whole on every day, forward and back, working out again only the prisoners whose day came', () => {
    asCopied.set(FIXED_TODAY, expectStoredEqualsWhole(app, FIXED_TODAY, 'today'));
    const stored = () =>
      app.opened.sqlite.prepare('SELECT count(*) FROM due_prisoners').pluck().get() as number;
    const prisoners = app.opened.sqlite.prepare('SELECT count(*) FROM prisoners').pluck().get() as number;
    expect(stored()).toBe(prisoners);
    const maxSeq = () =>
      app.opened.sqlite.prepare('SELECT max(seq) FROM due_prisoners').pluck().get() as number;
    // The next day: only the prisoners whose items do not hold on it are worked out again.
    const before = maxSeq();
    asCopied.set(addDays(FIXED_TODAY, 1), expectStoredEqualsWhole(app, addDays(FIXED_TODAY, 1), 'tomorrow'));
    expect(maxSeq() - before).toBeLessThan(prisoners / 10);
    for (const days of [2, 3, 7, 14, 31, 61, 92, 183, 366, 731, 1500, -1, -45, -400]) {
      const day = addDays(FIXED_TODAY, days);
      asCopied.set(day, expectStoredEqualsWhole(app, day, `today ${days > 0 ? '+' : ''}${days} days`));
    }
    // One prisoner's items read on a day outside everyone's days stored: only he is worked out again, and his items
    // are those of the list worked out whole.
    const day = addDays(FIXED_TODAY, 20);
    const number = asCopied.get(FIXED_TODAY)!.entries[0]!.prisonerNumber;
    const seq = maxSeq();
    const his = app.services.due.list(day, { prisonerNumber: number });
    expect(maxSeq() - seq, 'one prisoner worked out again').toBe(1);
    expect(his.length).toBeGreaterThan(0);
    expectEqual(
      his,
      app.services.due.workedOutWhole(day).entries.filter((e) => e.prisonerNumber === number),
      `${number} on ${day}`,
    );
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
      await router.handle('policy/add-version', {
        key: 'oasys-custody',
        effectiveFrom: from,
        source: 'test',
        params: { reviewMonths: 6 },
      }),
    ).toMatchObject({ ok: true });
    expect(
      await router.handle('policy/add-version', {
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

  it('after a rule change works every prisoner out again in the background, in batches, true to read meanwhile', async () => {
    const { due } = app.services;
    const router = createRouter(app, 'http');
    // The stored list up to date before the rule change: the state and day the test before checked last (nothing
    // written since), so read here, not checked again.
    due.list(FIXED_TODAY);
    const prisoners = app.opened.sqlite.prepare('SELECT count(*) FROM prisoners').pluck().get() as number;
    // Through the door: the command returns at once, the work goes on behind it, its progress can be asked for.
    const changed = await router.handle('policy/add-version', {
      key: 'oasys-custody',
      effectiveFrom: addDays(FIXED_TODAY, -3),
      source: 'test',
      params: { reviewMonths: 9 },
    });
    expect(changed).toMatchObject({ ok: true });
    const progress = await router.handle('due/progress', {});
    expect(progress).toMatchObject({ ok: true, value: { running: { total: prisoners } } });
    const running = (progress as { value: { running: { done: number; total: number } } }).value.running;
    expect(running.done).toBeLessThan(prisoners);
    // The whole unit's list read through the door waits for the batches, and is the list worked out whole.
    const whole = due.workedOutWhole(FIXED_TODAY).entries;
    expectEqual(await router.handle('due/list', {}), { ok: true, value: whole }, 'due/list');
    expect(due.progress()).toBeNull();

    // Worked out directly, in batches of 40, with reads of one prisoner and of one POM between the batches.
    const ran = await app.runner.run(
      'policy/add-version',
      {
        key: 'categorisation',
        effectiveFrom: addDays(FIXED_TODAY, -2),
        source: 'test',
        params: { listFromMonths: 5 },
      },
      app.context(),
    );
    expect(ran.result).toBeTruthy();
    // The facts do not change from here to the end of the test: the list worked out whole once, for both checks.
    const after = due.workedOutWhole(FIXED_TODAY);
    const expected = after.entries;
    // Prisoners are worked out in the order they were stored: the last stored are read before their batch comes.
    const late = app.opened.sqlite
      .prepare(
        'SELECT p.prisoner_number, p.pom_id FROM due_prisoners d JOIN prisoners p ON p.id = d.prisoner_id WHERE p.pom_id IS NOT NULL ORDER BY d.seq DESC LIMIT 8',
      )
      .raw()
      .all() as [string, string][];
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const seen: { done: number; turns: number }[] = [];
    const changedKinds = new Set<string>();
    await due.recompute(FIXED_TODAY, {
      batch: 40,
      onProgress: ({ done, total }) => {
        expect(total).toBe(prisoners);
        seen.push({ done, turns });
        const [number, pomId] = late[seen.length % late.length]!;
        const one = due.list(FIXED_TODAY, { prisonerNumber: number });
        expect(one, `${number} after ${done}`).toEqual(expected.filter((e) => e.prisonerNumber === number));
        for (const e of one) changedKinds.add(e.kind);
        expect(due.list(FIXED_TODAY, { pomId }), `POM ${pomId} after ${done}`).toEqual(
          expected.filter((e) => e.pomId === pomId),
        );
      },
    });
    ticking = false;
    expect(seen.length).toBe(Math.ceil(prisoners / 40));
    expect(seen.map((s) => s.done)).toEqual(seen.map((_, i) => Math.min((i + 1) * 40, prisoners)));
    // The app went on between batches: the event loop turned.
    expect(seen.at(-1)!.turns).toBeGreaterThan(seen[0]!.turns + seen.length / 2);
    expect(changedKinds.size).toBeGreaterThan(0);
    expect(due.progress()).toBeNull();
    expectStoredEqualsWhole(app, FIXED_TODAY, 'after the background work', after);
    const stamps = app.opened.sqlite
      .prepare('SELECT count(DISTINCT rules_stamp) FROM due_prisoners')
      .pluck()
      .get() as number;
    expect(stamps).toBe(1);
  });

  it('picks the items holding on a new day without writing, following changes, releases, rules and days back', async () => {
    // Its own copy of the demo: the days and rules here are the test's own.
    const own = open(copyDemoDatabase(tempDir('omu-due-ahead-')));
    try {
      const { due } = own.services;
      const db = own.opened.sqlite;
      const one = <T>(text: string, ...args: unknown[]) =>
        db
          .prepare(text)
          .pluck()
          .get(...args) as T;
      const maxSeq = () => one<number>('SELECT max(seq) FROM due_prisoners');
      const writes = () => one<number>('SELECT total_changes()');
      const countsDay = () => one<string>('SELECT day FROM due_count_state');
      const short = (today: IsoDate) =>
        one<number>(
          'SELECT count(*) FROM due_prisoners WHERE valid_until <= ? AND valid_until > ?',
          addDays(today, AHEAD_DAYS),
          today,
        );
      // The stored list brought up to today: the state and day the first test checked first (a copy of the same demo,
      // opened on the same day), so read here, not checked again.
      due.list(FIXED_TODAY);
      expect(countsDay()).toBe(FIXED_TODAY);
      // Stored with today's items: each prisoner's items up to a week ahead, each row with the days it holds for.
      expect(short(FIXED_TODAY)).toBe(0);
      expect(one<number>('SELECT count(*) FROM due_items WHERE valid_from > ?', FIXED_TODAY)).toBeGreaterThan(
        0,
      );
      expect(
        one<number>('SELECT count(*) FROM due_generations WHERE valid_from > ?', FIXED_TODAY),
      ).toBeGreaterThan(0);
      // An item the same in two generations is one row holding for both.
      expect(
        one<number>(
          'SELECT count(*) FROM due_items i WHERE (SELECT count(*) FROM due_generations g WHERE g.prisoner_id = i.prisoner_id AND g.valid_from >= i.valid_from AND g.valid_until <= i.valid_until) >= 2',
        ),
      ).toBeGreaterThan(0);

      // The first day a generation starts (a boundary exactly today): nothing written, nobody worked out again, the
      // counts read from the counts tables' day plus the difference, equal to the whole list.
      const first = one<IsoDate>(
        'SELECT min(valid_from) FROM due_generations WHERE valid_from > ?',
        FIXED_TODAY,
      );
      expect(one<number>('SELECT count(*) FROM due_items WHERE valid_from = ?', first)).toBeGreaterThan(0);
      expect(one<number>('SELECT count(*) FROM due_items WHERE valid_until = ?', first)).toBeGreaterThan(0);
      let seq = maxSeq();
      let wrote = writes();
      const onFirst = expectStoredEqualsWhole(
        own,
        first,
        `the first generation's day, ${first}`,
        asCopied.get(first),
      );
      expect(writes(), 'a new day writes nothing').toBe(wrote);
      expect(maxSeq(), 'nobody worked out again').toBe(seq);
      expect(countsDay()).toBe(FIXED_TODAY);
      // Worked ahead in the background: the counts moved on to the new day, the days stored carried on to its horizon.
      expect(short(first)).toBeGreaterThan(0);
      await due.workAhead(first, { batch: 7 });
      expect(short(first)).toBe(0);
      expect(countsDay()).toBe(first);
      expect(maxSeq()).toBe(seq);
      // Working ahead changes no fact: the same list worked out whole.
      expectStoredEqualsWhole(own, first, 'after working ahead', onFirst);
      // The counts' day is after the day read: the difference the other way.
      expectStoredEqualsWhole(
        own,
        addDays(first, -1),
        'the day before the counts',
        asCopied.get(addDays(first, -1)),
      );

      // A day that jumps past several generations of one prisoner: the rows holding on it are read, nothing written.
      const several = db
        .prepare(
          'SELECT prisoner_id AS id, max(valid_from) AS day FROM due_generations WHERE valid_from > ? GROUP BY prisoner_id HAVING count(*) >= 2 ORDER BY 2 LIMIT 1',
        )
        .get(first) as { id: string; day: IsoDate } | undefined;
      expect(several, 'a prisoner with two generations ahead').toBeDefined();
      seq = maxSeq();
      wrote = writes();
      expectStoredEqualsWhole(own, several!.day, `jumping to ${several!.day}`, asCopied.get(several!.day));
      expect(writes(), 'read, not written').toBe(wrote);
      expect(maxSeq()).toBe(seq);
      // A day past every day stored, without working ahead: those prisoners are worked out again.
      const far = addDays(several!.day, AHEAD_DAYS + 3);
      expectStoredEqualsWhole(own, far, `jumping past the days stored, to ${far}`, asCopied.get(far));
      expect(maxSeq()).toBeGreaterThan(seq);
      await due.workAhead(far);
      expect(countsDay()).toBe(far);

      // A change to a prisoner (here by another process) ends his stored items and generations.
      const changed = one<string>('SELECT prisoner_id FROM due_generations ORDER BY valid_from DESC LIMIT 1');
      const other = new Database(own.file);
      other
        .prepare(
          "UPDATE prisoners SET conditional_release_date = '2027-06-01', parole_eligibility_date = NULL WHERE id = ?",
        )
        .run(changed);
      other.close();
      expect(one<number>('SELECT count(*) FROM due_generations WHERE prisoner_id = ?', changed)).toBe(0);
      expect(one<number>('SELECT count(*) FROM due_items WHERE prisoner_id = ?', changed)).toBe(0);
      for (const d of [0, 2, AHEAD_DAYS + 1].map((n) => addDays(far, n)))
        expectStoredEqualsWhole(own, d, `after another process changed ${changed}, on ${d}`);

      // A release recorded two days ahead: his items hidden from that day, counted apart until then.
      const releasing = one<string>(
        "SELECT prisoner_id FROM due_items WHERE valid_until > ? AND released_on IS NULL AND kind LIKE 'oasys-%' LIMIT 1",
        far,
      );
      const releaseOn = addDays(far, 2);
      db.prepare('UPDATE prisoners SET released_on = ? WHERE id = ?').run(releaseOn, releasing);
      let onLast: Whole | null = null;
      for (const n of [0, 1, 2, 3])
        onLast = expectStoredEqualsWhole(own, addDays(far, n), `released on ${releaseOn}, on +${n}`);
      expect(due.list(releaseOn).some((e) => e.prisonerId === releasing)).toBe(false);
      expect(due.list(addDays(releaseOn, -1)).some((e) => e.prisonerId === releasing)).toBe(true);
      await due.workAhead(addDays(far, 3));
      expectStoredEqualsWhole(own, addDays(far, 3), 'released, after working ahead', onLast!);

      // A rule version added while days ahead are stored: every prisoner is worked out again.
      const today = addDays(far, AHEAD_DAYS + 1);
      await due.workAhead(today);
      const admin = own.services.staff.insertUnchecked(own.context(), {
        name: 'Ahead Admin',
        email: null,
        roles: ['administrator'],
        active: true,
      });
      await signIn(own, admin.name);
      const ran = await own.runner.run(
        'policy/add-version',
        {
          key: 'categorisation',
          effectiveFrom: addDays(today, 3),
          source: 'test',
          params: { listFromMonths: 4 },
        },
        own.context(),
      );
      expect(ran.result).toBeTruthy();
      for (const n of [2, 3, AHEAD_DAYS])
        expectStoredEqualsWhole(own, addDays(today, n), `rules changed from ${addDays(today, 3)}, on +${n}`);
      expect(one<number>('SELECT count(DISTINCT rules_stamp) FROM due_prisoners')).toBe(1);

      // Days back: before the days stored, worked out again; the counts' day after them.
      for (const n of [-1, -AHEAD_DAYS - 1])
        expectStoredEqualsWhole(own, addDays(today, n), `going back ${-n} days`);
    } finally {
      own.close();
    }
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
    // The counts tables follow every write of due_items.
    const counting = app.opened.sqlite
      .prepare(
        "SELECT substr(sql, instr(sql, 'AFTER ') + 6, 6) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'due_items' AND name LIKE 'due_counts_%' ORDER BY 1",
      )
      .pluck()
      .all();
    expect(counting).toEqual(['DELETE', 'INSERT', 'UPDATE', 'UPDATE']);
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
