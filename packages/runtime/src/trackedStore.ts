import type { Collection, CollectionSpec, Store } from '@puesc/store';

/** A store that remembers the collections its service opened, so the relay can drain their outboxes. */
export interface TrackedStore extends Store {
  opened(): Collection<any>[];
}

export function trackCollections(store: Store): TrackedStore {
  const opened = new Map<string, Collection<any>>();
  return {
    get kind() {
      return store.kind;
    },
    collection<T extends object>(spec: CollectionSpec): Collection<T> {
      const c = store.collection<T>(spec);
      if (!spec.name.startsWith('_')) opened.set(spec.name, c);
      return c;
    },
    ping: () => store.ping(),
    close: () => store.close(),
    opened: () => [...opened.values()],
  };
}
