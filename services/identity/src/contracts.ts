/**
 * Identity's action contracts: the JSON Schemas of the params (validated by ajv in this service;
 * read by the gateway for the OpenAPI document; path parameters are merged into params by the
 * gateway) and their types. The event contracts are in events.ts.
 */
import type { PersonChanges, PersonInput } from './domain/persons';
import { DOCUMENT_TYPES } from './domain/persons';
import {
  OFFICER_ROLES,
  PERMISSIONS,
  REPRESENTATION_KINDS,
  REPRESENTATION_STATUSES,
  type OfficerRole,
  type RepresentationKind,
} from '@puesc/contracts';
import type { RepresentationDocuments } from './domain/representations';
import { AUTHORISATION_TYPE } from './domain/authorisation';

export { SOURCE, IDENTITY_STREAM, MAIL_TEMPLATES, EVENTS, registerIdentityEvents, type EventSubject } from './events';

// ---- shared pieces ---------------------------------------------------------------------------

export const emailParam = {
  type: 'string',
  format: 'email',
  maxLength: 254,
  examples: ['jan.kowalski@example.pl'],
} as const;
export const passwordParam = {
  type: 'string',
  minLength: 1,
  maxLength: 1024,
  examples: ['plum-orchard-window-77'],
} as const;
/** A one-time code as typed: 4 to 10 digits, spaces around tolerated (bounded, issue 18 item 4). */
export const codeParam = {
  type: 'string',
  maxLength: 32,
  pattern: '^\\s*\\d{4,10}\\s*$',
  examples: ['123456'],
} as const;
export const permissionParam = { type: 'string', enum: [...PERMISSIONS] } as const;
export const addressParam = {
  type: 'object',
  additionalProperties: false,
  required: ['city', 'country'],
  properties: {
    street: { type: 'string', maxLength: 200 },
    city: { type: 'string', minLength: 1, maxLength: 100 },
    postalCode: { type: 'string', maxLength: 16 },
    country: { type: 'string', maxLength: 2, pattern: '^[A-Z]{2}$' },
  },
} as const;
const shortText = { type: 'string', minLength: 1, maxLength: 200 } as const;
const nullableId = (maxLength: number) => ({ type: ['string', 'null'], maxLength }) as const;

/** ID-06: what an authorisation names (principal, representative) and the permissions it lists. */
const authorisationNames = {
  type: 'object',
  additionalProperties: false,
  required: ['principal', 'representative', 'permissions'],
  description: 'ID-06: whom the authorisation names and what it lists, as the document states it',
  properties: {
    principal: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: { name: shortText, nip: nullableId(16), eori: nullableId(17), idSisc: nullableId(14) },
    },
    representative: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: { name: shortText, pesel: nullableId(20), idSisc: nullableId(14), documentNumber: nullableId(40) },
    },
    permissions: { type: 'array', items: { type: 'string', enum: [...PERMISSIONS] }, minItems: 1, maxItems: 10 },
  },
} as const;

/**
 * ID-05 stamp duty paid, PLN: 17 PLN per represented relation (ustawa o opłacie skarbowej, cz. IV
 * zał.); a bound far above any real proof, so no absurd number is accepted (issue 18 item 4).
 */
const STAMP_DUTY_AMOUNT = { type: 'number', minimum: 0, maximum: 100_000 } as const;

export const documentsParam = {
  type: 'object',
  additionalProperties: false,
  properties: {
    authorisation: {
      type: 'object',
      additionalProperties: false,
      required: ['form'],
      description:
        'ID-06 authorisation: a PDF attachment, an electronically signed document (attachment ref), or a paper original sent to the registration office',
      properties: {
        form: { type: 'string', enum: ['pdf', 'signed', 'paper'] },
        ref: { type: 'string', minLength: 1, maxLength: 200 },
        names: authorisationNames,
        jws: {
          type: 'string',
          minLength: 1,
          maxLength: 200_000,
          description: `form signed: the authorisation signed by the principal (compact JWS of a ${AUTHORISATION_TYPE} JSON document with principal, representative and permissions)`,
        },
      },
    },
    stampDuty: {
      type: 'object',
      additionalProperties: false,
      required: ['ref', 'amountPln'],
      description: 'ID-05 proof of stamp duty payment (PDF attachment ref) and the amount paid',
      properties: { ref: { type: 'string', minLength: 1, maxLength: 200 }, amountPln: STAMP_DUTY_AMOUNT },
    },
  },
} as const;

// ---- params of each action --------------------------------------------------------------------

const obj = (properties: Record<string, object>, required: string[] = []) =>
  ({ type: 'object', additionalProperties: false, properties, required }) as const;

const name = { type: 'string', minLength: 1, maxLength: 100 } as const;
const isoDate = { type: 'string', maxLength: 10, pattern: '^\\d{4}-\\d{2}-\\d{2}$', examples: ['2026-12-31'] } as const;
const personId = {
  type: 'string',
  maxLength: 14,
  pattern: '^PL\\d{12}$',
  description: 'ID SISC',
  examples: ['PL000000000018'],
} as const;
const id = { type: 'string', minLength: 1, maxLength: 100 } as const;
const phone = { type: ['string', 'null'], maxLength: 32, pattern: '^[+0-9 ()-]*$' } as const;
const country = { type: 'string', maxLength: 2, pattern: '^[A-Za-z]{2}$' } as const;
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
    citizenship: { type: 'string', maxLength: 2, pattern: '^[A-Z]{2}$' },
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
    citizenship: { type: ['string', 'null'], maxLength: 2, pattern: '^[A-Z]{2}$' },
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
      maxLength: 8,
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
  status: { type: 'string', enum: [...REPRESENTATION_STATUSES] },
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
export const accountIdOnly = obj({ accountId: { type: 'string', minLength: 1, maxLength: 100 } }, ['accountId']);

/** identity.mailSecret (internal): the id of an identity.mail.requested event with `secretRef`. */
export const mailSecret = obj({ eventId: { type: 'string', minLength: 1, maxLength: 100 } }, ['eventId']);

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
/** ID-08: a SEED excise number (EMCS sender), 13 characters; spaces around are trimmed. */
const exciseNumber = { type: 'string', minLength: 13, maxLength: 15, examples: ['PL00000012345'] } as const;
export const claimLegacy = obj({
  nip: { type: 'string', maxLength: 16 },
  login: { type: 'string', minLength: 1, maxLength: 64 },
  eori: { type: 'string', maxLength: 17 },
  exciseNumber,
});
/** The code answers the claim it was sent for: by EORI (EORI, NCTS records) or by excise number (EMCS), exactly one (checked in app/legacy.ts). */
export const confirmLegacyClaim = obj({ eori: { type: 'string', maxLength: 17 }, exciseNumber, code: codeParam }, [
  'code',
]);

// ---- their types ----------------------------------------------------------------------------

export type Empty = Record<string, never>;
export interface EmailOnly {
  email: string;
}
export interface Credentials {
  email: string;
  password: string;
}
export interface EmailCode {
  email: string;
  code: string;
}
export interface RefreshParams {
  refreshToken: string;
}
export interface CompleteResetParams {
  email: string;
  code: string;
  newPassword: string;
}
export interface ChangePasswordParams {
  currentPassword: string;
  newPassword: string;
}
export interface CloseAccountParams {
  password: string;
}
export type RegisterPersonParams = PersonInput;
export interface PersonIdOnly {
  personId: string;
}
export type UpdatePersonParams = { personId: string } & PersonChanges;
export interface RequestExtendedScopeParams {
  method: 'signature' | 'in-person';
  jws?: string;
  content?: string;
}
export interface ConfirmScopeParams {
  personId: string;
  note?: string;
}
export interface WithdrawScopeParams {
  personId: string;
  reason: string;
}
export interface CreateOfficerParams {
  email: string;
  givenNames: string;
  surname: string;
  role: OfficerRole;
  office?: string;
}
export interface RequestRepresentationParams {
  companyId?: string;
  eori?: string;
  nip?: string;
  kind: RepresentationKind;
  permissions: string[];
  endDate?: string;
  documents?: RepresentationDocuments;
  agencyCompanyId?: string;
}
export interface UpdateRepresentationParams {
  id: string;
  permissions?: string[];
  endDate?: string | null;
  documents?: RepresentationDocuments;
}
export interface RepIdOnly {
  id: string;
}
export interface RepIdWithNote {
  id: string;
  note?: string;
}
export interface RepIdWithReason {
  id: string;
  reason: string;
}
export interface RepIdWithOptionalReason {
  id: string;
  reason?: string;
}
export interface ListRepresentationsParams {
  companyId?: string;
  personId?: string;
  status?: string;
}
export interface AuthorizeParams {
  accountId: string;
  companyId: string;
  permission: string;
}
export interface AuthorizeAgencyParams {
  agencyCompanyId: string;
  companyId: string;
  permission: string;
}
export interface MailSecretParams {
  eventId: string;
}
export interface AccountIdOnly {
  accountId: string;
}
export interface RotateParams {
  immediate?: boolean;
}
export interface ImportLegacyParams {
  content: string;
  dryRun?: boolean;
}
export interface ClaimLegacyParams {
  nip?: string;
  login?: string;
  eori?: string;
  exciseNumber?: string;
}
export interface ConfirmLegacyClaimParams {
  eori?: string;
  exciseNumber?: string;
  code: string;
}
