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

/**
 * EUP-13 with issue 18 item 9 (existence oracle): whoever may not pre-fill from a permit gets this
 * one answer, the same as for a number no permit has, whatever is missing (the permit, the
 * representation of its holder, the "view all messages" permission, the agency's registration of
 * it). Any other wording would tell an outsider that the number is a permit and whom it concerns.
 * It names every condition, so someone who does represent the holder still learns what to ask for.
 */
export const NOT_PREFILLABLE =
  'no permit with this number you may pre-fill from: pre-fill needs a registered representation of its holder ' +
  'with the "view all messages" permission (in indirect representation, registered to the customs agency)';

export const notPrefillable = (): PrefillResult => ({
  prefilled: false,
  rule: 'EUP-13',
  reason: `${NOT_PREFILLABLE}; fill in every field by hand`,
});

/** EUP-13: the permit's data for the form, or why every field has to be typed by hand. */
export function prefillApplication(req: PrefillRequest, now: Date): PrefillResult {
  const holder = req.permit.holder.companyId;

  if (req.acting.mode === 'direct') {
    const mine = req.representations.filter(
      (r) =>
        r.representative.kind === 'person' &&
        r.representative.accountId === req.accountId &&
        r.principalCompanyId === holder &&
        active(r, now),
    );
    // A customs-indirect representation of one's own does not qualify: the agency's must hold it.
    const granting = mine.find((r) => r.kind !== 'customs-indirect' && r.permissions.includes(VIEW_ALL));
    if (!granting) return notPrefillable();
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
  if (!personForAgency) return notPrefillable();
  const agencyForHolder = req.representations.filter(
    (r) =>
      r.representative.kind === 'company' &&
      r.representative.companyId === agency &&
      r.principalCompanyId === holder &&
      r.kind === 'customs-indirect' &&
      active(r, now),
  );
  if (!agencyForHolder.some((r) => r.permissions.includes(VIEW_ALL))) return notPrefillable();
  return {
    prefilled: true,
    rule: 'EUP-13',
    fields: fields(req.permit),
    basis: `customs agency ${agency} in indirect representation with ${VIEW_ALL}`,
  };
}

// ---------------------------------------------------------------- the WDEUS01 draft

type Obj = Record<string, unknown>;
const objOf = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const textOf = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const officeOf = (code: string): string => `PL${code.trim().toUpperCase().replace(/^PL/, '')}`;

/** Copies the listed keys whose values are non-empty strings, finite numbers or booleans; null when a required one is missing. */
function pick(v: unknown, keys: readonly string[], required: readonly string[] = []): Obj | null {
  const o = objOf(v);
  const out: Obj = {};
  for (const k of keys) {
    const x = o[k];
    if (
      typeof x === 'string' ? x.trim() !== '' : typeof x === 'boolean' || (typeof x === 'number' && Number.isFinite(x))
    )
      out[k] = typeof x === 'string' ? x.trim() : x;
  }
  return required.every((k) => k in out) ? out : null;
}

const firstOf = <T>(apps: readonly Obj[], f: (a: Obj) => T | null | undefined): T | undefined => {
  for (const a of apps) {
    const v = f(a);
    if (v !== null && v !== undefined) return v;
  }
  return undefined;
};

/**
 * EUP-13 with DOC-01: the permit's data as a WDEUS01 draft (seap's form schema, `domain/forms.ts`).
 * What the permit itself says (number, holder EORI, offices, goods CN codes and descriptions, the
 * TORO element) is completed from the WDEUS01 applications of the cases behind it (`applications`,
 * newest first: the content as signed): the applicant's name, each goods line's quantity, unit and
 * end use, the TORO scope, places of use, records. A section the permit and cases do not hold in
 * full is left out, never sent half-filled, so the user types it and the draft never carries a
 * value the form would refuse. The purpose's own section (amendment, suspension, revocation), the
 * contact person and the declaration are always the user's.
 */
export function prefillForm(kind: PrefillRequest['kind'], f: PrefilledFields, applications: readonly Obj[]): Obj {
  const apps = applications.map(objOf);
  const t = f.terms;
  const applicantOf = (a: Obj) => {
    const ap = objOf(a['applicant']);
    return ap['eori'] === undefined || ap['eori'] === f.holder.eori ? ap : null;
  };
  const applicantData = firstOf(apps, (a) => {
    const ap = applicantOf(a);
    return ap && textOf(ap['name']) ? ap : null;
  });
  const applicant: Obj = { eori: f.holder.eori };
  if (applicantData) {
    const extra = pick(applicantData, ['name', 'established', 'aeo', 'aeoNumber']) ?? {};
    if (extra['established'] !== 'EU' && extra['established'] !== 'non-EU') delete extra['established'];
    Object.assign(applicant, extra);
  }
  const nonEu = applicant['established'] === 'non-EU';
  const source = applicantData ? (apps.find((a) => applicantOf(a) === applicantData) ?? {}) : {};

  // Goods: every line of the permit, completed from the applications; all or nothing.
  const lines = t.goods.map((g) => {
    const candidates = apps.flatMap((a) => (Array.isArray(a['goods']) ? (a['goods'] as unknown[]).map(objOf) : []));
    const same =
      candidates.find((c) => c['cnCode'] === g.cnCode && textOf(c['description']) === g.description.trim()) ??
      candidates.find((c) => c['cnCode'] === g.cnCode);
    const rest = pick(same, ['quantity', 'unit', 'endUse'], ['quantity', 'unit', 'endUse']);
    if (!rest || !((rest['quantity'] as number) > 0)) return null;
    return {
      cnCode: g.cnCode,
      description: g.description,
      quantity: rest['quantity'],
      unit: rest['unit'],
      endUse: rest['endUse'],
      ...(g.sensitiveAgricultural ? { sensitiveAgricultural: true } : {}),
    };
  });
  const goods = lines.length > 0 && lines.every((l) => l !== null) ? lines : null;

  const placesOfUse = firstOf(apps, (a) => {
    if (!Array.isArray(a['placesOfUse']) || a['placesOfUse'].length === 0) return null;
    const ps = (a['placesOfUse'] as unknown[]).map((p) =>
      pick(p, ['name', 'street', 'postalCode', 'city', 'country'], ['street', 'postalCode', 'city']),
    );
    return ps.every((p) => p !== null) ? ps : null;
  });
  const records = firstOf(apps, (a) => {
    const r = pick(a['records'], ['form', 'location', 'description'], ['form', 'location']);
    return r && (r['form'] === 'electronic' || r['form'] === 'paper') ? r : null;
  });

  // TORO (EUP-16): only when the permit has the element; the scope is stated expressly, so it comes from a case or the user.
  let toro: Obj | null = null;
  if (t.toro.element) {
    const scope = firstOf(apps, (a) => textOf(objOf(a['toro'])['scope']));
    const mode = t.toro.modes[0] ?? firstOf(apps, (a) => textOf(objOf(a['toro'])['mode']));
    if (scope && (mode === 'TORO-1' || mode === 'TORO-2')) toro = { requested: true, mode, scope };
  }

  const mainAccountsOffice = firstOf(apps, (a) => textOf(a['mainAccountsOffice']));
  const firstUseOffice = nonEu ? textOf(source['firstUseOffice']) : undefined;
  const nonEuJustification = nonEu ? textOf(source['nonEuJustification']) : undefined;

  return {
    purpose: kind,
    permitNumber: f.permitNumber,
    applicant,
    // Changes to a permit are asked of the office that issued it (EUP-10).
    addressedOffice: officeOf(f.issuingOffice),
    territory: 'PL',
    ...(mainAccountsOffice ? { mainAccountsOffice: officeOf(mainAccountsOffice) } : {}),
    ...(firstUseOffice ? { firstUseOffice: officeOf(firstUseOffice) } : {}),
    ...(nonEuJustification ? { nonEuJustification } : {}),
    ...(goods ? { goods } : {}),
    ...(placesOfUse ? { placesOfUse } : {}),
    supervisingOffice: officeOf(t.supervisingOffice),
    ...(records ? { records } : {}),
    ...(toro ? { toro } : {}),
  };
}
