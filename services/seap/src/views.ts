/**
 * What seap's answers look like: the reply schemas of the OpenAPI document, and the functions that
 * turn stored drafts and documents into those answers.
 */
import { notFound } from '@puesc/kernel';
import type { Doc } from '@puesc/store';
import { dateTime, hex64, nullableString } from './contracts';
import type { AttachmentRef, DocumentDoc } from './domain/document';
import { ATTACHMENT_KIND_LABELS, type FormDefinition } from './domain/forms';
import type { Upo } from './domain/upo';
import type { DraftDoc, Page } from './store';

// ---- reply schemas (OpenAPI) -------------------------------------------------------------------

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

// ---- answers -------------------------------------------------------------------------------------

export const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export const attachmentOut = (a: AttachmentRef) => ({
  id: a.id,
  name: a.name,
  kind: a.kind,
  size: a.size,
  sha256: a.sha256,
  mediaType: a.mediaType,
});

/** A draft with what its attachments total and may total (DOC-04). */
export const draftOut = (d: Doc<DraftDoc>, attachmentsLimitBytes: number) => ({
  id: d._id,
  version: d.version,
  formCode: d.formCode,
  companyId: d.companyId,
  title: d.title,
  content: d.content,
  attachments: d.attachments.map(attachmentOut),
  attachmentsBytes: d.attachments.reduce((s, a) => s + a.size, 0),
  attachmentsLimitBytes,
  generated: d.generated,
  createdAt: iso(d.createdAt),
  updatedAt: iso(d.updatedAt),
});

const deliveryOut = (doc: DocumentDoc) =>
  doc.delivery
    ? {
        availableAt: iso(doc.delivery.availableAt),
        deemedDeliveryAt: iso(doc.delivery.deemedAt),
        openedAt: iso(doc.delivery.openedAt),
        deliveredAt: iso(doc.delivery.deliveredAt),
        deemed: doc.delivery.deemed,
        issuer: doc.delivery.issuer,
      }
    : null;

/** A document in a list; `detail` adds its content, its authority signature or its bytes to sign. */
export function documentOut(doc: DocumentDoc, detail = false) {
  const base = {
    id: doc._id,
    origin: doc.origin,
    status: doc.status,
    kind: doc.kind,
    title: doc.title,
    companyId: doc.companyId,
    onBehalfOf: doc.onBehalfOf,
    caseRef: doc.caseRef,
    target: doc.target,
    purpose: doc.purpose,
    authority: doc.authority,
    sha256: doc.sha256,
    size: doc.size,
    attachments: doc.attachments.map(attachmentOut),
    createdAt: iso(doc.createdAt),
    receivedAt: iso(doc.receivedAt),
    upoId: doc.upoId,
    duplicateOf: doc.duplicateOf,
    delivery: deliveryOut(doc),
    sentBy: doc.origin === 'client' ? { accountId: doc.accountId, personId: doc.personId } : null,
  };
  if (!detail) return base;
  return {
    ...base,
    content: doc.content,
    ...(doc.origin === 'authority' && doc.delivery ? { signature: doc.delivery.jws } : {}),
    ...(doc.status === 'generated'
      ? { canonicalBase64: doc.canonical, sha256B64u: Buffer.from(doc.sha256, 'hex').toString('base64url') }
      : {}),
  };
}

export type DocumentOut = ReturnType<typeof documentOut>;

export const pageOut = <T, U>(p: Page<T>, item: (d: Doc<T>) => U) => ({ ...p, items: p.items.map(item) });

export interface UpoOut {
  id: string;
  kid: string;
  jws: string;
  payload: Upo;
}

/** The UPO of a received document, with its payload read from the JWS (DOC-05). */
export const upoOf = (doc: DocumentDoc): UpoOut => {
  if (!doc.upo || !doc.upoId) throw notFound('UPO of document', doc._id);
  const payload = JSON.parse(Buffer.from(doc.upo.jws.split('.')[1]!, 'base64url').toString('utf8')) as Upo;
  return { id: doc.upoId, kid: doc.upo.kid, jws: doc.upo.jws, payload };
};

/** The answer of sending: the document, its UPO, and whether it had been received before (DOC-08). */
export const receiptOf = (doc: DocumentDoc, duplicate: boolean) => ({
  document: documentOut(doc),
  upo: upoOf(doc),
  duplicate,
});

export type ReceiptOut = ReturnType<typeof receiptOf>;

export const formSummaryOut = ({ code, version, name, title, target, purposes, description }: FormDefinition) => ({
  code,
  version,
  name,
  title,
  target,
  purposes: purposes ?? [],
  description,
});

export const formOut = (f: FormDefinition, attachmentsMaxBytes: number) => ({
  code: f.code,
  version: f.version,
  name: f.name,
  title: f.title,
  target: f.target,
  purposes: f.purposes ?? [],
  description: f.description,
  requiresCompany: f.requiresCompany,
  attachmentKinds: f.attachmentKinds.map((k) => ({ value: k, label: ATTACHMENT_KIND_LABELS[k] })),
  attachments: { mediaType: 'application/pdf', maxTotalBytes: attachmentsMaxBytes },
  schema: f.schema,
});
