/**
 * JSON Schemas of the notifications service: action params (with their types) and replies (for the
 * OpenAPI document). What it consumes is declared in consumers.ts; the payloads it reads are
 * described in docs/notifications.md.
 */
import { DELIVERY_STATES, type DeliveryState, type Locale, type TemplateId } from './domain';
import { TEMPLATES } from './domain/templates';

export { CONSUMERS } from './consumers';

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

export const emptyParams = { type: 'object', additionalProperties: false, properties: {} } as const;

const dateTime = { type: 'string', format: 'date-time' } as const;
const nullable = (t: string) => ({ type: [t, 'null'] }) as const;

export const deliveryView = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    eventId: nullable('string'),
    eventType: { type: 'string' },
    template: { type: 'string' },
    locale: { type: 'string' },
    recipient: nullable('string'),
    recipientRole: { type: 'string' },
    accountId: nullable('string'),
    subject: { type: 'string' },
    messageId: { type: 'string' },
    state: { type: 'string', enum: [...DELIVERY_STATES] },
    attempts: { type: 'integer' },
    maxAttempts: { type: 'integer' },
    nextAttemptAt: nullable('string'),
    lastError: nullable('string'),
    history: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          attempt: { type: 'integer' },
          at: dateTime,
          ok: { type: 'boolean' },
          error: { type: 'string' },
          responseCode: { type: 'integer' },
        },
      },
    },
    office: nullable('string'),
    caseRef: nullable('string'),
    createdAt: dateTime,
    sentAt: nullable('string'),
    failedAt: nullable('string'),
  },
} as const;

export const deliveryPage = {
  type: 'object',
  properties: {
    items: { type: 'array', items: deliveryView },
    total: { type: 'integer' },
    limit: { type: 'integer' },
    offset: { type: 'integer' },
  },
} as const;

export const notificationView = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    title: { type: 'string' },
    summary: { type: 'string' },
    link: nullable('string'),
    caseRef: nullable('string'),
    createdAt: dateTime,
    readAt: nullable('string'),
    read: { type: 'boolean' },
  },
} as const;

export const notificationPage = {
  type: 'object',
  properties: {
    items: { type: 'array', items: notificationView },
    total: { type: 'integer' },
    unread: { type: 'integer' },
    limit: { type: 'integer' },
    offset: { type: 'integer' },
  },
} as const;
