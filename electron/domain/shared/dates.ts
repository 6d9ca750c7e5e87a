/** A calendar date as `YYYY-MM-DD`. No time, no zone. */
export type IsoDate = string;

// Dates are whole days: converted to a day count and back with integer arithmetic (proleptic Gregorian
// calendar, H. Hinnant's civil-from-days algorithm), so due lists over a whole prison stay fast.

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const daysInMonth = (y: number, m: number) => (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1]!);

function fromParts(y: number, m: number, d: number): IsoDate | null {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return format(y, m, d);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const format = (y: number, m: number, d: number): IsoDate =>
  `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;

function parts(iso: IsoDate): [number, number, number] {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  if (iso.length !== 10 || !y || !m || !d) throw new Error(`Not an ISO date: ${iso}`);
  return [y, m, d];
}

/** Days since 1970-01-01. */
export function toDayNumber(iso: IsoDate): number {
  const [year, m, d] = parts(iso);
  const y = year - (m <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(z: number): IsoDate {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return format(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

export function isIsoDate(value: string): boolean {
  return isoDayKey(value) >= 0;
}

/** The number written by `n` decimal digits from `from` (ISO_RE's `\d`: 0-9 only), or -1 if any is not one. */
function digits(s: string, from: number, n: number): number {
  let value = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}

/**
 * A real date written `YYYY-MM-DD` (as ISO_RE and `fromParts` take it) as one number, `year * 512 + month * 32 + day`,
 * or -1 for anything else: read from the characters, with no regular expression, match array or string made. A
 * caseload file's 80,000 rows have about 800,000 dates, each checked so (issue 18 item 3).
 */
export function isoDayKey(s: string): number {
  // Not a string (a blank read as null): no date, as ISO_RE.exec(null) read "null".
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  const y = digits(s, 0, 4);
  const m = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  if (y < 1 || m < 1 || m > 12 || day < 1 || day > daysInMonth(y, m)) return -1;
  return y * 512 + m * 32 + day;
}

/** Parses `DD/MM/YYYY` or `YYYY-MM-DD`; returns null for anything else or a date that does not exist. */
export function parseDate(text: string): IsoDate | null {
  const value = text.trim();
  let m = ISO_RE.exec(value);
  if (m) return fromParts(Number(m[1]), Number(m[2]), Number(m[3]));
  m = UK_RE.exec(value);
  if (m) return fromParts(Number(m[3]), Number(m[2]), Number(m[1]));
  return null;
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(iso) + days);
}

/** Adds calendar months; a day that does not exist in the target month clamps to its last day (31 Oct - 8 months = 28/29 Feb). */
export function addMonths(iso: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(iso);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return format(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

export function addYears(iso: IsoDate, years: number): IsoDate {
  return addMonths(iso, years * 12);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function minDate(...dates: (IsoDate | null | undefined)[]): IsoDate | null {
  let best: IsoDate | null = null;
  for (const d of dates) if (d && (best === null || d < best)) best = d;
  return best;
}

export function maxDate(...dates: (IsoDate | null | undefined)[]): IsoDate | null {
  let best: IsoDate | null = null;
  for (const d of dates) if (d && (best === null || d > best)) best = d;
  return best;
}

/** 0 Sunday … 6 Saturday. */
export function dayOfWeek(iso: IsoDate): number {
  return (((toDayNumber(iso) + 4) % 7) + 7) % 7;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `22/11/2026` */
/** A number of days, months or years in words: "1 day", "28 days", "1 month" (never "1 days"). */
export const plural = (n: number, unit: 'day' | 'month' | 'year' | 'week'): string =>
  `${n} ${unit}${Math.abs(n) === 1 ? '' : 's'}`;

export function formatUk(iso: IsoDate | null | undefined): string {
  if (!iso) return '';
  // A date written YYYY-MM-DD (its only hyphens the two) read by position, as splitting it at its hyphens would read
  // it, without the array split makes: about a quarter of the CPU a call, and the due rules' basis sentences write a
  // few dates for every item of every prisoner (1-2 % of working out the whole unit's list).
  if (iso.length === 10 && iso.indexOf('-') === 4 && iso.lastIndexOf('-') === 7)
    return `${iso.slice(8)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** `22 November 2026` */
export function formatLong(iso: IsoDate | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** 01:00 GMT on the last Sunday of the month (1–12), as milliseconds since the epoch. */
function lastSundayOneAmGmt(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month, 0));
  return Date.UTC(year, month - 1, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/**
 * Today's calendar date in Europe/London for the given instant. From 1996 British Summer Time runs from 01:00 GMT on
 * the last Sunday in March to 01:00 GMT on the last Sunday in October (Summer Time Act 1972 as amended, Summer Time
 * Order 2002, SI 2002/262), worked out here by arithmetic: creating an Intl.DateTimeFormat costs a command-line call
 * about 35 ms of CPU. Earlier instants ask Intl (the tz database).
 */
export function londonDate(instant: Date): IsoDate {
  const ms = instant.getTime();
  const year = instant.getUTCFullYear();
  if (Number.isFinite(ms) && year >= 1996 && year <= 9999) {
    const summer = ms >= lastSundayOneAmGmt(year, 3) && ms < lastSundayOneAmGmt(year, 10);
    return new Date(summer ? ms + 3_600_000 : ms).toISOString().slice(0, 10);
  }
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

let ukTimestamp: Intl.DateTimeFormat | null = null;

/** `22/11/2026 14:05` in Europe/London for an ISO timestamp. */
export function formatTimestampUk(isoTimestamp: string): string {
  const d = new Date(isoTimestamp);
  // One formatter for the process: making an Intl.DateTimeFormat costs about a millisecond (issue 18, item 5).
  ukTimestamp ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  const parts = ukTimestamp.formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}
