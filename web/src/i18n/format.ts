import { lang } from './index';

/** Every date and time is shown in Europe/Warsaw, whatever the browser's own zone. */
export const ZONE = 'Europe/Warsaw';

const locale = () => (lang.get() === 'pl' ? 'pl-PL' : 'en-GB');

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { timeZone: ZONE, dateStyle: 'long', timeStyle: 'short' }).format(d);
}

/** A calendar day (`YYYY-MM-DD`, already a Warsaw day) or an instant shown as its Warsaw day. */
export function day(value: string | null | undefined): string {
  if (!value) return '—';
  const plain = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const d = new Date(plain ? `${value}T12:00:00Z` : value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(locale(), { timeZone: plain ? 'UTC' : ZONE, dateStyle: 'long' }).format(d);
}

/** The Warsaw calendar day of an instant, as `YYYY-MM-DD` (what date inputs and the API use). */
export function warsawDay(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(at)
    .reduce<Record<string, string>>((o, p) => ((o[p.type] = p.value), o), {});
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
}

export function bytes(n: number): string {
  const f = (v: number, unit: string) =>
    `${new Intl.NumberFormat(locale(), { maximumFractionDigits: v < 10 ? 1 : 0 }).format(v)} ${unit}`;
  if (n < 1024) return f(n, 'B');
  if (n < 1024 * 1024) return f(n / 1024, 'KB');
  return f(n / (1024 * 1024), 'MB');
}

export const number = (n: number): string => new Intl.NumberFormat(locale()).format(n);
