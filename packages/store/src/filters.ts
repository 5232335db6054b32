import { invalidField } from '@puesc/kernel';
import { isPlainObject } from './docs';
import type { Filter, FindOptions } from './types';

/** The only operators both adapters evaluate the same way. Everything else ($where, $regex, $expr, ...) is refused. */
export const FIELD_OPERATORS = ['$eq', '$ne', '$in', '$nin', '$gt', '$gte', '$lt', '$lte', '$exists'] as const;
export type FieldOperator = (typeof FIELD_OPERATORS)[number];
const FIELD_OPS = new Set<string>(FIELD_OPERATORS);
const LOGICAL_OPS = new Set(['$or', '$and']);

/** A dotted path whose segments are non-empty and never operator-like. */
export function checkPath(path: unknown, what: string): string {
  if (
    typeof path !== 'string' ||
    path === '' ||
    path.split('.').some((s) => s === '' || s.startsWith('$') || s.includes('\0'))
  ) {
    throw invalidField(String(path), `unsupported ${what}`);
  }
  return path;
}

const isScalar = (v: unknown): boolean =>
  v === null ||
  typeof v === 'string' ||
  typeof v === 'boolean' ||
  (typeof v === 'number' && Number.isFinite(v)) ||
  (v instanceof Date && !Number.isNaN(v.getTime()));

function checkScalar(v: unknown, at: string): unknown {
  // Objects, arrays and RegExps as values would mean sub-document equality or pattern matching,
  // which the adapters do not evaluate alike (or at all, safely).
  if (!isScalar(v)) throw invalidField(at, 'filter values must be strings, numbers, booleans, dates or null');
  return v;
}

function checkCondition(path: string, cond: unknown): unknown {
  if (!isPlainObject(cond)) return checkScalar(cond, path);
  const out: Record<string, unknown> = {};
  const ops = Object.entries(cond).filter(([, v]) => v !== undefined);
  if (ops.length === 0) throw invalidField(path, 'empty condition');
  for (const [op, v] of ops) {
    if (!FIELD_OPS.has(op)) throw invalidField(`${path}.${op}`, 'unsupported filter operator');
    if (op === '$in' || op === '$nin') {
      if (!Array.isArray(v)) throw invalidField(`${path}.${op}`, 'must be an array');
      out[op] = v.map((x, i) => checkScalar(x, `${path}.${op}.${i}`));
    } else if (op === '$exists') {
      if (typeof v !== 'boolean') throw invalidField(`${path}.${op}`, 'must be true or false');
      out[op] = v;
    } else out[op] = checkScalar(v, `${path}.${op}`);
  }
  return out;
}

/**
 * Validates a filter against the supported subset and returns a copy without `undefined`
 * members (an undefined value means "no condition on that field").
 */
export function checkFilter(filter: unknown, at = 'filter'): Filter {
  if (!isPlainObject(filter)) throw invalidField(at, 'must be an object');
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (LOGICAL_OPS.has(key)) {
      if (!Array.isArray(value) || value.length === 0)
        throw invalidField(`${at}.${key}`, 'must be a non-empty array of filters');
      out[key] = value.map((f, i) => checkFilter(f, `${at}.${key}.${i}`));
    } else {
      checkPath(key, key.startsWith('$') ? 'filter operator' : 'filter field');
      out[key] = checkCondition(key, value);
    }
  }
  return out as Filter;
}

export interface CheckedFindOptions {
  sort?: Record<string, 1 | -1>;
  limit: number;
  skip: number;
}

export function checkFindOptions(opts: FindOptions | undefined): CheckedFindOptions {
  const o = opts ?? {};
  const count = (v: unknown, name: string): number => {
    if (v === undefined) return 0;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
      throw invalidField(name, 'must be a non-negative integer');
    return v;
  };
  const out: CheckedFindOptions = { limit: count(o.limit, 'limit'), skip: count(o.skip, 'skip') };
  if (o.sort !== undefined) {
    if (!isPlainObject(o.sort)) throw invalidField('sort', 'must be an object');
    const sort: Record<string, 1 | -1> = {};
    for (const [k, d] of Object.entries(o.sort)) {
      checkPath(k, 'sort field');
      if (d !== 1 && d !== -1) throw invalidField(`sort.${k}`, 'must be 1 or -1');
      sort[k] = d;
    }
    out.sort = sort;
  }
  return out;
}
