/**
 * Who may see or act (ID-10): case officers act for the office their token names, on that office's
 * cases and on the permits it issued or supervises; clients act for a company they represent, with
 * the permission identity confirms (ID-07: szprot.submit, documents.view-all, documents.view-own).
 */
import { forbidden } from '@puesc/kernel';
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

/** Office actions on a case are for the case's (competent) office only. */
export function assertOfficeOfCase(actor: { office: string }, doc: CaseDoc): void {
  if (!D.sameOffice(actor.office, doc.office))
    throw forbidden(`case ${doc._id} is handled by office ${doc.office}`, 'ID-10');
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
  throw forbidden(
    `you may not see case ${doc._id}: it needs documents.view-all, or documents.view-own for a case you submitted`,
    'ID-10',
  );
}

export type Access = { audience: 'office' | 'client'; actor: D.Actor; caller: Caller };

/** What a client must hold to read a permit, read or keep its records, or act on it. */
const PERMIT_PERMISSIONS = {
  read: ['documents.view-all', 'documents.view-own'],
  records: ['documents.view-all', 'szprot.submit'],
  act: ['szprot.submit'],
} as const;

/** Who may see or act on a permit: its issuing or supervising office's officers; the holder's representatives. */
export async function permitAccess(
  d: Pick<SzprotDeps, 'db' | 'peers'>,
  caller: Caller,
  doc: PermitDoc,
  need: keyof typeof PERMIT_PERMISSIONS,
): Promise<Access> {
  if (isOfficer(caller)) {
    const actor = officerActor(caller);
    if (!D.sameOffice(actor.office, doc.issuingOffice) && !D.sameOffice(actor.office, doc.supervisingOffice))
      throw forbidden(
        `permit ${doc.number} is handled by office ${doc.issuingOffice} (supervising ${doc.supervisingOffice})`,
        'ID-10',
      );
    return { audience: 'office', actor, caller };
  }
  // ID-03: acting in the permit services needs the extended scope.
  if (need === 'act' && caller.scope !== 'extended') throw forbidden('requires extended scope', 'ID-03');
  const { permission } = await requirePermission(
    d,
    caller,
    doc.holderCompanyId,
    [...PERMIT_PERMISSIONS[need]],
    `permit ${doc.number}`,
  );
  if (permission === 'documents.view-own') {
    const origin = await d.db.cases.get(doc.caseId);
    if (origin?.submittedBy !== caller.id)
      throw forbidden(
        `documents.view-own covers only what you sent yourself; permit ${doc.number} answers another person's application`,
        'ID-10',
      );
  }
  return { audience: 'client', actor: { kind: 'client', accountId: caller.id }, caller };
}
