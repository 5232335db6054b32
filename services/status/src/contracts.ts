/** The params of status's actions and its events. */
import { registerEventCatalogue } from '@puesc/events';
import { NOTICE_SERVICES, STATUS_EVENTS, schemas, type NoticeService } from '@puesc/contracts';

const services = {
  type: 'array',
  minItems: 1,
  maxItems: NOTICE_SERVICES.length,
  uniqueItems: true,
  items: { type: 'string', enum: [...NOTICE_SERVICES] },
  description: 'the services that will be (or are) unavailable',
} as const;

const reason = {
  type: 'object',
  additionalProperties: false,
  required: ['pl'],
  properties: {
    pl: { type: 'string', minLength: 3, maxLength: 500, description: 'what the client is told, in Polish' },
    en: { type: 'string', minLength: 3, maxLength: 500, description: 'the same in English' },
  },
} as const;

export const announceParams = {
  type: 'object',
  additionalProperties: false,
  required: ['services', 'from', 'until', 'reason'],
  properties: { services, from: schemas.dateTime, until: schemas.dateTime, reason },
} as const;

export const outageParams = {
  type: 'object',
  additionalProperties: false,
  required: ['services', 'reason'],
  properties: {
    services,
    from: { ...schemas.dateTime, description: 'when it began (default: now)' },
    until: { ...schemas.dateTime, description: 'expected end, if known' },
    reason,
  },
} as const;

export const noticeIdParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } },
} as const;

export const historyParams = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  },
} as const;

export const { emptyParams } = schemas;

export interface AnnounceParams {
  services: NoticeService[];
  from: string;
  until: string;
  reason: { pl: string; en?: string };
}
export interface OutageParams {
  services: NoticeService[];
  from?: string;
  until?: string;
  reason: { pl: string; en?: string };
}
export interface NoticeIdParams {
  id: string;
}
export interface HistoryParams {
  limit?: number;
}

export function registerStatusEventSchemas(): void {
  registerEventCatalogue(STATUS_EVENTS);
}
