import { isPlainObject } from './docs';
import type { Filter } from './types';

type Query = Record<string, unknown>;

const missing = (path: string): Query => ({ [path]: { $exists: false } });
const present = (path: string): Query => ({ [path]: { $exists: true } });

/** MongoDB's `null` matches a missing field too; nedb's does not, so spell it out. */
function eq(path: string, v: unknown): Query {
  return v === null ? { $or: [{ [path]: null }, missing(path)] } : { [path]: v };
}

function op(path: string, name: string, v: unknown): Query {
  switch (name) {
    case '$eq':
      return eq(path, v);
    case '$ne':
      return v === null ? { $and: [present(path), { [path]: { $ne: null } }] } : { [path]: { $ne: v } };
    case '$in': {
      const list = v as unknown[];
      if (!list.includes(null)) return { [path]: { $in: list } };
      return { $or: [{ [path]: { $in: list.filter((x) => x !== null) } }, eq(path, null)] };
    }
    case '$nin': {
      const list = v as unknown[];
      if (!list.includes(null)) return { [path]: { $nin: list } };
      return { $and: [{ [path]: { $nin: list.filter((x) => x !== null) } }, op(path, '$ne', null)] };
    }
    default:
      return { [path]: { [name]: v } };
  }
}

/** Translates a checked filter into an nedb query that selects what MongoDB would select. */
export function toNedbQuery(filter: Filter): Query {
  const clauses: Query[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$or' || key === '$and') clauses.push({ [key]: (value as Filter[]).map(toNedbQuery) });
    else if (isPlainObject(value)) for (const [name, v] of Object.entries(value)) clauses.push(op(key, name, v));
    else clauses.push(eq(key, value));
  }
  if (clauses.length <= 1) return clauses[0] ?? {};
  return { $and: clauses };
}
