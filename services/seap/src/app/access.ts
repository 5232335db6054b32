/**
 * Who sees which document (ID-07, ID-10): one's own documents sent or received for oneself; in a
 * company's context one's own with documents.view-own (or view-all), everybody's with view-all.
 * Drafts are their author's alone; drafting for a company needs its form's submit permission (ID-12).
 */
import { forbidden, invalidField, notFound, valueOrThrow } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import type { Doc, Filter } from '@puesc/store';
import type { DocumentsView } from '../contracts';
import { handlingOffice, readsAsCaseOfficer, readsAsIssuer } from '../domain/authorityDocument';
import type { DocumentDoc } from '../domain/document';
import type { FormDefinition } from '../domain/forms';
import { draftingPermissionOf, mayDraftFor } from '../domain/generation';
import type { DraftDoc } from '../store';
import type { SeapDeps, WithPeers } from './deps';

type AccessDeps = Pick<SeapDeps, 'db'> & WithPeers<'allowed'>;

const VIEW_OWN = 'seeing the documents you sent for this company needs the documents.view-own permission';
const VIEW_ALL = "seeing documents of the company's other authorised persons needs the documents.view-all permission";

/**
 * Own documents with view-own (or view-all); the company's documents of others only with view-all;
 * an authority document also by the officers of the office that issued it (DOC-09).
 */
export async function canSee(d: AccessDeps, u: Caller, doc: DocumentDoc): Promise<boolean> {
  if (readsAsIssuer(u, doc)) return true;
  if (u.roles.includes('case-officer')) return readsAsCaseOfficer(u, doc, await officeHandling(d, doc));
  if (!doc.companyId) return doc.accountId === u.id;
  if (doc.accountId === u.id && (await d.peers.allowed(u.id, doc.companyId, 'documents.view-own'))) return true;
  return d.peers.allowed(u.id, doc.companyId, 'documents.view-all');
}

/** The office handling the case of a client's document, from the authority documents answering it or in its case. */
async function officeHandling(d: Pick<SeapDeps, 'db'>, doc: DocumentDoc): Promise<string | null> {
  if (doc.origin !== 'client') return null;
  const answers = await d.db.documents.find(
    {
      origin: 'authority',
      $or: [{ relatedDocumentId: doc._id }, ...(doc.caseRef ? [{ caseRef: doc.caseRef }] : [])],
    },
    { sort: { createdAt: -1 }, limit: 50 },
  );
  return handlingOffice(answers);
}

/** The document, if the caller may see it (ID-10); someone else's private document is not found. */
export async function visibleDocument(d: AccessDeps, u: Caller, id: string): Promise<Doc<DocumentDoc>> {
  const doc = await d.db.documents.get(id);
  if (!doc) throw notFound('document', id);
  if (await canSee(d, u, doc)) return doc;
  if (doc.companyId && doc.accountId !== u.id) throw forbidden(VIEW_ALL, 'ID-10');
  if (doc.companyId) throw forbidden(VIEW_OWN, 'ID-10');
  throw notFound('document', id);
}

/** The company a document belongs to, if any (issue 18: the audit trail names it). */
export async function companyOfDocument(d: Pick<SeapDeps, 'db'>, id: string): Promise<string | null> {
  return (await d.db.documents.get(id))?.companyId ?? null;
}

/** The filter of what the caller may list in a context (ID-10), or a refusal. */
export async function listingFilter(
  d: AccessDeps,
  u: Caller,
  companyId: string | undefined,
  view: DocumentsView,
): Promise<Filter> {
  if (!companyId) {
    if (view === 'company') throw invalidField('view', 'the company view needs a companyId');
    return { accountId: u.id, companyId: null };
  }
  if (view === 'company') {
    if (!(await d.peers.allowed(u.id, companyId, 'documents.view-all')))
      throw forbidden(
        "listing the documents of all the company's authorised persons needs the documents.view-all permission",
        'ID-10',
      );
    return { companyId };
  }
  if (
    (await d.peers.allowed(u.id, companyId, 'documents.view-own')) ||
    (await d.peers.allowed(u.id, companyId, 'documents.view-all'))
  )
    return { companyId, accountId: u.id };
  throw forbidden(VIEW_OWN, 'ID-10');
}

/** ID-12: the caller may draft and generate this form for the company (nothing to check without one). */
export async function requireDrafting(
  d: WithPeers<'allowed'>,
  u: Caller,
  form: FormDefinition,
  companyId: string | null | undefined,
): Promise<void> {
  if (!companyId) return;
  valueOrThrow(mayDraftFor(form, await d.peers.allowed(u.id, companyId, draftingPermissionOf(form))));
}

/** The caller's own draft, not discarded (DOC-02). */
export async function ownDraft(d: Pick<SeapDeps, 'db'>, u: Caller, id: string): Promise<Doc<DraftDoc>> {
  const draft = await d.db.drafts.get(id);
  if (!draft || draft.accountId !== u.id || draft.discardedAt) throw notFound('draft', id);
  return draft;
}
