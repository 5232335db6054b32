/**
 * What RFC 8785 can canonicalize: I-JSON (RFC 8785 §3.1 → RFC 7493). A value that JSON.stringify
 * would quietly change is refused here instead, naming where it is (a JSON Pointer, RFC 6901):
 * NaN and ±Infinity (no JSON number, RFC 8259 §6), `undefined`, functions or symbols in an array
 * or as the value itself, BigInt, strings with a lone surrogate (RFC 7493 §2.1), cycles, invalid
 * Dates, and objects that are neither plain nor have `toJSON` (a Map or a class instance would
 * otherwise become `{}`). An object member whose value is `undefined` is left out, as in JSON.
 */

export type CanonicalJsonProblem =
  | 'not-a-finite-number'
  | 'undefined'
  | 'unsupported-type'
  | 'lone-surrogate'
  | 'cycle'
  | 'invalid-date'
  | 'not-a-plain-object';

export class CanonicalJsonError extends TypeError {
  constructor(
    readonly problem: CanonicalJsonProblem,
    /** Where in the value (JSON Pointer, RFC 6901); '' is the value itself. */
    readonly path: string,
    message: string,
  ) {
    super(`${message} at ${path === '' ? 'the top' : path} (RFC 8785 needs I-JSON)`);
    this.name = 'CanonicalJsonError';
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const pointer = (path: string, key: string | number): string =>
  `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

function isPlain(o: object): boolean {
  const proto = Object.getPrototypeOf(o) as object | null;
  // Object.prototype of any realm has a null prototype (jest and vm contexts have their own).
  return proto === null || Object.getPrototypeOf(proto) === null;
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [name: string]: JsonValue };

/**
 * The value as plain JSON data: `toJSON` applied (a Date becomes its ISO string), members whose
 * value is `undefined` left out. Throws CanonicalJsonError when it is not I-JSON (see the header).
 * `toJSON` is called here rather than by the serializer, whose `instanceof Function` test misses
 * objects of another realm (Node's Buffer inside a vm context).
 */
export function toJsonValue(value: unknown, path = '', ancestors: object[] = []): JsonValue {
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value))
        throw new CanonicalJsonError('not-a-finite-number', path, `${value} is not a JSON number`);
      return value;
    case 'string':
      if (LONE_SURROGATE.test(value))
        throw new CanonicalJsonError('lone-surrogate', path, 'a string has a lone surrogate');
      return value;
    case 'undefined':
      throw new CanonicalJsonError('undefined', path, 'undefined is not a JSON value');
    case 'object':
      return value === null ? null : fromComposite(value, path, ancestors);
    default:
      throw new CanonicalJsonError('unsupported-type', path, `a ${typeof value} is not a JSON value`);
  }
}

function fromComposite(value: object, path: string, ancestors: object[]): JsonValue {
  if (ancestors.includes(value)) throw new CanonicalJsonError('cycle', path, 'the value refers to itself');
  if (value instanceof Date && !Number.isFinite(value.getTime()))
    throw new CanonicalJsonError('invalid-date', path, 'an invalid Date');
  const inner = [...ancestors, value];
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return toJsonValue(toJSON.call(value), path, inner);
  if (Array.isArray(value)) {
    // An index loop, not map: a hole in a sparse array is an undefined element too.
    const out: JsonValue[] = [];
    for (let i = 0; i < value.length; i++) out.push(toJsonValue(value[i], pointer(path, i), inner));
    return out;
  }
  if (!isPlain(value))
    throw new CanonicalJsonError(
      'not-a-plain-object',
      path,
      `a ${value.constructor?.name ?? 'non-plain object'} without toJSON is not a JSON object`,
    );
  // No prototype, so a member named "__proto__" stays a member and does not set one.
  const out = Object.create(null) as { [name: string]: JsonValue };
  for (const [k, v] of Object.entries(value)) {
    const at = pointer(path, k);
    if (LONE_SURROGATE.test(k))
      throw new CanonicalJsonError('lone-surrogate', at, 'a member name has a lone surrogate');
    if (v !== undefined) out[k] = toJsonValue(v, at, inner);
  }
  return out;
}
