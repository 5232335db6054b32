/**
 * JSON Schemas of seap: action params (with their types) and event payloads. The event schemas are
 * registered with `registerEventSchema`, so a payload is validated before it enters the outbox.
 * What the answers look like is in `views.ts`.
 */
import {
  AUTHORITY_DOCUMENT_KINDS,
  schemas,
  type DeliverDocumentRequest,
  type ListDocumentsQuery,
} from '@puesc/contracts';
import { eventType, registerEventSchema, type StreamSpec } from '@puesc/events';
import {
  AUTHORITY_ATTACHMENTS_MAX_BYTES,
  AUTHORITY_ATTACHMENTS_MAX_COUNT,
  AUTHORITY_ATTACHMENT_BASE64_MAX,
} from './domain/authorityDocument';
import { AVAILABLE, DELIVERED, RECEIVED } from './domain/document';
import { ATTACHMENT_KINDS, FORM_CODES, type AttachmentKind, type FormCode } from './domain/forms';
import { STATEMENT_AUTHENTICATIONS, type StatementAuthentication } from './domain/statements';

export { AVAILABLE, DELIVERED, RECEIVED };

export const SOURCE = '/seap';
export const TAGS = {
  forms: ['seap: forms'],
  desktop: ['seap: desktop'],
  upo: ['seap: UPO'],
  admin: ['seap: administration'],
};

export const SEAP_STREAM: StreamSpec = {
  name: 'SEAP',
  subjects: ['seap.>'],
  description:
    'Document intake facts: documents received (routed to their target service), authority documents made available and delivered (DOC-05..DOC-07).',
};

/** What the authority sends through seap (DOC-06): the contract's kinds. */
export const AUTHORITY_KINDS = AUTHORITY_DOCUMENT_KINDS;

const id = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' } as const;
export const { nullableString, dateTime } = schemas;
export const hex64 = { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'SHA-256, hex' } as const;
/** Pages beyond 10,000 (a million documents at the largest page size) are not listed: narrow the filter (issue 18 item 4). */
const page = { type: 'integer', minimum: 1, maximum: 10_000, default: 1, description: 'page number, from 1' } as const;
const limit = { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'page size' } as const;
const formCode = { type: 'string', enum: [...FORM_CODES] } as const;
const companyId = { ...id, description: 'the company you act for (your context); omit to act for yourself' } as const;

// ---- params ------------------------------------------------------------------------------------

export const { emptyParams } = schemas;
export const idParams = { type: 'object', additionalProperties: false, required: ['id'], properties: { id } } as const;
export interface IdParams {
  id: string;
}
export const formParams = {
  type: 'object',
  additionalProperties: false,
  required: ['code'],
  properties: { code: formCode },
} as const;
export interface FormParams {
  code: FormCode;
}

export const createDraftParams = {
  type: 'object',
  additionalProperties: false,
  required: ['formCode'],
  properties: {
    formCode,
    companyId,
    title: { type: 'string', minLength: 1, maxLength: 300 },
    content: { type: 'object', description: 'the form content so far; validated only on generate' },
  },
} as const;
export interface CreateDraftParams {
  formCode: FormCode;
  companyId?: string;
  title?: string;
  content?: Record<string, unknown>;
}

export const saveDraftParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id,
    title: { type: ['string', 'null'], maxLength: 300 },
    content: { type: 'object' },
    version: {
      type: 'integer',
      minimum: 1,
      maximum: 1_000_000_000,
      description: 'the version you read: a stale one is refused (409) instead of overwriting a newer save',
    },
  },
} as const;
export interface SaveDraftParams {
  id: string;
  content?: Record<string, unknown>;
  title?: string | null;
  version?: number;
}

export const listDraftsParams = {
  type: 'object',
  additionalProperties: false,
  properties: { companyId, formCode, page, limit },
} as const;
export interface ListDraftsParams {
  companyId?: string;
  formCode?: string;
  page?: number;
  limit?: number;
}

export const uploadFieldsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: { type: 'string', enum: [...ATTACHMENT_KINDS], description: 'what the attachment is' },
    name: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'file name to show (default: the uploaded file name)',
    },
    authentication: {
      type: 'string',
      enum: [...STATEMENT_AUTHENTICATIONS],
      description:
        'EUP-19, statements only: how the statement is authenticated (a PDF signed with a qualified signature or the trusted profile, a copy certified by an advocate, legal adviser, tax adviser or notary, or a scan whose paper original goes to the office)',
    },
  },
} as const;
export interface UploadFields {
  kind: AttachmentKind;
  name?: string;
  authentication?: StatementAuthentication;
}

export const uploadPathSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id },
} as const;

export const removeAttachmentParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'attachmentId'],
  properties: { id, attachmentId: id },
} as const;
export interface RemoveAttachmentParams {
  id: string;
  attachmentId: string;
}

export const listDocumentsParams = {
  type: 'object',
  additionalProperties: false,
  properties: {
    companyId,
    view: {
      type: 'string',
      enum: ['own', 'company'],
      default: 'own',
      description:
        '`own`: documents you sent or that were addressed to you; `company`: every document of the company (needs documents.view-all, ID-07)',
    },
    origin: { type: 'string', enum: ['client', 'authority'] },
    status: { type: 'string', enum: ['generated', 'received', 'available', 'delivered'] },
    kind: { type: 'string', enum: [...FORM_CODES, ...AUTHORITY_KINDS] },
    caseRef: { type: 'string', minLength: 1, maxLength: 100 },
    from: { ...dateTime, description: 'created at or after' },
    to: { ...dateTime, description: 'created before' },
    page,
    limit,
  },
} as const;
export type DocumentsView = 'own' | 'company';
export type ListDocumentsParams = ListDocumentsQuery;

export const listToSendParams = {
  type: 'object',
  additionalProperties: false,
  properties: { companyId, page, limit },
} as const;
export interface ListToSendParams {
  companyId?: string;
  page?: number;
  limit?: number;
}
export const listCasesParams = {
  type: 'object',
  additionalProperties: false,
  properties: { companyId, view: listDocumentsParams.properties.view },
} as const;
export interface ListCasesParams {
  companyId?: string;
  view?: DocumentsView;
}

export const sendParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id,
    signature: {
      type: 'string',
      maxLength: 200_000,
      description:
        'compact JWS over the generated bytes (docs/pki-signatures.md): customs certificate or qualified signature (x5c), or a trusted-profile assertion',
    },
  },
} as const;
export interface SendParams {
  id: string;
  signature?: string;
}

export const verifyUpoParams = {
  type: 'object',
  additionalProperties: false,
  required: ['upo'],
  properties: {
    upo: { type: 'string', minLength: 10, maxLength: 100_000, description: 'the UPO as a compact JWS' },
    document: {
      type: 'string',
      maxLength: 15_000_000,
      description: 'optionally the document bytes, base64: checked against the digest in the UPO',
    },
  },
} as const;
export interface VerifyUpoParams {
  upo: string;
  document?: string;
}

export const deliverParams = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'title', 'recipient', 'content', 'issuer'],
  properties: {
    kind: { type: 'string', enum: [...AUTHORITY_KINDS] },
    title: { type: 'string', minLength: 1, maxLength: 300 },
    recipient: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: { accountId: id, companyId: id },
    },
    caseRef: { type: 'string', minLength: 1, maxLength: 100 },
    content: { type: 'object' },
    contactEmail: schemas.email,
    issuer: {
      type: 'object',
      additionalProperties: false,
      required: ['service'],
      properties: {
        service: { type: 'string', minLength: 1, maxLength: 40 },
        office: { type: 'string', maxLength: 16 },
        name: { type: 'string', maxLength: 300 },
      },
    },
    externalId: {
      ...id,
      description: "the issuing service's id of the document: delivering it again returns the first delivery",
    },
    relatedDocumentId: { ...id, description: 'the client document this one answers (links it to the case)' },
    attachments: {
      type: 'array',
      maxItems: AUTHORITY_ATTACHMENTS_MAX_COUNT,
      description: `DOC-09: PDF files the document carries (DOC-04 checks; at most ${AUTHORITY_ATTACHMENTS_MAX_BYTES} bytes in all)`,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'contentBase64'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200 },
          kind: { type: 'string', enum: [...ATTACHMENT_KINDS] },
          contentBase64: { type: 'string', minLength: 1, maxLength: AUTHORITY_ATTACHMENT_BASE64_MAX },
        },
      },
    },
  },
} as const;
/** `seap.deliverDocument` as szprot calls it (the typed peer client of @puesc/contracts), DOC-09's attachments included. */
export type DeliverParams = DeliverDocumentRequest;
export type { DeliverAttachment } from '@puesc/contracts';

// ---- events ------------------------------------------------------------------------------------

const party = {
  type: ['object', 'null'],
  additionalProperties: false,
  required: ['companyId', 'eori', 'name'],
  properties: { companyId: { type: 'string' }, eori: nullableString, name: nullableString },
} as const;

const issuer = {
  type: 'object',
  additionalProperties: false,
  required: ['service', 'office', 'name'],
  properties: { service: { type: 'string' }, office: nullableString, name: nullableString },
} as const;

const recipient = {
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'companyId'],
  properties: { accountId: nullableString, companyId: nullableString },
} as const;

export const receivedEventSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'documentId',
    'form',
    'formVersion',
    'purpose',
    'target',
    'routeTo',
    'caseRef',
    'relatedDocumentId',
    'receivedAt',
    'sha256',
    'size',
    'submittedBy',
    'onBehalfOf',
    'signature',
    'upoId',
    'authority',
    'content',
    'attachments',
    'contactEmail',
  ],
  properties: {
    documentId: { type: 'string' },
    form: formCode,
    formVersion: { type: 'integer' },
    purpose: { type: ['string', 'null'], enum: ['grant', 'amend', 'suspend', 'revoke', null] },
    target: { type: 'string', enum: ['szprot', 'seap'] },
    routeTo: {
      type: 'string',
      description: 'the service that handles it (WDEUS01, WDWCO001 → szprot; DDS0001 → the owner of the case it names)',
    },
    caseRef: nullableString,
    relatedDocumentId: nullableString,
    receivedAt: { ...dateTime, description: 'the UPO time: when it entered the system (DL-03)' },
    sha256: hex64,
    size: { type: 'integer' },
    submittedBy: {
      type: 'object',
      additionalProperties: false,
      required: ['accountId', 'personId', 'name'],
      properties: { accountId: { type: 'string' }, personId: nullableString, name: nullableString },
    },
    onBehalfOf: party,
    signature: {
      type: 'object',
      additionalProperties: false,
      required: ['method', 'signer', 'signerPersonId', 'signedAt', 'certificateSerial'],
      properties: {
        method: { type: 'string' },
        signer: nullableString,
        signerPersonId: nullableString,
        signedAt: dateTime,
        certificateSerial: nullableString,
      },
    },
    upoId: { type: 'string' },
    authority: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'name'],
      properties: { code: { type: 'string' }, name: { type: 'string' } },
    },
    content: { type: 'object', description: 'the form content as generated and signed' },
    attachments: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'kind', 'size', 'sha256'],
        properties: {
          id: { type: 'string' },
          name: { type: 'string' },
          kind: { type: 'string' },
          size: { type: 'integer' },
          sha256: hex64,
          authentication: {
            type: 'string',
            enum: [...STATEMENT_AUTHENTICATIONS],
            description: 'EUP-19: how a statement is authenticated, as the client declared it (statements only)',
          },
        },
      },
    },
    contactEmail: nullableString,
  },
} as const;

export const availableEventSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'documentId',
    'kind',
    'title',
    'caseRef',
    'recipient',
    'contactEmail',
    'availableAt',
    'deemedDeliveryAt',
    'issuer',
    'externalId',
    'relatedDocumentId',
  ],
  properties: {
    documentId: { type: 'string' },
    kind: { type: 'string', enum: [...AUTHORITY_KINDS] },
    title: { type: 'string' },
    caseRef: nullableString,
    recipient,
    contactEmail: {
      type: ['string', 'null'],
      description: "the application's contact person (NOT-01); the account's own address is identity's",
    },
    availableAt: dateTime,
    deemedDeliveryAt: { ...dateTime, description: 'when it is deemed delivered if not opened (DOC-07)' },
    issuer,
    externalId: nullableString,
    relatedDocumentId: nullableString,
  },
} as const;

export const deliveredEventSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'documentId',
    'kind',
    'caseRef',
    'recipient',
    'availableAt',
    'deliveredAt',
    'deemed',
    'openedBy',
    'issuer',
    'externalId',
  ],
  properties: {
    documentId: { type: 'string' },
    kind: { type: 'string', enum: [...AUTHORITY_KINDS] },
    caseRef: nullableString,
    recipient,
    availableAt: dateTime,
    deliveredAt: {
      ...dateTime,
      description:
        'the delivery instant: when opened, or the end of the SEAP_DEEMED_DELIVERY_DAYS-th day (14 by default) after it was made available (DOC-07); the appeal clock starts from it (EUP-08)',
    },
    deemed: { type: 'boolean' },
    openedBy: { type: ['string', 'null'], description: 'account that opened it (null when deemed)' },
    issuer,
    externalId: nullableString,
  },
} as const;

export const EVENT_SCHEMAS: Record<string, object> = {
  [RECEIVED]: receivedEventSchema,
  [AVAILABLE]: availableEventSchema,
  [DELIVERED]: deliveredEventSchema,
};

export function registerSeapEventSchemas(): void {
  for (const [subject, schema] of Object.entries(EVENT_SCHEMAS)) registerEventSchema(eventType(subject, 1), schema);
}
