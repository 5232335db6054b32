/**
 * DL-02: the Polish statutory holidays (ustawa z 18 stycznia 1951 r. o dniach wolnych od pracy,
 * art. 1) and the working days that follow from them (DL-01: not a Saturday, not a Sunday, not a
 * holiday).
 */
import { addDays, formatLocalDate, isWeekend, parseLocalDate, type LocalDate } from './localDate';
import { localDateOf } from './warsaw';

export interface Holiday {
  date: LocalDate;
  name: string;
}

/**
 * Easter Sunday in the Gregorian calendar (the anonymous Gregorian computus of Meeus, Jones and
 * Butcher), valid for every year from 1583.
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
  return formatLocalDate(year, month, day);
}

/** The fixed days, with the year the current law added them (6 January: 2011; 24 December: 2025). */
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

const byYear = new Map<number, readonly Holiday[]>();

/**
 * DL-02: the holidays of a year in date order: the fixed days, Easter Sunday and Monday,
 * Pentecost Sunday (Easter + 49) and Corpus Christi (Easter + 60). The list models the current
 * law (with the years its additions took effect); it is not a history of earlier regimes.
 */
export function polishHolidays(year: number): readonly Holiday[] {
  const cached = byYear.get(year);
  if (cached) return cached;
  const easter = easterSunday(year);
  const list: Holiday[] = FIXED_HOLIDAYS.filter((h) => h.from === undefined || year >= h.from).map((h) => ({
    date: `${String(year).padStart(4, '0')}-${h.md}`,
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
  byYear.set(year, frozen);
  return frozen;
}

/** The holiday on a day, if it is one (DL-02). */
export function holidayOn(date: LocalDate): Holiday | undefined {
  return polishHolidays(parseLocalDate(date).y).find((h) => h.date === date);
}

export function isHoliday(date: LocalDate): boolean {
  return holidayOn(date) !== undefined;
}

/** DL-01/DL-02: not a Saturday, not a Sunday, not a statutory holiday. An instant is read in Warsaw. */
export function isWorkingDay(day: LocalDate | Date): boolean {
  const date = typeof day === 'string' ? day : localDateOf(day);
  return !isWeekend(date) && !isHoliday(date);
}

/** DL-01: the first working day on or after `date`. */
export function nextWorkingDay(date: LocalDate): LocalDate {
  let d = date;
  while (!isWorkingDay(d)) d = addDays(d, 1);
  return d;
}
