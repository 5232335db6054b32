import type { Company } from './types';

/** Is the EORI valid at `now`? Approved (or since removed) and within [validFrom, validTo). */
export function isValidAt(c: Pick<Company, 'status' | 'validFrom' | 'validTo'>, now: Date): boolean {
  if (c.status !== 'approved' && c.status !== 'removed') return false;
  const t = now.getTime();
  if (!c.validFrom || Date.parse(c.validFrom) > t) return false;
  return !c.validTo || t < Date.parse(c.validTo);
}

/** The answer to the permit services (`registry.checkEligibility`). */
export type PermitEligibility = { eligible: true; eori: string } | { eligible: false; rule: 'REG-01'; reason: string };

/** REG-01: a company may apply for a permit only once registered with an EORI that is valid now. */
export function permitEligibility(c: Company | null, now: Date): PermitEligibility {
  if (!c) return { eligible: false, rule: 'REG-01', reason: 'the company is not registered' };
  if (c.status === 'submitted')
    return { eligible: false, rule: 'REG-01', reason: 'the company registration awaits approval; it has no EORI yet' };
  if (c.status === 'rejected')
    return { eligible: false, rule: 'REG-01', reason: 'the company registration was rejected' };
  if (!c.eori || !isValidAt(c, now))
    return { eligible: false, rule: 'REG-01', reason: `the company's EORI is not valid on ${now.toISOString()}` };
  return { eligible: true, eori: c.eori };
}
