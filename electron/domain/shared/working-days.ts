import { addDays, dayOfWeek, type IsoDate } from './dates';
import { ENGLAND_AND_WALES_BANK_HOLIDAYS } from './bank-holidays';

const HOLIDAYS = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS.map((h) => h.date));

/** Monday to Friday and not an England and Wales bank holiday. */
export function isWorkingDay(date: IsoDate, holidays: ReadonlySet<string> = HOLIDAYS): boolean {
  const d = dayOfWeek(date);
  return d !== 0 && d !== 6 && !holidays.has(date);
}

/** The date `n` working days after `date` (the day itself not counted); a negative `n` counts back before it. */
export function addWorkingDays(date: IsoDate, n: number, holidays: ReadonlySet<string> = HOLIDAYS): IsoDate {
  const step = n < 0 ? -1 : 1;
  let d = date;
  let left = Math.abs(n);
  while (left > 0) {
    d = addDays(d, step);
    if (isWorkingDay(d, holidays)) left--;
  }
  return d;
}

/** Working days after `from` up to and including `to`. */
export function workingDaysBetween(
  from: IsoDate,
  to: IsoDate,
  holidays: ReadonlySet<string> = HOLIDAYS,
): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, holidays)) n++;
  return n;
}
