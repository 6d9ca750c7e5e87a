import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type OmuApp } from '../../electron/app/omu-app';
import type { DueEntry, DueSort } from '../../electron/domain/due/service';
import { DUE_KIND_LABELS, ownerLabel } from '../../electron/domain/due/types';
import { addDays, type IsoDate } from '../../electron/domain/shared/dates';
import { copyDemoDatabase } from '../support/demo-template';
import { tempDir, FIXED_TODAY, fixedClock } from '../support/temp';
import { TEST_COST } from '../support/sign-in';

/**
 * The due list read in SQL (electron/domain/due/service.ts, due/page): the day's status, hiding a prisoner released by
 * today, and paging and sorting, on a real SQLite file (a copy of the demo database). The statuses and orders expected
 * are worked out here, independently of the SQL: overdue before today, due soon up to the 14th day, upcoming after.
 */
type Status = 'overdue' | 'due-soon' | 'upcoming';
const statusOn = (dueDate: IsoDate, today: IsoDate): Status =>
  dueDate < today ? 'overdue' : dueDate <= addDays(today, 14) ? 'due-soon' : 'upcoming';

describe('the due list read in SQL', () => {
  let app: OmuApp;
  beforeAll(() => {
    app = openApp({
      dbFile: copyDemoDatabase(tempDir('omu-due-read-')),
      today: FIXED_TODAY,
      clock: fixedClock,
      osAccount: 'tester',
      passwordHashCost: TEST_COST,
    });
  });
  afterAll(() => app.close());

  /** Every page of a view, read `rows` at a time, joined. */
  function allPages(today: IsoDate, q: Parameters<OmuApp['services']['due']['page']>[1], rows: number) {
    const first = app.services.due.page(today, { ...q, page: 1, pageRows: rows });
    const out = [...first.rows];
    for (let n = 2; n <= first.pages; n++)
      out.push(...app.services.due.page(today, { ...q, page: n, pageRows: rows }).rows);
    return { first, rows: out };
  }

  it('gives each item its status on the day: due on the 14th day is due soon, on the 15th upcoming, the day after its date overdue', () => {
    const { due } = app.services;
    // Items due far enough ahead that the days around them can be read; those still on the list on each of the days.
    const candidates = due
      .list(FIXED_TODAY)
      .filter((e) => e.dueDate >= addDays(FIXED_TODAY, 20) && e.dueDate <= addDays(FIXED_TODAY, 200));
    let checked = 0;
    for (const item of candidates) {
      const d = item.dueDate;
      const days: [IsoDate, Status][] = [
        [addDays(d, -15), 'upcoming'],
        [addDays(d, -14), 'due-soon'],
        [d, 'due-soon'],
        [addDays(d, 1), 'overdue'],
      ];
      const found = days.map(([day]) =>
        due.list(day, { prisonerNumber: item.prisonerNumber }).find((e) => e.id === item.id),
      );
      if (found.some((f) => !f || f.dueDate !== d)) continue;
      days.forEach(([day, status], n) => {
        expect(found[n]!.status, `${item.id} on ${day}`).toBe(status);
        // The page for that status holds it, and the pages of the other statuses do not.
        for (const s of ['overdue', 'due-soon', 'upcoming'] as const) {
          const rows = allPages(day, { prisonerNumber: item.prisonerNumber, status: s }, 50).rows;
          expect(
            rows.some((r) => r.id === item.id),
            `${item.id} on ${day} under ${s}`,
          ).toBe(s === status);
        }
      });
      if (++checked === 4) break;
    }
    expect(checked).toBe(4);
    // Every item of the whole list on those days, against the status worked out here, and the counts against the items.
    for (const day of [FIXED_TODAY, addDays(FIXED_TODAY, 14), addDays(FIXED_TODAY, 15)]) {
      const list = due.list(day);
      expect(list.filter((e) => e.status !== statusOn(e.dueDate, day)).map((e) => e.id)).toEqual([]);
      const page = due.page(day, { status: 'due-soon' });
      for (const s of ['overdue', 'due-soon', 'upcoming'] as const)
        expect(page.summary.totals[s], `${s} on ${day}`).toBe(
          list.filter((e) => statusOn(e.dueDate, day) === s).length,
        );
      expect(page.total).toBe(page.summary.totals['due-soon']);
    }
  });

  it('hides a prisoner from the day he is released, in the list, its pages and its counts', () => {
    const { due } = app.services;
    const item = due.list(FIXED_TODAY).find((e) => e.status === 'overdue')!;
    const released = addDays(FIXED_TODAY, 3);
    // Read, every page (and its counts and order kept), before the release is recorded: the counts and the order kept
    // must not outlive the change.
    const before = allPages(released, { status: 'overdue' }, 50).first.summary.totals;
    // Recorded by another process, as an import or another workstation's sync would.
    const other = new Database(app.file);
    other
      .prepare('UPDATE prisoners SET released_on = ? WHERE prisoner_number = ?')
      .run(released, item.prisonerNumber);
    other.close();
    const his = (entries: DueEntry[]) => entries.filter((e) => e.prisonerNumber === item.prisonerNumber);
    const dayBefore = addDays(released, -1);
    const whole = his(due.workedOutWhole(dayBefore).entries);
    expect(whole.length).toBeGreaterThan(0);
    expect(his(due.list(dayBefore))).toEqual(whole);
    expect(his(allPages(dayBefore, { status: 'overdue' }, 50).rows).length).toBe(
      whole.filter((e) => e.status === 'overdue').length,
    );
    for (const day of [released, addDays(released, 1)]) {
      expect(his(due.workedOutWhole(day).entries)).toEqual([]);
      expect(his(due.list(day))).toEqual([]);
      expect(due.list(day, { prisonerNumber: item.prisonerNumber })).toEqual([]);
      const list = due.list(day);
      for (const s of ['overdue', 'due-soon', 'upcoming'] as const) {
        const pages = allPages(day, { status: s }, 50);
        expect(his(pages.rows)).toEqual([]);
        expect(pages.first.summary.totals[s]).toBe(list.filter((e) => e.status === s).length);
      }
      if (day === released)
        expect(due.page(day, { status: 'overdue' }).summary.totals.overdue).toBeLessThan(before.overdue);
    }
  });

  it('pages through a view in the order asked for, ties kept in the list order, pages of any size joining to the same list', () => {
    const { due } = app.services;
    const keyOf: Record<Exclude<DueSort, 'due'>, (e: DueEntry) => string> = {
      prisoner: (e) => e.prisonerName.toLowerCase(),
      kind: (e) => DUE_KIND_LABELS[e.kind],
      owner: (e) => ownerLabel(e.owner).toLowerCase(),
    };
    const compare = (sort: Exclude<DueSort, 'due'>, a: string, b: string) =>
      sort === 'kind' ? a.localeCompare(b) : a < b ? -1 : a > b ? 1 : 0;
    for (const q of [{}, { within: 56, ownedBy: 'Anna Patel' }, { within: 56, ownerRole: 'pom' as const }]) {
      for (const status of ['overdue', 'due-soon'] as const) {
        const list = due.list(FIXED_TODAY, { ...q, statuses: [status] });
        expect(list.length, `${JSON.stringify(q)} ${status}`).toBeGreaterThan(10);
        for (const sort of ['due', 'prisoner', 'kind', 'owner'] as const) {
          // Array.prototype.sort is stable: equal keys keep the list's order (due date, prisoner number).
          const expected =
            sort === 'due' ? list : [...list].sort((a, b) => compare(sort, keyOf[sort](a), keyOf[sort](b)));
          if (sort !== 'due') {
            const keys = expected.map(keyOf[sort]);
            expect(new Set(keys).size, `${sort}: ties to keep`).toBeLessThan(keys.length);
          }
          const ids = expected.map((e) => e.id);
          const by50 = allPages(FIXED_TODAY, { ...q, status, sort }, 50);
          expect(by50.first.total).toBe(list.length);
          expect(by50.first.pages).toBe(Math.ceil(list.length / 50));
          expect(
            by50.rows.map((e) => e.id),
            `${JSON.stringify(q)} ${status} by ${sort}`,
          ).toEqual(ids);
          expect(allPages(FIXED_TODAY, { ...q, status, sort }, 7).rows.map((e) => e.id)).toEqual(ids);
          // Read again: the same pages (the order does not depend on how SQLite happened to read them).
          expect(due.page(FIXED_TODAY, { ...q, status, sort, page: 2, pageRows: 7 }).rows).toEqual(
            expected.slice(7, 14),
          );
        }
        // A page past the last is the last.
        const last = due.page(FIXED_TODAY, { ...q, status, page: 10_000 });
        expect(last.page).toBe(last.pages);
        expect(last.rows.map((e) => e.id)).toEqual(list.slice((last.pages - 1) * 50).map((e) => e.id));
      }
    }
    expect(() => due.page(FIXED_TODAY, { ownedBy: 'Nobody Here' })).toThrow(
      'There is no member of staff called Nobody Here',
    );
  });
});
