/**
 * Legacy "keys for secure data transmission" (PKI-04): imported with their expiry, usable on
 * their old terms until they expire, never renewed: the customs certificate replaces them.
 *
 *   (register) ──import──▶ imported ──expiresAt passes──▶ expired
 *   imported ──import again, same key and expiry──▶ imported (unchanged)
 *   imported ──import with another key or a later expiry, or renew──▶ refused (PKI-04)
 */
import { ok, refuse, refuseField, type Result } from '@puesc/kernel';
import type { LegacyKeyItem } from '../contracts';

export type LegacyKeyImport = LegacyKeyItem;

export interface LegacyKey {
  legacyId: string;
  system?: string;
  holder: LegacyKeyImport['holder'];
  publicKeyPem: string;
  keyFingerprint: string;
  certificateFingerprint?: string;
  validFrom?: Date;
  expiresAt: Date;
}

export type LegacyKeyStatus = 'valid' | 'expired' | 'not-yet-valid';

export interface LegacyKeyTerms {
  validFrom?: Date;
  expiresAt: Date;
}

/**
 * PKI-04: the period a legacy key is usable in. The legacy register's dates win; a legacy
 * certificate gives what the register leaves out. A legacy key always has an expiry.
 */
export function legacyKeyTerms(
  item: Pick<LegacyKeyImport, 'validFrom' | 'expiresAt'>,
  certificate?: { notBefore: Date; notAfter: Date },
): Result<LegacyKeyTerms> {
  const validFrom = item.validFrom ? new Date(item.validFrom) : certificate?.notBefore;
  const expiresAt = item.expiresAt ? new Date(item.expiresAt) : certificate?.notAfter;
  if (!expiresAt || Number.isNaN(expiresAt.getTime()))
    return refuseField('PKI-04', 'expiresAt', 'expiresAt is required (a legacy key always has an expiry)');
  if (validFrom && Number.isNaN(validFrom.getTime()))
    return refuseField('PKI-04', 'validFrom', 'validFrom is not a date');
  if (validFrom && validFrom >= expiresAt)
    return refuseField('PKI-04', 'validFrom', 'validFrom must precede expiresAt');
  return ok(validFrom ? { validFrom, expiresAt } : { expiresAt });
}

export function legacyKeyStatus(k: Pick<LegacyKey, 'validFrom' | 'expiresAt'>, at: Date): LegacyKeyStatus {
  if (k.validFrom && at < k.validFrom) return 'not-yet-valid';
  return at > k.expiresAt ? 'expired' : 'valid';
}

/**
 * PKI-04: importing a known legacyId again is harmless when nothing changed; another key or
 * another expiry would be a renewal, and legacy keys are never renewed.
 */
export function legacyImportOutcome(
  existing: Pick<LegacyKey, 'keyFingerprint' | 'expiresAt'> | null | undefined,
  candidate: Pick<LegacyKey, 'keyFingerprint' | 'expiresAt'>,
): Result<'new' | 'unchanged'> {
  if (!existing) return ok('new');
  if (
    existing.keyFingerprint === candidate.keyFingerprint &&
    existing.expiresAt.getTime() === candidate.expiresAt.getTime()
  )
    return ok('unchanged');
  return refuse('PKI-04', 'rule', 'already imported with another key or expiry; legacy keys are never renewed');
}

/** The refusal every renewal attempt gets (PKI-04). */
export const LEGACY_RENEWAL_REFUSAL = {
  rule: 'PKI-04',
  message:
    'Keys for secure data transmission can no longer be renewed. Your key stays usable until it expires. ' +
    'Apply for a free customs certificate instead: register with extended scope in e-Klient and send a certificate request (PKCS#10) to POST /api/v1/pki/certificates.',
  alternative: {
    service: 'customs certificate',
    action: 'pki.requestCertificate',
    route: 'POST /api/v1/pki/certificates',
    rule: 'PKI-01',
  },
} as const;

/** PKI-04: a renewal is always refused, pointing to the customs certificate. */
export const legacyRenewal = (): Result<never> =>
  refuse(LEGACY_RENEWAL_REFUSAL.rule, 'rule', LEGACY_RENEWAL_REFUSAL.message, {
    alternative: LEGACY_RENEWAL_REFUSAL.alternative,
  });
