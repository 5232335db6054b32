/**
 * Which signatures are accepted (PKI-05, ID-04, DOC-03), decided over what the cryptography has
 * established (crypto/ checks keys, chains and CRL signatures; nothing here reads bytes).
 * Exactly three methods are accepted on documents: a qualified signature (a path to the
 * qualified trust list), a customs certificate (a path to the platform CA, revocation from the
 * platform's records) and a trusted-profile assertion. Legacy transmission keys (PKI-04) are
 * accepted only for `purpose: 'transmission'`. Everything else is refused with one reason.
 *
 *   x5c ──leaf key verifies──▶ path: platform CA (customs-certificate), else qualified list
 *       ──digest · signing time · every certificate valid then · key usage for signing ·
 *         QcCompliance (qualified) · known to the records (customs) · not revoked then──▶ accepted
 *   trusted-profile+jwt ──provider key verifies──▶ issuer · signing time · digest · provider
 *       certificate valid then · signer named──▶ accepted
 *   legacy:<id> ──purpose transmission · key known · key verifies──▶ digest · signing time ·
 *       key valid then and now──▶ accepted
 */
import { ok, type Result } from '@puesc/kernel';
import type { CertificateStatusReport, Signer, SignatureMethod, VerificationSuccess } from '../contracts';
import { type LegacyKey, legacyKeyStatus } from './legacyKeys';
import { type RevokedEntry, statusAt } from './revocation';
import {
  CONTENT_DIGEST_HEADER,
  type DigestFacts,
  type KeyCheck,
  type SigningTimeRules,
  digestAccepted,
  refusedSignature,
  signingTimeAccepted,
} from './signatureProfile';

/** OIDs of the extended key usages that allow signing documents. */
const SIGNING_EKUS = new Set<string>([
  '1.3.6.1.5.5.7.3.4', // emailProtection
  '1.3.6.1.5.5.7.3.36', // documentSigning (RFC 9336)
  '1.3.6.1.5.5.7.3.2', // clientAuth
  '2.5.29.37.0', // anyExtendedKeyUsage
  '1.3.6.1.4.1.311.10.3.12', // Microsoft document signing
  '1.2.840.113583.1.1.5', // Adobe authentic documents trust
]);

export const validAt = (c: { notBefore: Date; notAfter: Date }, at: Date): boolean =>
  at >= c.notBefore && at <= c.notAfter;

/** One certificate of a path, as read. */
export interface PathCertificate {
  subject: string;
  notBefore: Date;
  notAfter: Date;
  /** Critical extensions the reader does not understand (RFC 5280 4.2: the path must be refused). */
  unknownCritical: string[];
}

/** The signer's certificate, as read. */
export interface SignerCertificate extends PathCertificate {
  serial: string;
  issuer: string;
  fingerprint: string;
  isCa: boolean;
  keyUsage?: string[];
  extKeyUsage?: string[];
  qcCompliance: boolean;
  signer: Signer;
}

/** Where the signer certificate's revocation status comes from. */
export type RevocationSource =
  | { source: 'records'; known: boolean; entry: RevokedEntry | null }
  | { source: 'crl'; entry: RevokedEntry | null }
  | { source: 'none' };

/** How far the cryptography got with an x5c signature. */
export type CertificateEvidence =
  | { stage: 'unreadable-chain'; detail: string }
  | { stage: 'signature-failed'; check: Extract<KeyCheck, { verified: false }> }
  | { stage: 'no-trusted-path'; issuer: string }
  | {
      stage: 'trusted-path';
      method: 'customs-certificate' | 'qualified';
      leaf: SignerCertificate;
      /** Leaf, intermediate CAs, then the anchor. */
      path: PathCertificate[];
      digest: DigestFacts;
      iat: unknown;
      contentType?: string;
      revocation: RevocationSource;
      testAnchor: boolean;
    };

export interface CertificateRules extends SigningTimeRules {
  requireQcCompliance: boolean;
}

type TrustedPath = Extract<CertificateEvidence, { stage: 'trusted-path' }>;

/** Every certificate of the path was in force at the signing time. */
function pathValidAt(e: TrustedPath, signedAt: Date): Result<void> {
  for (const [i, c] of e.path.entries()) {
    if (c.unknownCritical.length)
      return refusedSignature('unsupported', `certificate ${c.subject} has unsupported critical extensions`, e.method);
    if (!validAt(c, signedAt)) {
      const which = i === 0 ? 'the signer certificate' : `the CA certificate ${c.subject}`;
      return refusedSignature(
        'expired',
        `${which} was not valid at the signing time ${signedAt.toISOString()} (valid ${c.notBefore.toISOString()} to ${c.notAfter.toISOString()})`,
        e.method,
      );
    }
  }
  return ok(undefined);
}

/** An end-entity certificate whose usages allow signatures (and, for qualified, a qualified one). */
function usageAccepted(e: TrustedPath, rules: CertificateRules): Result<void> {
  const { leaf, method } = e;
  if (leaf.isCa) return refusedSignature('wrong-key-usage', 'a CA certificate cannot sign documents', method);
  if (leaf.keyUsage && !leaf.keyUsage.some((u) => u === 'digitalSignature' || u === 'nonRepudiation'))
    return refusedSignature(
      'wrong-key-usage',
      `the certificate's key usage (${leaf.keyUsage.join(', ')}) does not allow signatures`,
      method,
    );
  if (leaf.extKeyUsage && !leaf.extKeyUsage.some((u) => SIGNING_EKUS.has(u)))
    return refusedSignature('wrong-key-usage', 'the certificate is restricted to purposes other than signing', method);
  if (method === 'qualified' && rules.requireQcCompliance && !leaf.qcCompliance)
    return refusedSignature(
      'unsupported',
      'the certificate is not a qualified certificate (no QcCompliance statement)',
      method,
    );
  return ok(undefined);
}

/** Status at the signing time and now; a revocation before the signing time refuses (PKI-03). */
function certificateStatus(e: TrustedPath, signedAt: Date, now: Date): Result<CertificateStatusReport> {
  const { leaf, method, revocation: rev } = e;
  if (rev.source === 'records' && !rev.known)
    return refusedSignature('unknown-chain', `certificate ${leaf.serial} is not in the platform's records`, method);
  const entry = rev.source === 'none' ? undefined : rev.entry;
  if (statusAt(entry, signedAt) === 'revoked')
    return refusedSignature(
      'revoked',
      `the certificate was revoked on ${entry!.revokedAt.toISOString()} (${entry!.reason})`,
      method,
    );
  const checked = rev.source !== 'none';
  return ok({
    serial: leaf.serial,
    issuer: leaf.issuer,
    subject: leaf.subject,
    notBefore: leaf.notBefore.toISOString(),
    notAfter: leaf.notAfter.toISOString(),
    fingerprint: leaf.fingerprint,
    statusAtSigningTime: checked ? 'good' : 'not-checked',
    currentStatus: checked ? statusAt(entry, now) : 'not-checked',
    ...(entry ? { revokedAt: entry.revokedAt.toISOString(), revocationReason: entry.reason } : {}),
  });
}

/** PKI-05: a signature by a customs certificate or a qualified certificate. */
export function acceptCertificateSignature(
  e: CertificateEvidence,
  rules: CertificateRules,
): Result<VerificationSuccess> {
  if (e.stage === 'unreadable-chain')
    return refusedSignature('bad-signature', `the certificate chain (x5c) cannot be read: ${e.detail}`);
  if (e.stage === 'signature-failed') return refusedSignature(e.check.reason, e.check.detail);
  if (e.stage === 'no-trusted-path')
    return refusedSignature(
      'unknown-chain',
      `the signer certificate (issuer ${e.issuer}) does not chain to a trusted anchor`,
    );
  const digest = digestAccepted(e.digest, e.method);
  if (!digest.ok) return digest;
  const signedAt = signingTimeAccepted(e.iat, rules, e.method);
  if (!signedAt.ok) return signedAt;
  const valid = pathValidAt(e, signedAt.value);
  if (!valid.ok) return valid;
  const usage = usageAccepted(e, rules);
  if (!usage.ok) return usage;
  const certificate = certificateStatus(e, signedAt.value, rules.now);
  if (!certificate.ok) return certificate;
  return ok({
    valid: true,
    method: e.method,
    profile: 'puesc-jades-compact-v1',
    signer: e.leaf.signer,
    certificate: certificate.value,
    signedAt: signedAt.value.toISOString(),
    contentSha256: digest.value,
    ...(e.contentType !== undefined ? { contentType: e.contentType } : {}),
    ...(e.testAnchor ? { testAnchor: true } : {}),
  });
}

/** How far the cryptography got with a trusted-profile assertion. */
export type AssertionEvidence =
  | { stage: 'no-provider' }
  | { stage: 'signature-failed'; check: Extract<KeyCheck, { verified: false }> }
  | {
      stage: 'signed';
      providerId: string;
      /** When the provider key is given as a certificate, its validity bounds the signing time. */
      providerValidity?: { notBefore: Date; notAfter: Date };
      /** The payload as a JSON object, or null when it is not one. */
      claims: Record<string, unknown> | null;
      /** The signed digest compared, when the claims carry one as text. */
      digest?: DigestFacts;
      testAnchor: boolean;
    };

/** The signer named by the assertion, or null when it names nobody. */
function assertionSigner(claims: Record<string, unknown>, providerId: string): Signer | null {
  const str = (k: string): string | undefined => (typeof claims[k] === 'string' ? (claims[k] as string) : undefined);
  const given = str('given_name');
  const family = str('family_name');
  const sub = str('sub');
  if (!given || !family || !sub) return null;
  const signer: Signer = {
    givenName: given,
    familyName: family,
    name: `${given} ${family}`,
    provider: providerId,
    providerSubject: sub,
  };
  if (str('pesel')) signer.pesel = str('pesel')!;
  if (str('email')) signer.email = str('email')!;
  if (str('puesc_person_id')) signer.personId = str('puesc_person_id')!;
  return signer;
}

/** PKI-05: a trusted-profile assertion by the configured provider. */
export function acceptTrustedProfile(e: AssertionEvidence, rules: SigningTimeRules): Result<VerificationSuccess> {
  const method: SignatureMethod = 'trusted-profile';
  if (e.stage === 'no-provider')
    return refusedSignature(
      'unknown-chain',
      'the assertion is not from the configured trusted-profile provider',
      method,
    );
  if (e.stage === 'signature-failed')
    return e.check.reason === 'unsupported'
      ? refusedSignature('unsupported', e.check.detail, method)
      : refusedSignature('bad-signature', 'the assertion is not signed by the trusted-profile provider key', method);
  const { claims } = e;
  if (!claims) return refusedSignature('unsupported', 'the assertion payload is not a JSON object', method);
  if (claims['iss'] !== undefined && claims['iss'] !== e.providerId)
    return refusedSignature(
      'unknown-chain',
      `the assertion issuer ${String(claims['iss'])} is not the configured provider`,
      method,
    );
  const signedAt = signingTimeAccepted(claims['iat'], rules, method);
  if (!signedAt.ok) return signedAt;
  if (!e.digest) return refusedSignature('unsupported', `the assertion carries no ${CONTENT_DIGEST_HEADER}`, method);
  const digest = digestAccepted(e.digest, method);
  if (!digest.ok) return digest;
  if (e.providerValidity && !validAt(e.providerValidity, signedAt.value))
    return refusedSignature('expired', 'the provider certificate was not valid at the signing time', method);
  const signer = assertionSigner(claims, e.providerId);
  if (!signer)
    return refusedSignature(
      'unsupported',
      'the assertion does not identify the signer (sub, given_name, family_name)',
      method,
    );
  return ok({
    valid: true,
    method,
    profile: 'puesc-trusted-profile-v1',
    signer,
    certificate: null,
    signedAt: signedAt.value.toISOString(),
    contentSha256: digest.value,
    ...(e.testAnchor ? { testAnchor: true } : {}),
  });
}

/** PKI-04, PKI-05: a legacy transmission key signs transmissions, never documents. */
export function legacyPurposeAccepted(purpose: 'document' | 'transmission' | undefined): Result<void> {
  if ((purpose ?? 'document') === 'transmission') return ok(undefined);
  return refusedSignature(
    'unsupported',
    'a legacy key for secure data transmission is not a document signature method (PKI-05); sign with a customs certificate, a qualified signature or the trusted profile',
    'legacy-transmission-key',
  );
}

/** How far the cryptography got with a legacy-key signature. */
export type LegacyEvidence = { legacyId: string } & (
  | { stage: 'unknown-key' }
  | { stage: 'signature-failed'; check: Extract<KeyCheck, { verified: false }> }
  | { stage: 'signed'; key: LegacyKey; digest: DigestFacts; iat: unknown }
);

/** PKI-04: a transmission signed by a legacy key, usable until it expires. */
export function acceptLegacySignature(e: LegacyEvidence, rules: SigningTimeRules): Result<VerificationSuccess> {
  const method: SignatureMethod = 'legacy-transmission-key';
  if (e.stage === 'unknown-key')
    return refusedSignature('unknown-chain', `legacy key ${e.legacyId} is not known`, method);
  if (e.stage === 'signature-failed') return refusedSignature(e.check.reason, e.check.detail, method);
  const digest = digestAccepted(e.digest, method);
  if (!digest.ok) return digest;
  const signedAt = signingTimeAccepted(e.iat, rules, method);
  if (!signedAt.ok) return signedAt;
  const { key } = e;
  for (const at of [signedAt.value, rules.now]) {
    const st = legacyKeyStatus(key, at);
    if (st !== 'valid')
      return refusedSignature(
        'expired',
        `legacy key ${e.legacyId} ${st === 'expired' ? `expired on ${key.expiresAt.toISOString()}` : 'is not yet valid'}`,
        method,
      );
  }
  return ok({
    valid: true,
    method,
    profile: 'puesc-jades-compact-v1',
    signer: {
      legacyId: key.legacyId,
      name: key.holder.name,
      ...(key.holder.personId ? { personId: key.holder.personId } : {}),
    },
    certificate: null,
    signedAt: signedAt.value.toISOString(),
    contentSha256: digest.value,
  });
}
