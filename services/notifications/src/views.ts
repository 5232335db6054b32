/** What the delivery log and the in-app list answer (schemas in contracts.ts: deliveryView, notificationView). */
import { delivery, summary, type Delivery, type Locale } from './domain';
import type { InboxDoc } from './store';

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** One delivery of the log: never a message body or a code. */
export function toDeliveryView(d: Delivery) {
  return {
    id: d._id,
    eventId: d.eventId,
    eventType: d.eventType,
    template: d.template,
    locale: d.locale,
    recipient: d.recipient,
    recipientRole: d.recipientRole,
    accountId: d.accountId,
    subject: d.subject,
    messageId: d.messageId,
    state: d.state,
    attempts: d.attempts,
    maxAttempts: d.maxAttempts,
    nextAttemptAt: delivery.isEnded(d.state) ? null : iso(d.nextAttemptAt),
    lastError: d.lastError,
    history: d.history.map((h) => ({
      attempt: h.attempt,
      at: h.at.toISOString(),
      ok: h.ok,
      ...(h.error ? { error: h.error } : {}),
      ...(h.responseCode !== undefined ? { responseCode: h.responseCode } : {}),
      ...(h.code ? { code: h.code } : {}),
    })),
    office: d.office,
    caseRef: d.caseRef,
    createdAt: d.createdAt.toISOString(),
    sentAt: iso(d.sentAt),
    failedAt: iso(d.failedAt),
  };
}
export type DeliveryView = ReturnType<typeof toDeliveryView>;

export interface DeliveryPage {
  items: DeliveryView[];
  total: number;
  limit: number;
  offset: number;
}

/** One in-app notification: what arrived and where, in the language asked (default: as e-mailed). */
export function toNotificationView(n: InboxDoc, locale?: Locale) {
  const s = summary({ template: n.template, locale: locale ?? n.locale, role: n.role, params: n.params });
  return {
    id: n._id,
    kind: n.template,
    title: s.title,
    summary: s.body,
    link: typeof n.params['url'] === 'string' ? n.params['url'] : null,
    caseRef: n.caseRef,
    createdAt: n.createdAt.toISOString(),
    readAt: iso(n.readAt),
    read: n.readAt !== null,
  };
}
export type NotificationView = ReturnType<typeof toNotificationView>;

export interface NotificationPage {
  items: NotificationView[];
  total: number;
  unread: number;
  limit: number;
  offset: number;
}
