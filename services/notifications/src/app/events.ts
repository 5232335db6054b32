import type { CloudEvent, Delivery } from '@puesc/events';
import { decodeEvent } from '../domain';
import { cancelNotice } from './broadcast';
import { closeDeadlines, trackDeadline } from './deadlines';
import type { NotificationsDeps } from './deps';
import { recordIntent, recordUnusable } from './notify';

/**
 * Handles one event of the consumers (src/consumers.ts): what it means is decided in the domain
 * (identity's e-mails, a document arrived, a deadline); safe to run again for the same event
 * (redelivery, restart).
 */
export async function handleEvent(
  d: NotificationsDeps,
  event: CloudEvent,
  delivery?: Pick<Delivery, 'attempt'>,
): Promise<void> {
  const decoded = decodeEvent(
    {
      id: event.id,
      type: event.type,
      ...(event.subject ? { subject: event.subject } : {}),
      time: event.time,
      data: event.data,
    },
    d.links,
  );
  switch (decoded.kind) {
    case 'intent':
      await recordIntent(d, decoded.intent, delivery?.attempt ?? 1);
      return;
    case 'deadline':
      await trackDeadline(d, decoded.deadline);
      return;
    case 'close':
      await closeDeadlines(d, decoded);
      return;
    case 'cancel-notice':
      await cancelNotice(d, decoded.noticeId);
      return;
    case 'invalid':
      await recordUnusable(d, event, decoded);
      return;
    case 'ignore':
      d.logger.debug({ eventId: event.id, reason: decoded.reason }, 'notifications: event ignored');
  }
}
