/**
 * EORI and NIP as people type them (REG-02, REG-03, REG-06): `docs/registry.md` promises that
 * separators are allowed, so an EORI typed in lower case or with spaces, dashes or dots is the same
 * number. Both are normalised here before any lookup and before anything is stored; what is left
 * is then checked strictly by @puesc/identifiers (its refusals name REG-02 or REG-03).
 */
import { validateEori, validateNip, type EoriInfo, type Result } from '@puesc/identifiers';

/** Separators people put in a number: white space, dashes (also the typographic ones), dots. */
const SEPARATORS = /[\s\-\u2010-\u2015.]/g;

/** The EORI without separators, in upper case; anything else is left for the check to refuse. */
export const eoriAsStored = (input: string): string => input.replace(SEPARATORS, '').toUpperCase();

/** REG-02: an EORI as typed (any case, separators), checked after normalising. */
export function checkTypedEori(input: unknown): Result<EoriInfo> {
  return validateEori(typeof input === 'string' ? eoriAsStored(input) : input);
}

/** REG-03: a NIP as typed (spaces, dashes, dots), checked after normalising to its 10 digits. */
export function checkTypedNip(input: unknown): Result {
  return validateNip(typeof input === 'string' ? input.replace(SEPARATORS, '') : input);
}
