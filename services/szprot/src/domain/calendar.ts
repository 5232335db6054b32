/**
 * Polish working days and periods counted in days (DL-01 to DL-03), in Europe/Warsaw.
 *
 * - An instant is a `Date` (or its ISO string when stored); a calendar day is a `LocalDate`
 *   `YYYY-MM-DD` read in Europe/Warsaw.
 * - DL-01 (O.p. art. 12, Reg. 1182/71 art. 3): a period of N days starts the day after the event
 *   (the event's own day is not counted) and ends at the end of its N-th day, 23:59:59.999 in
 *   Warsaw; if that day is a Saturday, Sunday or statutory holiday the period ends at the end of
 *   the next working day.
 * - DL-02: the holidays are computed per year (Easter by the Gregorian computus).
 * - DL-03: a submission is in time if its UPO time is not later than the end of the period.
 *
 * Time zone arithmetic uses Intl (full ICU in Node), no tz library: the local day of an instant
 * comes from `formatToParts`, and the UTC instant of a local wall time is found from the zone's
 * offset at that time (two passes, so the March and October changes are handled).
 */

export type LocalDate = string;
/** An ISO-8601 UTC timestamp as produced by `Date.prototype.toISOString`. */
export type Instant = string;

export const ZONE = 'Europe/Warsaw';
const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---------------------------------------------------------------- local dates

interface Ymd {
  y: number;
  m: number;
  d: number;
}

function parse(date: LocalDate): Ymd {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  const ymd = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  const back = new Date(Date.UTC(ymd.y, ymd.m - 1, ymd.d));
  if (back.getUTCMonth() !== ymd.m - 1 || back.getUTCDate() !== ymd.d) throw new RangeError(`no such day: ${date}`);
  return ymd;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function format(y: number, m: number, d: number): LocalDate {
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** Days since 1970-01-01 of a calendar date (proleptic Gregorian). */
function dayNumber(date: LocalDate): number {
  const { y, m, d } = parse(date);
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

function fromDayNumber(n: number): LocalDate {
  const t = new Date(n * DAY_MS);
  return format(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

export function isLocalDate(s: unknown): s is LocalDate {
  if (typeof s !== 'string') return false;
  try {
    parse(s);
    return true;
  } catch {
    return false;
  }
}

export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer: ${days}`);
  return fromDayNumber(dayNumber(date) + days);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * The same day `months` later; when that day does not exist in the target month the last day of
 * that month is used (31 Aug + 6 months = 28/29 Feb), as in civil-law month periods.
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { y, m, d } = parse(date);
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const last = new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  return format(ty, tm, Math.min(d, last));
}

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

// ---------------------------------------------------------------- Europe/Warsaw

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallTime extends Ymd {
  hh: number;
  mm: number;
  ss: number;
}

function wallTime(t: number): WallTime {
  const out: Record<string, number> = {};
  for (const p of partsFormat.formatToParts(new Date(t))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    y: out.year ?? NaN,
    m: out.month ?? NaN,
    d: out.day ?? NaN,
    hh: out.hour ?? NaN,
    mm: out.minute ?? NaN,
    ss: out.second ?? NaN,
  };
}

/** The zone's offset from UTC (ms) at instant `t`: +3,600,000 in winter, +7,200,000 in summer. */
export function warsawOffsetMs(t: number): number {
  const whole = Math.floor(t / 1000) * 1000;
  const w = wallTime(whole);
  return Date.UTC(w.y, w.m - 1, w.d, w.hh, w.mm, w.ss) - whole;
}

/** The Warsaw calendar day of an instant. */
export function localDateOf(at: Date | Instant): LocalDate {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`not an instant: ${String(at)}`);
  const w = wallTime(t);
  return format(w.y, w.m, w.d);
}

/**
 * The instant of a Warsaw wall-clock time on a day: the wall time read as UTC, minus the zone's
 * offset, where the offset is taken at a first guess and then again at the corrected instant (so
 * a guess on the wrong side of a DST change is fixed by the second pass). Deadlines only use
 * 00:00 and 23:59:59.999, which exist exactly once on every day (the changes are at 02:00/03:00).
 */
export function warsawInstant(date: LocalDate, hh = 0, mm = 0, ss = 0, ms = 0): Date {
  const { y, m, d } = parse(date);
  const asUtc = Date.UTC(y, m - 1, d, hh, mm, ss, ms);
  const guess = asUtc - warsawOffsetMs(asUtc);
  return new Date(asUtc - warsawOffsetMs(guess));
}

/** 00:00:00.000 Warsaw time on `date`. */
export function startOfLocalDay(date: LocalDate): Date {
  return warsawInstant(date, 0, 0, 0, 0);
}

/** 23:59:59.999 Warsaw time on `date`: the last instant of the day. */
export function endOfLocalDay(date: LocalDate): Date {
  return new Date(startOfLocalDay(addDays(date, 1)).getTime() - 1);
}

// ---------------------------------------------------------------- holidays (DL-02)

export interface Holiday {
  date: LocalDate;
  name: string;
}

/**
 * Easter Sunday in the Gregorian calendar (anonymous Gregorian algorithm, Meeus/Jones/Butcher),
 * valid for every year from 1583.
 */
export function easterSunday(year: number): LocalDate {
  if (!Number.isInteger(year) || year < 1583) throw new RangeError(`Gregorian Easter needs a year from 1583: ${year}`);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return format(year, month, day);
}

/** Since when a fixed holiday exists in the current law (ustawa o dniach wolnych od pracy). */
const FIXED_HOLIDAYS: readonly { md: string; name: string; from?: number }[] = [
  { md: '01-01', name: 'Nowy Rok' },
  { md: '01-06', name: 'Trzech Króli', from: 2011 },
  { md: '05-01', name: 'Święto Pracy' },
  { md: '05-03', name: 'Święto Konstytucji 3 Maja' },
  { md: '08-15', name: 'Wniebowzięcie Najświętszej Maryi Panny' },
  { md: '11-01', name: 'Wszystkich Świętych' },
  { md: '11-11', name: 'Narodowe Święto Niepodległości' },
  { md: '12-24', name: 'Wigilia Bożego Narodzenia', from: 2025 },
  { md: '12-25', name: 'Boże Narodzenie (pierwszy dzień)' },
  { md: '12-26', name: 'Boże Narodzenie (drugi dzień)' },
];

const holidayCache = new Map<number, readonly Holiday[]>();

/**
 * DL-02: the Polish statutory holidays of a year, in date order: the fixed days, Easter Sunday,
 * Easter Monday, Pentecost Sunday (Easter + 49) and Corpus Christi (Easter + 60). 24 December
 * is a holiday from 2025; 6 January from 2011 (the dates the current law added them). The list
 * models the current law; it is not a historical calendar of earlier regimes.
 */
export function polishHolidays(year: number): readonly Holiday[] {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  const list: Holiday[] = FIXED_HOLIDAYS.filter((h) => h.from === undefined || year >= h.from).map((h) => ({
    date: `${pad(year, 4)}-${h.md}`,
    name: h.name,
  }));
  list.push(
    { date: easter, name: 'Wielkanoc' },
    { date: addDays(easter, 1), name: 'Poniedziałek Wielkanocny' },
    { date: addDays(easter, 49), name: 'Zielone Świątki (Zesłanie Ducha Świętego)' },
    { date: addDays(easter, 60), name: 'Boże Ciało' },
  );
  list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const frozen = Object.freeze(list.map((h) => Object.freeze(h)));
  holidayCache.set(year, frozen);
  return frozen;
}

export function holidayOn(date: LocalDate): Holiday | undefined {
  const year = parse(date).y;
  return polishHolidays(year).find((h) => h.date === date);
}

export function isHoliday(date: LocalDate): boolean {
  return holidayOn(date) !== undefined;
}

/** DL-01/DL-02: not a Saturday, not a Sunday, not a statutory holiday. An instant is read in Warsaw. */
export function isWorkingDay(day: LocalDate | Date): boolean {
  const date = typeof day === 'string' ? day : localDateOf(day);
  return !isWeekend(date) && !isHoliday(date);
}

/** The first working day on or after `date`. */
export function nextWorkingDay(date: LocalDate): LocalDate {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}

// ---------------------------------------------------------------- periods (DL-01, DL-03)

export interface Period {
  /** The day of the event (not counted). */
  eventDay: LocalDate;
  /** The first day counted: the day after the event. */
  firstDay: LocalDate;
  /** The N-th day. */
  nominalLastDay: LocalDate;
  /** The day the period actually ends: the nominal last day or the next working day after it. */
  lastDay: LocalDate;
  /** True when the nominal last day was a Saturday, Sunday or holiday. */
  moved: boolean;
  /** 23:59:59.999 Warsaw time on the last day. */
  endsAt: Date;
}

/** DL-01: the period of `days` days started by an event at `trigger`. */
export function period(trigger: Date | Instant, days: number): Period {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`a period needs a whole number of days ≥ 1: ${days}`);
  const eventDay = localDateOf(trigger);
  const nominalLastDay = addDays(eventDay, days);
  const lastDay = nextWorkingDay(nominalLastDay);
  return {
    eventDay,
    firstDay: addDays(eventDay, 1),
    nominalLastDay,
    lastDay,
    moved: lastDay !== nominalLastDay,
    endsAt: endOfLocalDay(lastDay),
  };
}

/** DL-01: the instant a period of `days` days started at `trigger` ends (end of its last day, Warsaw). */
export function periodEnd(trigger: Date | Instant, days: number): Date {
  return period(trigger, days).endsAt;
}

/** DL-03: in time when it entered the system (UPO time) no later than the end of the period. */
export function isInTime(submittedAt: Date | Instant, deadline: Date | Instant): boolean {
  const s = typeof submittedAt === 'string' ? Date.parse(submittedAt) : submittedAt.getTime();
  const d = typeof deadline === 'string' ? Date.parse(deadline) : deadline.getTime();
  return s <= d;
}

/** `2025-12-29 23:59:59.999 Europe/Warsaw`: how a deadline is shown. */
export function describeDeadline(at: Date | Instant): string {
  return `${localDateOf(at)} 23:59:59.999 ${ZONE}`;
}

export const toInstant = (d: Date): Instant => d.toISOString();
export const fromInstant = (s: Instant): Date => new Date(Date.parse(s));
