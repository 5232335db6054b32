/**
 * Encoding of a non-qualified customs certificate (PKI-01, PKI-02): the subject and the validity
 * come from domain/ (registered data only, the policy's validity capped at the issuer's), the
 * extensions are those of a signing certificate, and the issuing CA signs.
 */
import { createHash } from 'node:crypto';
import { type IssuancePolicy, type Validity, certificateValidity } from '../domain/issuance';
import { type NameAttribute, type RegisteredPerson, personUri, subjectFor } from '../domain/subject';
import type { CertificateAuthority } from './ca';
import type { ParsedCsr } from './csr';
import { OID } from './asn1';
import { formatName } from './names';
import { normalizeSerial } from './serials';
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
  /** The validity already decided (domain/issuance `certificateValidity`); decided here when absent. */
  validity?: Validity;
}

export class IssuanceProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IssuanceProblem';
  }
}

function extensionsFor(ca: CertificateAuthority, csr: ParsedCsr, person: RegisteredPerson, policy: IssuancePolicy) {
  const alt: { uris: string[]; emails?: string[] } = { uris: [personUri(person.personId)] };
  if (person.email) alt.emails = [person.email];
  return [
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
}

export function issueCertificate({ ca, csr, person, serial, now, policy, validity }: IssueInput): IssuedCertificate {
  const subject = subjectFor(person);
  const decided = validity
    ? { ok: true as const, value: validity }
    : certificateValidity(now, policy, ca.issuing.notAfter);
  if (!decided.ok) throw new IssuanceProblem(decided.refusal.message);
  const { notBefore, notAfter } = decided.value;
  const der = buildCertificate(
    {
      serial,
      issuer: ca.issuing.subjectDer,
      subject,
      notBefore,
      notAfter,
      spki: csr.publicKey.spkiDer,
      extensions: extensionsFor(ca, csr, person, policy),
    },
    ca.issuingKey,
    ca.scheme,
  );
  return {
    serial: normalizeSerial(serial),
    der,
    certificatePem: certificateToPem(der),
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
