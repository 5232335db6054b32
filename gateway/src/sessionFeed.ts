import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ServiceBroker } from 'moleculer';
import { Schema } from 'mongoose';
import { newId, type Logger } from '@puesc/kernel';
import type { CollectionSpec, Filter, Store } from '@puesc/store';
import { EndedSessions, SESSION_ENDED, sessionEndOf } from './sessionEnds';

/**
 * The durable side of the platform's events, as the gateway needs it (the host's EventBus fits):
 * one durable consumer. Declared here so the gateway does not depend on the events package.
 */
export interface SessionEventSource {
  consume(o: {
    durable: string;
    subjects: string[];
    deliverFrom?: 'all' | 'new';
    handler: (event: { id: string; data: unknown }) => Promise<void>;
  }): Promise<{ stop(): Promise<void> }>;
}

export interface SessionFeedOptions {
  broker: ServiceBroker;
  store: Store;
  /** The durable events; without them only the broadcast (and what the store already holds) is seen. */
  events?: SessionEventSource;
  /** The platform clock `until` is read against. */
  now: () => number;
  /** How often the gateway's store is read for ends recorded by another replica (default 5 s; 0: never). */
  pollMs?: number;
  logger?: Logger;
}

interface StoredEnd {
  accountId: string;
  sid?: string;
  endedAt: string;
  until: Date;
  /** Real time of the write: what a replica's poll reads from. */
  recordedAt: Date;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    accountId: { type: String, required: true },
    sid: String,
    endedAt: { type: String, required: true },
    until: { type: Date, required: true },
    recordedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ until: 1 });
schema.index({ recordedAt: 1 });
export const sessionEndsSpec: CollectionSpec = { name: 'sessionEnds', schema };

/** A replica's poll reads this far back, for writers whose clocks run a little behind. */
const POLL_OVERLAP_MS = 30_000;

/**
 * ID-11, the feed of ended sessions into the gateway's memory:
 * - the broadcast `identity.session.ended` (every gateway process at once, within seconds);
 * - the durable event, read by one consumer shared by the gateway replicas (`gateway-session-ends`,
 *   from the start of the stream when it is first created), written to the gateway's store, so an
 *   end announced while no gateway ran, or one a replica missed, is still known;
 * - at start, every end in the store still in force (`until` ahead): a restarted gateway forgets
 *   nothing the longest token lifetime could need; then a poll of the store every few seconds.
 */
export async function followSessionEnds(app: FastifyInstance, o: SessionFeedOptions): Promise<EndedSessions> {
  const ended = new EndedSessions(o.now);
  const coll = o.store.collection<StoredEnd>(sessionEndsSpec);
  const record = async (id: string, data: unknown): Promise<void> => {
    const end = sessionEndOf(data);
    if (!end || !ended.add(end)) return;
    const doc = { ...end, until: new Date(end.until), recordedAt: new Date() };
    await coll.insert({ _id: id, ...doc }).catch((e: unknown) => {
      if ((e as { code?: unknown }).code !== 409) throw e; // already recorded (redelivery)
    });
  };
  const load = async (filter: Filter): Promise<void> => {
    for (const d of await coll.find(filter)) ended.add({ ...d, until: new Date(d.until).toISOString() });
  };

  await load({ until: { $gt: new Date(o.now()) } });
  const service = o.broker.createService({
    name: `$gateway-session-ends-${newId()}`,
    events: { [SESSION_ENDED]: { handler: (ctx: { params: unknown }) => void ended.add(ctx.params) } },
  });
  const sub = await o.events?.consume({
    durable: 'gateway-session-ends',
    subjects: [SESSION_ENDED],
    deliverFrom: 'all',
    handler: (event) => record(idOf(event), event.data),
  });
  let polledAt = Date.now();
  const poll = async () => {
    const from = new Date(polledAt - POLL_OVERLAP_MS);
    polledAt = Date.now();
    await load({ recordedAt: { $gte: from } }).catch((e: unknown) =>
      o.logger?.warn({ err: (e as Error).message }, 'gateway: could not read the ended sessions'),
    );
  };
  const pollMs = o.pollMs ?? 5000;
  const timer = pollMs > 0 ? setInterval(() => void poll(), pollMs) : undefined;
  timer?.unref();
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await sub?.stop();
    await o.broker.destroyService(service);
  });
  return ended;
}

/** The stored record's id: the event's own (dedup across redeliveries), bounded in length. */
const idOf = (event: { id: string }): string => createHash('sha256').update(String(event.id)).digest('base64url');
