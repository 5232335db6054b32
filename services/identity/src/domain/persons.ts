import { ok, refuse, type FieldProblem, type Result } from '@puesc/kernel';
import { validatePesel } from '@puesc/identifiers';
import type { Scope } from '@puesc/service';
import { addYears, isLocalDate as isCalendarDate, localDateOf as warsawDate } from '@puesc/calendar';
import { changedFields, clone, orNull, withVersion, type Author, type Versioned } from './versions';
import { refuseFields, refuseInput } from './refusals';

/** ID-02: whether someone born on `birthDate` is at least `age` years old at `now` (Warsaw calendar, KC art. 112). */
export const hasReachedAge = (birthDate: string, age: number, now: Date): boolean =>
  addYears(birthDate, age) <= warsawDate(now);

/**
 * Persons (ID-02): an adult natural person registered on exactly one active account, identified
 * by a PESEL (REG-05) or, without one, by a foreign identity document (country + number + birth
 * date). Each registered person gets an ID SISC (see idSisc.ts).
 */
export const DOCUMENT_TYPES = ['passport', 'id-card', 'residence-permit', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

export type PersonIdentity =
  | { kind: 'pesel'; pesel: string; birthDate: string; sex: 'F' | 'M' }
  | { kind: 'document'; country: string; documentType: DocumentType; documentNumber: string; birthDate: string };

export interface Address {
  street?: string;
  city: string;
  postalCode?: string;
  country: string;
}

export interface PersonInput {
  givenNames: string;
  surname: string;
  pesel?: string;
  document?: { country: string; type: DocumentType; number: string; birthDate: string };
  citizenship?: string;
  phone?: string;
  address?: Address;
}

export type ScopeGrant =
  | { method: 'signature'; signatureMethod: string; at: Date }
  | { method: 'in-person'; officerId: string; office?: string | null; at: Date };

export interface ScopeRequest {
  method: 'signature' | 'in-person';
  requestedAt: Date;
  /** Single-use value the signed request must contain (replay protection). */
  nonce?: string | null;
  nonceExpiresAt?: Date | null;
}

export interface PersonState {
  accountId: string;
  givenNames: string;
  surname: string;
  identity: PersonIdentity;
  citizenship?: string | null;
  phone?: string | null;
  address?: Address | null;
  scope: Scope;
  scopeGrant?: ScopeGrant | null;
  scopeRequest?: ScopeRequest | null;
  status: 'active' | 'closed';
  registeredAt: Date;
  closedAt?: Date | null;
}

export type PersonSnapshot = PersonState;

export interface Person extends PersonState, Versioned<PersonSnapshot> {
  /** ID SISC. */
  id: string;
}

export const snapshotOfPerson = (p: PersonState): PersonSnapshot =>
  clone({
    accountId: p.accountId,
    givenNames: p.givenNames,
    surname: p.surname,
    identity: p.identity,
    ...orNull(p, ['citizenship', 'phone', 'address']),
    scope: p.scope,
    ...orNull(p, ['scopeGrant', 'scopeRequest']),
    status: p.status,
    registeredAt: p.registeredAt,
    ...orNull(p, ['closedAt']),
  });

/** The key that must be unique among active persons (ID-02). */
export function identityKey(identity: PersonIdentity): string {
  return identity.kind === 'pesel' ? `PESEL:${identity.pesel}` : `DOC:${identity.country}:${identity.documentNumber}`;
}

const NAME_RE = /^[\p{L}][\p{L}\p{M}' .-]*$/u;
const COUNTRY_RE = /^[A-Z]{2}$/;

export const normaliseName = (s: string): string => s.normalize('NFC').trim().replace(/\s+/g, ' ');
export const normaliseDocumentNumber = (s: string): string => s.toUpperCase().replace(/[\s-]/g, '');

function nameProblems(field: string, value: string): FieldProblem[] {
  const v = normaliseName(value);
  if (!v) return [{ field, message: 'is required' }];
  if (v.length > 100) return [{ field, message: 'must have at most 100 characters' }];
  if (!NAME_RE.test(v)) return [{ field, message: 'may contain letters, spaces, hyphens, apostrophes and dots only' }];
  return [];
}

/** Validates a person's identity (REG-05 or a foreign document) and returns it normalised. */
export function resolveIdentity(input: Pick<PersonInput, 'pesel' | 'document'>, now: Date): Result<PersonIdentity> {
  if (input.pesel && input.document)
    return refuseInput('document', 'give either a PESEL or a foreign identity document, not both', 'ID-02');
  if (input.pesel !== undefined) {
    const r = validatePesel(input.pesel);
    if (!r.ok) return refuseInput('pesel', r.reason, r.rule);
    // a valid PESEL of someone born after today names no adult: refused under ID-02 by the age check (issue 15)
    return ok({ kind: 'pesel', pesel: r.value, birthDate: r.birthDate, sex: r.sex });
  }
  const d = input.document;
  if (!d) return refuseInput('pesel', 'a PESEL or a foreign identity document is required', 'ID-02');
  const problems = documentProblems(d, now);
  if (problems.length)
    return refuseFields(
      problems.map((p) => ({ ...p, rule: 'ID-02' })),
      'ID-02',
    );
  return ok({
    kind: 'document',
    country: d.country.trim().toUpperCase(),
    documentType: d.type,
    documentNumber: normaliseDocumentNumber(d.number),
    birthDate: d.birthDate,
  });
}

function documentProblems(d: NonNullable<PersonInput['document']>, now: Date): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!COUNTRY_RE.test(d.country.trim().toUpperCase()))
    problems.push({ field: 'document.country', message: 'must be an ISO 3166 two-letter code' });
  if (!/^[A-Z0-9]{3,30}$/.test(normaliseDocumentNumber(d.number)))
    problems.push({ field: 'document.number', message: 'must be 3-30 letters and digits' });
  if (!(DOCUMENT_TYPES as readonly string[]).includes(d.type))
    problems.push({ field: 'document.type', message: 'is not a known document type' });
  if (!isCalendarDate(d.birthDate))
    problems.push({ field: 'document.birthDate', message: 'must be a date YYYY-MM-DD that exists' });
  else if (d.birthDate > warsawDate(now)) problems.push({ field: 'document.birthDate', message: 'is in the future' });
  return problems;
}

export interface RegistrationContext {
  account: { id: string; emailVerified: boolean; personId?: string | null; status: 'active' | 'closed' };
  /** Whether another active person already holds this identity (PESEL or document). */
  identityTaken: (key: string) => boolean;
  now: Date;
  adultAge: number;
  /** The ID SISC to assign (from the shared sequence). */
  idSisc: string;
}

/** ID-01/ID-02: registers the person of an account. */
export function registerPerson(input: PersonInput, c: RegistrationContext): Result<Person> {
  if (c.account.status !== 'active') return refuse('ID-02', 'rule', 'the account is closed');
  if (!c.account.emailVerified)
    return refuse('ID-01', 'rule', 'confirm the e-mail address of the account before registering the person');
  if (c.account.personId) return refuse('ID-02', 'state', 'this account already has a registered person');
  const problems = [...nameProblems('givenNames', input.givenNames), ...nameProblems('surname', input.surname)];
  if (input.citizenship !== undefined && !COUNTRY_RE.test(input.citizenship))
    problems.push({ field: 'citizenship', message: 'must be an ISO 3166 two-letter code' });
  if (problems.length) return refuseFields(problems);
  const resolved = resolveIdentity(input, c.now);
  if (!resolved.ok) return resolved;
  const identity = resolved.value;
  if (!hasReachedAge(identity.birthDate, c.adultAge, c.now))
    return refuse('ID-02', 'rule', `only an adult natural person (${c.adultAge} or older) can be registered`, {
      birthDate: identity.birthDate,
    });
  if (c.identityTaken(identityKey(identity))) return refuse('ID-02', 'state', ONE_ACTIVE_ACCOUNT);
  const person: Person = {
    id: c.idSisc,
    accountId: c.account.id,
    givenNames: normaliseName(input.givenNames),
    surname: normaliseName(input.surname),
    identity,
    citizenship: input.citizenship ?? (identity.kind === 'pesel' ? 'PL' : null),
    phone: input.phone ?? null,
    address: input.address ?? null,
    scope: 'basic',
    scopeGrant: null,
    scopeRequest: null,
    status: 'active',
    registeredAt: c.now,
    closedAt: null,
    versions: [],
  };
  return ok(withVersion(person, snapshotOfPerson, 'registered', { accountId: c.account.id, as: 'self' }, c.now));
}

/** ID-02, as refused when the identity is already registered on another active account. */
export const ONE_ACTIVE_ACCOUNT =
  'a person with this identity already has an active account; one active account per person';

export interface PersonChanges {
  givenNames?: string;
  surname?: string;
  document?: PersonInput['document'];
  citizenship?: string | null;
  phone?: string | null;
  address?: Address | null;
}

const SELF_FIELDS = ['phone', 'address', 'citizenship'];
const OFFICER_FIELDS = [...SELF_FIELDS, 'givenNames', 'surname', 'document'];

/**
 * ID-09: a client updates their own contact data; a registration officer may also correct
 * names and a foreign document (a PESEL never changes: a wrong PESEL means a new registration).
 */
export function updatePerson(person: Person, changes: PersonChanges, by: Author, now: Date): Result<Person> {
  if (person.status !== 'active') return refuse('ID-09', 'rule', 'the person is closed');
  const allowed = by.as === 'registration-officer' ? OFFICER_FIELDS : SELF_FIELDS;
  const refused = Object.keys(changes).filter((k) => !allowed.includes(k));
  if (refused.length)
    return refuseFields(
      refused.map((f) => ({ field: f, message: 'only a registration officer can correct this field', rule: 'ID-09' })),
      'ID-09',
    );
  const problems: FieldProblem[] = [];
  if (changes.givenNames !== undefined) problems.push(...nameProblems('givenNames', changes.givenNames));
  if (changes.surname !== undefined) problems.push(...nameProblems('surname', changes.surname));
  if (changes.citizenship && !COUNTRY_RE.test(changes.citizenship))
    problems.push({ field: 'citizenship', message: 'must be an ISO 3166 two-letter code' });
  if (problems.length) return refuseFields(problems);
  let identity = person.identity;
  if (changes.document) {
    if (person.identity.kind === 'pesel') return refuseInput('document', 'this person is identified by PESEL', 'ID-09');
    const resolved = resolveIdentity({ document: changes.document }, now);
    if (!resolved.ok) return resolved;
    identity = resolved.value;
  }
  const next: Person = {
    ...person,
    ...(changes.givenNames !== undefined ? { givenNames: normaliseName(changes.givenNames) } : {}),
    ...(changes.surname !== undefined ? { surname: normaliseName(changes.surname) } : {}),
    ...(changes.citizenship !== undefined ? { citizenship: changes.citizenship } : {}),
    ...(changes.phone !== undefined ? { phone: changes.phone } : {}),
    ...(changes.address !== undefined ? { address: changes.address } : {}),
    identity,
  };
  const fields = changedFields(snapshotOfPerson(person), snapshotOfPerson(next));
  if (!fields.length) return ok(person);
  return ok(withVersion(next, snapshotOfPerson, by.as === 'self' ? 'updated' : 'corrected', by, now, fields));
}

/** The account is closed: the person is closed too and its identity is free for a new account. */
export function closePerson(person: Person, by: Author, now: Date): Person {
  if (person.status === 'closed') return person;
  const next: Person = { ...person, status: 'closed', closedAt: now, scope: 'basic', scopeRequest: null };
  return withVersion(next, snapshotOfPerson, 'closed', by, now, ['status', 'scope']);
}
