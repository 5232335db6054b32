/**
 * The pki collections (mongoose schemas are the single description of their shape) and typed
 * accessors. Private keys live only in `ca` and `trustAnchors`, and only in embedded/demo mode.
 */
import { Schema } from 'mongoose';
import type { Collection, Store } from '@puesc/store';
import { REVOCATION_REASON_VALUES, type RevocationReason } from './contracts';

export interface CaDoc {
  _id: string;
  source: 'generated';
  rootCertPem: string;
  rootKeyPem?: string;
  issuingCertPem: string;
  issuingKeyPem: string;
  /** Keys are encrypted PKCS#8 (PKI_CA_KEY_PASSPHRASE). */
  keysEncrypted: boolean;
  createdAt: Date;
}

export interface TestAnchorsDoc {
  _id: string;
  qualifiedCaCertPem: string;
  qualifiedCaKeyPem: string;
  trustedProfileId: string;
  trustedProfileKeyPem: string;
  trustedProfilePublicKeyPem: string;
  createdAt: Date;
}

export interface CertificateDoc {
  /** The serial (upper-case hex). */
  _id: string;
  serial: string;
  personId: string;
  accountId: string;
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  keyType: string;
  keyFingerprint: string;
  fingerprint: string;
  certificatePem: string;
  /** What the request claimed (audit only; never in the certificate, PKI-02). */
  claimedSubject: string;
  issuedAt: Date;
}

export type RevokedByKind = 'holder' | 'officer' | 'system';

export interface RevocationDoc {
  /** The serial: one revocation per certificate, whoever tries again. */
  _id: string;
  serial: string;
  personId: string;
  accountId: string;
  revokedAt: Date;
  reason: RevocationReason;
  by: { kind: RevokedByKind; accountId?: string; role?: string; event?: string; eventType?: string };
}

export interface CrlDoc {
  _id: string;
  crlNumber: number;
  thisUpdate: Date;
  nextUpdate: Date;
  /** DER, base64. */
  der: string;
  revokedCount: number;
  issuerFingerprint: string;
}

export interface LegacyKeyDoc {
  _id: string;
  legacyId: string;
  system?: string;
  holder: { personId?: string; name: string; nip?: string; login?: string };
  publicKeyPem: string;
  keyFingerprint: string;
  certificateFingerprint?: string;
  validFrom?: Date;
  expiresAt: Date;
  importedAt: Date;
  importedBy: string;
}

export interface SequenceDoc {
  _id: string;
  value?: number;
}

const str = { type: String, required: true } as const;
const date = { type: Date, required: true } as const;

const caSchema = new Schema({
  _id: { type: String },
  source: { type: String, required: true, enum: ['generated'] },
  rootCertPem: str,
  rootKeyPem: { type: String },
  issuingCertPem: str,
  issuingKeyPem: str,
  keysEncrypted: { type: Boolean, required: true },
  createdAt: date,
});

/** The TEST anchors: every field a required string but the creation time. */
const TEST_ANCHOR_FIELDS = [
  'qualifiedCaCertPem',
  'qualifiedCaKeyPem',
  'trustedProfileId',
  'trustedProfileKeyPem',
  'trustedProfilePublicKeyPem',
] as const;

const trustAnchorsSchema = new Schema({
  _id: { type: String },
  ...Object.fromEntries(TEST_ANCHOR_FIELDS.map((f) => [f, str])),
  createdAt: date,
});

const certificateSchema = new Schema({
  _id: { type: String },
  serial: { type: String, required: true, unique: true },
  personId: { type: String, required: true, index: true },
  accountId: { type: String, required: true, index: true },
  subject: str,
  issuer: str,
  notBefore: date,
  notAfter: date,
  keyType: str,
  keyFingerprint: { type: String, required: true, index: true },
  fingerprint: { type: String, required: true, unique: true },
  certificatePem: str,
  claimedSubject: { type: String },
  issuedAt: date,
});

const revocationSchema = new Schema({
  _id: { type: String },
  serial: { type: String, required: true, unique: true },
  personId: { type: String, required: true, index: true },
  accountId: { type: String, required: true },
  revokedAt: date,
  reason: { type: String, required: true, enum: REVOCATION_REASON_VALUES },
  by: new Schema(
    {
      kind: { type: String, required: true, enum: ['holder', 'officer', 'system'] },
      accountId: { type: String },
      role: { type: String },
      event: { type: String },
      eventType: { type: String },
    },
    { _id: false },
  ),
});

const crlSchema = new Schema({
  _id: { type: String },
  crlNumber: { type: Number, required: true },
  thisUpdate: date,
  nextUpdate: date,
  der: str,
  revokedCount: { type: Number, required: true },
  issuerFingerprint: str,
});

const legacyKeySchema = new Schema({
  _id: { type: String },
  legacyId: { type: String, required: true, unique: true },
  system: { type: String },
  holder: new Schema(
    {
      personId: { type: String },
      name: { type: String, required: true },
      nip: { type: String },
      login: { type: String },
    },
    { _id: false },
  ),
  publicKeyPem: str,
  keyFingerprint: { type: String, required: true, index: true },
  certificateFingerprint: { type: String },
  validFrom: { type: Date },
  expiresAt: date,
  importedAt: date,
  importedBy: str,
});

const sequenceSchema = new Schema({ _id: { type: String }, value: { type: Number } });

/** Each collection's mongoose schema, by its name (the name is also the accessor in PkiStore). */
const SCHEMAS = {
  ca: caSchema,
  trustAnchors: trustAnchorsSchema,
  certificates: certificateSchema,
  revocations: revocationSchema,
  crls: crlSchema,
  legacyKeys: legacyKeySchema,
  sequences: sequenceSchema,
};

export const COLLECTIONS = Object.fromEntries(
  Object.entries(SCHEMAS).map(([name, schema]) => [name, { name, schema }]),
) as { [K in keyof typeof SCHEMAS]: { name: K; schema: Schema } };

export interface PkiStore {
  ca: Collection<CaDoc>;
  trustAnchors: Collection<TestAnchorsDoc>;
  certificates: Collection<CertificateDoc>;
  revocations: Collection<RevocationDoc>;
  crls: Collection<CrlDoc>;
  legacyKeys: Collection<LegacyKeyDoc>;
  sequences: Collection<SequenceDoc>;
}

export function openStore(store: Store): PkiStore {
  const open = ([key, spec]: [string, (typeof COLLECTIONS)[keyof typeof COLLECTIONS]]) => [key, store.collection(spec)];
  return Object.fromEntries(Object.entries(COLLECTIONS).map(open)) as unknown as PkiStore;
}

/** The opener's earlier name. */
export const pkiStore = openStore;

export const SEQ_CERTIFICATE_SERIAL = 'certificate-serial';
export const SEQ_CRL_NUMBER = 'crl-number';
