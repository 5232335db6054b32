/**
 * Revocation policy (PKI-03): who may revoke with which reason, what identity facts revoke
 * automatically, what a revocation means at a point in time, and when the published CRL is
 * current.
 *
 *   valid ──revoke (holder: the reasons of a holder; officer: also privilegeWithdrawn)──▶ revoked
 *   valid ──identity.account.closed (cessationOfOperation) | identity.person.scope-withdrawn
 *           (privilegeWithdrawn)──▶ revoked
 *   valid ──notAfter passes──▶ expired          revoked is final: revoking again changes nothing
 */
import { ok, refuse, type Result } from '@puesc/kernel';
import { OFFICER_REASONS, REVOCATION_REASON_VALUES, type RevocationReason } from '../contracts';

export type { RevocationReason };

/** Every RFC 5280 reason the platform records or reads from a CRL. */
export const REVOCATION_REASONS: RevocationReason[] = [...REVOCATION_REASON_VALUES];

/** Withdrawing the privilege is the authority's act, never the holder's. */
const OFFICER_ONLY: readonly RevocationReason[] = ['privilegeWithdrawn'];

export const HOLDER_REASONS: readonly RevocationReason[] = OFFICER_REASONS.filter((r) => !OFFICER_ONLY.includes(r));

export interface RevokedEntry {
  serial: string;
  revokedAt: Date;
  reason: RevocationReason;
  /** When the key is known or suspected to have been compromised (RFC 5280 5.3.2). */
  invalidityDate?: Date;
}

/**
 * Status of a certificate at a given time (e.g. a signature's signing time). A revocation
 * takes effect from its date, so a signature made before it stays good; a key compromise makes
 * every signature of that key doubtful (a claimed signing time is the signer's own word), so it
 * counts as revoked at any time.
 */
export function statusAt(rev: RevokedEntry | null | undefined, at: Date): 'good' | 'revoked' {
  if (!rev) return 'good';
  if (rev.reason === 'keyCompromise' || rev.reason === 'cACompromise') return 'revoked';
  return at >= rev.revokedAt ? 'revoked' : 'good';
}

export type CertificateLifecycle = 'valid' | 'revoked' | 'expired';

/** A revocation wins over expiry: a revoked certificate is reported revoked for ever. */
export const lifecycleOf = (notAfter: Date, revoked: boolean, now: Date): CertificateLifecycle =>
  revoked ? 'revoked' : notAfter < now ? 'expired' : 'valid';

export type Revoker = { kind: 'holder' } | { kind: 'officer'; role: 'registration-officer' | 'admin' };

/**
 * Who the caller is for this certificate: its holder (same account or same person), an officer,
 * or nobody (then the certificate is not shown to exist).
 */
export function revokerOf(
  cert: { accountId: string; personId: string },
  caller: { id: string; personId?: string; roles: readonly string[] },
): Revoker | null {
  const holder = cert.accountId === caller.id || (caller.personId !== undefined && cert.personId === caller.personId);
  if (holder) return { kind: 'holder' };
  const role = caller.roles.find(
    (r): r is 'registration-officer' | 'admin' => r === 'registration-officer' || r === 'admin',
  );
  return role ? { kind: 'officer', role } : null;
}

/** PKI-03: a holder revokes with a holder's reason; an officer with any reason the API admits. */
export function revocationReason(revoker: Revoker, reason: RevocationReason | undefined): Result<RevocationReason> {
  const r = reason ?? 'unspecified';
  if (revoker.kind === 'holder' && !HOLDER_REASONS.includes(r))
    return refuse('PKI-03', 'forbidden', `the reason ${r} is for officers`);
  return ok(r);
}

/** The identity facts that revoke a person's certificates automatically (PKI-03), with their reason. */
export const IDENTITY_TRIGGERS: Record<string, 'cessationOfOperation' | 'privilegeWithdrawn'> = {
  'identity.account.closed': 'cessationOfOperation',
  'identity.person.scope-withdrawn': 'privilegeWithdrawn',
};

/** PKI-03: the reason an identity fact revokes with, or null when the fact revokes nothing. */
export const automaticRevocationReason = (subject: string): RevocationReason | null =>
  IDENTITY_TRIGGERS[subject] ?? null;

/** The certificates an automatic revocation applies to: those still in force (expired ones stay as they are). */
export const inForce = <C extends { notAfter: Date }>(certificates: C[], now: Date): C[] =>
  certificates.filter((c) => !(c.notAfter < now));

/** The published CRL, as far as its currency is concerned. */
export interface PublishedCrl {
  thisUpdate: Date;
  nextUpdate: Date;
  revokedCount: number;
  issuerFingerprint: string;
}

/**
 * PKI-03: the CRL is current while it lists every revocation, is signed by the current issuing
 * CA, is younger than the refresh period and before its own nextUpdate.
 */
export function crlIsCurrent(
  crl: PublishedCrl,
  facts: { revocations: number; issuerFingerprint: string; now: Date; refreshMs: number },
): boolean {
  return (
    crl.revokedCount === facts.revocations &&
    crl.issuerFingerprint === facts.issuerFingerprint &&
    facts.now.getTime() < crl.thisUpdate.getTime() + facts.refreshMs &&
    facts.now < crl.nextUpdate
  );
}
