/**
 * The case document: the domain's case with its deadlines (DL-04), the documents it sent and their
 * delivery state, the client documents it took in and its outbox. A transition is saved in one
 * write with its events, its documents to deliver and its deadlines; what follows the write (the
 * permit it issued, the documents to seap) runs after it and again from the sweep.
 */
import { notFound } from '@puesc/kernel';
import type { Doc, PendingEvent } from '@puesc/store';
import * as D from '../domain';
import { DECISION_ISSUED } from '../contracts';
import type { CaseDoc, DeliveryItem, InboxEntry } from '../store';
import type { SzprotDeps } from './deps';
import { SEAP_KIND, deliverPending, deliveryItem, pendingOf } from './delivery';
import { deadlineEvents, eventOf, serviceEvent, type Who } from './events';
import { plain, updateWithEvents } from './outbox';
import { projectPermit } from './permitProjection';

export const whoOfCase = (d: CaseDoc): Who => ({ companyId: d.companyId, eori: d.eori, office: d.office });

/** The fields the service queries on, copied from the case. */
export function caseFields(c: D.PermitCase) {
  const next = D.systemActions(c)[0];
  return { status: c.status, office: c.office, permitNumber: c.permitNumber ?? null, nextActionAt: next?.at ?? null };
}

export async function loadCase(d: Pick<SzprotDeps, 'db'>, id: string): Promise<Doc<CaseDoc>> {
  const doc = await d.db.cases.get(id);
  if (!doc) throw notFound('case', id);
  return doc;
}

/** What a write adds besides the transition: a client document taken in, notices, facts of the app. */
export interface SaveExtra {
  inbox?: InboxEntry;
  notices?: DeliveryItem[];
  events?: PendingEvent[];
}

/** The transition's new documents, to deliver to the applicant through seap (DOC-06). */
function documentsToDeliver(doc: CaseDoc, c: D.PermitCase, t: D.Transition | null, at: Date): DeliveryItem[] {
  return (t?.documents ?? []).map((x) =>
    deliveryItem(
      {
        id: x.id,
        kind: SEAP_KIND[x.kind],
        title: x.title,
        content: {
          ...x.body,
          documentId: x.id,
          caseId: c.id,
          kind: x.kind,
          availableAt: x.availableAt,
        },
        recipient: { companyId: doc.companyId, accountId: doc.submittedBy },
        contactEmail: doc.contactEmail,
        caseRef: c.id,
        relatedDocumentId: doc.applicationDocumentId,
      },
      at,
    ),
  );
}

/** The delivery facts of the list kept in step with the domain's documents (DOC-07). */
function inStepWith(c: D.PermitCase, deliveries: DeliveryItem[]): DeliveryItem[] {
  return deliveries.map((x) => {
    const dd = c.documents.find((y) => y.id === x.id);
    return dd?.deliveredAt && !x.deliveredAt
      ? { ...x, status: 'delivered' as const, deliveredAt: dd.deliveredAt, deliveredHow: dd.deliveredHow ?? 'opened' }
      : x;
  });
}

/** The transition's events: the domain's, its deadlines (NOT-02) and a decision when one was taken. */
function transitionEvents(doc: CaseDoc, c: D.PermitCase, t: D.Transition, at: Date): PendingEvent[] {
  const who = whoOfCase({ ...doc, office: c.office });
  const events = t.events.map((e) => eventOf(e, who));
  events.push(
    ...deadlineEvents(
      t.deadlines,
      {
        ...who,
        caseId: c.id,
        permitNumber: c.permitNumber ?? null,
        accountId: doc.submittedBy,
        contactEmail: doc.contactEmail,
      },
      at,
    ),
  );
  const before = doc.permitCase.decision;
  if (c.decision && before?.documentId !== c.decision.documentId)
    events.push(
      serviceEvent(DECISION_ISSUED, at, who, {
        caseId: c.id,
        permitNumber: c.decision.permitNumber ?? c.permitNumber ?? null,
        kind: c.decision.kind,
        documentId: c.decision.documentId,
        decidedAt: c.decision.decidedAt,
        by: c.decision.by,
      }),
    );
  return events;
}

/** The next state of a case document after a transition (or none), and the events to store with it. */
export function composeCase<T extends CaseDoc>(
  doc: T,
  t: D.Transition | null,
  at: Date,
  extra: SaveExtra = {},
): { next: T; events: PendingEvent[] } {
  const c = t ? t.case : doc.permitCase;
  const deliveries = inStepWith(c, [...doc.deliveries, ...documentsToDeliver(doc, c, t, at), ...(extra.notices ?? [])]);
  const events = [...(t ? transitionEvents(doc, c, t, at) : []), ...(extra.events ?? [])];
  const next: T = {
    ...doc,
    ...caseFields(c),
    permitCase: plain(c),
    deliveries,
    deliveryPending: pendingOf(deliveries),
    pendingPermit: t?.permit ? plain(t.permit) : doc.pendingPermit,
    inbox: extra.inbox ? [...doc.inbox, extra.inbox] : doc.inbox,
    updatedAt: at.toISOString(),
  };
  return { next, events };
}

/** Stores a case transition with its events, its documents to deliver and its deadlines (DL-04), in one write. */
export function saveCase(
  d: SzprotDeps,
  doc: Doc<CaseDoc>,
  t: D.Transition | null,
  extra: SaveExtra = {},
): Promise<Doc<CaseDoc>> {
  const { next, events } = composeCase(doc, t, d.clock.now(), extra);
  return updateWithEvents(d, d.db.cases, next, events);
}

/** What follows a case write: the permit it issued or changed, and its documents to seap. Never throws. */
export async function afterCaseWrite(d: SzprotDeps, doc: CaseDoc): Promise<void> {
  if (doc.pendingPermit)
    await projectPermit(d, doc._id).catch((e) =>
      d.logger.error({ err: e, caseId: doc._id }, 'szprot: permit projection failed; the sweep retries'),
    );
  if (doc.deliveryPending) await deliverPending(d, 'cases', doc._id);
}

/** An information to the applicant about the case that is not a document of the domain (a refused submission). */
export function noticeFor(doc: CaseDoc, title: string, content: Record<string, unknown>, at: Date): DeliveryItem {
  const n = doc.deliveries.filter((x) => x.id.includes('/notice-')).length + 1;
  const id = `${doc._id}/notice-${n}`;
  return deliveryItem(
    {
      id,
      kind: 'information',
      title,
      content: { ...content, documentId: id, caseId: doc._id },
      recipient: { companyId: doc.companyId, accountId: doc.submittedBy },
      contactEmail: doc.contactEmail,
      caseRef: doc._id,
      relatedDocumentId: null,
    },
    at,
  );
}
