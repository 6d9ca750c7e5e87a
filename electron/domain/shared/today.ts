import { addDays, fromDayNumber, toDayNumber, type IsoDate } from './dates';

/**
 * Which days an answer worked out "today" holds for. A rule that compares today with a date goes through these
 * helpers; while `watchToday` runs a computation, each comparison notes the day its answer would change, so the
 * stored due list (electron/domain/due) knows, for each prisoner, the days [validFrom, validUntil) over which his
 * items stay the same and works him out again only when a day outside them comes. Outside `watchToday` the helpers are
 * plain comparisons. Noting a day too many only makes a prisoner be worked out again sooner; a comparison with today
 * made without these helpers would leave his items stale, which the due list's equality test looks for.
 */
interface Watch {
  today: IsoDate;
  from: IsoDate | null;
  until: IsoDate | null;
}
let watch: Watch | null = null;

/** The answer may differ from day `d` on (compared with the day being watched). */
export function noteChangeOn(today: IsoDate, d: IsoDate): void {
  if (!watch || today !== watch.today) return;
  if (d <= today) {
    if (!watch.from || d > watch.from) watch.from = d;
  } else if (!watch.until || d < watch.until) watch.until = d;
}

/** today ≥ d. */
export function isOnOrAfter(today: IsoDate, d: IsoDate): boolean {
  noteChangeOn(today, d);
  return today >= d;
}
/** today > d. */
export const isAfter = (today: IsoDate, d: IsoDate): boolean => isOnOrAfter(today, addDays(d, 1));
/** today < d. */
export const isBefore = (today: IsoDate, d: IsoDate): boolean => !isOnOrAfter(today, d);
/** today ≤ d. */
export const isOnOrBefore = (today: IsoDate, d: IsoDate): boolean => !isAfter(today, d);

const FIRST = toDayNumber('1900-01-01');
const LAST = toDayNumber('2300-01-01');

/**
 * `holds(today)` for a condition that is false up to some day and true from it on (such as "a date is within six
 * months of today"); the day it turns is found by bisection and noted.
 */
export function holdsFrom(today: IsoDate, holds: (day: IsoDate) => boolean): boolean {
  const now = holds(today);
  if (watch && today === watch.today) {
    // The first day it holds, between FIRST and LAST + 1.
    let lo = now ? FIRST : toDayNumber(today) + 1;
    let hi = now ? toDayNumber(today) : LAST + 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (holds(fromDayNumber(mid))) hi = mid;
      else lo = mid + 1;
    }
    noteChangeOn(today, fromDayNumber(lo));
  }
  return now;
}

export interface Watched<T> {
  value: T;
  /** The first day the answer is known to hold from (null: any day before today). */
  validFrom: IsoDate | null;
  /** The first day it may no longer hold (null: never, by these facts and rules). */
  validUntil: IsoDate | null;
}

/** Runs `fn` for `today` and reports the days its answer holds for. Not re-entrant across different days. */
export function watchToday<T>(today: IsoDate, fn: () => T): Watched<T> {
  const outer = watch;
  const w: Watch = { today, from: null, until: null };
  watch = w;
  try {
    const value = fn();
    return { value, validFrom: w.from, validUntil: w.until };
  } finally {
    watch = outer;
    if (outer && outer.today === today) {
      if (w.from) noteChangeOn(today, w.from);
      if (w.until) noteChangeOn(today, w.until);
    }
  }
}
