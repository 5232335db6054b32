/**
 * DOC-07: when a document from the authority counts as delivered. It is delivered when the client
 * opens it; one that is not opened is deemed delivered 14 days after it was made available (O.p.
 * art. 152a: the fiction takes effect at the end of the 14th day counted from the day after it was
 * made available; it is a fact, not an act to perform, so it is not moved off weekends). Delivery
 * starts the appeal period (EUP-08) and the period to respond to a hearing (EUP-06, DA 8(1)).
 */
import { addDays, endOfLocalDay, localDateOf, type Instant } from './calendar';

export const DEEMED_DELIVERY_DAYS = 14;

/** The instant an unopened document is deemed delivered: end of the 14th day after it was made available. */
export function deemedDeliveryAt(availableAt: Date | Instant, days: number = DEEMED_DELIVERY_DAYS): Date {
  return endOfLocalDay(addDays(localDateOf(availableAt), days));
}

export interface Delivery {
  deliveredAt: Instant;
  how: 'opened' | 'deemed';
}

/**
 * The delivery of a document made available at `availableAt`, opened at `openedAt` if at all, as
 * known at `now`: opened first → delivered when opened; otherwise deemed once the 14 days passed;
 * otherwise not delivered yet (undefined).
 */
export function deliveryOf(
  availableAt: Date | Instant,
  openedAt: Date | Instant | undefined,
  now: Date,
): Delivery | undefined {
  const deemed = deemedDeliveryAt(availableAt);
  const opened =
    openedAt === undefined ? undefined : typeof openedAt === 'string' ? Date.parse(openedAt) : openedAt.getTime();
  if (opened !== undefined && opened <= deemed.getTime() && opened <= now.getTime())
    return { deliveredAt: new Date(opened).toISOString(), how: 'opened' };
  if (now.getTime() >= deemed.getTime()) return { deliveredAt: deemed.toISOString(), how: 'deemed' };
  return undefined;
}
