import type { Logger } from '@puesc/kernel';
import type { Collection } from '@puesc/store';
import type { EventBus } from './types';
import { toCloudEvent } from './envelope';
import { ageSeconds, outboxTally, type EventMetrics } from './metrics';

export interface RelayOptions {
  bus: EventBus;
  /** The collections whose outboxes to drain, or a function read on every pass (collections opened later). */
  collections: Collection<any>[] | (() => Collection<any>[]);
  logger: Logger;
  /** Sweep period, ms (default 1000): covers a crash between a write and its publish. */
  intervalMs?: number;
  /** Documents read per page (default 100). */
  batchSize?: number;
  /** Names the relay in its metrics (usually the service). */
  name?: string;
  /** Told of each publish, failure and what a pass left behind. */
  metrics?: EventMetrics;
}

export interface Relay {
  /** Wakes the relay right after a write with events; never throws. */
  kick(): void;
  /** Publishes everything written before the call; rejects if something could not be published. */
  flush(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/** Metrics only observe: a failing callback never fails a publish. */
function observe(f: () => void): void {
  try {
    f();
  } catch {
    // ignored on purpose
  }
}

/**
 * Publishes aggregates' pending events in outbox order and then removes them from the outbox.
 * The event id is the publish dedup key, so a re-publish after a crash (or by a second replica)
 * is harmless. Passes never overlap; kicks during a pass coalesce into one more pass.
 */
export function createRelay(o: RelayOptions): Relay {
  const { bus, logger } = o;
  const intervalMs = o.intervalMs ?? 1000;
  const batchSize = o.batchSize ?? 100;
  const name = o.name ?? 'relay';
  const collections = typeof o.collections === 'function' ? o.collections : () => o.collections as Collection<any>[];

  let current: Promise<number> | null = null;
  let queued: Promise<number> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  /** One pass over every collection; returns how many events failed to publish. */
  async function drain(): Promise<number> {
    let failed = 0;
    const tally = outboxTally();
    for (const c of collections()) failed += await drainCollection(c, tally);
    tally.report(name, o.metrics);
    return failed;
  }

  async function drainCollection(c: Collection<any>, tally: ReturnType<typeof outboxTally>): Promise<number> {
    let failed = 0;
    // A document is handled once per pass: one that failed (or got new events meanwhile) waits for
    // the next pass instead of spinning this one.
    const seen = new Set<string>();
    for (;;) {
      const page = await c.withPendingEvents(batchSize);
      const docs = page.filter((d) => !seen.has(d._id));
      if (!docs.length) return failed;
      for (const doc of docs) {
        seen.add(doc._id);
        const sent: string[] = [];
        for (const ev of doc._outbox ?? []) {
          const ce = toCloudEvent(ev);
          try {
            await bus.publish(ce);
            sent.push(ev.id);
            observe(() => o.metrics?.published?.(name, ce, ageSeconds(ev.time)));
          } catch (err) {
            observe(() => o.metrics?.publishFailed?.(name, ce));
            tally.left((doc._outbox ?? []).slice(sent.length));
            // Later events of this aggregate wait, so its events keep their order.
            logger.warn({ err, collection: c.name, docId: doc._id, eventId: ev.id }, 'publish failed; will retry');
            failed += (doc._outbox?.length ?? 0) - sent.length;
            break;
          }
        }
        if (sent.length) {
          try {
            await c.markEventsSent(doc._id, sent);
          } catch (err) {
            // Published but still in the outbox: the next pass publishes again and the id dedups it.
            logger.warn({ err, collection: c.name, docId: doc._id }, 'marking events sent failed; will retry');
            failed += sent.length;
            tally.left((doc._outbox ?? []).filter((e: { id: string }) => sent.includes(e.id)));
          }
        }
      }
      if (page.length < batchSize) return failed;
    }
  }

  /** Starts a pass after the running one; callers arriving meanwhile share it. */
  function schedule(): Promise<number> {
    if (queued) return queued;
    if (!current) {
      current = drain().finally(() => (current = null));
      return current;
    }
    queued = current
      .catch(() => 0)
      .then(() => {
        queued = null;
        current = drain().finally(() => (current = null));
        return current;
      });
    return queued;
  }

  return {
    kick() {
      if (stopped) return;
      schedule().catch((err) => logger.warn({ err }, 'relay pass failed'));
    },
    async flush() {
      const failed = await schedule();
      if (failed) throw new Error(`relay: ${failed} event(s) could not be published`);
    },
    start() {
      if (timer) return;
      stopped = false;
      timer = setInterval(() => {
        if (!current) schedule().catch((err) => logger.warn({ err }, 'relay sweep failed'));
      }, intervalMs);
      timer.unref();
      schedule().catch((err) => logger.warn({ err }, 'relay pass failed'));
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await (queued ?? current)?.catch(() => 0);
    },
  };
}
