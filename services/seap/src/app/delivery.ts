/**
 * Documents from the authority (DOC-06, DOC-07): another service (szprot) has seap deliver a
 * document to a client; it is signed by the platform, listed for its recipient and announced
 * (NOT-01); it is delivered when opened, or deemed delivered when its time comes — recorded once,
 * by whichever comes first of the opening, a read of the list, or the sweep.
 */
import { isAppError, isConcurrencyError, newId, withRetry } from '@puesc/kernel';
import type { Doc } from '@puesc/store';
import type { DeliverParams } from '../contracts';
import { canonicalBytes } from '@puesc/canonical-json';
import { deemedDeliveryAt } from '../domain/delivery';
import type { DocumentDoc, Issuer } from '../domain/document';
import { authorityContent, makeAvailable, settleDelivery, type AvailableInput } from '../domain/documentMachine';
import { officeOf } from '../domain/offices';
import { AUTHORITY_DOCUMENT_TYP } from '../keyring';
import { iso } from '../views';
import type { SeapDeps } from './deps';
import { dropAuthorityAttachments, storeAuthorityAttachments } from './authorityAttachments';
import { insertTransition, saveTransition } from './outbox';

type DeliveryDeps = Pick<SeapDeps, 'db' | 'clock' | 'cfg' | 'keyring' | 'logger' | 'kickRelay'>;

/** What the issuing service is told: where the document is and when it counts as delivered. */
const deliveredOut = (doc: DocumentDoc) => ({
  documentId: doc._id,
  availableAt: iso(doc.delivery!.availableAt),
  deemedDeliveryAt: iso(doc.delivery!.deemedAt),
  signature: doc.delivery!.jws,
});

/** The issuer as the document states it: the office's code and authority name when the office is known. */
function issuerOf(p: DeliverParams['issuer']): { issuer: Issuer; authority: AvailableInput['authority'] } {
  const office = officeOf(p.office);
  return {
    issuer: { service: p.service, office: office?.code ?? p.office ?? null, name: p.name ?? office?.authority ?? null },
    authority: office ? { code: office.code, name: office.authority } : null,
  };
}

/** DOC-06: makes a document from the authority available to its recipient; delivering it again returns the first. */
export async function deliverDocument(d: DeliveryDeps, p: DeliverParams) {
  const deliveryKey = p.externalId ? `${p.issuer.service}:${p.externalId}` : undefined;
  const existing = deliveryKey ? await d.db.documents.findOne({ deliveryKey }) : null;
  if (existing) return deliveredOut(existing);
  const at = d.clock.now();
  const id = newId();
  const owner = p.recipient.accountId ?? `${p.issuer.service}:${p.recipient.companyId}`;
  const attachments = await storeAuthorityAttachments(d, id, owner, p.attachments);
  const input: AvailableInput = {
    id,
    kind: p.kind,
    title: p.title,
    recipient: { accountId: p.recipient.accountId ?? null, companyId: p.recipient.companyId ?? null },
    caseRef: p.caseRef ?? null,
    content: p.content,
    contactEmail: p.contactEmail ?? null,
    ...issuerOf(p.issuer),
    externalId: p.externalId ?? null,
    relatedDocumentId: p.relatedDocumentId ?? null,
    ...(deliveryKey ? { deliveryKey } : {}),
    at,
    deemedAt: deemedDeliveryAt(at, d.cfg.SEAP_DEEMED_DELIVERY_DAYS),
    attachments,
  };
  let saved: DocumentDoc;
  try {
    const bytes = canonicalBytes(authorityContent(input));
    const { jws } = await d.keyring.sign(bytes, AUTHORITY_DOCUMENT_TYP);
    saved = await insertTransition(d, makeAvailable(input, { bytes, jws }));
  } catch (e) {
    await dropAuthorityAttachments(d, attachments);
    // Delivered concurrently by another call with the same external id.
    if (!(deliveryKey && isAppError(e) && e.type === 'conflict')) throw e;
    const first = await d.db.documents.findOne({ deliveryKey });
    if (!first) throw e;
    return deliveredOut(first);
  }
  await joinCase(d, p, at);
  d.logger.info({ documentId: saved._id, kind: p.kind, caseRef: p.caseRef }, 'seap: authority document made available');
  return deliveredOut(saved);
}

/** The client's document this one answers now belongs to the case (my cases, DOC-02). */
async function joinCase(d: DeliveryDeps, p: DeliverParams, at: Date): Promise<void> {
  if (!p.relatedDocumentId || !p.caseRef) return;
  const related = await d.db.documents.get(p.relatedDocumentId);
  if (related && related.origin === 'client' && !related.caseRef)
    await d.db.documents.update({ ...related, caseRef: p.caseRef, updatedAt: at }).catch(() => undefined);
}

/**
 * DOC-07: records what reading an authority document now changes (its delivery, or an opening
 * after a deemed delivery); a concurrent change is read again, a few times.
 */
export async function settle(d: DeliveryDeps, doc: Doc<DocumentDoc>, openedBy?: string): Promise<Doc<DocumentDoc>> {
  let current = doc;
  const step = async (): Promise<Doc<DocumentDoc>> => {
    const t = settleDelivery(current, d.clock.now(), openedBy);
    if (!t) return current;
    try {
      const saved = await saveTransition(d, t);
      if (t.events.length)
        d.logger.info({ documentId: doc._id, deemed: saved.delivery?.deemed }, 'seap: authority document delivered');
      return saved;
    } catch (e) {
      if (isConcurrencyError(e)) current = (await d.db.documents.get(doc._id))!;
      throw e;
    }
  };
  try {
    return await withRetry(step, 5);
  } catch (e) {
    if (isConcurrencyError(e)) return current;
    throw e;
  }
}

/** The periodic sweep: every authority document whose deemed delivery time has come (DOC-07). */
export async function sweepDeliveries(d: DeliveryDeps): Promise<number> {
  let n = 0;
  for (;;) {
    const due = await d.db.documents.find(
      { pendingDeliveryAt: { $lte: d.clock.now() } },
      { sort: { pendingDeliveryAt: 1 }, limit: 100 },
    );
    if (!due.length) return n;
    let progressed = false;
    for (const doc of due) {
      if ((await settle(d, doc)).status === 'delivered') {
        n++;
        progressed = true;
      }
    }
    if (!progressed || due.length < 100) return n;
  }
}
