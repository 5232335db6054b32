/**
 * DOC-10: an e-mail to every active account holder (planned maintenance). identity lists them a
 * page at a time (`identity.listAccountEmails`); each gets one delivery under the unique key
 * `<event id>|<address>`, written before anything is sent, so a redelivery after a crash half-way
 * through adds only the ones still missing and nobody gets it twice.
 */
import { delivery, type Intent } from '../domain';
import { IdentityLacks, IdentityUnavailable } from '../peers';
import type { NotificationsDeps } from './deps';
import { endDelivery } from './delivery';
import { insertDelivery, recording } from './notify';

/** The deliveries of an intent for everyone; the number recorded now. */
export async function recordForEveryAccount(d: NotificationsDeps, intent: Intent, attempt: number): Promise<number> {
  // A notice already over (a new consumer replays the stream from its start) tells nobody anything.
  const until = Date.parse(String(intent.params['until']));
  if (until <= d.clock.now().getTime()) {
    d.logger.info({ eventId: intent.eventId }, 'notifications: maintenance already over; not e-mailed');
    return 0;
  }
  let recorded = 0;
  let after: string | null = null;
  do {
    let page;
    try {
      page = await d.identity.accountHolders(after, d.config.env.NOTIFY_BATCH);
    } catch (e) {
      const final =
        e instanceof IdentityLacks ||
        (e instanceof IdentityUnavailable && attempt >= d.config.env.NOTIFY_RESOLVE_ATTEMPTS);
      if (!final) throw e; // the event comes again; what is recorded stays
      recorded += await recordNoAudience(
        d,
        intent,
        e instanceof IdentityLacks ? e.message : `${(e as Error).message} (gave up after ${attempt} tries)`,
      );
      break;
    }
    for (const a of page.items) {
      const base = {
        key: a.email,
        email: a.email,
        role: 'account' as const,
        accountId: a.accountId,
        locale: a.locale ?? d.config.defaultLocale,
      };
      if (await insertDelivery(d, delivery.newDelivery(intent, base, recording(d)))) recorded++;
    }
    after = page.next;
    // Stopping half-way: the event is not done; its redelivery records the rest.
    if (after && d.stopping()) throw new Error('notifications stopping: the other account holders on redelivery');
  } while (after);
  if (recorded) d.wake.sender();
  return recorded;
}

/** The account holders could not be listed: one failed delivery says why, in the delivery log. */
async function recordNoAudience(d: NotificationsDeps, intent: Intent, reason: string): Promise<number> {
  const base = {
    key: 'every-account',
    email: null,
    role: 'account' as const,
    accountId: null,
    locale: d.config.defaultLocale,
  };
  d.logger.error({ eventId: intent.eventId, reason }, 'notifications: no account holders to tell');
  return (await insertDelivery(d, delivery.failedDelivery(delivery.newDelivery(intent, base, recording(d)), reason)))
    ? 1
    : 0;
}

/** DOC-10: a cancelled maintenance: its announcement e-mails not yet sent end cancelled (the sent ones stay). */
export async function cancelNotice(d: NotificationsDeps, noticeId: string): Promise<number> {
  const waiting = {
    template: 'maintenance-announced',
    state: { $in: ['pending', 'retrying'] },
    'params.noticeId': noticeId,
  };
  const seen = new Set<string>();
  for (;;) {
    const page = (await d.store.deliveries.find(waiting, { limit: d.config.env.NOTIFY_BATCH })).filter(
      (w) => !seen.has(w._id),
    );
    if (!page.length) return seen.size;
    for (const w of page) {
      seen.add(w._id);
      await endDelivery(d, w._id, 'cancelled', 'the maintenance was cancelled (DOC-10)');
    }
  }
}
