/**
 * DOC-07 from seap (`seap.document.delivered`): a document of ours was opened, or is deemed
 * delivered. On a case the domain records it (it starts the hearing and appeal periods); on a
 * permit or a rejection only the delivery item is updated. Each fact is taken in once.
 */
import type { Collection } from '@puesc/store';
import * as D from '../domain';
import type { DeliveredData } from '../contracts';
import type { DeliveryItem } from '../store';
import { afterCaseWrite, loadCase, saveCase } from './caseFile';
import type { SzprotDeps } from './deps';
import { deliveredItem, deliveryCollections, pendingOf } from './delivery';
import { mutate, retrying } from './outbox';

const factOf = (data: DeliveredData) => ({
  seapDocumentId: data.documentId,
  deliveredAt: data.deliveredAt,
  deemed: data.deemed,
});

/** The delivery of a case document: the domain records it, and the list item follows. */
async function deliveredOnCase(d: SzprotDeps, caseId: string, data: DeliveredData, externalId: string) {
  const doc = await loadCase(d, caseId);
  const item = doc.deliveries.find((x) => x.externalId === externalId);
  if (!item || item.deliveredAt) return null;
  const dd = doc.permitCase.documents.find((x) => x.id === item.id);
  if (dd && !dd.deliveredAt) {
    const actor: D.Actor = data.deemed
      ? { kind: 'system' }
      : { kind: 'client', accountId: data.openedBy ?? doc.submittedBy };
    const r = D.recordDelivery(
      doc.permitCase,
      // DOC-07: the instant is seap's (opened, or deemed after seap's period), never computed here.
      data.deemed
        ? { documentId: item.id, deliveredAt: new Date(data.deliveredAt) }
        : { documentId: item.id, openedAt: new Date(data.deliveredAt) },
      actor,
      d.clock.now(),
    );
    if (r.ok) return saveCase(d, doc, r.value);
    d.logger.info(
      { caseId: doc._id, documentId: item.id, refusal: r.refusal },
      'szprot: delivery not recorded by the domain yet',
    );
  }
  const deliveries = doc.deliveries.map((x) => (x.id === item.id ? deliveredItem(x, factOf(data)) : x));
  return d.db.cases.update({ ...doc, deliveries, deliveryPending: pendingOf(deliveries) });
}

/** DOC-07: a document of ours was opened, or deemed delivered. */
export async function recordDelivered(d: SzprotDeps, data: DeliveredData): Promise<void> {
  if (data.issuer?.service && data.issuer.service !== 'szprot') return;
  const externalId = data.externalId;
  if (!externalId) return;
  const caseDoc = data.caseRef ? await d.db.cases.get(data.caseRef) : null;
  if (caseDoc) {
    const saved = await retrying(() => deliveredOnCase(d, caseDoc._id, data, externalId));
    if (saved) await afterCaseWrite(d, saved);
    return;
  }
  const holders = deliveryCollections(d.db);
  const onPermit = !!data.caseRef && !!(await d.db.permits.get(data.caseRef));
  const coll = (onPermit ? holders.permits : holders.rejections) as unknown as Collection<{
    deliveries: DeliveryItem[];
    deliveryPending: boolean;
  }>;
  const id = onPermit ? data.caseRef! : externalId.replace(/^rejection:/, '');
  await mutate(d, coll, id, (doc) => {
    const item = doc.deliveries.find((x) => x.externalId === externalId);
    if (!item || item.deliveredAt) return null;
    const deliveries = doc.deliveries.map((x) => (x.externalId === externalId ? deliveredItem(x, factOf(data)) : x));
    return { doc: { ...doc, deliveries, deliveryPending: pendingOf(deliveries) } };
  });
}
