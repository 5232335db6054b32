/**
 * Dates as people read them in an e-mail, in Europe/Warsaw (DL-03: deadlines are Warsaw days).
 * The zone arithmetic is @puesc/calendar's; only the wording is here. Pure.
 */
import { warsawInstant, ZONE, type LocalDate } from '@puesc/calendar';
import type { Locale } from './templates';

const day = { timeZone: ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' } as const;
const dateFormats = { pl: new Intl.DateTimeFormat('pl-PL', day), en: new Intl.DateTimeFormat('en-GB', day) };

const dateTime = { timeZone: ZONE, dateStyle: 'long', timeStyle: 'short' } as const;
const dateTimeFormats = {
  pl: new Intl.DateTimeFormat('pl-PL', dateTime),
  en: new Intl.DateTimeFormat('en-GB', dateTime),
};

/** "piątek, 12 grudnia 2025" / "Friday 12 December 2025" (Warsaw day). */
export function formatDay(t: Date | LocalDate, locale: Locale): string {
  // A bare local day is read at noon Warsaw time, safely inside the day.
  const at = typeof t === 'string' ? warsawInstant(t, 12) : t;
  return dateFormats[locale].format(at);
}

/** "12 grudnia 2025 08:00" / "12 December 2025 at 08:00" (Warsaw time). */
export function formatDateTime(t: Date, locale: Locale): string {
  return `${dateTimeFormats[locale].format(t)} (${locale === 'pl' ? 'czasu polskiego' : 'Polish time'})`;
}
