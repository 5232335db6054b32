import { connect } from 'nats';
import { createLogger } from '@puesc/kernel';
import { natsTestUrl } from '../../testkit/src/infra';
import type { CloudEvent, Delivery, EventHandler } from '../src';
import { newEvent, toCloudEvent } from '../src';

// The infra module alone (not the testkit index): it would load the whole runtime into every suite.
export { describeIfNats } from '../../testkit/src/infra';

/** The NATS the jest global set-up resolved (`PUESC_TEST_NATS_URL`); suites needing it use describeIfNats. */
export const natsUrl = natsTestUrl() ?? 'nats://127.0.0.1:4222';
export const silent = createLogger('events-test', process.env['LOG_LEVEL'] ?? 'silent');

let counter = 0;
/** A prefix no other test run uses, so streams and consumers never collide. */
export const uniquePrefix = (tag: string): string =>
  `t${tag}${Date.now().toString(36)}${process.pid.toString(36)}${(counter++).toString(36)}`;

/** Deletes every stream created under a prefix. */
export async function deleteStreams(prefix: string, url = natsUrl): Promise<void> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await nc.jetstreamManager();
    for await (const name of jsm.streams.names()) if (name.startsWith(`${prefix}_`)) await jsm.streams.delete(name);
  } finally {
    await nc.close();
  }
}

/**
 * Polls until `cond` holds. A wait for a fact, not a timed assertion: the bound only stops a broken
 * run from polling forever after jest has given up on the test.
 */
export async function until(cond: () => boolean | Promise<boolean>, everyMs = 10, giveUpMs = 25_000): Promise<void> {
  const end = Date.now() + giveUpMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`condition not reached: ${cond.toString().slice(0, 200)}`);
    await new Promise((r) => setTimeout(r, everyMs).unref());
  }
}

export function event(subject: string, data: Record<string, unknown> = {}, id?: string): CloudEvent {
  return toCloudEvent(
    newEvent({ source: '/test', subject, data, time: new Date('2025-01-01T00:00:00Z'), ...(id ? { id } : {}) }),
  );
}

/** A handler that records what it saw; `failOn(id, times)` makes it throw for the first n deliveries of an id. */
export function recorder() {
  const seen: { id: string; subject: string; attempt: number; seq: number }[] = [];
  const failures = new Map<string, number>();
  const handler: EventHandler = async (e: CloudEvent, d: Delivery) => {
    seen.push({ id: e.id, subject: e.subject ?? '', attempt: d.attempt, seq: d.seq });
    const left = failures.get(e.id) ?? 0;
    if (left > 0) {
      failures.set(e.id, left - 1);
      throw new Error(`planned failure of ${e.id}`);
    }
  };
  return {
    handler,
    seen,
    ids: () => seen.map((s) => s.id),
    has: (id: string) => seen.some((s) => s.id === id),
    failOn: (id: string, times = 1) => failures.set(id, times),
  };
}
