/**
 * EUP-18: the case file a client reads during the hearing period (domain/caseFile.ts): its list,
 * and one document to download. The client must be allowed to read the case (ID-10, the same
 * check as the case itself); officers of the case's office read it at any time.
 */
import { notFound, valueOrThrow } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import { reply } from '@puesc/service';
import * as D from '../domain';
import type { CaseFileDocumentParams, CaseRef } from '../contracts';
import type { CaseDoc } from '../store';
import { assertOfficeOfCase, clientMayRead, isOfficer, officerActor } from './access';
import { loadCase } from './caseFile';
import type { SzprotDeps } from './deps';

/** The case, once the caller may read its file now (EUP-18), with the period it is open for. */
async function openFile(d: SzprotDeps, caller: Caller, caseId: string) {
  const doc = await loadCase(d, caseId);
  if (isOfficer(caller)) {
    assertOfficeOfCase(officerActor(caller), doc);
    return { doc, period: null };
  }
  await clientMayRead(d, caller, doc);
  return { doc, period: valueOrThrow(D.hearingPeriodAt(doc.permitCase, d.clock.now())) };
}

const itemsOf = (doc: CaseDoc) =>
  D.caseFileItems(doc.permitCase, { documentId: doc.applicationDocumentId, receivedAt: doc.receivedAt }, doc.inbox);

export async function listCaseFile(d: SzprotDeps, caller: Caller, p: CaseRef) {
  const { doc, period } = await openFile(d, caller, p.caseId);
  return { caseId: doc._id, rule: 'EUP-18', hearingPeriod: period, items: itemsOf(doc) };
}

/** One document of the file as a JSON download; what seap holds is named with its seap document id. */
export async function readCaseFileDocument(d: SzprotDeps, caller: Caller, p: CaseFileDocumentParams) {
  const { doc } = await openFile(d, caller, p.caseId);
  const item = itemsOf(doc).find((i) => i.id === p.documentId);
  if (!item) throw notFound(`document of the file of case ${doc._id}`, p.documentId);
  const issued = doc.permitCase.documents.find((x) => D.caseFileIdOf(x.id) === item.id);
  const content =
    item.kind === 'application'
      ? { content: doc.content }
      : issued
        ? { body: issued.body }
        : { download: `/api/v1/seap/documents/${item.seapDocumentId}` };
  const body = JSON.stringify({ caseId: doc._id, ...item, ...content });
  return reply({
    contentType: 'application/json',
    body,
    headers: { 'content-disposition': `attachment; filename="${doc._id}-${item.id}.json"` },
  });
}
