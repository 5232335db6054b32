/**
 * What clients and officers read (ID-10): a company's cases and permits (documents.view-all, or
 * documents.view-own for what one sent oneself) or the office's; one case with every deadline
 * (DL-04); the office's work queue, nearest legal deadline first; one permit with its history.
 */
import { invalidField } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import * as D from '../domain';
import type { CaseRef, ListCasesParams, ListPermitsParams, PermitRef } from '../contracts';
import type { CaseDoc } from '../store';
import { caseSummary, caseView, closureView, permitSummary, permitView, rejectionView } from '../views';
import {
  assertOfficeOfCase,
  clientMayRead,
  isOfficer,
  officerActor,
  permitAccess,
  requirePermission,
  type OfficerActor,
} from './access';
import { loadCase } from './caseFile';
import type { SzprotDeps } from './deps';
import { loadPermit } from './permitFile';

const READ = ['documents.view-all', 'documents.view-own'];
const summaryOf = (d: CaseDoc, at: Date) => ({ ...caseSummary(d, at), applicationDocumentId: d.applicationDocumentId });

export async function listCases(d: SzprotDeps, caller: Caller, p: ListCasesParams) {
  const at = d.clock.now();
  const limit = p.limit ?? 100;
  const status = p.status ? { status: p.status } : {};
  if (isOfficer(caller)) {
    const actor = officerActor(caller);
    const docs = await d.db.cases.find({ office: actor.office, ...status }, { sort: { receivedAt: -1 }, limit });
    return { cases: docs.map((x) => summaryOf(x, at)), rejected: [] };
  }
  const companyId = p.companyId;
  if (!companyId) throw invalidField('companyId', 'name the company whose cases you want to see');
  const { permission } = await requirePermission(d, caller, companyId, READ, 'cases');
  const own = permission === 'documents.view-own';
  const docs = await d.db.cases.find(
    { companyId, ...(own ? { submittedBy: caller.id } : {}), ...status },
    { sort: { receivedAt: -1 }, limit },
  );
  const rejected = await d.db.rejections.find(
    { companyId, ...(own ? { accountId: caller.id } : {}) },
    { sort: { receivedAt: -1 }, limit },
  );
  return { cases: docs.map((x) => summaryOf(x, at)), rejected: rejected.map(rejectionView) };
}

export async function getCase(d: SzprotDeps, caller: Caller, p: CaseRef) {
  const doc = await loadCase(d, p.caseId);
  if (isOfficer(caller)) {
    assertOfficeOfCase(officerActor(caller), doc);
    return caseView(doc, d.clock.now(), 'office');
  }
  await clientMayRead(d, caller, doc);
  return caseView(doc, d.clock.now(), 'client');
}

/** The office's open cases, nearest legal deadline first, then closures awaiting a bill or an assessment. */
export async function workQueue(d: SzprotDeps, officer: OfficerActor) {
  const at = d.clock.now();
  const docs = await d.db.cases.find({ office: officer.office, status: { $nin: ['notAccepted', 'appealed'] } });
  const byId = new Map(docs.map((x) => [x._id, x]));
  const items = D.workQueue(
    docs.map((x) => x.permitCase),
    officer,
    at,
  ).map((i) => ({
    ...i,
    receivedAt: byId.get(i.caseId)?.receivedAt,
    permitNumber: byId.get(i.caseId)?.permitNumber ?? null,
  }));
  const closures = await d.db.closures.find({
    supervisingOffice: officer.office,
    state: { $in: ['awaiting-bill', 'submitted'] },
  });
  return {
    office: officer.office,
    items,
    closures: closures
      .map((c) => closureView(c.closure, at))
      .sort((a, b) => Date.parse(a.deadline.left.dueAt) - Date.parse(b.deadline.left.dueAt)),
  };
}

export async function listPermits(d: SzprotDeps, caller: Caller, p: ListPermitsParams) {
  const at = d.clock.now();
  const limit = p.limit ?? 100;
  if (isOfficer(caller)) {
    const actor = officerActor(caller);
    const docs = await d.db.permits.find(
      { $or: [{ issuingOffice: actor.office }, { supervisingOffice: actor.office }] },
      { limit },
    );
    return { permits: docs.map((x) => permitSummary(x, at)) };
  }
  const companyId = p.companyId;
  if (!companyId) throw invalidField('companyId', 'name the holder whose permits you want to see');
  const { permission } = await requirePermission(d, caller, companyId, READ, 'permits');
  let docs = await d.db.permits.find({ holderCompanyId: companyId }, { limit });
  if (permission === 'documents.view-own') {
    const mine = new Set((await d.db.cases.find({ companyId, submittedBy: caller.id })).map((c) => c._id));
    docs = docs.filter((x) => mine.has(x.caseId));
  }
  return { permits: docs.map((x) => permitSummary(x, at)) };
}

export async function getPermit(d: SzprotDeps, caller: Caller, p: PermitRef) {
  const doc = await loadPermit(d, p.permitNumber);
  await permitAccess(d, caller, doc, 'read');
  return permitView(doc, d.clock.now(), await d.db.closures.get(doc.number));
}

/** EUP-16: the TORO transfers under the permit. */
export async function listTransfers(d: SzprotDeps, caller: Caller, p: PermitRef) {
  const doc = await loadPermit(d, p.permitNumber);
  await permitAccess(d, caller, doc, 'records');
  return { transfers: doc.transfers };
}
