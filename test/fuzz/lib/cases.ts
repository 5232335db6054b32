import fc from 'fast-check';
import {
  M,
  baseBody,
  basePathValues,
  baseQuery,
  enc,
  fillPath,
  hasBody,
  propertyPaths,
  setAt,
  valueFor,
  type Json,
  type Route,
} from './routes';

/** Whose token the request carries (resolved at send time). */
export type AuthAs = 'none' | 'admin' | 'client' | 'expired';

/** What a category promises beyond the general oracle. */
export interface Expect {
  /** Allowed statuses (429 and 503 + Retry-After are always allowed). */
  status?: number[];
  /** Must not succeed (2xx). */
  not2xx?: boolean;
  /** The server may close without answering (e.g. CONNECT). */
  allowNoAnswer?: boolean;
  /** `raw` holds two requests: the second answer must be /health/live's, never a smuggled request's. */
  pipelined?: boolean;
}

/** One request the fuzzer sends: every byte under its control. */
export interface Case {
  cat: string;
  /** Sub-kind, for the per-category histogram. */
  kind: string;
  method: string;
  /** Request-target (latin1: one char is one byte). May contain the marker placeholder. */
  target: string;
  headers: [string, string][];
  body?: Buffer;
  contentLength?: 'auto' | 'none' | number;
  chunked?: boolean;
  auth?: AuthAs;
  expect?: Expect;
  /** Bytes sent as they are (no request line, headers or marker handling by the sender). */
  raw?: Buffer;
}

export interface CaseContext {
  routes: Route[];
}

const JSON_CT: [string, string] = ['Content-Type', 'application/json'];
const utf8 = (s: string) => Buffer.from(s, 'utf8');
const jsonBody = (v: unknown) => utf8(JSON.stringify(v));

const authFor = (r: Route): fc.Arbitrary<AuthAs> =>
  r.auth === 'public'
    ? fc.constantFrom<AuthAs>('none', 'none', 'admin')
    : fc.constantFrom<AuthAs>('admin', 'client', 'admin', 'client', 'none');

/** Route, base path values, base query, base body: the starting point of most mutations. */
function routeBase(routes: Route[]) {
  return fc.constantFrom(...routes).chain((r) =>
    fc.record({
      r: fc.constant(r),
      path: basePathValues(r),
      query: baseQuery(r),
      body: hasBody(r) ? baseBody(r) : fc.constant(undefined),
      auth: authFor(r),
    }),
  );
}

const targetOf = (r: Route, path: Record<string, string>, query = '') => fillPath(r, path) + query;

// ---- values of the wrong type ---------------------------------------------------------------------

const typeOfJson = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;

export const wrongValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.constantFrom(-1, 0, 1.5, -0, 1e308, -1e308, 2 ** 53 + 1, 5e-324),
  fc.constant(''),
  fc.constant(M),
  fc.constantFrom('true', '1', 'null', '[]', '{}', 'NaN', '1e999'),
  fc.constant([]),
  fc.constant([M]),
  fc.constant([[[]]]),
  fc.constant({}),
  fc.constant({ value: M }),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

function declaredTypes(s: Record<string, any>): string[] {
  if (Array.isArray(s['type'])) return s['type'];
  if (typeof s['type'] === 'string') return [s['type']];
  for (const k of ['anyOf', 'oneOf']) if (Array.isArray(s[k])) return s[k].flatMap((x: any) => declaredTypes(x));
  return [];
}
const fits = (v: Json, types: string[]) => {
  const t = typeOfJson(v);
  return types.includes(t) || (t === 'integer' && types.includes('number'));
};

// ---- the categories -------------------------------------------------------------------------------

/** Random methods (registered and not, even invalid tokens) on known and unknown paths. */
export function methods(ctx: CaseContext): fc.Arbitrary<Case> {
  const method = fc.oneof(
    fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'),
    fc.constantFrom('TRACE', 'CONNECT', 'PROPFIND', 'SEARCH', 'QUERY', 'PURGE', 'LINK', 'MKCOL', 'M-SEARCH'),
    fc.constantFrom('get', 'Post', 'FOO', 'G\u00e9T', 'GET\u0000', 'X'.repeat(300), 'GET /x'),
    fc.stringMatching(/^[A-Z]{1,12}$/),
  );
  return fc.tuple(routeBase(ctx.routes), method, fc.boolean()).map(([b, m, withBody]) => ({
    cat: 'methods',
    kind: /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(m)
      ? 'standard'
      : /^[A-Z-]+$/.test(m)
        ? 'other-token'
        : 'invalid-token',
    method: m,
    target: targetOf(b.r, b.path, b.query),
    headers: withBody ? [JSON_CT] : [],
    body: withBody ? jsonBody(b.body ?? {}) : undefined,
    auth: b.auth,
    expect: { allowNoAnswer: m === 'CONNECT' },
  }));
}

/** Paths no route has. */
export function unknownRoutes(_ctx: CaseContext): fc.Arbitrary<Case> {
  const seg = fc.oneof(fc.stringMatching(/^[a-z0-9._-]{1,12}$/), fc.webSegment(), fc.constant(M));
  return fc
    .tuple(
      fc.constantFrom(
        '/api/v1/',
        '/api/v2/',
        '/api/',
        '/',
        '/api/v1/pki/',
        '/api/v1/accounts/',
        '/health/',
        '/.well-known/',
        '/api/docs/',
      ),
      fc.array(seg, { minLength: 1, maxLength: 6 }),
      fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'),
      fc.constantFrom('', '?', `?q=${M}`, '?a=1&a=2', '#frag', '/'),
      fc.constantFrom<AuthAs>('none', 'admin'),
    )
    .map(([prefix, segs, m, tail, auth]) => ({
      cat: 'unknown-routes',
      kind: prefix,
      method: m,
      target: `${prefix}zz-${segs.map((s) => enc(s)).join('/')}${tail}`,
      headers: m === 'POST' || m === 'PUT' || m === 'PATCH' ? [JSON_CT] : [],
      body: m === 'POST' || m === 'PUT' || m === 'PATCH' ? jsonBody({ a: M }) : undefined,
      auth,
      expect: { status: [404, 405, 400], not2xx: true },
    }));
}

const MALFORMED = [
  '{',
  '}',
  '{"a":}',
  '{"a":1,}',
  '[1,2',
  "{'a':1}",
  '{a:1}',
  '{"a":1}{"b":2}',
  '{"a":1} x',
  'NaN',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":-Infinity}',
  '{"a":undefined}',
  '{"a":0x10}',
  '{"a":01}',
  '{"a":.5}',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '{"a":"\n"}',
  '{"a":"\t"}',
  '"just a string"',
  '123',
  'true',
  'null',
  '[]',
  '[{}]',
  '\ufeff{}',
  '   ',
  '\u0000',
  '{"__proto__":{"polluted":true}}',
  '{"a":{"__proto__":{"polluted":true}}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"email":"a@b.pl","email":{"$ne":null}}',
  '{"a":1e999}',
  '{"a":-0}',
  '{"a":123456789012345678901234567890}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '/* comment */ {}',
  '{"a":1}\u0000',
  '<xml/>',
  'a=1&b=2',
];

/** Bodies that are not (one) JSON object. */
export function malformedJson(ctx: CaseContext): fc.Arbitrary<Case> {
  const routes = ctx.routes.filter(hasBody);
  return routeBase(routes).chain((b) => {
    const base = JSON.stringify(b.body ?? {});
    const mutated = fc.oneof(
      fc.constantFrom(...MALFORMED).map((s) => ({ kind: 'fixed', s })),
      fc.nat({ max: Math.max(0, base.length - 1) }).map((i) => ({ kind: 'truncated', s: base.slice(0, i) })),
      fc
        .tuple(
          fc.nat({ max: Math.max(0, base.length - 1) }),
          fc.constantFrom('"', '{', '}', ',', ':', '\\', '[', ']', 'x'),
        )
        .map(([i, ch]) => ({ kind: 'byte-flip', s: base.slice(0, i) + ch + base.slice(i + 1) })),
    );
    return fc
      .tuple(
        mutated,
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/merge-patch+json'),
      )
      .map(([m, ct]): Case => {
        // fastify's parser drops a leading BOM; a parseable non-object is refused after authentication
        let parsed: 'object' | 'other' | 'no' = 'no';
        try {
          const v = JSON.parse(m.s.replace(/^\ufeff/, ''));
          // `null` is taken as no body, like an empty one
          parsed = v === null || (typeof v === 'object' && !Array.isArray(v)) ? 'object' : 'other';
        } catch {
          parsed = 'no';
        }
        return {
          cat: 'malformed-json',
          kind: m.kind,
          method: b.r.method,
          target: targetOf(b.r, b.path),
          headers: [['Content-Type', ct]],
          body: utf8(m.s),
          auth: b.auth,
          // a cut that still is an object, or whitespace (no body), may legitimately pass
          expect:
            parsed === 'object' || m.s.trim() === ''
              ? undefined
              : { status: parsed === 'no' ? [400] : [400, 401], not2xx: true },
        };
      });
  });
}

/** Every declared property (body, query, path), with a value of another type. */
export function wrongTypes(ctx: CaseContext): fc.Arbitrary<Case> {
  const withProps = ctx.routes.filter((r) => (hasBody(r) && propertyPaths(r.body).length) || r.params.length);
  return routeBase(withProps).chain((b) => {
    const props = hasBody(b.r) ? propertyPaths(b.r.body) : [];
    const choices: fc.Arbitrary<Case>[] = [];
    if (props.length)
      choices.push(
        fc
          .tuple(fc.constantFrom(...props), wrongValue)
          .filter(([p, v]) => !fits(v, declaredTypes(p.schema)) && declaredTypes(p.schema).length > 0)
          .map(([p, v]) => ({
            cat: 'wrong-types',
            kind: `body:${typeOfJson(v)}`,
            method: b.r.method,
            target: targetOf(b.r, b.path),
            headers: [JSON_CT],
            body: jsonBody(setAt(b.body ?? {}, p.path, v)),
            auth: b.auth,
          })),
      );
    const q = b.r.params.filter((p) => p.in === 'query');
    if (q.length)
      choices.push(
        fc
          .tuple(
            fc.constantFrom(...q),
            fc.constantFrom('abc', '', '1e999', '-1', '1.5', 'NaN', 'true', 'null', '[]', '{}', '0x10', ' 1', M),
          )
          .map(([p, v]) => ({
            cat: 'wrong-types',
            kind: 'query',
            method: b.r.method,
            target: `${targetOf(b.r, b.path)}?${enc(p.name)}=${enc(v)}&${enc(p.name)}=${enc(v)}2`,
            headers: b.body !== undefined ? [JSON_CT] : [],
            body: b.body !== undefined ? jsonBody(b.body) : undefined,
            auth: b.auth,
          })),
      );
    const pp = b.r.params.filter((p) => p.in === 'path');
    if (pp.length)
      choices.push(
        fc
          .tuple(
            fc.constantFrom(...pp),
            fc.constantFrom('abc', '-1', '1e999', 'null', 'true', '%20', '%7B%7D', '%5B%5D', M, '0'.repeat(200)),
          )
          .map(([p, v]) => ({
            cat: 'wrong-types',
            kind: 'path',
            method: b.r.method,
            target: targetOf(b.r, { ...b.path, [p.name]: v }),
            headers: b.body !== undefined ? [JSON_CT] : [],
            body: b.body !== undefined ? jsonBody(b.body) : undefined,
            auth: b.auth,
          })),
      );
    return fc.oneof(...choices);
  });
}

/** Required fields left out (one, all, or the whole body). */
export function missingRequired(ctx: CaseContext): fc.Arbitrary<Case> {
  const routes = ctx.routes.filter(
    (r) =>
      (hasBody(r) && propertyPaths(r.body).some((p) => p.required)) ||
      r.params.some((p) => p.required && p.in === 'query'),
  );
  return routeBase(routes).chain((b) => {
    const req = hasBody(b.r) ? propertyPaths(b.r.body).filter((p) => p.required) : [];
    const reqQ = b.r.params.filter((p) => p.required && p.in === 'query');
    const options: fc.Arbitrary<{ kind: string; body?: Buffer; query?: string }>[] = [
      fc.constant({ kind: 'no-body' }),
      fc.constant({ kind: 'empty-object', body: jsonBody({}) }),
    ];
    if (req.length)
      options.push(
        fc
          .constantFrom(...req)
          .map((p) => ({ kind: 'one-field', body: jsonBody(setAt(b.body ?? {}, p.path, undefined)) })),
      );
    if (req.length)
      options.push(
        fc.constantFrom(...req).map((p) => ({ kind: 'null-field', body: jsonBody(setAt(b.body ?? {}, p.path, null)) })),
      );
    if (reqQ.length) options.push(fc.constant({ kind: 'query', query: '' }));
    return fc.oneof(...options).map((o) => ({
      cat: 'missing-required',
      kind: o.kind,
      method: b.r.method,
      target: targetOf(b.r, b.path, o.query ?? ''),
      headers: o.body ? [JSON_CT] : [],
      body: o.body,
      auth: b.auth,
      expect: { not2xx: true },
    }));
  });
}

const MB = 1024 * 1024;

/** Strings of a megabyte and more: in values, keys, query, path and headers. */
export function hugeStrings(ctx: CaseContext): fc.Arbitrary<Case> {
  const routes = ctx.routes.filter((r) => (hasBody(r) && propertyPaths(r.body).length) || r.method === 'GET');
  const len = fc.constantFrom(1_000_000, MB - 200, MB + 1, 2 * MB);
  const fill = fc.constantFrom('a', 'é', '€', '\\u0000', '𝄞', M);
  return routeBase(routes).chain((b) => {
    const props = hasBody(b.r) ? propertyPaths(b.r.body) : [];
    const opts: fc.Arbitrary<Case>[] = [];
    if (props.length) {
      opts.push(
        fc.tuple(fc.constantFrom(...props), len, fill).map(([p, n, f]) => {
          const s = f.repeat(Math.ceil(n / f.length)).slice(0, n);
          // build the JSON by hand so that escapes such as \\u0000 stay escapes
          const holder = '@@HUGE@@';
          const text = JSON.stringify(setAt(b.body ?? {}, p.path, holder)).replace(
            JSON.stringify(holder),
            f === '\\u0000' ? `"${s}"` : JSON.stringify(s),
          );
          const body = utf8(text);
          return {
            cat: 'huge-strings',
            kind: `value-${n >= MB ? 'over' : 'under'}-limit`,
            method: b.r.method,
            target: targetOf(b.r, b.path),
            headers: [JSON_CT],
            body,
            auth: b.auth,
            expect: body.length > MB ? { status: [413] } : undefined,
          };
        }),
        fc.constantFrom(500_000, 2 * MB).map((n) => {
          const body = utf8(`{"${'k'.repeat(n)}":1}`);
          return {
            cat: 'huge-strings',
            kind: 'key',
            method: b.r.method,
            target: targetOf(b.r, b.path),
            headers: [JSON_CT],
            body,
            auth: b.auth,
            expect: body.length > MB ? { status: [413] } : { not2xx: true },
          };
        }),
      );
    }
    opts.push(
      fc.constantFrom(8_000, 20_000, 100_000, MB).map((n) => ({
        cat: 'huge-strings',
        kind: 'query',
        method: b.r.method,
        target: `${targetOf(b.r, b.path)}?q=${'a'.repeat(n)}`,
        headers: [],
        auth: b.auth,
      })),
      fc.constantFrom(10_000, 70_000).map((n) => ({
        cat: 'huge-strings',
        kind: 'path',
        method: 'GET',
        target: `${targetOf(b.r, b.path)}/${'a'.repeat(n)}`,
        headers: [],
        auth: b.auth,
      })),
      fc
        .tuple(
          fc.constantFrom('X-Fuzz', 'Authorization', 'Idempotency-Key', 'X-Request-Id', 'Content-Type', 'Accept'),
          fc.constantFrom(8_000, 15_000, 70_000),
        )
        .map(([h, n]) => ({
          cat: 'huge-strings',
          kind: 'header',
          method: b.r.method,
          target: targetOf(b.r, b.path),
          headers: [[h, h === 'Authorization' ? `Bearer ${'a'.repeat(n)}` : 'a'.repeat(n)] as [string, string]],
          auth: h === 'Authorization' ? undefined : b.auth,
        })),
      fc.constantFrom(200, 2000).map((n) => ({
        cat: 'huge-strings',
        kind: 'many-headers',
        method: b.r.method,
        target: targetOf(b.r, b.path),
        headers: Array.from({ length: n }, (_, i) => [`X-F${i}`, 'v'] as [string, string]),
        auth: b.auth,
      })),
    );
    return fc.oneof(...opts);
  });
}

const nestArrays = (n: number, inner = '1') => '['.repeat(n) + inner + ']'.repeat(n);
const nestObjects = (n: number, inner = '1') => '{"a":'.repeat(n) + inner + '}'.repeat(n);
const nestMixed = (n: number) => {
  let open = '';
  let close = '';
  for (let i = 0; i < n; i++) {
    if (i % 2) {
      open += '[';
      close = ']' + close;
    } else {
      open += `{"${M}":`;
      close = '}' + close;
    }
  }
  return open + '1' + close;
};

/** 10,000 (and 100,000) levels of nesting, as a property value or as the body. */
export function deepNesting(ctx: CaseContext): fc.Arbitrary<Case> {
  const routes = ctx.routes.filter(hasBody);
  return fc
    .tuple(
      routeBase(routes),
      fc.constantFrom(10_000, 10_000, 100_000),
      fc.constantFrom('arrays', 'objects', 'mixed'),
      fc.boolean(),
    )
    .chain(([b, n, shape, asBody]) => {
      const props = propertyPaths(b.r.body);
      return (props.length && !asBody ? fc.constantFrom(...props).map((p) => p.path) : fc.constant(null)).map(
        (path) => {
          const nested = shape === 'arrays' ? nestArrays(n) : shape === 'objects' ? nestObjects(n) : nestMixed(n);
          let text: string;
          if (path) {
            const holder = '"@@DEEP@@"';
            text = JSON.stringify(setAt(b.body ?? {}, path, '@@DEEP@@')).replace(holder, nested);
          } else text = shape === 'arrays' ? `{"a":${nested}}` : nested;
          return {
            cat: 'deep-nesting',
            kind: `${shape}-${n}-${path ? 'property' : 'body'}`,
            method: b.r.method,
            target: targetOf(b.r, b.path),
            // with an Idempotency-Key the gateway fingerprints (serialises) the body too
            headers:
              b.r.method === 'POST' && n > 10_000
                ? [JSON_CT, ['Idempotency-Key', `fz-deep-${M}`] as [string, string]]
                : [JSON_CT],
            body: utf8(text),
            auth: b.auth,
          };
        },
      );
    });
}

/** Arrays of up to 300,000 items, as values, as the body and as repeated query keys. */
export function hugeArrays(ctx: CaseContext): fc.Arbitrary<Case> {
  const routes = ctx.routes.filter((r) => hasBody(r) || r.params.some((p) => p.in === 'query'));
  return routeBase(routes).chain((b) => {
    const props = hasBody(b.r) ? propertyPaths(b.r.body) : [];
    const opts: fc.Arbitrary<Case>[] = [];
    if (props.length)
      opts.push(
        fc
          .tuple(
            fc.constantFrom(...props),
            fc.constantFrom(100_000, 300_000),
            fc.constantFrom('0', '{}', '""', `"${M}"`, '[]', 'null'),
          )
          .map(([p, n, item]) => {
            const arr = `[${Array(n).fill(item).join(',')}]`;
            const body = utf8(JSON.stringify(setAt(b.body ?? {}, p.path, '@@ARR@@')).replace('"@@ARR@@"', arr));
            return {
              cat: 'huge-arrays',
              kind: `property-${n}`,
              method: b.r.method,
              target: targetOf(b.r, b.path),
              headers: [JSON_CT],
              body,
              auth: b.auth,
              expect: body.length > MB ? { status: [413] } : undefined,
            };
          }),
        fc.constantFrom(100_000, 300_000).map((n) => ({
          cat: 'huge-arrays',
          kind: 'body-array',
          method: b.r.method,
          target: targetOf(b.r, b.path),
          headers: [JSON_CT],
          body: utf8(`[${Array(n).fill('0').join(',')}]`),
          auth: b.auth,
          expect: { status: [400, 401, 413], not2xx: true },
        })),
        fc.constantFrom(50_000, 150_000).map((n) => ({
          cat: 'huge-arrays',
          kind: 'many-keys',
          method: b.r.method,
          target: targetOf(b.r, b.path),
          headers: [JSON_CT],
          body: utf8(`{${Array.from({ length: n }, (_, i) => `"k${i}":0`).join(',')}}`),
          auth: b.auth,
        })),
      );
    const q = b.r.params.filter((p) => p.in === 'query');
    const name = q.length ? q[0]!.name : 'a';
    opts.push(
      fc.constantFrom(100, 1000, 3000).map((n) => ({
        cat: 'huge-arrays',
        kind: 'query-repeats',
        method: b.r.method,
        target: `${targetOf(b.r, b.path)}?${Array(n)
          .fill(`${enc(name)}=1`)
          .join('&')}`,
        headers: b.body !== undefined ? [JSON_CT] : [],
        body: b.body !== undefined ? jsonBody(b.body) : undefined,
        auth: b.auth,
      })),
    );
    return fc.oneof(...opts);
  });
}

const OPERATOR_KEYS = [
  '$where',
  '$gt',
  '$ne',
  '$regex',
  '$in',
  '$exists',
  '$expr',
  '$function',
  '$or',
  '$and',
  '$set',
  '$inc',
  '$push',
  '$unset',
  '$$date',
  '$$deleted',
  '__proto__',
  'constructor',
  'prototype',
  'constructor.prototype',
  'a.b',
  '_id',
  'version',
  '_outbox',
  '',
];
const OPERATOR_VALUES: Json[] = [
  { $ne: null },
  { $gt: '' },
  { $gte: 0 },
  { $regex: '.*' },
  { $where: 'sleep(100) || true' },
  { $in: ['a', M] },
  { $exists: true },
  { $or: [{ a: 1 }, { b: { $ne: 1 } }] },
  { $expr: { $eq: [1, 1] } },
  { polluted: true, constructor: { prototype: { polluted: true } } },
  { $$date: 0 },
  [{ $ne: null }],
];

/** Mongo/nedb operators and prototype keys in JSON bodies. */
export function operatorKeysBody(ctx: CaseContext): fc.Arbitrary<Case> {
  const routes = ctx.routes.filter(hasBody);
  return routeBase(routes).chain((b) => {
    const props = propertyPaths(b.r.body);
    const opts: fc.Arbitrary<{ kind: string; text: string }>[] = [
      fc.tuple(fc.constantFrom(...OPERATOR_KEYS), fc.constantFrom<Json>(1, M, { $ne: null }, true)).map(([k, v]) => ({
        kind: `extra-key:${k || '(empty)'}`,
        text: JSON.stringify({ ...(b.body ?? {}), [k]: v }),
      })),
      fc.constant({
        kind: 'proto-raw',
        text: JSON.stringify(b.body ?? {}).replace(/^\{/, '{"__proto__":{"polluted":true},'),
      }),
      fc.constant({
        kind: 'store-fields',
        text: JSON.stringify({
          ...(b.body ?? {}),
          _id: { $ne: null },
          version: 99,
          _outbox: [{ id: M, type: 'x', subject: 'identity.x', data: {} }],
        }),
      }),
    ];
    if (props.length) {
      opts.push(
        fc.tuple(fc.constantFrom(...props), fc.constantFrom(...OPERATOR_VALUES)).map(([p, v]) => ({
          kind: `value:${Object.keys(Array.isArray(v) ? (v[0] as object) : (v as object))[0]}`,
          text: JSON.stringify(setAt(b.body ?? {}, p.path, v)),
        })),
        fc
          .tuple(fc.constantFrom(...props), fc.constantFrom('__proto__', 'constructor', '$where', '$gt', 'a.b'))
          .map(([p, k]) => ({
            kind: `nested-key:${k}`,
            text: JSON.stringify(setAt(b.body ?? {}, p.path, '@@OBJ@@')).replace(
              '"@@OBJ@@"',
              `{"${k}":{"polluted":true,"$ne":null}}`,
            ),
          })),
      );
    }
    return fc.oneof(...opts).map((o) => ({
      cat: 'operator-keys-body',
      kind: o.kind.replace(/:.*$/, ''),
      method: b.r.method,
      target: targetOf(b.r, b.path),
      headers: [JSON_CT],
      body: utf8(o.text),
      auth: b.auth,
    }));
  });
}

/** Operators and prototype keys in query strings and path params. */
export function operatorKeysQuery(ctx: CaseContext): fc.Arbitrary<Case> {
  return routeBase(ctx.routes).chain((b) => {
    const names = [...b.r.params.filter((p) => p.in === 'query').map((p) => p.name), 'email', 'a', 'id', 'status'];
    const piece = fc
      .tuple(
        fc.constantFrom(...names),
        fc.constantFrom('[$ne]', '[$gt]', '[$regex]', '.$gt', '.$ne', '[]', '[__proto__]', '[constructor][prototype]'),
        fc.constantFrom('x', '', '1', '.*', M, 'null'),
      )
      .map(([n, op, v]) => `${n}${op}=${enc(v)}`);
    const special = fc.constantFrom(
      '__proto__[polluted]=1',
      '__proto__.polluted=1',
      'constructor[prototype][polluted]=1',
      'constructor.prototype.polluted=1',
      '__proto__=x',
      'constructor=x',
      '$where=1',
      '%24where=sleep(1000)',
      'email%5B%24ne%5D=x',
      'a.$gt=1',
      '_id[$ne]=1',
      'version=0',
    );
    const pp = b.r.params.filter((p) => p.in === 'path');
    const opts: fc.Arbitrary<{ kind: string; target: string }>[] = [
      fc
        .array(fc.oneof(piece, special), { minLength: 1, maxLength: 4 })
        .map((parts) => ({ kind: 'query', target: `${targetOf(b.r, b.path)}?${parts.join('&')}` })),
    ];
    if (pp.length)
      opts.push(
        fc
          .tuple(
            fc.constantFrom(...pp),
            fc.constantFrom(
              '%7B%22%24ne%22%3Anull%7D',
              '[$ne]',
              '%5B%24ne%5D',
              '$where',
              '__proto__',
              'constructor',
              'prototype',
              '%24gt',
              'a.b',
              '$$date',
            ),
          )
          .map(([p, v]) => ({ kind: 'path', target: targetOf(b.r, { ...b.path, [p.name]: v }, b.query) })),
      );
    return fc.oneof(...opts).map((o) => ({
      cat: 'operator-keys-query',
      kind: o.kind,
      method: b.r.method,
      target: o.target,
      headers: b.body !== undefined ? [JSON_CT] : [],
      body: b.body !== undefined ? jsonBody(b.body) : undefined,
      auth: b.auth,
    }));
  });
}

const BAD_UTF8 = [
  Buffer.from([0xff]),
  Buffer.from([0xfe, 0xff]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xe0, 0x80, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0x80]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
];
const latin1 = (b: Buffer) => b.toString('latin1');

/** Invalid UTF-8 in bodies, header values and names, and paths (raw and percent-encoded). */
export function invalidUtf8(ctx: CaseContext): fc.Arbitrary<Case> {
  const bad = fc.constantFrom(...BAD_UTF8);
  return routeBase(ctx.routes).chain((b) => {
    const props = hasBody(b.r) ? propertyPaths(b.r.body).filter((p) => declaredTypes(p.schema).includes('string')) : [];
    const opts: fc.Arbitrary<Case>[] = [];
    const base = { method: b.r.method, auth: b.auth, cat: 'invalid-utf8' };
    const bodyHeaders: [string, string][] = b.body !== undefined ? [JSON_CT] : [];
    const bodyBuf = b.body !== undefined ? jsonBody(b.body) : undefined;
    if (props.length || hasBody(b.r))
      opts.push(
        fc
          .tuple(
            props.length ? fc.constantFrom(...props.map((p) => p.path)) : fc.constant(['x']),
            bad,
            fc.constantFrom('application/json', 'application/json; charset=latin1', 'application/json; charset=utf-16'),
          )
          .map(([path, bytes, ct]) => {
            const text = JSON.stringify(setAt(b.body ?? {}, path, '@@BAD@@'));
            const [pre, post] = text.split('@@BAD@@') as [string, string];
            return {
              ...base,
              kind: 'body',
              target: targetOf(b.r, b.path),
              headers: [['Content-Type', ct]],
              body: Buffer.concat([utf8(pre), bytes, utf8(post)]),
            };
          }),
        bad.map((bytes) => ({
          ...base,
          kind: 'body-raw',
          target: targetOf(b.r, b.path),
          headers: [JSON_CT],
          body: Buffer.concat([bytes, utf8('{}')]),
        })),
      );
    opts.push(
      fc
        .tuple(
          fc.constantFrom(
            'X-Fuzz',
            'X-Request-Id',
            'Idempotency-Key',
            'Accept-Language',
            'User-Agent',
            'Content-Type',
            'Authorization',
          ),
          bad,
        )
        .map(([h, bytes]) => ({
          ...base,
          kind: `header-value`,
          target: targetOf(b.r, b.path, b.query),
          headers: [
            ...(h === 'Content-Type' ? [] : bodyHeaders),
            [h, (h === 'Authorization' ? 'Bearer ' : 'v') + latin1(bytes)] as [string, string],
          ],
          body: bodyBuf,
          auth: h === 'Authorization' ? undefined : b.auth,
        })),
      fc
        .tuple(fc.constantFrom('\u0000', '\u007f', '\u000b', '\u0001', '\r'), fc.constantFrom('X-Fuzz', 'X-Request-Id'))
        .map(([ch, h]) => ({
          ...base,
          kind: 'header-control-byte',
          target: targetOf(b.r, b.path, b.query),
          headers: [...bodyHeaders, [h, `a${ch}b`] as [string, string]],
          body: bodyBuf,
        })),
      bad.map((bytes) => ({
        ...base,
        kind: 'header-name',
        target: targetOf(b.r, b.path),
        headers: [...bodyHeaders, [`X-${latin1(bytes)}`, 'v'] as [string, string]],
        body: bodyBuf,
      })),
      fc.tuple(bad, fc.boolean()).map(([bytes, encoded]) => {
        const seg = encoded ? [...bytes].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('') : latin1(bytes);
        const pp = b.r.params.find((p) => p.in === 'path');
        const target = pp
          ? targetOf(b.r, { ...b.path, [pp.name]: `a${seg}` }, b.query)
          : `${targetOf(b.r, b.path)}${seg}`;
        return { ...base, kind: encoded ? 'path-percent' : 'path-raw', target, headers: bodyHeaders, body: bodyBuf };
      }),
      fc.tuple(bad, fc.boolean()).map(([bytes, encoded]) => {
        const v = encoded ? [...bytes].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('') : latin1(bytes);
        const name = b.r.params.find((p) => p.in === 'query')?.name ?? 'q';
        return {
          ...base,
          kind: encoded ? 'query-percent' : 'query-raw',
          target: `${targetOf(b.r, b.path)}?${name}=${v}&${v}=1`,
          headers: bodyHeaders,
          body: bodyBuf,
        };
      }),
      fc.constantFrom('%', '%z', '%zz', '%0', '%%', '%u0041', '%C0', '%E2%82').map((s) => ({
        ...base,
        kind: 'percent-malformed',
        target: `${targetOf(b.r, b.path)}${s}?${s}=${s}`,
        headers: bodyHeaders,
        body: bodyBuf,
      })),
    );
    return fc.oneof(...opts);
  });
}

const CONTENT_TYPES: (string | null)[] = [
  null,
  '',
  'text/plain',
  'text/html',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'multipart/form-data',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/json;;',
  'application/jsonx',
  'APPLICATION/JSON',
  'application/json, text/plain',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'application/problem+json',
  'application/*',
  '*/*',
  'json',
  '; charset=utf-8',
  `application/${'x'.repeat(5000)}+json`,
  'application/json; boundary=x; charset=utf-8; q=0.1',
];

/** Wrong, missing and odd content types (and encodings) on JSON routes. */
export function contentTypes(ctx: CaseContext): fc.Arbitrary<Case> {
  const routes = ctx.routes.filter(hasBody);
  return fc
    .tuple(
      routeBase(routes),
      fc.constantFrom(...CONTENT_TYPES),
      fc.constantFrom('none', 'none', 'none', 'gzip', 'br', 'dup-ct', 'te+cl'),
    )
    .map(([b, ct, extra]): Case => {
      const body = jsonBody(b.body ?? {});
      const headers: [string, string][] = [];
      if (ct !== null) headers.push(['Content-Type', ct]);
      if (extra === 'gzip' || extra === 'br') headers.push(['Content-Encoding', extra]);
      if (extra === 'dup-ct') headers.push(['Content-Type', 'text/plain']);
      const isJson = ct !== null && /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(ct);
      const c: Case = {
        cat: 'content-type',
        kind: `${ct === null ? '(none)' : ct.slice(0, 40)}${extra === 'none' ? '' : `+${extra}`}`,
        method: b.r.method,
        target: targetOf(b.r, b.path),
        headers,
        body,
        auth: b.auth,
        expect:
          !isJson && extra === 'none' && ct !== 'multipart/form-data; boundary=fuzz' && ct !== 'multipart/form-data'
            ? { status: [415], not2xx: true }
            : undefined,
      };
      if (extra === 'te+cl') {
        c.headers.push(['Transfer-Encoding', 'chunked'], ['Content-Length', String(body.length)]);
        c.contentLength = 'none';
        c.chunked = false;
        c.body = Buffer.concat([utf8(`${body.length.toString(16)}\r\n`), body, utf8('\r\n0\r\n\r\n')]);
        c.expect = { status: [400] };
      }
      return c;
    });
}

const TRAVERSAL = [
  '../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%2e%2e/%2e%2e/etc/passwd',
  '%252e%252e%252fetc%252fpasswd',
  '..%5c..%5cwindows%5cwin.ini',
  '..\\..\\windows\\win.ini',
  '....//....//etc/passwd',
  '..;/..;/etc/passwd',
  '%c0%ae%c0%ae%c0%afetc%c0%afpasswd',
  '%2e%2e',
  '..',
  '.',
  '%00',
  'a%00b',
  'x\u0000y',
  '%00../../etc/passwd',
  '/etc/passwd',
  'file:%2f%2f%2fetc%2fpasswd',
  'x/../../../../etc/passwd',
  '..%2f..%2f..%2f..%2fpackage.json',
];
const STATIC_TRAVERSAL = [
  '/api/docs/../../package.json',
  '/api/docs/%2e%2e/%2e%2e/package.json',
  '/api/docs/..%2f..%2f..%2fpackage.json',
  '/api/docs/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/api/docs/..%5c..%5cpackage.json',
  '/api/docs//..//..//package.json',
  '/api/docs/index.html%00.json',
  '/api/docs/%00',
  '/api/docs/....//....//package.json',
  '/api/docs/%252e%252e%252fpackage.json',
  '/api/v1/../../../etc/passwd',
  '/../../../../etc/passwd',
  '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '//etc/passwd',
  '/.well-known/../../package.json',
  '/api/openapi.json/../../package.json',
  '/api/docs/swagger-ui.css/..%2f..%2f..%2f..%2fpackage.json',
  '/health/..%2f..%2fetc%2fpasswd',
  '/api/docs/' + '..%2f'.repeat(20) + 'etc%2fpasswd',
];

/** Traversal sequences in path params, names in bodies and queries, and static paths. */
export function pathTraversal(ctx: CaseContext): fc.Arbitrary<Case> {
  const withPath = ctx.routes.filter((r) => r.params.some((p) => p.in === 'path'));
  const t = fc.constantFrom(...TRAVERSAL);
  const opts: fc.Arbitrary<Case>[] = [
    fc.tuple(fc.constantFrom(...STATIC_TRAVERSAL), fc.constantFrom('GET', 'HEAD')).map(([target, m]) => ({
      cat: 'path-traversal',
      kind: 'static',
      method: m,
      target,
      headers: [],
      expect: { not2xx: true },
    })),
  ];
  if (withPath.length)
    opts.push(
      routeBase(withPath).chain((b) =>
        fc.tuple(fc.constantFrom(...b.r.params.filter((p) => p.in === 'path')), t).map(([p, v]) => ({
          cat: 'path-traversal',
          kind: 'path-param',
          method: b.r.method,
          target: targetOf(b.r, { ...b.path, [p.name]: v }, b.query),
          headers: b.body !== undefined ? [JSON_CT] : [],
          body: b.body !== undefined ? jsonBody(b.body) : undefined,
          auth: b.auth,
        })),
      ),
    );
  const withStrings = ctx.routes.filter(
    (r) => hasBody(r) && propertyPaths(r.body).some((p) => declaredTypes(p.schema).includes('string')),
  );
  if (withStrings.length)
    opts.push(
      routeBase(withStrings).chain((b) =>
        fc
          .tuple(
            fc.constantFrom(...propertyPaths(b.r.body).filter((p) => declaredTypes(p.schema).includes('string'))),
            t,
          )
          .map(([p, v]) => ({
            cat: 'path-traversal',
            kind: 'body-name',
            method: b.r.method,
            target: targetOf(b.r, b.path),
            headers: [JSON_CT],
            body: jsonBody(setAt(b.body ?? {}, p.path, decodeURIComponentSafe(v))),
            auth: b.auth,
          })),
      ),
    );
  opts.push(
    routeBase(ctx.routes).chain((b) =>
      t.map((v) => ({
        cat: 'path-traversal',
        kind: 'query',
        method: b.r.method,
        target: `${targetOf(b.r, b.path)}?${b.r.params.find((p) => p.in === 'query')?.name ?? 'file'}=${v}&name=${v}`,
        headers: b.body !== undefined ? [JSON_CT] : [],
        body: b.body !== undefined ? jsonBody(b.body) : undefined,
        auth: b.auth,
      })),
    ),
  );
  return fc.oneof(...opts);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Bodies over the limit: plain, chunked, and announced by a (lying) Content-Length. */
export function oversized(ctx: CaseContext): fc.Arbitrary<Case> {
  const routes = ctx.routes.filter(hasBody);
  return fc
    .tuple(
      routeBase(routes),
      fc.constantFrom('plain', 'plain', 'chunked', 'lying-length', 'huge-length', 'bad-length', 'negative-length'),
      fc.constantFrom(MB + 1, MB + 4096, 3 * MB),
    )
    .map(([b, how, size]): Case => {
      // the base body, then whitespace (still one valid JSON object) up to the size
      const text = JSON.stringify(b.body ?? {});
      const body = utf8(text + ' '.repeat(Math.max(0, size - Buffer.byteLength(text))));
      const c: Case = {
        cat: 'oversized',
        kind: how,
        method: b.r.method,
        target: targetOf(b.r, b.path),
        headers: [JSON_CT],
        body,
        auth: b.auth,
        expect: { status: [413] },
      };
      if (how === 'chunked') c.chunked = true;
      if (how === 'lying-length') {
        c.body = utf8('{"a":1}');
        c.contentLength = size;
      }
      if (how === 'huge-length') {
        c.body = utf8('{}');
        c.contentLength = 10 ** 15;
      }
      if (how === 'bad-length' || how === 'negative-length') {
        c.body = utf8('{}');
        c.contentLength = 'none';
        c.headers.push(['Content-Length', how === 'bad-length' ? 'abc' : '-1']);
        c.expect = { status: [400] };
      }
      // a server answering 413 may close before it read the rest: the answer must still be there
      return c;
    });
}

const CRLF = '\r\n';
function multipartBody(
  boundary: string,
  parts: { name: string; filename?: string; type?: string; data: Buffer }[],
): Buffer {
  const out: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}${CRLF}Content-Disposition: form-data; name="${p.name}"`;
    if (p.filename !== undefined) head += `; filename="${p.filename}"`;
    head += CRLF;
    if (p.type) head += `Content-Type: ${p.type}${CRLF}`;
    out.push(Buffer.from(head + CRLF, 'latin1'), p.data, Buffer.from(CRLF, 'latin1'));
  }
  out.push(Buffer.from(`--${boundary}--${CRLF}`, 'latin1'));
  return Buffer.concat(out);
}

const PDF = Buffer.from(
  `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  'latin1',
);

/** Uploads: oversized files, traversal in file names, missing/misnamed parts, broken framing; multipart to JSON routes. */
export function multipart(ctx: CaseContext): fc.Arbitrary<Case> {
  const upload = ctx.routes.filter((r) => r.multipart);
  const json = ctx.routes.filter(hasBody);
  const opts: fc.Arbitrary<Case>[] = [];
  if (json.length)
    opts.push(
      routeBase(json).map((b) => ({
        cat: 'multipart',
        kind: 'to-json-route',
        method: b.r.method,
        target: targetOf(b.r, b.path),
        headers: [['Content-Type', 'multipart/form-data; boundary=fz']],
        body: multipartBody('fz', [{ name: 'file', filename: '../../etc/passwd', type: 'application/pdf', data: PDF }]),
        auth: b.auth,
        expect: { status: [415, 400, 401], not2xx: true },
      })),
    );
  if (upload.length)
    opts.push(
      routeBase(upload).chain((b) => {
        const mp = b.r.multipart!;
        const fields = valueFor(mp.schema).map((v) =>
          Object.entries((v ?? {}) as Record<string, Json>)
            .filter(([k]) => k !== mp.file)
            .map(([k, x]) => ({ name: k, data: Buffer.from(typeof x === 'string' ? x : JSON.stringify(x), 'utf8') })),
        );
        const filename = fc.constantFrom(
          'doc.pdf',
          '../../etc/passwd',
          '..\\..\\boot.ini',
          '%2e%2e%2fx.pdf',
          'a\u0000.pdf',
          '/etc/passwd',
          '....//x.pdf',
          `${M}.pdf`,
          '',
          'ą€\u00ff.pdf',
        );
        const variant = fc.constantFrom(
          'ok',
          'ok',
          'oversized',
          'exact-limit',
          'no-file',
          'wrong-field',
          'operator-fields',
          'bad-boundary',
          'truncated',
          'two-files',
          'file-first',
        );
        return fc.tuple(fields, filename, variant).map(([fs, fn, v]): Case => {
          const file = (data: Buffer, name = mp.file) => ({ name, filename: fn, type: 'application/pdf', data });
          let parts = [...fs, file(PDF)];
          let expect: Expect | undefined;
          let boundary = 'fzb';
          let body: Buffer | undefined;
          switch (v) {
            case 'oversized':
              parts = [...fs, file(Buffer.concat([PDF, Buffer.alloc(mp.maxFileSize + 1 - PDF.length, 0x20)]))];
              // 413 once the action reads the file; it may refuse earlier (unknown draft: 404, 403…)
              expect = { not2xx: true };
              break;
            case 'exact-limit':
              parts = [...fs, file(Buffer.concat([PDF, Buffer.alloc(mp.maxFileSize - PDF.length, 0x20)]))];
              break;
            case 'no-file':
              parts = fs;
              expect = { not2xx: true };
              break;
            case 'wrong-field':
              parts = [...fs, file(PDF, 'not-the-file')];
              expect = { not2xx: true };
              break;
            case 'operator-fields':
              parts = [
                { name: '__proto__', data: Buffer.from('{"polluted":true}') },
                { name: '$where', data: Buffer.from('1') },
                { name: 'constructor', data: Buffer.from('x') },
                ...fs.map((f) => ({ ...f, data: Buffer.from('{"$ne":null}') })),
                file(PDF),
              ];
              break;
            case 'two-files':
              parts = [...fs, file(PDF), file(PDF)];
              break;
            case 'file-first':
              parts = [file(PDF), ...fs];
              break;
            case 'bad-boundary':
              boundary = 'other';
              body = multipartBody('fzb', parts);
              expect = { not2xx: true };
              break;
            case 'truncated':
              body = multipartBody(boundary, parts);
              body = body.subarray(0, Math.floor(body.length / 2));
              expect = { not2xx: true };
              break;
          }
          return {
            cat: 'multipart',
            kind: v,
            method: b.r.method,
            target: targetOf(b.r, b.path, b.query),
            headers: [['Content-Type', `multipart/form-data; boundary=${boundary}`]],
            body: body ?? multipartBody(boundary, parts),
            auth: b.auth === 'none' ? 'client' : b.auth,
            expect,
          };
        });
      }),
    );
  return fc.oneof(...opts);
}

/** Bogus, expired and garbage Authorization headers on routes that read tokens. */
export function authHeaders(
  ctx: CaseContext,
  tokens: { admin: string; expired: string; forged: string[] },
): fc.Arbitrary<Case> {
  const routes = ctx.routes.filter((r) => r.auth !== 'public' && !r.builtIn);
  const [h, p] = tokens.admin.split('.') as [string, string, string];
  const flip = (s: string) => s.slice(0, -2) + (s.at(-2) === 'A' ? 'B' : 'A') + s.slice(-1);
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const bad: [string, string][] = [
    ['expired', `Bearer ${tokens.expired}`],
    ['tampered-signature', `Bearer ${flip(tokens.admin)}`],
    [
      'tampered-payload',
      `Bearer ${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), roles: ['admin'], sub: 'someone-else' })}.${tokens.admin.split('.')[2]}`,
    ],
    ['alg-none', `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${p}.`],
    ['alg-none-upper', `Bearer ${b64({ alg: 'NONE' })}.${p}.`],
    [
      'hs256',
      `Bearer ${b64({ alg: 'HS256', typ: 'JWT', kid: JSON.parse(Buffer.from(h, 'base64url').toString()).kid })}.${p}.c2lnbmF0dXJl`,
    ],
    ['empty-bearer', 'Bearer '],
    ['bearer-only', 'Bearer'],
    ['basic', 'Basic dXNlcjpwYXNzd29yZA=='],
    ['digest', 'Digest username="x"'],
    ['lowercase', `bearer ${tokens.expired}`],
    ['two-tokens', `Bearer ${tokens.expired} ${tokens.admin}`],
    ['comma-list', `Bearer ${tokens.expired}, Bearer ${tokens.admin}`],
    ['garbage', 'Bearer a.b.c'],
    ['not-jwt', 'Bearer not-a-jwt'],
    ['two-parts', `Bearer ${h}.${p}`],
    ['four-parts', `Bearer ${tokens.admin}.x`],
    ['json-header', `Bearer ${b64({ alg: 'ES256', kid: { $ne: null } })}.${p}.x`],
    ['kid-traversal', `Bearer ${b64({ alg: 'ES256', kid: '../../etc/passwd' })}.${p}.AAAA`],
    ['jku', `Bearer ${b64({ alg: 'ES256', jku: 'http://127.0.0.1:1/jwks', kid: 'x' })}.${p}.AAAA`],
    ['payload-not-json', `Bearer ${h}.${Buffer.from('not json').toString('base64url')}.AAAA`],
    ['long', `Bearer ${'a'.repeat(4000)}.${'b'.repeat(4000)}.${'c'.repeat(4000)}`],
    ['tab', `Bearer\t${tokens.admin}`],
    ['leading-space', ` Bearer ${tokens.expired}`],
    ...tokens.forged.map((t, i) => [`forged-${i}`, `Bearer ${t}`] as [string, string]),
  ];
  return fc.tuple(routeBase(routes), fc.constantFrom(...bad), fc.boolean()).map(([b, [kind, value], twice]) => ({
    cat: 'auth',
    kind: twice ? `${kind}+duplicate` : kind,
    method: b.r.method,
    target: targetOf(b.r, b.path, b.query),
    headers: [
      ...(b.body !== undefined ? [JSON_CT] : []),
      ['Authorization', value] as [string, string],
      ...(twice ? [['Authorization', `Bearer ${tokens.admin}`] as [string, string]] : []),
    ],
    body: b.body !== undefined ? jsonBody(b.body) : undefined,
    expect: { status: [401], not2xx: true },
  }));
}

/** Anything at all: random JSON bodies and query strings on every route. */
export function anything(ctx: CaseContext): fc.Arbitrary<Case> {
  const key = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('email', 'id', 'status', 'limit', 'name', M));
  return fc
    .tuple(
      routeBase(ctx.routes),
      fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.dictionary(key, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 })),
      fc.dictionary(
        key,
        fc.oneof(fc.string({ maxLength: 10 }), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 })),
        { maxKeys: 4 },
      ),
      fc.boolean(),
    )
    .map(([b, body, q, sendBody]) => {
      const qs = Object.entries(q)
        .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${enc(k)}=${enc(x)}`))
        .join('&');
      return {
        cat: 'anything',
        kind: sendBody ? typeOfJson(body) : 'query-only',
        method: b.r.method,
        target: `${targetOf(b.r, b.path)}${qs ? `?${qs}` : ''}`,
        headers: sendBody ? [JSON_CT] : [],
        body: sendBody ? jsonBody(body) : undefined,
        auth: b.auth,
      };
    });
}

/** Idempotency-Key values: invalid, huge, non-ASCII, reused with another body. */
export function idempotency(ctx: CaseContext): fc.Arbitrary<Case> {
  const routes = ctx.routes.filter((r) => r.method === 'POST' && !r.multipart);
  const key = fc.oneof(
    fc.constantFrom(
      '',
      ' ',
      'a b',
      'k'.repeat(256),
      '\u00e9\u00e9',
      'key\u0000',
      '{"$ne":null}',
      '__proto__',
      '../../etc/passwd',
      `fz-fixed-key`,
    ),
    fc.stringMatching(/^[\x21-\x7e]{1,40}$/),
  );
  return fc.tuple(routeBase(routes), key, fc.boolean()).map(([b, k, twice]) => ({
    cat: 'idempotency',
    kind: k === 'fz-fixed-key' ? 'reused' : /^[\x21-\x7e]{1,255}$/.test(k) ? 'valid-key' : 'invalid-key',
    method: 'POST',
    target: targetOf(b.r, b.path),
    headers: [
      JSON_CT,
      ['Idempotency-Key', k] as [string, string],
      ...(twice ? [['Idempotency-Key', 'second'] as [string, string]] : []),
    ],
    body: jsonBody(b.body ?? {}),
    auth: b.auth,
  }));
}

/** Other headers: request ids, hosts, expectations, forwarded-for, ranges. */
export function headersMisc(ctx: CaseContext): fc.Arbitrary<Case> {
  const h = fc.constantFrom<[string, string][]>(
    [['X-Request-Id', '../../etc/passwd']],
    [['X-Request-Id', 'x'.repeat(5000)]],
    [['X-Request-Id', '{"$ne":null}']],
    [
      ['X-Request-Id', 'a'],
      ['X-Request-Id', 'b'],
    ],
    [['X-Forwarded-For', '1.2.3.4, 127.0.0.1, ::1, garbage']],
    [['X-Forwarded-For', "'; DROP TABLE users; --"]],
    [['Forwarded', 'for=unknown;proto=gopher']],
    [['Expect', '100-continue']],
    [['Expect', 'something-else']],
    [['Range', 'bytes=0-1,2-3,-1']],
    [['If-None-Match', '*']],
    [['Accept', 'application/xml']],
    [['Accept', '*/*;q=abc']],
    [['Accept-Encoding', 'gzip;q=2, br, zstd, x'.repeat(100)]],
    [
      ['Connection', 'upgrade'],
      ['Upgrade', 'websocket'],
    ],
    [
      ['Upgrade', 'h2c'],
      ['HTTP2-Settings', 'AAMAAABkAAQAAP__'],
    ],
    [['Cookie', '__proto__=1; constructor=2; a=%ff']],
    [['X-HTTP-Method-Override', 'DELETE']],
    [
      ['Content-Length', '0'],
      ['Content-Length', '5'],
    ],
    [['Transfer-Encoding', 'gzip']],
    [['Transfer-Encoding', 'chunked, identity']],
  );
  return fc.tuple(routeBase(ctx.routes), h).map(([b, hs]) => {
    const setsLength = hs.some(([k]) => /content-length|transfer-encoding/i.test(k));
    return {
      cat: 'headers',
      kind: hs.map(([k]) => k).join('+'),
      method: b.r.method,
      target: targetOf(b.r, b.path, b.query),
      headers: [...(b.body !== undefined && !setsLength ? [JSON_CT] : []), ...hs],
      body: b.body !== undefined && !setsLength ? jsonBody(b.body) : undefined,
      contentLength: setsLength ? 'none' : 'auto',
      auth: b.auth,
      expect: { allowNoAnswer: hs.some(([k]) => k === 'Upgrade') },
    } as Case;
  });
}

/**
 * Two requests on one connection: a bad one (its body carrying the text of a second request),
 * then a good one. A gateway that answered the first before reading its body must not read the
 * leftover bytes as a request (desync); the good one is answered as usual, or the connection closed.
 */
export function pipelining(ctx: CaseContext): fc.Arbitrary<Case> {
  const routes = ctx.routes.filter(hasBody);
  const smuggled = 'GET /api/v1/zz-smuggled HTTP/1.1\r\nHost: x\r\n\r\n';
  return fc
    .tuple(
      routeBase(routes),
      fc.constantFrom('malformed', 'wrong-type', 'no-auth', 'oversized-length', 'te-cl', 'cl-cl', 'plain-text'),
    )
    .map(([b, how]): Case => {
      const target = targetOf(b.r, b.path);
      let head = `${b.r.method} ${target} HTTP/1.1\r\nHost: x\r\n`;
      let body = `{"a":"${smuggled.replace(/\r\n/g, '\\r\\n')}"}`;
      switch (how) {
        case 'malformed':
          body = `{${smuggled}`;
          head += 'Content-Type: application/json\r\n';
          break;
        case 'wrong-type':
          head += 'Content-Type: application/json\r\n';
          break;
        case 'no-auth':
          head += 'Content-Type: application/json\r\n';
          body = JSON.stringify(b.body ?? {}) + ' '.repeat(10);
          break;
        case 'plain-text':
          head += 'Content-Type: text/plain\r\n';
          body = smuggled;
          break;
      }
      let first: string;
      if (how === 'oversized-length')
        first = `${head}Content-Type: application/json\r\nContent-Length: ${MB + 10}\r\n\r\n${smuggled}`;
      else if (how === 'te-cl')
        first = `${head}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n${smuggled}`;
      else if (how === 'cl-cl')
        first = `${head}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: ${2 + smuggled.length}\r\n\r\n{}${smuggled}`;
      else first = `${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      const second = 'GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
      return {
        cat: 'pipelining',
        kind: how,
        method: b.r.method,
        target,
        headers: [],
        raw: Buffer.from(first + second, 'utf8'),
        auth: how === 'no-auth' ? 'none' : b.auth,
        expect: { pipelined: true },
      };
    });
}
