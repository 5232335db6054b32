import { Schema } from 'mongoose';
import { conflict, invalidField, isAppError, unavailable, type Logger } from '@puesc/kernel';
import type { Collection, Doc, Store } from '@puesc/store';
import type { CloudEvent, ConsumeOptions, EventBus, StreamSpec, Subscription } from './types';
import { parseCloudEvent, subjectOf } from './envelope';
import { isValidFilter, matchesAny } from './subjects';

export interface EmbeddedBusOptions {
  /** Where the log and the consumer cursors live; the bus does not close it. */
  store: Store;
  logger: Logger;
  /** Safety-net poll when no in-process publish woke a consumer, ms (default 1000). */
  pollMs?: number;
  /**
   * Refuse to publish on a subject no `ensureStream` covers, as JetStream does (default true),
   * so a service that forgot to declare its stream fails in embedded mode too.
   */
  requireStream?: boolean;
}

interface LogEntry {
  /** The event id: the primary key makes a second publish of the same id a no-op. */
  _id: string;
  seq: number;
  subject: string;
  /** The envelope as JSON: keeps arbitrary payload keys (dots, `$`) away from the store's rules. */
  event: string;
}

interface Cursor {
  _id: string;
  /** Sequence of the last log entry this consumer has finished with. */
  cursor: number;
  subjects: string[];
}

interface Counter {
  _id: string;
  seq?: number;
}

const LOG = '_eventlog';
const COUNTER_ID = 'eventlog';
const BATCH = 100;
const DURABLE_NAME = /^[A-Za-z0-9_-]+$/;

const logSchema = new Schema({
  _id: { type: String },
  seq: { type: Number, required: true, unique: true },
  subject: { type: String, required: true },
  event: { type: String, required: true },
});
const counterSchema = new Schema({ _id: { type: String }, seq: { type: Number } });
const cursorSchema = new Schema({
  _id: { type: String },
  cursor: { type: Number, required: true },
  subjects: { type: [String] },
});

/**
 * The EventBus of one process: an append-only log persisted in the store, durable cursors per
 * consumer, delivery in log order, at-least-once (a cursor moves only after its handler succeeded).
 * One bus per store: sequence allocation is serialised in this process.
 */
export function createEmbeddedBus(o: EmbeddedBusOptions): EventBus {
  const { store, logger } = o;
  const pollMs = o.pollMs ?? 1000;
  const requireStream = o.requireStream ?? true;
  const log: Collection<LogEntry> = store.collection<LogEntry>({ name: LOG, schema: logSchema });
  const counters: Collection<Counter> = store.collection<Counter>({ name: '_eventlog_seq', schema: counterSchema });
  const cursors: Collection<Cursor> = store.collection<Cursor>({ name: '_consumers', schema: cursorSchema });
  const streams = new Map<string, StreamSpec>();
  const subs = new Map<string, EmbeddedSubscription>();
  let closed = false;

  // Sequence allocation and insert run one at a time, so entries become visible in sequence
  // order and a consumer that has read seq n can never later find a smaller one appearing.
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };

  const lastSeq = () => serial(async () => (await counters.get(COUNTER_ID))?.seq ?? 0);

  return {
    kind: 'embedded',

    async ensureStream(spec: StreamSpec): Promise<void> {
      if (!spec.name) throw invalidField('name', 'a stream needs a name');
      for (const s of spec.subjects)
        if (!isValidFilter(s)) throw invalidField('subjects', `${s} is not a valid subject`);
      streams.set(spec.name, { ...spec, subjects: [...spec.subjects] });
    },

    async publish(event: CloudEvent): Promise<void> {
      if (closed) throw unavailable('the event bus is closed');
      parseCloudEvent(event);
      const subject = subjectOf(event);
      if (requireStream && ![...streams.values()].some((s) => matchesAny(s.subjects, subject))) {
        throw unavailable(`no stream stores subject ${subject}`);
      }
      const appended = await serial(async () => {
        if (await log.get(event.id)) return false;
        const seq = await counters.increment(COUNTER_ID, 'seq');
        try {
          await log.insert({ _id: event.id, seq, subject, event: JSON.stringify(event) });
        } catch (e) {
          // Another bus instance on the same store won the id: still a duplicate, not an error.
          if (isAppError(e) && e.type === 'conflict' && (await log.get(event.id))) return false;
          throw e;
        }
        return true;
      });
      if (appended) for (const s of subs.values()) s.wake();
      else logger.debug({ eventId: event.id }, 'duplicate publish ignored');
    },

    async consume(opts: ConsumeOptions): Promise<Subscription> {
      if (closed) throw unavailable('the event bus is closed');
      const { durable } = opts;
      if (!DURABLE_NAME.test(durable)) throw invalidField('durable', 'letters, digits, - and _ only');
      if (!opts.subjects.length) throw invalidField('subjects', 'at least one subject filter is needed');
      for (const s of opts.subjects)
        if (!isValidFilter(s)) throw invalidField('subjects', `${s} is not a valid filter`);
      if (subs.has(durable)) throw conflict(`consumer ${durable} is already running in this process`);

      let doc = await cursors.get(durable);
      if (!doc) {
        const start = opts.deliverFrom === 'new' ? await lastSeq() : 0;
        doc = await cursors.insert({ _id: durable, cursor: start, subjects: [...opts.subjects] });
      } else if (doc.subjects.join('\n') !== opts.subjects.join('\n')) {
        // Like a JetStream consumer update: the position is kept, the filter changes.
        doc = await cursors.update({ ...doc, subjects: [...opts.subjects] });
      }
      const sub = new EmbeddedSubscription(opts, doc, log, cursors, logger, pollMs, () => subs.delete(durable));
      subs.set(durable, sub);
      sub.start();
      return sub;
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.all([...subs.values()].map((s) => s.stop()));
      await tail;
    },
  };
}

class EmbeddedSubscription implements Subscription {
  private stopping = false;
  private signalled = false;
  private waiter: (() => void) | null = null;
  private running: Promise<void> = Promise.resolve();
  private cursor: number;

  constructor(
    private readonly opts: ConsumeOptions,
    private doc: Doc<Cursor>,
    private readonly log: Collection<LogEntry>,
    private readonly cursors: Collection<Cursor>,
    private readonly logger: Logger,
    private readonly pollMs: number,
    private readonly onStopped: () => void,
  ) {
    this.cursor = doc.cursor;
  }

  start(): void {
    this.running = this.run();
  }

  /** A new entry was appended (or stop was asked): end the current wait now. */
  wake(): void {
    this.signalled = true;
    this.waiter?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
    this.onStopped();
  }

  private sleep(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopping || (wakeable && this.signalled)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiter = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref?.();
      // A retry wait ends only on stop; an idle wait also ends on a publish.
      this.waiter = wakeable ? done : () => this.stopping && done();
    });
  }

  private async run(): Promise<void> {
    const { subjects } = this.opts;
    while (!this.stopping) {
      try {
        this.signalled = false;
        const batch = await this.log.find({ seq: { $gt: this.cursor } }, { sort: { seq: 1 }, limit: BATCH });
        if (!batch.length) {
          await this.sleep(this.pollMs, true);
          continue;
        }
        for (const entry of batch) {
          if (this.stopping) break;
          if (matchesAny(subjects, entry.subject)) {
            if (!(await this.deliver(entry))) break;
            this.cursor = entry.seq;
            await this.save();
          } else {
            this.cursor = entry.seq; // saved with the next delivery or at the end of the batch
          }
        }
        if (this.cursor !== this.doc.cursor) await this.save();
      } catch (err) {
        this.logger.error({ err, durable: this.opts.durable }, 'embedded consumer failed; retrying');
        await this.sleep(this.pollMs, false);
      }
    }
  }

  /** Runs the handler until it succeeds; false when stopped first (the entry stays undelivered). */
  private async deliver(entry: Doc<LogEntry>): Promise<boolean> {
    const { handler, durable, maxDeliver, retryDelayMs = 1000 } = this.opts;
    for (let attempt = 1; ; attempt++) {
      const event = JSON.parse(entry.event) as CloudEvent;
      try {
        await handler(event, { event, seq: entry.seq, attempt });
        return true;
      } catch (err) {
        if (maxDeliver && maxDeliver > 0 && attempt >= maxDeliver) {
          this.logger.error(
            { err, durable, eventId: event.id, attempt },
            'event handler failed; max deliveries reached, skipping',
          );
          return true;
        }
        this.logger.warn({ err, durable, eventId: event.id, attempt }, 'event handler failed; will redeliver');
        await this.sleep(retryDelayMs, false);
        if (this.stopping) return false;
      }
    }
  }

  private async save(): Promise<void> {
    this.doc = await this.cursors.update({ ...this.doc, cursor: this.cursor });
  }
}
