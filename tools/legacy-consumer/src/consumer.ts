import { AckPolicy, connect, DeliverPolicy, nanos, type JetStreamManager, type JsMsg, type NatsConnection } from 'nats';
import { LocalRegister, type RegistryEvent } from './register';

export interface LegacyConsumerOptions {
  /** NATS server URL(s), comma-separated. Ignored when `connection` is given. */
  natsUrl?: string;
  connection?: NatsConnection;
  /** The registry's stream (default `REGISTRY`). */
  stream?: string;
  /** Subject filter (default `registry.>`). */
  filter?: string;
  /** Durable consumer name: the server remembers how far this legacy system has read. */
  durable: string;
  /** The local register file. */
  file: string;
  /** Messages fetched (and saved to the file) per batch. */
  batchSize?: number;
  /** How long an unacknowledged message waits before redelivery. */
  ackWaitMs?: number;
  log?: (msg: string) => void;
  /**
   * Fault injection for tests: called after a batch is written to the file and before it is
   * acknowledged. Throwing simulates a crash at that point: the consumer stops without acking.
   */
  afterSave?: (batchSize: number) => void;
}

export interface LegacyConsumer {
  register: LocalRegister;
  /** Resolves once the consumer has nothing pending (caught up with the stream). */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Consumes the registry stream with a durable pull consumer and keeps a local copy of the
 * register. Per batch: apply in memory (skipping event ids already processed), write the file
 * atomically, then acknowledge. A crash before the write loses nothing (the messages come again);
 * a crash after it only causes redeliveries, which the id memory absorbs.
 */
export async function startLegacyConsumer(o: LegacyConsumerOptions): Promise<LegacyConsumer> {
  const stream = o.stream ?? 'REGISTRY';
  const filter = o.filter ?? 'registry.>';
  const batchSize = o.batchSize ?? 200;
  const log = o.log ?? (() => undefined);
  const owned = !o.connection;
  const nc =
    o.connection ??
    (await connect({
      servers: (o.natsUrl ?? 'nats://127.0.0.1:4222').split(','),
      name: `legacy-${o.durable}`,
      maxReconnectAttempts: -1,
    }));
  const jsm: JetStreamManager = await nc.jetstreamManager();
  const js = nc.jetstream();

  await ensureDurable(jsm, stream, o.durable, filter, o.ackWaitMs ?? 30_000);
  const register = LocalRegister.open(o.file);
  let stopping = false;
  let idle = false;
  let crashed = false;

  const loop = (async () => {
    const consumer = await js.consumers.get(stream, o.durable);
    while (!stopping) {
      try {
        const batch: JsMsg[] = [];
        const msgs = await consumer.fetch({ max_messages: batchSize, expires: 1000 });
        for await (const m of msgs) batch.push(m);
        if (!batch.length) {
          const info = await consumer.info();
          idle = info.num_pending === 0 && info.num_ack_pending === 0;
          continue;
        }
        idle = false;
        for (const m of batch) {
          let event: RegistryEvent;
          try {
            event = JSON.parse(new TextDecoder().decode(m.data)) as RegistryEvent;
          } catch {
            log(`seq ${m.seq}: not JSON, skipped`);
            continue;
          }
          const r = register.apply(event, m.seq);
          if (r === 'duplicate') log(`seq ${m.seq}: event ${event.id} already applied (redelivery)`);
        }
        register.save();
        try {
          o.afterSave?.(batch.length);
        } catch (e) {
          log(`crashed after saving ${batch.length} events: ${(e as Error).message}`);
          crashed = true;
          break;
        }
        // Acknowledge only what is safely in the file; wait for the server's confirmations, all of the
        // batch's at once (one after another they bound a replay to one round trip per event).
        await Promise.all(batch.map((m) => m.ackAck().catch(() => m.ack())));
      } catch (e) {
        if (stopping) break;
        log(`fetch failed: ${(e as Error).message}; retrying`);
        await sleep(500);
      }
    }
  })();

  return {
    register,
    async caughtUp() {
      while (!idle) {
        if (stopping || crashed) throw new Error('stopped');
        await sleep(50);
      }
    },
    async stop() {
      stopping = true;
      await loop;
      if (owned) await nc.drain();
    },
  };
}

/** Creates the durable consumer the first time; afterwards the server keeps its position. */
async function ensureDurable(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
  filter: string,
  ackWaitMs: number,
): Promise<void> {
  try {
    await jsm.consumers.info(stream, durable);
    return;
  } catch (e) {
    if (!/not found/i.test((e as Error).message)) throw e;
  }
  await jsm.consumers.add(stream, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    // A new legacy system starts from the first event ever published (LEG-01: replayable from the start).
    deliver_policy: DeliverPolicy.All,
    filter_subject: filter,
    ack_wait: nanos(ackWaitMs),
    max_ack_pending: 10_000,
  });
}
