/**
 * Calendar days as `YYYY-MM-DD` strings (proleptic Gregorian), with no time and no zone: the
 * day a date of birth, a period's last day or a permit's expiry names. Which day an instant falls
 * on is a question for ./warsaw.
 *
 * Arithmetic goes through a day number (days since 1970-01-01). Years 0–99 are built with
 * `setUTCFullYear`, because `Date.UTC` reads them as 1900–1999.
 */

/** A calendar day, `YYYY-MM-DD`. */
export type LocalDate = string;

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** Milliseconds since the epoch of 00:00 UTC on a day (any year, month and day may overflow). */
export function utcMs(y: number, m: number, d: number, hh = 0, mm = 0, ss = 0, ms = 0): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  t.setUTCHours(hh, mm, ss, ms);
  return t.getTime();
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Formats a year, month and day as `YYYY-MM-DD` (years 0–9999, the ones the format can write). */
export function formatLocalDate(y: number, m: number, d: number): LocalDate {
  if (!Number.isInteger(y) || y < 0 || y > 9999) throw new RangeError(`a calendar date needs a year 0–9999: ${y}`);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** The year, month and day of a `YYYY-MM-DD` that exists; a RangeError otherwise. */
export function parseLocalDate(date: LocalDate): Ymd {
  const m = typeof date === 'string' ? DATE_RE.exec(date) : null;
  if (!m) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${String(date)}`);
  const ymd = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  if (ymd.m < 1 || ymd.m > 12 || ymd.d < 1 || ymd.d > daysInMonth(ymd.y, ymd.m))
    throw new RangeError(`no such day: ${date}`);
  return ymd;
}

/** True when `s` is `YYYY-MM-DD` and names a day that exists (no 30 February). */
export function isLocalDate(s: unknown): s is LocalDate {
  if (typeof s !== 'string') return false;
  try {
    parseLocalDate(s);
    return true;
  } catch {
    return false;
  }
}

export function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month + 1, 0)).getUTCDate();
}

/** Days since 1970-01-01. */
function dayNumber(date: LocalDate): number {
  const { y, m, d } = parseLocalDate(date);
  return Math.round(utcMs(y, m, d) / DAY_MS);
}

function fromDayNumber(n: number): LocalDate {
  const t = new Date(n * DAY_MS);
  return formatLocalDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** `days` calendar days later (earlier when negative). */
export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer: ${days}`);
  return fromDayNumber(dayNumber(date) + days);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * The same day `months` later; when that day does not exist in the target month, the last day of
 * that month (31 Aug + 6 months = 28/29 Feb), as civil-law month periods count (KC art. 112).
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer: ${months}`);
  const { y, m, d } = parseLocalDate(date);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = total - ty * 12 + 1;
  return formatLocalDate(ty, tm, Math.min(d, daysInMonth(ty, tm)));
}

/**
 * The same day `years` later, 29 February → 28 February in a common year. This is also the day
 * someone born on `date` reaches `years` of age (KC art. 112: at the beginning of that day).
 */
export function addYears(date: LocalDate, years: number): LocalDate {
  return addMonths(date, years * 12);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return (((dayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function isWeekend(date: LocalDate): boolean {
  const w = dayOfWeek(date);
  return w === 0 || w === 6;
}
