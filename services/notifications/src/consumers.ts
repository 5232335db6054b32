/**
 * What notifications consumes, and the one way it subscribes: a durable consumer per producer's
 * subject family, each handled idempotently (processed event ids are remembered, so a redelivery
 * does nothing). The producer's stream may not exist yet when this service starts (distributed
 * start order): the subscription is tried again with backoff, 1 s doubling up to 30 s.
 */
import type { Logger } from '@puesc/kernel';
import { idempotentHandler, type EventBus, type EventHandler, type Subscription } from '@puesc/events';
import type { Store } from '@puesc/store';
import { SUBJECTS } from './domain';

/** One durable consumer per subject family: identity's e-mails, seap's documents (NOT-01), szprot's deadlines (NOT-02). */
export const CONSUMERS = [
  { durable: 'notifications-identity', subjects: [SUBJECTS.mailRequested] },
  { durable: 'notifications-seap', subjects: [SUBJECTS.documentAvailable, SUBJECTS.documentDelivered] },
  { durable: 'notifications-szprot', subjects: ['szprot.deadline.>', SUBJECTS.decisionIssued] },
] as const;

export interface ConsumerSpec {
  durable: string;
  subjects: readonly string[];
}

export interface ConsumersOptions {
  bus: EventBus;
  /** Where the processed event ids are kept. */
  store: Store;
  logger: Logger;
  /** Redelivery delay of an event whose handling failed, ms. */
  retryDelayMs: number;
  /** The raw handler, run at most once per event id and consumer. */
  handler: EventHandler;
  specs?: readonly ConsumerSpec[];
}

export interface Consumers {
  stop(): Promise<void>;
}

const backoffMs = (attempt: number): number => Math.min(1000 * 2 ** attempt, 30_000);

/** Subscribes every declared consumer; one whose stream is missing keeps trying in the background. */
export async function startConsumers(o: ConsumersOptions): Promise<Consumers> {
  let stopped = false;
  const subscriptions: Subscription[] = [];
  const retryTimers = new Set<NodeJS.Timeout>();

  async function subscribe(c: ConsumerSpec, attempt = 0): Promise<void> {
    if (stopped) return;
    try {
      subscriptions.push(
        await o.bus.consume({
          durable: c.durable,
          subjects: [...c.subjects],
          retryDelayMs: o.retryDelayMs,
          handler: idempotentHandler({ store: o.store, consumer: c.durable, handler: o.handler }),
        }),
      );
    } catch (e) {
      o.logger.warn({ err: (e as Error).message, durable: c.durable, attempt }, 'notifications: cannot subscribe yet');
      const t = setTimeout(() => {
        retryTimers.delete(t);
        void subscribe(c, attempt + 1);
      }, backoffMs(attempt));
      t.unref();
      retryTimers.add(t);
    }
  }

  for (const c of o.specs ?? CONSUMERS) await subscribe(c);
  return {
    async stop() {
      stopped = true;
      for (const t of retryTimers) clearTimeout(t);
      retryTimers.clear();
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    },
  };
}
