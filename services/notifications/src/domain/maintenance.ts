/**
 * DOC-10: planned maintenance announced (`status.maintenance.announced`, the status service's
 * STATUS stream, payload of @puesc/contracts STATUS_EVENTS): every account holder is told by
 * e-mail, in advance, which services will be unavailable, from when until when and why. The
 * addressees are not in the event: the workflow asks identity for every active account (app/broadcast.ts).
 */
import type { DecodeContext, Decoded, EventIn } from './intents';
import { iso, s, subjectOf } from './payload';

export function maintenanceAnnounced(e: EventIn, ctx: DecodeContext): Decoded {
  const d = e.data;
  const services = (Array.isArray(d['services']) ? d['services'] : [d['service']]).map(s).filter(Boolean) as string[];
  const from = iso(d['from']);
  const until = iso(d['until']);
  const reason = s(d['reason']);
  if (!services.length || !from || !until || !reason)
    return { kind: 'invalid', reason: `${subjectOf(e)} without services, from, until and reason` };
  if (Date.parse(until) <= Date.parse(from))
    return { kind: 'invalid', reason: `${subjectOf(e)}: the maintenance ends (${until}) before it starts (${from})` };
  return {
    kind: 'intent',
    intent: {
      sourceKey: e.id,
      eventId: e.id,
      eventType: subjectOf(e),
      template: 'maintenance-announced',
      params: {
        noticeId: s(d['noticeId']),
        services: services.join(','),
        from,
        until,
        reason,
        reasonEn: s(d['reasonEn']),
        url: ctx.publicUrl,
      },
      targets: [],
      audience: 'every-account',
      inApp: false,
      office: null,
      caseRef: null,
      deadlineId: null,
    },
  };
}

/** DOC-10: a cancelled maintenance (`status.maintenance.cancelled`): its announcement is no longer sent. */
export function maintenanceCancelled(e: EventIn): Decoded {
  const noticeId = s(e.data['noticeId']);
  return noticeId
    ? { kind: 'cancel-notice', noticeId }
    : { kind: 'invalid', reason: `${subjectOf(e)} without noticeId` };
}
