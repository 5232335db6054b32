import { randomBytes } from 'node:crypto';
import { ok, refuse, type Result } from '@puesc/kernel';
import { snapshotOfPerson, type Person } from './persons';
import { withVersion, type Author } from './versions';
import { refuseInput } from './refusals';

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
  /** A legal person's seal: the certificate's organizationIdentifier (`VATPL-<NIP>`, ETSI EN 319 412-1). */
  organizationIdentifier?: string;
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

/** Why the person cannot ask for (or be given) the extended scope, if they cannot. */
function cannotAsk(person: Person): Result<never> | null {
  if (person.status !== 'active') return refuse('ID-03', 'rule', 'the person is closed');
  if (person.scope === 'extended') return refuse('ID-03', 'state', 'the person already has the extended scope');
  return null;
}

/** Issues the request document to sign, with a fresh single-use nonce stored on the person. */
export function prepareSignedRequest(
  person: Person,
  now: Date,
  ttlSec: number,
): Result<{ person: Person; document: ScopeRequestDocument }> {
  const refused = cannotAsk(person);
  if (refused) return refused;
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
  return ok({
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
  });
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
): Result<Person> {
  const refused = cannotAsk(person);
  if (refused) return refused;
  if (!verdict.valid)
    return refuse('ID-04', 'rule', `the signature on the registration request was refused: ${verdict.reason}`, {
      signatureRule: verdict.rule ?? 'PKI-05',
    });
  if (!SIGNATURE_METHODS.includes(verdict.method))
    return refuse('ID-04', 'rule', `signature method ${String(verdict.method)} is not accepted (PKI-05)`);
  const doc = requestDocumentOf(payload);
  if (!doc) return refuseInput('content', 'the signed content is not a registration request document', 'ID-04');
  if (doc.personId !== person.id) return refuse('ID-04', 'rule', 'the signed request names another person');
  const req = person.scopeRequest;
  if (
    !req ||
    req.method !== 'signature' ||
    !req.nonce ||
    doc.nonce !== req.nonce ||
    !req.nonceExpiresAt ||
    req.nonceExpiresAt.getTime() <= now.getTime()
  )
    return refuse(
      'ID-04',
      'rule',
      'the signed request is stale or was already used; fetch a new request document and sign it',
    );
  if (!signerMatches(person, verdict.signer)) return refuse('ID-04', 'rule', 'the signer is not the registered person');
  const next: Person = {
    ...person,
    scope: 'extended',
    scopeGrant: { method: 'signature', signatureMethod: verdict.method, at: now },
    scopeRequest: null,
  };
  return ok(withVersion(next, snapshotOfPerson, 'scope-extended', by, now, ['scope']));
}

/** The signed content read as a registration request document (null when it is none). */
function requestDocumentOf(payload: string | undefined): Partial<ScopeRequestDocument> | null {
  let doc: Partial<ScopeRequestDocument> | null;
  try {
    doc = JSON.parse(payload ?? '') as Partial<ScopeRequestDocument> | null;
  } catch {
    return null;
  }
  return doc?.type === SCOPE_REQUEST_TYPE && doc.requestedScope === 'extended' ? doc : null;
}

/** ID-03: an unsigned request: the person must appear in person at a registration office. */
export function requestInPerson(person: Person, by: Author, now: Date): Result<Person> {
  const refused = cannotAsk(person);
  if (refused) return refused;
  if (person.scopeRequest?.method === 'in-person') return ok(person);
  const next: Person = {
    ...person,
    scopeRequest: { method: 'in-person', requestedAt: now, nonce: null, nonceExpiresAt: null },
  };
  return ok(withVersion(next, snapshotOfPerson, 'scope-requested', by, now, ['scopeRequest']));
}

/** ID-03: a registration officer confirms the identity after the visit. */
export function confirmInPerson(
  person: Person,
  officer: { accountId: string; office?: string | null },
  now: Date,
): Result<Person> {
  const refused = cannotAsk(person);
  if (refused) return refused;
  const next: Person = {
    ...person,
    scope: 'extended',
    scopeGrant: { method: 'in-person', officerId: officer.accountId, office: officer.office ?? null, at: now },
    scopeRequest: null,
  };
  return ok(
    withVersion(
      next,
      snapshotOfPerson,
      'scope-extended',
      { accountId: officer.accountId, as: 'registration-officer' },
      now,
      ['scope'],
    ),
  );
}

export function withdrawScope(person: Person, by: Author, reason: string, now: Date): Result<Person> {
  if (person.scope !== 'extended') return refuse('ID-03', 'state', 'the person does not have the extended scope');
  const next: Person = { ...person, scope: 'basic', scopeGrant: null, scopeRequest: null };
  return ok(withVersion(next, snapshotOfPerson, `scope-withdrawn: ${reason}`, by, now, ['scope']));
}
