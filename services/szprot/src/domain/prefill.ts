/**
 * EUP-13: pre-filling an application to amend, suspend or revoke a permit with the permit's data.
 *
 * Exactly as the client guide says: the data are pulled into the form only for a registered
 * representative of the holder who also holds the permission "view all messages sent or received
 * on behalf of the company by all its authorised persons" (`documents.view-all`, ID-07). In
 * indirect representation that permission must be registered to the customs agency (the company
 * acting as indirect representative), not to the person. Otherwise nothing is pre-filled and every
 * field is typed by hand.
 */
import { localDateOf } from './calendar';
import type { ApplicationKind } from './conditions';
import type { Permit, PermitTerms } from './permit';
import type { RepresentationKind } from './representation';
import type { RuleId } from './rules';

export const VIEW_ALL = 'documents.view-all';

/** A registered representation as identity knows it, registered either to a person or to a company (agency). */
export interface RegisteredRepresentation {
  representative: { kind: 'person'; accountId: string } | { kind: 'company'; companyId: string };
  principalCompanyId: string;
  kind: RepresentationKind;
  permissions: readonly string[];
  status: 'requested' | 'approved' | 'rejected' | 'revoked' | 'expired';
  /** Last day (inclusive, Warsaw) it is valid. */
  endDate?: string | null;
}

export interface PrefillRequest {
  kind: Exclude<ApplicationKind, 'grant'>;
  permit: Permit;
  /** The account asking for the form. */
  accountId: string;
  /** How the application is made: directly for the holder, or by a customs agency in indirect representation. */
  acting: { mode: 'direct' } | { mode: 'indirect'; agencyCompanyId: string };
  /** The representations identity holds for this account and, in indirect mode, for the agency. */
  representations: readonly RegisteredRepresentation[];
}

export interface PrefilledFields {
  permitNumber: string;
  holder: { companyId: string; eori: string };
  issuingOffice: string;
  terms: PermitTerms;
}

export type PrefillResult =
  | { prefilled: true; rule: RuleId; fields: PrefilledFields; basis: string }
  | { prefilled: false; rule: RuleId; reason: string };

const active = (r: RegisteredRepresentation, now: Date): boolean =>
  r.status === 'approved' && (!r.endDate || r.endDate >= localDateOf(now));

function fields(p: Permit): PrefilledFields {
  return {
    permitNumber: p.number,
    holder: { ...p.holder },
    issuingOffice: p.issuingOffice,
    terms: structuredClone(p.terms),
  };
}

/** EUP-13: the permit's data for the form, or why every field has to be typed by hand. */
export function prefillApplication(req: PrefillRequest, now: Date): PrefillResult {
  const holder = req.permit.holder.companyId;
  const no = (reason: string): PrefillResult => ({
    prefilled: false,
    rule: 'EUP-13',
    reason: `${reason}; fill in every field by hand`,
  });

  if (req.acting.mode === 'direct') {
    const mine = req.representations.filter(
      (r) =>
        r.representative.kind === 'person' &&
        r.representative.accountId === req.accountId &&
        r.principalCompanyId === holder &&
        active(r, now),
    );
    if (mine.length === 0) return no('you are not a registered representative of the permit holder');
    const granting = mine.find((r) => r.kind !== 'customs-indirect' && r.permissions.includes(VIEW_ALL));
    if (!granting) {
      if (mine.some((r) => r.kind === 'customs-indirect' && r.permissions.includes(VIEW_ALL)))
        return no(
          'in indirect representation the "view all messages" permission must be registered to the customs agency, not to you',
        );
      return no('your representation of the holder does not include the "view all messages" permission');
    }
    return {
      prefilled: true,
      rule: 'EUP-13',
      fields: fields(req.permit),
      basis: `${granting.kind} representation with ${VIEW_ALL}`,
    };
  }

  const agency = req.acting.agencyCompanyId;
  const personForAgency = req.representations.some(
    (r) =>
      r.representative.kind === 'person' &&
      r.representative.accountId === req.accountId &&
      r.principalCompanyId === agency &&
      active(r, now),
  );
  if (!personForAgency) return no('you are not a registered representative of the customs agency');
  const agencyForHolder = req.representations.filter(
    (r) =>
      r.representative.kind === 'company' &&
      r.representative.companyId === agency &&
      r.principalCompanyId === holder &&
      r.kind === 'customs-indirect' &&
      active(r, now),
  );
  if (agencyForHolder.length === 0)
    return no('the customs agency is not a registered indirect representative of the permit holder');
  if (!agencyForHolder.some((r) => r.permissions.includes(VIEW_ALL)))
    return no(
      'in indirect representation the "view all messages" permission must be registered to the customs agency, and it is not',
    );
  return {
    prefilled: true,
    rule: 'EUP-13',
    fields: fields(req.permit),
    basis: `customs agency ${agency} in indirect representation with ${VIEW_ALL}`,
  };
}
