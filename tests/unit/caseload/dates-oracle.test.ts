import { addDays as fnsAddDays, addMonths as fnsAddMonths, differenceInCalendarDays, format } from 'date-fns';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  daysBetween,
  dayOfWeek,
  fromDayNumber,
  isIsoDate,
  isoDayKey,
  londonDate,
  toDayNumber,
} from '../../../electron/domain/shared/dates';

// The integer date arithmetic against date-fns, used here as an independent oracle, over 1888-2079.
describe('integer calendar arithmetic agrees with date-fns', () => {
  it('on every seventh day for 190 years, for the offsets the rules use', () => {
    const iso = (d: Date) => format(d, 'yyyy-MM-dd');
    const mismatches: string[] = [];
    for (let day = -30000; day < 40000; day += 7) {
      const a = fromDayNumber(day);
      const local = new Date(Number(a.slice(0, 4)), Number(a.slice(5, 7)) - 1, Number(a.slice(8)));
      if (toDayNumber(a) !== day) mismatches.push(`toDayNumber ${a}`);
      if (dayOfWeek(a) !== local.getDay()) mismatches.push(`dayOfWeek ${a}`);
      for (const n of [-400, -31, -14, -1, 1, 10, 28, 365])
        if (addDays(a, n) !== iso(fnsAddDays(local, n))) mismatches.push(`addDays ${a} ${n}`);
      for (const n of [-15, -12, -8, -6, -1, 1, 6, 12, 36])
        if (addMonths(a, n) !== iso(fnsAddMonths(local, n))) mismatches.push(`addMonths ${a} ${n}`);
      if (daysBetween(a, '2026-11-22') !== differenceInCalendarDays(new Date(2026, 10, 22), local))
        mismatches.push(`daysBetween ${a}`);
    }
    expect(mismatches).toEqual([]);
  });
});

// londonDate works British Summer Time out by arithmetic; Intl (the tz database) is the oracle.
describe('londonDate agrees with the tz database', () => {
  const intl = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  it('every 2,887 minutes (walking through the hours of the day) from 1990 to 2045, and either side of the change hours', () => {
    const mismatches: string[] = [];
    const check = (ms: number) => {
      const d = new Date(ms);
      if (londonDate(d) !== intl.format(d)) mismatches.push(d.toISOString());
    };
    for (let ms = Date.UTC(1990, 0, 1); ms < Date.UTC(2045, 0, 1); ms += 2887 * 60_000) check(ms);
    for (let year = 1996; year < 2045; year++) {
      for (const month of [2, 9]) {
        for (let day = 25; day <= 31; day++) {
          for (const hour of [0, 1])
            for (const delta of [-1, 0, 1]) check(Date.UTC(year, month, day, hour) + delta);
          check(Date.UTC(year, month, day, 23, 30));
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});

// isIsoDate reads the characters (issue 18 item 3); the regular expression and date-fns it replaced are the oracle.
describe('isIsoDate agrees with a pattern and date-fns', () => {
  const oracle = (s: string) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m || Number(m[1]) < 1) return false;
    const d = new Date(2000, 0, 1);
    d.setFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return format(d, 'yyyy-MM-dd') === s;
  };
  it('on every day of 1888-2079, on each character changed, and on odd values', () => {
    const mismatches: string[] = [];
    const keys = new Set<number>();
    const check = (s: string) => {
      if (isIsoDate(s) !== oracle(s)) mismatches.push(s);
    };
    for (let day = -30000; day < 40000; day++) {
      const a = fromDayNumber(day);
      check(a);
      keys.add(isoDayKey(a));
      if (day % 97 === 0)
        for (let i = 0; i < a.length; i++)
          for (const c of ['0', '3', '9', '-', '/', ' ', 'a', '\u0660'])
            check(a.slice(0, i) + c + a.slice(i + 1));
    }
    for (const s of [
      '',
      '2024-02-29',
      '2023-02-29',
      '2100-02-29',
      '2000-02-29',
      '0000-01-01',
      '0001-01-01',
      '9999-12-31',
      '2024-00-10',
      '2024-13-10',
      '2024-04-31',
      '2024-04-00',
      ' 2024-04-01',
      '2024-04-01 ',
      '2024-4-01',
      '2024-04-1',
      '20240401',
      '2024-04-01\n',
      '+2024-04-1',
    ])
      check(s);
    expect(mismatches).toEqual([]);
    // One number for each day: the import holds each day's text once by it.
    expect(keys.size).toBe(70000);
    expect(isIsoDate(null as never)).toBe(false);
  });
});
