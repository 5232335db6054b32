/**
 * Shapes of the platform's HTTP answers and requests, as the services declare them
 * (services/<name>/src: params schemas, views, OpenAPI `response`). Answers may carry more
 * members than listed; the client never strips them.
 */
import type {
  Company as CompanyRecord,
  CompanyData,
  FormCode as CatalogueFormCode,
  Permission,
  PersonAddress,
  PersonView,
  RepresentationKind,
  RepresentationStatus,
  Role,
  Scope,
  Upo,
  UpoRecord,
} from '@puesc/contracts';

// The shared vocabulary and the answers the services define once (@puesc/contracts).
export type {
  Permission,
  Role,
  Scope,
  RepresentationKind,
  RepresentationStatus,
  PersonView,
  PersonAddress as Address,
  LegalForm,
  CompanyData,
  PublicCheckAnswer,
  Upo,
  UpoRecord,
} from '@puesc/contracts';
export type { VerificationResult as SignatureVerification } from '@puesc/contracts';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type JsonObject = { [k: string]: unknown };

// ---- identity -----------------------------------------------------------------------------------

/** `POST /api/v1/auth/login` and `/auth/refresh`. */
export interface TokenAnswer {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds. */
  expiresIn: number;
  scope: Scope;
  personId: string | null;
  roles: Role[];
  refreshToken: string;
  refreshExpiresAt: string;
}

/** What the client keeps between calls (and what the CLI stores in `session.json`). */
export interface Session {
  accessToken: string;
  /** Epoch milliseconds, computed from `expiresIn` when the token was received. */
  accessExpiresAt: number;
  refreshToken: string;
  refreshExpiresAt: string;
  scope: Scope;
  personId: string | null;
  roles: Role[];
  email?: string;
}

export interface AccountView {
  accountId: string;
  email: string;
  emailVerified: boolean;
  status: 'active' | 'closed';
  roles: Role[];
  office: string | null;
  personId: string | null;
  createdAt: string | null;
}

export interface RegisterPersonInput {
  givenNames: string;
  surname: string;
  pesel?: string;
  document?: { country: string; type: 'id-card' | 'passport' | string; number: string; birthDate: string };
  citizenship?: string;
  phone?: string | null;
  address?: PersonAddress;
}

export interface RepresentationDocuments {
  authorisation?: { form: 'pdf' | 'signed' | 'paper'; ref?: string };
  stampDuty?: { ref: string; amountPln: number };
}

export interface RepresentationView {
  id: string;
  personId: string;
  accountId: string;
  company: { id: string; name: string | null; nip: string | null; eori: string | null };
  kind: RepresentationKind;
  permissions: Permission[];
  endDate: string | null;
  status: RepresentationStatus;
  documents: RepresentationDocuments;
  missingDocuments: { document: string; rule: string; message: string }[];
  requestedAt: string | null;
  decidedAt: string | null;
  decidedBy: JsonObject | null;
  rejectionReason: string | null;
  endedAt: string | null;
  endReason: string | null;
  versions?: JsonObject[];
}

export interface RequestRepresentationInput {
  companyId?: string;
  eori?: string;
  nip?: string;
  kind: RepresentationKind;
  permissions: Permission[];
  endDate?: string;
  documents?: RepresentationDocuments;
}

export interface MeView {
  account: AccountView;
  person: PersonView | null;
  scope: Scope;
  representations: RepresentationView[];
}

export interface ExtendedScopeRequestDocument {
  document: JsonObject;
  /** The exact text to sign (ID-04). */
  content: string;
  expiresAt: string;
}

export interface OfficerView {
  accountId: string;
  email: string;
  roles: Role[];
  office: string | null;
  invited?: boolean;
  givenNames?: string;
  surname?: string;
  createdAt?: string;
}

export interface Jwks {
  keys: Array<{
    kty: string;
    kid?: string;
    alg?: string;
    use?: string;
    crv?: string;
    x?: string;
    y?: string;
    n?: string;
    e?: string;
    [k: string]: unknown;
  }>;
}

// ---- registry -----------------------------------------------------------------------------------

export interface RegisterCompanyInput extends CompanyData {
  contact: { email: string; phone?: string };
  /** The submitter represents the company by law (owner, board member, proxy): a pending by-law representation follows. */
  declareByLaw?: boolean;
}

/** A company as the registry answers it; answers may carry more members. */
export interface Company extends CompanyRecord {
  [k: string]: unknown;
}

// ---- pki ----------------------------------------------------------------------------------------

export type RevocationReason =
  'unspecified' | 'keyCompromise' | 'affiliationChanged' | 'superseded' | 'cessationOfOperation' | 'privilegeWithdrawn';

export interface CertificateView {
  serial: string;
  status: 'valid' | 'revoked' | 'expired';
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
  keyType?: string;
  fingerprint?: string;
  certificatePem: string;
  /** The CA chain (issuing CA, root), PEM; present on issuance. */
  chainPem?: string;
  revokedAt?: string;
  revocationReason?: string;
}

export interface CertificateStatus {
  serial: string;
  status: 'good' | 'revoked' | 'unknown';
  expired?: boolean;
  notBefore?: string;
  notAfter?: string;
  revokedAt?: string;
  revocationReason?: string;
  checkedAt?: string;
}

export interface CaChain {
  issuingCaPem: string;
  rootCaPem: string;
  chainPem: string;
  issuingCaFingerprint?: string;
  rootCaFingerprint?: string;
  crlUrl?: string;
  /** A generated (demo/test) CA. */
  test?: boolean;
}

export interface CrlJson {
  crlNumber: number | string;
  thisUpdate: string;
  nextUpdate: string;
  der: string;
  pem: string;
  revoked: { serial: string; revokedAt: string; reason: string }[];
}

// ---- seap ---------------------------------------------------------------------------------------

/** A form of the catalogue (DOC-01), or one added to the platform after this kit was built. */
export type FormCode = CatalogueFormCode | (string & {});

export interface FormSummary {
  code: FormCode;
  version: number;
  name: string;
  title: string;
  target: 'szprot' | 'seap';
  purposes: string[];
  description: string;
}

export interface Form extends FormSummary {
  requiresCompany: boolean;
  attachmentKinds: { value: string; label: string }[];
  attachments: { mediaType: string; maxTotalBytes: number };
  /** JSON Schema of the content; `x-help` holds each field's help text (DOC-01). */
  schema: JsonObject;
}

export interface AttachmentView {
  id: string;
  name: string;
  kind: string;
  size: number;
  /** Hex. */
  sha256: string;
  mediaType: string;
}

export interface Draft {
  id: string;
  version: number;
  formCode: FormCode;
  companyId: string | null;
  title: string | null;
  content: JsonObject;
  attachments: AttachmentView[];
  attachmentsBytes: number;
  attachmentsLimitBytes: number;
  generated: string[];
  createdAt: string | null;
  updatedAt: string | null;
}

export interface DocumentDelivery {
  availableAt: string | null;
  deemedDeliveryAt: string | null;
  openedAt: string | null;
  deliveredAt: string | null;
  deemed: boolean | null;
  issuer: { service: string; office: string | null; name: string | null };
}

export interface DocumentView {
  id: string;
  origin: 'client' | 'authority';
  status: 'generated' | 'received' | 'duplicate' | 'available' | 'delivered' | (string & {});
  kind: string;
  title: string;
  companyId: string | null;
  onBehalfOf: { companyId: string; eori: string | null; name: string | null } | null;
  caseRef: string | null;
  target: string | null;
  purpose: string | null;
  authority: { code: string; name: string } | null;
  /** SHA-256 of the frozen bytes, hex. */
  sha256: string;
  size: number;
  attachments: AttachmentView[];
  createdAt: string | null;
  receivedAt: string | null;
  upoId: string | null;
  duplicateOf: string | null;
  delivery: DocumentDelivery | null;
  sentBy: { accountId: string; personId: string | null } | null;
  /** Detail views only. */
  content?: JsonObject;
  /** Authority documents: the platform's JWS over the document (verify with the UPO JWKS). */
  signature?: string;
  /** Generated documents: the exact bytes to sign, base64. */
  canonicalBase64?: string;
  /** Generated documents: SHA-256 of those bytes, base64url (the `x-content-sha256` to sign). */
  sha256B64u?: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
}

export type { ListDocumentsQuery } from '@puesc/contracts';

/** `POST /api/v1/seap/documents/:id/send`. */
export interface Receipt {
  document: DocumentView;
  upo: UpoRecord;
  /** The submission had already been received (DOC-08): this is the first receipt. */
  duplicate: boolean;
}

export type UpoOnlineVerification =
  | { valid: true; kid: string; upo: Upo; documentMatches?: boolean }
  | { valid: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' | 'wrong-type'; detail: string };

export interface CaseSummary {
  caseRef: string;
  documents: DocumentView[];
  lastActivityAt: string;
}

// ---- szprot -------------------------------------------------------------------------------------

/** A case as szprot lists and shows it (summary members; the detail view has more). */
export interface SzprotCase {
  caseId: string;
  status: string;
  caseRef?: string;
  office?: string;
  permitNumber?: string | null;
  applicationDocumentId?: string;
  deadlines?: JsonObject[];
  [k: string]: unknown;
}
