import { Schema } from 'mongoose';
import { isAppError } from '@puesc/kernel';
import type { Store } from '@puesc/store';
import type { CloudEvent, Delivery, EventHandler } from './types';

export interface IdempotentHandlerOptions {
  /** The consuming service's own store: the processed ids live with its data. */
  store: Store;
  /** The consumer's name (usually its durable name); ids are remembered per consumer. */
  consumer: string;
  handler: EventHandler;
}

interface Processed {
  /** `<consumer>:<eventId>`: the primary key is the uniqueness guarantee. */
  _id: string;
  consumer: string;
  eventId: string;
  type: string;
  processedAt: string;
}

const processedSchema = new Schema({
  _id: { type: String },
  consumer: { type: String, required: true },
  eventId: { type: String, required: true },
  type: { type: String },
  processedAt: { type: String },
});

/**
 * Wraps a handler so that an event id it has already processed is skipped. The id is recorded
 * only after the handler succeeded: a crash in between means the event runs again (at-least-once),
 * so the handler's own effect should tolerate a repeat, or be written together with its result.
 */
export function idempotentHandler(o: IdempotentHandlerOptions): EventHandler {
  const processed = o.store.collection<Processed>({ name: '_processed', schema: processedSchema });
  // Two deliveries of one id inside this process (e.g. two subscriptions) run one after the other.
  const inFlight = new Map<string, Promise<void>>();

  const once = async (event: CloudEvent, delivery: Delivery): Promise<void> => {
    const key = `${o.consumer}:${event.id}`;
    if (await processed.get(key)) return;
    await o.handler(event, delivery);
    try {
      await processed.insert({
        _id: key,
        consumer: o.consumer,
        eventId: event.id,
        type: event.type,
        processedAt: new Date().toISOString(),
      });
    } catch (e) {
      // Another replica recorded it first: it was processed, which is what we wanted to say.
      if (!(isAppError(e) && e.type === 'conflict')) throw e;
    }
  };

  return async (event, delivery) => {
    const key = event.id;
    for (let running = inFlight.get(key); running; running = inFlight.get(key)) await running.catch(() => undefined);
    const run = once(event, delivery);
    inFlight.set(key, run);
    try {
      await run;
    } finally {
      inFlight.delete(key);
    }
  };
}
