/**
 * ID-05/ID-06 with DOC-04: the authorisation and the stamp-duty proof of a representation request
 * are PDFs uploaded here first; the request names them by the `ref` this answers. A request may
 * only name a document its own account uploaded, of the kind the field is for.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { AppError, invalidField, newId, notFound, ruleViolation } from '@puesc/kernel';
import type { Store } from '@puesc/store';
import { checkPdf, documentFileName } from '../domain/pdfDocument';
import type { RepresentationDocuments } from '../domain';
import {
  openDocumentCollections,
  type DocumentCollections,
  type RepresentationDocumentDoc,
  type RepresentationDocumentKind,
} from '../documentStore';
import type { Asker, IdentityDeps } from './deps';
import { activeAccount, actsAs, callerOf } from './access';
import { managesCompany } from './authorization';

/** DOC-04: at most 10 MB per document. */
export const REPRESENTATION_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

const bound = new WeakMap<IdentityDeps, DocumentCollections>();

/** Opens the documents' collections on the service's store, once per identity. */
export function bindDocuments(d: IdentityDeps, store: Store): DocumentCollections {
  let c = bound.get(d);
  if (!c) bound.set(d, (c = openDocumentCollections(store)));
  return c;
}

function documentsOf(d: IdentityDeps): DocumentCollections {
  const c = bound.get(d);
  if (!c) throw new Error('identity: the representation documents are not bound to a store');
  return c;
}

export const tooLarge = (limit: number): AppError =>
  new AppError(413, 'payload-too-large', `a document may have at most ${limit} bytes`, { rule: 'DOC-04' });

/** Reads the upload, stopping at the first byte over the limit (DOC-04). */
async function readUpTo(stream: Readable, limit: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const raw of stream) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as Uint8Array);
    size += chunk.length;
    if (size > limit) {
      stream.destroy();
      throw tooLarge(limit);
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts, size);
}

export interface DocumentUpload {
  kind: RepresentationDocumentKind;
  name?: string;
  /** The name of the uploaded file, used when no `name` is given. */
  filename?: string;
}

const answerOf = (ref: string, x: RepresentationDocumentDoc) => ({
  ref,
  name: x.name,
  size: x.size,
  sha256: x.sha256,
  kind: x.kind,
});

/** DOC-04, ID-05/ID-06: stores one checked PDF for the caller's representation requests. */
export async function uploadRepresentationDocument(d: IdentityDeps, asker: Asker, stream: Readable, u: DocumentUpload) {
  const account = await activeAccount(d, asker).catch((e: unknown) => {
    stream.destroy();
    throw e;
  });
  const bytes = await readUpTo(stream, REPRESENTATION_DOCUMENT_MAX_BYTES);
  const verdict = await checkPdf(bytes);
  if (!verdict.ok)
    throw ruleViolation('DOC-04', `the document is refused: ${verdict.reason}`, {
      reason: verdict.reason,
      field: 'file',
    });
  const ref = `rdoc-${newId()}`;
  const doc: RepresentationDocumentDoc = {
    accountId: account.id,
    kind: u.kind,
    name: documentFileName(u.name ?? u.filename),
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    mediaType: 'application/pdf',
    data: bytes.toString('base64'),
    uploadedAt: d.clock.now(),
  };
  await documentsOf(d).documents.insert({ _id: ref, ...doc });
  d.log.info({ ref, kind: doc.kind, size: doc.size }, 'identity: representation document stored');
  return answerOf(ref, doc);
}

/** The companies of the representations that name a document (its managers may read it). */
async function companiesNaming(d: IdentityDeps, ref: string): Promise<string[]> {
  const reps = await d.db.representations.find(
    { $or: [{ 'documents.authorisation.ref': ref }, { 'documents.stampDuty.ref': ref }] },
    { limit: 50 },
  );
  return [...new Set(reps.map((r) => r.company.id))];
}

/**
 * ID-10: a document for its uploader, a registration officer, or one who manages (company.manage)
 * a company whose representation names it; for anyone else it does not exist (404).
 */
export async function downloadRepresentationDocument(d: IdentityDeps, asker: Asker, ref: string) {
  const caller = callerOf(asker);
  const x = await documentsOf(d).documents.get(ref);
  if (!x) throw notFound('document', ref);
  const companies = await companiesNaming(d, ref);
  let companyId: string | undefined;
  for (const c of companies) if (!companyId && (await managesCompany(d, caller.id, c))) companyId = c;
  const allowed = x.accountId === caller.id || !!companyId || (await actsAs(d, asker, 'registration-officer'));
  if (!allowed) throw notFound('document', ref);
  return {
    document: answerOf(ref, x),
    stream: Readable.from([Buffer.from(x.data, 'base64')]),
    companyId: companyId ?? companies[0],
  };
}

const FIELDS = { authorisation: 'documents.authorisation.ref', stampDuty: 'documents.stampDuty.ref' } as const;

/**
 * ID-05/ID-06: each document ref a request names is a document uploaded by the same account, of
 * the kind of its field; otherwise 400 naming the field. Refs in `unchanged` (already on the
 * representation) are not checked again.
 */
export async function assertOwnDocuments(
  d: IdentityDeps,
  accountId: string,
  docs: RepresentationDocuments | undefined,
  unchanged: RepresentationDocuments = {},
): Promise<void> {
  const wanted = [
    ['authorisation', docs?.authorisation?.ref, unchanged.authorisation?.ref, 'authorisation', 'ID-06'],
    ['stampDuty', docs?.stampDuty?.ref, unchanged.stampDuty?.ref, 'stamp-duty', 'ID-05'],
  ] as const;
  for (const [key, ref, before, kind, rule] of wanted) {
    if (!ref || ref === before) continue;
    const x = await documentsOf(d).documents.get(ref);
    if (!x || x.accountId !== accountId)
      throw invalidField(FIELDS[key], `no document ${ref} uploaded by this account: upload the PDF first`, rule);
    if (x.kind !== kind)
      throw invalidField(FIELDS[key], `document ${ref} is a ${x.kind} document, not a ${kind} document`, rule);
  }
}
