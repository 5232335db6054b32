/**
 * The client desktop's lists and reads (DOC-02): documents to send, my cases and documents (own
 * or, with documents.view-all, the company's, ID-10), one document with its content or its exact
 * bytes. Reading a document from the authority records its delivery when that is due (DOC-07).
 */
import { notFound } from '@puesc/kernel';
import { reply, type Caller } from '@puesc/service';
import type { Filter } from '@puesc/store';
import type { IdParams, ListCasesParams, ListDocumentsParams, ListToSendParams } from '../contracts';
import { findPage } from '../store';
import { documentOut, iso, pageOut, upoOf, type DocumentOut } from '../views';
import { readsAsIssuer } from '../domain/authorityDocument';
import { listingFilter, visibleDocument } from './access';
import type { SeapDeps, WithPeers } from './deps';
import { settle } from './delivery';

type DesktopDeps = Pick<SeapDeps, 'db' | 'clock' | 'cfg' | 'keyring' | 'logger' | 'kickRelay'> & WithPeers<'allowed'>;

const NEWEST_FIRST = { createdAt: -1, _id: -1 } as const;

/** Documents to send (do wysyłki): generated, waiting for their signature. */
export async function listToSend(d: Pick<SeapDeps, 'db'>, u: Caller, p: ListToSendParams) {
  const filter = { accountId: u.id, origin: 'client', status: 'generated', companyId: p.companyId ?? null };
  return pageOut(await findPage(d.db.documents, filter, NEWEST_FIRST, p), (x) => documentOut(x, true));
}

/** My cases and documents, filterable and paginated; duplicates (DOC-08) are not listed unless asked for. */
export async function listDocuments(d: DesktopDeps, u: Caller, p: ListDocumentsParams) {
  const base = await listingFilter(d, u, p.companyId, p.view ?? 'own');
  const created: Record<string, Date> = {};
  if (p.from) created['$gte'] = new Date(p.from);
  if (p.to) created['$lt'] = new Date(p.to);
  const filter: Filter = {
    ...base,
    origin: p.origin,
    status: p.status ?? { $ne: 'duplicate' },
    kind: p.kind,
    caseRef: p.caseRef,
    ...(Object.keys(created).length ? { createdAt: created } : {}),
  };
  const page = await findPage(d.db.documents, filter, NEWEST_FIRST, p);
  const items = [];
  for (const doc of page.items) items.push(doc.status === 'available' ? await settle(d, doc) : doc);
  return { ...page, items: items.map((x) => documentOut(x)) };
}

/** My cases: the case references of my documents, each with its documents, latest activity first. */
export async function listCases(d: Pick<SeapDeps, 'db'> & WithPeers<'allowed'>, u: Caller, p: ListCasesParams) {
  const base = await listingFilter(d, u, p.companyId, p.view ?? 'own');
  const docs = await d.db.documents.find(
    { ...base, caseRef: { $ne: null }, status: { $ne: 'duplicate' } },
    { sort: { createdAt: 1 }, limit: 2000 },
  );
  const cases = new Map<string, { caseRef: string; documents: DocumentOut[]; lastActivityAt: string }>();
  for (const doc of docs) {
    const c = cases.get(doc.caseRef!) ?? { caseRef: doc.caseRef!, documents: [], lastActivityAt: iso(doc.createdAt)! };
    c.documents.push(documentOut(doc));
    c.lastActivityAt = iso(doc.createdAt)!;
    cases.set(doc.caseRef!, c);
  }
  return [...cases.values()].sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
}

/** A document with its content; opening one from the authority records its delivery (DOC-07). */
export async function openDocument(d: DesktopDeps, u: Caller, p: IdParams) {
  let doc = await visibleDocument(d, u, p.id);
  // DOC-07: the addressee's side opening it delivers it; its issuing office reading it does not (DOC-09).
  if (doc.origin === 'authority' && !readsAsIssuer(u, doc)) doc = await settle(d, doc, u.id);
  return documentOut(doc, true);
}

/** The exact frozen bytes of a document (what is signed). */
export async function documentContent(d: Pick<SeapDeps, 'db'> & WithPeers<'allowed'>, u: Caller, p: IdParams) {
  const doc = await visibleDocument(d, u, p.id);
  return reply({ contentType: 'application/json', base64: doc.canonical, headers: { 'x-content-sha256': doc.sha256 } });
}

/** For the service a document was routed to: the received document, its bytes, UPO and submission. */
export async function receivedDocument(d: Pick<SeapDeps, 'db'>, p: IdParams) {
  const doc = await d.db.documents.get(p.id);
  if (!doc || doc.origin !== 'client' || doc.status !== 'received') throw notFound('received document', p.id);
  return {
    ...documentOut(doc, true),
    canonicalBase64: doc.canonical,
    upo: upoOf(doc),
    submission: { ...doc.submission, signature: doc.submission?.signature },
  };
}
