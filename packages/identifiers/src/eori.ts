import { refuse, type Result } from './result';
import { validateNip } from './nip';

export type EoriKind =
  /** `PL` + NIP + `00000`: a Polish business (REG-02). */
  | 'pl-nip'
  /** `PL` + 14 digits + `Z`: a third-country business registered in Poland (REG-02). */
  | 'pl-third-country'
  /** Any other country's EORI, checked for the general format only. */
  | 'foreign';

export interface EoriInfo {
  country: string;
  kind: EoriKind;
  /** The NIP inside a `pl-nip` EORI. */
  nip?: string;
}

const GENERAL = /^[A-Z]{2}[A-Z0-9]{1,15}$/;

/** REG-02 the Polish EORI of a business with this (valid) NIP. */
export const polishEori = (nip: string): string => `PL${nip}00000`;

/** REG-02 the EORI for the n-th third-country business registered in Poland (n ≥ 1). */
export function thirdCountryEori(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1 || n > 99_999_999_999_999) throw new RangeError(`sequence ${n} out of range`);
  return `PL${String(n).padStart(14, '0')}Z`;
}

/**
 * REG-02 EORI: a two-letter country code and up to 15 upper-case alphanumerics, no spaces.
 * A Polish (`PL`) EORI must be either PL + valid NIP + 00000 or PL + 14 digits + Z.
 */
export function validateEori(input: unknown): Result<EoriInfo> {
  if (typeof input !== 'string') return refuse('REG-02', 'EORI must be a string');
  if (input.length === 0) return refuse('REG-02', 'EORI is empty');
  const space = /\s/.exec(input);
  if (space) return refuse('REG-02', `EORI must not contain spaces (position ${space.index + 1})`);
  if (/[a-z]/.test(input)) return refuse('REG-02', 'EORI must be upper case');
  if (!/^[A-Z]{2}/.test(input)) return refuse('REG-02', 'EORI must start with a two-letter country code');
  if (input.length < 3) return refuse('REG-02', 'EORI has no number after the country code');
  if (input.length > 17)
    return refuse('REG-02', `EORI has at most 17 characters (country code + 15), not ${input.length}`);
  if (!GENERAL.test(input)) {
    const bad = /[^A-Z0-9]/.exec(input.slice(2));
    return refuse(
      'REG-02',
      `EORI may contain only letters and digits after the country code; found ${JSON.stringify(bad?.[0])}`,
    );
  }
  const country = input.slice(0, 2);
  if (country !== 'PL') return { ok: true, value: input, country, kind: 'foreign' };

  const rest = input.slice(2);
  if (/^[0-9]{14}Z$/.test(rest)) return { ok: true, value: input, country, kind: 'pl-third-country' };
  if (/^[0-9]{15}$/.test(rest)) {
    if (!rest.endsWith('00000'))
      return refuse('REG-02', `Polish EORI PL + NIP must end with 00000, not ${rest.slice(10)}`);
    const nip = validateNip(rest.slice(0, 10));
    if (!nip.ok) return refuse('REG-02', `the NIP inside the EORI is invalid: ${nip.reason} (REG-03)`);
    return { ok: true, value: input, country, kind: 'pl-nip', nip: nip.value };
  }
  return refuse(
    'REG-02',
    `a Polish EORI is PL + NIP (10 digits) + 00000, or PL + 14 digits + Z (17 characters); got ${input.length} characters`,
  );
}

export const isValidEori = (input: unknown): boolean => validateEori(input).ok;
