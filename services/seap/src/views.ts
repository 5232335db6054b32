/**
 * What seap's answers look like: the reply schemas of the OpenAPI document, and the functions that
 * turn stored drafts and documents into those answers.
 */
import { notFound } from '@puesc/kernel';
import type { Doc } from '@puesc/store';
import { dateTime, hex64, nullableString } from './contracts';
import type { AttachmentRef, DocumentDoc } from './domain/document';
import { ATTACHMENT_KIND_LABELS, type FormDefinition } from './domain/forms';
import { STATEMENT_AUTHENTICATIONS } from './domain/statements';
import type { Upo } from './domain/upo';
import type { DraftDoc, Page } from './store';

// ---- reply schemas (OpenAPI; issue 16: every member named, nothing else) ----------------------

/** An object whose members are all present unless listed as optional, and nothing else. */
const strict = <P extends Record<string, object>>(properties: P, optional: readonly (keyof P)[] = []) => ({
  type: 'object',
  additionalProperties: false,
  required: Object.keys(properties).filter((k) => !optional.includes(k)),
  properties,
});

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const nullableBoolean = { type: ['boolean', 'null'] } as const;
const anyObject = { type: 'object' } as const;

export const attachmentView = strict(
  {
    id: str,
    name: str,
    kind: str,
    size: int,
    sha256: hex64,
    mediaType: { type: 'string', enum: ['application/pdf'] },
    authentication: {
      type: 'string',
      enum: [...STATEMENT_AUTHENTICATIONS],
      description: 'EUP-19, statements only: how the statement is authenticated, as declared',
    },
  },
  ['authentication'],
);

export const formSummaryView = strict({
  code: str,
  version: int,
  name: str,
  title: str,
  target: { type: 'string', enum: ['szprot', 'seap'] },
  purposes: { type: 'array', items: str },
  description: str,
});

export const formView = strict({
  ...formSummaryView.properties,
  requiresCompany: { type: 'boolean' },
  attachmentKinds: { type: 'array', items: strict({ value: str, label: str }) },
  attachments: strict({ mediaType: str, maxTotalBytes: int }),
  schema: {
    type: 'object',
    description: 'JSON Schema (draft-07) of the content; `x-help` holds each field’s help text',
  },
});

export const draftView = strict({
  id: str,
  version: int,
  formCode: str,
  companyId: nullableString,
  title: nullableString,
  content: anyObject,
  attachments: { type: 'array', items: attachmentView },
  attachmentsBytes: int,
  attachmentsLimitBytes: { ...int, description: 'DOC-04: what the attachments of one document may total' },
  generated: { type: 'array', items: str },
  createdAt: dateTime,
  updatedAt: dateTime,
});

const partyView = {
  ...strict({ companyId: str, eori: nullableString, name: nullableString }),
  type: ['object', 'null'],
};
const issuerView = strict({ service: str, office: nullableString, name: nullableString });

const deliveryView = {
  ...strict({
    availableAt: dateTime,
    deemedDeliveryAt: { ...dateTime, description: 'deemed delivered then if not opened (DOC-07)' },
    openedAt: nullableDateTime,
    deliveredAt: nullableDateTime,
    deemed: nullableBoolean,
    issuer: issuerView,
  }),
  type: ['object', 'null'],
};

const documentMembers = {
  id: str,
  origin: { type: 'string', enum: ['client', 'authority'] },
  status: { type: 'string', enum: ['generated', 'received', 'duplicate', 'available', 'delivered'] },
  kind: str,
  title: str,
  companyId: nullableString,
  onBehalfOf: partyView,
  caseRef: nullableString,
  target: nullableString,
  purpose: nullableString,
  authority: { ...strict({ code: str, name: str }), type: ['object', 'null'] },
  sha256: hex64,
  size: int,
  attachments: { type: 'array', items: attachmentView },
  createdAt: dateTime,
  receivedAt: nullableDateTime,
  upoId: nullableString,
  duplicateOf: nullableString,
  delivery: deliveryView,
  sentBy: { ...strict({ accountId: nullableString, personId: nullableString }), type: ['object', 'null'] },
};

/** A document in a list. */
export const documentSummaryView = strict(documentMembers);

/** One document with its content (and, by its state, the authority's signature or the bytes to sign). */
export const documentView = strict(
  {
    ...documentMembers,
    content: anyObject,
    signature: { ...str, description: 'authority documents: the platform’s JWS (typ authority-document+json)' },
    canonicalBase64: { ...str, description: 'generated documents: the frozen bytes to sign' },
    sha256B64u: { ...str, description: 'generated documents: SHA-256 of those bytes, base64url' },
  },
  ['signature', 'canonicalBase64', 'sha256B64u'],
);

export const pageView = (item: object) =>
  strict({
    items: { type: 'array', items: item },
    page: int,
    limit: int,
    total: int,
  });

export const casesView = {
  type: 'array',
  items: strict({ caseRef: str, documents: { type: 'array', items: documentSummaryView }, lastActivityAt: dateTime }),
} as const;

/** The UPO as signed (DOC-05): the contract's `Upo` of @puesc/contracts. */
export const upoPayloadView = strict({
  schema: { type: 'string', enum: ['puesc-upo-v1'] },
  upoId: str,
  issuer: str,
  authority: strict({ code: str, name: str }),
  receivedAt: dateTime,
  receivedAtWarsaw: str,
  document: strict({
    id: str,
    form: str,
    formName: str,
    purpose: nullableString,
    title: str,
    caseRef: nullableString,
    sha256: hex64,
    size: int,
  }),
  attachments: { type: 'array', items: strict({ name: str, kind: str, size: int, sha256: hex64 }) },
  submitter: strict({ accountId: str, personId: nullableString, name: nullableString }),
  onBehalfOf: partyView,
  signature: strict({
    method: str,
    signer: nullableString,
    signedAt: dateTime,
    certificateSerial: nullableString,
  }),
});

export const upoView = strict({ id: str, kid: str, jws: str, payload: upoPayloadView });

export const receiptView = strict({
  document: documentSummaryView,
  upo: upoView,
  duplicate: { type: 'boolean', description: 'true when this submission was already received (DOC-08)' },
});

export const jwksView = strict({
  keys: {
    type: 'array',
    items: strict({
      kty: { type: 'string', enum: ['EC'] },
      crv: { type: 'string', enum: ['P-256'] },
      x: str,
      y: str,
      kid: str,
      alg: { type: 'string', enum: ['ES256'] },
      use: { type: 'string', enum: ['sig'] },
    }),
  },
});

export const verificationView = {
  oneOf: [
    strict(
      {
        valid: { type: 'boolean', enum: [true] },
        kid: str,
        upo: upoPayloadView,
        documentMatches: { type: 'boolean', description: 'present when `document` was given' },
      },
      ['documentMatches'],
    ),
    strict({
      valid: { type: 'boolean', enum: [false] },
      reason: { type: 'string', enum: ['malformed', 'unknown-key', 'bad-signature', 'wrong-type'] },
      detail: str,
    }),
  ],
} as const;

export const rotationView = strict({
  kid: { ...str, description: 'the key that signs from now on' },
  retired: { type: 'array', items: str, description: 'the keys that signed until now (still published)' },
});

// ---- answers -------------------------------------------------------------------------------------

export const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export const attachmentOut = (a: AttachmentRef) => ({
  id: a.id,
  name: a.name,
  kind: a.kind,
  size: a.size,
  sha256: a.sha256,
  mediaType: a.mediaType,
  ...(a.authentication ? { authentication: a.authentication } : {}),
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
