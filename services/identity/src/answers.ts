/**
 * JSON Schemas of identity's answers, for the OpenAPI document (issue 16): the exact shape of what
 * each REST action returns (views.ts and app/ build them). test/service/answers.test.ts checks
 * live answers against them, so a change of shape shows there.
 */
import {
  OFFICER_ROLES,
  PERMISSIONS,
  REPRESENTATION_KINDS,
  REPRESENTATION_STATUSES,
  ROLES,
  SCOPES,
  schemas,
} from '@puesc/contracts';
import { DOCUMENT_TYPES } from './domain/persons';
import { LEGACY_SOURCES } from './domain/legacy';
import { SCOPE_REQUEST_TYPE, SIGNATURE_METHODS } from './domain/scope';

const { dateTime, idSisc, isoDate, objectOf } = schemas;
const str = { type: 'string' } as const;
const nullableStr = { type: ['string', 'null'] } as const;
const bool = { type: 'boolean' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const nullableDateTime = { anyOf: [dateTime, { type: 'null' }] } as const;
const nullableDate = { anyOf: [isoDate, { type: 'null' }] } as const;
const arrayOf = (items: object) => ({ type: 'array', items }) as const;
const nullableObjectOf = (properties: Record<string, object>, required: string[]) => ({
  anyOf: [objectOf(properties, required), { type: 'null' }],
});
const scope = { type: 'string', enum: [...SCOPES] } as const;
const roles = arrayOf({ type: 'string', enum: [...ROLES] });

/** A status line answered the same in every case (no enumeration). */
const notice = (status: string) => objectOf({ status: { const: status }, message: str }, ['status', 'message']);

export const registrationAnswer = notice('pending-verification');
export const resendAnswer = notice('sent-if-pending');
export const resetRequestAnswer = notice('sent-if-registered');
export const claimCodeAnswer = notice('code-sent-if-record-exists');
export const verifiedAnswer = objectOf({ verified: { const: true } }, ['verified']);
export const resetAnswer = objectOf({ reset: { const: true } }, ['reset']);
export const changedAnswer = objectOf({ changed: { const: true } }, ['changed']);
export const closedAnswer = objectOf({ closed: { const: true } }, ['closed']);

/** Login and refresh: a short-lived ES256 access token and the next refresh token of the session. */
export const tokensAnswer = objectOf(
  {
    accessToken: str,
    tokenType: { const: 'Bearer' },
    expiresIn: { type: 'integer', minimum: 1 },
    scope,
    personId: { anyOf: [idSisc, { type: 'null' }] },
    roles,
    refreshToken: str,
    refreshExpiresAt: dateTime,
  },
  ['accessToken', 'tokenType', 'expiresIn', 'scope', 'personId', 'roles', 'refreshToken', 'refreshExpiresAt'],
);

/** Logout answers 204 without a body. */
export const noContent = { type: 'null', description: 'no body (204)' } as const;

export const accountAnswer = objectOf(
  {
    accountId: str,
    email: str,
    emailVerified: bool,
    status: { type: 'string', enum: ['active', 'closed'] },
    roles,
    office: nullableStr,
    personId: { anyOf: [idSisc, { type: 'null' }] },
    createdAt: nullableDateTime,
  },
  ['accountId', 'email', 'emailVerified', 'status', 'roles', 'office', 'personId', 'createdAt'],
);

const address = objectOf({ street: str, city: str, postalCode: str, country: str }, ['city', 'country']);
const scopeGrant = {
  anyOf: [
    objectOf({ method: { const: 'signature' }, signatureMethod: str, at: nullableDateTime }, [
      'method',
      'signatureMethod',
      'at',
    ]),
    objectOf({ method: { const: 'in-person' }, officerId: str, office: nullableStr, at: nullableDateTime }, [
      'method',
      'officerId',
      'at',
    ]),
    { type: 'null' },
  ],
};

/** A registered person (ID-02, ID-03): the person themself or a registration officer reads it. */
export const personAnswer = objectOf(
  {
    personId: idSisc,
    accountId: str,
    givenNames: str,
    surname: str,
    birthDate: isoDate,
    identity: {
      anyOf: [
        objectOf({ kind: { const: 'pesel' }, pesel: str }, ['kind', 'pesel']),
        objectOf(
          {
            kind: { const: 'document' },
            country: str,
            type: { type: 'string', enum: [...DOCUMENT_TYPES] },
            number: str,
          },
          ['kind', 'country', 'type', 'number'],
        ),
      ],
    },
    citizenship: nullableStr,
    phone: nullableStr,
    address: { anyOf: [address, { type: 'null' }] },
    scope,
    scopeGrant,
    scopeRequest: nullableObjectOf(
      { method: { type: 'string', enum: ['signature', 'in-person'] }, requestedAt: nullableDateTime },
      ['method', 'requestedAt'],
    ),
    status: { type: 'string', enum: ['active', 'closed'] },
    registeredAt: nullableDateTime,
  },
  [
    'personId',
    'accountId',
    'givenNames',
    'surname',
    'birthDate',
    'identity',
    'citizenship',
    'phone',
    'address',
    'scope',
    'scopeGrant',
    'scopeRequest',
    'status',
    'registeredAt',
  ],
);
export const personListAnswer = arrayOf(personAnswer);

const author = objectOf({ accountId: str, as: str }, ['accountId', 'as']);

/** ID-09: every version with its date, author, change and the snapshot after it. */
const versions = arrayOf(
  objectOf(
    {
      n: { type: 'integer', minimum: 1 },
      at: dateTime,
      by: author,
      change: str,
      fields: arrayOf(str),
      snapshot: { type: 'object' },
    },
    ['n', 'at', 'by', 'change', 'fields', 'snapshot'],
  ),
);
export const personHistoryAnswer = objectOf({ personId: idSisc, versions }, ['personId', 'versions']);

/** ID-06: whom an authorisation names and the permissions it lists. */
const authorisationNames = objectOf(
  {
    principal: objectOf({ name: str, nip: nullableStr, eori: nullableStr, idSisc: nullableStr }, ['name']),
    representative: objectOf({ name: str, pesel: nullableStr, idSisc: nullableStr, documentNumber: nullableStr }, [
      'name',
    ]),
    permissions: arrayOf({ type: 'string', enum: [...PERMISSIONS] }),
  },
  ['principal', 'representative', 'permissions'],
);

const company = objectOf({ id: str, name: nullableStr, nip: nullableStr, eori: nullableStr }, ['id']);
const representationProperties = {
  id: str,
  personId: idSisc,
  accountId: str,
  company,
  kind: { type: 'string', enum: [...REPRESENTATION_KINDS] },
  permissions: arrayOf({ type: 'string', enum: [...PERMISSIONS] }),
  endDate: nullableDate,
  agency: { anyOf: [company, { type: 'null' }] },
  status: { type: 'string', enum: [...REPRESENTATION_STATUSES] },
  documents: objectOf({
    authorisation: nullableObjectOf(
      {
        form: { type: 'string', enum: ['pdf', 'signed', 'paper'] },
        ref: nullableStr,
        names: { anyOf: [authorisationNames, { type: 'null' }] },
        jws: nullableStr,
        signedBy: nullableObjectOf(
          { personId: idSisc, organizationIdentifier: str, method: str, signedAt: nullableStr },
          ['method'],
        ),
      },
      ['form'],
    ),
    stampDuty: nullableObjectOf({ ref: str, amountPln: { type: 'number', minimum: 0 } }, ['ref', 'amountPln']),
  }),
  missingDocuments: arrayOf(
    objectOf({ document: { type: 'string', enum: ['authorisation', 'stamp-duty'] }, rule: str, message: str }, [
      'document',
      'rule',
      'message',
    ]),
  ),
  requestedAt: nullableDateTime,
  decidedAt: nullableDateTime,
  decidedBy: nullableStr,
  rejectionReason: nullableStr,
  endedAt: nullableDateTime,
  endReason: nullableStr,
};
const representationRequired = Object.keys(representationProperties) as (keyof typeof representationProperties)[];

/** A representation (ID-05..ID-07) with its effective status at the time of the answer. */
export const representationAnswer = objectOf(representationProperties, representationRequired);
export const representationListAnswer = arrayOf(representationAnswer);
export const representationWithVersionsAnswer = objectOf({ ...representationProperties, versions }, [
  ...representationRequired,
  'versions',
]);

/** GET /me: the account, the registered person, the scope of tokens and the person's representations. */
export const meAnswer = objectOf(
  {
    account: accountAnswer,
    person: { anyOf: [personAnswer, { type: 'null' }] },
    scope,
    representations: representationListAnswer,
  },
  ['account', 'person', 'scope', 'representations'],
);

/** ID-03: the document to sign for the extended scope, as JSON and as the exact text to sign. */
export const scopeRequestDocumentAnswer = objectOf(
  {
    document: objectOf(
      {
        type: { const: SCOPE_REQUEST_TYPE },
        personId: idSisc,
        givenNames: str,
        surname: str,
        pesel: str,
        document: objectOf({ country: str, number: str }, ['country', 'number']),
        requestedScope: { const: 'extended' },
        nonce: str,
        issuedAt: dateTime,
      },
      ['type', 'personId', 'givenNames', 'surname', 'requestedScope', 'nonce', 'issuedAt'],
    ),
    content: str,
    expiresAt: dateTime,
  },
  ['document', 'content', 'expiresAt'],
);

/** ID-03: granted at once by a valid signature, or waiting for an officer's in-person confirmation. */
export const scopeRequestAnswer = {
  anyOf: [
    objectOf(
      {
        scope,
        method: { const: 'signature' },
        signatureMethod: { anyOf: [{ type: 'string', enum: [...SIGNATURE_METHODS] }, { type: 'null' }] },
      },
      ['scope', 'method', 'signatureMethod'],
    ),
    objectOf({ scope, status: { const: 'awaiting-in-person-confirmation' } }, ['scope', 'status']),
  ],
};

export const officerCreatedAnswer = objectOf(
  {
    accountId: str,
    email: str,
    roles: arrayOf({ type: 'string', enum: [...OFFICER_ROLES] }),
    office: nullableStr,
    invited: bool,
  },
  ['accountId', 'email', 'roles', 'office', 'invited'],
);
export const officerListAnswer = arrayOf(
  objectOf(
    {
      accountId: str,
      email: str,
      givenNames: str,
      surname: str,
      roles: arrayOf({ type: 'string', enum: [...OFFICER_ROLES] }),
      office: nullableStr,
      createdAt: dateTime,
    },
    ['accountId', 'email', 'givenNames', 'surname', 'roles', 'office', 'createdAt'],
  ),
);

export const sessionsEndedAnswer = objectOf({ accountId: str, ended: count }, ['accountId', 'ended']);

const jwk = objectOf(
  {
    kty: { const: 'EC' },
    crv: { const: 'P-256' },
    x: str,
    y: str,
    kid: str,
    alg: { const: 'ES256' },
    use: { const: 'sig' },
  },
  ['kty', 'crv', 'x', 'y', 'kid', 'alg', 'use'],
);
/** RFC 7517 §5: the public keys that verify access tokens now. */
export const jwksAnswer = objectOf({ keys: arrayOf(jwk) }, ['keys']);

/** The administrators' view of the signing keys (@puesc/keyring `KeyView`; no private parts). */
export const signingKeysAnswer = arrayOf(
  objectOf(
    {
      kid: str,
      generation: { type: 'integer', minimum: 1 },
      state: { type: 'string', enum: ['pending', 'current', 'previous', 'retired', 'withdrawn'] },
      active: bool,
      createdAt: dateTime,
      activatesAt: dateTime,
      supersededAt: nullableDateTime,
      publishedUntil: nullableDateTime,
      withdrawnAt: nullableDateTime,
      destroyedAt: nullableDateTime,
    },
    [
      'kid',
      'generation',
      'state',
      'active',
      'createdAt',
      'activatesAt',
      'supersededAt',
      'publishedUntil',
      'withdrawnAt',
      'destroyedAt',
    ],
  ),
);

const fieldProblem = objectOf({ field: str, message: str, rule: str }, ['field', 'message']);

/** ID-08: what an import did (or, with dryRun, would do). */
export const legacyImportAnswer = objectOf(
  {
    rows: count,
    inserted: count,
    updated: count,
    unchanged: count,
    skippedLinked: arrayOf(str),
    rejected: arrayOf(
      objectOf({ line: { type: 'integer', minimum: 1 }, legacyId: str, errors: arrayOf(fieldProblem) }, [
        'line',
        'errors',
      ]),
    ),
    dryRun: bool,
  },
  ['rows', 'inserted', 'updated', 'unchanged', 'skippedLinked', 'rejected', 'dryRun'],
);

const legacyLink = objectOf(
  {
    recordId: str,
    source: { type: 'string', enum: [...LEGACY_SOURCES] },
    legacyId: str,
    nip: nullableStr,
    eori: nullableStr,
    exciseNumber: nullableStr,
    login: nullableStr,
    companyName: nullableStr,
    systems: arrayOf(str),
    validTo: nullableStr,
    linkedAt: nullableDateTime,
  },
  [
    'recordId',
    'source',
    'legacyId',
    'nip',
    'eori',
    'exciseNumber',
    'login',
    'companyName',
    'systems',
    'validTo',
    'linkedAt',
  ],
);
export const legacyLinksAnswer = arrayOf(legacyLink);
/** ID-08: the records linked by a claim (by login and password at once, or after the e-mailed code). */
export const legacyLinkedAnswer = objectOf({ linked: arrayOf(legacyLink) }, ['linked']);
/** A claim by login links at once; a claim by EORI sends codes and answers the same whether or not a record exists. */
export const legacyClaimAnswer = { anyOf: [legacyLinkedAnswer, claimCodeAnswer] };
