/**
 * JSON Schemas of seap: action params, replies (for the OpenAPI document) and event payloads. The
 * event schemas are registered with `registerEventSchema`, so a payload is validated before it
 * enters the outbox.
 */
import { eventType, registerEventSchema, type StreamSpec } from '@puesc/events';
import { ATTACHMENT_KINDS, FORM_CODES } from './domain/forms';

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

export const RECEIVED = 'seap.document.received';
export const AVAILABLE = 'seap.document.available';
export const DELIVERED = 'seap.document.delivered';

export const AUTHORITY_KINDS = ['call-to-complete', 'information', 'permit', 'refusal', 'decision'] as const;

const id = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' } as const;
const nullableString = { type: ['string', 'null'] } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const hex64 = { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'SHA-256, hex' } as const;
const page = { type: 'integer', minimum: 1, default: 1, description: 'page number, from 1' } as const;
const limit = { type: 'integer', minimum: 1, maximum: 100, default: 20, description: 'page size' } as const;
const formCode = { type: 'string', enum: [...FORM_CODES] } as const;
const companyId = { ...id, description: 'the company you act for (your context); omit to act for yourself' } as const;

// ---- params ------------------------------------------------------------------------------------

export const emptyParams = { type: 'object', additionalProperties: false, properties: {} } as const;
export const idParams = { type: 'object', additionalProperties: false, required: ['id'], properties: { id } } as const;
export const formParams = {
  type: 'object',
  additionalProperties: false,
  required: ['code'],
  properties: { code: formCode },
} as const;

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
      description: 'the version you read: a stale one is refused (409) instead of overwriting a newer save',
    },
  },
} as const;

export const listDraftsParams = {
  type: 'object',
  additionalProperties: false,
  properties: { companyId, formCode, page, limit },
} as const;

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
  },
} as const;

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

export const listToSendParams = {
  type: 'object',
  additionalProperties: false,
  properties: { companyId, page, limit },
} as const;
export const listCasesParams = {
  type: 'object',
  additionalProperties: false,
  properties: { companyId, view: listDocumentsParams.properties.view },
} as const;

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
    contactEmail: { type: 'string', format: 'email', maxLength: 254 },
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
  },
} as const;

// ---- replies (OpenAPI) -------------------------------------------------------------------------

const attachmentView = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string' },
    size: { type: 'integer' },
    sha256: hex64,
    mediaType: { type: 'string' },
  },
} as const;

export const formSummaryView = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    version: { type: 'integer' },
    name: { type: 'string' },
    title: { type: 'string' },
    target: { type: 'string', enum: ['szprot', 'seap'] },
    purposes: { type: 'array', items: { type: 'string' } },
    description: { type: 'string' },
  },
} as const;

export const formView = {
  ...formSummaryView,
  properties: {
    ...formSummaryView.properties,
    schema: {
      type: 'object',
      description: 'JSON Schema (draft-07) of the content; `x-help` holds each field’s help text',
    },
    attachmentKinds: { type: 'array', items: { type: 'object' } },
    requiresCompany: { type: 'boolean' },
  },
} as const;

export const draftView = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    version: { type: 'integer' },
    formCode: { type: 'string' },
    companyId: nullableString,
    title: nullableString,
    content: { type: 'object' },
    attachments: { type: 'array', items: attachmentView },
    attachmentsBytes: { type: 'integer' },
    generated: { type: 'array', items: { type: 'string' } },
    createdAt: dateTime,
    updatedAt: dateTime,
  },
} as const;

export const documentView = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    origin: { type: 'string', enum: ['client', 'authority'] },
    status: { type: 'string' },
    kind: { type: 'string' },
    title: { type: 'string' },
    companyId: nullableString,
    caseRef: nullableString,
    target: nullableString,
    authority: { type: ['object', 'null'] },
    sha256: hex64,
    size: { type: 'integer' },
    attachments: { type: 'array', items: attachmentView },
    createdAt: dateTime,
    receivedAt: { type: ['string', 'null'], format: 'date-time' },
    upoId: nullableString,
    delivery: { type: ['object', 'null'] },
    content: { type: 'object' },
    canonicalBase64: { type: 'string', description: 'the frozen bytes to sign (generate / to-send)' },
  },
} as const;

export const pageView = (item: object) => ({
  type: 'object',
  properties: {
    items: { type: 'array', items: item },
    page: { type: 'integer' },
    limit: { type: 'integer' },
    total: { type: 'integer' },
  },
});

export const receiptView = {
  type: 'object',
  properties: {
    document: documentView,
    upo: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        kid: { type: 'string' },
        jws: { type: 'string' },
        payload: { type: 'object' },
      },
    },
    duplicate: { type: 'boolean', description: 'true when this submission was already received (DOC-08)' },
  },
} as const;

export const jwksView = {
  type: 'object',
  required: ['keys'],
  properties: {
    keys: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          kty: { type: 'string' },
          kid: { type: 'string' },
          crv: { type: 'string' },
          x: { type: 'string' },
          y: { type: 'string' },
        },
      },
    },
  },
} as const;

export const verificationView = {
  type: 'object',
  required: ['valid'],
  properties: {
    valid: { type: 'boolean' },
    reason: { type: 'string', enum: ['malformed', 'unknown-key', 'bad-signature', 'wrong-type'] },
    detail: { type: 'string' },
    kid: { type: 'string' },
    upo: { type: 'object' },
    documentMatches: { type: 'boolean' },
  },
} as const;

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
      description: 'opened, or deemed at the end of the 14th day (DOC-07); starts the appeal clock (EUP-08)',
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
