/**
 * Who may see or act (ID-10): case officers act for the office their token names, on that office's
 * cases and on the permits it issued or supervises; clients act for a company they represent, with
 * the permission identity confirms (ID-07: szprot.submit, documents.view-all, documents.view-own).
 */
import { forbidden, notFound } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import * as D from '../domain';
import { officeCode } from '../readers';
import type { CaseDoc, PermitDoc } from '../store';
import type { SzprotDeps } from './deps';

export type OfficerActor = D.Actor & { kind: 'officer' };

export const isOfficer = (c: Caller): boolean => c.roles.includes('case-officer');

/** A case officer as the domain's actor, for the office the token names. */
export function officerActor(caller: Caller): OfficerActor {
  if (!caller.office) throw forbidden('a case officer acts for an office; the token names none', 'ID-10');
  return { kind: 'officer', office: officeCode(caller.office), officerId: caller.id };
}

/**
 * Office actions on a case are for the case's (competent) office only. To anyone else the case does
 * not exist: the same 404 as an unknown number (issue 18, no existence oracle).
 */
export function assertOfficeOfCase(actor: { office: string }, doc: CaseDoc): void {
  if (!D.sameOffice(actor.office, doc.office)) throw notFound('case', doc._id);
}

/**
 * Office actions on a permit are for its issuing or supervising office. To any other office the
 * permit does not exist: the same 404 as an unknown number (issue 18 item 9, no existence oracle).
 */
export function assertOfficeOfPermit(actor: { office: string }, doc: PermitDoc): void {
  if (!D.sameOffice(actor.office, doc.issuingOffice) && !D.sameOffice(actor.office, doc.supervisingOffice))
    throw notFound('permit', doc.number);
}

/** The first of `permissions` the caller holds for the company, or 403. */
export async function requirePermission(
  d: Pick<SzprotDeps, 'peers'>,
  caller: Caller,
  companyId: string,
  permissions: string[],
  what: string,
) {
  let last: Awaited<ReturnType<SzprotDeps['peers']['authorize']>> | undefined;
  for (const permission of permissions) {
    const a = await d.peers.authorize(caller.id, companyId, permission);
    if (a.allowed) return { permission, answer: a };
    last = a;
  }
  throw forbidden(
    `${what}: you do not represent the company with ${permissions.join(' or ')}${last?.message ? ` (${last.message})` : last?.reason ? ` (${last.reason})` : ''}`,
    'ID-10',
  );
}

/** A client reads a case: documents.view-all, or documents.view-own for a case they submitted (ID-07). */
export async function clientMayRead(d: Pick<SzprotDeps, 'peers'>, caller: Caller, doc: CaseDoc): Promise<void> {
  const all = await d.peers.authorize(caller.id, doc.companyId, 'documents.view-all');
  if (all.allowed) return;
  if (doc.submittedBy === caller.id) {
    const own = await d.peers.authorize(caller.id, doc.companyId, 'documents.view-own');
    if (own.allowed) return;
  }
  // Not theirs to see: answered as an unknown number (issue 18, no existence oracle).
  throw notFound('case', doc._id);
}

export type Access = { audience: 'office' | 'client'; actor: D.Actor; caller: Caller };

/** What a client must hold to read a permit, read or keep its records, or act on it (ID-07). */
const PERMIT_NEEDS = {
  read: 'documents.view-all, or documents.view-own for a permit answering your own application',
  records: 'documents.view-all or szprot.submit',
  act: 'szprot.submit',
} as const;

type Held = { all: boolean; own: boolean; submit: boolean };

/** The permissions of the holder the caller holds, and whether the permit answers their own application. */
async function heldFor(d: Pick<SzprotDeps, 'db' | 'peers'>, caller: Caller, doc: PermitDoc): Promise<Held> {
  const ask = (p: string) => d.peers.authorize(caller.id, doc.holderCompanyId, p).then((a) => a.allowed);
  const [all, viewOwn, submit] = await Promise.all([
    ask('documents.view-all'),
    ask('documents.view-own'),
    ask('szprot.submit'),
  ]);
  const own = viewOwn && (await d.db.cases.get(doc.caseId))?.submittedBy === caller.id;
  return { all, own, submit };
}

const allows = (h: Held, need: keyof typeof PERMIT_NEEDS): boolean =>
  need === 'read' ? h.all || h.own : need === 'records' ? h.all || h.submit : h.submit;

/**
 * Who may see or act on a permit: its issuing or supervising office's officers; the holder's
 * representatives. To whoever may not see it the permit does not exist: the same 404 as an unknown
 * number (issue 18, no existence oracle); one who sees it but may not do this is told why (403).
 */
export async function permitAccess(
  d: Pick<SzprotDeps, 'db' | 'peers'>,
  caller: Caller,
  doc: PermitDoc,
  need: keyof typeof PERMIT_NEEDS,
): Promise<Access> {
  if (isOfficer(caller)) {
    const actor = officerActor(caller);
    if (!D.sameOffice(actor.office, doc.issuingOffice) && !D.sameOffice(actor.office, doc.supervisingOffice))
      throw notFound('permit', doc.number);
    return { audience: 'office', actor, caller };
  }
  const held = await heldFor(d, caller, doc);
  if (!held.all && !held.own && !held.submit) throw notFound('permit', doc.number);
  // ID-03: acting in the permit services needs the extended scope.
  if (need === 'act' && caller.scope !== 'extended') throw forbidden('requires extended scope', 'ID-03');
  if (!allows(held, need)) throw forbidden(`permit ${doc.number}: this needs ${PERMIT_NEEDS[need]}`, 'ID-10');
  return { audience: 'client', actor: { kind: 'client', accountId: caller.id }, caller };
}
