import { addDays as fnsAddDays, addMonths as fnsAddMonths, differenceInCalendarDays, isValid } from 'date-fns';

/** A calendar date as `YYYY-MM-DD`. No time, no zone. */
export type IsoDate = string;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK_RE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

function fromParts(y: number, m: number, d: number): IsoDate | null {
  const dt = new Date(y, m - 1, d);
  if (!isValid(dt) || dt.getFullYear() !== y || dt.getMonth() !== m - 1 || dt.getDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function isIsoDate(value: string): boolean {
  const m = ISO_RE.exec(value);
  return !!m && fromParts(Number(m[1]), Number(m[2]), Number(m[3])) !== null;
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

function toLocal(iso: IsoDate): Date {
  const m = ISO_RE.exec(iso);
  if (!m) throw new Error(`Not an ISO date: ${iso}`);
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function fromLocal(d: Date): IsoDate {
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return fromLocal(fnsAddDays(toLocal(iso), days));
}

/** Adds calendar months; a day that does not exist in the target month clamps to its last day (31 Oct - 8 months = 28/29 Feb). */
export function addMonths(iso: IsoDate, months: number): IsoDate {
  return fromLocal(fnsAddMonths(toLocal(iso), months));
}

export function addYears(iso: IsoDate, years: number): IsoDate {
  return addMonths(iso, years * 12);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(toLocal(to), toLocal(from));
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

export function dayOfWeek(iso: IsoDate): number {
  return toLocal(iso).getDay();
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `22/11/2026` */
export function formatUk(iso: IsoDate | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** `22 November 2026` */
export function formatLong(iso: IsoDate | null | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** Today's calendar date in Europe/London for the given instant. */
export function londonDate(instant: Date): IsoDate {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** `22/11/2026 14:05` in Europe/London for an ISO timestamp. */
export function formatTimestampUk(isoTimestamp: string): string {
  const d = new Date(isoTimestamp);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}
