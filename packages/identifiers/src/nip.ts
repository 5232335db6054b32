import { digitsOf, notDigits, refuse, weightedSum, type Result } from './result';

/** REG-03 weights on NIP digits 1-9. */
export const NIP_WEIGHTS = [6, 5, 7, 2, 3, 4, 5, 6, 7] as const;

/**
 * The check digit for the first nine NIP digits, or null when the weighted sum mod 11 is 10
 * (no NIP can start with those nine digits).
 */
export function nipCheckDigit(first9: string): number | null {
  const r = weightedSum(digitsOf(first9), NIP_WEIGHTS) % 11;
  return r === 10 ? null : r;
}

/**
 * REG-03 NIP (tax identification number): 10 digits, the last a mod-11 check digit.
 * Separators commonly typed (`123-456-32-18`, spaces) are removed before checking; the
 * accepted value is the bare 10 digits.
 */
export function validateNip(input: unknown): Result {
  const raw = typeof input === 'string' ? input.trim().replace(/[\s-]/g, '') : input;
  const wrong = notDigits(raw, 'NIP', [10]);
  if (wrong) return refuse('REG-03', wrong);
  const nip = raw as string;
  const expected = nipCheckDigit(nip.slice(0, 9));
  if (expected === null)
    return refuse(
      'REG-03',
      'NIP is invalid: the weighted sum of its first 9 digits mod 11 is 10, so no check digit fits',
    );
  const actual = Number(nip[9]);
  if (actual !== expected) return refuse('REG-03', `NIP check digit ${actual} should be ${expected}`);
  return { ok: true, value: nip };
}

export const isValidNip = (input: unknown): boolean => validateNip(input).ok;
