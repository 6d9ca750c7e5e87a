import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  isWorkingDay,
  workingDaysBetween,
} from '../../../electron/domain/shared/working-days';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from '../../../electron/domain/shared/bank-holidays';

const SRC =
  'PSI 40/2011 / Security Categorisation Policy Framework: 10 working days; England and Wales bank holidays (GOV.UK)';

describe('working days with England and Wales bank holidays as data', () => {
  it.each([
    ['an ordinary fortnight', '2026-11-02', 10, '2026-11-16', SRC],
    ['over Easter 2026 (Good Friday 3 April, Easter Monday 6 April)', '2026-03-30', 10, '2026-04-15', SRC],
    [
      'over Christmas 2021, both days on a weekend: substitutes 27 and 28 December',
      '2021-12-20',
      5,
      '2021-12-29',
      SRC,
    ],
    ['into 2022: New Year on a Saturday, substitute Monday 3 January', '2021-12-30', 2, '2022-01-04', SRC],
    ['Platinum Jubilee 2022: Thursday 2 and Friday 3 June', '2022-06-01', 1, '2022-06-06', SRC],
    ['State Funeral, Monday 19 September 2022', '2022-09-16', 1, '2022-09-20', SRC],
    ['Coronation, Monday 8 May 2023 (and Early May on the 1st)', '2023-04-28', 2, '2023-05-03', SRC],
    ['VE day 2020: Early May moved to Friday 8 May', '2020-05-07', 1, '2020-05-11', SRC],
    ['from a Saturday', '2026-11-21', 1, '2026-11-23', SRC],
  ])('%s', (_n, from, n, expected) => {
    expect(addWorkingDays(from, n)).toBe(expected);
  });

  it('knows the days themselves and counts between dates', () => {
    expect(isWorkingDay('2025-12-25')).toBe(false);
    expect(isWorkingDay('2025-12-24')).toBe(true);
    expect(isWorkingDay('2020-05-04')).toBe(true);
    expect(workingDaysBetween('2026-12-18', '2026-12-31')).toBe(7);
  });

  it('ships eight bank holidays a year for 2015 to 2030, more in 2022 and 2023, on weekdays', () => {
    for (let y = 2015; y <= 2030; y++) {
      const n = ENGLAND_AND_WALES_BANK_HOLIDAYS.filter((h) => h.date.startsWith(`${y}-`)).length;
      expect([y, n]).toEqual([y, y === 2022 ? 10 : y === 2023 ? 9 : 8]);
    }
    for (const h of ENGLAND_AND_WALES_BANK_HOLIDAYS)
      expect([h.date, new Date(`${h.date}T12:00:00Z`).getUTCDay() % 6 !== 0]).toEqual([h.date, true]);
  });
});
