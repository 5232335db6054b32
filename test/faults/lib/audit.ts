/**
 * The fault test's own durable consumers on the platform's JetStream, built from the platform's
 * parts (`createJetStreamBus`, `idempotentHandler`, a MongoDB store for the processed ids), as a
 * legacy system's adapter would be:
 *
 * - `faults-audit` on `seap.document.received`: the handler counts how often it really ran per
 *   event id (must be once); the wrapper counts every delivery, so redeliveries that the
 *   idempotency skipped are visible too;
 * - `faults-mails` on `identity.mail.requested`: the one-time codes the sign-ups need.
 *
 * It also reads the streams raw at the end (`streamEvents`): every message stored, to find an
 * event published twice or two events for one document.
 */
import { connect, type NatsConnection } from 'nats';
import type { ServiceBroker } from 'moleculer';
import { oneTimeCodeOf } from '@puesc/contracts';
import { createBroker, createLogger } from '@puesc/kernel';
import { createMongoStore, type Store } from '@puesc/store';
import {
  createJetStreamBus,
  idempotentHandler,
  type CloudEvent,
  type EventBus,
  type Subscription,
} from '@puesc/events';

export interface ReceivedSeen {
  eventId: string;
  documentId: string;
  upoId: string;
  deliveries: number;
  runs: number;
}

export class Audit {
  private bus: EventBus | null = null;
  /** A client node of the platform's namespace: the one-time codes are asked of identity. */
  private broker: ServiceBroker | null = null;
  private store: Store | null = null;
  private subs: Subscription[] = [];
  readonly received = new Map<string, ReceivedSeen>();
  /** Latest one-time code per address and template. */
  readonly codes = new Map<string, string>();
  mailEvents = 0;
  deliveries = 0;
  runs = 0;

  constructor(
    private readonly natsUrl: string,
    private readonly namespace: string,
    private readonly mongoUrl: string,
  ) {}

  async start(): Promise<void> {
    const logger = createLogger('faults-audit', 'silent');
    this.bus = await createJetStreamBus({ url: this.natsUrl, prefix: this.namespace, logger, reconnectWaitMs: 250 });
    this.broker = createBroker({
      natsUrl: this.natsUrl,
      namespace: this.namespace,
      nodeID: `${this.namespace}-faults-audit`,
      logLevel: 'silent',
      requestTimeout: 5000,
    });
    await this.broker.start();
    this.store = await createMongoStore({ url: this.mongoUrl, dbName: `${this.namespace}-faults-audit` });
    const inner = idempotentHandler({
      store: this.store,
      consumer: 'faults-audit',
      handler: async (e: CloudEvent) => {
        this.runs++;
        const seen = this.received.get(e.id)!;
        seen.runs++;
      },
    });
    this.subs.push(
      await this.bus.consume({
        durable: 'faults-audit',
        subjects: ['seap.document.received'],
        retryDelayMs: 200,
        handler: async (e, d) => {
          this.deliveries++;
          const data = e.data as { documentId: string; upoId: string };
          const seen = this.received.get(e.id) ?? {
            eventId: e.id,
            documentId: data.documentId,
            upoId: data.upoId,
            deliveries: 0,
            runs: 0,
          };
          seen.deliveries++;
          this.received.set(e.id, seen);
          await inner(e, d);
        },
      }),
    );
    this.subs.push(
      await this.bus.consume({
        durable: 'faults-mails',
        subjects: ['identity.mail.requested'],
        retryDelayMs: 200,
        handler: async (e) => {
          this.mailEvents++;
          const m = e.data as { to: string; template: string };
          // Sealed in identity (issue 18 item 12); a failed call (identity down) is redelivered.
          const code = await oneTimeCodeOf(e, this.broker!);
          if (code) this.codes.set(`${m.to}|${m.template}`, code);
        },
      }),
    );
  }

  async code(to: string, template: string, timeoutMs = 30_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const c = this.codes.get(`${to}|${template}`);
      if (c) return c;
      if (Date.now() > until) throw new Error(`no ${template} code for ${to} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    for (const s of this.subs) await s.stop().catch(() => undefined);
    await this.bus?.close().catch(() => undefined);
    await this.broker?.stop().catch(() => undefined);
    await this.store?.close().catch(() => undefined);
  }
}

export interface StoredEvent {
  seq: number;
  id: string;
  subject: string;
  data: Record<string, unknown>;
}

/** Every message a stream holds, in order (raw: what the relays published, after the server's dedup). */
export async function streamEvents(natsUrl: string, stream: string): Promise<StoredEvent[]> {
  const nc: NatsConnection = await connect({ servers: natsUrl });
  try {
    const jsm = await nc.jetstreamManager();
    const info = await jsm.streams.info(stream);
    const out: StoredEvent[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      let m;
      try {
        m = await jsm.streams.getMessage(stream, { seq });
      } catch {
        continue; // deleted
      }
      const e = JSON.parse(new TextDecoder().decode(m.data)) as CloudEvent;
      out.push({ seq, id: e.id, subject: m.subject, data: e.data as Record<string, unknown> });
    }
    return out;
  } finally {
    await nc.close();
  }
}
