/**
 * A case decision that issues or changes a permit is written with the case (`pendingPermit`, the
 * source); the permit document follows from it here, right after the case write and again by the
 * sweep until it is done. Idempotent: a permit version is written once, in order (EUP-07, EUP-10).
 */
import { conflict } from '@puesc/kernel';
import type * as D from '../domain';
import type { PermitDoc } from '../store';
import type { SzprotDeps } from './deps';
import { emptyHead, permitNextAction, withPermit } from './permitFile';
import { isDuplicate, mutate, plain } from './outbox';

function newPermitDoc(p: D.Permit, at: Date): PermitDoc {
  const fresh: PermitDoc = {
    _id: p.number,
    number: p.number,
    caseId: p.caseId,
    holderCompanyId: p.holder.companyId,
    holderEori: p.holder.eori,
    issuingOffice: p.issuingOffice,
    supervisingOffice: p.terms.supervisingOffice,
    status: p.status,
    validFrom: p.terms.validFrom,
    validUntil: p.terms.validUntil,
    permit: plain(p),
    records: emptyHead(),
    recordsApproval: null,
    transfers: [],
    documents: [],
    deliveries: [],
    deliveryPending: false,
    closureOpened: false,
    nextActionAt: null,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  };
  fresh.nextActionAt = permitNextAction(fresh);
  return fresh;
}

/** Takes the decision's next version of an existing permit, keeping what changed on it since (reports). */
async function nextVersion(d: SzprotDeps, caseId: string, p: D.Permit, at: Date): Promise<void> {
  await mutate(d, d.db.permits, p.number, (doc) => {
    if (doc.permit.version >= p.version) return null;
    if (doc.permit.version !== p.version - 1)
      throw conflict(
        `permit ${p.number} changed meanwhile (version ${doc.permit.version}); the decision of case ${caseId} (version ${p.version}) needs review`,
        'EUP-10',
      );
    return { doc: withPermit(doc, { ...p, reports: doc.permit.reports }, at) };
  });
}

/** Writes the permit a case decision issued or changed, then clears it from the case. */
export async function projectPermit(d: SzprotDeps, caseId: string): Promise<void> {
  const doc = await d.db.cases.get(caseId);
  const p = doc?.pendingPermit;
  if (!doc || !p) return;
  const at = d.clock.now();
  const existing = await d.db.permits.get(p.number);
  if (!existing) {
    try {
      await d.db.permits.insert(newPermitDoc(p, at));
    } catch (e) {
      if (!isDuplicate(e)) throw e;
    }
  } else if (existing.permit.version < p.version) {
    await nextVersion(d, caseId, p, at);
  }
  await mutate(d, d.db.cases, caseId, (c) =>
    c.pendingPermit && c.pendingPermit.number === p.number && c.pendingPermit.version === p.version
      ? { doc: { ...c, pendingPermit: null } }
      : null,
  );
}
