import path from 'node:path';
import type { ServiceBroker } from 'moleculer';
import { createBroker, createLogger, systemClock, type Clock, type Logger } from '@puesc/kernel';
import { createEmbeddedStore, createMongoStore, type Store } from '@puesc/store';
import { createEmbeddedBus, createJetStreamBus, createRelay, type EventBus } from '@puesc/events';
import type { ServiceModule } from '@puesc/service';
import { trackCollections, type TrackedStore } from './trackedStore';
import { clockService } from './clockService';

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
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  stores: Map<string, Store>;
  /** Opens a store for a non-service component (the gateway's idempotency records). */
  openStore(name: string): Promise<Store>;
  ready(): Promise<{ ok: boolean; checks: Record<string, string> }>;
  /** Publishes everything still in the outboxes. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds one process: a broker, a store per service (its own database), the durable bus,
 * an outbox relay per service, and the services themselves.
 */
export async function startHost(o: HostOptions): Promise<Host> {
  const logger = o.logger ?? createLogger('runtime', o.logLevel);
  const clock = o.clock ?? systemClock;
  const env = o.env ?? process.env;
  const stores = new Map<string, Store>();

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

  const bus: EventBus =
    o.mode === 'distributed'
      ? await createJetStreamBus({ url: required(o.natsUrl, 'NATS_URL'), prefix: o.namespace || undefined, logger })
      : createEmbeddedBus({ store: await openStore('_bus'), logger });

  const broker = createBroker({
    natsUrl: o.mode === 'distributed' ? o.natsUrl : undefined,
    namespace: o.namespace,
    nodeID: o.nodeID,
    logLevel: o.logLevel,
  });

  const relays: { flush(): Promise<void>; stop(): Promise<void> }[] = [];
  for (const m of o.modules) {
    for (const s of m.streams ?? []) await bus.ensureStream(s);
    const store: TrackedStore = trackCollections(await openStore(m.name));
    const relay = createRelay({
      bus,
      collections: () => store.opened(),
      logger: logger.child({ relay: m.name }),
      intervalMs: o.relayIntervalMs ?? 1000,
    });
    relays.push(relay);
    broker.createService(
      m.create({
        store,
        bus,
        clock,
        logger: logger.child({ service: m.name }),
        kickRelay: () => relay.kick(),
        env,
        mode: o.mode,
      }),
    );
    relay.start();
  }

  broker.createService(clockService(clock));
  await broker.start();

  const ready = async () => {
    const checks: Record<string, string> = {};
    checks['broker'] = broker.started ? 'ok' : 'not started';
    if (o.mode === 'distributed') checks['nats'] = broker.transit?.connected ? 'ok' : 'disconnected';
    for (const [name, s] of stores) {
      try {
        await s.ping();
        checks[`store:${name}`] = 'ok';
      } catch (e) {
        checks[`store:${name}`] = (e as Error).message;
      }
    }
    return { ok: Object.values(checks).every((v) => v === 'ok'), checks };
  };

  let stopped = false;
  return {
    broker,
    bus,
    clock,
    logger,
    stores,
    openStore,
    ready,
    flush: async () => {
      for (const r of relays) await r.flush();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      for (const r of relays) await r.flush().catch((e) => logger.warn({ err: e }, 'relay flush failed'));
      for (const r of relays) await r.stop();
      await broker.stop();
      await bus.close();
      for (const s of stores.values()) await s.close();
    },
  };
}

function required(v: string | undefined, name: string): string {
  if (!v) throw new Error(`${name} is required in distributed mode`);
  return v;
}
