import type { Collection, CollectionSpec, Doc, Store, WriteOptions } from '@puesc/store';

/**
 * A store that remembers the collections its service opened, so the relay can drain their
 * outboxes, and that wakes the relay after every write carrying events (the state and its events
 * are in the database by then, so publishing can start at once).
 */
export interface TrackedStore extends Store {
  opened(): Collection<any>[];
}

export interface TrackOptions {
  /** Called after a successful insert or update that appended events to an outbox. */
  onEventsWritten?: () => void;
}

export function trackCollections(store: Store, o: TrackOptions = {}): TrackedStore {
  const opened = new Map<string, Collection<any>>();
  const wrapped = new Map<string, Collection<any>>();
  return {
    get kind() {
      return store.kind;
    },
    collection<T extends object>(spec: CollectionSpec): Collection<T> {
      const c = store.collection<T>(spec);
      const known = wrapped.get(spec.name);
      if (known) return known as Collection<T>;
      const w = o.onEventsWritten ? kickingAfterEvents(c, o.onEventsWritten) : c;
      wrapped.set(spec.name, w);
      if (!spec.name.startsWith('_')) opened.set(spec.name, w);
      return w;
    },
    ping: () => store.ping(),
    close: () => store.close(),
    opened: () => [...opened.values()],
  };
}

/** The collection itself for every member, except that a write with events calls `kick` once it succeeded. */
function kickingAfterEvents<T extends object>(c: Collection<T>, kick: () => void): Collection<T> {
  const insert = async (doc: T & { _id: string }, opts?: WriteOptions): Promise<Doc<T>> => {
    const saved = await c.insert(doc, opts);
    if (opts?.events?.length) kick();
    return saved;
  };
  const update = async (doc: Doc<T>, opts?: WriteOptions): Promise<Doc<T>> => {
    const saved = await c.update(doc, opts);
    if (opts?.events?.length) kick();
    return saved;
  };
  return new Proxy(c, {
    get(target, prop) {
      if (prop === 'insert') return insert;
      if (prop === 'update') return update;
      // Members read on the collection itself, methods bound to it (its private state stays its own).
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}
