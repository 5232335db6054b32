/**
 * Instants read in Europe/Warsaw: the civil day and wall time of an instant, and the instant of a
 * wall time on a day. Polish periods and deadlines are Warsaw days (DL-01, DL-03).
 *
 * One offset algorithm, Intl only (full ICU in Node, no tz library): the zone's offset at an
 * instant is its wall time (from `formatToParts`) read as UTC minus the instant; the instant of a
 * wall time is that wall time read as UTC minus the offset, taken once at a first guess and again
 * at the corrected instant, so a guess on the other side of a DST change is fixed by the second
 * pass.
 */
import { formatLocalDate, parseLocalDate, utcMs, addDays, type LocalDate } from './localDate';

/** An ISO-8601 UTC timestamp as produced by `Date.prototype.toISOString`. */
export type Instant = string;

export const ZONE = 'Europe/Warsaw';

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

/** A Warsaw wall-clock time, to the second. */
export interface WallTime {
  y: number;
  m: number;
  d: number;
  hh: number;
  mm: number;
  ss: number;
}

function msOf(at: Date | Instant | number): number {
  const t = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(t)) throw new RangeError(`not an instant: ${String(at)}`);
  return t;
}

/** The Warsaw wall time of an instant. */
export function wallTimeOf(at: Date | Instant | number): WallTime {
  const out: Record<string, number> = {};
  for (const p of partsFormat.formatToParts(new Date(msOf(at)))) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return {
    y: out['year'] ?? NaN,
    m: out['month'] ?? NaN,
    d: out['day'] ?? NaN,
    hh: out['hour'] ?? NaN,
    mm: out['minute'] ?? NaN,
    ss: out['second'] ?? NaN,
  };
}

/** The zone's offset from UTC (ms) at an instant: +3,600,000 in winter, +7,200,000 in summer. */
export function warsawOffsetMs(at: Date | Instant | number): number {
  const whole = Math.floor(msOf(at) / 1000) * 1000;
  const w = wallTimeOf(whole);
  return utcMs(w.y, w.m, w.d, w.hh, w.mm, w.ss) - whole;
}

/** The Warsaw calendar day of an instant. */
export function localDateOf(at: Date | Instant): LocalDate {
  const w = wallTimeOf(at);
  return formatLocalDate(w.y, w.m, w.d);
}

/**
 * The instant of a Warsaw wall time on a day. Every time used for deadlines (00:00, 23:59:59.999,
 * whole hours outside 02:00–03:00) exists exactly once on every day: the changes are at 02:00 in
 * March (skipped hour) and 03:00 in October (repeated hour).
 */
export function warsawInstant(date: LocalDate, hh = 0, mm = 0, ss = 0, ms = 0): Date {
  const { y, m, d } = parseLocalDate(date);
  const asUtc = utcMs(y, m, d, hh, mm, ss, ms);
  const guess = asUtc - warsawOffsetMs(asUtc);
  return new Date(asUtc - warsawOffsetMs(guess));
}

/** 00:00:00.000 Warsaw time on `date`. */
export function startOfLocalDay(date: LocalDate): Date {
  return warsawInstant(date);
}

/** 23:59:59.999 Warsaw time on `date`: the last instant of the day (DL-01). */
export function endOfLocalDay(date: LocalDate): Date {
  return new Date(startOfLocalDay(addDays(date, 1)).getTime() - 1);
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2025-12-10 14:03:22`: the Warsaw wall time of an instant, as a UPO prints it (DL-03). */
export function formatWarsaw(at: Date | Instant): string {
  const w = wallTimeOf(at);
  return `${formatLocalDate(w.y, w.m, w.d)} ${pad(w.hh)}:${pad(w.mm)}:${pad(w.ss)}`;
}

const DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * An instant from what a person or a client typed: a calendar day means the start of that day
 * in Warsaw; an ISO date-time with `Z` or an offset is that instant; one without a zone is a
 * Warsaw wall time. Null when it is neither (or names a day that does not exist).
 */
export function parseInstant(s: string): Date | null {
  try {
    if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return startOfLocalDay(s);
    const m = DATE_TIME_RE.exec(s);
    if (!m) return null;
    const [, day, hh, mi, ss, frac, zone] = m;
    parseLocalDate(day!);
    const [h, min, sec] = [Number(hh), Number(mi), Number(ss ?? 0)];
    if (h > 23 || min > 59 || sec > 59) return null;
    const ms = Number((frac ?? '0').padEnd(3, '0').slice(0, 3));
    if (!zone) return warsawInstant(day!, h, min, sec, ms);
    const t = Date.parse(`${day}T${hh}:${mi}:${pad(sec)}.${String(ms).padStart(3, '0')}${zone}`);
    return Number.isFinite(t) ? new Date(t) : null;
  } catch {
    return null;
  }
}
