import fs from 'node:fs';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { conflict, invalid } from '@puesc/kernel';
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
import { toNedbQuery } from './nedbQuery';
import { describeSpec, type CollectionInfo } from './spec';
import type { Collection, CollectionSpec, Doc, Filter, FindOptions, Store, WriteOptions } from './types';

export interface EmbeddedStoreOptions {
  /** Directory holding one `<collection>.db` file per collection (e.g. `.data/<service>`). */
  dir?: string;
  /** Keep everything in memory (tests, benchmarks); `dir` is then ignored. */
  inMemory?: boolean;
}

/** nedb appends every write to the file; compacting now and then keeps restarts fast. */
const COMPACT_EVERY_WRITES = 2000;

type Raw = Record<string, unknown>;

/**
 * The embedded store: `@seald-io/nedb`, one datastore per collection. nedb runs its operations one
 * at a time, so a conditional update (`{ _id, version }`) or `$inc` is atomic within this process —
 * which is the only process that may open the directory.
 */
export function createEmbeddedStore(o: EmbeddedStoreOptions): Store {
  const dir = o.inMemory ? null : o.dir;
  if (dir === undefined) throw new Error('createEmbeddedStore needs a dir, or inMemory: true');
  if (dir) fs.mkdirSync(dir, { recursive: true });
  const collections = new Map<string, { spec: CollectionSpec; col: NedbCollection<object> }>();
  let closed = false;
  const isClosed = () => closed;

  return {
    kind: 'embedded',
    collection<T extends object>(spec: CollectionSpec): Collection<T> {
      const known = collections.get(spec.name);
      if (known) {
        if (known.spec.schema !== spec.schema)
          throw new Error(`Collection ${spec.name} is already open with another schema`);
        return known.col as unknown as Collection<T>;
      }
      const col = new NedbCollection<object>(
        describeSpec(spec),
        dir ? path.join(dir, `${spec.name}.db`) : null,
        isClosed,
      );
      collections.set(spec.name, { spec, col });
      return col as unknown as Collection<T>;
    },
    async ping() {
      if (closed) throw new Error('embedded store is closed');
      if (dir) await fs.promises.access(dir, fs.constants.W_OK);
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...collections.values()].map(({ col }) => col.close()));
    },
  };
}

class NedbCollection<T extends object> implements Collection<T> {
  readonly name: string;
  private readonly ready: Promise<Datastore<Raw>>;
  private writes = 0;

  constructor(
    private readonly info: CollectionInfo,
    private readonly file: string | null,
    private readonly isClosed: () => boolean,
  ) {
    this.name = info.name;
    this.ready = this.open();
    // A failed open is reported by the first operation that needs the datastore.
    this.ready.catch(() => undefined);
  }

  private async open(): Promise<Datastore<Raw>> {
    const ds = new Datastore<Raw>(this.file ? { filename: this.file } : { inMemoryOnly: true });
    await ds.loadDatabaseAsync();
    for (const ix of this.info.indexes) {
      const fields = Object.keys(ix.fields);
      await ds.ensureIndexAsync({
        fieldName: fields.length === 1 ? fields[0]! : fields,
        unique: ix.unique,
        // nedb's sparse indexes miss Date values in range and equality queries; sparseness only
        // changes behaviour for unique indexes (several documents without the field), so a
        // non-unique index is built dense.
        sparse: ix.sparse && ix.unique,
      });
    }
    return ds;
  }

  private async db(): Promise<Datastore<Raw>> {
    if (this.isClosed()) throw new Error(`embedded store is closed (collection ${this.name})`);
    return this.ready;
  }

  private wrote(ds: Datastore<Raw>): void {
    if (this.file && ++this.writes % COMPACT_EVERY_WRITES === 0) ds.compactDatafileAsync().catch(() => undefined);
  }

  private mapError(e: unknown): unknown {
    const err = e as { errorType?: string; message?: string };
    // Deliberately no key value in the message: unique keys are often personal ids (PESEL, NIP).
    if (err.errorType === 'uniqueViolated')
      return conflict(`${this.name}: a document with the same unique value already exists`);
    if (err.message?.includes('$inc modifier on non-number'))
      return invalid(`${this.name}: cannot increment a non-number field`);
    return e;
  }

  async insert(doc: T & { _id: string }, opts?: WriteOptions): Promise<Doc<T>> {
    const ds = await this.db();
    const stored = { _id: checkId(doc._id), ...ownFields(doc), version: 1, _outbox: checkEvents(opts?.events) };
    this.info.validate(stored);
    try {
      const saved = await ds.insertAsync(stored);
      this.wrote(ds);
      return asDoc<T>(saved);
    } catch (e) {
      throw this.mapError(e);
    }
  }

  async get(id: string): Promise<Doc<T> | null> {
    const raw = await (await this.db()).findOneAsync({ _id: checkId(id) });
    return raw ? asDoc<T>(raw) : null;
  }

  async findOne(filter: Filter): Promise<Doc<T> | null> {
    const raw = await (await this.db()).findOneAsync(toNedbQuery(checkFilter(filter)));
    return raw ? asDoc<T>(raw) : null;
  }

  async find(filter: Filter, opts?: FindOptions): Promise<Doc<T>[]> {
    const q = toNedbQuery(checkFilter(filter));
    const o = checkFindOptions(opts);
    let cursor = (await this.db()).findAsync(q);
    if (o.sort) cursor = cursor.sort(o.sort);
    if (o.skip) cursor = cursor.skip(o.skip);
    if (o.limit) cursor = cursor.limit(o.limit);
    const rows = (await cursor) as unknown as Raw[];
    return rows.map((r) => asDoc<T>(r));
  }

  async count(filter: Filter): Promise<number> {
    const q = toNedbQuery(checkFilter(filter));
    return (await (await this.db()).countAsync(q)) as unknown as number;
  }

  async update(doc: Doc<T>, opts?: WriteOptions): Promise<Doc<T>> {
    const ds = await this.db();
    const id = checkId(doc._id);
    const version = checkVersion(doc.version);
    const own = ownFields(doc);
    const events = checkEvents(opts?.events);
    this.info.validate({ _id: id, ...own, version: version + 1 });
    const current = await ds.findOneAsync({ _id: id });
    if (!current || current['version'] !== version) throw staleOrMissing(this.name, id, version, current);
    try {
      // Conditional on the version read: a concurrent update in between makes this match nothing.
      const res = await ds.updateAsync({ _id: id, version }, replaceModifier(current, own, version + 1, events), {
        returnUpdatedDocs: true,
      });
      if (!res.affectedDocuments) throw staleOrMissing(this.name, id, version, await ds.findOneAsync({ _id: id }));
      this.wrote(ds);
      return asDoc<T>(res.affectedDocuments);
    } catch (e) {
      throw this.mapError(e);
    }
  }

  async increment(id: string, field: string, by = 1): Promise<number> {
    const ds = await this.db();
    checkId(id);
    checkIncrement(field, by);
    try {
      const res = await ds.updateAsync(
        { _id: id },
        { $inc: { [field]: by } },
        { upsert: true, returnUpdatedDocs: true },
      );
      // nedb has no $setOnInsert; give a freshly created counter document its version separately.
      if (res.upsert) await ds.updateAsync({ _id: id, version: { $exists: false } }, { $set: { version: 1 } }, {});
      this.wrote(ds);
      return valueAt(res.affectedDocuments, field);
    } catch (e) {
      throw this.mapError(e);
    }
  }

  async withPendingEvents(limit: number): Promise<Doc<T>[]> {
    return this.find({ '_outbox.0': { $exists: true } }, { sort: PENDING_ORDER, limit: checkLimit(limit) });
  }

  async markEventsSent(id: string, eventIds: string[]): Promise<void> {
    const ds = await this.db();
    const ids = checkEventIds(eventIds);
    if (!ids.length) return;
    // $pull touches the outbox only: the version (and any concurrent state change) is left alone.
    await ds.updateAsync(
      { _id: checkId(id), '_outbox.0': { $exists: true } },
      { $pull: { _outbox: { id: { $in: ids } } } },
      {},
    );
    this.wrote(ds);
  }

  async close(): Promise<void> {
    const ds = await this.ready.catch(() => null);
    // Queued behind every pending write, so the file is complete (and compact) when this resolves.
    if (ds && this.file) await ds.compactDatafileAsync();
  }
}
