import { concurrency, invalidField, notFound, type AppError } from '@puesc/kernel';
import type { Doc, PendingEvent } from './types';

/** Fields the store manages itself; a document's own fields are everything else. */
export const STORE_FIELDS = ['_id', 'version', '_outbox'] as const;

export const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

const badKey = (k: string): boolean =>
  k === '' || k.startsWith('$') || k.includes('.') || k.includes('\0') || k === '__proto__';

/** BSON documents hold at most 100 levels of nesting (the document itself is level 1). */
export const MAX_NESTING = 100;

/**
 * Deep copy of a value for writing. Drops `undefined` members, refuses what MongoDB, FerretDB and
 * nedb would not store the same way (operator-like or dotted keys, class instances, NaN, nesting
 * deeper than MongoDB's 100 levels — which would otherwise overflow the stack here).
 */
export function cleanValue(v: unknown, path: string, depth = 1): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (depth > MAX_NESTING && typeof v === 'object')
    throw invalidField(path, `values may not be nested deeper than ${MAX_NESTING} levels`);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw invalidField(path, 'numbers must be finite');
    return v;
  }
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw invalidField(path, 'invalid date');
    return new Date(v.getTime());
  }
  if (Array.isArray(v)) return v.map((x, i) => (x === undefined ? null : cleanValue(x, `${path}.${i}`, depth + 1)));
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (badKey(k))
        throw invalidField(path ? `${path}.${k}` : k, 'field names may not be empty, start with $ or contain a dot');
      if (x !== undefined) out[k] = cleanValue(x, path ? `${path}.${k}` : k, depth + 1);
    }
    return out;
  }
  throw invalidField(path, `unsupported value type ${typeof v === 'object' ? v.constructor?.name : typeof v}`);
}

/** A document's own fields (no store fields), cleaned for writing. */
export function ownFields(doc: object): Record<string, unknown> {
  const out = cleanValue(doc, '') as Record<string, unknown>;
  for (const f of STORE_FIELDS) delete out[f];
  return out;
}

export function checkId(id: unknown): string {
  // A non-string id could be an operator object ({ $gt: '' }) smuggled in from untyped input.
  if (typeof id !== 'string' || id === '') throw invalidField('_id', 'must be a non-empty string');
  return id;
}

export function checkEvents(events: PendingEvent[] | undefined): PendingEvent[] {
  if (events === undefined) return [];
  if (!Array.isArray(events)) throw invalidField('events', 'must be an array');
  return events.map((e, i) => {
    if (!isPlainObject(e) || typeof e.id !== 'string' || e.id === '')
      throw invalidField(`events.${i}.id`, 'must be a non-empty string');
    // stored at document → _outbox → event: two levels down
    return cleanValue(e, `events.${i}`, 3) as PendingEvent;
  });
}

/** What every read returns: a plain document whose outbox is always an array. */
export function asDoc<T>(raw: Record<string, unknown>): Doc<T> {
  if (!Array.isArray(raw['_outbox'])) raw['_outbox'] = [];
  return raw as Doc<T>;
}

/** Checks the version a caller presents for an update. */
export function checkVersion(v: unknown): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)
    throw invalidField('version', 'must be the version that was read');
  return v;
}

/**
 * The update that turns the stored document `current` into `own` at `version`, atomically:
 * fields are set or unset one by one (never the outbox, so a relay's concurrent
 * markEventsSent is not undone) and new events are pushed onto the stored outbox.
 */
export function replaceModifier(
  current: Record<string, unknown>,
  own: Record<string, unknown>,
  version: number,
  events: PendingEvent[],
): Record<string, Record<string, unknown>> {
  const m: Record<string, Record<string, unknown>> = { $set: { ...own, version } };
  const gone = Object.keys(current).filter((k) => !(k in own) && !(STORE_FIELDS as readonly string[]).includes(k));
  if (gone.length) m['$unset'] = Object.fromEntries(gone.map((k) => [k, '']));
  if (events.length) m['$push'] = { _outbox: { $each: events } };
  return m;
}

/** Why a conditional update matched nothing: the document is gone, or someone else changed it. */
export function staleOrMissing(
  collection: string,
  id: string,
  presented: number,
  stored: Record<string, unknown> | null,
): AppError {
  if (!stored) return notFound(collection, id);
  return concurrency(
    `${collection} ${id} was changed meanwhile (you have version ${presented}, stored is ${String(stored['version'])})`,
  );
}

/** A counter path: not a store field, not operator-like; a finite step. */
export function checkIncrement(field: unknown, by: unknown): void {
  if (
    typeof field !== 'string' ||
    field.split('.').some((s) => s === '' || s.startsWith('$')) ||
    (STORE_FIELDS as readonly string[]).includes(field.split('.')[0]!)
  ) {
    throw invalidField('field', `cannot increment ${String(field)}`);
  }
  if (typeof by !== 'number' || !Number.isFinite(by)) throw invalidField('by', 'must be a finite number');
}

/** Documents whose oldest pending event is oldest come first (CloudEvent time, then document id). */
export const PENDING_ORDER: Record<string, 1 | -1> = { '_outbox.0.time': 1, _id: 1 };

export function checkLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1)
    throw invalidField('limit', 'must be a positive integer');
  return limit;
}

export function checkEventIds(ids: unknown): string[] {
  if (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string'))
    throw invalidField('eventIds', 'must be an array of strings');
  return ids as string[];
}

export function valueAt(doc: unknown, dotted: string): number {
  let v: unknown = doc;
  for (const part of dotted.split('.')) v = (v as Record<string, unknown> | null)?.[part];
  if (typeof v !== 'number') throw new Error(`increment did not yield a number at ${dotted}`);
  return v;
}
