/**
 * Path and query values arrive as strings; actions validate params strictly (no coercion in
 * ajv), so the gateway converts them to the types the action's params JSON Schema declares.
 * A value that does not convert is passed on unchanged so that the owning service's
 * validation names the field.
 */

type JsonSchema = Record<string, unknown>;

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

function typesOf(schema: JsonSchema | undefined): string[] {
  if (!schema) return [];
  const t = schema['type'];
  if (typeof t === 'string') return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string');
  for (const k of ['anyOf', 'oneOf'] as const) {
    const alts = schema[k];
    if (Array.isArray(alts)) return alts.flatMap((a) => typesOf(a as JsonSchema));
  }
  return [];
}

function coerceScalar(raw: string, types: string[]): unknown {
  for (const t of types) {
    if ((t === 'integer' || t === 'number') && raw.trim() !== '') {
      const n = Number(raw);
      if (Number.isFinite(n) && (t === 'number' || Number.isInteger(n))) return n;
    } else if (t === 'boolean') {
      if (raw === 'true') return true;
      if (raw === 'false') return false;
    } else if (t === 'null') {
      if (raw === '' || raw === 'null') return null;
    } else if (t === 'string') {
      return raw;
    }
  }
  return raw;
}

/** Converts one raw value (or repeated values) according to its property schema. */
export function coerceValue(raw: string | string[], schema: JsonSchema | undefined): unknown {
  const types = typesOf(schema);
  if (types.includes('array')) {
    const list = Array.isArray(raw) ? raw : raw === '' ? [] : raw.split(',');
    const items = schema?.['items'] as JsonSchema | undefined;
    return list.map((v) => coerceScalar(v, typesOf(items)));
  }
  const one = Array.isArray(raw) ? raw[raw.length - 1]! : raw;
  return types.length ? coerceScalar(one, types) : one;
}

/** Converts every value of a query or path-params object; unsafe keys are dropped. */
export function coerceAll(
  raw: Record<string, string | string[] | undefined> | undefined,
  paramsSchema: JsonSchema | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!raw) return out;
  const props = (paramsSchema?.['properties'] ?? {}) as Record<string, JsonSchema>;
  for (const key of Object.keys(raw)) {
    const v = raw[key];
    if (v === undefined || UNSAFE.has(key)) continue;
    out[key] = coerceValue(v, Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined);
  }
  return out;
}
