/**
 * The Europe/Warsaw calendar identity needs, in one file (a shared calendar package will take
 * its place): `warsawDate` (the day of an instant), `isCalendarDate`, `anniversary` and
 * `hasReachedAge` (ID-02). Dates of birth, end dates of representations and similar are
 * calendar dates (`YYYY-MM-DD`); instants are `Date`.
 */

const warsawFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Warsaw',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date (`YYYY-MM-DD`) of an instant in Europe/Warsaw. */
export function warsawDate(at: Date): string {
  return warsawFormat.format(at);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is `YYYY-MM-DD` and names a day that exists. */
export function isCalendarDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The day on which someone born on `birthDate` reaches `years` of age. Polish civil code
 * art. 112: age is reached at the beginning of the anniversary day; when that day does not
 * exist in the target month (29 February), the last day of that month counts.
 */
export function anniversary(birthDate: string, years: number): string {
  const m = DATE_RE.exec(birthDate);
  if (!m) throw new RangeError(`not a date: ${birthDate}`);
  const y = Number(m[1]) + years;
  const mo = Number(m[2]);
  const d = Math.min(Number(m[3]), daysInMonth(y, mo));
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Whether someone born on `birthDate` is at least `age` years old at `now` (Warsaw calendar). */
export function hasReachedAge(birthDate: string, age: number, now: Date): boolean {
  return anniversary(birthDate, age) <= warsawDate(now);
}
