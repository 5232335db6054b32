/**
 * A seap document as a state machine with named transitions. Each transition is a pure function
 * that returns either a refusal naming its rule, or the next document with the facts to store with
 * it (the outbox) and publish on the SEAP stream.
 *
 *   client documents (DOC-02, DOC-03, DOC-05, DOC-08)
 *     draft ──generate (content frozen into canonical bytes, DOC-02)──▶ generated
 *     generated ──receive (signed, PKI-05; UPO issued, DOC-05)──▶ received          → seap.document.received
 *     generated ──markDuplicate (the same signed bytes were received already, DOC-08)──▶ duplicate
 *
 *   documents from the authority (DOC-06, DOC-07)
 *     ──makeAvailable (signed by the platform, deemed delivery time set)──▶ available → seap.document.available
 *     available ──deliver (opened before the deemed time, or that time has come)──▶ delivered
 *                                                                                   → seap.document.delivered
 *     delivered ──noteOpening (opened after it was deemed delivered: the delivery stands)──▶ delivered
 *
 * `received`, `duplicate` and `delivered` are final: what was received or delivered is never
 * changed, so the UPO and the delivery time (which starts the appeal period, EUP-08) stay true.
 * Whether a submission may be received at all (DOC-03, DOC-08, ID-07) is `decideReceipt`'s
 * (receipt.ts); when an unopened document counts as delivered is `delivery.ts`'s (DOC-07).
 */
import { ok, refuse, type Result } from '@puesc/kernel';
import { sha256Hex } from './digest';
import { deliveryAt } from './delivery';
import {
  AVAILABLE,
  DELIVERED,
  RECEIVED,
  type AttachmentRef,
  type AuthorityKind,
  type DocumentDoc,
  type DocumentFact,
  type Issuer,
  type Party,
  type SubmissionRecord,
} from './document';
import type { FormCode, Purpose, TargetService } from './forms';

export interface Transition<D extends DocumentDoc = DocumentDoc> {
  document: D;
  /** Facts to store with the document in the same write (DOC-05: no receipt without its event). */
  events: DocumentFact[];
}

const iso = (d: Date): string => new Date(d).toISOString();

/** What a new document records of its frozen bytes and its making; nothing is received yet. */
const made = (bytes: Buffer, at: Date) => ({
  canonical: bytes.toString('base64'),
  sha256: sha256Hex(bytes),
  size: bytes.length,
  createdAt: at,
  updatedAt: at,
  receivedAt: null,
  upoId: null,
  upo: null,
  duplicateOf: null,
  submission: null,
});

// ---------------------------------------------------------------- client documents

export interface GenerateInput {
  id: string;
  form: { code: FormCode; target: TargetService };
  title: string;
  author: { accountId: string; personId: string | null };
  companyId: string | null;
  onBehalfOf: Party | null;
  caseRef: string | null;
  purpose: Purpose | null;
  authority: { code: string; name: string };
  content: Record<string, unknown>;
  /** The canonical bytes (RFC 8785) that will be signed and digested in the UPO. */
  bytes: Buffer;
  attachments: AttachmentRef[];
  draftId: string;
  relatedDocumentId: string | null;
  at: Date;
}

/** DOC-02 "generate document": a new document to send, frozen into its bytes. */
export function generate(i: GenerateInput): DocumentDoc {
  return {
    _id: i.id,
    origin: 'client',
    status: 'generated',
    kind: i.form.code,
    title: i.title,
    accountId: i.author.accountId,
    personId: i.author.personId,
    companyId: i.companyId,
    onBehalfOf: i.onBehalfOf,
    caseRef: i.caseRef,
    target: i.form.target,
    routeTo: null,
    purpose: i.purpose,
    authority: i.authority,
    content: i.content,
    attachments: i.attachments,
    draftId: i.draftId,
    relatedDocumentId: i.relatedDocumentId,
    ...made(i.bytes, i.at),
    delivery: null,
  };
}

/** What the receipt of a document records: its UPO, where it goes, who sent it and how it was signed. */
export interface Receipt {
  /** When it entered the system: the UPO time (DL-03). */
  at: Date;
  upoId: string;
  upo: { kid: string; jws: string };
  form: { code: FormCode; version: number; target: TargetService };
  routeTo: string;
  submission: SubmissionRecord;
  /** The signer's name as the UPO states it. */
  signerName: string | null;
  contactEmail: string | null;
}

/** DOC-05: a generated document is received, with its UPO; the event routes it to its target service. */
export function receive<D extends DocumentDoc>(doc: D, r: Receipt): Result<Transition<D>> {
  if (doc.origin !== 'client' || doc.status !== 'generated')
    return refuse('DOC-02', 'state', `document ${doc._id} cannot be sent (${doc.status})`);
  const { submittedBy, signature } = r.submission;
  const received: D = {
    ...doc,
    status: 'received',
    receivedAt: r.at,
    upoId: r.upoId,
    upo: r.upo,
    routeTo: r.routeTo,
    updatedAt: r.at,
    submission: r.submission,
  };
  const data = {
    documentId: doc._id,
    form: r.form.code,
    formVersion: r.form.version,
    purpose: doc.purpose,
    target: doc.target ?? r.form.target,
    routeTo: r.routeTo,
    caseRef: doc.caseRef,
    relatedDocumentId: doc.relatedDocumentId,
    receivedAt: iso(r.at),
    sha256: doc.sha256,
    size: doc.size,
    submittedBy,
    onBehalfOf: doc.onBehalfOf,
    signature: {
      method: signature.method,
      signer: r.signerName,
      signerPersonId: (signature.signer['personId'] as string | undefined) ?? null,
      signedAt: signature.signedAt,
      certificateSerial: signature.certificateSerial,
    },
    upoId: r.upoId,
    authority: doc.authority!,
    content: doc.content,
    // EUP-19: a statement's declared authentication goes on to the target service (szprot: originals due).
    attachments: doc.attachments.map((a) => ({
      id: a.id,
      name: a.name,
      kind: a.kind,
      size: a.size,
      sha256: a.sha256,
      ...(a.authentication ? { authentication: a.authentication } : {}),
    })),
    contactEmail: r.contactEmail,
  };
  const ext = {
    ...(doc.companyId ? { companyid: doc.companyId } : {}),
    ...(doc.onBehalfOf?.eori ? { eori: doc.onBehalfOf.eori } : {}),
  };
  return ok({ document: received, events: [{ subject: RECEIVED, time: r.at, data, ext }] });
}

/** DOC-08: the same signed bytes were received as `first`; this one is only a pointer to it. */
export function markDuplicate<D extends DocumentDoc>(doc: D, first: DocumentDoc, at: Date): Result<Transition<D>> {
  if (doc._id === first._id) return refuse('DOC-08', 'state', 'a document is not a duplicate of itself');
  if (doc.status !== 'generated')
    return refuse('DOC-08', 'state', `document ${doc._id} is ${doc.status}, not waiting to be sent`);
  if (first.status !== 'received') return refuse('DOC-08', 'state', `document ${first._id} is not received`);
  return ok({ document: { ...doc, status: 'duplicate', duplicateOf: first._id, updatedAt: at }, events: [] });
}

// ---------------------------------------------------------------- documents from the authority

export const AUTHORITY_SCHEMA = 'puesc-authority-document-v1';

export interface AvailableInput {
  id: string;
  kind: AuthorityKind;
  title: string;
  recipient: { accountId: string | null; companyId: string | null };
  caseRef: string | null;
  content: Record<string, unknown>;
  contactEmail: string | null;
  issuer: Issuer;
  /** The office that issued it, as the documents list shows it. */
  authority: { code: string; name: string } | null;
  externalId: string | null;
  relatedDocumentId: string | null;
  /** `<service>:<externalId>`: delivering the same document again finds this one. */
  deliveryKey?: string;
  at: Date;
  /** DOC-07: when it counts as delivered if it is not opened before. */
  deemedAt: Date;
  /** DOC-09: the PDF files it carries, already stored. */
  attachments?: AttachmentRef[];
}

/** What the platform signs of a document from the authority (DOC-06): verifiable with the UPO JWKS. */
export function authorityContent(i: AvailableInput): Record<string, unknown> {
  return {
    schema: AUTHORITY_SCHEMA,
    documentId: i.id,
    kind: i.kind,
    title: i.title,
    caseRef: i.caseRef,
    recipient: i.recipient,
    issuer: i.issuer,
    availableAt: i.at.toISOString(),
    content: i.content,
    relatedDocumentId: i.relatedDocumentId,
    // DOC-09: the signature covers the attachments by digest (absent when there are none, so a
    // document without attachments is signed as before).
    ...(i.attachments?.length
      ? { attachments: i.attachments.map(({ id, name, kind, size, sha256 }) => ({ id, name, kind, size, sha256 })) }
      : {}),
  };
}

/** DOC-06: a document from the authority arrives in the recipient's list, waiting for delivery (DOC-07). */
export function makeAvailable(i: AvailableInput, signed: { bytes: Buffer; jws: string }): Transition {
  const document: DocumentDoc = {
    _id: i.id,
    origin: 'authority',
    status: 'available',
    kind: i.kind,
    title: i.title,
    accountId: i.recipient.accountId,
    personId: null,
    companyId: i.recipient.companyId,
    onBehalfOf: null,
    caseRef: i.caseRef,
    target: null,
    routeTo: null,
    purpose: null,
    authority: i.authority,
    content: i.content,
    attachments: i.attachments ?? [],
    draftId: null,
    relatedDocumentId: i.relatedDocumentId,
    ...made(signed.bytes, i.at),
    delivery: {
      availableAt: i.at,
      deemedAt: i.deemedAt,
      openedAt: null,
      openedBy: null,
      deliveredAt: null,
      deemed: null,
      contactEmail: i.contactEmail,
      issuer: i.issuer,
      externalId: i.externalId,
      jws: signed.jws,
    },
    pendingDeliveryAt: i.deemedAt,
    ...(i.deliveryKey ? { deliveryKey: i.deliveryKey } : {}),
  };
  const data = {
    documentId: i.id,
    kind: i.kind,
    title: i.title,
    caseRef: i.caseRef,
    recipient: i.recipient,
    contactEmail: i.contactEmail,
    availableAt: iso(i.at),
    deemedDeliveryAt: iso(i.deemedAt),
    issuer: i.issuer,
    externalId: i.externalId,
    relatedDocumentId: i.relatedDocumentId,
  };
  const ext = i.recipient.companyId ? { companyid: i.recipient.companyId } : undefined;
  return { document, events: [{ subject: AVAILABLE, time: i.at, data, ...(ext ? { ext } : {}) }] };
}

/**
 * DOC-07: an available document is delivered, when opened (by `openedBy`, at `at`) before its deemed
 * time, or at the deemed time once that has come. The delivery instant is published as `deliveredAt`
 * of seap.document.delivered: it is the one moment the appeal period starts from (EUP-08).
 */
export function deliver<D extends DocumentDoc>(doc: D, at: Date, openedBy?: string): Result<Transition<D>> {
  const d = doc.delivery;
  if (doc.origin !== 'authority' || !d || doc.status !== 'available')
    return refuse('DOC-07', 'state', `document ${doc._id} is not waiting for delivery`);
  const r = deliveryAt(new Date(d.deemedAt), at, openedBy ? at : undefined);
  if (!r)
    return refuse('DOC-07', 'state', `not delivered yet: deemed delivered at ${iso(d.deemedAt)} unless opened before`, {
      deemedDeliveryAt: iso(d.deemedAt),
    });
  const delivered: D = {
    ...doc,
    status: 'delivered',
    delivery: {
      ...d,
      deliveredAt: r.deliveredAt,
      deemed: r.deemed,
      openedAt: openedBy ? at : null,
      openedBy: openedBy ?? null,
    },
    updatedAt: at,
  };
  delete delivered.pendingDeliveryAt;
  const data = {
    documentId: doc._id,
    kind: doc.kind,
    caseRef: doc.caseRef,
    recipient: { accountId: doc.accountId, companyId: doc.companyId },
    availableAt: iso(d.availableAt),
    deliveredAt: iso(r.deliveredAt),
    deemed: r.deemed,
    openedBy: r.deemed ? null : (openedBy ?? null),
    issuer: d.issuer,
    externalId: d.externalId,
  };
  const ext = doc.companyId ? { companyid: doc.companyId } : undefined;
  return ok({ document: delivered, events: [{ subject: DELIVERED, time: at, data, ...(ext ? { ext } : {}) }] });
}

/** DOC-07: opened after it was deemed delivered: the opening is noted, the delivery stands (no new fact). */
export function noteOpening<D extends DocumentDoc>(doc: D, at: Date, openedBy: string): Result<Transition<D>> {
  const d = doc.delivery;
  if (doc.origin !== 'authority' || !d || doc.status !== 'delivered')
    return refuse('DOC-07', 'state', `document ${doc._id} is not delivered yet`);
  if (d.openedAt) return refuse('DOC-07', 'state', `document ${doc._id} was opened already`);
  return ok({ document: { ...doc, delivery: { ...d, openedAt: at, openedBy }, updatedAt: at }, events: [] });
}

/**
 * What reading an authority document (opening it, or listing or sweeping at `at`) changes: its
 * delivery when that is due, the first opening after a deemed delivery, or nothing (null).
 */
export function settleDelivery<D extends DocumentDoc>(doc: D, at: Date, openedBy?: string): Transition<D> | null {
  if (doc.origin !== 'authority' || !doc.delivery) return null;
  const next =
    doc.status === 'delivered' ? (openedBy ? noteOpening(doc, at, openedBy) : null) : deliver(doc, at, openedBy);
  return next?.ok ? next.value : null;
}
