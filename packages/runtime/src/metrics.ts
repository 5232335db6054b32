/**
 * The application metrics every process exposes (CONTRACTS "Events and metrics"; issue 16): the
 * broker calls its services answer, the outbox relays, the durable consumers, the domain events
 * published by type, and the sweeps. One registry per host, served on /metrics by the health
 * server or the gateway's operator listener. Names follow Prometheus' conventions (promtool
 * check metrics): base units in the name, `_total` for counters and only for counters.
 */
import type { Middleware } from 'moleculer';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { measuredHandler, type EventBus, type EventMetrics } from '@puesc/events';
import type { ServiceModule } from '@puesc/service';
import { sweepObserver } from './metricsSweeps';

/**
 * prom-client's gauges of the same count as their `{type}` siblings, named like counters:
 * promtool refuses a `_total` gauge. `sum(nodejs_active_handles)` is the same number.
 */
export const MISNAMED_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
] as const;

const SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export interface AppMetrics {
  registry: Registry;
  /** Broker middleware: every call a local action answers, by action and outcome. */
  middleware: Middleware;
  /** What the relays and consumers report. */
  events: EventMetrics;
  /** The bus with its consumers' handlers measured. */
  measureBus(bus: EventBus): EventBus;
  /** The module with its sweeps measured. */
  measureSweeps(m: ServiceModule): ServiceModule;
}

/** How a call ended: answered, refused for the caller's reason (4xx), or failed (5xx, no code). */
export function outcomeOf(err: unknown): 'ok' | 'refused' | 'error' {
  if (err === undefined) return 'ok';
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'number' && code >= 400 && code < 500 ? 'refused' : 'error';
}

function defaults(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
  for (const name of MISNAMED_DEFAULTS) registry.removeSingleMetric(name);
}

function brokerMiddleware(registry: Registry): Middleware {
  const calls = new Counter({
    name: 'puesc_broker_calls_total',
    help: 'Calls answered by the actions of this process, by action and outcome (ok, refused = 4xx, error)',
    labelNames: ['action', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'puesc_broker_call_duration_seconds',
    help: 'Time the actions of this process took to answer, by action',
    labelNames: ['action'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [registry],
  });
  return {
    name: 'PuescMetrics',
    localAction(next: (ctx: unknown) => Promise<unknown>, action: { name: string }) {
      // Moleculer's own $node actions are not the platform's.
      if (action.name.startsWith('$')) return next;
      return async function measured(ctx: unknown) {
        const end = duration.startTimer({ action: action.name });
        try {
          const answer = await next(ctx);
          calls.inc({ action: action.name, outcome: 'ok' });
          return answer;
        } catch (e) {
          calls.inc({ action: action.name, outcome: outcomeOf(e) });
          throw e;
        } finally {
          end();
        }
      };
    },
  } as unknown as Middleware;
}

function eventMetrics(registry: Registry): EventMetrics {
  const r = [registry];
  const published = new Counter({
    name: 'puesc_events_published_total',
    help: 'Domain events published by the relays of this process, by CloudEvents type',
    labelNames: ['type'] as const,
    registers: r,
  });
  const failures = new Counter({
    name: 'puesc_relay_publish_failures_total',
    help: 'Publishes that failed (the event stays in its outbox for the next pass), by relay',
    labelNames: ['relay'] as const,
    registers: r,
  });
  const relayLag = new Histogram({
    name: 'puesc_relay_lag_seconds',
    help: "Time from an event's time to its publication, by relay",
    labelNames: ['relay'] as const,
    buckets: LAG_BUCKETS,
    registers: r,
  });
  const backlog = new Gauge({
    name: 'puesc_outbox_pending_events',
    help: 'Events left in the outboxes after the last relay pass, by relay',
    labelNames: ['relay'] as const,
    registers: r,
  });
  const oldest = new Gauge({
    name: 'puesc_outbox_oldest_event_age_seconds',
    help: 'Age of the oldest event left in the outboxes after the last relay pass (0 when none), by relay',
    labelNames: ['relay'] as const,
    registers: r,
  });
  const deliveries = new Counter({
    name: 'puesc_consumer_deliveries_total',
    help: 'Deliveries to durable consumers, by consumer and outcome (handled, retried, dead_lettered)',
    labelNames: ['durable', 'outcome'] as const,
    registers: r,
  });
  const redeliveries = new Counter({
    name: 'puesc_consumer_redeliveries_total',
    help: 'Deliveries of an event a consumer already had (attempt > 1), by consumer',
    labelNames: ['durable'] as const,
    registers: r,
  });
  const deadLetters = new Counter({
    name: 'puesc_consumer_dead_letters_total',
    help: 'Events a consumer gave up on after its last delivery, by consumer',
    labelNames: ['durable'] as const,
    registers: r,
  });
  const lag = new Gauge({
    name: 'puesc_consumer_lag_seconds',
    help: "Time from the last handled event's time to its handling, by consumer",
    labelNames: ['durable'] as const,
    registers: r,
  });
  const pending = new Gauge({
    name: 'puesc_consumer_pending_messages',
    help: 'Messages waiting for a consumer after its last delivery (JetStream), by consumer',
    labelNames: ['durable'] as const,
    registers: r,
  });
  return {
    published(relay, event, lagSeconds) {
      published.inc({ type: event.type });
      relayLag.observe({ relay }, lagSeconds);
    },
    publishFailed: (relay) => failures.inc({ relay }),
    outbox(relay, n, age) {
      backlog.set({ relay }, n);
      oldest.set({ relay }, age);
    },
    consumed(durable, outcome, d) {
      deliveries.inc({ durable, outcome });
      if (d.attempt > 1) redeliveries.inc({ durable });
      if (outcome === 'dead_lettered') deadLetters.inc({ durable });
      if (outcome === 'handled') lag.set({ durable }, d.lagSeconds);
      if (d.pending !== undefined) pending.set({ durable }, d.pending);
    },
  };
}

/** A new registry with the default process metrics and the application's. */
export function createAppMetrics(): AppMetrics {
  const registry = new Registry();
  defaults(registry);
  const events = eventMetrics(registry);
  const sweeps = sweepObserver(registry);
  return {
    registry,
    middleware: brokerMiddleware(registry),
    events,
    measureBus: (bus) => ({
      kind: bus.kind,
      ensureStream: (spec) => bus.ensureStream(spec),
      publish: (event) => bus.publish(event),
      consume: (opts) =>
        bus.consume({ ...opts, handler: measuredHandler(opts.durable, opts.handler, events, opts.maxDeliver) }),
      close: () => bus.close(),
    }),
    measureSweeps: (m) =>
      m.sweeps?.length ? { ...m, create: m.create, sweeps: m.sweeps.map((s) => sweeps.measure(m.name, s)) } : m,
  };
}
