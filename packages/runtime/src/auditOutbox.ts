/**
 * Where a service's audit records wait to be published (issue 18): a few outbox documents in the
 * service's own store, drained by its relay like any aggregate's events. A record is appended to
 * a slot's outbox in one write and leaves it once the bus holds it; the slots never grow with
 * the number of calls, and nothing is lost while the audit service is down (the AUDIT stream
 * keeps what the relay published) or while the bus is (the outbox keeps it).
 */
import { Schema } from 'mongoose';
import { isAppError } from '@puesc/kernel';
import type { Collection, PendingEvent, Store } from '@puesc/store';

/** Concurrent calls spread over this many documents, so they rarely meet on one version. */
const SLOTS = 8;
const ATTEMPTS = 10;
/** Not `_`-prefixed: the host's relay drains the collections a service opened without it. */
export const AUDIT_OUTBOX = 'auditOutbox';

interface Slot {
  _id: string;
}

const slotSchema = new Schema({ _id: { type: String } });

export interface AuditOutbox {
  append(event: PendingEvent): Promise<void>;
}

const retriable = (e: unknown): boolean =>
  isAppError(e) && (e.type === 'concurrent-modification' || e.type === 'conflict');

export function openAuditOutbox(store: Store): AuditOutbox {
  const slots: Collection<Slot> = store.collection<Slot>({ name: AUDIT_OUTBOX, schema: slotSchema });
  return {
    async append(event) {
      for (let i = 1; ; i++) {
        const id = `slot-${Math.floor(Math.random() * SLOTS)}`;
        try {
          const slot = await slots.get(id);
          if (slot) await slots.update(slot, { events: [event] });
          else await slots.insert({ _id: id }, { events: [event] });
          return;
        } catch (e) {
          // Another call wrote the same slot meanwhile: try again on a slot picked afresh.
          if (!retriable(e) || i >= ATTEMPTS) throw e;
        }
      }
    },
  };
}
