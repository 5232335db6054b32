/**
 * What the pki agrees with its callers: action params (schemas and types) and the event payloads.
 * The answer of `pki.verifySignature`, the revocation vocabulary (RFC 5280 reason names) and the
 * PKI stream's event catalogue are the shared ones of @puesc/contracts.
 */
import {
  PKI_EVENTS,
  REVOCATION_REASONS,
  schemas,
  type RevocationReason,
  type VerificationRefusalReason,
} from '@puesc/contracts';
import { registerEventCatalogue } from '@puesc/events';

export type {
  CertificateStatusReport,
  RevocationReason,
  SignatureMethod,
  Signer,
  VerificationRefusal,
  VerificationResult,
  VerificationSuccess,
  VerifySignatureParams,
} from '@puesc/contracts';
export { SIGNATURE_METHODS, VERIFICATION_REFUSAL_REASONS as REFUSAL_REASONS } from '@puesc/contracts';
/** A refusal reason of PKI-05 (the contracts' name is VerificationRefusalReason). */
export type RefusalReason = VerificationRefusalReason;

export const { dateTime, emptyParams } = schemas;
export const SERIAL_PATTERN = '^[0-9A-Fa-f:]{2,64}$';
const serial = { type: 'string', pattern: SERIAL_PATTERN, description: 'certificate serial number, hex' } as const;
/** The longest signature age a caller may ask to accept: 10 years of 365 days. */
export const MAX_SIGNATURE_AGE_SECONDS = 10 * 365 * 86_400;
const b64u256 = { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$', description: 'base64url SHA-256' } as const;

// ---- revocation vocabulary (RFC 5280 5.3.1 reason names) ------------------------------------
/** The RFC 5280 reasons (the contracts' list, under the name pki's modules use). */
export const REVOCATION_REASON_VALUES = REVOCATION_REASONS;

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
    maxAgeSeconds: {
      type: 'integer',
      minimum: 1,
      // Issue 18: every number is bounded; 10 years exceed the life of every certificate PKI-05 accepts.
      maximum: MAX_SIGNATURE_AGE_SECONDS,
      description: 'refuse signatures older than this, seconds (at most 10 years)',
    },
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
export interface TestAssertionParams {
  contentSha256: string;
}

// ---- events (the PKI stream's catalogue is in @puesc/contracts) --------------------------------
export const ISSUED = 'pki.certificate.issued' satisfies keyof typeof PKI_EVENTS;
export const REVOKED = 'pki.certificate.revoked' satisfies keyof typeof PKI_EVENTS;

/** Registers the payload schemas, so that a payload is validated before it enters the outbox. */
export function registerPkiEventSchemas(): void {
  registerEventCatalogue(PKI_EVENTS);
}
