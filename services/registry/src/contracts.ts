/**
 * JSON Schemas of the registry: action params and event payloads. The event schemas are
 * registered with `registerEventSchema` (payloads are validated before they enter the outbox)
 * and are the source of the AsyncAPI document's message payloads.
 */
import { schemas } from '@puesc/contracts';
import { MAX_BATCH } from './domain/publicCheck';
import { LEGAL_FORMS, type CompanyData, type CompanyStatus, type Excise } from './domain/types';
import type { ChangePatch } from './domain/company';

const { dateTime, isoDate, email } = schemas;
const country = { ...schemas.countryCode, description: 'ISO 3166-1 alpha-2' } as const;
const nonEmpty = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;

export const addressSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['street', 'postalCode', 'city', 'country'],
  properties: {
    street: nonEmpty(200),
    postalCode: nonEmpty(16),
    city: nonEmpty(100),
    country,
  },
} as const;

export const contactSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: { email, phone: { type: 'string', maxLength: 32 } },
} as const;

/** Company data properties shared by registration params, changes and event payloads. */
const companyDataProps = {
  name: { ...nonEmpty(256), description: 'legal name' },
  legalForm: { type: 'string', enum: [...LEGAL_FORMS] },
  country: { ...country, description: 'country of establishment' },
  nip: { type: 'string', maxLength: 16, description: 'NIP (REG-03); separators allowed on input' },
  regon: { type: 'string', maxLength: 20, description: 'REGON, 9 or 14 digits (REG-04)' },
  krs: { type: 'string', maxLength: 12, description: 'KRS number (REG-05)' },
  address: addressSchema,
  contact: contactSchema,
  consentToPublish: { type: 'boolean', description: 'REG-06: the name may be shown by the public check' },
  existingEori: {
    type: 'string',
    maxLength: 17,
    description: 'EORI already issued by another EU member state (REG-02)',
  },
} as const;

export const companyDataSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'legalForm', 'country', 'address', 'consentToPublish'],
  properties: companyDataProps,
} as const;

export const exciseSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['number', 'validFrom'],
  properties: {
    number: { type: 'string', pattern: '^PL[0-9A-Z]{11}$', description: 'AKC-R excise number (REG-09)' },
    validFrom: isoDate,
    validTo: isoDate,
  },
} as const;

export const authorSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['accountId'],
  properties: { accountId: { type: 'string' }, personId: { type: 'string' }, role: { type: 'string' } },
} as const;

const status = { type: 'string', enum: ['submitted', 'approved', 'rejected', 'removed'] } as const;
const eoriKind = { type: 'string', enum: ['pl-nip', 'pl-third-country', 'foreign'] } as const;
const eori = { type: 'string', pattern: '^[A-Z]{2}[A-Z0-9]{1,15}$' } as const;

/** A company as events carry it and legacy copies keep it. */
export const snapshotSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'revision', 'status', 'origin', 'data'],
  properties: {
    id: { type: 'string' },
    revision: { type: 'integer', minimum: 1 },
    status,
    origin: { type: 'string', enum: ['platform', 'legacy-import'] },
    eori,
    eoriKind,
    validFrom: dateTime,
    validTo: dateTime,
    data: companyDataSchema,
    excise: exciseSchema,
  },
} as const;

const eventBase = {
  companyId: { type: 'string' },
  revision: { type: 'integer', minimum: 1 },
  at: dateTime,
  company: snapshotSchema,
} as const;
const baseRequired = ['companyId', 'revision', 'at', 'company'];

export const EVENT_SUBJECTS = {
  'company.registered': 'registry.company.registered',
  'eori.assigned': 'registry.eori.assigned',
  'company.changed': 'registry.company.changed',
  'company.removed': 'registry.company.removed',
  'company.rejected': 'registry.company.rejected',
} as const;
export type EventKind = keyof typeof EVENT_SUBJECTS;

export const EVENT_VERSION = 1;

/** Event payload schemas by subject (version 1). */
export const eventSchemas: Record<
  (typeof EVENT_SUBJECTS)[EventKind],
  { title: string; description: string; schema: object }
> = {
  'registry.company.registered': {
    title: 'Company registered',
    description:
      'A company registration was submitted through the platform (status submitted; `declareByLaw` tells identity that the submitter becomes a pending by-law representative), or a legacy record was imported (status approved, with its EORI).',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: [...baseRequired, 'origin', 'declareByLaw'],
      properties: {
        ...eventBase,
        origin: { type: 'string', enum: ['platform', 'legacy-import'] },
        submittedBy: authorSchema,
        declareByLaw: { type: 'boolean' },
      },
    },
  },
  'registry.eori.assigned': {
    title: 'EORI assigned',
    description: 'A registration was approved and the company has its EORI (REG-02), valid from `validFrom`.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: [...baseRequired, 'eori', 'eoriKind', 'validFrom'],
      properties: { ...eventBase, eori, eoriKind, validFrom: dateTime },
    },
  },
  'registry.company.changed': {
    title: 'Company changed',
    description:
      'A new version of the company record (REG-07): data, consent (REG-06) or excise registration (REG-09).',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: [...baseRequired, 'change', 'fields', 'author'],
      properties: {
        ...eventBase,
        change: { type: 'string', enum: ['changed', 'excise-set', 'excise-ended', 'import-updated'] },
        fields: { type: 'array', items: { type: 'string' } },
        author: authorSchema,
      },
    },
  },
  'registry.company.removed': {
    title: 'Company removed',
    description: 'The company was removed: its EORI is valid until `validTo` (exclusive); the record stays (REG-07).',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: [...baseRequired, 'validTo', 'author'],
      properties: { ...eventBase, validTo: dateTime, reason: { type: 'string' }, author: authorSchema },
    },
  },
  'registry.company.rejected': {
    title: 'Company registration rejected',
    description:
      'A submitted registration was rejected by a registration officer; a pending by-law representation lapses.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: [...baseRequired, 'reason'],
      properties: { ...eventBase, reason: { type: 'string' }, submittedBy: authorSchema },
    },
  },
};

/** The stream the registry publishes to (LEG-01). */
export const REGISTRY_STREAM = {
  name: 'REGISTRY',
  subjects: ['registry.>'],
  description:
    'Registry (PDR/EORI) facts for legacy systems and other services: CloudEvents 1.0, replayable from the start (LEG-01).',
};

/** CloudEvent extension attributes every registry event carries where known (LEG-02). */
export const EVENT_EXTENSIONS = {
  companyid: 'the company id in the registry',
  eori: 'the EORI number, once assigned',
  nip: 'the NIP, when the company has one',
} as const;

// ---------------------------------------------------------------- action params

const id = { type: 'string', minLength: 1, maxLength: 64 } as const;
// A version number a caller expects: one per change of one company; a million is far beyond any record.
const revision = { type: 'integer', minimum: 1, maximum: 1_000_000, description: 'REG-07 version number' } as const;
const number = { type: 'string', minLength: 1, maxLength: 32 } as const;

export const registerParams = {
  ...companyDataSchema,
  required: [...companyDataSchema.required, 'contact'],
  properties: {
    ...companyDataSchema.properties,
    // Typed with separators or in lower case it is longer than the stored 17 characters (REG-02).
    existingEori: {
      ...companyDataSchema.properties.existingEori,
      maxLength: 32,
      description: 'EORI already issued by another EU member state (REG-02); any case, separators allowed on input',
    },
    declareByLaw: { type: 'boolean', default: false },
  },
};
export type RegisterParams = CompanyData & { declareByLaw?: boolean };

export const approveParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id, note: { type: 'string', maxLength: 1000 } },
} as const;
export type ApproveParams = { id: string; note?: string };

export const rejectParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'reason'],
  properties: { id, reason: { type: 'string', minLength: 1, maxLength: 2000 } },
} as const;
export type RejectParams = { id: string; reason: string };

export const getCompanyParams = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id,
    eori: { type: 'string', minLength: 1, maxLength: 32, description: 'EORI (REG-02); any case, separators allowed' },
    nip: { type: 'string', minLength: 1, maxLength: 20, description: 'NIP (REG-03); separators allowed' },
  },
} as const;
export type GetCompanyParams = { id?: string; eori?: string; nip?: string };

export const listCompaniesParams = {
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string', enum: ['submitted', 'approved', 'rejected', 'removed'] },
    after: id,
    limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
  },
} as const;
export type ListCompaniesParams = { status?: CompanyStatus; after?: string; limit: number };

export const changeCompanyParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id,
    expectedRevision: revision,
    name: companyDataSchema.properties.name,
    legalForm: companyDataSchema.properties.legalForm,
    regon: { type: ['string', 'null'], maxLength: 20 },
    krs: { type: ['string', 'null'], maxLength: 12 },
    address: addressSchema,
    contact: contactSchema,
    consentToPublish: { type: 'boolean' },
    reason: { type: 'string', maxLength: 1000 },
  },
} as const;
export type ChangeCompanyParams = ChangePatch & { id: string; expectedRevision?: number; reason?: string };

export const removeCompanyParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'from'],
  properties: {
    id,
    from: { type: 'string', maxLength: 40 },
    reason: { type: 'string', maxLength: 1000 },
    expectedRevision: revision,
  },
} as const;
export type RemoveCompanyParams = { id: string; from: string; reason?: string; expectedRevision?: number };

export const companyIdParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id },
} as const;
export type CompanyIdParams = { id: string };

export const exciseParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'number', 'validFrom'],
  properties: { id, ...exciseSchema.properties },
} as const;
export type ExciseParams = Excise & { id: string };

export const publicCheckParams = {
  type: 'object',
  additionalProperties: false,
  required: ['number'],
  properties: { number },
} as const;
export type PublicCheckParams = { number: string };

export const publicCheckBatchParams = {
  type: 'object',
  additionalProperties: false,
  required: ['numbers'],
  properties: { numbers: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: number } },
} as const;
export type PublicCheckBatchParams = { numbers: string[] };

export const importLegacyParams = {
  type: 'object',
  additionalProperties: false,
  required: ['content'],
  properties: {
    content: { type: 'string', minLength: 1, maxLength: 16 * 1024 * 1024 },
    dryRun: { type: 'boolean', default: false },
  },
} as const;
export type ImportLegacyParams = { content: string; dryRun: boolean };

export const eligibilityParams = {
  type: 'object',
  additionalProperties: false,
  required: ['companyId'],
  properties: { companyId: id },
} as const;
export type EligibilityParams = { companyId: string };

export const noParams = schemas.emptyParams;
