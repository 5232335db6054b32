import { randomBytes } from 'node:crypto';
import { conflict, invalidField, ruleViolation } from '@puesc/kernel';
import { snapshotOfPerson, type Person } from './persons';
import { withVersion, type Author } from './versions';

/**
 * Scopes (ID-03, ID-04). A registered person starts with the basic scope. The extended scope
 * (certificates, acting in the permit services) is granted either
 *  - at once, for a registration request signed with any method of PKI-05 by the person
 *    themself (the signature is checked by the pki service, behind `SignatureVerifier`), or
 *  - by a registration officer who confirms the person's identity after an in-person visit.
 */
export type SignatureMethod = 'qualified' | 'customs-certificate' | 'trusted-profile';
export const SIGNATURE_METHODS: readonly SignatureMethod[] = ['qualified', 'customs-certificate', 'trusted-profile'];

export interface SignerIdentity {
  pesel?: string;
  /** ID SISC, for a customs certificate (its subject comes from the registered person, PKI-02). */
  personId?: string;
  givenNames?: string;
  surname?: string;
  /** Full name when the signer's certificate does not split it. */
  name?: string;
}

export type SignatureVerdict =
  | { valid: true; method: SignatureMethod; signer: SignerIdentity; signedAt?: string; payload?: string }
  | { valid: false; reason: string; rule?: string };

/** Checks a signature (PKI-05). In production: `pki.verifySignature` over the broker. */
export interface SignatureVerifier {
  verify(input: { jws: string; content?: string }): Promise<SignatureVerdict>;
}

export const SCOPE_REQUEST_TYPE = 'puesc.identity.extended-scope-request';

/** The document the person signs to ask for the extended scope. */
export interface ScopeRequestDocument {
  type: typeof SCOPE_REQUEST_TYPE;
  personId: string;
  givenNames: string;
  surname: string;
  pesel?: string;
  document?: { country: string; number: string };
  requestedScope: 'extended';
  nonce: string;
  issuedAt: string;
}

function assertCanAsk(person: Person): void {
  if (person.status !== 'active') throw ruleViolation('ID-03', 'the person is closed');
  if (person.scope === 'extended') throw conflict('the person already has the extended scope', 'ID-03');
}

/** Issues the request document to sign, with a fresh single-use nonce stored on the person. */
export function prepareSignedRequest(
  person: Person,
  now: Date,
  ttlSec: number,
): { person: Person; document: ScopeRequestDocument } {
  assertCanAsk(person);
  const nonce = randomBytes(16).toString('base64url');
  const document: ScopeRequestDocument = {
    type: SCOPE_REQUEST_TYPE,
    personId: person.id,
    givenNames: person.givenNames,
    surname: person.surname,
    ...(person.identity.kind === 'pesel'
      ? { pesel: person.identity.pesel }
      : { document: { country: person.identity.country, number: person.identity.documentNumber } }),
    requestedScope: 'extended',
    nonce,
    issuedAt: now.toISOString(),
  };
  return {
    person: {
      ...person,
      scopeRequest: {
        method: 'signature',
        requestedAt: now,
        nonce,
        nonceExpiresAt: new Date(now.getTime() + ttlSec * 1000),
      },
    },
    document,
  };
}

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toUpperCase()
    .replace(/[^A-Z]+/g, ' ')
    .trim();

/** Whether the signer is the registered person. */
export function signerMatches(person: Person, signer: SignerIdentity): boolean {
  if (signer.personId && signer.personId === person.id) return true;
  if (person.identity.kind === 'pesel') return !!signer.pesel && signer.pesel === person.identity.pesel;
  if (signer.pesel) return false;
  const full = signer.name ?? [signer.givenNames, signer.surname].filter(Boolean).join(' ');
  return !!full && fold(full) === fold(`${person.givenNames} ${person.surname}`);
}

/**
 * ID-04: grants the extended scope for a request signed by the person. `payload` is the signed
 * content (the JSON of the ScopeRequestDocument issued by prepareSignedRequest).
 */
export function applySignedRequest(
  person: Person,
  verdict: SignatureVerdict,
  payload: string | undefined,
  by: Author,
  now: Date,
): Person {
  assertCanAsk(person);
  if (!verdict.valid)
    throw ruleViolation('ID-04', `the signature on the registration request was refused: ${verdict.reason}`, {
      signatureRule: verdict.rule ?? 'PKI-05',
    });
  if (!SIGNATURE_METHODS.includes(verdict.method))
    throw ruleViolation('ID-04', `signature method ${String(verdict.method)} is not accepted (PKI-05)`);
  let doc: Partial<ScopeRequestDocument>;
  try {
    doc = JSON.parse(payload ?? '') as Partial<ScopeRequestDocument>;
  } catch {
    throw invalidField('content', 'the signed content is not a registration request document', 'ID-04');
  }
  const req = person.scopeRequest;
  if (doc?.type !== SCOPE_REQUEST_TYPE || doc.requestedScope !== 'extended')
    throw invalidField('content', 'the signed content is not a registration request document', 'ID-04');
  if (doc.personId !== person.id) throw ruleViolation('ID-04', 'the signed request names another person');
  if (
    !req ||
    req.method !== 'signature' ||
    !req.nonce ||
    doc.nonce !== req.nonce ||
    !req.nonceExpiresAt ||
    req.nonceExpiresAt.getTime() <= now.getTime()
  )
    throw ruleViolation(
      'ID-04',
      'the signed request is stale or was already used; fetch a new request document and sign it',
    );
  if (!signerMatches(person, verdict.signer)) throw ruleViolation('ID-04', 'the signer is not the registered person');
  const next: Person = {
    ...person,
    scope: 'extended',
    scopeGrant: { method: 'signature', signatureMethod: verdict.method, at: now },
    scopeRequest: null,
  };
  return withVersion(next, snapshotOfPerson, 'scope-extended', by, now, ['scope']);
}

/** ID-03: an unsigned request: the person must appear in person at a registration office. */
export function requestInPerson(person: Person, by: Author, now: Date): Person {
  assertCanAsk(person);
  if (person.scopeRequest?.method === 'in-person') return person;
  const next: Person = {
    ...person,
    scopeRequest: { method: 'in-person', requestedAt: now, nonce: null, nonceExpiresAt: null },
  };
  return withVersion(next, snapshotOfPerson, 'scope-requested', by, now, ['scopeRequest']);
}

/** ID-03: a registration officer confirms the identity after the visit. */
export function confirmInPerson(
  person: Person,
  officer: { accountId: string; office?: string | null },
  now: Date,
): Person {
  assertCanAsk(person);
  const next: Person = {
    ...person,
    scope: 'extended',
    scopeGrant: { method: 'in-person', officerId: officer.accountId, office: officer.office ?? null, at: now },
    scopeRequest: null,
  };
  return withVersion(
    next,
    snapshotOfPerson,
    'scope-extended',
    { accountId: officer.accountId, as: 'registration-officer' },
    now,
    ['scope'],
  );
}

export function withdrawScope(person: Person, by: Author, reason: string, now: Date): Person {
  if (person.scope !== 'extended') throw conflict('the person does not have the extended scope', 'ID-03');
  const next: Person = { ...person, scope: 'basic', scopeGrant: null, scopeRequest: null };
  return withVersion(next, snapshotOfPerson, `scope-withdrawn: ${reason}`, by, now, ['scope']);
}
