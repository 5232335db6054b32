import type { ServiceSchema } from 'moleculer';
import type { Clock, Logger } from '@puesc/kernel';
import type { Store } from '@puesc/store';
import type { CloudEvent, Delivery, EventBus, StreamSpec } from '@puesc/events';

/** What the runner hands every service. */
export interface ServiceDeps {
  /**
   * The service's own database. A write that carries events (`insert`/`update` with `events`)
   * wakes the outbox relay by itself when the store comes from the host.
   */
  store: Store;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /**
   * Wakes the outbox relay. The host's store already does it after every write with events, so a
   * service need not call it; kept so that services written before that keep compiling.
   */
  kickRelay: () => void;
  env: NodeJS.ProcessEnv;
  /** `embedded` (one process) or `distributed` (NATS + MongoDB). */
  mode: 'embedded' | 'distributed';
}

/**
 * Calls another service's action through this process's broker (the typed peer clients of
 * `@puesc/contracts` take one). Inside a request prefer `ctx.call`, so the request's meta follows.
 */
export type ActionCall = <T = unknown>(
  action: string,
  params?: object,
  opts?: { meta?: object; timeout?: number; nodeID?: string },
) => Promise<T>;

/** What the host hands declared consumers and sweeps: the service's deps and a way to call other services. */
export interface HostedDeps extends ServiceDeps {
  call: ActionCall;
}

/** A value fixed in the declaration, or read from the service's deps (its configuration) at start. */
export type FromDeps<T> = T | ((deps: ServiceDeps) => T);

/**
 * A durable consumer of another service's events, run by the host: it subscribes once the
 * services have started, retrying with backoff while the publisher's stream does not exist yet
 * (distributed start order), and skips an event id it has processed before (the ids live in the
 * service's own store, under the durable name).
 */
export interface ConsumerDeclaration {
  /** The publisher's stream (`SEAP`): named in the log while it cannot be reached. */
  stream: string;
  /** Durable name: a restarted consumer resumes where it stopped. */
  durable: string;
  /** Subject filters, NATS wildcards allowed (`seap.document.>`). */
  subjects: string[];
  /** Handles one event; a throw means redelivery after `retryDelayMs`. */
  handle(event: CloudEvent, deps: HostedDeps, delivery: Delivery): Promise<void>;
  /** Redelivery delay after a failed handler, ms (default: the bus's). */
  retryDelayMs?: FromDeps<number>;
  /** Where a new durable consumer starts (default `all`: the stream from its start). */
  deliverFrom?: 'all' | 'new';
}

/**
 * Work that time makes due (deemed deliveries, expiries, reminders), run by the host on a timer
 * and again at once when the demo clock moves. Passes of one sweep never overlap; a request during
 * a pass queues one more pass. With several replicas every replica sweeps: `run` must tolerate
 * that (optimistic concurrency on every aggregate).
 */
export interface SweepDeclaration {
  /** What it does, for the log (`deemed deliveries`); unique within the service. */
  name: string;
  /** Period, ms; 0 or less: no timer (it still runs when the clock moves, and on `runSweeps`). */
  intervalMs: FromDeps<number>;
  /** One pass at `now` (the service's clock when the pass starts); the answer is reported to the caller of `runSweeps`. */
  run(deps: HostedDeps, now: Date): Promise<unknown>;
  /** Also run one pass as soon as the service has started (what a previous run left due). */
  atStart?: boolean;
}

export interface ServiceModule {
  name: string;
  /** Durable streams this service publishes to (created at start). */
  streams?: StreamSpec[];
  /**
   * @deprecated Never read: the relay drains every collection the service opens. Remove it from
   * the modules that still set it; the member goes once none does.
   */
  outboxCollections?: string[];
  /** Durable consumers of other services' events, subscribed by the host after start. */
  consumers?: ConsumerDeclaration[];
  /** Clock-driven sweeps, run by the host on their timers and when the demo clock moves. */
  sweeps?: SweepDeclaration[];
  create(deps: ServiceDeps): ServiceSchema;
}

/** Reads a declared value that may come from the deps. */
export const fromDeps = <T>(v: FromDeps<T>, deps: ServiceDeps): T =>
  typeof v === 'function' ? (v as (d: ServiceDeps) => T)(deps) : v;
