/**
 * Every event becomes delivery records, one per (event, recipient) under a unique key, written
 * BEFORE anything is sent (NOT-01: exactly one e-mail per event and recipient); a redelivered
 * event finds them and records nothing more. Account holders also get an in-app notice.
 */
import { newId } from '@puesc/kernel';
import type { CloudEvent } from '@puesc/events';
import { delivery, type Decoded, type Delivery, type Intent, type Locale, type RecipientRole } from '../domain';
import { PeerUnavailable } from '../peers';
import type { InboxDoc } from '../store';
import { isStoreRefusal, type NotificationsDeps } from './deps';
import { recordForEveryAccount } from './broadcast';
import { recipientKey, resolve, type Resolved } from './recipients';

export const recording = (d: NotificationsDeps) => ({
  id: newId(),
  now: d.clock.now(),
  messageDomain: d.messageDomain,
  maxAttempts: d.config.retry.maxAttempts,
});

/** False when the record was there already: a redelivery, nothing more to send. */
export async function insertDelivery(d: NotificationsDeps, doc: Delivery): Promise<boolean> {
  try {
    await d.store.deliveries.insert(doc);
    return true;
  } catch (e) {
    if (isStoreRefusal(e, 'conflict')) return false;
    throw e;
  }
}

/**
 * The recipients' addresses. `attempt` counts deliveries of the triggering event: while identity
 * cannot resolve an account (or the registry a company's contact) it throws (the event comes
 * again); at the last attempt the failure is recorded instead.
 */
async function resolveAll(d: NotificationsDeps, intent: Intent, attempt: number): Promise<Resolved[]> {
  const resolved: Resolved[] = [];
  for (const t of intent.targets) {
    try {
      resolved.push(await resolve(d, t));
    } catch (e) {
      if (!(e instanceof PeerUnavailable) || attempt < d.config.env.NOTIFY_RESOLVE_ATTEMPTS) throw e;
      resolved.push({
        target: t,
        email: null,
        accountId: t.accountId ?? null,
        error: `${e.message} (gave up after ${attempt} tries)`,
      });
    }
  }
  return resolved;
}

/**
 * Writes the deliveries (and in-app notices) of one intent. Idempotent: every record has a
 * unique key, so running it again after a crash or a redelivery adds only what is missing.
 */
export async function recordIntent(d: NotificationsDeps, intent: Intent, attempt: number): Promise<number> {
  if (intent.audience === 'every-account') return recordForEveryAccount(d, intent, attempt);
  const resolved = await resolveAll(d, intent, attempt);
  const accountLocale = resolved.find((r) => r.locale)?.locale;
  const seen = new Set<string>();
  let recorded = 0;
  for (const r of resolved) {
    const key = recipientKey(r);
    if (seen.has(key)) continue; // the account's address is also the contact person's: one e-mail
    seen.add(key);
    const locale: Locale = intent.locale ?? r.locale ?? accountLocale ?? d.config.defaultLocale;
    const base = { key, email: r.email, role: r.target.role, accountId: r.accountId, locale };
    const doc = r.email
      ? delivery.newDelivery(intent, base, recording(d), {
          ...(intent.oneTimeCode ? { oneTimeCode: intent.oneTimeCode } : {}),
          ...(intent.secretRef ? { secretRef: true } : {}),
          ...(intent.secretExpiresAt ? { secretExpiresAt: new Date(intent.secretExpiresAt) } : {}),
        })
      : delivery.failedDelivery(delivery.newDelivery(intent, base, recording(d)), r.error ?? 'no recipient address');
    if (await insertDelivery(d, doc)) {
      recorded++;
      if (doc.state === 'failed')
        d.logger.error(
          { deliveryId: doc._id, eventId: intent.eventId, reason: doc.lastError },
          'notifications: no recipient address',
        );
    }
  }
  if (intent.inApp) {
    const accounts = new Map<string, Resolved>();
    for (const r of resolved) if (r.accountId && !accounts.has(r.accountId)) accounts.set(r.accountId, r);
    for (const [accountId, r] of accounts)
      await recordNotice(d, intent, accountId, r.target.role, intent.locale ?? r.locale ?? d.config.defaultLocale);
  }
  if (recorded) d.wake.sender();
  return recorded;
}

/** The in-app notice of one account (never for an e-mail with a code). */
async function recordNotice(
  d: NotificationsDeps,
  i: Intent,
  accountId: string,
  role: RecipientRole,
  locale: Locale,
): Promise<void> {
  if (i.oneTimeCode || i.secretRef) return;
  const doc: InboxDoc = {
    _id: newId(),
    key: `${i.sourceKey}|${accountId}`,
    accountId,
    eventId: i.eventId,
    eventType: i.eventType,
    template: i.template,
    locale,
    params: i.params,
    role,
    caseRef: i.caseRef,
    createdAt: d.clock.now(),
    readAt: null,
  };
  try {
    await d.store.inbox.insert(doc);
  } catch (e) {
    if (!isStoreRefusal(e, 'conflict')) throw e;
  }
}

/** An event that cannot be used is recorded as a failed delivery, so it shows in the log. */
export async function recordUnusable(
  d: NotificationsDeps,
  event: CloudEvent,
  u: Extract<Decoded, { kind: 'invalid' }>,
): Promise<void> {
  const now = d.clock.now();
  d.logger.error(
    { eventId: event.id, type: event.type, reason: u.reason },
    'notifications: unusable event recorded as failed',
  );
  const source = {
    sourceKey: event.id,
    eventId: event.id,
    eventType: event.subject ?? event.type,
    template: 'unknown' as const,
    params: {},
    office: null,
    caseRef: null,
    deadlineId: null,
  };
  const recipient = {
    key: 'invalid',
    email: u.email ?? null,
    role: 'addressee' as const,
    accountId: u.accountId ?? null,
    locale: d.config.defaultLocale,
  };
  const doc = delivery.failedDelivery(
    delivery.newDelivery(source, recipient, recording(d)),
    `unusable event: ${u.reason}`,
  );
  await insertDelivery(d, { ...doc, failedAt: now });
}
