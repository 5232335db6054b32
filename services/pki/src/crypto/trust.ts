/**
 * Trust anchors (PKI-05): the qualified trust list (CA certificates of qualified trust service
 * providers), the platform's own CA (customs certificates) and the trusted-profile provider key.
 * In embedded/demo mode TEST anchors are generated: they are labelled TEST in every name and
 * must never be configured in production.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { OID, pemDecodeAll, pemEncode } from './asn1';
import { randomSerial } from './ca';
import { type ParsedCrl, crlIssuedBy, parseCrl } from './crl';
import { publicKeyInfoOf } from './keys';
import type { NameAttribute } from '../domain/subject';
import {
  type ParsedCertificate,
  authorityKeyIdExtension,
  basicConstraintsExtension,
  buildCertificate,
  certificatePoliciesExtension,
  certificateToPem,
  extKeyUsageExtension,
  keyUsageExtension,
  parseCertificate,
  qcStatementsExtension,
  subjectKeyIdExtension,
} from './x509';

export interface TrustedProfileProvider {
  /** Expected `iss` of the assertions; also matched against the JWS `kid` when present. */
  id: string;
  key: KeyObject;
  /** When the provider key is given as a certificate, its validity bounds the signing time. */
  certificate?: ParsedCertificate;
}

export interface TrustAnchors {
  /** CA certificates of the qualified trust list. */
  qualified: ParsedCertificate[];
  /** CRLs published by qualified CAs, when configured (otherwise status is `not-checked`). */
  qualifiedCrls: ParsedCrl[];
  /** The platform CA: root and issuing certificates (customs certificates, PKI-01). */
  customs: ParsedCertificate[];
  trustedProfile: TrustedProfileProvider[];
  /** A qualified signature must come from a certificate with the QcCompliance statement. */
  requireQcCompliance: boolean;
  /** True when these are generated test anchors (embedded/demo mode). */
  test: boolean;
}

export interface AnchorConfig {
  /** PEM bundle of qualified CA certificates. */
  qualifiedCaPem?: string;
  /** PEM bundle of CRLs of the qualified CAs (optional). */
  qualifiedCrlPem?: string;
  /** Trusted-profile provider public key or certificate, PEM. */
  trustedProfileKeyPem?: string;
  trustedProfileId?: string;
  requireQcCompliance?: boolean;
}

export class AnchorConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`trust anchor configuration is not usable:\n  - ${problems.join('\n  - ')}`);
    this.name = 'AnchorConfigError';
  }
}

export function buildAnchors(cfg: AnchorConfig, customs: ParsedCertificate[], test = false): TrustAnchors {
  const problems: string[] = [];
  const qualified: ParsedCertificate[] = [];
  for (const [n, der] of pemDecodeAll(cfg.qualifiedCaPem ?? '', ['CERTIFICATE']).entries()) {
    try {
      const c = parseCertificate(der);
      if (!c.basicConstraints?.ca) problems.push(`qualified CA #${n + 1}: not a CA certificate`);
      else qualified.push(c);
    } catch (e) {
      problems.push(`qualified CA #${n + 1}: ${(e as Error).message}`);
    }
  }
  const qualifiedCrls: ParsedCrl[] = [];
  for (const [n, der] of pemDecodeAll(cfg.qualifiedCrlPem ?? '', ['X509 CRL']).entries()) {
    try {
      const crl = parseCrl(der);
      if (!qualified.some((q) => crlIssuedBy(crl, q)))
        problems.push(`qualified CRL #${n + 1}: not signed by a configured qualified CA`);
      else qualifiedCrls.push(crl);
    } catch (e) {
      problems.push(`qualified CRL #${n + 1}: ${(e as Error).message}`);
    }
  }
  const trustedProfile: TrustedProfileProvider[] = [];
  if (cfg.trustedProfileKeyPem) {
    const id = cfg.trustedProfileId ?? 'trusted-profile';
    try {
      const certs = pemDecodeAll(cfg.trustedProfileKeyPem, ['CERTIFICATE']);
      if (certs.length) {
        for (const der of certs) {
          const c = parseCertificate(der);
          trustedProfile.push({ id, key: c.publicKey.key, certificate: c });
        }
      } else {
        trustedProfile.push({ id, key: createPublicKey(cfg.trustedProfileKeyPem) });
      }
    } catch (e) {
      problems.push(`trusted-profile key: ${(e as Error).message}`);
    }
  }
  if (problems.length) throw new AnchorConfigError(problems);
  return {
    qualified,
    qualifiedCrls,
    customs,
    trustedProfile,
    requireQcCompliance: cfg.requireQcCompliance ?? true,
    test,
  };
}

// ---- test anchors (embedded / demo mode) ------------------------------------------------------
export const TEST_QUALIFIED_CA_NAME = 'TEST Qualified Trust Service Provider CA (not for production)';
export const TEST_TRUSTED_PROFILE_ID = 'test-trusted-profile';

export interface TestAnchorMaterial {
  qualifiedCaCertPem: string;
  qualifiedCaKeyPem: string;
  trustedProfileId: string;
  trustedProfileKeyPem: string;
  trustedProfilePublicKeyPem: string;
}

const ecKey = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;

/** A TEST qualified CA (EC P-256) and a TEST trusted-profile provider key (EC P-256). */
export function generateTestAnchors(now: Date): TestAnchorMaterial {
  const caKey = ecKey();
  const caPub = publicKeyInfoOf(createPublicKey(caKey));
  const name: NameAttribute[] = [
    { type: 'C', value: 'PL' },
    { type: 'O', value: 'TEST QTSP' },
    { type: 'CN', value: TEST_QUALIFIED_CA_NAME },
  ];
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 60_000);
  const der = buildCertificate(
    {
      serial: randomSerial(),
      issuer: name,
      subject: name,
      notBefore,
      notAfter: new Date(notBefore.getTime() + 10 * 365 * 86_400_000),
      spki: caPub.spkiDer,
      extensions: [
        basicConstraintsExtension(true, 0),
        keyUsageExtension(['keyCertSign', 'cRLSign']),
        subjectKeyIdExtension(caPub.keyIdentifier),
      ],
    },
    caKey,
  );
  const tpKey = ecKey();
  return {
    qualifiedCaCertPem: certificateToPem(der),
    qualifiedCaKeyPem: caKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    trustedProfileId: TEST_TRUSTED_PROFILE_ID,
    trustedProfileKeyPem: tpKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    trustedProfilePublicKeyPem: pemEncode('PUBLIC KEY', createPublicKey(tpKey).export({ format: 'der', type: 'spki' })),
  };
}

export const testAnchorConfig = (m: TestAnchorMaterial): AnchorConfig => ({
  qualifiedCaPem: m.qualifiedCaCertPem,
  trustedProfileKeyPem: m.trustedProfilePublicKeyPem,
  trustedProfileId: m.trustedProfileId,
  requireQcCompliance: true,
});

export interface QualifiedCertificateRequest {
  subject: NameAttribute[];
  spki: Buffer;
  notBefore: Date;
  notAfter: Date;
  serial?: string;
}

/**
 * Issues a TEST qualified certificate (QcCompliance + QcSSCD, nonRepudiation, QCP-n-qscd)
 * from the TEST qualified CA: for demos and tests of the `qualified` method only.
 */
export function issueTestQualifiedCertificate(m: TestAnchorMaterial, r: QualifiedCertificateRequest): Buffer {
  const ca = parseCertificate(pemDecodeAll(m.qualifiedCaCertPem, ['CERTIFICATE'])[0]!);
  const key = createPrivateKey(m.qualifiedCaKeyPem);
  const pub = publicKeyInfoOf(createPublicKey({ key: r.spki, format: 'der', type: 'spki' }));
  return buildCertificate(
    {
      serial: r.serial ?? randomSerial(),
      issuer: ca.subjectDer,
      subject: r.subject,
      notBefore: r.notBefore,
      notAfter: r.notAfter,
      spki: pub.spkiDer,
      extensions: [
        basicConstraintsExtension(false),
        keyUsageExtension(['nonRepudiation'], true),
        extKeyUsageExtension([OID.kpEmailProtection]),
        subjectKeyIdExtension(pub.keyIdentifier),
        authorityKeyIdExtension(ca.subjectKeyId ?? ca.publicKey.keyIdentifier),
        certificatePoliciesExtension([{ oid: OID.qcpNaturalQscd }]),
        qcStatementsExtension([OID.qcCompliance, OID.qcSSCD]),
      ],
    },
    key,
  );
}
