/**
 * Issuance of non-qualified customs certificates (PKI-01, PKI-02): the subject is built from
 * the registered person's data only; what the request claims is ignored.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { CertificateAuthority } from './ca';
import type { ParsedCsr } from './csr';
import { type KeyPolicy, defaultKeyPolicy } from './keys';
import { OID } from './asn1';
import { type NameAttribute, formatName } from './names';
import {
  authorityInfoAccessExtension,
  authorityKeyIdExtension,
  basicConstraintsExtension,
  buildCertificate,
  certificatePoliciesExtension,
  certificateToPem,
  crlDistributionPointsExtension,
  extKeyUsageExtension,
  keyUsageExtension,
  subjectAltNameExtension,
  subjectKeyIdExtension,
} from './x509';

/** The platform's certificate policy for customs certificates (a UUID-based OID, X.667). */
export const CUSTOMS_CERTIFICATE_POLICY_OID = '2.25.329833987051787871324325426565293951658';

export interface RegisteredPerson {
  /** ID SISC. */
  personId: string;
  givenName: string;
  familyName: string;
  pesel?: string;
  /** For persons without a PESEL: an identity document. */
  document?: { type: 'ID_CARD' | 'PASSPORT' | 'OTHER'; number: string; country: string };
  /** ISO 3166-1 alpha-2. */
  country: string;
  email?: string;
}

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
  validityDays: 730,
  keyPolicy: defaultKeyPolicy,
  crlUrl: `${baseUrl}/api/v1/pki/crl.der`,
  caIssuersUrl: `${baseUrl}/api/v1/pki/ca/issuing.cer`,
  policyOid: CUSTOMS_CERTIFICATE_POLICY_OID,
  backdateSeconds: 60,
});

const SEMANTIC_DOC: Record<string, string> = { ID_CARD: 'IDC', PASSPORT: 'PAS', OTHER: 'IDC' };

/**
 * ETSI EN 319 412-1 semantics identifier: `PNOPL-<PESEL>` for persons with a PESEL,
 * `IDC<cc>-<number>` / `PAS<cc>-<number>` for an identity card / passport.
 */
export function semanticsIdentifier(p: RegisteredPerson): string | undefined {
  if (p.pesel) return `PNOPL-${p.pesel}`;
  if (p.document)
    return `${SEMANTIC_DOC[p.document.type] ?? 'IDC'}${p.document.country.toUpperCase()}-${p.document.number.toUpperCase()}`;
  return undefined;
}

export const personUri = (personId: string): string => `urn:puesc:person:${personId}`;

/** The certificate subject, from registered data only (PKI-02). */
export function subjectFor(p: RegisteredPerson): NameAttribute[] {
  const given = p.givenName.trim();
  const family = p.familyName.trim();
  if (!given || !family) throw new Error('the registered person has no full name');
  const attrs: NameAttribute[] = [
    { type: 'C', value: p.country.toUpperCase() },
    { type: 'SN', value: family },
    { type: 'GN', value: given },
  ];
  const sid = semanticsIdentifier(p);
  if (sid) attrs.push({ type: 'serialNumber', value: sid });
  attrs.push({ type: 'CN', value: `${given} ${family}` });
  return attrs;
}

/**
 * Serial numbers that never repeat: 0x01 ‖ 48-bit store sequence ‖ 72 random bits. Positive,
 * 16 octets, unique through the sequence and unpredictable through the random part.
 */
export function newSerial(sequence: number, random: Buffer = randomBytes(9)): string {
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence >= 2 ** 48)
    throw new RangeError('serial sequence out of range');
  if (random.length !== 9) throw new RangeError('9 random octets expected');
  return `01${sequence.toString(16).padStart(12, '0')}${random.toString('hex')}`.toUpperCase();
}

/**
 * Canonical serial text: upper-case hex of the INTEGER's octets without leading zero octets
 * (what `openssl x509 -serial` prints). Accepts `:` separators and lower case.
 */
export function normalizeSerial(serial: string): string {
  let h = serial.replace(/[:\s]/g, '').toUpperCase();
  if (!/^[0-9A-F]+$/.test(h)) throw new RangeError('a serial number is hexadecimal');
  if (h.length % 2) h = `0${h}`;
  while (h.length > 2 && h.startsWith('00')) h = h.slice(2);
  return h;
}

export interface IssuedCertificate {
  serial: string;
  der: Buffer;
  certificatePem: string;
  /** Issuing CA then root. */
  chainPem: string;
  subject: NameAttribute[];
  subjectText: string;
  issuerText: string;
  notBefore: Date;
  notAfter: Date;
  keyType: string;
  keyFingerprint: string;
  fingerprint: string;
  /** What the request claimed, kept for the audit trail. */
  claimedSubject: string;
}

export interface IssueInput {
  ca: CertificateAuthority;
  csr: ParsedCsr;
  person: RegisteredPerson;
  serial: string;
  now: Date;
  policy: IssuancePolicy;
}

export class IssuanceProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IssuanceProblem';
  }
}

export function issueCertificate({ ca, csr, person, serial, now, policy }: IssueInput): IssuedCertificate {
  const subject = subjectFor(person);
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - policy.backdateSeconds * 1000);
  let notAfter = new Date(notBefore.getTime() + policy.validityDays * 86_400_000);
  // A certificate never outlives its issuer.
  if (notAfter > ca.issuing.notAfter) notAfter = ca.issuing.notAfter;
  if (notAfter.getTime() - now.getTime() < 86_400_000) {
    throw new IssuanceProblem('the issuing CA expires too soon to issue certificates');
  }
  const alt: { uris: string[]; emails?: string[] } = { uris: [personUri(person.personId)] };
  if (person.email) alt.emails = [person.email];
  const extensions = [
    basicConstraintsExtension(false),
    keyUsageExtension(['digitalSignature', 'nonRepudiation'], true),
    extKeyUsageExtension([OID.kpEmailProtection, OID.kpDocumentSigning]),
    subjectKeyIdExtension(csr.publicKey.keyIdentifier),
    authorityKeyIdExtension(ca.issuing.subjectKeyId ?? ca.issuing.publicKey.keyIdentifier),
    crlDistributionPointsExtension([policy.crlUrl]),
    ...(policy.caIssuersUrl ? [authorityInfoAccessExtension(policy.caIssuersUrl)] : []),
    certificatePoliciesExtension([
      {
        oid: policy.policyOid,
        ...(policy.cpsUrl ? { cpsUri: policy.cpsUrl } : {}),
        notice: 'Non-qualified customs certificate (PKI-01)',
      },
    ]),
    subjectAltNameExtension(alt),
  ];
  const der = buildCertificate(
    {
      serial,
      issuer: ca.issuing.subjectDer,
      subject,
      notBefore,
      notAfter,
      spki: csr.publicKey.spkiDer,
      extensions,
    },
    ca.issuingKey,
    ca.scheme,
  );
  const certificatePem = certificateToPem(der);
  return {
    serial: normalizeSerial(serial),
    der,
    certificatePem,
    chainPem: ca.chainPem,
    subject,
    subjectText: formatName(subject),
    issuerText: formatName(ca.issuing.subject),
    notBefore,
    notAfter,
    keyType: csr.publicKey.kind === 'RSA' ? `RSA-${csr.publicKey.bits}` : csr.publicKey.kind,
    keyFingerprint: csr.publicKey.fingerprint,
    fingerprint: createHash('sha256').update(der).digest('hex'),
    claimedSubject: csr.claimedSubjectText,
  };
}
