/**
 * Reading legacy "keys for secure data transmission" (PKI-04) from what the legacy register
 * exports: a public key or a legacy certificate. The terms (expiry required, validity order) are
 * decided in domain/legacyKeys.
 */
import { createPublicKey } from 'node:crypto';
import { type LegacyKey, type LegacyKeyImport, legacyKeyTerms } from '../domain/legacyKeys';
import { pemDecodeAll, pemEncode } from './asn1';
import { describePublicKey } from './keys';
import { parseCertificate } from './x509';

export class LegacyImportProblem extends Error {
  constructor(
    readonly legacyId: string,
    message: string,
  ) {
    super(message);
    this.name = 'LegacyImportProblem';
  }
}

interface KeyMaterial {
  spki: Buffer;
  certificate?: { fingerprint: string; notBefore: Date; notAfter: Date };
}

function keyMaterialOf(item: LegacyKeyImport, fail: (m: string) => never): KeyMaterial {
  if (item.certificatePem) {
    const ders = pemDecodeAll(item.certificatePem, ['CERTIFICATE']);
    if (ders.length !== 1) fail('certificatePem must hold one certificate');
    try {
      const c = parseCertificate(ders[0]!);
      return { spki: c.publicKey.spkiDer, certificate: c };
    } catch (e) {
      return fail(`certificatePem cannot be read: ${(e as Error).message}`);
    }
  }
  if (item.publicKeyPem) {
    try {
      return { spki: createPublicKey(item.publicKeyPem).export({ format: 'der', type: 'spki' }) };
    } catch {
      return fail('publicKeyPem is not a readable public key');
    }
  }
  return fail('either publicKeyPem or certificatePem is required');
}

/** The key as it is kept: normalised SPKI PEM, fingerprints and terms; throws LegacyImportProblem. */
export function prepareLegacyKey(item: LegacyKeyImport): LegacyKey {
  const fail = (m: string): never => {
    throw new LegacyImportProblem(item.legacyId, m);
  };
  const material = keyMaterialOf(item, fail);
  const terms = legacyKeyTerms(item, material.certificate);
  if (!terms.ok) return fail(terms.refusal.message);
  const info = describePublicKey(material.spki);
  return {
    legacyId: item.legacyId,
    ...(item.system ? { system: item.system } : {}),
    holder: item.holder,
    publicKeyPem: pemEncode('PUBLIC KEY', info.spkiDer),
    keyFingerprint: info.fingerprint,
    ...(material.certificate ? { certificateFingerprint: material.certificate.fingerprint } : {}),
    ...(terms.value.validFrom ? { validFrom: terms.value.validFrom } : {}),
    expiresAt: terms.value.expiresAt,
  };
}
