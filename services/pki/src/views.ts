/**
 * What the pki's answers look like: the JSON Schemas of the OpenAPI document and the functions
 * that shape stored records into them. (The answer of pki.verifySignature is
 * `verificationResultSchema` of @puesc/contracts: other services read it.)
 */
import { REVOCATION_REASONS } from '@puesc/contracts';
import { dateTime } from './contracts';
import type { CertificateAuthority } from './crypto';
import { lifecycleOf } from './domain';
import type { CertificateDoc, CrlDoc, RevocationDoc } from './store';

const iso = (d: Date): string => d.toISOString();

const text = { type: 'string' } as const;
const pem = { type: 'string', description: 'PEM' } as const;
const revocationReason = { type: 'string', enum: [...REVOCATION_REASONS], description: 'RFC 5280 5.3.1' } as const;

export const certificateView = {
  type: 'object',
  additionalProperties: false,
  required: ['serial', 'status', 'subject', 'issuer', 'notBefore', 'notAfter', 'certificatePem'],
  properties: {
    serial: { type: 'string' },
    status: { type: 'string', enum: ['valid', 'revoked', 'expired'] },
    subject: { type: 'string' },
    issuer: { type: 'string' },
    notBefore: dateTime,
    notAfter: dateTime,
    keyType: { type: 'string', description: '`EC-P256` or `RSA-<bits>`' },
    fingerprint: { type: 'string', description: 'SHA-256 of the certificate DER, hex' },
    certificatePem: pem,
    chainPem: { ...pem, description: 'the CA chain, PEM (in the answer to a request only)' },
    revokedAt: dateTime,
    revocationReason,
  },
} as const;

export const statusView = {
  type: 'object',
  additionalProperties: false,
  required: ['serial', 'status'],
  properties: {
    serial: { type: 'string' },
    status: { type: 'string', enum: ['good', 'revoked', 'unknown'] },
    expired: { type: 'boolean' },
    notBefore: dateTime,
    notAfter: dateTime,
    revokedAt: dateTime,
    revocationReason,
    checkedAt: dateTime,
  },
} as const;

export const caChainView = {
  type: 'object',
  additionalProperties: false,
  required: ['issuingCaPem', 'rootCaPem', 'chainPem', 'issuingCaFingerprint', 'rootCaFingerprint', 'crlUrl', 'test'],
  properties: {
    issuingCaPem: pem,
    rootCaPem: pem,
    chainPem: { ...pem, description: 'issuing CA then root, PEM' },
    issuingCaFingerprint: { type: 'string', description: 'SHA-256 of the DER, hex' },
    rootCaFingerprint: { type: 'string', description: 'SHA-256 of the DER, hex' },
    crlUrl: { type: 'string', format: 'uri', description: 'the CRL distribution point of every certificate' },
    test: { type: 'boolean', description: 'true for a generated demo CA' },
  },
} as const;

/** pki.importLegacyKeys: what happened to each legacyId (PKI-04). */
export const legacyImportView = {
  type: 'object',
  additionalProperties: false,
  required: ['imported', 'unchanged', 'refused'],
  properties: {
    imported: { type: 'array', items: text },
    unchanged: { type: 'array', items: text, description: 'already imported with the same key and expiry' },
    refused: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['legacyId', 'message'],
        properties: { legacyId: text, message: text, rule: { type: 'string', description: 'e.g. PKI-04' } },
      },
    },
  },
} as const;

/** pki.renewLegacyKey's only answer: the PKI-04 refusal (problem+json), pointing to the customs certificate. */
export const renewalRefusalView = {
  type: 'object',
  required: ['type', 'title', 'status', 'rule'],
  properties: {
    type: text,
    title: text,
    status: { const: 422 },
    detail: text,
    rule: { const: 'PKI-04' },
    alternative: {
      type: 'object',
      properties: { route: { type: 'string', examples: ['POST /api/v1/pki/certificates'] } },
    },
  },
} as const;

/** TEST ONLY: a trusted-profile assertion signed by the TEST provider key. */
export const testAssertionView = {
  type: 'object',
  additionalProperties: false,
  required: ['jws', 'test'],
  properties: { jws: { type: 'string', description: 'compact JWS (docs/pki-signatures.md)' }, test: { const: true } },
} as const;

/** TEST ONLY: a certificate from the TEST qualified CA. */
export const testQualifiedView = {
  type: 'object',
  additionalProperties: false,
  required: ['serial', 'certificatePem', 'chainPem', 'notAfter', 'test'],
  properties: { serial: text, certificatePem: pem, chainPem: pem, notAfter: dateTime, test: { const: true } },
} as const;

const revocationOf = (r: RevocationDoc | null | undefined) =>
  r ? { revokedAt: iso(r.revokedAt), revocationReason: r.reason } : {};

/** A customs certificate with its status (and, when just issued, the CA chain). */
export const certificateViewOf = (
  c: CertificateDoc,
  r: RevocationDoc | null | undefined,
  now: Date,
  chainPem?: string,
) => ({
  serial: c.serial,
  status: lifecycleOf(c.notAfter, !!r, now),
  subject: c.subject,
  issuer: c.issuer,
  notBefore: iso(c.notBefore),
  notAfter: iso(c.notAfter),
  keyType: c.keyType,
  fingerprint: c.fingerprint,
  certificatePem: c.certificatePem,
  ...(chainPem !== undefined ? { chainPem } : {}),
  ...revocationOf(r),
});

export type CertificateView = ReturnType<typeof certificateViewOf>;

/** Public revocation status by serial (PKI-03); `unknown` for a serial the CA never issued. */
export function statusViewOf(
  serial: string,
  c: CertificateDoc | null | undefined,
  r: RevocationDoc | null | undefined,
  now: Date,
) {
  if (!c) return { serial, status: 'unknown' as const, checkedAt: iso(now) };
  return {
    serial,
    status: r ? ('revoked' as const) : ('good' as const),
    expired: c.notAfter < now,
    notBefore: iso(c.notBefore),
    notAfter: iso(c.notAfter),
    ...revocationOf(r),
    checkedAt: iso(now),
  };
}

export const crlJsonView = (crl: CrlDoc, pem: string, revoked: RevocationDoc[]) => ({
  crlNumber: crl.crlNumber,
  thisUpdate: iso(crl.thisUpdate),
  nextUpdate: iso(crl.nextUpdate),
  der: crl.der,
  pem,
  revoked: revoked.map((r) => ({ serial: r.serial, revokedAt: iso(r.revokedAt), reason: r.reason })),
});

export type CrlJsonView = ReturnType<typeof crlJsonView>;

/** The platform CA as relying parties fetch it. */
export const caChainViewOf = (ca: CertificateAuthority, crlUrl: string, test: boolean) => ({
  issuingCaPem: ca.issuingPem,
  rootCaPem: ca.rootPem,
  chainPem: ca.chainPem,
  issuingCaFingerprint: ca.issuing.fingerprint,
  rootCaFingerprint: ca.root.fingerprint,
  crlUrl,
  test,
});
