/**
 * How szprot writes: an aggregate and the events it emits in one document write (the outbox; no
 * transactions), the relay woken when there are events, and optimistic concurrency on every
 * aggregate (a conflicting writer's step runs again on what it saved).
 */
import { isAppError, withRetry } from '@puesc/kernel';
import type { Collection, Doc, PendingEvent } from '@puesc/store';
import type { SzprotDeps } from './deps';

type Relay = Pick<SzprotDeps, 'kickRelay'>;

/** How often a load → decide → save step runs before a conflict reaches the caller. */
export const WRITE_ATTEMPTS = 5;

/** Runs the step again when another writer saved the aggregate in between. */
export const retrying = <T>(step: () => Promise<T>): Promise<T> => withRetry(step, WRITE_ATTEMPTS);

/** The store refused an insert because the id (or a unique key) exists: another writer did it. */
export const isDuplicate = (e: unknown): boolean => isAppError(e) && e.type === 'conflict';

/**
 * Domain values as plain JSON data before they are stored. The domain copies with structuredClone,
 * whose objects may come from another realm (jest's sandbox); the store takes plain objects only.
 */
export const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** Saves a changed document with its events in one write. */
export async function updateWithEvents<T extends object>(
  d: Relay,
  coll: Collection<T>,
  doc: Doc<T>,
  events: PendingEvent[],
): Promise<Doc<T>> {
  const saved = await coll.update(doc, events.length ? { events } : undefined);
  if (events.length) d.kickRelay();
  return saved;
}

/** Inserts a new document with its events in one write. */
export async function insertWithEvents<T extends object>(
  d: Relay,
  coll: Collection<T>,
  doc: T & { _id: string },
  events: PendingEvent[],
): Promise<Doc<T>> {
  const saved = await coll.insert(doc, events.length ? { events } : undefined);
  if (events.length) d.kickRelay();
  return saved;
}

/** Reads, changes and writes one document, again on a concurrent change; null from `change` = nothing to do. */
export function mutate<T extends object>(
  d: Relay,
  coll: Collection<T>,
  id: string,
  change: (doc: Doc<T>) => { doc: Doc<T>; events?: PendingEvent[] } | null,
): Promise<Doc<T> | null> {
  return retrying(async () => {
    const doc = await coll.get(id);
    if (!doc) return null;
    const out = change(doc);
    if (!out) return doc;
    return updateWithEvents(d, coll, out.doc, out.events ?? []);
  });
}
