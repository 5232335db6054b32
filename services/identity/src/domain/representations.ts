import { ok, refuse, type FieldProblem, type Result } from '@puesc/kernel';
import {
  PERMISSIONS,
  REPRESENTATION_KINDS,
  type Permission,
  type RepresentationKind,
  type RepresentationStatus,
} from '@puesc/contracts';
import { isLocalDate as isCalendarDate, localDateOf as warsawDate } from '@puesc/calendar';
import { changedFields, clone, orNull, withVersion, type Author, type Versioned } from './versions';
import { refuseFields, refuseInput } from './refusals';
import type { AuthorisationNames, AuthorisationSigner } from './authorisation';

/**
 * Representations (ID-05 to ID-07): a registered person acts for a registered company.
 *
 *   requested ──approve──▶ approved ──revoke──▶ revoked
 *       │                     └──end date passed──▶ expired
 *       └──reject──▶ rejected
 *
 * Kinds (ID-05):
 *  - by-law: owner, board member representing alone, commercial proxy: no power of attorney,
 *    no stamp duty (the officer checks the company's register entry);
 *  - employee-attorney: needs the authorisation document (upoważnienie, ID-06) and proof of
 *    stamp duty (17 PLN per represented relation);
 *  - customs-direct / customs-indirect (UCC 18-19): a customs representative's authorisation is
 *    a power of attorney too, so the same two documents are required.
 * Until the documents required for its kind are attached, a request stays pending: an officer
 * cannot approve it.
 */
// The vocabulary (ID-05 kinds, ID-07 permissions, statuses) is the contract's, shared with every service.
export {
  PERMISSIONS,
  PERMISSION_DESCRIPTIONS,
  REPRESENTATION_KINDS,
  REPRESENTATION_STATUSES,
  type Permission,
  type RepresentationKind,
  type RepresentationStatus,
} from '@puesc/contracts';
export type RequiredDocument = 'authorisation' | 'stamp-duty';

export interface CompanyRef {
  id: string;
  name?: string | null;
  nip?: string | null;
  eori?: string | null;
}

export interface RepresentationDocuments {
  /** The authorisation (ID-06): a PDF attachment, an electronically signed document, or a paper original sent to the office. */
  authorisation?: {
    form: 'pdf' | 'signed' | 'paper';
    ref?: string | null;
    /** What the document names and lists (ID-06), when recorded; a signed one records what was signed. */
    names?: AuthorisationNames | null;
    /** A signed authorisation: the compact JWS, and its signer once pki verified it (PKI-05). */
    jws?: string | null;
    signedBy?: AuthorisationSigner | null;
  } | null;
  /** Proof of stamp duty payment (PDF attachment) and the amount paid. */
  stampDuty?: { ref: string; amountPln: number } | null;
}

export interface RepresentationState {
  personId: string;
  accountId: string;
  company: CompanyRef;
  kind: RepresentationKind;
  permissions: Permission[];
  /** Last day (inclusive, Europe/Warsaw) the representation is valid; none = until revoked. */
  endDate?: string | null;
  /**
   * customs-direct / customs-indirect only: the customs agency (a registered company) the
   * representative acts for. EUP-13: in indirect representation the "view all messages"
   * permission is registered to this agency (`identity.authorizeAgency`).
   */
  agency?: CompanyRef | null;
  documents: RepresentationDocuments;
  status: RepresentationStatus;
  requestedAt: Date;
  decidedAt?: Date | null;
  decidedBy?: string | null;
  rejectionReason?: string | null;
  endedAt?: Date | null;
  endedBy?: string | null;
  endReason?: string | null;
}

export type RepresentationSnapshot = RepresentationState;

export interface Representation extends RepresentationState, Versioned<RepresentationSnapshot> {
  id: string;
}

export const snapshotOfRepresentation = (r: RepresentationState): RepresentationSnapshot =>
  clone({
    personId: r.personId,
    accountId: r.accountId,
    company: r.company,
    kind: r.kind,
    permissions: r.permissions,
    ...orNull(r, ['endDate', 'agency']),
    documents: r.documents,
    status: r.status,
    requestedAt: r.requestedAt,
    ...orNull(r, ['decidedAt', 'decidedBy', 'rejectionReason', 'endedAt', 'endedBy', 'endReason']),
  });

export function requiredDocuments(kind: RepresentationKind): RequiredDocument[] {
  return kind === 'by-law' ? [] : ['authorisation', 'stamp-duty'];
}

/** The documents still missing for the kind (ID-05, ID-06). */
export function missingDocuments(
  r: Pick<RepresentationState, 'kind' | 'documents'>,
  stampDutyPln: number,
): { document: RequiredDocument; rule: string; message: string }[] {
  const out: { document: RequiredDocument; rule: string; message: string }[] = [];
  for (const d of requiredDocuments(r.kind)) {
    if (d === 'authorisation') {
      const a = r.documents.authorisation;
      if (!a) out.push({ document: d, rule: 'ID-06', message: 'the authorisation document is missing' });
      else if (a.form !== 'paper' && !a.ref && !a.signedBy)
        out.push({ document: d, rule: 'ID-06', message: 'the authorisation document has no attachment' });
    } else {
      const s = r.documents.stampDuty;
      if (!s?.ref)
        out.push({ document: d, rule: 'ID-05', message: `proof of stamp duty (${stampDutyPln} PLN) is missing` });
      else if (!(s.amountPln >= stampDutyPln))
        out.push({
          document: d,
          rule: 'ID-05',
          message: `stamp duty paid (${s.amountPln} PLN) is less than ${stampDutyPln} PLN`,
        });
    }
  }
  return out;
}

/** The status at `now`: an approved representation past its end date is expired even before the sweep records it. */
export function effectiveStatus(r: Pick<RepresentationState, 'status' | 'endDate'>, now: Date): RepresentationStatus {
  if (r.status === 'approved' && r.endDate && r.endDate < warsawDate(now)) return 'expired';
  return r.status;
}

function permissionProblems(perms: unknown): FieldProblem[] {
  if (!Array.isArray(perms) || perms.length === 0)
    return [{ field: 'permissions', message: 'at least one permission is required', rule: 'ID-07' }];
  const bad = perms.filter((p) => !(PERMISSIONS as readonly string[]).includes(p as string));
  if (bad.length)
    return [{ field: 'permissions', message: `not in the permission catalogue: ${bad.join(', ')}`, rule: 'ID-07' }];
  return [];
}

const normalisePermissions = (perms: string[]): Permission[] => PERMISSIONS.filter((p) => perms.includes(p));

function endDateProblems(endDate: string | null | undefined, now: Date): FieldProblem[] {
  if (endDate === undefined || endDate === null) return [];
  if (!isCalendarDate(endDate))
    return [{ field: 'endDate', message: 'must be a date YYYY-MM-DD that exists', rule: 'ID-07' }];
  if (endDate < warsawDate(now)) return [{ field: 'endDate', message: 'is in the past', rule: 'ID-07' }];
  return [];
}

export interface RepresentationRequest {
  kind: RepresentationKind;
  permissions: string[];
  endDate?: string | null;
  documents?: RepresentationDocuments;
  /** customs-direct / customs-indirect: the customs agency the representative acts for (a registry company id). */
  agencyCompanyId?: string | null;
}

/** Kinds that may name the customs agency the representative acts for. */
export const AGENCY_KINDS: readonly RepresentationKind[] = ['customs-direct', 'customs-indirect'];

export interface RequestContext {
  id: string;
  person: { id: string; accountId: string; status: 'active' | 'closed' } | null;
  /** The company as the registry knows it; null when it is not registered (or removed). */
  company: CompanyRef | null;
  /** The person's representations (any company). */
  existing: readonly Representation[];
  now: Date;
  /** The customs agency as the registry knows it, when the request names one; null when it is not registered. */
  agency?: CompanyRef | null;
}

/** ID-01/ID-05/ID-07: a person asks to represent a registered company. */
export function requestRepresentation(input: RepresentationRequest, c: RequestContext): Result<Representation> {
  if (!c.person || c.person.status !== 'active')
    return refuse('ID-01', 'rule', 'register the person before requesting a representation');
  if (!c.company) return refuse('ID-01', 'rule', 'the company is not registered; register the company first');
  const company = c.company;
  const problems: FieldProblem[] = [];
  if (!(REPRESENTATION_KINDS as readonly string[]).includes(input.kind))
    problems.push({ field: 'kind', message: `must be one of ${REPRESENTATION_KINDS.join(', ')}`, rule: 'ID-05' });
  problems.push(...permissionProblems(input.permissions), ...endDateProblems(input.endDate, c.now));
  if (input.agencyCompanyId) problems.push(...agencyProblems(input.kind, company, c.agency));
  if (problems.length) return refuseFields(problems, problems[0]!.rule);
  const open = c.existing.find(
    (r) =>
      r.company.id === company.id &&
      r.kind === input.kind &&
      ['requested', 'approved'].includes(effectiveStatus(r, c.now)),
  );
  if (open)
    return refuse(
      'ID-05',
      'state',
      `a ${input.kind} representation of this company is already ${open.status}; change it instead`,
      { representationId: open.id },
    );
  const rep: Representation = {
    id: c.id,
    personId: c.person.id,
    accountId: c.person.accountId,
    company: companyRef(company),
    kind: input.kind,
    permissions: normalisePermissions(input.permissions),
    endDate: input.endDate ?? null,
    ...(input.agencyCompanyId && c.agency ? { agency: companyRef(c.agency) } : {}),
    documents: input.documents ?? {},
    status: 'requested',
    requestedAt: c.now,
    versions: [],
  };
  return ok(
    withVersion(rep, snapshotOfRepresentation, 'requested', { accountId: c.person.accountId, as: 'self' }, c.now),
  );
}

const companyRef = (c: CompanyRef): CompanyRef => ({
  id: c.id,
  name: c.name ?? null,
  nip: c.nip ?? null,
  eori: c.eori ?? null,
});

/** ID-05: only a customs representative acts for a customs agency, a registered company other than the represented one. */
function agencyProblems(
  kind: RepresentationKind,
  company: CompanyRef,
  agency: CompanyRef | null | undefined,
): FieldProblem[] {
  const problem = (message: string, rule: string): FieldProblem[] => [{ field: 'agencyCompanyId', message, rule }];
  if (!AGENCY_KINDS.includes(kind))
    return problem(`only a customs representative (${AGENCY_KINDS.join(', ')}) acts for a customs agency`, 'ID-05');
  if (!agency) return problem('the customs agency is not a registered company', 'ID-01');
  if (agency.id === company.id) return problem('the customs agency cannot be the represented company itself', 'ID-05');
  return [];
}

/** A registration officer approves (ID-06: this is the verification of the documents). */
export function approve(r: Representation, officer: Author, now: Date, stampDutyPln: number): Result<Representation> {
  if (r.status !== 'requested') return refuse('ID-05', 'state', `the representation is ${r.status}, not requested`);
  const missing = missingDocuments(r, stampDutyPln);
  if (missing.length)
    return refuse(
      missing[0]!.rule,
      'rule',
      `the representation stays pending: ${missing.map((m) => m.message).join('; ')}`,
      { missing: missing.map((m) => m.document) },
    );
  if (r.endDate && r.endDate < warsawDate(now))
    return refuse('ID-07', 'rule', 'the end date of the representation has already passed');
  const next: Representation = { ...r, status: 'approved', decidedAt: now, decidedBy: officer.accountId };
  return ok(withVersion(next, snapshotOfRepresentation, 'approved', officer, now, ['status']));
}

export function reject(r: Representation, officer: Author, reason: string, now: Date): Result<Representation> {
  if (r.status !== 'requested') return refuse('ID-05', 'state', `the representation is ${r.status}, not requested`);
  if (!reason.trim()) return refuseInput('reason', 'a rejection needs a reason');
  const next: Representation = {
    ...r,
    status: 'rejected',
    decidedAt: now,
    decidedBy: officer.accountId,
    rejectionReason: reason.trim(),
  };
  return ok(withVersion(next, snapshotOfRepresentation, 'rejected', officer, now, ['status']));
}

export interface RevocationActor {
  author: Author;
  isOfficer: boolean;
  /** ID-12: the actor holds `company.manage` for the same company on an active representation. */
  managesCompany: boolean;
}

/** Revocation by those who manage the company's representations (ID-12) or by an officer. */
export function revoke(
  r: Representation,
  actor: RevocationActor,
  reason: string | undefined,
  now: Date,
): Result<Representation> {
  if (!actor.isOfficer && !actor.managesCompany)
    return refuse(
      'ID-05',
      'forbidden',
      'only a representative of the company holding company.manage (ID-12) or a registration officer can revoke a representation',
    );
  const status = effectiveStatus(r, now);
  if (status !== 'approved')
    return refuse('ID-05', 'state', `the representation is ${status}; only an approved representation can be revoked`);
  const next: Representation = {
    ...r,
    status: 'revoked',
    endedAt: now,
    endedBy: actor.author.accountId,
    endReason: reason?.trim() || null,
  };
  return ok(withVersion(next, snapshotOfRepresentation, 'revoked', actor.author, now, ['status']));
}

/** The account was closed: its representations end. */
export function revokeForClosure(r: Representation, by: Author, now: Date): Representation | null {
  const status = effectiveStatus(r, now);
  if (status === 'approved' || status === 'requested') {
    const next: Representation = {
      ...r,
      status: status === 'approved' ? 'revoked' : 'rejected',
      endedAt: now,
      endedBy: by.accountId,
      endReason: 'account closed',
      ...(status === 'requested' ? { decidedAt: now, decidedBy: by.accountId, rejectionReason: 'account closed' } : {}),
    };
    return withVersion(next, snapshotOfRepresentation, status === 'approved' ? 'revoked' : 'rejected', by, now, [
      'status',
    ]);
  }
  return null;
}

/** Records the expiry of an approved representation past its end date (null when not due). */
export function expireIfDue(r: Representation, now: Date): Representation | null {
  if (r.status !== 'approved' || effectiveStatus(r, now) !== 'expired') return null;
  const next: Representation = {
    ...r,
    status: 'expired',
    endedAt: now,
    endedBy: 'system',
    endReason: `end date ${r.endDate} passed`,
  };
  return withVersion(next, snapshotOfRepresentation, 'expired', { accountId: 'system', as: 'system' }, now, ['status']);
}

export interface RepresentationChanges {
  permissions?: string[];
  endDate?: string | null;
  documents?: RepresentationDocuments;
}

/**
 * ID-09: changes. While requested, the requester may change anything. Once approved, the
 * representation can only be narrowed (fewer permissions, an earlier end date) by the
 * representative, the company's by-law representatives or an officer; widening it needs a new
 * request and a new approval.
 */
export function amend(
  r: Representation,
  changes: RepresentationChanges,
  by: Author,
  now: Date,
): Result<Representation> {
  const status = effectiveStatus(r, now);
  const problems: FieldProblem[] = [];
  if (changes.permissions !== undefined) problems.push(...permissionProblems(changes.permissions));
  if (changes.endDate !== undefined) problems.push(...endDateProblems(changes.endDate, now));
  if (problems.length) return refuseFields(problems, problems[0]!.rule);
  let amended: Result<Representation>;
  if (status === 'requested') {
    if (by.as !== 'self') return refuse('ID-09', 'forbidden', 'only the requester can change a pending request');
    amended = ok({
      ...r,
      ...(changes.permissions ? { permissions: normalisePermissions(changes.permissions) } : {}),
      ...(changes.endDate !== undefined ? { endDate: changes.endDate } : {}),
      ...(changes.documents ? { documents: { ...r.documents, ...changes.documents } } : {}),
    });
  } else if (status === 'approved') amended = narrow(r, changes);
  else return refuse('ID-09', 'state', `the representation is ${status} and cannot be changed`);
  if (!amended.ok) return amended;
  const next = amended.value;
  const fields = changedFields(snapshotOfRepresentation(r), snapshotOfRepresentation(next));
  if (!fields.length) return ok(r);
  return ok(withVersion(next, snapshotOfRepresentation, 'changed', by, now, fields));
}

/** ID-07/ID-09: an approved representation only narrows; widening it needs a new request and approval. */
function narrow(r: Representation, changes: RepresentationChanges): Result<Representation> {
  if (changes.documents)
    return refuse(
      'ID-09',
      'rule',
      'documents of an approved representation cannot be replaced; request a new representation',
    );
  const perms = changes.permissions ? normalisePermissions(changes.permissions) : r.permissions;
  const widened = perms.filter((p) => !r.permissions.includes(p));
  if (widened.length)
    return refuse('ID-07', 'rule', `adding permissions (${widened.join(', ')}) needs a new request and approval`);
  if (changes.endDate !== undefined) {
    if (changes.endDate === null && r.endDate)
      return refuse('ID-07', 'rule', 'removing the end date needs a new request and approval');
    if (changes.endDate && r.endDate && changes.endDate > r.endDate)
      return refuse('ID-07', 'rule', 'a later end date needs a new request and approval');
  }
  return ok({ ...r, permissions: perms, ...(changes.endDate !== undefined ? { endDate: changes.endDate } : {}) });
}
