/**
 * Reading what other services send into the domain's terms: a signed WDEUS01's content into a
 * `PermitApplication`, a registry company into a `RegistryCompany`. Tolerant readers: unknown fields
 * are ignored, missing optional ones take the form's defaults.
 */
import { REPRESENTATION_KINDS, isAttachmentKind } from '@puesc/contracts';
import * as D from './domain';
import {
  localDateOf,
  normaliseOffice,
  type ApplicationGoods,
  type GuaranteeDeclaration,
  type PermitApplication,
  type RegistryCompany,
  type RepresentationDeclaration,
} from './domain';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * EUP-19: how each attachment is authenticated, as the attachment declares it (seap passes
 * `authentication`) or as the WDEUS01 content lists it (`statements: [{ attachmentId, authentication }]`).
 */
export function attachmentAuthentication(
  content: Obj,
  attachments: readonly { id: string; kind: string; authentication?: unknown }[],
): { id: string; kind: string; authentication?: D.StatementAuthentication }[] {
  const listed = Array.isArray(content['statements']) ? content['statements'].map(obj) : [];
  return attachments.map((a) => {
    const declared = a.authentication ?? listed.find((x) => x['attachmentId'] === a.id)?.['authentication'];
    return D.isStatementAuthentication(declared)
      ? { id: a.id, kind: a.kind, authentication: declared }
      : { id: a.id, kind: a.kind };
  });
}

export const officeCode = (code: string): string => `PL${normaliseOffice(code)}`;

export function guaranteeOf(v: unknown): GuaranteeDeclaration {
  const g = obj(v);
  switch (g['kind']) {
    case 'general':
      return { kind: 'general', reference: str(g['reference']) ?? '' };
    case 'individual':
      return { kind: 'individual', reference: str(g['reference']) ?? '' };
    case 'exemption':
      return { kind: 'exemption', decisionReference: str(g['decisionReference']) ?? '' };
    default:
      return { kind: 'none' };
  }
}

export function goodsOf(v: unknown): ApplicationGoods[] {
  if (!Array.isArray(v)) return [];
  return v.map((x) => {
    const g = obj(x);
    const out: ApplicationGoods = { description: str(g['description']) ?? '', cnCode: str(g['cnCode']) ?? '' };
    const q = num(g['quantity']);
    if (q !== undefined) out.quantity = q;
    const unit = str(g['unit']);
    if (unit) out.unit = unit;
    if (g['sensitiveAgricultural'] === true) out.sensitiveAgricultural = true;
    return out;
  });
}

/** The WDEUS01 representative section, with whether identity knows the representation (EUP-17). */
export function representationOf(v: unknown, registered: { kind: string } | null): RepresentationDeclaration | null {
  const r = obj(v);
  const declared = REPRESENTATION_KINDS.find((k) => k === r['kind']);
  if (!declared) return null;
  return {
    kind: declared,
    registered: registered !== null && registered.kind === declared,
    filedAuthorisationRef: str(r['filedAuthorisationRef']) ?? null,
  };
}

/** A WDEUS01 content as the domain's application. */
export function applicationOf(
  content: Obj,
  companyId: string,
  attachments: readonly { id: string; kind: string }[],
  representation: RepresentationDeclaration | null,
): PermitApplication {
  const applicant = obj(content['applicant']);
  const purpose = content['purpose'];
  const kind = purpose === 'amend' || purpose === 'suspend' || purpose === 'revoke' ? purpose : 'grant';
  const contact = obj(content['contactPerson']);
  const years = num(content['requestedValidityYears']);
  return {
    kind,
    ...(str(content['permitNumber']) ? { permitNumber: str(content['permitNumber'])! } : {}),
    applicant: { companyId, eori: str(applicant['eori']) ?? null },
    addressedOffice: officeCode(str(content['addressedOffice']) ?? '000000'),
    territory: content['territory'] === undefined || content['territory'] === 'PL' ? 'PL' : 'multi-state',
    mainAccountsOffice: str(content['mainAccountsOffice']) ?? null,
    firstUseOffice: str(content['firstUseOffice']) ?? null,
    nonEuJustification: str(content['nonEuJustification']) ?? null,
    guarantee: guaranteeOf(content['guarantee']),
    goods: goodsOf(content['goods']),
    requestedValidityYears: years ?? null,
    toroRequested: obj(content['toro'])['requested'] === true,
    aeo: applicant['aeo'] === true,
    attachments: attachments.flatMap((a) => (isAttachmentKind(a.kind) ? [{ kind: a.kind, ref: a.id }] : [])),
    representation,
    contactPerson: str(contact['name'])
      ? { name: str(contact['name'])!, email: str(contact['email']) ?? null, phone: str(contact['phone']) ?? null }
      : null,
  };
}

/**
 * registry.getCompany's answer as the domain reads it (REG-01, REG-07): approved → active; removed
 * → active until its end of validity, then not registered; submitted or rejected → not registered.
 */
export function registryCompanyOf(v: unknown, companyId: string, now: Date): RegistryCompany {
  const c = obj(v);
  const data = obj(c['data']);
  const status = str(c['status']);
  const validTo = str(c['validTo']) ?? str(c['eoriValidTo']);
  const stillValid = validTo !== undefined && Date.parse(validTo) > now.getTime();
  const active = status === 'approved' || status === 'active' || (status === 'removed' && stillValid);
  return {
    id: str(c['id']) ?? companyId,
    name: str(data['name']) ?? str(c['name']) ?? null,
    country: (str(data['country']) ?? str(c['country']) ?? 'PL').toUpperCase(),
    eori: str(c['eori']) ?? null,
    eoriInvalidFrom: validTo ? localDateOf(validTo) : null,
    status: active ? 'active' : 'removed',
  };
}
