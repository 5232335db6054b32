/**
 * JSON Schemas of identity's action params (validated by ajv in this service; read by the
 * gateway for the OpenAPI document). Path parameters are merged into params by the gateway.
 */
import { LEGACY_SOURCES } from './domain/legacy';
import { DOCUMENT_TYPES } from './domain/persons';
import { OFFICER_ROLES } from './domain/accounts';
import { REPRESENTATION_KINDS } from './domain/representations';
import { addressParam, codeParam, documentsParam, emailParam, passwordParam, permissionParam } from './contracts';

const obj = (properties: Record<string, object>, required: string[] = []) =>
  ({ type: 'object', additionalProperties: false, properties, required }) as const;

const name = { type: 'string', minLength: 1, maxLength: 100 } as const;
const isoDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', examples: ['2026-12-31'] } as const;
const personId = {
  type: 'string',
  pattern: '^PL\\d{12}$',
  description: 'ID SISC',
  examples: ['PL000000000018'],
} as const;
const id = { type: 'string', minLength: 1, maxLength: 100 } as const;
const phone = { type: ['string', 'null'], maxLength: 32, pattern: '^[+0-9 ()-]*$' } as const;
const country = { type: 'string', pattern: '^[A-Za-z]{2}$' } as const;
const foreignDocument = obj(
  {
    country: { ...country, description: 'issuing country, ISO 3166-1 alpha-2' },
    type: { type: 'string', enum: [...DOCUMENT_TYPES] },
    number: { type: 'string', minLength: 1, maxLength: 40 },
    birthDate: isoDate,
  },
  ['country', 'type', 'number', 'birthDate'],
);

export const empty = obj({});
export const emailOnly = obj({ email: emailParam }, ['email']);
export const registerAccount = obj({ email: emailParam, password: passwordParam }, ['email', 'password']);
export const verifyEmail = obj({ email: emailParam, code: codeParam }, ['email', 'code']);
export const login = obj({ email: emailParam, password: passwordParam }, ['email', 'password']);
export const refresh = obj({ refreshToken: { type: 'string', minLength: 1, maxLength: 200 } }, ['refreshToken']);
export const completeReset = obj({ email: emailParam, code: codeParam, newPassword: passwordParam }, [
  'email',
  'code',
  'newPassword',
]);
export const changePassword = obj({ currentPassword: passwordParam, newPassword: passwordParam }, [
  'currentPassword',
  'newPassword',
]);
export const closeAccount = obj({ password: passwordParam }, ['password']);

export const registerPerson = obj(
  {
    givenNames: name,
    surname: name,
    pesel: {
      type: 'string',
      maxLength: 20,
      description: 'PESEL (REG-05); give it when you have one',
      examples: ['44051401359'],
    },
    document: { ...foreignDocument, description: 'a foreign identity document, for a person without PESEL' },
    citizenship: { type: 'string', pattern: '^[A-Z]{2}$' },
    phone,
    address: addressParam,
  },
  ['givenNames', 'surname'],
);
export const personIdOnly = obj({ personId }, ['personId']);
export const updatePerson = obj(
  {
    personId,
    givenNames: name,
    surname: name,
    document: foreignDocument,
    citizenship: { type: ['string', 'null'], pattern: '^[A-Z]{2}$' },
    phone,
    address: { anyOf: [addressParam, { type: 'null' }] },
  },
  ['personId'],
);

export const requestExtendedScope = obj(
  {
    method: { type: 'string', enum: ['signature', 'in-person'] },
    jws: {
      type: 'string',
      minLength: 1,
      maxLength: 200_000,
      description: 'the signed registration request (compact JWS / JAdES)',
    },
    content: { type: 'string', maxLength: 20_000, description: 'the signed content, when the signature is detached' },
  },
  ['method'],
);
export const confirmScope = obj({ personId, note: { type: 'string', maxLength: 500 } }, ['personId']);
export const withdrawScope = obj({ personId, reason: { type: 'string', minLength: 1, maxLength: 500 } }, [
  'personId',
  'reason',
]);

export const createOfficer = obj(
  {
    email: emailParam,
    givenNames: name,
    surname: name,
    role: { type: 'string', enum: [...OFFICER_ROLES] },
    office: {
      type: 'string',
      pattern: '^[A-Z]{2}[A-Z0-9]{6}$',
      description: 'customs office reference number (case officers)',
      examples: ['PL301000'],
    },
  },
  ['email', 'givenNames', 'surname', 'role'],
);

export const requestRepresentation = obj(
  {
    companyId: { ...id, description: 'the company id in the registry' },
    eori: { type: 'string', maxLength: 17, examples: ['PL123456321800000'] },
    nip: { type: 'string', maxLength: 16, examples: ['1234563218'] },
    kind: { type: 'string', enum: [...REPRESENTATION_KINDS] },
    permissions: { type: 'array', items: permissionParam, minItems: 1, maxItems: 10 },
    endDate: { ...isoDate, description: 'last day of validity (inclusive); none = until revoked' },
    documents: documentsParam,
    agencyCompanyId: {
      ...id,
      description:
        'customs-direct / customs-indirect: the customs agency (registry company id) the representative acts for (EUP-13)',
    },
  },
  ['kind', 'permissions'],
);
export const updateRepresentation = obj(
  {
    id,
    permissions: { type: 'array', items: permissionParam, minItems: 1, maxItems: 10 },
    endDate: { anyOf: [isoDate, { type: 'null' }] },
    documents: documentsParam,
  },
  ['id'],
);
export const repIdOnly = obj({ id }, ['id']);
export const repIdWithNote = obj({ id, note: { type: 'string', maxLength: 500 } }, ['id']);
export const repIdWithReason = obj({ id, reason: { type: 'string', minLength: 1, maxLength: 500 } }, ['id', 'reason']);
export const repIdWithOptionalReason = obj({ id, reason: { type: 'string', maxLength: 500 } }, ['id']);
export const listRepresentations = obj({
  companyId: id,
  personId,
  status: { type: 'string', enum: ['requested', 'approved', 'rejected', 'revoked', 'expired'] },
});
export const authorize = obj(
  { accountId: id, companyId: id, permission: { type: 'string', minLength: 1, maxLength: 60 } },
  ['accountId', 'companyId', 'permission'],
);
export const authorizeAgency = obj(
  { agencyCompanyId: id, companyId: id, permission: { type: 'string', minLength: 1, maxLength: 60 } },
  ['agencyCompanyId', 'companyId', 'permission'],
);
export const rotate = obj({ immediate: { type: 'boolean' } });

export const importLegacy = obj(
  {
    content: {
      type: 'string',
      minLength: 1,
      maxLength: 10 * 1024 * 1024,
      description: 'the CSV file (docs/identity-legacy-linking.md)',
    },
    dryRun: { type: 'boolean', description: 'validate and report without storing' },
  },
  ['content'],
);
export const claimLegacy = obj({
  nip: { type: 'string', maxLength: 16 },
  login: { type: 'string', minLength: 1, maxLength: 64 },
  eori: { type: 'string', maxLength: 17 },
});
export const confirmLegacyClaim = obj({ eori: { type: 'string', maxLength: 17 }, code: codeParam }, ['eori', 'code']);
export const legacySources = LEGACY_SOURCES;
