/**
 * PKI-05: the answer of `pki.verifySignature`, which identity (ID-04), seap (DOC-03) and the
 * client kit read: who signed, with which method, and the certificate's status — or why the
 * signature is refused. Also the revocation reasons of RFC 5280 (5.3.1) the pki uses.
 */

export const SIGNATURE_METHODS = [
  'qualified',
  'customs-certificate',
  'trusted-profile',
  'legacy-transmission-key',
] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

/** PKI-05: the methods a document (or a registration request, ID-04) may be signed with; a legacy transmission key signs transmissions only. */
export const DOCUMENT_SIGNATURE_METHODS = [
  'qualified',
  'customs-certificate',
  'trusted-profile',
] as const satisfies readonly SignatureMethod[];
export type DocumentSignatureMethod = (typeof DOCUMENT_SIGNATURE_METHODS)[number];

export const isDocumentSignatureMethod = (m: unknown): m is DocumentSignatureMethod =>
  typeof m === 'string' && (DOCUMENT_SIGNATURE_METHODS as readonly string[]).includes(m);

export const VERIFICATION_REFUSAL_REASONS = [
  'bad-signature',
  'unknown-chain',
  'expired',
  'revoked',
  'wrong-key-usage',
  'digest-mismatch',
  'unsupported',
] as const;
export type VerificationRefusalReason = (typeof VERIFICATION_REFUSAL_REASONS)[number];

/** RFC 5280 5.3.1 reason names. */
export const REVOCATION_REASONS = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'certificateHold',
  'privilegeWithdrawn',
] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

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
  /** ETSI EN 319 412-1 organisation identifier of a seal's certificate (`VATPL-<NIP>`): the company that sealed (ID-06). */
  organizationIdentifier?: string;
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
  reason: VerificationRefusalReason;
  detail: string;
  method?: SignatureMethod;
}

export type VerificationResult = VerificationSuccess | VerificationRefusal;

/** `pki.verifySignature`'s params: a compact JWS and, when detached, its content (base64) or the content's digest. */
export interface VerifySignatureParams {
  jws: string;
  content?: string;
  /** base64url SHA-256 of the content. */
  contentSha256?: string;
  purpose?: 'document' | 'transmission';
  maxAgeSeconds?: number;
}

// ---- the answer's JSON Schema (OpenAPI response of pki.verifySignature) ------------------------
const isoInstant = { type: 'string', format: 'date-time' } as const;
const text = { type: 'string' } as const;

const signerSchema = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(
    [
      'name',
      'givenName',
      'familyName',
      'pesel',
      'serialNumber',
      'country',
      'email',
      'organization',
      'organizationIdentifier',
      'personId',
      'subject',
      'provider',
      'providerSubject',
      'legacyId',
    ].map((k) => [k, text]),
  ),
} as const;

const certificateStatusSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'serial',
    'issuer',
    'subject',
    'notBefore',
    'notAfter',
    'fingerprint',
    'statusAtSigningTime',
    'currentStatus',
  ],
  properties: {
    serial: text,
    issuer: text,
    subject: text,
    notBefore: isoInstant,
    notAfter: isoInstant,
    fingerprint: text,
    statusAtSigningTime: { type: 'string', enum: ['good', 'not-checked'] },
    currentStatus: { type: 'string', enum: ['good', 'revoked', 'not-checked'] },
    revokedAt: isoInstant,
    revocationReason: { type: 'string', enum: [...REVOCATION_REASONS] },
  },
} as const;

/** PKI-05: the JSON Schema of `VerificationResult`, a success or a refusal (told apart by `valid`). */
export const verificationResultSchema = {
  oneOf: [
    {
      type: 'object',
      title: 'VerificationSuccess',
      additionalProperties: false,
      required: ['valid', 'method', 'profile', 'signer', 'certificate', 'signedAt', 'contentSha256'],
      properties: {
        valid: { const: true },
        method: { type: 'string', enum: [...SIGNATURE_METHODS] },
        profile: { type: 'string', enum: ['puesc-jades-compact-v1', 'puesc-trusted-profile-v1'] },
        signer: signerSchema,
        certificate: { oneOf: [certificateStatusSchema, { type: 'null' }] },
        signedAt: isoInstant,
        contentSha256: { type: 'string', pattern: '^[A-Za-z0-9_-]{43}$', description: 'base64url SHA-256' },
        contentType: text,
        testAnchor: { type: 'boolean' },
      },
    },
    {
      type: 'object',
      title: 'VerificationRefusal',
      additionalProperties: false,
      required: ['valid', 'reason', 'detail'],
      properties: {
        valid: { const: false },
        reason: { type: 'string', enum: [...VERIFICATION_REFUSAL_REASONS] },
        detail: text,
        method: { type: 'string', enum: [...SIGNATURE_METHODS] },
      },
    },
  ],
} as const;
