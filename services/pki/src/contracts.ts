/**
 * JSON Schemas of the pki: action params, replies (for the OpenAPI document) and event payloads.
 * The event schemas are registered with `registerEventSchema`, so a payload is validated before
 * it enters the outbox.
 */
import { eventType, registerEventSchema } from '@puesc/events';
import { REVOCATION_REASON_VALUES } from './store';

export const SERIAL_PATTERN = '^[0-9A-Fa-f:]{2,64}$';
const serial = { type: 'string', pattern: SERIAL_PATTERN, description: 'certificate serial number, hex' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const b64u256 = { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$', description: 'base64url SHA-256' } as const;

export const HOLDER_REASONS = [
  'unspecified',
  'keyCompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
] as const;
export const OFFICER_REASONS = [...HOLDER_REASONS, 'privilegeWithdrawn'] as const;

// ---- params ----------------------------------------------------------------------------------
export const requestCertificateParams = {
  type: 'object',
  additionalProperties: false,
  required: ['csr'],
  properties: {
    csr: {
      type: 'string',
      minLength: 64,
      maxLength: 16384,
      description: 'PKCS#10 certificate request, PEM (or base64 DER); RSA ≥ 2048 bits or EC P-256 (PKI-01)',
    },
  },
} as const;

export const emptyParams = { type: 'object', additionalProperties: false, properties: {} } as const;

export const revokeParams = {
  type: 'object',
  additionalProperties: false,
  required: ['serial'],
  properties: {
    serial,
    reason: {
      type: 'string',
      enum: [...OFFICER_REASONS],
      default: 'unspecified',
      description: 'RFC 5280 reason; privilegeWithdrawn is for officers',
    },
  },
} as const;

export const serialParams = {
  type: 'object',
  additionalProperties: false,
  required: ['serial'],
  properties: { serial },
} as const;

export const crlParams = {
  type: 'object',
  additionalProperties: false,
  properties: { format: { type: 'string', enum: ['der', 'pem', 'json'], default: 'der' } },
} as const;

const legacyItem = {
  type: 'object',
  additionalProperties: false,
  required: ['legacyId', 'holder'],
  properties: {
    legacyId: { type: 'string', minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' },
    system: { type: 'string', maxLength: 50 },
    holder: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        personId: { type: 'string', maxLength: 64 },
        name: { type: 'string', minLength: 1, maxLength: 200 },
        nip: { type: 'string', maxLength: 16 },
        login: { type: 'string', maxLength: 100 },
      },
    },
    publicKeyPem: { type: 'string', maxLength: 8192 },
    certificatePem: { type: 'string', maxLength: 16384 },
    validFrom: dateTime,
    expiresAt: dateTime,
  },
} as const;

export const importLegacyParams = {
  type: 'object',
  additionalProperties: false,
  required: ['keys'],
  properties: { keys: { type: 'array', minItems: 1, maxItems: 1000, items: legacyItem } },
} as const;

export const renewLegacyParams = {
  type: 'object',
  additionalProperties: true,
  required: ['legacyId'],
  properties: { legacyId: { type: 'string', maxLength: 100 } },
} as const;

export const verifySignatureParams = {
  type: 'object',
  additionalProperties: false,
  required: ['jws'],
  properties: {
    jws: { type: 'string', minLength: 10, maxLength: 200_000, description: 'compact JWS (docs/pki-signatures.md)' },
    content: { type: 'string', maxLength: 15_000_000, description: 'the signed document bytes, base64' },
    contentSha256: { ...b64u256, description: 'or the document digest, base64url SHA-256' },
    purpose: { type: 'string', enum: ['document', 'transmission'], default: 'document' },
    maxAgeSeconds: { type: 'integer', minimum: 1, description: 'refuse signatures older than this' },
  },
} as const;

export const testAssertionParams = {
  type: 'object',
  additionalProperties: false,
  required: ['contentSha256'],
  properties: { contentSha256: b64u256 },
} as const;

export const testQualifiedParams = requestCertificateParams;

// ---- replies (OpenAPI) -----------------------------------------------------------------------
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

export const verificationView = {
  type: 'object',
  required: ['valid'],
  properties: {
    valid: { type: 'boolean' },
    method: {
      type: 'string',
      enum: ['qualified', 'customs-certificate', 'trusted-profile', 'legacy-transmission-key'],
    },
    reason: {
      type: 'string',
      enum: [
        'bad-signature',
        'unknown-chain',
        'expired',
        'revoked',
        'wrong-key-usage',
        'digest-mismatch',
        'unsupported',
      ],
    },
    detail: { type: 'string' },
    signer: { type: 'object' },
    certificate: { type: ['object', 'null'] },
    signedAt: dateTime,
    contentSha256: { type: 'string' },
  },
} as const;

// ---- events ------------------------------------------------------------------------------------
export const ISSUED = 'pki.certificate.issued';
export const REVOKED = 'pki.certificate.revoked';

export const issuedEventSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['serial', 'personId', 'accountId', 'issuer', 'notBefore', 'notAfter', 'keyType', 'fingerprint'],
  properties: {
    serial: { type: 'string' },
    personId: { type: 'string' },
    accountId: { type: 'string' },
    issuer: { type: 'string' },
    notBefore: dateTime,
    notAfter: dateTime,
    keyType: { type: 'string' },
    fingerprint: { type: 'string', description: 'SHA-256 of the certificate DER, hex' },
  },
} as const;

export const revokedEventSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['serial', 'personId', 'accountId', 'revokedAt', 'reason', 'revokedBy'],
  properties: {
    serial: { type: 'string' },
    personId: { type: 'string' },
    accountId: { type: 'string' },
    revokedAt: dateTime,
    reason: { type: 'string', enum: [...REVOCATION_REASON_VALUES] },
    revokedBy: { type: 'string', enum: ['holder', 'officer', 'system'] },
    cause: { type: 'string', description: 'the event that caused an automatic revocation (its type)' },
  },
} as const;

export function registerPkiEventSchemas(): void {
  registerEventSchema(eventType(ISSUED, 1), issuedEventSchema);
  registerEventSchema(eventType(REVOKED, 1), revokedEventSchema);
}

/** The identity facts that revoke a person's certificates automatically (PKI-03). */
export const IDENTITY_TRIGGERS: Record<string, 'cessationOfOperation' | 'privilegeWithdrawn'> = {
  'identity.account.closed': 'cessationOfOperation',
  'identity.person.scope-withdrawn': 'privilegeWithdrawn',
};
