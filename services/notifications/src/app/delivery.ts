/**
 * Sending with retries (NOT-01). A sender drains the deliveries due now: claim one (optimistic
 * concurrency lets one sweep of one replica have it; its lease covers a crash) → send → mark it
 * sent, or schedule the next attempt with exponential backoff, or record the failure after the
 * last one. The only duplicate possible is a crash between the SMTP server accepting a message and
 * the `sent` mark: then that one e-mail goes again once its lease ends, with the same Message-ID.
 */
import { withRetry } from '@puesc/kernel';
import type { Doc } from '@puesc/store';
import {
  afterFailure,
  delivery,
  describeSendError,
  render,
  secretInputs,
  sendErrorOf,
  type Delivery,
  type TemplateParams,
} from '../domain';
import { isStoreRefusal, type NotificationsDeps } from './deps';

export interface SendTally {
  sent: number;
  retry: number;
  failed: number;
}

/** Reads, changes and writes one delivery, again on a concurrent change; null when there is none. */
export async function changeDelivery(
  d: NotificationsDeps,
  id: string,
  change: (cur: Doc<Delivery>) => Delivery | null,
): Promise<Doc<Delivery> | null> {
  return withRetry(async () => {
    const cur = await d.store.deliveries.get(id);
    if (!cur) return null;
    const next = change(cur);
    if (!next) return cur;
    return d.store.deliveries.update({ ...next, _id: cur._id, version: cur.version } as Doc<Delivery>);
  }, 5);
}

/** Ends a delivery (failed or cancelled) unless it has ended already. */
export async function endDelivery(
  d: NotificationsDeps,
  id: string,
  state: 'failed' | 'cancelled',
  reason: string,
): Promise<void> {
  const now = d.clock.now();
  await changeDelivery(d, id, (cur) => delivery.end(cur, state, reason, now));
}

/** Why a `secretRef` delivery ends unsent (ID-12). */
export const SECRET_GONE =
  'identity no longer holds the one-time code of this e-mail (identity.mailSecret: 404, the code expired or was used): not sent (ID-12)';

/**
 * What the template is rendered with: the stored params and code, or for a `secretRef` delivery
 * the values identity answers now, merged in memory only (ID-12); null when identity answers 404.
 * identity being unavailable fails the attempt (retried with backoff like an SMTP failure).
 */
async function renderInputs(
  d: NotificationsDeps,
  x: Delivery,
): Promise<{ params: TemplateParams; oneTimeCode?: string } | null> {
  if (!x.secretRef) return { params: x.params, ...(x.oneTimeCode ? { oneTimeCode: x.oneTimeCode } : {}) };
  const values = x.eventId ? await d.identity.mailSecret(x.eventId) : null;
  return values ? secretInputs(x.params, values) : null;
}

/** One attempt at one delivery: claim it, send it, record the outcome. */
async function attemptDelivery(d: NotificationsDeps, doc: Doc<Delivery>): Promise<keyof SendTally | 'skipped'> {
  const now = d.clock.now();
  const start = delivery.attemptStart(doc, now);
  if (start.do === 'skip') return 'skipped';
  if (start.do === 'end') {
    await endDelivery(d, doc._id, 'failed', start.reason);
    return 'failed';
  }
  let claimed: Doc<Delivery>;
  try {
    claimed = await d.store.deliveries.update(delivery.claim(doc, now, d.config.env.NOTIFY_SEND_LEASE_MS));
  } catch (e) {
    if (isStoreRefusal(e, 'concurrent-modification', 'not-found')) return 'skipped';
    throw e;
  }
  const attempt = claimed.attempts;
  try {
    const inputs = await renderInputs(d, claimed);
    if (!inputs) {
      await endDelivery(d, claimed._id, 'cancelled', SECRET_GONE);
      d.logger.info({ deliveryId: claimed._id, eventId: claimed.eventId }, 'notifications: one-time code gone');
      return 'skipped';
    }
    const rendered = render({
      template: claimed.template as Exclude<Delivery['template'], 'unknown'>,
      locale: claimed.locale,
      role: claimed.recipientRole,
      ...inputs,
    });
    const res = await d.mailer.send({
      deliveryId: claimed._id,
      from: d.config.env.NOTIFY_FROM,
      to: claimed.recipient!,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: claimed.messageId,
      date: now,
      locale: claimed.locale,
    });
    // Mark sent at once: the time between the server's "250" and this write is the only
    // window in which a crash can make this e-mail go twice.
    const at = d.clock.now();
    await changeDelivery(d, claimed._id, (cur) => delivery.sent(cur, attempt, at, res.response));
    d.logger.info({ deliveryId: claimed._id, template: claimed.template, attempt }, 'notifications: e-mail sent');
    return 'sent';
  } catch (e) {
    return recordFailedAttempt(d, claimed, attempt, e);
  }
}

async function recordFailedAttempt(
  d: NotificationsDeps,
  claimed: Doc<Delivery>,
  attempt: number,
  e: unknown,
): Promise<'retry' | 'failed'> {
  const err = sendErrorOf(e);
  const at = d.clock.now();
  const next = afterFailure(d.config.retry, attempt, at);
  const error = describeSendError(err);
  await changeDelivery(d, claimed._id, (cur) => delivery.attemptFailed(cur, attempt, at, err, next));
  if (next.next === 'retry') {
    d.logger.warn(
      { deliveryId: claimed._id, attempt, error, nextAttemptAt: next.at },
      'notifications: send failed; will retry',
    );
    return 'retry';
  }
  d.logger.error({ deliveryId: claimed._id, attempt, error }, 'notifications: send failed for good');
  return 'failed';
}

/** Sends every delivery due now, page by page; each at most once per pass. */
async function sendDue(d: NotificationsDeps): Promise<SendTally> {
  const out: SendTally = { sent: 0, retry: 0, failed: 0 };
  const seen = new Set<string>();
  const batch = d.config.env.NOTIFY_BATCH;
  for (;;) {
    if (d.stopping()) return out;
    const page = await d.store.deliveries.find(
      { nextAttemptAt: { $lte: d.clock.now() } },
      { sort: { nextAttemptAt: 1, _id: 1 }, limit: batch },
    );
    const todo = page.filter((x) => !seen.has(x._id));
    if (!todo.length) return out;
    for (const doc of todo) {
      if (d.stopping()) return out;
      seen.add(doc._id);
      try {
        const r = await attemptDelivery(d, doc);
        if (r !== 'skipped') out[r]++;
      } catch (e) {
        d.logger.error({ err: e, deliveryId: doc._id }, 'notifications: delivery attempt could not be recorded');
      }
    }
    if (page.length < batch) return out;
  }
}

export interface Sender {
  /** Sends what is due; while a pass runs, asking again makes it run one more pass. */
  drain(): Promise<SendTally>;
  /** The running pass, if any (awaited when stopping). */
  running(): Promise<unknown> | null;
}

/** One drain at a time in this process. */
export function createSender(d: NotificationsDeps): Sender {
  let draining: Promise<SendTally> | null = null;
  let again = false;
  return {
    drain() {
      if (draining) {
        again = true;
        return draining;
      }
      draining = (async () => {
        const total: SendTally = { sent: 0, retry: 0, failed: 0 };
        do {
          again = false;
          const r = await sendDue(d);
          total.sent += r.sent;
          total.retry += r.retry;
          total.failed += r.failed;
        } while (again && !d.stopping());
        return total;
      })().finally(() => {
        draining = null;
      });
      return draining;
    },
    running: () => draining,
  };
}
