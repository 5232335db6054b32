/**
 * szprot's durable consumer of seap's stream: idempotent (processed event ids are remembered) and
 * subscribed with backoff, because seap's stream may not exist yet when szprot starts (distributed
 * start order).
 */
import { idempotentHandler, type CloudEvent, type EventBus, type Subscription } from '@puesc/events';
import type { Logger } from '@puesc/kernel';
import type { Store } from '@puesc/store';
import { errorText } from './errorText';

export interface ConsumerSpec {
  durable: string;
  subjects: string[];
  handler: (event: CloudEvent) => Promise<void>;
}

export interface Consumer {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function consumerOf(spec: ConsumerSpec, deps: { bus: EventBus; store: Store; logger: Logger }): Consumer {
  let subscription: Subscription | undefined;
  let stopped = false;
  async function subscribe(attempt = 0): Promise<void> {
    if (stopped) return;
    try {
      subscription = await deps.bus.consume({
        durable: spec.durable,
        subjects: spec.subjects,
        retryDelayMs: 1000,
        handler: idempotentHandler({ store: deps.store, consumer: spec.durable, handler: spec.handler }),
      });
    } catch (e) {
      deps.logger.warn({ err: errorText(e), attempt }, 'szprot: cannot subscribe to seap documents yet');
      const t = setTimeout(() => void subscribe(attempt + 1), Math.min(1000 * 2 ** attempt, 30_000));
      t.unref();
    }
  }
  return {
    start: () => subscribe(),
    async stop() {
      stopped = true;
      await subscription?.stop();
    },
  };
}
