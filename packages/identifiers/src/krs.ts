import { refuse, type Result } from './result';

/**
 * REG-05 KRS (National Court Register number): 10 digits, zero-padded. Up to 10 digits
 * are accepted and padded (`12345` → `0000012345`); there is no check digit, and all zeros is
 * not a number.
 */
export function validateKrs(input: unknown): Result {
  if (typeof input !== 'string') return refuse('REG-05', 'KRS must be a string of digits');
  const raw = input.trim();
  if (raw.length === 0) return refuse('REG-05', 'KRS is empty');
  const bad = /[^0-9]/.exec(raw);
  if (bad)
    return refuse(
      'REG-05',
      `KRS must contain digits only; found ${JSON.stringify(bad[0])} at position ${bad.index + 1}`,
    );
  if (raw.length > 10) return refuse('REG-05', `KRS has at most 10 digits, not ${raw.length}`);
  if (/^0+$/.test(raw)) return refuse('REG-05', 'KRS 0 is not a register number');
  return { ok: true, value: raw.padStart(10, '0') };
}

export const isValidKrs = (input: unknown): boolean => validateKrs(input).ok;
