/**
 * DOC-07: a document from the authority is delivered when the client opens it; one that is not
 * opened is deemed delivered at the end of the 14th day after it was made available (O.p. art.
 * 152a-style fiction; it is a fact, not an act, so it does not move off weekends). The delivery
 * time starts the appeal period (EUP-08), so it is recorded once and published.
 */
import { addDays, endOfLocalDay, localDateOf } from '@puesc/calendar';

export const DEEMED_DELIVERY_DAYS = 14;

export function deemedDeliveryAt(availableAt: Date, days = DEEMED_DELIVERY_DAYS): Date {
  return endOfLocalDay(addDays(localDateOf(availableAt), days));
}

export interface Delivery {
  deliveredAt: Date;
  deemed: boolean;
}

/**
 * What delivery an attempt to open at `openAt` (or a sweep at `now`, openAt undefined) establishes
 * for a document made available with the deemed time `deemedAt`: opened before the deemed time →
 * delivered when opened; otherwise deemed, once the time has come; otherwise nothing yet.
 */
export function deliveryAt(deemedAt: Date, now: Date, openAt?: Date): Delivery | undefined {
  if (openAt && openAt.getTime() <= deemedAt.getTime()) return { deliveredAt: openAt, deemed: false };
  if (now.getTime() >= deemedAt.getTime()) return { deliveredAt: deemedAt, deemed: true };
  return undefined;
}
