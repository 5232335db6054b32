/** Polish calendar dates are Europe/Warsaw days (DL-03); a date alone means the start of that day there. */
const ZONE = 'Europe/Warsaw';

const partsFmt = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Offset of Warsaw from UTC at the instant `t`, in ms. */
function offsetAt(t: number): number {
  const p = Object.fromEntries(partsFmt.formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(
    Number(p['year']),
    Number(p['month']) - 1,
    Number(p['day']),
    Number(p['hour']),
    Number(p['minute']),
    Number(p['second']),
  );
  return asUtc - Math.floor(t / 1000) * 1000;
}

/** The instant a Warsaw calendar day `YYYY-MM-DD` begins. */
export function warsawDayStart(date: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  // Two passes settle the DST edge (the offset at the guess may differ from the one at the answer).
  let t = guess - offsetAt(guess);
  t = guess - offsetAt(t);
  return new Date(t);
}

/** The Warsaw calendar date of an instant. */
export function warsawDate(t: Date): string {
  const p = Object.fromEntries(partsFmt.formatToParts(t).map((x) => [x.type, x.value]));
  return `${p['year']}-${p['month']}-${p['day']}`;
}

/** A date (Warsaw day start) or an ISO date-time, as an ISO instant; null when neither. */
export function toInstant(s: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    const d = warsawDayStart(s);
    return Number.isNaN(d.getTime()) || warsawDate(d) !== s ? null : d.toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s)) return null;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
