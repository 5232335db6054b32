import { digitsOf, notDigits, refuse, weightedSum, type Result } from './result';

/** REG-04 weights for the 9-digit REGON (first 8 digits). */
export const REGON9_WEIGHTS = [8, 9, 2, 3, 4, 5, 6, 7] as const;
/** REG-04 weights for the 14-digit REGON (first 13 digits). */
export const REGON14_WEIGHTS = [2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8] as const;

const mod11to0 = (sum: number): number => {
  const r = sum % 11;
  return r === 10 ? 0 : r;
};

/** Check digit of a 9-digit REGON from its first 8 digits. */
export const regon9CheckDigit = (first8: string): number => mod11to0(weightedSum(digitsOf(first8), REGON9_WEIGHTS));
/** Check digit of a 14-digit REGON from its first 13 digits. */
export const regon14CheckDigit = (first13: string): number => mod11to0(weightedSum(digitsOf(first13), REGON14_WEIGHTS));

export interface RegonInfo {
  /** 9: a business; 14: a local unit of the business whose REGON is `parent`. */
  length: 9 | 14;
  /** For a 14-digit REGON, its first 9 digits (the parent unit's REGON). */
  parent?: string;
}

/** REG-04 REGON (statistical number): 9 digits, or 14 digits for a local unit. */
export function validateRegon(input: unknown): Result<RegonInfo> {
  const raw = typeof input === 'string' ? input.trim().replace(/[\s-]/g, '') : input;
  const wrong = notDigits(raw, 'REGON', [9, 14]);
  if (wrong) return refuse('REG-04', wrong);
  const regon = raw as string;
  const head = regon.slice(0, 9);
  const expected9 = regon9CheckDigit(head.slice(0, 8));
  if (Number(head[8]) !== expected9) {
    return regon.length === 9
      ? refuse('REG-04', `REGON check digit ${head[8]} should be ${expected9}`)
      : refuse(
          'REG-04',
          `the first 9 digits ${head} are not a valid REGON: check digit ${head[8]} should be ${expected9}`,
        );
  }
  if (regon.length === 9) return { ok: true, value: regon, length: 9 };
  const expected14 = regon14CheckDigit(regon.slice(0, 13));
  if (Number(regon[13]) !== expected14)
    return refuse('REG-04', `14-digit REGON check digit ${regon[13]} should be ${expected14}`);
  return { ok: true, value: regon, length: 14, parent: head };
}

export const isValidRegon = (input: unknown): boolean => validateRegon(input).ok;
