import path from 'node:path';
import type { ServiceBroker } from 'moleculer';
import type { Registry } from 'prom-client';
import { createBroker, createLogger, systemClock, type Clock, type Logger } from '@puesc/kernel';
import { createEmbeddedStore, createMongoStore, type Store } from '@puesc/store';
import { createEmbeddedBus, createJetStreamBus, createRelay, type EventBus } from '@puesc/events';
import type { ActionCall, HostedDeps, ServiceModule } from '@puesc/service';
import { trackCollections, type TrackedStore } from './trackedStore';
import { clockService } from './clockService';
import { startConsumer, type RunningConsumer } from './consumers';
import { createSweep, type RunningSweep } from './sweeps';
import { AUDIT_STREAM, createAuditTrail } from './audit';
import { createAppMetrics } from './metrics';

export interface HostOptions {
  modules: ServiceModule[];
  mode: 'embedded' | 'distributed';
  natsUrl?: string;
  mongoUrl?: string;
  mongoDbPrefix?: string;
  dataDir: string;
  /** Embedded stores kept in memory only (tests). */
  inMemory?: boolean;
  namespace?: string;
  nodeID?: string;
  clock?: Clock;
  logLevel?: string;
  logger?: Logger;
  env?: NodeJS.ProcessEnv;
  /** Relay sweep interval (ms): the safety net for a crash between a write and its publish. */
  relayIntervalMs?: number;
}

export interface Host {
  broker: ServiceBroker;
  /** This process's Prometheus registry: default and application metrics (/metrics). */
  metrics: Registry;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  stores: Map<string, Store>;
  /** Opens a store for a non-service component (the gateway's idempotency records). */
  openStore(name: string): Promise<Store>;
  ready(): Promise<{ ok: boolean; checks: Record<string, string> }>;
  /** Publishes everything still in the outboxes. */
  flush(): Promise<void>;
  /** The sweeps the modules of this process declare. */
  sweeps: { service: string; name: string }[];
  /**
   * Runs one pass of every declared sweep (of one service, when named), one after the other, and
   * reports each: what it answered, or why it failed.
   */
  runSweeps(service?: string): Promise<SweepReport[]>;
  stop(): Promise<void>;
}

export interface SweepReport {
  service: string;
  name: string;
  result?: unknown;
  error?: string;
}

/**
 * Builds one process: a broker, a store per service (its own database), the durable bus,
 * an outbox relay per service, the services themselves, and what they declare: their durable
 * consumers (subscribed once the services have started) and their sweeps (on timers, and at once
 * when the demo clock moves).
 */
export async function startHost(o: HostOptions): Promise<Host> {
  const logger = o.logger ?? createLogger('runtime', o.logLevel);
  const clock = o.clock ?? systemClock;
  const env = o.env ?? process.env;
  const stores = new Map<string, Store>();
  const metrics = createAppMetrics();

  const openStore = async (name: string): Promise<Store> => {
    const existing = stores.get(name);
    if (existing) return existing;
    const store =
      o.mode === 'distributed'
        ? await createMongoStore({
            url: required(o.mongoUrl, 'MONGO_URL'),
            dbName: `${o.mongoDbPrefix ?? 'puesc-'}${name}`,
          })
        : createEmbeddedStore(o.inMemory ? { inMemory: true } : { dir: path.join(o.dataDir, name) });
    stores.set(name, store);
    return store;
  };

  const bus: EventBus = metrics.measureBus(
    o.mode === 'distributed'
      ? await createJetStreamBus({ url: required(o.natsUrl, 'NATS_URL'), prefix: o.namespace || undefined, logger })
      : createEmbeddedBus({ store: await openStore('_bus'), logger }),
  );

  const broker = createBroker({
    natsUrl: o.mode === 'distributed' ? o.natsUrl : undefined,
    namespace: o.namespace,
    nodeID: o.nodeID,
    logLevel: o.logLevel,
  });
  broker.middlewares.add(metrics.middleware);
  // Issue 18: every audited call of a service here is recorded through its own outbox into AUDIT.
  const audit = createAuditTrail({ clock, logger });
  broker.middlewares.add(audit.middleware);
  await bus.ensureStream(AUDIT_STREAM);

  const call: ActionCall = (action, params, opts) => broker.call(action, params, opts as never);
  const relays: { flush(): Promise<void>; stop(): Promise<void> }[] = [];
  const hosted: Hosted[] = [];
  for (const m of o.modules) {
    for (const s of m.streams ?? []) await bus.ensureStream(s);
    // A write with events wakes this service's relay (no write happens before the relay exists).
    const store: TrackedStore = trackCollections(await openStore(m.name), { onEventsWritten: () => relay.kick() });
    const relay = createRelay({
      bus,
      collections: () => store.opened(),
      logger: logger.child({ relay: m.name }),
      intervalMs: o.relayIntervalMs ?? 1000,
      name: m.name,
      metrics: metrics.events,
    });
    relays.push(relay);
    audit.serve(m.name, store);
    const serviceLogger = logger.child({ service: m.name });
    const deps: HostedDeps = {
      store,
      bus,
      clock,
      logger: serviceLogger,
      kickRelay: () => relay.kick(),
      env,
      mode: o.mode,
      call,
    };
    hosted.push({ module: metrics.measureSweeps(m), deps, logger: serviceLogger });
    broker.createService(m.create(deps));
    relay.start();
  }

  const declared = declarations(hosted, logger);
  broker.createService(clockService(clock, { moved: () => declared.runSweeps() }));
  await broker.start();
  await declared.start();

  const ready = () => readiness(broker, stores, o.mode);

  let stopped = false;
  return {
    broker,
    metrics: metrics.registry,
    bus,
    clock,
    logger,
    stores,
    openStore,
    ready,
    flush: async () => {
      for (const r of relays) await r.flush();
    },
    sweeps: declared.sweeps,
    runSweeps: declared.runSweeps,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // What the declarations started ends first: no new pass or event while the rest drains.
      await declared.stop();
      for (const r of relays) await r.flush().catch((e) => logger.warn({ err: e }, 'relay flush failed'));
      for (const r of relays) await r.stop();
      await broker.stop();
      await bus.close();
      for (const s of stores.values()) await s.close();
    },
  };
}

/** What /health/ready answers: the broker, NATS in distributed mode, and every store. */
async function readiness(broker: ServiceBroker, stores: Map<string, Store>, mode: HostOptions['mode']) {
  const checks: Record<string, string> = {};
  checks['broker'] = broker.started ? 'ok' : 'not started';
  if (mode === 'distributed') checks['nats'] = broker.transit?.connected ? 'ok' : 'disconnected';
  for (const [name, s] of stores) {
    try {
      await s.ping();
      checks[`store:${name}`] = 'ok';
    } catch (e) {
      checks[`store:${name}`] = (e as Error).message;
    }
  }
  return { ok: Object.values(checks).every((v) => v === 'ok'), checks };
}

interface Hosted {
  module: ServiceModule;
  deps: HostedDeps;
  logger: Logger;
}

/** The consumers and sweeps the hosted modules declare. */
function declarations(hosted: Hosted[], logger: Logger) {
  const sweeps: RunningSweep[] = hosted.flatMap(({ module: m, deps, logger: l }) =>
    (m.sweeps ?? []).map((s) => createSweep(m.name, s, deps, l)),
  );
  const consumers: RunningConsumer[] = [];
  const runSweeps = async (service?: string): Promise<SweepReport[]> => {
    const reports: SweepReport[] = [];
    for (const s of sweeps.filter((x) => service === undefined || x.service === service)) {
      try {
        reports.push({ service: s.service, name: s.name, result: await s.run() });
      } catch (e) {
        logger.warn({ err: e, service: s.service, sweep: s.name }, 'sweep failed');
        reports.push({ service: s.service, name: s.name, error: (e as Error).message });
      }
    }
    return reports;
  };
  return {
    sweeps: sweeps.map((s) => ({ service: s.service, name: s.name })),
    runSweeps,
    /** After the services started: subscribe the consumers, start the sweeps' timers. */
    async start() {
      for (const { module: m, deps, logger: l } of hosted)
        for (const c of m.consumers ?? []) consumers.push(await startConsumer(m.name, c, deps, l));
      for (const s of sweeps) s.start();
    },
    async stop() {
      await Promise.all(sweeps.map((s) => s.stop()));
      await Promise.all(consumers.map((c) => c.stop()));
    },
  };
}

function required(v: string | undefined, name: string): string {
  if (!v) throw new Error(`${name} is required in distributed mode`);
  return v;
}
