import mongoose from 'mongoose';
import { conflict, invalid, unavailable } from '@puesc/kernel';
import {
  PENDING_ORDER,
  asDoc,
  checkEventIds,
  checkEvents,
  checkId,
  checkIncrement,
  checkLimit,
  checkVersion,
  ownFields,
  replaceModifier,
  staleOrMissing,
  valueAt,
} from './docs';
import { checkFilter, checkFindOptions } from './filters';
import { DocLocks } from './docLocks';
import { describeSpec, type CollectionInfo } from './spec';
import type { Collection, CollectionSpec, Doc, Filter, FindOptions, PendingEvent, Store, WriteOptions } from './types';

export interface MongoStoreOptions {
  url: string;
  dbName: string;
  /** How long an operation waits for a reachable server before failing (ms). */
  serverSelectionTimeoutMS?: number;
  /**
   * Serialize writes to one document through a lock collection. Needed where conditional updates
   * are not atomic; default: on when the server is FerretDB (its buildInfo says so), off for MongoDB.
   */
  serializeWrites?: boolean;
}

/** Where DocLocks keeps its lock documents; reserved, no service collection may take the name. */
const LOCKS_COLLECTION = '_store_locks';

type Raw = { _id: string; [field: string]: unknown };
type NativeCollection = mongoose.mongo.Collection<Raw>;

/**
 * The production store: MongoDB (or FerretDB) through a mongoose connection. Writes go through the
 * driver collection so that the stored shape is exactly what the embedded store keeps (no `__v`,
 * the outbox kept even when the schema does not declare it); mongoose validates and builds indexes.
 * Uses only single-document operations: no transactions, which FerretDB lacks. On FerretDB, whose
 * conditional updates are not atomic, read-check-write operations on one document are serialized
 * by DocLocks.
 */
export async function createMongoStore(o: MongoStoreOptions): Promise<Store> {
  const conn = mongoose.createConnection(o.url, {
    dbName: o.dbName,
    // Indexes are created per collection on first use, awaited, so a missing unique index can never go unnoticed.
    autoIndex: false,
    autoCreate: false,
    serverSelectionTimeoutMS: o.serverSelectionTimeoutMS ?? 10_000,
  });
  await conn.asPromise();
  const db = conn.db;
  if (!db) throw new Error('mongoose connection has no database handle');
  const collections = new Map<string, { spec: CollectionSpec; col: MongoCollection<object> }>();
  const buildInfo = await db
    .admin()
    .command({ buildInfo: 1 })
    .catch(async (e: unknown) => {
      await conn.close();
      throw e;
    });
  const locks =
    (o.serializeWrites ?? Boolean(buildInfo['ferretdbVersion']))
      ? new DocLocks(db.collection(LOCKS_COLLECTION), isDuplicateKey)
      : undefined;

  return {
    kind: 'mongo',
    collection<T extends object>(spec: CollectionSpec): Collection<T> {
      const known = collections.get(spec.name);
      if (known) {
        if (known.spec.schema !== spec.schema)
          throw new Error(`Collection ${spec.name} is already open with another schema`);
        return known.col as unknown as Collection<T>;
      }
      if (spec.name === LOCKS_COLLECTION) throw new Error(`${LOCKS_COLLECTION} is reserved by the store`);
      const info = describeSpec(spec);
      const model = conn.model(spec.name, spec.schema, spec.name);
      const col = new MongoCollection<object>(info, db.collection<Raw>(spec.name), model.createIndexes(), locks);
      collections.set(spec.name, { spec, col });
      return col as unknown as Collection<T>;
    },
    async ping() {
      await db.command({ ping: 1 });
    },
    async close() {
      await locks?.drain();
      await conn.close();
    },
  };
}

/** Update documents built at run time; the driver's static UpdateFilter typing cannot follow dynamic paths. */
const modifier = (m: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>> => m;

const isDuplicateKey = (e: unknown): boolean => {
  const err = e as { code?: unknown; message?: unknown };
  // FerretDB's SQLite backend reports a unique violation on update as code 1 with SQLite's own text.
  return (
    err.code === 11000 ||
    err.code === 11001 ||
    /E11000|duplicate key|UNIQUE constraint failed/i.test(String(err.message ?? ''))
  );
};

const isUnreachable = (e: unknown): boolean =>
  /^Mongo(ServerSelection|Network|NetworkTimeout|NotConnected|TopologyClosed)Error$/.test((e as Error)?.name ?? '');

class MongoCollection<T extends object> implements Collection<T> {
  readonly name: string;

  constructor(
    private readonly info: CollectionInfo,
    private readonly col: NativeCollection,
    private readonly indexes: Promise<unknown>,
    private readonly locks: DocLocks | undefined,
  ) {
    this.name = info.name;
    // A failed index build is reported by every operation (see ready()).
    indexes.catch(() => undefined);
  }

  private async ready(): Promise<NativeCollection> {
    await this.indexes;
    return this.col;
  }

  private mapError(e: unknown): unknown {
    if (isDuplicateKey(e)) return conflict(`${this.name}: a document with the same unique value already exists`);
    if ((e as { code?: unknown }).code === 14) return invalid(`${this.name}: ${(e as Error).message}`);
    if (isUnreachable(e)) return unavailable(`database unreachable (${this.name})`);
    return e;
  }

  /** Read-check-write of one document, made exclusive where the server cannot do it atomically. */
  private exclusive<R>(id: string, fn: () => Promise<R>): Promise<R> {
    return this.locks ? this.locks.with(`${this.name}/${id}`, fn) : fn();
  }

  private async run<R>(f: (c: NativeCollection) => Promise<R>): Promise<R> {
    try {
      return await f(await this.ready());
    } catch (e) {
      throw this.mapError(e);
    }
  }

  async insert(doc: T & { _id: string }, opts?: WriteOptions): Promise<Doc<T>> {
    const stored = { _id: checkId(doc._id), ...ownFields(doc), version: 1, _outbox: checkEvents(opts?.events) };
    this.info.validate(stored);
    await this.run((c) => c.insertOne(stored));
    return asDoc<T>(stored);
  }

  async get(id: string): Promise<Doc<T> | null> {
    const raw = await this.run((c) => c.findOne({ _id: checkId(id) }));
    return raw ? asDoc<T>(raw) : null;
  }

  async findOne(filter: Filter): Promise<Doc<T> | null> {
    const q = checkFilter(filter);
    const raw = await this.run((c) => c.findOne(q));
    return raw ? asDoc<T>(raw) : null;
  }

  async find(filter: Filter, opts?: FindOptions): Promise<Doc<T>[]> {
    const q = checkFilter(filter);
    const o = checkFindOptions(opts);
    const rows = await this.run((c) =>
      c.find(q, { ...(o.sort ? { sort: o.sort } : {}), skip: o.skip, limit: o.limit }).toArray(),
    );
    return rows.map((r) => asDoc<T>(r));
  }

  async count(filter: Filter): Promise<number> {
    const q = checkFilter(filter);
    return this.run((c) => c.countDocuments(q));
  }

  async update(doc: Doc<T>, opts?: WriteOptions): Promise<Doc<T>> {
    const id = checkId(doc._id);
    const version = checkVersion(doc.version);
    const own = ownFields(doc);
    const events = checkEvents(opts?.events);
    this.info.validate({ _id: id, ...own, version: version + 1 });
    return this.exclusive(id, async () => {
      const current = await this.run((c) => c.findOne({ _id: id }));
      if (!current || current['version'] !== version) throw staleOrMissing(this.name, id, version, current);
      // Conditional on the version read (optimistic concurrency). Field-wise $set/$unset plus $push
      // instead of replaceOne: a replacement would also overwrite the outbox and resurrect events
      // that the relay marked sent between our read and this write.
      const updated = await this.run((c) =>
        c.findOneAndUpdate({ _id: id, version }, replaceModifier(current, own, version + 1, events), {
          returnDocument: 'after',
        }),
      );
      if (!updated) throw staleOrMissing(this.name, id, version, await this.run((c) => c.findOne({ _id: id })));
      return asDoc<T>(updated);
    });
  }

  async increment(id: string, field: string, by = 1): Promise<number> {
    checkId(id);
    checkIncrement(field, by);
    const bump = () =>
      this.run((c) =>
        c.findOneAndUpdate({ _id: id }, modifier({ $inc: { [field]: by }, $setOnInsert: { version: 1 } }), {
          upsert: true,
          returnDocument: 'after',
        }),
      );
    return this.exclusive(id, async () => {
      try {
        return valueAt(await bump(), field);
      } catch (e) {
        // Two first-time upserts can race on the _id index; the loser's retry finds the document.
        if ((e as { type?: string }).type !== 'conflict') throw e;
        return valueAt(await bump(), field);
      }
    });
  }

  async withPendingEvents(limit: number): Promise<Doc<T>[]> {
    return this.find({ '_outbox.0': { $exists: true } }, { sort: PENDING_ORDER, limit: checkLimit(limit) });
  }

  async markEventsSent(id: string, eventIds: string[]): Promise<void> {
    const ids = new Set(checkEventIds(eventIds));
    if (!ids.size) return;
    await this.exclusive(checkId(id), async () => {
      const doc = await this.get(id);
      const sent = (doc?._outbox ?? []).filter((e: PendingEvent) => ids.has(e.id));
      if (!sent.length) return;
      // $pullAll with the exact elements read, not `$pull: { _outbox: { id: { $in } } }`: FerretDB 1.24
      // accepts the conditional $pull but removes nothing. Outbox elements never change once written
      // (updates only $push), so the elements read are still the stored ones. The version is untouched.
      await this.run((c) => c.updateOne({ _id: id }, modifier({ $pullAll: { _outbox: sent } })));
    });
  }
}
