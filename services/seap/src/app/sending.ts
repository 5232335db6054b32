/**
 * Sending a generated document (DOC-03, DOC-05, DOC-08): what is known of the submission is
 * gathered, `decideReceipt` says what to do (asking identity and pki only when it needs them), the
 * signed bytes are claimed so that they are received once, and the receipt, its UPO and the event
 * that routes the document are written in one write.
 */
import {
  AppError,
  conflict,
  isAppError,
  isConcurrencyError,
  newId,
  notFound,
  refusalError,
  ruleViolation,
  valueOrThrow,
  type Refusal,
  type Result,
} from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import type { Doc } from '@puesc/store';
import { canonicalBytes } from '@puesc/canonical-json';
import type { DocumentDoc } from '../domain/document';
import { markDuplicate as duplicateOf, receive } from '../domain/documentMachine';
import { formOf, valueAt } from '../domain/forms';
import {
  decideReceipt,
  routeOf,
  type AcceptedSignature,
  type ReceiptDecision,
  type ReceiptFacts,
} from '../domain/receipt';
import { upoOfDocument } from '../domain/upo';
import { UPO_TYP } from '../keyring';
import { submissionKeyIds, type SubmissionKeyDoc } from '../store';
import { receiptOf, type ReceiptOut } from '../views';
import type { SeapDeps, WithPeers } from './deps';
import { saveTransition } from './outbox';

type SendingDeps = Pick<SeapDeps, 'db' | 'clock' | 'cfg' | 'keyring' | 'logger' | 'kickRelay'> &
  WithPeers<'allowed' | 'verifySignature' | 'personName'>;

export interface SendCommand {
  id: string;
  signature?: string;
  /** The request's Idempotency-Key (DOC-08). */
  idempotencyKey?: string;
  requestId?: string;
}

/** The sender: an account with its registered person (ID-03). */
interface Sender {
  id: string;
  personId: string;
}

/** A claim on some signed bytes older than this (real time), whose document was never received, is taken over. */
export const STALE_CLAIM_MS = 30_000;

/** DOC-08: how long ago a claim was made, in real time (a claim stored before `claimedAt` existed: from its creation). */
const claimAge = (c: SubmissionKeyDoc, realNow: number): number =>
  realNow - new Date(c.claimedAt ?? c.createdAt).getTime();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** DOC-08's reused Idempotency-Key keeps its own problem type; every other refusal maps as everywhere. */
function receiptProblem(r: Refusal): AppError {
  if (r.rule === 'DOC-08' && r.extra?.['reason'] === 'idempotency-key-reused')
    return new AppError(422, 'idempotency-key-reused', r.message, { rule: 'DOC-08' });
  return refusalError(r);
}

const decided = (r: Result<ReceiptDecision>): ReceiptDecision => {
  if (!r.ok) throw receiptProblem(r.refusal);
  return r.value;
};

/** What the store knows of this submission: the sender's key, the first of a duplicate, the same bytes. */
async function knownFacts(d: SendingDeps, u: Sender, doc: DocumentDoc, cmd: SendCommand): Promise<ReceiptFacts> {
  const { db } = d;
  const keyed = cmd.idempotencyKey
    ? await db.submissionKeys.get(submissionKeyIds.idempotency(u.id, cmd.idempotencyKey))
    : null;
  const sameBytes = await db.submissionKeys.get(submissionKeyIds.bytes(u.id, doc.sha256));
  return {
    document: doc,
    signature: cmd.signature,
    ...(keyed ? { byKey: { documentId: keyed.documentId, document: await db.documents.get(keyed.documentId) } } : {}),
    ...(doc.duplicateOf ? { first: await db.documents.get(doc.duplicateOf) } : {}),
    ...(sameBytes && sameBytes.documentId !== doc._id
      ? { sameBytes: { documentId: sameBytes.documentId, document: await db.documents.get(sameBytes.documentId) } }
      : {}),
  };
}

/** DOC-03, DOC-05, DOC-08: sends the caller's generated document; answers its UPO. */
export async function sendDocument(d: SendingDeps, u: Caller, cmd: SendCommand): Promise<ReceiptOut> {
  if (!u.personId) throw ruleViolation('ID-03', 'register the person (extended scope) before sending documents');
  const sender: Sender = { id: u.id, personId: u.personId };
  const doc = await d.db.documents.get(cmd.id);
  if (!doc || doc.origin !== 'client' || doc.accountId !== u.id) throw notFound('document', cmd.id);
  let facts = await knownFacts(d, sender, doc, cmd);
  for (;;) {
    const next = decided(decideReceipt(facts));
    switch (next.kind) {
      case 'resend':
        if (next.markDuplicate) await markDuplicate(d, doc, next.receipt);
        if (next.rememberKey) await rememberKey(d, sender, cmd.idempotencyKey, next.receipt._id);
        return receiptOf(next.receipt, true);
      case 'authorize':
        facts = { ...facts, authorized: await d.peers.allowed(u.id, doc.companyId!, next.permission) };
        break;
      case 'verify':
        facts = { ...facts, verification: await d.peers.verifySignature(next.signature, doc.canonical) };
        break;
      case 'receive': {
        const claim = await claimBytes(d, submissionKeyIds.bytes(u.id, doc.sha256), doc);
        if (claim.kind === 'ours') return receiveDocument(d, sender, cmd, doc, next.signature);
        // Received meanwhile by another request with the same bytes: that is the receipt (DOC-08).
        facts = { ...facts, sameBytes: { documentId: claim.other._id, document: claim.other } };
      }
    }
  }
}

/** Claims the signed bytes for this document, so the same bytes are received once (DOC-08). */
export async function claimBytes(
  d: Pick<SeapDeps, 'db' | 'clock'>,
  key: string,
  doc: DocumentDoc,
): Promise<{ kind: 'ours' } | { kind: 'received'; other: Doc<DocumentDoc> }> {
  const { submissionKeys, documents } = d.db;
  for (let attempt = 0; attempt < 20; attempt++) {
    const existing = await submissionKeys.get(key);
    if (!existing) {
      const fresh = { _id: key, documentId: doc._id, createdAt: d.clock.now(), claimedAt: new Date() };
      const claimed = await submissionKeys.insert(fresh).then(
        () => true,
        (e: unknown) => (isAppError(e) && e.type === 'conflict' ? false : Promise.reject(e)),
      );
      if (claimed) return { kind: 'ours' };
      continue;
    }
    if (existing.documentId === doc._id) return { kind: 'ours' };
    const other = await documents.get(existing.documentId);
    if (other?.status === 'received') return { kind: 'received', other };
    if (!other || claimAge(existing, Date.now()) > STALE_CLAIM_MS) {
      // A claim whose document never got its receipt (a crash, a refused signature): take it over.
      const takeover = { ...existing, documentId: doc._id, createdAt: d.clock.now(), claimedAt: new Date() };
      const taken = await submissionKeys.update(takeover).then(
        () => true,
        (e: unknown) => (isConcurrencyError(e) ? false : Promise.reject(e)),
      );
      if (taken) return { kind: 'ours' };
      continue;
    }
    await sleep(100);
  }
  throw conflict('the same signed document is being sent right now; retry to get its UPO', 'DOC-08');
}

/** DOC-08: a new document with bytes received before points to the first; a lost race changes nothing. */
async function markDuplicate(d: SendingDeps, doc: Doc<DocumentDoc>, first: DocumentDoc): Promise<void> {
  const t = duplicateOf(doc, first, d.clock.now());
  if (!t.ok) return;
  await saveTransition(d, t.value).catch((e: unknown) => {
    if (!isConcurrencyError(e)) throw e;
  });
}

/** DOC-08: the sender's Idempotency-Key now names the document it sent. */
async function rememberKey(d: SendingDeps, u: Sender, key: string | undefined, documentId: string): Promise<void> {
  if (!key) return;
  await d.db.submissionKeys
    .insert({ _id: submissionKeyIds.idempotency(u.id, key), documentId, createdAt: d.clock.now() })
    .catch((e: unknown) => {
      if (!(isAppError(e) && e.type === 'conflict')) throw e;
    });
}

/** DOC-05: issues the UPO and writes the receipt with the event that routes the document. */
async function receiveDocument(
  d: SendingDeps,
  u: Sender,
  cmd: SendCommand,
  doc: Doc<DocumentDoc>,
  signature: AcceptedSignature,
): Promise<ReceiptOut> {
  const receivedAt = d.clock.now();
  const upoId = newId();
  const form = formOf(doc.kind)!;
  const sameAsSigner = signature.signer.personId && signature.signer.personId === u.personId;
  const submitter = {
    accountId: u.id,
    personId: u.personId,
    name: sameAsSigner ? signature.signerName : await d.peers.personName(u.personId),
  };
  const upo = upoOfDocument(doc, { upoId, issuer: d.cfg.SEAP_ISSUER_NAME, receivedAt, form, submitter, signature });
  const signed = await d.keyring.sign(canonicalBytes(upo), UPO_TYP);
  const caseIssuer =
    doc.target === 'seap' && doc.caseRef
      ? (await d.db.documents.findOne({ origin: 'authority', caseRef: doc.caseRef }))?.delivery?.issuer.service
      : undefined;
  const contact = form.contactEmailField ? valueAt(doc.content, form.contactEmailField) : undefined;
  const t = valueOrThrow(
    receive(doc, {
      at: receivedAt,
      upoId,
      upo: { kid: signed.kid, jws: signed.jws },
      form,
      routeTo: routeOf(doc, caseIssuer),
      submission: {
        submittedBy: submitter,
        signature: {
          jws: signature.jws,
          method: signature.method,
          signer: signature.signer,
          signedAt: upo.signature.signedAt,
          certificateSerial: upo.signature.certificateSerial,
        },
        idempotencyKey: cmd.idempotencyKey ?? null,
        requestId: cmd.requestId ?? null,
      },
      signerName: signature.signerName,
      contactEmail: typeof contact === 'string' ? contact : null,
    }),
  );
  let saved: Doc<DocumentDoc>;
  try {
    saved = await saveTransition(d, t);
  } catch (e) {
    if (!isConcurrencyError(e)) throw e;
    // Sent concurrently: the other request's receipt is the receipt.
    const other = await d.db.documents.get(doc._id);
    if (other?.status === 'received') return receiptOf(other, true);
    throw e;
  }
  await rememberKey(d, u, cmd.idempotencyKey, saved._id);
  d.logger.info({ documentId: saved._id, form: form.code, routeTo: saved.routeTo, upoId }, 'seap: document received');
  return receiptOf(saved, false);
}
