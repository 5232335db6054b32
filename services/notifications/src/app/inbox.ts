/** The in-app notifications of an account (NOT-01): what arrived and where, never a document or a code. */
import { conflict, isConcurrencyError, notFound, withRetry } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import type { Filter } from '@puesc/store';
import type { ListMineParams, IdParams } from '../contracts';
import { toNotificationView, type NotificationPage, type NotificationView } from '../views';
import type { NotificationsDeps } from './deps';

export async function listMine(d: NotificationsDeps, caller: Caller, p: ListMineParams): Promise<NotificationPage> {
  const f: Filter = { accountId: caller.id, ...(p.unread ? { readAt: null } : {}) };
  const limit = p.limit ?? 50;
  const offset = p.offset ?? 0;
  const [items, total, unread] = await Promise.all([
    d.store.inbox.find(f, { sort: { createdAt: -1, _id: -1 }, limit, skip: offset }),
    d.store.inbox.count(f),
    d.store.inbox.count({ accountId: caller.id, readAt: null }),
  ]);
  return { items: items.map((n) => toNotificationView(n, p.locale)), total, unread, limit, offset };
}

export async function markRead(d: NotificationsDeps, caller: Caller, p: IdParams): Promise<NotificationView> {
  try {
    return await withRetry(async () => {
      const n = await d.store.inbox.get(p.id);
      // Someone else's notification does not exist for the caller (ID-10).
      if (!n || n.accountId !== caller.id) throw notFound('notification', p.id);
      if (n.readAt) return toNotificationView(n);
      return toNotificationView(await d.store.inbox.update({ ...n, readAt: d.clock.now() }));
    }, 5);
  } catch (e) {
    if (isConcurrencyError(e)) throw conflict('the notification keeps changing; try again');
    throw e;
  }
}
