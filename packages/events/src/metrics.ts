/**
 * What the relay and the consumers tell whoever keeps the metrics (the host, packages/runtime):
 * plain callbacks, so this package does not depend on a metrics library.
 */
import type { ConsumeOptions, CloudEvent, EventHandler } from './types';

/** How one delivery to a consumer ended. */
export type ConsumeOutcome = 'handled' | 'retried' | 'dead_lettered';

export interface EventMetrics {
  /** The relay `relay` published an outbox event, `lagSeconds` after the event's time. */
  published?(relay: string, event: CloudEvent, lagSeconds: number): void;
  /** A publish failed; the event stays in its outbox for the next pass. */
  publishFailed?(relay: string, event: CloudEvent): void;
  /** After a relay pass: events it left in the outboxes, and the age of the oldest (0 when none). */
  outbox?(relay: string, pending: number, oldestAgeSeconds: number): void;
  /**
   * A delivery to the durable consumer `durable` ended. `lagSeconds`: how long after the event's
   * time; `pending`: messages still waiting for this consumer, when the transport knows.
   */
  consumed?(
    durable: string,
    outcome: ConsumeOutcome,
    d: { event: CloudEvent; attempt: number; lagSeconds: number; pending?: number },
  ): void;
}

/** Seconds from `time` (ISO) to now; 0 for a time in the future or one that does not parse. */
export function ageSeconds(time: string, now = Date.now()): number {
  const t = Date.parse(time);
  return Number.isFinite(t) ? Math.max(0, (now - t) / 1000) : 0;
}

/**
 * A handler that reports how each delivery ended: handled, failed and to be redelivered, or
 * failed for the last time (`maxDeliver` reached: the transport drops it, a dead letter).
 * A reporting failure never changes what the handler answered.
 */
export function measuredHandler(
  durable: string,
  handler: EventHandler,
  metrics: EventMetrics | undefined,
  maxDeliver?: ConsumeOptions['maxDeliver'],
): EventHandler {
  if (!metrics?.consumed) return handler;
  const report = (outcome: ConsumeOutcome, event: CloudEvent, attempt: number, pending?: number) => {
    try {
      metrics.consumed!(durable, outcome, { event, attempt, lagSeconds: ageSeconds(event.time), pending });
    } catch {
      // Metrics are an observer: they never fail a delivery.
    }
  };
  return async (event, delivery) => {
    try {
      await handler(event, delivery);
    } catch (e) {
      const last = !!maxDeliver && maxDeliver > 0 && delivery.attempt >= maxDeliver;
      report(last ? 'dead_lettered' : 'retried', event, delivery.attempt, delivery.pending);
      throw e;
    }
    report('handled', event, delivery.attempt, delivery.pending);
  };
}

/** Collects what one relay pass left behind, for `EventMetrics.outbox`. */
export function outboxTally(): {
  left(events: Array<{ time: string }>): void;
  report(relay: string, m?: EventMetrics): void;
} {
  let pending = 0;
  let oldest = 0;
  return {
    left(events) {
      pending += events.length;
      for (const e of events) oldest = Math.max(oldest, ageSeconds(e.time));
    },
    report(relay, m) {
      try {
        m?.outbox?.(relay, pending, oldest);
      } catch {
        // an observer only
      }
    },
  };
}
