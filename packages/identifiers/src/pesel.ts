import { digitsOf, notDigits, refuse, weightedSum, type Result } from './result';

/** REG-05 weights on PESEL digits 1-10. */
export const PESEL_WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3] as const;

/** REG-05 month offsets: the century of birth is encoded in the month. */
export const PESEL_CENTURY_OFFSETS: readonly { offset: number; century: number }[] = [
  { offset: 80, century: 1800 },
  { offset: 0, century: 1900 },
  { offset: 20, century: 2000 },
  { offset: 40, century: 2100 },
  { offset: 60, century: 2200 },
];

export const peselCheckDigit = (first10: string): number =>
  (10 - (weightedSum(digitsOf(first10), PESEL_WEIGHTS) % 10)) % 10;

export interface PeselInfo {
  /** Date of birth, ISO `YYYY-MM-DD`. */
  birthDate: string;
  /** The 10th digit: even for women, odd for men. */
  sex: 'F' | 'M';
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Encodes a birth date as the first six PESEL digits (YYMMDD with the century offset). */
export function peselDatePart(year: number, month: number, day: number): string {
  const c = PESEL_CENTURY_OFFSETS.find((o) => year >= o.century && year < o.century + 100);
  if (!c) throw new RangeError(`PESEL cannot encode year ${year}`);
  return pad(year % 100, 2) + pad(month + c.offset, 2) + pad(day, 2);
}

/**
 * REG-05 PESEL: YYMMDD (month + century offset) + serial(3) + sex digit + check digit.
 * The encoded date must exist (30 February is refused).
 */
export function validatePesel(input: unknown): Result<PeselInfo> {
  const raw = typeof input === 'string' ? input.trim() : input;
  const wrong = notDigits(raw, 'PESEL', [11]);
  if (wrong) return refuse('REG-05', wrong);
  const pesel = raw as string;
  const expected = peselCheckDigit(pesel.slice(0, 10));
  const actual = Number(pesel[10]);
  if (actual !== expected) return refuse('REG-05', `PESEL check digit ${actual} should be ${expected}`);

  const yy = Number(pesel.slice(0, 2));
  const mm = Number(pesel.slice(2, 4));
  const dd = Number(pesel.slice(4, 6));
  const c = PESEL_CENTURY_OFFSETS.find((o) => mm > o.offset && mm <= o.offset + 12);
  if (!c)
    return refuse('REG-05', `PESEL month field ${pad(mm, 2)} is not a month with a century offset (0, 20, 40, 60, 80)`);
  const year = c.century + yy;
  const month = mm - c.offset;
  const birthDate = `${pad(year, 4)}-${pad(month, 2)}-${pad(dd, 2)}`;
  if (dd < 1 || dd > daysInMonth(year, month)) return refuse('REG-05', `PESEL birth date ${birthDate} does not exist`);
  return { ok: true, value: pesel, birthDate, sex: Number(pesel[9]) % 2 === 0 ? 'F' : 'M' };
}

export const isValidPesel = (input: unknown): boolean => validatePesel(input).ok;
