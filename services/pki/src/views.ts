/**
 * What the pki's answers look like: the JSON Schemas of the OpenAPI document and the functions
 * that shape stored records into them. (The answer of pki.verifySignature is in contracts.ts:
 * other services read it.)
 */
import { dateTime } from './contracts';
import type { CertificateAuthority } from './crypto';
import { lifecycleOf } from './domain';
import type { CertificateDoc, CrlDoc, RevocationDoc } from './store';

const iso = (d: Date): string => d.toISOString();

export const certificateView = {
  type: 'object',
  required: ['serial', 'status', 'subject', 'issuer', 'notBefore', 'notAfter', 'certificatePem'],
  properties: {
    serial: { type: 'string' },
    status: { type: 'string', enum: ['valid', 'revoked', 'expired'] },
    subject: { type: 'string' },
    issuer: { type: 'string' },
    notBefore: dateTime,
    notAfter: dateTime,
    keyType: { type: 'string' },
    fingerprint: { type: 'string' },
    certificatePem: { type: 'string' },
    chainPem: { type: 'string' },
    revokedAt: dateTime,
    revocationReason: { type: 'string' },
  },
} as const;

export const statusView = {
  type: 'object',
  required: ['serial', 'status'],
  properties: {
    serial: { type: 'string' },
    status: { type: 'string', enum: ['good', 'revoked', 'unknown'] },
    expired: { type: 'boolean' },
    notBefore: dateTime,
    notAfter: dateTime,
    revokedAt: dateTime,
    revocationReason: { type: 'string' },
    checkedAt: dateTime,
  },
} as const;

export const caChainView = {
  type: 'object',
  properties: {
    issuingCaPem: { type: 'string' },
    rootCaPem: { type: 'string' },
    chainPem: { type: 'string' },
    crlUrl: { type: 'string' },
    test: { type: 'boolean' },
  },
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
