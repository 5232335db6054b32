/**
 * What seap keeps of a document: a client's document (generated from a draft, then sent with its
 * UPO, DOC-02..DOC-05) or a document from the authority (made available, then delivered, DOC-06,
 * DOC-07). The states and the transitions between them are in `documentMachine.ts`.
 */
import type { AuthorityDocumentKind, Signer } from '@puesc/contracts';
import type { AttachmentKind, FormCode, Purpose, TargetService } from './forms';
import type { StatementAuthentication } from './statements';

export interface AttachmentRef {
  id: string;
  name: string;
  kind: AttachmentKind;
  size: number;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  mediaType: 'application/pdf';
  /** EUP-19, statements only: how the client declares the statement authenticated (absent when undeclared). */
  authentication?: StatementAuthentication;
}

export type DocumentOrigin = 'client' | 'authority';
/** client: generated (to send) → received (sent, with its UPO) | duplicate; authority: available → delivered. */
export type DocumentStatus = 'generated' | 'received' | 'duplicate' | 'available' | 'delivered';
export type AuthorityKind = AuthorityDocumentKind;

/** The company a document is sent for (REG-01). */
export interface Party {
  companyId: string;
  eori: string | null;
  name: string | null;
}

export interface SubmissionRecord {
  submittedBy: { accountId: string; personId: string | null; name: string | null };
  signature: {
    jws: string;
    method: string;
    signer: Signer;
    signedAt: string;
    certificateSerial: string | null;
  };
  idempotencyKey: string | null;
  requestId: string | null;
}

export interface Issuer {
  service: string;
  office: string | null;
  name: string | null;
}

export interface DeliveryRecord {
  availableAt: Date;
  deemedAt: Date;
  openedAt: Date | null;
  openedBy: string | null;
  deliveredAt: Date | null;
  deemed: boolean | null;
  contactEmail: string | null;
  issuer: Issuer;
  externalId: string | null;
  /** The authority's signature over the canonical bytes (JWS, seap's key). */
  jws: string;
}

export interface DocumentDoc {
  _id: string;
  origin: DocumentOrigin;
  status: DocumentStatus;
  /** Form code (client documents) or authority document kind. */
  kind: FormCode | AuthorityKind;
  title: string;
  /** The submitter (client documents) or the addressee (authority documents). */
  accountId: string | null;
  personId: string | null;
  companyId: string | null;
  onBehalfOf: Party | null;
  caseRef: string | null;
  /** Target service of a client document (DOC-01) and where it was routed. */
  target: TargetService | null;
  routeTo: string | null;
  purpose: Purpose | null;
  authority: { code: string; name: string } | null;
  content: Record<string, unknown>;
  /** The frozen bytes (RFC 8785 JCS, UTF-8), base64. */
  canonical: string;
  sha256: string;
  size: number;
  attachments: AttachmentRef[];
  draftId: string | null;
  relatedDocumentId: string | null;
  createdAt: Date;
  updatedAt: Date;
  receivedAt: Date | null;
  upoId: string | null;
  /** The UPO as signed (compact JWS), written with the receipt and its event in one write. */
  upo: { kid: string; jws: string } | null;
  duplicateOf: string | null;
  submission: SubmissionRecord | null;
  delivery: DeliveryRecord | null;
  /** DOC-07 sweep key: set while an authority document waits for delivery, removed once delivered. */
  pendingDeliveryAt?: Date;
  /** Idempotency of deliverDocument: `<service>:<externalId>`. */
  deliveryKey?: string;
}

/** The facts seap publishes on its stream (subjects of `seap.>`). */
export const RECEIVED = 'seap.document.received';
export const AVAILABLE = 'seap.document.available';
export const DELIVERED = 'seap.document.delivered';

/** A fact a transition records, stored with the document (outbox) and published on the SEAP stream. */
export interface DocumentFact {
  subject: typeof RECEIVED | typeof AVAILABLE | typeof DELIVERED;
  time: Date;
  data: Record<string, unknown>;
  /** CloudEvents extension attributes (companyid, eori) for consumers that filter on them. */
  ext?: Record<string, string>;
}
