/**
 * The STATUS stream (DOC-10, "Sytuacje nadzwyczajne"): planned maintenance and outages of the
 * platform's services, as the status service publishes them, notifications turns the
 * announcement into an e-mail and the gateways read which services are unavailable.
 */
import { defineEvents, type StreamContract } from '../events';
import { dateTime } from '../schemas';

export const STATUS_STREAM: StreamContract = {
  name: 'STATUS',
  subjects: ['status.>'],
  description: 'service availability: planned maintenance announced, cancelled; outages recorded, resolved',
};

/** The services a notice may name: the ones behind the public API. */
export const NOTICE_SERVICES = ['identity', 'registry', 'pki', 'seap', 'szprot', 'notifications'] as const;
export type NoticeService = (typeof NOTICE_SERVICES)[number];

/** The moment every gateway re-reads the availability (a Moleculer broadcast, not durable). */
export const STATUS_CHANGED_BROADCAST = 'status.changed';

const notice = {
  noticeId: { type: 'string', description: 'the notice id' },
  services: {
    type: 'array',
    minItems: 1,
    items: { type: 'string', enum: [...NOTICE_SERVICES] },
    description: 'the services that are or will be unavailable',
  },
  from: dateTime,
  reason: { type: 'string', description: 'why, in Polish, as the client is told' },
} as const;

export const STATUS_EVENTS = defineEvents({
  'status.maintenance.announced': {
    title: 'Planned maintenance announced',
    description:
      'DOC-10: maintenance of the named services was announced in advance; clients are told by e-mail. `until` is when the services are back.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['noticeId', 'services', 'from', 'until', 'reason'],
      properties: { ...notice, until: dateTime, reasonEn: { type: 'string' } },
    },
  },
  'status.maintenance.cancelled': {
    title: 'Planned maintenance cancelled',
    description: 'DOC-10: an announced maintenance will not take place.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['noticeId', 'services', 'from', 'until'],
      properties: { noticeId: notice.noticeId, services: notice.services, from: dateTime, until: dateTime },
    },
  },
  'status.outage.recorded': {
    title: 'Outage recorded',
    description: 'DOC-10: the named services are unavailable since `from`; `until` is the expected end, if known.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['noticeId', 'services', 'from', 'reason'],
      properties: { ...notice, until: dateTime, reasonEn: { type: 'string' } },
    },
  },
  'status.outage.resolved': {
    title: 'Outage resolved',
    description: 'DOC-10: the services of an outage are available again since `resolvedAt`.',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['noticeId', 'services', 'resolvedAt'],
      properties: { noticeId: notice.noticeId, services: notice.services, resolvedAt: dateTime },
    },
  },
});
