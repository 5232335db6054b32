/** The e-mail delivery log (officers): every e-mail sent, retrying or given up on; an administrator requeues a failed one. */
import { forbidden, notFound, refusalError, type Refusal } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import type { Filter } from '@puesc/store';
import { delivery } from '../domain';
import type { IdParams, ListDeliveriesParams } from '../contracts';
import { toDeliveryView, type DeliveryPage, type DeliveryView } from '../views';
import type { NotificationsDeps } from './deps';
import { changeDelivery } from './delivery';

/** Case officers see the deliveries of their office; registration officers and admins see all (ID-10). */
function scopeOf(caller: Caller): Filter {
  if (caller.roles.includes('admin') || caller.roles.includes('registration-officer')) return {};
  if (!caller.office) throw forbidden('a case officer without an office sees no deliveries', 'ID-10');
  return { office: caller.office };
}

/** `seap.document.available` for `puesc.seap.document.available.v1`. */
const subjectOfType = (t: string): string => /^puesc\.(.+)\.v\d+$/.exec(t)?.[1] ?? t;

export async function listDeliveries(
  d: NotificationsDeps,
  caller: Caller,
  p: ListDeliveriesParams,
): Promise<DeliveryPage> {
  const f: Filter = { ...scopeOf(caller) };
  if (p.state) f['state'] = p.state;
  if (p.recipient) f['recipient'] = p.recipient.trim().toLowerCase();
  if (p.eventType) f['eventType'] = subjectOfType(p.eventType);
  if (p.template) f['template'] = p.template;
  if (p.eventId) f['eventId'] = p.eventId;
  const limit = p.limit ?? 50;
  const offset = p.offset ?? 0;
  const [items, total] = await Promise.all([
    d.store.deliveries.find(f, { sort: { createdAt: -1, _id: -1 }, limit, skip: offset }),
    d.store.deliveries.count(f),
  ]);
  return { items: items.map(toDeliveryView), total, limit, offset };
}

export async function getDelivery(d: NotificationsDeps, caller: Caller, p: IdParams): Promise<DeliveryView> {
  const found = await d.store.deliveries.get(p.id);
  const scope = scopeOf(caller);
  // Another office's delivery does not exist for a case officer.
  if (!found || (scope['office'] !== undefined && found.office !== scope['office'])) throw notFound('delivery', p.id);
  return toDeliveryView(found);
}

/** An administrator sends a failed e-mail again (NOT-01), never one whose one-time code was erased. */
export async function retryDelivery(d: NotificationsDeps, admin: Caller, p: IdParams): Promise<DeliveryView> {
  const now = d.clock.now();
  let refused: Refusal | null = null;
  const updated = await changeDelivery(d, p.id, (cur) => {
    const r = delivery.requeue(cur, now, admin.id);
    if (r.ok) return r.value;
    refused = r.refusal;
    return null;
  });
  if (!updated) throw notFound('delivery', p.id);
  if (refused) throw refusalError(refused);
  d.logger.info({ deliveryId: updated._id, by: admin.id }, 'notifications: failed delivery requeued');
  d.wake.sender();
  return toDeliveryView(updated);
}
