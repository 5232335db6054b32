/**
 * EUP-13: an application to amend, suspend or revoke a permit is pre-filled with the permit's data
 * only for a registered representative of the holder with documents.view-all (ID-07); in indirect
 * representation that permission must be registered to the customs agency. Otherwise the form
 * comes back blank with one reason, the same as for an unknown number (issue 18 item 9), and every
 * field is typed by hand.
 */
import { invalidField } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import * as D from '../domain';
import type { PrefillParams } from '../contracts';
import type { AuthorizeAnswer } from '../peers';
import type { PermitDoc } from '../store';
import type { SzprotDeps } from './deps';
import { errorText } from '../errorText';

/** The permissions that show a representation, in the order they are asked for. */
const ANY_PERMISSION = ['documents.view-all', 'szprot.submit', 'documents.view-own', 'seap.submit'];

function representationOf(
  a: AuthorizeAnswer,
  principalCompanyId: string,
  representative: D.RegisteredRepresentation['representative'],
): D.RegisteredRepresentation | null {
  if (!a.allowed || !a.representation) return null;
  return {
    representative,
    principalCompanyId,
    kind: a.representation.kind as D.RepresentationKind,
    permissions: a.representation.permissions,
    status: 'approved',
    endDate: a.representation.endDate ?? null,
  };
}

/** The caller's representation of a company, as identity knows it (any permission shows it). */
async function representationBy(d: SzprotDeps, accountId: string, companyId: string) {
  for (const p of ANY_PERMISSION) {
    const a = await d.peers.authorize(accountId, companyId, p);
    if (a.allowed) return representationOf(a, companyId, { kind: 'person', accountId });
  }
  return null;
}

/** The agency's own representation of the holder (a company representing a company). */
async function agencyRepresentation(d: SzprotDeps, agency: string, holder: string) {
  try {
    const b = await d.peers.authorizeAgency(agency, holder, 'documents.view-all');
    return representationOf(b.allowed ? b : { ...b, allowed: !!b.representation }, holder, {
      kind: 'company',
      companyId: agency,
    });
  } catch (e) {
    d.logger.warn(
      { err: errorText(e) },
      'szprot: identity cannot confirm agency representations (identity.authorizeAgency)',
    );
    return null;
  }
}

/** The registered representations that matter for the caller: directly of the holder, or through the agency. */
async function representationsFor(d: SzprotDeps, caller: Caller, holder: string, p: PrefillParams) {
  if ((p.mode ?? 'direct') === 'direct') return [await representationBy(d, caller.id, holder)];
  const agency = p.agencyCompanyId!;
  return [await representationBy(d, caller.id, agency), await agencyRepresentation(d, agency, holder)];
}

/** The WDEUS01 contents of the permit's cases, newest version first: what the draft takes from. */
async function applicationsOf(d: SzprotDeps, doc: PermitDoc): Promise<Record<string, unknown>[]> {
  const caseIds = [
    ...new Set(
      [...doc.permit.versions]
        .reverse()
        .map((v) => v.caseId)
        .concat(doc.permit.caseId, doc.caseId)
        .filter((id): id is string => !!id),
    ),
  ];
  const applications: Record<string, unknown>[] = [];
  for (const id of caseIds) {
    const c = await d.db.cases.get(id);
    if (c?.content) applications.push(c.content);
  }
  return applications;
}

export async function prefill(d: SzprotDeps, caller: Caller, p: PrefillParams) {
  // Checked before the permit is looked up, so a 400 says nothing of whether the number exists (issue 18 item 9).
  if ((p.mode ?? 'direct') === 'indirect' && !p.agencyCompanyId)
    throw invalidField('agencyCompanyId', 'in indirect representation name the customs agency you act for', 'EUP-13');
  const doc = await d.db.permits.get(p.permitNumber);
  const blank = { purpose: p.kind, permitNumber: p.permitNumber };
  // EUP-13, issue 18 item 9: an unknown number is answered as a permit one may not pre-fill from.
  if (!doc) return { ...D.notPrefillable(), form: blank };
  const reps = (await representationsFor(d, caller, doc.holderCompanyId, p)).filter(
    (r): r is D.RegisteredRepresentation => r !== null,
  );
  const r = D.prefillApplication(
    {
      kind: p.kind,
      permit: doc.permit,
      accountId: caller.id,
      acting:
        (p.mode ?? 'direct') === 'direct'
          ? { mode: 'direct' }
          : { mode: 'indirect', agencyCompanyId: p.agencyCompanyId! },
      representations: reps,
    },
    d.clock.now(),
  );
  if (!r.prefilled) return { ...r, form: blank };
  // A WDEUS01 draft (seap's form schema, DOC-01) with what the permit and its cases hold; the rest is the client's.
  return { ...r, form: D.prefillForm(p.kind, r.fields, await applicationsOf(d, doc)) };
}
