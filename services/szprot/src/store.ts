/**
 * The szprot collections (mongoose schemas are the single description of their shape) and their
 * typed accessors. Domain values (the case, the permit, the closure, a record entry) are kept whole
 * in one field each, with the fields the service queries on copied next to them.
 *
 * - `cases`: a permit case with its deadlines embedded (DL-04), the documents it sent and their
 *   delivery state, the client documents it took in (idempotent intake), and its outbox.
 * - `permits`: a permit with every version (EUP-07, EUP-10), the records head (EUP-14), TORO
 *   transfers (EUP-16) and the decisions the office took of its own motion.
 * - `records`: the record entries, append-only and chained by digest; unique on permit + seq.
 *   There is deliberately no delete here, nor in the store interface, nor in the API (EUP-14).
 * - `archives`: the signed monthly archives of the records (EUP-14).
 * - `closures`: the closing settlement after a permit ends (EUP-15).
 * - `rejections`: applications that could not start a case at receipt (REG-01, EUP-02), with the
 *   information sent to the client.
 * - `sequences`: counters (case numbers, permit numbers per office and year).
 * - `archive_keys`: the keys signing the record archives (@puesc/keyring); `keys` holds the one key
 *   kept before the keyring, taken over from it once.
 * The durable consumer keeps the ids of the events it processed in `_processed` (events package).
 */
import { Schema } from 'mongoose';
import { keyCollectionSpec, type KeyRecord } from '@puesc/keyring';
import type { Collection, Store } from '@puesc/store';
import type {
  ApplicationKind,
  CaseStatus,
  Closure,
  ClosureState,
  OutgoingDocument,
  Permit,
  PermitCase,
  PermitStatus,
  RecordEntry,
  RecordsApproval,
  PaperOriginal,
  RegisteredVatStatement,
  ToroTransfer,
} from './domain';

/** Kinds of authority documents seap accepts (seap.deliverDocument). */
export type SeapKind = 'call-to-complete' | 'information' | 'permit' | 'refusal' | 'decision';

/** A document for the client's documents list, delivered through seap (DOC-06); retried until seap has it. */
export interface DeliveryItem {
  /** Our id: the domain document id (`<case>/doc-<n>`) or a notice id. */
  id: string;
  /** seap's dedup key for it (`[A-Za-z0-9_.:-]`). */
  externalId: string;
  kind: SeapKind;
  title: string;
  content: Record<string, unknown>;
  recipient: { companyId: string; accountId?: string | null };
  contactEmail?: string | null;
  caseRef: string | null;
  relatedDocumentId?: string | null;
  status: 'pending' | 'available' | 'delivered';
  createdAt: string;
  attempts: number;
  lastError?: string;
  seapDocumentId?: string;
  availableAt?: string;
  deemedDeliveryAt?: string;
  deliveredAt?: string;
  deliveredHow?: 'opened' | 'deemed';
}

/** A client document (seap document id) the case took in: applied, refused (with a notice) or only noted. */
export interface InboxEntry {
  documentId: string;
  form: string;
  receivedAt: string;
  accountId: string;
  outcome: 'applied' | 'refused' | 'noted';
  transition?: string;
  rule?: string;
  message?: string;
  noticeId?: string;
  extra?: Record<string, unknown>;
}

export interface CaseDoc {
  _id: string;
  office: string;
  companyId: string;
  eori: string;
  submittedBy: string;
  kind: ApplicationKind;
  status: CaseStatus;
  permitNumber: string | null;
  /** The seap document id of the WDEUS01: one case per application (idempotent intake). */
  applicationDocumentId: string;
  receivedAt: string;
  updatedAt: string;
  /** When the sweep next has something to do for this case (ISO instant), or null. */
  nextActionAt: string | null;
  deliveryPending: boolean;
  /** A permit issued or changed by a decision, still to be written to `permits`. */
  pendingPermit: Permit | null;
  permitCase: PermitCase;
  /** The WDEUS01 content as signed (amendment text, suspension, revocation, TORO scope…). */
  content: Record<string, unknown>;
  contactEmail: string | null;
  deliveries: DeliveryItem[];
  inbox: InboxEntry[];
  /** EUP-19: paper originals due for statements attached as scans only (absent when none). */
  originals?: PaperOriginal[];
}

export interface RecordsHead {
  count: number;
  headSeq: number;
  headDigest: string;
  lastEntryAt: string | null;
  /** Month (`YYYY-MM`) of the first entry not archived yet, or null. */
  unarchivedMonth: string | null;
  archivedThroughSeq: number;
  lastArchivedMonth: string | null;
}

/** A decision the office took of its own motion (EUP-10), sent to the holder. */
export interface PermitDecisionDoc extends Omit<OutgoingDocument, 'caseId' | 'kind'> {
  kind: 'decision';
  change: string;
}

export interface PermitDoc {
  _id: string;
  number: string;
  caseId: string;
  holderCompanyId: string;
  holderEori: string;
  issuingOffice: string;
  supervisingOffice: string;
  status: PermitStatus;
  validFrom: string;
  validUntil: string;
  permit: Permit;
  records: RecordsHead;
  recordsApproval: RecordsApproval | null;
  transfers: ToroTransfer[];
  documents: PermitDecisionDoc[];
  deliveries: DeliveryItem[];
  deliveryPending: boolean;
  closureOpened: boolean;
  nextActionAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RecordDoc {
  /** `<permit>:<seq, 9 digits>`. */
  _id: string;
  permitId: string;
  seq: number;
  entryId: string;
  recordedAt: string;
  entry: RecordEntry;
}

export interface ArchiveDoc {
  /** `<permit>:<YYYY-MM>`. */
  _id: string;
  permitNumber: string;
  month: string;
  fromSeq: number;
  toSeq: number;
  count: number;
  prevDigest: string;
  headDigest: string;
  kid: string;
  /** Compact JWS (ES256) over the canonical JSON of the archive, entries included. */
  jws: string;
  createdAt: string;
}

export interface ClosureDoc {
  _id: string;
  permitNumber: string;
  holderCompanyId: string;
  holderEori: string;
  supervisingOffice: string;
  state: ClosureState;
  closure: Closure;
  nextActionAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RejectionDoc {
  /** The seap document id of the application. */
  _id: string;
  form: string;
  purpose: string | null;
  companyId: string | null;
  accountId: string;
  addressedOffice: string | null;
  receivedAt: string;
  rule: string;
  message: string;
  extra: Record<string, unknown> | null;
  deliveries: DeliveryItem[];
  deliveryPending: boolean;
  createdAt: string;
}

export interface SequenceDoc {
  _id: string;
  value?: number;
}

export interface KeyDoc {
  _id: string;
  kid: string;
  alg: 'ES256';
  privateJwk: Record<string, unknown>;
  publicJwk: Record<string, unknown>;
  source: 'generated' | 'configured';
  createdAt: string;
}

// The field kinds of the schemas below, by what the service queries on.
const str = { type: String, required: true } as const;
const optStr = { type: String } as const;
const mixed = { type: Schema.Types.Mixed } as const;
const reqMixed = { type: Schema.Types.Mixed, required: true } as const;
const key = { type: String } as const;
const count = { type: Number, required: true } as const;
const unique = { type: String, required: true, unique: true } as const;
const queried = { type: String, required: true, index: true } as const;
const optQueried = { type: String, index: true } as const;
const pendingFlag = { type: Boolean, required: true, index: true } as const;

const caseSchema = new Schema({
  _id: key,
  office: queried,
  companyId: queried,
  eori: str,
  submittedBy: str,
  kind: { type: String, required: true, enum: ['grant', 'amend', 'suspend', 'revoke'] },
  status: queried,
  permitNumber: optQueried,
  applicationDocumentId: unique,
  receivedAt: str,
  updatedAt: str,
  nextActionAt: optQueried,
  deliveryPending: pendingFlag,
  pendingPermit: mixed,
  permitCase: reqMixed,
  content: mixed,
  contactEmail: optStr,
  deliveries: mixed,
  inbox: mixed,
  originals: mixed,
});

const permitSchema = new Schema({
  _id: key,
  number: unique,
  caseId: str,
  holderCompanyId: queried,
  holderEori: str,
  issuingOffice: queried,
  supervisingOffice: queried,
  status: str,
  validFrom: str,
  validUntil: str,
  permit: reqMixed,
  records: reqMixed,
  recordsApproval: mixed,
  transfers: mixed,
  documents: mixed,
  deliveries: mixed,
  deliveryPending: pendingFlag,
  closureOpened: { type: Boolean, required: true },
  nextActionAt: optQueried,
  createdAt: str,
  updatedAt: str,
});

const recordSchema = new Schema({
  _id: key,
  permitId: str,
  seq: count,
  entryId: str,
  recordedAt: str,
  entry: reqMixed,
});
// One chain per permit: two writers cannot both append entry n (the loser retries after n).
recordSchema.index({ permitId: 1, seq: 1 }, { unique: true });
recordSchema.index({ permitId: 1, entryId: 1 }, { unique: true });
// A book is read by `{ permitId }` alone: nedb uses a compound index only for a query naming all
// its fields, so without this every read scanned every book (issue 14, bench scale: 0.17 at 10k).
recordSchema.index({ permitId: 1 });

const archiveSchema = new Schema({
  _id: key,
  permitNumber: queried,
  month: str,
  fromSeq: count,
  toSeq: count,
  count: count,
  prevDigest: str,
  headDigest: str,
  kid: str,
  jws: str,
  createdAt: str,
});

const closureSchema = new Schema({
  _id: key,
  permitNumber: unique,
  holderCompanyId: queried,
  holderEori: str,
  supervisingOffice: queried,
  state: str,
  closure: reqMixed,
  nextActionAt: optQueried,
  createdAt: str,
  updatedAt: str,
});

const rejectionSchema = new Schema({
  _id: key,
  form: str,
  purpose: optStr,
  companyId: optQueried,
  accountId: str,
  addressedOffice: optStr,
  receivedAt: str,
  rule: str,
  message: str,
  extra: mixed,
  deliveries: mixed,
  deliveryPending: pendingFlag,
  createdAt: str,
});

const sequenceSchema = new Schema({ _id: key, value: { type: Number } });

const keySchema = new Schema({
  _id: key,
  kid: str,
  alg: { type: String, required: true, enum: ['ES256'] },
  privateJwk: reqMixed,
  publicJwk: reqMixed,
  source: { type: String, required: true, enum: ['generated', 'configured'] },
  createdAt: str,
});

/** EUP-20: one registered VAT statement per company (the latest). */
export interface VatStatementDoc extends RegisteredVatStatement {
  _id: string;
  /** The company's EORI from the registry at registration (named in the reminder event). */
  eori: string;
}

const vatStatementSchema = new Schema({
  _id: key,
  companyId: unique,
  eori: str,
  statement: reqMixed,
  validUntil: str,
  renewBy: str,
  reminderDueAt: queried,
  registeredAt: str,
  registeredBy: str,
  remindedFor: optStr,
});

export const COLLECTIONS = {
  cases: { name: 'cases', schema: caseSchema },
  permits: { name: 'permits', schema: permitSchema },
  records: { name: 'records', schema: recordSchema },
  archives: { name: 'archives', schema: archiveSchema },
  closures: { name: 'closures', schema: closureSchema },
  rejections: { name: 'rejections', schema: rejectionSchema },
  sequences: { name: 'sequences', schema: sequenceSchema },
  keys: { name: 'keys', schema: keySchema },
  archiveKeys: keyCollectionSpec('archive_keys'),
  vatStatements: { name: 'vat_statements', schema: vatStatementSchema },
} as const;

/** The document type of each collection. */
interface SzprotDocs {
  cases: CaseDoc;
  permits: PermitDoc;
  records: RecordDoc;
  archives: ArchiveDoc;
  closures: ClosureDoc;
  rejections: RejectionDoc;
  sequences: SequenceDoc;
  /** Read once, to take a key made before the keyring over (../archiveKeys.ts). */
  keys: KeyDoc;
  archiveKeys: KeyRecord;
  vatStatements: VatStatementDoc;
}

export type SzprotStore = { [K in keyof SzprotDocs]: Collection<SzprotDocs[K]> };

/** The typed collections of szprot in the given store: one per entry of COLLECTIONS. */
export function openStore(store: Store): SzprotStore {
  const names = Object.keys(COLLECTIONS) as (keyof SzprotDocs)[];
  return Object.fromEntries(names.map((k) => [k, store.collection(COLLECTIONS[k])])) as SzprotStore;
}

export const recordId = (permitNumber: string, seq: number): string =>
  `${permitNumber}:${String(seq).padStart(9, '0')}`;
export const archiveId = (permitNumber: string, month: string): string => `${permitNumber}:${month}`;
export const SEQ_CASE = (office: string, year: string): string => `case:${office}:${year}`;
export const SEQ_PERMIT = (office: string, year: string): string => `permit:${office}:${year}`;
/** The one archive key kept before @puesc/keyring (see ../archiveKeys.ts), in `keys`. */
export const LEGACY_ARCHIVE_KEY_ID = 'records-archive';
