/**
 * JSON Schemas of the notifications service: action params (with their types) and replies (for the
 * OpenAPI document). What it consumes is listed here (CONSUMED) and declared on the module (index.ts); the payloads it reads are
 * described in docs/notifications.md.
 */
import { schemas, STATUS_STREAM } from '@puesc/contracts';
import { DELIVERY_STATES, SUBJECTS, type DeliveryState, type Locale, type TemplateId } from './domain';
import { TEMPLATES } from './domain/templates';

/** One durable consumer per producer: identity's e-mails, seap's documents (NOT-01), szprot's deadlines (NOT-02), status notices (DOC-10). */
export const CONSUMED = [
  { stream: 'IDENTITY', durable: 'notifications-identity', subjects: [SUBJECTS.mailRequested] },
  { stream: 'SEAP', durable: 'notifications-seap', subjects: [SUBJECTS.documentAvailable, SUBJECTS.documentDelivered] },
  {
    stream: 'SZPROT',
    durable: 'notifications-szprot',
    // EUP-20: the VAT statement about to lapse is a reminder too.
    subjects: ['szprot.deadline.>', SUBJECTS.decisionIssued, SUBJECTS.vatStatementExpiring],
  },
  // DOC-10: planned maintenance, told to every account holder.
  {
    stream: STATUS_STREAM.name,
    durable: 'notifications-status',
    subjects: [SUBJECTS.maintenanceAnnounced, SUBJECTS.maintenanceCancelled],
  },
];

const page = {
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50, description: 'page size' },
  offset: { type: 'integer', minimum: 0, maximum: 100_000, default: 0, description: 'items to skip' },
} as const;

const id = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } as const;

export const listDeliveriesParams = {
  type: 'object',
  additionalProperties: false,
  properties: {
    state: { type: 'string', enum: [...DELIVERY_STATES], description: 'only deliveries in this state' },
    recipient: { type: 'string', minLength: 3, maxLength: 254, description: 'only e-mails to this address' },
    eventType: {
      type: 'string',
      pattern: '^[a-z0-9.-]{3,120}$',
      description: 'the event subject (seap.document.available) or CloudEvent type (puesc.seap.document.available.v1)',
    },
    template: { type: 'string', enum: [...TEMPLATES, 'unknown'] },
    eventId: { type: 'string', minLength: 1, maxLength: 200 },
    ...page,
  },
} as const;

export interface ListDeliveriesParams {
  state?: DeliveryState;
  recipient?: string;
  eventType?: string;
  template?: TemplateId | 'unknown';
  eventId?: string;
  limit?: number;
  offset?: number;
}

export const idParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id },
} as const;
export interface IdParams {
  id: string;
}

export const listMineParams = {
  type: 'object',
  additionalProperties: false,
  properties: {
    unread: { type: 'boolean', description: 'only notifications not yet marked read' },
    locale: { type: 'string', enum: ['pl', 'en'], description: 'language of title and summary (default: as e-mailed)' },
    ...page,
  },
} as const;

export interface ListMineParams {
  unread?: boolean;
  locale?: Locale;
  limit?: number;
  offset?: number;
}

export const emptyParams = schemas.emptyParams;

const { dateTime, nullable } = schemas;
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const count = { type: 'integer', minimum: 0 } as const;
/** An object with exactly these properties, all of them present (the views always set each one). */
const exactly = <P extends Record<string, object>>(properties: P, optional: readonly (keyof P)[] = []) =>
  ({
    type: 'object',
    additionalProperties: false,
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
  }) as const;

/** One delivery of the e-mail log (views.ts toDeliveryView): never a message body or a code. */
export const deliveryView = exactly({
  id: { type: 'string' },
  eventId: nullable('string'),
  eventType: { type: 'string', description: 'the event subject, or notifications.reminder' },
  template: { type: 'string', enum: [...TEMPLATES, 'unknown'] },
  locale: { type: 'string', enum: ['pl', 'en'] },
  recipient: nullable('string'),
  recipientRole: { type: 'string', enum: ['account', 'contact', 'addressee', 'officer', 'office'] },
  accountId: nullable('string'),
  subject: { type: 'string' },
  messageId: { type: 'string', description: 'RFC 5322 Message-ID, fixed per delivery' },
  state: { type: 'string', enum: [...DELIVERY_STATES] },
  attempts: count,
  maxAttempts: { type: 'integer', minimum: 1 },
  nextAttemptAt: nullableDateTime,
  lastError: nullable('string'),
  history: {
    type: 'array',
    items: exactly(
      {
        attempt: count,
        at: dateTime,
        ok: { type: 'boolean' },
        error: { type: 'string' },
        responseCode: { type: 'integer', description: 'the SMTP reply code' },
        code: { type: 'string', description: 'the transport error code (ECONNECTION, ETIMEDOUT, …)' },
      },
      ['error', 'responseCode', 'code'],
    ),
  },
  office: nullable('string'),
  caseRef: nullable('string'),
  createdAt: dateTime,
  sentAt: nullableDateTime,
  failedAt: nullableDateTime,
});

export const deliveryPage = exactly({
  items: { type: 'array', items: deliveryView },
  total: count,
  limit: { type: 'integer', minimum: 1 },
  offset: count,
});

/** One in-app notification (views.ts toNotificationView): what arrived and where, never a document or a code. */
export const notificationView = exactly({
  id: { type: 'string' },
  kind: { type: 'string', enum: [...TEMPLATES] },
  title: { type: 'string' },
  summary: { type: 'string' },
  link: nullable('string'),
  caseRef: nullable('string'),
  createdAt: dateTime,
  readAt: nullableDateTime,
  read: { type: 'boolean' },
});

export const notificationPage = exactly({
  items: { type: 'array', items: notificationView },
  total: count,
  unread: count,
  limit: { type: 'integer', minimum: 1 },
  offset: count,
});
