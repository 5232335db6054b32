/**
 * DOC-06: documents for the client's documents list go out through seap.deliverDocument. Each is
 * recorded with its case, permit or rejection first (a pending delivery item, in the same write as
 * the decision), then sent; a failed send stays pending and the sweep sends it again. seap
 * deduplicates by our external id, so a repeated send yields the same document.
 */
import type { Collection } from '@puesc/store';
import type { OutgoingKind } from '../domain';
import type { DeliverRequest, DeliveryReceipt } from '../peers';
import type { DeliveryItem, SeapKind } from '../store';
import type { SzprotDeps } from './deps';
import { mutate } from './outbox';
import { errorText } from '../errorText';

/** The kind of seap document each kind of case document is (seap.deliverDocument). */
export const SEAP_KIND: Record<OutgoingKind, SeapKind> = {
  forwarded: 'information',
  'call-to-complete': 'call-to-complete',
  'not-accepted': 'information',
  acceptance: 'information',
  extension: 'information',
  'information-request': 'call-to-complete',
  hearing: 'information',
  permit: 'permit',
  decision: 'decision',
  refusal: 'refusal',
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** seap's dedup key for one of our documents (`[A-Za-z0-9_.:-]`, at most 64 characters). */
const externalIdOf = (id: string): string => id.replace(/[^A-Za-z0-9_.:-]/g, ':').slice(0, 64);

export type NewDeliveryItem = Omit<DeliveryItem, 'externalId' | 'status' | 'createdAt' | 'attempts'>;

/** A document to deliver, pending until seap has it. */
export function deliveryItem(o: NewDeliveryItem, at: Date): DeliveryItem {
  return { ...o, externalId: externalIdOf(o.id), status: 'pending', createdAt: at.toISOString(), attempts: 0 };
}

export const pendingOf = (items: readonly DeliveryItem[]): boolean => items.some((x) => x.status === 'pending');

/** The delivery facts seap reported (DOC-07): opened, or deemed delivered. */
export function deliveredItem(
  x: DeliveryItem,
  fact: { seapDocumentId: string; deliveredAt: string; deemed: boolean },
): DeliveryItem {
  return {
    ...x,
    status: 'delivered',
    seapDocumentId: x.seapDocumentId ?? fact.seapDocumentId,
    deliveredAt: fact.deliveredAt,
    deliveredHow: fact.deemed ? 'deemed' : 'opened',
  };
}

type DeliveryHolder = { deliveries: DeliveryItem[]; deliveryPending: boolean };

/** The aggregates that hold documents to deliver, by kind. */
export function deliveryCollections(db: SzprotDeps['db']) {
  return {
    cases: db.cases as unknown as Collection<DeliveryHolder & { office: string }>,
    permits: db.permits as unknown as Collection<DeliveryHolder & { issuingOffice: string }>,
    rejections: db.rejections as unknown as Collection<DeliveryHolder & { addressedOffice: string | null }>,
  };
}

export type DeliveryKind = keyof ReturnType<typeof deliveryCollections>;
export const DELIVERY_KINDS: readonly DeliveryKind[] = ['cases', 'permits', 'rejections'];

/** The holder's collection, as a collection of documents with deliveries. */
export const holdersOf = (d: Pick<SzprotDeps, 'db'>, kind: DeliveryKind) =>
  deliveryCollections(d.db)[kind] as unknown as Collection<DeliveryHolder & Record<string, unknown>>;

function deliverRequest(item: DeliveryItem, office: string | undefined): DeliverRequest {
  return {
    kind: item.kind,
    title: item.title,
    recipient: {
      ...(item.recipient.companyId ? { companyId: item.recipient.companyId } : {}),
      ...(item.recipient.accountId ? { accountId: item.recipient.accountId } : {}),
    },
    ...(item.caseRef ? { caseRef: item.caseRef } : {}),
    content: item.content,
    ...(item.contactEmail && EMAIL.test(item.contactEmail) ? { contactEmail: item.contactEmail } : {}),
    issuer: { service: 'szprot', ...(office ? { office } : {}) },
    externalId: item.externalId,
    ...(item.relatedDocumentId ? { relatedDocumentId: item.relatedDocumentId } : {}),
  };
}

/** Notes a failed send on the item; it stays pending for the sweep. */
async function noteFailure(
  d: SzprotDeps,
  coll: ReturnType<typeof holdersOf>,
  id: string,
  item: DeliveryItem,
  e: unknown,
): Promise<void> {
  await mutate(d, coll, id, (doc) => ({
    doc: {
      ...doc,
      deliveries: doc.deliveries.map((x) =>
        x.id === item.id ? { ...x, attempts: x.attempts + 1, lastError: errorText(e).slice(0, 500) } : x,
      ),
    },
  })).catch(() => undefined);
}

/** Notes what seap answered: the document is in the client's list. */
async function noteAvailable(
  d: SzprotDeps,
  coll: ReturnType<typeof holdersOf>,
  id: string,
  item: DeliveryItem,
  r: DeliveryReceipt,
): Promise<void> {
  await mutate(d, coll, id, (doc) => {
    const deliveries = doc.deliveries.map((x) =>
      x.id === item.id && x.status === 'pending'
        ? {
            ...x,
            status: 'available' as const,
            attempts: x.attempts + 1,
            seapDocumentId: r.documentId,
            availableAt: r.availableAt,
            deemedDeliveryAt: r.deemedDeliveryAt,
          }
        : x,
    );
    return { doc: { ...doc, deliveries, deliveryPending: pendingOf(deliveries) } };
  });
}

/** Sends the pending documents of one case, permit or rejection to seap, in order; never throws. */
export async function deliverPending(d: SzprotDeps, kind: DeliveryKind, id: string): Promise<number> {
  const coll = holdersOf(d, kind);
  let sent = 0;
  try {
    const doc = await coll.get(id);
    if (!doc) return 0;
    const office = (doc['office'] ?? doc['issuingOffice'] ?? doc['addressedOffice'] ?? undefined) as string | undefined;
    for (const item of doc.deliveries.filter((x) => x.status === 'pending')) {
      let r: DeliveryReceipt;
      try {
        r = await d.peers.deliverDocument(deliverRequest(item, office));
      } catch (e) {
        d.logger.warn(
          { err: errorText(e), kind, id, item: item.id },
          'szprot: delivery through seap failed; the sweep retries',
        );
        await noteFailure(d, coll, id, item, e);
        break;
      }
      await noteAvailable(d, coll, id, item, r);
      sent++;
    }
  } catch (e) {
    d.logger.warn({ err: errorText(e), kind, id }, 'szprot: delivery bookkeeping failed; the sweep retries');
  }
  return sent;
}
