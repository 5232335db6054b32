import type { Schema } from 'mongoose';

/** A durable fact waiting in its aggregate's document until the relay publishes it. */
export interface PendingEvent {
  /** CloudEvent id; also the JetStream Nats-Msg-Id, so a re-publish is deduplicated. */
  id: string;
  /** CloudEvent type, e.g. `puesc.registry.company.registered.v1`. */
  type: string;
  /** Message subject, e.g. `registry.company.registered`. */
  subject: string;
  /** CloudEvent source, e.g. `/registry`. */
  source: string;
  time: string;
  data: Record<string, unknown>;
  /** Extra CloudEvent attributes (LEG-02: eori, nip, ...). Lower-case alphanumeric names. */
  ext?: Record<string, string>;
}

/** Every stored document: an id, a version for optimistic concurrency, and its outbox. */
export interface StoredDoc {
  _id: string;
  /** Starts at 1 on insert; each update must present the version it read. */
  version: number;
  /** Pending events (the outbox), written in the same document write as the state. */
  _outbox?: PendingEvent[];
}

export type Doc<T> = T & StoredDoc;

type Scalar = string | number | boolean | Date | null;
export interface FieldOps {
  $eq?: Scalar;
  $ne?: Scalar;
  $in?: Scalar[];
  $nin?: Scalar[];
  $gt?: Scalar;
  $gte?: Scalar;
  $lt?: Scalar;
  $lte?: Scalar;
  $exists?: boolean;
}
/**
 * The filter subset both adapters support identically: equality on (dotted) paths and
 * the operators above, plus $or / $and. Never pass user input as a filter unvalidated.
 */
export type Filter = { [path: string]: Scalar | FieldOps | Filter[] | undefined } & {
  $or?: Filter[];
  $and?: Filter[];
};

export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  limit?: number;
  skip?: number;
}

export interface WriteOptions {
  /** Events to append to the document's outbox in the same write. */
  events?: PendingEvent[];
}

export interface Collection<T extends object> {
  readonly name: string;
  /** Inserts a new document with version 1. Unique-index violation → AppError 409 `conflict`. */
  insert(doc: T & { _id: string }, opts?: WriteOptions): Promise<Doc<T>>;
  get(id: string): Promise<Doc<T> | null>;
  findOne(filter: Filter): Promise<Doc<T> | null>;
  find(filter: Filter, opts?: FindOptions): Promise<Doc<T>[]>;
  count(filter: Filter): Promise<number>;
  /**
   * Replaces the document if its stored version equals `doc.version`, storing version + 1.
   * A stale version → AppError 409 `concurrent-modification`; unique violation → 409 `conflict`.
   */
  update(doc: Doc<T>, opts?: WriteOptions): Promise<Doc<T>>;
  /** Atomically adds `by` to a numeric field and returns the new value (creating the doc at 0). */
  increment(id: string, field: string, by?: number): Promise<number>;
  /** Documents whose outbox is not empty, oldest first. Used by the relay. */
  withPendingEvents(limit: number): Promise<Doc<T>[]>;
  /** Removes the given events from the outbox without touching the version. */
  markEventsSent(id: string, eventIds: string[]): Promise<void>;
}

/**
 * A collection is described once by a mongoose Schema (fields, required, unique indexes);
 * the embedded adapter reads the same schema for its indexes and validation.
 */
export interface CollectionSpec {
  name: string;
  schema: Schema;
}

export interface Store {
  readonly kind: 'mongo' | 'embedded';
  collection<T extends object>(spec: CollectionSpec): Collection<T>;
  /** Throws when the backing store does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
