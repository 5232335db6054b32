/**
 * Who gets a customs certificate, and on what terms (PKI-01, PKI-02, ID-02, ID-03).
 *
 *   caller ──registered person? (ID-03)──▶ identity's record: active, extended scope (ID-03),
 *   on this account (ID-02) ──subject from registered data (PKI-02)──▶ fewer valid certificates
 *   than the policy allows (PKI-01) ──validity: the policy's days, never beyond the issuing CA
 *   (PKI-02)──▶ issue
 */
import { ok, refuse, type Result } from '@puesc/kernel';
import { type KeyPolicy, defaultKeyPolicy } from './keyPolicy';

/** The platform's certificate policy for customs certificates (a UUID-based OID, X.667). */
export const CUSTOMS_CERTIFICATE_POLICY_OID = '2.25.329833987051787871324325426565293951658';

/** PKI-02 *policy*: customs certificates are valid for 2 years. */
export const DEFAULT_VALIDITY_DAYS = 730;

/** The issuing CA must outlive a new certificate by at least this much, or nothing is issued. */
const MIN_ISSUER_REMAINING_MS = 86_400_000;

export interface IssuancePolicy {
  /** *policy*: 2 years by default (PKI-02). */
  validityDays: number;
  keyPolicy: KeyPolicy;
  /** CRL distribution point put into every certificate. */
  crlUrl: string;
  /** Where the issuing CA certificate can be fetched (authorityInfoAccess caIssuers). */
  caIssuersUrl?: string;
  policyOid: string;
  cpsUrl?: string;
  /** notBefore is set this far in the past to tolerate client clock skew. */
  backdateSeconds: number;
}

export const defaultIssuancePolicy = (baseUrl: string): IssuancePolicy => ({
  validityDays: DEFAULT_VALIDITY_DAYS,
  keyPolicy: defaultKeyPolicy,
  crlUrl: `${baseUrl}/api/v1/pki/crl.der`,
  caIssuersUrl: `${baseUrl}/api/v1/pki/ca/issuing.cer`,
  policyOid: CUSTOMS_CERTIFICATE_POLICY_OID,
  backdateSeconds: 60,
});

const NEEDS_PERSON = {
  certificate: 'register the person (with extended scope) before requesting a certificate',
  'test-material': 'register the person first',
} as const;

/** ID-03: certificates are for registered persons; the caller's ID SISC, or the refusal. */
export function registeredPersonIdOf(
  caller: { personId?: string },
  purpose: keyof typeof NEEDS_PERSON = 'certificate',
): Result<string> {
  return caller.personId ? ok(caller.personId) : refuse('ID-03', 'rule', NEEDS_PERSON[purpose]);
}

/** What identity records about the person (identity.getPerson). */
export interface PersonStanding {
  status?: string;
  scope?: string;
  accountId?: string;
}

/** ID-03: an active person with extended scope; ID-02: registered on the caller's own account. */
export function holderEligibility(accountId: string, person: PersonStanding): Result<void> {
  if (person.status && person.status !== 'active') return refuse('ID-03', 'forbidden', 'the person is not active');
  if (person.scope && person.scope !== 'extended')
    return refuse('ID-03', 'forbidden', 'certificates require extended scope');
  if (person.accountId && person.accountId !== accountId)
    return refuse('ID-02', 'forbidden', 'the person is registered on another account');
  return ok(undefined);
}

/** A certificate the person already holds, as far as the limit is concerned. */
export interface HeldCertificate {
  notAfter: Date;
  revoked: boolean;
}

/** PKI-01 policy: at most `max` valid (unexpired, unrevoked) certificates per person at a time. */
export function certificateLimit(held: HeldCertificate[], now: Date, max: number): Result<void> {
  const valid = held.filter((c) => c.notAfter > now && !c.revoked).length;
  if (valid >= max) return refuse('PKI-01', 'rule', `at most ${max} valid certificates at a time: revoke one first`);
  return ok(undefined);
}

export interface Validity {
  notBefore: Date;
  notAfter: Date;
}

/**
 * PKI-02: valid for the policy's days from (whole seconds, backdated for client clock skew),
 * capped at the issuing CA's own expiry: a certificate never outlives its issuer. When the CA
 * has less than a day left nothing is issued (the operator must renew the CA: kind `state`).
 */
export function certificateValidity(now: Date, policy: IssuancePolicy, issuerNotAfter: Date): Result<Validity> {
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - policy.backdateSeconds * 1000);
  let notAfter = new Date(notBefore.getTime() + policy.validityDays * 86_400_000);
  if (notAfter > issuerNotAfter) notAfter = issuerNotAfter;
  if (notAfter.getTime() - now.getTime() < MIN_ISSUER_REMAINING_MS)
    return refuse('PKI-02', 'state', 'the issuing CA expires too soon to issue certificates');
  return ok({ notBefore, notAfter });
}
