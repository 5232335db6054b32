/** CloudEvents 1.0 structured envelope (JSON). */
export interface CloudEvent<D = Record<string, unknown>> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema?: string;
  data: D;
  /** Extension attributes (LEG-02): eori, nip, and others; lower-case alphanumeric names. */
  [extension: string]: unknown;
}

export interface Delivery {
  event: CloudEvent;
  /** Position in the stream (JetStream stream sequence, or the embedded log's sequence). */
  seq: number;
  /** How many times this message has been delivered, 1 on the first delivery. */
  attempt: number;
  /** Messages still waiting for this consumer after this one, when the transport knows (JetStream). */
  pending?: number;
}

export type EventHandler = (event: CloudEvent, delivery: Delivery) => Promise<void>;

export interface ConsumeOptions {
  /** Durable consumer name; a restarted consumer with the same name resumes where it stopped. */
  durable: string;
  /** Subject filters, NATS wildcards allowed (`registry.>`). */
  subjects: string[];
  handler: EventHandler;
  /** Where a new durable consumer starts: `all` replays the stream from the start (default). */
  deliverFrom?: 'all' | 'new';
  /** Redelivery delay after a failed handler, ms. */
  retryDelayMs?: number;
  maxDeliver?: number;
}

export interface Subscription {
  stop(): Promise<void>;
}

/** A durable stream definition: one per owning service. */
export interface StreamSpec {
  name: string;
  subjects: string[];
  description?: string;
}

/**
 * Durable event transport. JetStream in distributed mode; an embedded, persisted log in
 * embedded mode. Both are at-least-once; consumers deduplicate by event id.
 */
export interface EventBus {
  readonly kind: 'jetstream' | 'embedded';
  ensureStream(spec: StreamSpec): Promise<void>;
  /** Publishes once per event id (the id is the dedup key). */
  publish(event: CloudEvent): Promise<void>;
  consume(opts: ConsumeOptions): Promise<Subscription>;
  close(): Promise<void>;
}
