import { ok, refuse, type Result } from '@puesc/kernel';
import { polishEori } from '@puesc/identifiers';
import { isEuCountry } from './validate';
import type { CompanyData, EoriKind } from './types';

/** How the EORI of this company is obtained on approval. */
export type EoriPlan =
  { kind: 'pl-nip'; eori: string } | { kind: 'foreign'; eori: string } | { kind: 'pl-third-country' };

/**
 * REG-02: a Polish company gets PL + NIP + 00000; a company that already holds an EORI of
 * another member state keeps it; a third-country company without one gets PL + 14 digits + Z
 * from the registry's sequence.
 */
export function eoriPlan(data: CompanyData): Result<EoriPlan> {
  if (data.country === 'PL') {
    if (!data.nip) return refuse('REG-02', 'rule', 'a Polish company without NIP cannot get an EORI');
    return ok({ kind: 'pl-nip', eori: polishEori(data.nip) });
  }
  if (data.existingEori) return ok({ kind: 'foreign', eori: data.existingEori });
  if (isEuCountry(data.country))
    return refuse('REG-02', 'rule', `a business established in ${data.country} gets its EORI from ${data.country}`);
  return ok({ kind: 'pl-third-country' });
}

/** The kind of an EORI already held (REG-02 formats), as legacy records bring them. */
export const eoriKindOf = (eori: string): EoriKind =>
  /^PL\d{10}00000$/.test(eori) ? 'pl-nip' : /^PL\d{14}Z$/.test(eori) ? 'pl-third-country' : 'foreign';
