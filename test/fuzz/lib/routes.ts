import fc from 'fast-check';

/** Placeholder put into generated strings; replaced at send time by the request's marker (`zq<n>zq`). */
export const M = '@@M@@';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Schema = Record<string, any>;
export type Auth = 'public' | 'user' | 'optional';

export interface Param {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Schema;
}

/** One operation of the OpenAPI document, as the fuzzer uses it. */
export interface Route {
  method: string;
  /** OpenAPI path template, `/api/v1/persons/{personId}`. */
  template: string;
  auth: Auth;
  params: Param[];
  /** JSON request body schema (POST/PUT/PATCH). */
  body?: Schema;
  bodyRequired: boolean;
  examples: Json[];
  /** Set when the operation takes a file (multipart/form-data). */
  multipart?: { schema: Schema; file: string; maxFileSize: number };
  /** Gateway built-ins (health, metrics), not service actions. */
  builtIn: boolean;
}

const DEFAULT_MAX_FILE = 10 * 1024 * 1024;

/** Reads every operation of the document (services come and go: nothing here is hard-coded). */
export function routesOf(doc: any): Route[] {
  const out: Route[] = [];
  for (const [template, ops] of Object.entries<Record<string, any>>(doc.paths ?? {})) {
    for (const [m, op] of Object.entries<any>(ops)) {
      const method = m.toUpperCase();
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
      const sec = op.security as unknown[] | undefined;
      const auth: Auth =
        !sec || sec.length === 0
          ? 'public'
          : sec.some((s) => Object.keys(s as object).length === 0)
            ? 'optional'
            : 'user';
      const params: Param[] = (op.parameters ?? [])
        .filter((p: any) => p.in === 'path' || p.in === 'query')
        .map((p: any) => ({ name: p.name, in: p.in, required: !!p.required, schema: p.schema ?? {} }));
      const content = op.requestBody?.content ?? {};
      const json = content['application/json'];
      const mp = content['multipart/form-data'];
      let multipart: Route['multipart'];
      if (mp) {
        const props = (mp.schema?.properties ?? {}) as Record<string, Schema>;
        const file = Object.keys(props).find((k) => props[k]?.format === 'binary') ?? 'file';
        const desc = String(props[file]?.description ?? '');
        const max = /at most (\d+) bytes/.exec(desc);
        multipart = { schema: mp.schema ?? {}, file, maxFileSize: max ? Number(max[1]) : DEFAULT_MAX_FILE };
      }
      const examples = Object.values<any>(json?.examples ?? {})
        .map((e) => e?.value as Json)
        .filter((v) => v !== undefined);
      out.push({
        method,
        template,
        auth,
        params,
        body: json?.schema,
        bodyRequired: !!op.requestBody?.required,
        examples,
        multipart,
        builtIn: template.startsWith('/health') || template === '/metrics',
      });
    }
  }
  return out;
}

export const hasBody = (r: Route): boolean => ['POST', 'PUT', 'PATCH'].includes(r.method) && !r.multipart;

/** Percent-encodes a value for a path segment or query value (our own bytes stay as given). */
export const enc = (s: string): string => encodeURIComponent(s).replace(/%40%40M%40%40/g, M);

/** Fills a path template; values are inserted as given (already encoded or deliberately raw). */
export function fillPath(r: Route, values: Record<string, string>): string {
  return r.template.replace(/\{([^}]+)\}/g, (_m, name: string) => values[name] ?? 'x');
}

const safeRegex = (p: string): RegExp | undefined => {
  try {
    return new RegExp(p, 'u');
  } catch {
    try {
      return new RegExp(p);
    } catch {
      return undefined;
    }
  }
};

/** A plausible string for a schema: pattern-matching when there is a pattern, marked otherwise. */
function stringFor(s: Schema): fc.Arbitrary<string> {
  const min = typeof s['minLength'] === 'number' ? s['minLength'] : 0;
  const max = typeof s['maxLength'] === 'number' ? s['maxLength'] : 64;
  const fit = (v: string) => (v.length < min ? v + 'x'.repeat(min - v.length) : v).slice(0, Math.max(max, M.length));
  switch (s['format']) {
    case 'email':
      return fc.constantFrom(`${M}@example.pl`, `${M}.kowalski@example.com`);
    case 'date':
      return fc.constantFrom('2025-06-02', '2031-12-31', '1999-01-01');
    case 'date-time':
      return fc.constantFrom('2025-06-02T10:00:00Z', '2025-06-02T10:00:00.000+02:00');
    case 'uri':
    case 'uri-reference':
      return fc.constant(`https://example.pl/${M}`);
  }
  if (typeof s['pattern'] === 'string') {
    const re = safeRegex(s['pattern']);
    if (re)
      return fc
        .stringMatching(re, { size: 'xsmall' })
        .filter((v) => v.length >= min && v.length <= max)
        .noBias();
  }
  return fc.string({ maxLength: 12 }).map((x) => fit(`${M}-${x}`));
}

/**
 * An arbitrary of values that fit the schema as far as it is cheap to (required properties,
 * types, enums, patterns, lengths), with the marker in free strings. Deeper rules are the
 * services' business: these values are the base the mutations start from.
 */
const memo = new WeakMap<object, Map<string, fc.Arbitrary<Json>>>();
export function valueFor(s: Schema | undefined, depth = 0): fc.Arbitrary<Json> {
  if (!s || typeof s !== 'object') return fc.constant(`${M}`);
  // arbitraries are built once per schema object (stringMatching parses its regex when built)
  let bySchema = memo.get(s);
  if (!bySchema) memo.set(s, (bySchema = new Map()));
  const key = String(Math.min(depth, 5));
  let a = bySchema.get(key);
  if (!a) bySchema.set(key, (a = buildValue(s, depth)));
  return a;
}

function buildValue(s: Schema, depth: number): fc.Arbitrary<Json> {
  if (s['const'] !== undefined) return fc.constant(s['const']);
  if (Array.isArray(s['enum']) && s['enum'].length) return fc.constantFrom(...(s['enum'] as Json[]));
  if (Array.isArray(s['examples']) && s['examples'].length && depth > 0)
    return fc.oneof(fc.constantFrom(...(s['examples'] as Json[])), valueFor({ ...s, examples: undefined }, depth));
  for (const k of ['anyOf', 'oneOf'] as const)
    if (Array.isArray(s[k]) && s[k].length) return fc.oneof(...(s[k] as Schema[]).map((x) => valueFor(x, depth + 1)));
  if (Array.isArray(s['allOf']) && s['allOf'].length)
    return valueFor(Object.assign({}, ...(s['allOf'] as Schema[])), depth);
  const type = Array.isArray(s['type']) ? ((s['type'] as string[]).find((t) => t !== 'null') ?? 'null') : s['type'];
  switch (type) {
    case 'string':
      return stringFor(s);
    case 'integer': {
      const min = typeof s['minimum'] === 'number' ? s['minimum'] : 0;
      const max = typeof s['maximum'] === 'number' ? s['maximum'] : min + 1000;
      return fc.integer({ min: Math.ceil(min), max: Math.floor(Math.max(min, max)) });
    }
    case 'number': {
      const min = typeof s['minimum'] === 'number' ? s['minimum'] : 0;
      const max = typeof s['maximum'] === 'number' ? s['maximum'] : min + 1000;
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const minItems = typeof s['minItems'] === 'number' ? s['minItems'] : 0;
      const maxItems = Math.min(typeof s['maxItems'] === 'number' ? s['maxItems'] : 3, minItems + 3);
      if (depth > 4) return fc.constant([]);
      return fc.array(valueFor(s['items'], depth + 1), {
        minLength: minItems,
        maxLength: Math.max(minItems, maxItems),
      });
    }
    case 'object':
    default: {
      const props = (s['properties'] ?? {}) as Record<string, Schema>;
      if (depth > 4 || !Object.keys(props).length) return fc.constant({});
      const required = new Set<string>(Array.isArray(s['required']) ? s['required'] : []);
      const rec: Record<string, fc.Arbitrary<Json>> = {};
      for (const [k, p] of Object.entries(props)) rec[k] = valueFor(p, depth + 1);
      return fc.record(rec, { requiredKeys: [...required].filter((k) => k in props) }) as fc.Arbitrary<Json>;
    }
  }
}

const perRoute = new WeakMap<Route, Map<string, fc.Arbitrary<any>>>();
function once<T>(r: Route, what: string, build: () => fc.Arbitrary<T>): fc.Arbitrary<T> {
  let m = perRoute.get(r);
  if (!m) perRoute.set(r, (m = new Map()));
  let a = m.get(what);
  if (!a) m.set(what, (a = build()));
  return a;
}

/** A base body for a route: one of its examples or a schema-fitting value. */
export function baseBody(r: Route): fc.Arbitrary<Record<string, Json>> {
  return once(r, 'body', () => buildBody(r));
}
function buildBody(r: Route): fc.Arbitrary<Record<string, Json>> {
  const gen = valueFor(r.body ?? { type: 'object' }) as fc.Arbitrary<Record<string, Json>>;
  const ex = r.examples.filter(
    (e): e is Record<string, Json> => typeof e === 'object' && e !== null && !Array.isArray(e),
  );
  return ex.length ? fc.oneof({ arbitrary: gen, weight: 3 }, { arbitrary: fc.constantFrom(...ex), weight: 1 }) : gen;
}

/** Path parameter values that fit their schemas (encoded). */
export function basePathValues(r: Route): fc.Arbitrary<Record<string, string>> {
  return once(r, 'path', () => buildPathValues(r));
}
function buildPathValues(r: Route): fc.Arbitrary<Record<string, string>> {
  const rec: Record<string, fc.Arbitrary<string>> = {};
  for (const p of r.params.filter((x) => x.in === 'path'))
    rec[p.name] = valueFor({ type: 'string', minLength: 1, ...p.schema }).map((v) => enc(String(v)) || 'x');
  return fc.record(rec);
}

/** A query string of schema-fitting values for some of the route's query parameters (with `?`, or empty). */
export function baseQuery(r: Route): fc.Arbitrary<string> {
  return once(r, 'query', () => buildQuery(r));
}
function buildQuery(r: Route): fc.Arbitrary<string> {
  const qs = r.params.filter((x) => x.in === 'query');
  if (!qs.length) return fc.constant('');
  return fc
    .subarray(qs)
    .chain((chosen) =>
      fc
        .tuple(
          ...chosen.map((p) =>
            valueFor(p.schema).map((v) => `${enc(p.name)}=${enc(Array.isArray(v) ? v.join(',') : String(v))}`),
          ),
        )
        .map((parts) => (parts.length ? `?${parts.join('&')}` : '')),
    );
}

/** Every property path of a body schema (top level and nested objects), with its schema. */
export function propertyPaths(
  s: Schema | undefined,
  prefix: string[] = [],
  depth = 0,
): { path: string[]; schema: Schema; required: boolean }[] {
  if (!s || depth > 3) return [];
  const props = (s['properties'] ?? {}) as Record<string, Schema>;
  const required = new Set<string>(Array.isArray(s['required']) ? s['required'] : []);
  const out: { path: string[]; schema: Schema; required: boolean }[] = [];
  for (const [k, p] of Object.entries(props)) {
    out.push({ path: [...prefix, k], schema: p, required: required.has(k) });
    if (p && (p['type'] === 'object' || p['properties'])) out.push(...propertyPaths(p, [...prefix, k], depth + 1));
    if (p && p['type'] === 'array' && p['items'] && (p['items'] as Schema)['properties'])
      out.push(...propertyPaths(p['items'] as Schema, [...prefix, k, '0'], depth + 1));
  }
  return out;
}

/** Sets a value at a path, creating objects/arrays on the way (returns a modified deep copy). */
export function setAt(body: Json, path: string[], value: Json | undefined): Json {
  const copy = structuredClone(body ?? {}) as any;
  let cur = copy;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    const nextIsIndex = /^\d+$/.test(path[i + 1]!);
    if (cur[k] === null || typeof cur[k] !== 'object') cur[k] = nextIsIndex ? [] : {};
    cur = cur[k];
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
  return copy;
}
