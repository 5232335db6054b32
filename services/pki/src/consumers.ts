/**
 * Subscribing a durable, idempotent consumer to another service's events, retrying with backoff
 * while the publisher's stream does not exist yet (distributed start order). One function with
 * a small interface, so that consumers declared on the ServiceModule can replace it.
 */
import type { Logger } from '@puesc/kernel';
import { idempotentHandler, type CloudEvent, type EventBus, type Subscription } from '@puesc/events';
import type { Store } from '@puesc/store';

export interface ConsumerSpec {
  bus: EventBus;
  store: Store;
  logger: Logger;
  durable: string;
  subjects: string[];
  /** What the events are, for the log (`identity events`). */
  what: string;
  handler(event: CloudEvent): Promise<void>;
}

/** Starts consuming (first attempt awaited); `stop` ends it and any pending retry. */
export async function consumeWithBackoff(spec: ConsumerSpec): Promise<{ stop(): Promise<void> }> {
  let stopping = false;
  let subscription: Subscription | undefined;
  const attempt = async (n: number): Promise<void> => {
    if (stopping) return;
    try {
      subscription = await spec.bus.consume({
        durable: spec.durable,
        subjects: spec.subjects,
        handler: idempotentHandler({ store: spec.store, consumer: spec.durable, handler: spec.handler }),
      });
    } catch (e) {
      spec.logger.warn({ err: (e as Error).message, attempt: n }, `pki: cannot subscribe to ${spec.what} yet`);
      const t = setTimeout(() => void attempt(n + 1), Math.min(1000 * 2 ** n, 30_000));
      t.unref();
    }
  };
  await attempt(0);
  return {
    async stop() {
      stopping = true;
      await subscription?.stop();
    },
  };
}
