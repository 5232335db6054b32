/**
 * What the pki agrees with its callers: action params (schemas and types), the answer of
 * `pki.verifySignature` (type and schema, defined here once: other services read it), the
 * revocation vocabulary (RFC 5280 reason names) and the event payloads. The event schemas are
 * registered with `registerEventSchema`, so a payload is validated before it enters the outbox.
 */
import { eventType, registerEventSchema } from '@puesc/events';

export const SERIAL_PATTERN = '^[0-9A-Fa-f:]{2,64}$';
const serial = { type: 'string', pattern: SERIAL_PATTERN, description: 'certificate serial number, hex' } as const;
export const dateTime = { type: 'string', format: 'date-time' } as const;
const b64u256 = { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$', description: 'base64url SHA-256' } as const;

// ---- revocation vocabulary (RFC 5280 5.3.1 reason names) ------------------------------------
export const REVOCATION_REASON_VALUES = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'privilegeWithdrawn',
] as const;
export type RevocationReason = (typeof REVOCATION_REASON_VALUES)[number];

/** A CA compromise and a certificate hold are never asked for through the API. */
const NOT_REQUESTED = ['cACompromise', 'certificateHold'] as const;
export type RequestedReason = Exclude<RevocationReason, (typeof NOT_REQUESTED)[number]>;

/** The reasons a person may give through the API (who may give which is PKI-03, in domain/revocation). */
export const OFFICER_REASONS: readonly RequestedReason[] = REVOCATION_REASON_VALUES.filter(
  (r): r is RequestedReason => !(NOT_REQUESTED as readonly string[]).includes(r),
);

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

// ---- param types (what the schemas above admit) ----------------------------------------------
export interface RequestCertificateParams {
  csr: string;
}
export interface RevokeParams {
  serial: string;
  reason?: RequestedReason;
}
export interface SerialParams {
  serial: string;
}
export type CrlFormat = 'der' | 'pem' | 'json';
export interface CrlParams {
  format?: CrlFormat;
}
/** One legacy key for secure data transmission as the legacy register gives it (PKI-04). */
export interface LegacyKeyItem {
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
export interface ImportLegacyParams {
  keys: LegacyKeyItem[];
}
export interface VerifySignatureParams {
  jws: string;
  /** The signed document bytes, base64. */
  content?: string;
  contentSha256?: string;
  purpose?: 'document' | 'transmission';
  maxAgeSeconds?: number;
}
export interface TestAssertionParams {
  contentSha256: string;
}

// ---- the answer of pki.verifySignature (PKI-05) -----------------------------------------------
export const SIGNATURE_METHODS = [
  'qualified',
  'customs-certificate',
  'trusted-profile',
  'legacy-transmission-key',
] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

export const REFUSAL_REASONS = [
  'bad-signature',
  'unknown-chain',
  'expired',
  'revoked',
  'wrong-key-usage',
  'digest-mismatch',
  'unsupported',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface Signer {
  name?: string;
  givenName?: string;
  familyName?: string;
  pesel?: string;
  /** ETSI semantics identifier from the certificate (`PNOPL-...`, `IDCDE-...`). */
  serialNumber?: string;
  country?: string;
  email?: string;
  organization?: string;
  /** ID SISC: from a customs certificate, or from the assertion when the provider gives it. */
  personId?: string;
  subject?: string;
  /** Trusted profile: the provider and its id of the signer. */
  provider?: string;
  providerSubject?: string;
  /** Legacy key: the holder as imported. */
  legacyId?: string;
}

export interface CertificateStatusReport {
  serial: string;
  issuer: string;
  subject: string;
  notBefore: string;
  notAfter: string;
  fingerprint: string;
  /** `not-checked` when no revocation source exists for the issuer (qualified CA without a configured CRL). */
  statusAtSigningTime: 'good' | 'not-checked';
  currentStatus: 'good' | 'revoked' | 'not-checked';
  revokedAt?: string;
  revocationReason?: RevocationReason;
}

export interface VerificationSuccess {
  valid: true;
  method: SignatureMethod;
  profile: 'puesc-jades-compact-v1' | 'puesc-trusted-profile-v1';
  signer: Signer;
  certificate: CertificateStatusReport | null;
  /** Signing time claimed in the signature (`iat`), ISO 8601. */
  signedAt: string;
  /** base64url SHA-256 of the signed document, as signed. */
  contentSha256: string;
  contentType?: string;
  /** True when the signer chains to generated TEST anchors (embedded/demo mode). */
  testAnchor?: boolean;
}

export interface VerificationRefusal {
  valid: false;
  reason: RefusalReason;
  detail: string;
  method?: SignatureMethod;
}

export type VerificationResult = VerificationSuccess | VerificationRefusal;

export const verificationView = {
  type: 'object',
  required: ['valid'],
  properties: {
    valid: { type: 'boolean' },
    method: { type: 'string', enum: [...SIGNATURE_METHODS] },
    reason: { type: 'string', enum: [...REFUSAL_REASONS] },
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
