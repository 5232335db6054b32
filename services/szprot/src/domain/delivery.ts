/**
 * DOC-07: when a document from the authority counts as delivered is seap's decision alone: opened
 * by the client, or deemed delivered when seap's period after it was made available has passed
 * (O.p. art. 152a). szprot takes the instant from seap's `seap.document.delivered` event and never
 * computes it; delivery starts the appeal period (EUP-08) and the period to respond to a hearing
 * (EUP-06, DA 8(1)).
 */
import type { Instant } from './calendar';

export interface Delivery {
  deliveredAt: Instant;
  how: 'opened' | 'deemed';
}
