/**
 * Legacy "keys for secure data transmission" (PKI-04): imported with their expiry, usable on
 * their old terms until they expire, never renewed: the customs certificate replaces them.
 */
import { createPublicKey } from 'node:crypto';
import { pemDecodeAll, pemEncode } from './asn1';
import { describePublicKey } from './keys';
import { parseCertificate } from './x509';

export interface LegacyKeyImport {
  /** The key's id in the legacy register. */
  legacyId: string;
  /** Legacy system(s) the key was used with, e.g. `CELINA`, `ECS`. */
  system?: string;
  holder: { personId?: string; name: string; nip?: string; login?: string };
  /** Either the public key (SPKI PEM) or the legacy certificate (PEM). */
  publicKeyPem?: string;
  certificatePem?: string;
  validFrom?: string;
  /** Required unless a certificate gives it. */
  expiresAt?: string;
}

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

export class LegacyImportProblem extends Error {
  constructor(
    readonly legacyId: string,
    message: string,
  ) {
    super(message);
    this.name = 'LegacyImportProblem';
  }
}

export function prepareLegacyKey(item: LegacyKeyImport): LegacyKey {
  const fail = (m: string): never => {
    throw new LegacyImportProblem(item.legacyId, m);
  };
  let spki: Buffer | undefined;
  let certFp: string | undefined;
  let validFrom = item.validFrom ? new Date(item.validFrom) : undefined;
  let expiresAt = item.expiresAt ? new Date(item.expiresAt) : undefined;
  if (item.certificatePem) {
    const ders = pemDecodeAll(item.certificatePem, ['CERTIFICATE']);
    if (ders.length !== 1) fail('certificatePem must hold one certificate');
    try {
      const c = parseCertificate(ders[0]!);
      spki = c.publicKey.spkiDer;
      certFp = c.fingerprint;
      validFrom ??= c.notBefore;
      // The legacy register's expiry wins when given; otherwise the certificate's.
      expiresAt ??= c.notAfter;
    } catch (e) {
      fail(`certificatePem cannot be read: ${(e as Error).message}`);
    }
  } else if (item.publicKeyPem) {
    try {
      spki = createPublicKey(item.publicKeyPem).export({ format: 'der', type: 'spki' });
    } catch {
      fail('publicKeyPem is not a readable public key');
    }
  } else fail('either publicKeyPem or certificatePem is required');
  if (!expiresAt || Number.isNaN(expiresAt.getTime()))
    return fail('expiresAt is required (a legacy key always has an expiry)');
  if (validFrom && Number.isNaN(validFrom.getTime())) fail('validFrom is not a date');
  if (validFrom && validFrom >= expiresAt) fail('validFrom must precede expiresAt');
  const info = describePublicKey(spki!);
  return {
    legacyId: item.legacyId,
    ...(item.system ? { system: item.system } : {}),
    holder: item.holder,
    publicKeyPem: pemEncode('PUBLIC KEY', info.spkiDer),
    keyFingerprint: info.fingerprint,
    ...(certFp ? { certificateFingerprint: certFp } : {}),
    ...(validFrom ? { validFrom } : {}),
    expiresAt,
  };
}

export function legacyKeyStatus(k: Pick<LegacyKey, 'validFrom' | 'expiresAt'>, at: Date): LegacyKeyStatus {
  if (k.validFrom && at < k.validFrom) return 'not-yet-valid';
  return at > k.expiresAt ? 'expired' : 'valid';
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
