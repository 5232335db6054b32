/**
 * Europe/Warsaw calendar arithmetic for delivery dates (DOC-07) and for what UPOs print (DL-03:
 * whether a submission was in time is judged by its UPO time in Warsaw time).
 */
const ZONE = 'Europe/Warsaw';
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

interface Wall {
  y: number;
  m: number;
  d: number;
  hh: number;
  mm: number;
  ss: number;
}

function wall(t: number): Wall {
  const p: Record<string, number> = {};
  for (const x of parts.formatToParts(new Date(t))) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return { y: p['year']!, m: p['month']!, d: p['day']!, hh: p['hour']!, mm: p['minute']!, ss: p['second']! };
}

/** Offset of Warsaw from UTC at instant `t`, ms. */
function offsetAt(t: number): number {
  const w = wall(t);
  const asUtc = Date.UTC(w.y, w.m - 1, w.d, w.hh, w.mm, w.ss);
  return asUtc - Math.floor(t / 1000) * 1000;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** The calendar day (YYYY-MM-DD) in Warsaw at an instant. */
export function localDateOf(at: Date): string {
  const w = wall(at.getTime());
  return `${pad(w.y, 4)}-${pad(w.m)}-${pad(w.d)}`;
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** The instant of Warsaw midnight starting `date` (offset guessed, then corrected once for DST). */
export function startOfLocalDay(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let t = guess - offsetAt(guess);
  t = guess - offsetAt(t);
  return new Date(t);
}

/** 23:59:59.999 Warsaw time on `date`. */
export function endOfLocalDay(date: string): Date {
  return new Date(startOfLocalDay(addDays(date, 1)).getTime() - 1);
}

/** `2025-12-10 14:03:22` in Warsaw time (for people: UPO PDF, messages). */
export function formatWarsaw(at: Date): string {
  const w = wall(at.getTime());
  return `${pad(w.y, 4)}-${pad(w.m)}-${pad(w.d)} ${pad(w.hh)}:${pad(w.mm)}:${pad(w.ss)}`;
}
