/** The shapes of status's answers and their JSON Schemas (the OpenAPI response of each route). */
import { NOTICE_SERVICES, schemas } from '@puesc/contracts';
import { retryAfterSeconds, type Unavailability } from './domain/availability';
import { phaseOf, type Notice, type Phase } from './domain/notice';

export interface NoticeView {
  id: string;
  kind: Notice['kind'];
  services: string[];
  from: string;
  until: string | null;
  reason: Notice['reason'];
  state: Notice['state'];
  phase: Phase;
  closedAt: string | null;
  announcedAt: string;
}

export const noticeView = (n: Notice, now: Date): NoticeView => ({
  id: n.id,
  kind: n.kind,
  services: n.services,
  from: n.from.toISOString(),
  until: n.until?.toISOString() ?? null,
  reason: n.reason,
  state: n.state,
  phase: phaseOf(n, now),
  closedAt: n.closedAt?.toISOString() ?? null,
  announcedAt: n.announcedAt.toISOString(),
});

export interface UnavailableView {
  service: string;
  kind: Notice['kind'];
  noticeId: string;
  since: string;
  until: string | null;
  retryAfterSeconds: number;
  reason: Notice['reason'];
}

export const unavailableView = (u: Unavailability, now: Date): UnavailableView => ({
  service: u.service,
  kind: u.kind,
  noticeId: u.noticeId,
  since: u.since.toISOString(),
  until: u.until?.toISOString() ?? null,
  retryAfterSeconds: retryAfterSeconds(u, now),
  reason: u.reason,
});

const nullableDateTime = { type: ['string', 'null'], format: 'date-time' } as const;
const reasonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['pl'],
  properties: { pl: { type: 'string' }, en: { type: 'string' } },
} as const;
const service = { type: 'string', enum: [...NOTICE_SERVICES] } as const;

export const noticeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'services', 'from', 'until', 'reason', 'state', 'phase', 'closedAt', 'announcedAt'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['maintenance', 'outage'] },
    services: { type: 'array', items: service },
    from: schemas.dateTime,
    until: nullableDateTime,
    reason: reasonSchema,
    state: { type: 'string', enum: ['announced', 'cancelled', 'ended', 'open', 'resolved'] },
    phase: { type: 'string', enum: ['upcoming', 'in-progress', 'over', 'cancelled'] },
    closedAt: nullableDateTime,
    announcedAt: schemas.dateTime,
  },
} as const;

export const unavailableSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['service', 'kind', 'noticeId', 'since', 'until', 'retryAfterSeconds', 'reason'],
  properties: {
    service,
    kind: { type: 'string', enum: ['maintenance', 'outage'] },
    noticeId: { type: 'string' },
    since: schemas.dateTime,
    until: nullableDateTime,
    retryAfterSeconds: { type: 'integer', minimum: 1 },
    reason: reasonSchema,
  },
} as const;

export const statusSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['at', 'available', 'unavailable', 'upcoming'],
  properties: {
    at: schemas.dateTime,
    available: { type: 'boolean', description: 'true when no service is unavailable now' },
    unavailable: { type: 'array', items: unavailableSchema },
    upcoming: { type: 'array', items: noticeSchema, description: 'planned maintenance still to come, nearest first' },
  },
} as const;

export const historySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: { items: { type: 'array', items: noticeSchema } },
} as const;
