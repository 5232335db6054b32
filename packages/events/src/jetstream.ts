import {
  AckPolicy,
  connect,
  DeliverPolicy,
  DiscardPolicy,
  Events,
  headers as natsHeaders,
  nanos,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
  type StreamConfig,
} from 'nats';
import { invalidField, unavailable, type Logger } from '@puesc/kernel';
import type { CloudEvent, ConsumeOptions, EventBus, StreamSpec, Subscription } from './types';
import { parseCloudEvent, subjectOf } from './envelope';
import { filterIsSubset, filtersOverlap, isValidFilter, matchesAny } from './subjects';

export interface JetStreamBusOptions {
  /** Server URL(s), comma-separated; default `NATS_URL` or nats://127.0.0.1:4222. Ignored with `connection`. */
  url?: string;
  /** An existing connection to use; `close()` leaves it open. */
  connection?: NatsConnection;
  /** Namespaces stream names (`<prefix>_NAME`) and subjects (`<prefix>.<subject>`), for tests and tenants. */
  prefix?: string;
  logger: Logger;
  /** Publish dedup window, ms (default 5 min): a relay re-publish inside it is dropped by the server. */
  duplicateWindowMs?: number;
  /** How long a delivered message may stay unacknowledged before redelivery, ms (default 10 s). */
  ackWaitMs?: number;
  /** Delay between reconnect attempts, ms (default 1000). Reconnects are attempted forever. */
  reconnectWaitMs?: number;
  /** How long a publish waits for the stream's ack, ms (default 5000); a timed-out publish is retried by the relay. */
  publishTimeoutMs?: number;
  /** Connection name shown by the server. */
  name?: string;
}

const DEFAULT_DUPLICATE_WINDOW_MS = 5 * 60_000;
// Short, so a message held by a killed process is redelivered soon; a long handler extends it (working()).
const DEFAULT_ACK_WAIT_MS = 10_000;
// How long one pull waits; after a server restart a stalled pull is noticed within about this long.
const PULL_EXPIRES_MS = 10_000;
const DURABLE_NAME = /^[A-Za-z0-9_-]+$/;

/** How one durable consumer reads one stream. */
interface Plan {
  stream: string;
  /** Server-side filter; empty = the whole stream. */
  serverFilters: string[];
  /** Set when the server cannot filter exactly (several filters on NATS < 2.10, partial overlaps). */
  clientFilters: string[] | null;
}

const apiCode = (e: unknown): number | undefined => (e as { api_error?: { code?: number } })?.api_error?.code;
const isNotFound = (e: unknown): boolean => apiCode(e) === 404 || /not found/i.test((e as Error)?.message ?? '');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

/** What the parts of the JetStream bus share: the connection's managers and the naming of this bus. */
interface Server {
  nc: NatsConnection;
  jsm: JetStreamManager;
  js: JetStreamClient;
  logger: Logger;
  ackWaitMs: number;
  dupWindowMs: number;
  publishTimeoutMs: number;
  toSubject(s: string): string;
  toStream(name: string): string;
}

/**
 * The EventBus on NATS JetStream: file-backed streams with publish dedup by `Nats-Msg-Id` (the
 * event id), durable pull consumers with explicit acks, one message in flight per consumer so
 * delivery stays in stream order (a failed message is redelivered before the next one).
 */
export async function createJetStreamBus(o: JetStreamBusOptions): Promise<EventBus> {
  const { logger } = o;
  const prefix = o.prefix ? o.prefix.replace(/[^A-Za-z0-9_-]/g, '_') : '';
  const owned = !o.connection;
  const nc: NatsConnection =
    o.connection ??
    (await connect({
      servers: (o.url ?? process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222').split(','),
      name: o.name ?? 'puesc-events',
      maxReconnectAttempts: -1,
      reconnectTimeWait: o.reconnectWaitMs ?? 1000,
    }));
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === Events.Disconnect || s.type === Events.Reconnect)
        logger.warn({ nats: s.type, data: s.data }, `NATS ${s.type}`);
    }
  })().catch(() => undefined);
  const server: Server = {
    nc,
    jsm: await nc.jetstreamManager(),
    js: nc.jetstream(),
    logger,
    ackWaitMs: o.ackWaitMs ?? DEFAULT_ACK_WAIT_MS,
    dupWindowMs: o.duplicateWindowMs ?? DEFAULT_DUPLICATE_WINDOW_MS,
    publishTimeoutMs: o.publishTimeoutMs ?? 5000,
    toSubject: (s) => (prefix ? `${prefix}.${s}` : s),
    toStream: (name) => (prefix ? `${prefix}_${name}` : name),
  };
  const subs = new Set<JetStreamSubscription>();
  let closed = false;

  return {
    kind: 'jetstream',
    ensureStream: (spec) => ensureStream(server, spec),
    async publish(event: CloudEvent): Promise<void> {
      if (closed) throw unavailable('the event bus is closed');
      await publish(server, event);
    },
    async consume(opts: ConsumeOptions): Promise<Subscription> {
      if (closed) throw unavailable('the event bus is closed');
      if (!DURABLE_NAME.test(opts.durable)) throw invalidField('durable', 'letters, digits, - and _ only');
      if (!opts.subjects.length) throw invalidField('subjects', 'at least one subject filter is needed');
      for (const s of opts.subjects)
        if (!isValidFilter(s)) throw invalidField('subjects', `${s} is not a valid filter`);
      const sub = new JetStreamSubscription(opts, opts.subjects.map(server.toSubject), {
        js: server.js,
        logger,
        ackWaitMs: server.ackWaitMs,
        plan: (filters) => plan(server, filters),
        ensureConsumer: (p, c) => ensureConsumer(server, p, c),
        onStopped: (s) => subs.delete(s),
      });
      subs.add(sub);
      await sub.start();
      return sub;
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all([...subs].map((s) => s.stop()));
      if (owned && !nc.isClosed()) await nc.drain();
    },
  };
}

/** Creates the stream, or brings an existing one (made by a replica, or an older version) to this definition. */
async function ensureStream(server: Server, spec: StreamSpec): Promise<void> {
  const { jsm } = server;
  if (!spec.name || /[\s.*>/\\]/.test(spec.name)) throw invalidField('name', `${spec.name} is not a valid stream name`);
  for (const s of spec.subjects) if (!isValidFilter(s)) throw invalidField('subjects', `${s} is not a valid subject`);
  const name = server.toStream(spec.name);
  const subjects = spec.subjects.map(server.toSubject);
  const wanted: Partial<StreamConfig> = {
    subjects,
    ...(spec.description ? { description: spec.description } : {}),
    duplicate_window: nanos(server.dupWindowMs),
  };
  try {
    const info = await jsm.streams.info(name);
    const c = info.config;
    if (
      c.subjects.join(' ') === subjects.join(' ') &&
      c.duplicate_window === wanted.duplicate_window &&
      (spec.description === undefined || c.description === spec.description)
    )
      return;
    await jsm.streams.update(name, { ...c, ...wanted });
    return;
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  try {
    await jsm.streams.add({
      name,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      ...wanted,
    });
  } catch (e) {
    // Created by a replica meanwhile: bring it to this definition.
    const info = await jsm.streams.info(name).catch(() => {
      throw e;
    });
    await jsm.streams.update(name, { ...info.config, ...wanted });
  }
}

async function publish(server: Server, event: CloudEvent): Promise<void> {
  parseCloudEvent(event);
  const subject = server.toSubject(subjectOf(event));
  const h = natsHeaders();
  h.set('Content-Type', 'application/cloudevents+json');
  try {
    // msgID sets Nats-Msg-Id: the server drops a second publish of this id inside the window.
    const ack = await server.js.publish(subject, new TextEncoder().encode(JSON.stringify(event)), {
      msgID: event.id,
      headers: h,
      timeout: server.publishTimeoutMs,
    });
    if (ack.duplicate)
      server.logger.debug({ eventId: event.id, seq: ack.seq }, 'duplicate publish ignored by the stream');
  } catch (e) {
    if ((e as { code?: string }).code === '503') throw unavailable(`no stream stores subject ${subject}`);
    throw e;
  }
}

const serverSupportsMultiFilter = (nc: NatsConnection): boolean => {
  const [major = 0, minor = 0] = (nc.info?.version ?? '0.0.0').split('.').map(Number);
  return major > 2 || (major === 2 && minor >= 10);
};

/** Works out which streams a set of filters reads and how to filter each; lists filters no stream has. */
async function plan(server: Server, filters: string[]): Promise<{ plans: Plan[]; missing: string[] }> {
  const { jsm } = server;
  const byStream = new Map<string, string[]>();
  const missing: string[] = [];
  for (const f of filters) {
    const names: string[] = [];
    for await (const page of jsm.streams.names(f)) names.push(...(Array.isArray(page) ? page : [page]));
    if (!names.length) missing.push(f);
    for (const n of names) byStream.set(n, [...(byStream.get(n) ?? []), f]);
  }
  const plans: Plan[] = [];
  for (const [stream, fs] of byStream) {
    const subjects = (await jsm.streams.info(stream)).config.subjects ?? [];
    const relevant = fs.filter((f) => subjects.some((s) => filtersOverlap(f, s)));
    if (!relevant.length) continue;
    const coversAll = relevant.some((f) => subjects.every((s) => filterIsSubset(s, f)));
    const exact = relevant.every((f) => subjects.some((s) => filterIsSubset(f, s)));
    if (coversAll) plans.push({ stream, serverFilters: [], clientFilters: null });
    else if (exact && (relevant.length === 1 || serverSupportsMultiFilter(server.nc)))
      plans.push({ stream, serverFilters: relevant, clientFilters: null });
    else plans.push({ stream, serverFilters: [], clientFilters: relevant });
  }
  return { plans, missing };
}

/** Creates the durable consumer of a plan, or updates what may change on a live one (its position is kept). */
async function ensureConsumer(server: Server, p: Plan, opts: ConsumeOptions): Promise<void> {
  const { jsm, logger } = server;
  const want: Partial<ConsumerConfig> = {
    durable_name: opts.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: opts.deliverFrom === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
    ack_wait: nanos(server.ackWaitMs),
    max_deliver: opts.maxDeliver && opts.maxDeliver > 0 ? opts.maxDeliver : -1,
    // One unacknowledged message at a time: stream order holds even across redeliveries.
    max_ack_pending: 1,
    ...(p.serverFilters.length === 1 ? { filter_subject: p.serverFilters[0] } : {}),
    ...(p.serverFilters.length > 1 ? { filter_subjects: p.serverFilters } : {}),
  };
  let existing;
  try {
    existing = await jsm.consumers.info(p.stream, opts.durable);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  if (!existing) {
    try {
      await jsm.consumers.add(p.stream, want);
      return;
    } catch (e) {
      // A replica created it at the same moment: fall through and reconcile.
      existing = await jsm.consumers.info(p.stream, opts.durable).catch(() => {
        throw e;
      });
    }
  }
  const c = existing.config;
  const sameFilter =
    (c.filter_subject ?? '') === (want.filter_subject ?? '') &&
    (c.filter_subjects ?? []).join(' ') === (want.filter_subjects ?? []).join(' ');
  if (sameFilter && c.ack_wait === want.ack_wait && c.max_deliver === want.max_deliver && c.max_ack_pending === 1)
    return;
  // The position is kept; only what may change on a live consumer is updated.
  try {
    await jsm.consumers.update(p.stream, opts.durable, {
      ack_wait: want.ack_wait,
      max_deliver: want.max_deliver,
      max_ack_pending: 1,
      ...(sameFilter ? {} : { filter_subject: want.filter_subject ?? '', filter_subjects: want.filter_subjects }),
    } as never);
  } catch (err) {
    logger.warn(
      { err, stream: p.stream, durable: opts.durable },
      'could not update the durable consumer; using it as it is',
    );
  }
}

interface SubscriptionDeps {
  js: JetStreamClient;
  logger: Logger;
  ackWaitMs: number;
  plan(filters: string[]): Promise<{ plans: Plan[]; missing: string[] }>;
  ensureConsumer(p: Plan, opts: ConsumeOptions): Promise<void>;
  onStopped(s: JetStreamSubscription): void;
}

class JetStreamSubscription implements Subscription {
  private stopping = false;
  private readonly iterators = new Set<ConsumerMessages>();
  private pumps: Promise<void>[] = [];
  private waiting: Promise<void> | null = null;

  constructor(
    private readonly opts: ConsumeOptions,
    private readonly filters: string[],
    private readonly d: SubscriptionDeps,
  ) {}

  /** Creates or binds the durable consumers; if a stream does not exist yet, waits for it in the background. */
  async start(): Promise<void> {
    const first = await this.d.plan(this.filters);
    if (!first.missing.length) return this.run(first.plans);
    this.d.logger.warn(
      { durable: this.opts.durable, missing: first.missing },
      'no stream stores these subjects yet; waiting',
    );
    this.waiting = (async () => {
      for (let delay = 500; !this.stopping; delay = Math.min(delay * 2, 5000)) {
        await sleep(delay);
        if (this.stopping) return;
        try {
          const next = await this.d.plan(this.filters);
          if (!next.missing.length) return await this.run(next.plans);
        } catch (err) {
          this.d.logger.warn({ err, durable: this.opts.durable }, 'stream lookup failed; retrying');
        }
      }
    })();
  }

  private async run(plans: Plan[]): Promise<void> {
    for (const p of plans) await this.d.ensureConsumer(p, this.opts);
    this.pumps = plans.map((p) => this.pump(p));
  }

  /** Reads one stream's consumer until stopped; re-binds (and re-creates) it after a failure. */
  private async pump(p: Plan): Promise<void> {
    for (let failures = 0; !this.stopping;) {
      try {
        const consumer = await this.d.js.consumers.get(p.stream, this.opts.durable);
        const messages = await consumer.consume({ max_messages: 16, expires: PULL_EXPIRES_MS });
        this.iterators.add(messages);
        if (this.stopping) messages.stop();
        try {
          for await (const m of messages) {
            // Stopping: hand buffered messages straight back instead of letting them wait for ack_wait.
            if (this.stopping) m.nak();
            else await this.handle(m, p);
            failures = 0;
          }
        } finally {
          this.iterators.delete(messages);
        }
      } catch (err) {
        if (!this.stopping)
          this.d.logger.warn({ err, stream: p.stream, durable: this.opts.durable }, 'consumer failed; rebinding');
      }
      if (this.stopping) return;
      await sleep(Math.min(250 * 2 ** failures++, 5000));
      await this.d.ensureConsumer(p, this.opts).catch(() => undefined);
    }
  }

  private async handle(m: JsMsg, p: Plan): Promise<void> {
    const { durable, handler, retryDelayMs = 1000, maxDeliver } = this.opts;
    if (p.clientFilters && !matchesAny(p.clientFilters, m.subject)) {
      await m.ackAck().catch(() => undefined);
      return;
    }
    let event: CloudEvent;
    try {
      event = parseCloudEvent(m.data);
    } catch (err) {
      // Retrying cannot fix it, so it is acknowledged (and logged) to stop it blocking the consumer.
      // Not term(): NATS 2.9 keeps a terminated message counted against max_ack_pending (measured).
      this.d.logger.error({ err, durable, seq: m.seq, subject: m.subject }, 'malformed event skipped');
      await m.ackAck().catch(() => undefined);
      return;
    }
    const attempt = m.info.deliveryCount;
    // A long handler keeps the message from being redelivered to another replica meanwhile.
    const keepAlive = setInterval(() => m.working(), Math.max(this.d.ackWaitMs / 3, 100));
    try {
      await handler(event, { event, seq: m.seq, attempt, pending: m.info.pending });
    } catch (err) {
      clearInterval(keepAlive);
      if (maxDeliver && maxDeliver > 0 && attempt >= maxDeliver) {
        this.d.logger.error(
          { err, durable, eventId: event.id, attempt },
          'event handler failed; max deliveries reached, skipping',
        );
        // The server drops it after max_deliver (and emits its advisory); term() would block on NATS 2.9.
        m.nak();
      } else {
        this.d.logger.warn({ err, durable, eventId: event.id, attempt }, 'event handler failed; will redeliver');
        m.nak(retryDelayMs);
      }
      return;
    }
    clearInterval(keepAlive);
    // Wait for the server to confirm the ack, so a stop right after never replays a handled event.
    try {
      await m.ackAck();
    } catch (err) {
      this.d.logger.warn({ err, durable, eventId: event.id }, 'ack not confirmed; the event may be redelivered');
    }
  }

  /** Stops fetching, lets the running handler finish and acknowledge, hands back the rest. */
  async stop(): Promise<void> {
    if (!this.stopping) {
      this.stopping = true;
      for (const it of this.iterators) it.stop();
    }
    await this.waiting;
    await Promise.all(this.pumps);
    this.d.onStopped(this);
  }
}
