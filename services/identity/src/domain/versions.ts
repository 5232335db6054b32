/**
 * ID-09: every change to a person or a representation is kept as a version with its date and
 * author. The current state is the document; `versions` holds a snapshot after each change.
 */
export interface Author {
  accountId: string;
  /** The capacity the author acted in (`company-manager`: company.manage on a representation of another kind, ID-12). */
  as:
    'self' | 'registration-officer' | 'case-officer' | 'admin' | 'by-law-representative' | 'company-manager' | 'system';
}

export interface Version<S> {
  n: number;
  at: Date;
  by: Author;
  /** What happened, e.g. `registered`, `contact-updated`, `approved`. */
  change: string;
  /** Names of the fields that changed (empty for state transitions). */
  fields: string[];
  snapshot: S;
}

export interface Versioned<S> {
  versions: Version<S>[];
}

/** The named members of `o`, an absent one as null: a snapshot or an answer names every member. */
export function orNull<T extends object, K extends keyof T>(
  o: T,
  keys: readonly K[],
): { [P in K]: NonNullable<T[P]> | null } {
  return Object.fromEntries(keys.map((k) => [k, o[k] ?? null])) as { [P in K]: NonNullable<T[P]> | null };
}

export const SYSTEM: Author = { accountId: 'system', as: 'system' };

/** Appends a version holding the snapshot of `next` (without its own history). */
export function withVersion<S extends object, T extends Versioned<S>>(
  next: T,
  snapshotOf: (t: T) => S,
  change: string,
  by: Author,
  at: Date,
  fields: string[] = [],
): T {
  const n = (next.versions[next.versions.length - 1]?.n ?? 0) + 1;
  return { ...next, versions: [...next.versions, { n, at, by, change, fields, snapshot: snapshotOf(next) }] };
}

/** Names of top-level fields whose JSON differs between two snapshots. */
export function changedFields(before: object, after: object): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter(
    (k) =>
      JSON.stringify((before as Record<string, unknown>)[k]) !== JSON.stringify((after as Record<string, unknown>)[k]),
  );
}

/** Deep copy of plain data (objects, arrays, dates, scalars), in this realm. */
export function clone<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (Array.isArray(v)) return v.map(clone) as T;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) out[k] = clone(x);
  return out as T;
}
