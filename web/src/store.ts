import { useEffect, useState } from 'preact/hooks';

/** A value that components follow: `use()` re-renders them when it changes. */
export interface Store<T> {
  get(): T;
  set(next: T): void;
  subscribe(fn: (v: T) => void): () => void;
  use(): T;
}

export function createStore<T>(initial: T): Store<T> {
  let value = initial;
  const subs = new Set<(v: T) => void>();
  const store: Store<T> = {
    get: () => value,
    set(next) {
      if (Object.is(next, value)) return;
      value = next;
      for (const fn of [...subs]) fn(value);
    },
    subscribe(fn) {
      subs.add(fn);
      return () => subs.delete(fn);
    },
    use() {
      const [, force] = useState(0);
      useEffect(() => store.subscribe(() => force((n) => n + 1)), []);
      return value;
    },
  };
  return store;
}
