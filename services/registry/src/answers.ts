/**
 * JSON Schemas of the registry's answers, for the OpenAPI document (issue 16): the real shape of
 * what each REST action returns (views.ts builds them; the public check answer is the
 * `PublicCheckAnswer` of @puesc/contracts). test/service/answers.test.ts checks live answers
 * against them, so a change of shape shows there.
 */
import { schemas } from '@puesc/contracts';
import { authorSchema, companyDataSchema, exciseSchema, snapshotSchema } from './contracts';

const { dateTime, eori, objectOf } = schemas;
const str = { type: 'string' } as const;
const revision = { type: 'integer', minimum: 1 } as const;
const status = snapshotSchema.properties.status;
const eoriKind = snapshotSchema.properties.eoriKind;

/** A company and its current version (REG-01..REG-09): `registry.getCompany` and every change. */
export const companyAnswer = objectOf(
  {
    id: str,
    status,
    data: companyDataSchema,
    eori,
    eoriKind,
    validFrom: dateTime,
    validTo: dateTime,
    excise: exciseSchema,
    revision,
    origin: snapshotSchema.properties.origin,
    submittedBy: authorSchema,
    declareByLaw: { type: 'boolean' },
    decision: objectOf({ by: authorSchema, at: dateTime, reason: str }, ['by', 'at']),
    removal: objectOf({ by: authorSchema, at: dateTime, from: dateTime, reason: str }, ['by', 'at', 'from']),
    legacy: {
      type: 'array',
      items: objectOf({ source: { type: 'string', enum: ['PDR', 'SEED', 'EORI'] }, id: str, login: str }, [
        'source',
        'id',
      ]),
    },
    createdAt: dateTime,
    updatedAt: dateTime,
  },
  ['id', 'status', 'data', 'revision', 'origin', 'createdAt', 'updatedAt'],
);

/** A page of companies, oldest first; `next` is the `after` of the following page. */
export const companyListAnswer = objectOf(
  { items: { type: 'array', items: companyAnswer }, next: { type: ['string', 'null'] } },
  ['items', 'next'],
);

const CHANGES = [
  'submitted',
  'approved',
  'rejected',
  'changed',
  'removed',
  'excise-set',
  'excise-ended',
  'imported',
  'import-updated',
] as const;

/** Every version of a company record with its date and author (REG-07). */
export const companyHistoryAnswer = objectOf(
  {
    companyId: str,
    revision,
    versions: {
      type: 'array',
      items: objectOf(
        {
          companyId: str,
          revision,
          at: dateTime,
          author: authorSchema,
          change: { type: 'string', enum: [...CHANGES] },
          fields: { type: 'array', items: str },
          reason: str,
          snapshot: snapshotSchema,
        },
        ['companyId', 'revision', 'at', 'author', 'change', 'fields', 'snapshot'],
      ),
    },
  },
  ['companyId', 'revision', 'versions'],
);

/** REG-06: the public check of one number (`PublicCheckAnswer` of @puesc/contracts). */
export const publicCheckAnswer = objectOf(
  {
    query: { ...str, description: 'the number as it was typed' },
    kind: { type: 'string', enum: ['eori', 'nip'] },
    registered: { type: 'boolean', description: 'a company registered here (approved, possibly since removed)' },
    valid: { type: 'boolean', description: 'its EORI is valid now' },
    eori,
    validFrom: dateTime,
    validTo: dateTime,
    name: { ...str, description: 'only when the company consented to publication (REG-06)' },
    problem: objectOf({ rule: str, reason: str }, ['rule', 'reason']),
  },
  ['query', 'registered', 'valid'],
);

export const publicCheckBatchAnswer = objectOf({ results: { type: 'array', items: publicCheckAnswer } }, ['results']);

const count = { type: 'integer', minimum: 0 } as const;

/** What a legacy import did or, in a dry run, would do (REG-08, ID-08). */
export const importReportAnswer = objectOf(
  {
    dryRun: { type: 'boolean' },
    total: count,
    created: count,
    updated: count,
    unchanged: count,
    rejected: {
      type: 'array',
      items: objectOf(
        {
          line: { type: 'integer', minimum: 1 },
          eori: str,
          legacyId: str,
          problems: {
            type: 'array',
            items: objectOf({ field: str, message: str, rule: str }, ['field', 'message']),
          },
        },
        ['line', 'problems'],
      ),
    },
  },
  ['dryRun', 'total', 'created', 'updated', 'unchanged', 'rejected'],
);

/** The AsyncAPI 3 document of the REGISTRY stream (LEG-01). */
export const asyncApiAnswer = {
  type: 'object',
  required: ['asyncapi', 'info', 'channels'],
  properties: {
    asyncapi: { type: 'string', pattern: '^3\\.' },
    info: { type: 'object' },
    channels: { type: 'object' },
  },
} as const;
