/**
 * Europe/Warsaw calendar helpers (DL-03: deadlines are days in Warsaw time) and the dates as people
 * read them in an e-mail. Pure: every function takes the instant it works on.
 */
export const ZONE = 'Europe/Warsaw';

/** A calendar day, `YYYY-MM-DD`. */
export type LocalDate = string;

const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface Parts {
  y: number;
  m: number;
  d: number;
  h: number;
  min: number;
  s: number;
}

function partsOf(t: Date): Parts {
  const p: Record<string, number> = {};
  for (const x of partsFormat.formatToParts(t)) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return { y: p['year']!, m: p['month']!, d: p['day']!, h: p['hour']!, min: p['minute']!, s: p['second']! };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The Warsaw calendar day of an instant. */
export function localDateOf(t: Date): LocalDate {
  const p = partsOf(t);
  return `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}`;
}

/** `days` calendar days after (or before, when negative) a local day. */
export function addDays(day: LocalDate, days: number): LocalDate {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** The instant at `hour`:00 Warsaw time on `day` (DST-aware). */
export function atLocalHour(day: LocalDate, hour: number): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour);
  let guess = wall;
  // Two rounds settle the zone offset even when the guess crosses a DST change.
  for (let i = 0; i < 2; i++) {
    const p = partsOf(new Date(guess));
    const offset = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s) - guess;
    guess = wall - offset;
  }
  return new Date(guess);
}

const dateFormats = {
  pl: new Intl.DateTimeFormat('pl-PL', {
    timeZone: ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }),
};
const dateTimeFormats = {
  pl: new Intl.DateTimeFormat('pl-PL', { timeZone: ZONE, dateStyle: 'long', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, dateStyle: 'long', timeStyle: 'short' }),
};

/** "piątek, 12 grudnia 2025" / "Friday 12 December 2025" (Warsaw day). */
export function formatDay(t: Date | LocalDate, locale: 'pl' | 'en'): string {
  // A bare local day is read at noon Warsaw time, safely inside the day.
  const at = typeof t === 'string' ? atLocalHour(t, 12) : t;
  return dateFormats[locale].format(at);
}

/** "12 grudnia 2025 08:00" / "12 December 2025 at 08:00" (Warsaw time). */
export function formatDateTime(t: Date, locale: 'pl' | 'en'): string {
  return `${dateTimeFormats[locale].format(t)} (${locale === 'pl' ? 'czasu polskiego' : 'Polish time'})`;
}
