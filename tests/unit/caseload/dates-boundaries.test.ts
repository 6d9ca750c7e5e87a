import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addYears,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  formatLong,
  formatTimestampUk,
  formatUk,
  isIsoDate,
  londonDate,
  maxDate,
  minDate,
  parseDate,
  plural,
  toDayNumber,
} from '../../../electron/domain/shared/dates';

/**
 * The date helper every rule counts with, at its boundaries: which dates exist (the Gregorian calendar's leap years: a
 * year divisible by 4, except centuries not divisible by 400), the two ways a date is typed (DD/MM/YYYY as on HMPPS
 * forms and NOMIS screens, YYYY-MM-DD as ISO 8601), months added with the day clamped to the month's end (as a
 * sentence "of 3 months" is counted in the Criminal Justice Act 2003 and PSI 03/2015 calculations), the earliest and
 * latest of several facts, and the words dates are shown in. The arithmetic itself is checked against date-fns over
 * 190 years in dates-oracle.test.ts; each expectation here was worked out by hand from a calendar.
 */

describe('which dates exist', () => {
  it.each([
    // [year, month, days]
    [2026, 1, 31],
    [2026, 2, 28],
    [2024, 2, 29],
    [1900, 2, 28],
    [2000, 2, 29],
    [2100, 2, 28],
    [2026, 3, 31],
    [2026, 4, 30],
    [2026, 5, 31],
    [2026, 6, 30],
    [2026, 7, 31],
    [2026, 8, 31],
    [2026, 9, 30],
    [2026, 10, 31],
    [2026, 11, 30],
    [2026, 12, 31],
    [2024, 3, 31],
  ])('%i-%i has %i days', (y, m, days) => {
    expect(daysInMonth(y, m)).toBe(days);
  });

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2026-04-30', true],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['2026-12-32', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-01-01', true],
    ['0000-01-01', false],
    ['0001-01-01', true],
    ['9999-12-31', true],
    ['2026-1-01', false],
    ['22/11/2026', false],
    [' 2026-11-22', false],
    ['2026-11-22 ', false],
    ['x2026-11-22', false],
    ['', false],
  ])('isIsoDate(%j) is %s', (text, valid) => {
    expect(isIsoDate(text)).toBe(valid);
  });

  it.each([
    ['2026-11-22', '2026-11-22'],
    ['22/11/2026', '2026-11-22'],
    ['1/2/2026', '2026-02-01'],
    ['01/02/2026', '2026-02-01'],
    [' 22/11/2026 ', '2026-11-22'],
    ['\t2026-11-22\n', '2026-11-22'],
    ['29/02/2024', '2024-02-29'],
    ['29/02/2023', null],
    ['31/04/2026', null],
    ['1/13/2026', null],
    ['0/1/2026', null],
    ['0999-01-01', '0999-01-01'],
    ['22-11-2026', null],
    ['2026/11/22', null],
    ['22/11/26', null],
    ['122/11/2026', null],
    ['22/11/2026x', null],
    ['x22/11/2026', null],
    ['', null],
  ])('parseDate(%j) is %j', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });
});

describe('counting days', () => {
  it.each([
    ['1970-01-01', 0],
    ['1970-01-02', 1],
    ['1969-12-31', -1],
    ['2000-03-01', 11017],
    ['2026-11-22', 20779],
  ])('%s is day %i since 1 January 1970', (iso, n) => {
    expect(toDayNumber(iso)).toBe(n);
  });

  it.each(['not a date', '2026-11-2', '2026-11-222', '0000-01-01', '2026-00-01', '2026-01-00', ''])(
    'refuses %j as a date to count from',
    (text) => {
      expect(() => toDayNumber(text)).toThrow(`Not an ISO date: ${text}`);
    },
  );

  it.each([
    ['2026-11-22', 0, '2026-11-22'],
    ['2026-11-22', 14, '2026-12-06'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
  ])('%s plus %i days is %s', (from, n, to) => {
    expect(addDays(from, n)).toBe(to);
    expect(daysBetween(from, to)).toBe(n);
    expect(daysBetween(to, from)).toBe(0 - n);
  });

  it.each([
    ['2026-11-22', 0],
    ['2026-11-23', 1],
    ['2026-11-27', 5],
    ['2026-11-28', 6],
    ['1970-01-01', 4],
    ['1969-12-31', 3],
    ['1969-12-28', 0],
  ])('%s is day %i of the week (0 Sunday)', (iso, day) => {
    expect(dayOfWeek(iso)).toBe(day);
  });
});

describe('adding months and years, the day clamped to the end of a shorter month', () => {
  it.each([
    ['2026-10-31', -8, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-05-31', 1, '2026-06-30'],
    ['2026-01-30', 1, '2026-02-28'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2026-11-22', 0, '2026-11-22'],
    ['2026-11-22', 12, '2027-11-22'],
    ['2026-11-22', -12, '2025-11-22'],
    ['2026-11-22', -23, '2024-12-22'],
    ['2026-11-22', 14, '2028-01-22'],
  ])('%s plus %i months is %s', (from, n, to) => {
    expect(addMonths(from, n)).toBe(to);
  });

  it.each([
    ['2024-02-29', 1, '2025-02-28'],
    ['2024-02-29', 4, '2028-02-29'],
    ['2024-02-29', -4, '2020-02-29'],
    ['2026-11-22', -21, '2005-11-22'],
    ['2026-11-22', 0, '2026-11-22'],
  ])('%s plus %i years is %s', (from, n, to) => {
    expect(addYears(from, n)).toBe(to);
  });
});

describe('the earliest and the latest of several facts, the missing ones left out', () => {
  it.each([
    [[], null, null],
    [[null, undefined, ''], null, null],
    [['2026-11-22'], '2026-11-22', '2026-11-22'],
    [[null, '2026-11-22', undefined], '2026-11-22', '2026-11-22'],
    [['2026-11-22', '2026-11-21'], '2026-11-21', '2026-11-22'],
    [['2026-11-21', '2026-11-22'], '2026-11-21', '2026-11-22'],
    [['2026-11-22', '2026-11-22'], '2026-11-22', '2026-11-22'],
    [['2027-01-01', null, '2025-06-30', '2026-11-22'], '2025-06-30', '2027-01-01'],
  ])('of %j: earliest %j, latest %j', (dates, earliest, latest) => {
    expect(minDate(...dates)).toBe(earliest);
    expect(maxDate(...dates)).toBe(latest);
  });
});

describe('dates in words', () => {
  it.each([
    [1, 'day', '1 day'],
    [-1, 'day', '-1 day'],
    [0, 'day', '0 days'],
    [2, 'day', '2 days'],
    [28, 'day', '28 days'],
    [1, 'month', '1 month'],
    [6, 'month', '6 months'],
    [1, 'year', '1 year'],
    [1, 'week', '1 week'],
    [-2, 'week', '-2 weeks'],
  ] as const)('%i %s is "%s"', (n, unit, words) => {
    expect(plural(n, unit)).toBe(words);
  });

  it.each([
    ['2026-11-22', '22/11/2026', '22 November 2026'],
    ['2026-01-05', '05/01/2026', '5 January 2026'],
    ['2026-12-31', '31/12/2026', '31 December 2026'],
    [null, '', ''],
    [undefined, '', ''],
    ['', '', ''],
  ])('%j is %j, or %j written out', (iso, uk, long) => {
    expect(formatUk(iso)).toBe(uk);
    expect(formatLong(iso)).toBe(long);
  });

  // Read by position when written YYYY-MM-DD, by its hyphens otherwise: the same either way.
  it.each([
    ['1-34-67-90', '67/34/1'],
    ['2026-1-5', '5/1/2026'],
    ['0987-65-4321', '4321/65/0987'],
    ['2026/11/22', 'undefined/undefined/2026/11/22'],
    ['abcd-ef-gh', 'gh/ef/abcd'],
  ])('%j is %j', (iso, uk) => {
    expect(formatUk(iso)).toBe(uk);
  });

  it.each([
    // GMT in winter, BST (GMT+1) in summer: the clocks went forward at 01:00 GMT on 29 March 2026 and back at 01:00 GMT
    // on 25 October 2026 (Summer Time Order 2002).
    ['2026-11-22T14:05:00Z', '22/11/2026 14:05', '2026-11-22'],
    ['2026-07-01T13:05:00Z', '01/07/2026 14:05', '2026-07-01'],
    ['2026-07-01T23:30:00Z', '02/07/2026 00:30', '2026-07-02'],
    ['2026-03-29T00:59:59Z', '29/03/2026 00:59', '2026-03-29'],
    ['2026-03-29T01:00:00Z', '29/03/2026 02:00', '2026-03-29'],
    ['2026-10-24T23:00:00Z', '25/10/2026 00:00', '2026-10-25'],
    ['2026-10-25T00:59:59Z', '25/10/2026 01:59', '2026-10-25'],
    ['2026-10-25T01:00:00Z', '25/10/2026 01:00', '2026-10-25'],
    ['2026-12-31T23:59:00Z', '31/12/2026 23:59', '2026-12-31'],
    ['1990-07-01T23:30:00Z', '02/07/1990 00:30', '1990-07-02'],
  ])('%s is %s in London, on %s', (instant, words, day) => {
    expect(formatTimestampUk(instant)).toBe(words);
    expect(londonDate(new Date(instant))).toBe(day);
  });
});
