/**
 * seap's collections. The mongoose schemas are the single description of the persisted shape; both
 * store adapters read their indexes from here. No unique index is put on a field that may be null
 * (nedb would index the nulls): uniqueness of submissions and deliveries is kept by primary keys in
 * `submissionKeys`.
 */
import { Schema } from 'mongoose';
import { keyCollectionSpec, type KeyRecord } from '@puesc/keyring';
import type { Collection, Doc, Filter, Store } from '@puesc/store';
import type { AttachmentRef, DocumentDoc } from './domain/document';
import type { AttachmentKind, FormCode } from './domain/forms';
import { STATEMENT_AUTHENTICATIONS } from './domain/statements';

export type {
  AttachmentRef,
  AuthorityKind,
  DeliveryRecord,
  DocumentDoc,
  DocumentOrigin,
  DocumentStatus,
  Party,
  SubmissionRecord,
} from './domain/document';

const opts = { versionKey: false, minimize: false } as const;
const Mixed = Schema.Types.Mixed;

// ---- drafts ------------------------------------------------------------------------------------

export interface DraftDoc {
  _id: string;
  accountId: string;
  personId: string | null;
  /** The company the client acts for (the context), or null when acting for themselves. */
  companyId: string | null;
  formCode: FormCode;
  title: string | null;
  content: Record<string, unknown>;
  attachments: AttachmentRef[];
  /** Documents generated from this draft, newest last. */
  generated: string[];
  createdAt: Date;
  updatedAt: Date;
  /** Drafts are discarded, not erased (the store keeps no deletes). */
  discardedAt: Date | null;
}

const attachmentRef = new Schema(
  {
    id: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    mediaType: { type: String, required: true },
    // EUP-19: statements only, as declared by the client.
    authentication: { type: String, enum: [...STATEMENT_AUTHENTICATIONS] },
  },
  { _id: false },
);

const draftSchema = new Schema(
  {
    _id: String,
    accountId: { type: String, required: true },
    personId: { type: String, default: null },
    companyId: { type: String, default: null },
    formCode: { type: String, required: true },
    title: { type: String, default: null },
    content: { type: Mixed, required: true },
    attachments: { type: [attachmentRef], default: [] },
    generated: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    discardedAt: { type: Date, default: null },
  },
  opts,
);
draftSchema.index({ accountId: 1, updatedAt: -1 });

// ---- documents (their shape: domain/document.ts) -------------------------------------------------

const documentSchema = new Schema(
  {
    _id: String,
    origin: { type: String, required: true, enum: ['client', 'authority'] },
    status: { type: String, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    accountId: { type: String, default: null },
    personId: { type: String, default: null },
    companyId: { type: String, default: null },
    onBehalfOf: { type: Mixed, default: null },
    caseRef: { type: String, default: null },
    target: { type: String, default: null },
    routeTo: { type: String, default: null },
    purpose: { type: String, default: null },
    authority: { type: Mixed, default: null },
    content: { type: Mixed, required: true },
    canonical: { type: String, required: true },
    sha256: { type: String, required: true },
    size: { type: Number, required: true },
    attachments: { type: [attachmentRef], default: [] },
    draftId: { type: String, default: null },
    relatedDocumentId: { type: String, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    receivedAt: { type: Date, default: null },
    upoId: { type: String, default: null },
    upo: { type: Mixed, default: null },
    duplicateOf: { type: String, default: null },
    submission: { type: Mixed, default: null },
    delivery: { type: Mixed, default: null },
    pendingDeliveryAt: { type: Date },
    deliveryKey: { type: String },
  },
  opts,
);
documentSchema.index({ accountId: 1, createdAt: -1 });
documentSchema.index({ companyId: 1, createdAt: -1 });
// Not sparse: nedb's sparse indexes miss range queries on dates (found here; a plain index works).
documentSchema.index({ pendingDeliveryAt: 1 });
documentSchema.index({ upoId: 1 });
documentSchema.index({ caseRef: 1 });
documentSchema.index({ relatedDocumentId: 1 });
documentSchema.index({ deliveryKey: 1 }, { unique: true, sparse: true });

// ---- attachments -------------------------------------------------------------------------------

export interface AttachmentDoc {
  _id: string;
  accountId: string;
  draftId: string;
  name: string;
  kind: AttachmentKind;
  mediaType: 'application/pdf';
  /** `removed`: refused, failed or taken off its draft before any document referred to it. */
  status: 'uploading' | 'complete' | 'removed';
  size: number;
  sha256: string | null;
  chunks: number;
  chunkSize: number;
  /** Once a generated document refers to it, it is never removed. */
  frozen: boolean;
  createdAt: Date;
}

const attachmentSchema = new Schema(
  {
    _id: String,
    accountId: { type: String, required: true },
    draftId: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    mediaType: { type: String, required: true },
    status: { type: String, required: true, enum: ['uploading', 'complete', 'removed'] },
    size: { type: Number, required: true },
    sha256: { type: String, default: null },
    chunks: { type: Number, required: true },
    chunkSize: { type: Number, required: true },
    frozen: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
  },
  opts,
);
attachmentSchema.index({ draftId: 1 });

export interface ChunkDoc {
  /** `<attachmentId>:<n>` */
  _id: string;
  attachmentId: string;
  n: number;
  /** The chunk's bytes, base64 (both adapters store strings the same way; GridFS is not needed). */
  data: string;
  /** The store has no delete: a refused or removed upload's chunks are emptied and marked. */
  removed?: boolean;
}

const chunkSchema = new Schema(
  {
    _id: String,
    attachmentId: { type: String, required: true },
    n: { type: Number, required: true },
    data: { type: String, default: '' },
    removed: { type: Boolean },
  },
  opts,
);
chunkSchema.index({ attachmentId: 1, n: 1 }, { unique: true });

// ---- UPO keys, submission keys ------------------------------------------------------------------

/** A UPO key as seap kept it before @puesc/keyring (read once, to import it: keyring.ts). */
export interface UpoKeyDoc {
  /** The JWK thumbprint (RFC 7638) of the public key. */
  _id: string;
  alg: 'ES256';
  publicJwk: Record<string, unknown>;
  /** PKCS#8 PEM, encrypted with SEAP_UPO_KEY_PASSPHRASE when set. */
  privateKeyPem: string;
  encrypted: boolean;
  status: 'active' | 'retired';
  activatedAt: Date;
  retiredAt: Date | null;
}

const upoKeySchema = new Schema(
  {
    _id: String,
    alg: { type: String, required: true },
    publicJwk: { type: Mixed, required: true },
    privateKeyPem: { type: String, required: true },
    encrypted: { type: Boolean, required: true },
    status: { type: String, required: true, enum: ['active', 'retired'] },
    activatedAt: { type: Date, required: true },
    retiredAt: { type: Date, default: null },
  },
  opts,
);

/** One spec object: a store opens a collection once per schema (openStore may run more than once). */
const upoSigningKeySpec = keyCollectionSpec('upo_signing_keys');

/** DOC-08: `idem:<accountId>:<key>` and `bytes:<accountId>:<sha256>` → the document they sent. */
export const submissionKeyIds = {
  idempotency: (accountId: string, key: string): string => `idem:${accountId}:${key}`,
  bytes: (accountId: string, sha256: string): string => `bytes:${accountId}:${sha256}`,
};

export interface SubmissionKeyDoc {
  _id: string;
  documentId: string;
  /** On the platform clock (the demo clock may stand anywhere). */
  createdAt: Date;
  /**
   * DOC-08: when a claim on signed bytes was made or taken over, on the real clock: whether a claim is
   * abandoned is a matter of elapsed real time, whatever the platform clock says.
   */
  claimedAt?: Date;
}

const submissionKeySchema = new Schema(
  {
    _id: String,
    documentId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    claimedAt: { type: Date },
  },
  opts,
);

export interface SeapStore {
  drafts: Collection<DraftDoc>;
  documents: Collection<DocumentDoc>;
  attachments: Collection<AttachmentDoc>;
  chunks: Collection<ChunkDoc>;
  /** The earlier UPO keys (read-only since @puesc/keyring). */
  upoKeys: Collection<UpoKeyDoc>;
  /** The UPO signing keys (@puesc/keyring). */
  upoSigningKeys: Collection<KeyRecord>;
  submissionKeys: Collection<SubmissionKeyDoc>;
}

export function openStore(store: Store): SeapStore {
  return {
    drafts: store.collection<DraftDoc>({ name: 'drafts', schema: draftSchema }),
    documents: store.collection<DocumentDoc>({ name: 'documents', schema: documentSchema }),
    attachments: store.collection<AttachmentDoc>({ name: 'attachments', schema: attachmentSchema }),
    // Underscore: the outbox relay does not scan it (chunks never carry events, and scanning
    // megabytes of attachment bytes for outboxes every second would be wasteful).
    chunks: store.collection<ChunkDoc>({ name: '_attachment_chunks', schema: chunkSchema }),
    upoKeys: store.collection<UpoKeyDoc>({ name: 'upo_keys', schema: upoKeySchema }),
    upoSigningKeys: store.collection<KeyRecord>(upoSigningKeySpec),
    submissionKeys: store.collection<SubmissionKeyDoc>({ name: 'submission_keys', schema: submissionKeySchema }),
  };
}

export interface Page<T> {
  items: Doc<T>[];
  page: number;
  limit: number;
  total: number;
}

/** One page (from 1, 20 by default) of what `filter` finds, in `sort` order, with the total count. */
export async function findPage<T extends object>(
  col: Collection<T>,
  filter: Filter,
  sort: Record<string, 1 | -1>,
  p: { page?: number; limit?: number },
): Promise<Page<T>> {
  const page = p.page ?? 1;
  const limit = p.limit ?? 20;
  const [items, total] = await Promise.all([
    col.find(filter, { sort, skip: (page - 1) * limit, limit }),
    col.count(filter),
  ]);
  return { items, page, limit, total };
}

/** The earlier name of `openStore`. */
export const openSeapStore = openStore;
