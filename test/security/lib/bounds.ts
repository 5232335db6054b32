/**
 * Issue 18 item 4: every number in every schema has a bound that fits its meaning. Read from the
 * served OpenAPI document: each number or integer a request may carry (path, query, body, at any
 * depth) needs a lower and an upper bound (or an enum / const).
 */
type Schema = Record<string, any>;

function resolve(doc: Schema, s: Schema | undefined): Schema | undefined {
  const ref = s?.['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return s;
  return ref
    .slice(2)
    .split('/')
    .reduce<any>((o, k) => o?.[k], doc);
}

function walk(doc: Schema, raw: Schema | undefined, where: string, out: string[], depth = 0): void {
  const s = resolve(doc, raw);
  if (!s || typeof s !== 'object' || depth > 40) return;
  const types: unknown[] = Array.isArray(s['type']) ? s['type'] : [s['type']];
  if ((types.includes('number') || types.includes('integer')) && !s['enum'] && s['const'] === undefined) {
    const low = s['minimum'] !== undefined || s['exclusiveMinimum'] !== undefined;
    const high = s['maximum'] !== undefined || s['exclusiveMaximum'] !== undefined;
    if (!low || !high)
      out.push(`${where}: no ${!low ? 'minimum' : ''}${!low && !high ? ' and no ' : ''}${!high ? 'maximum' : ''}`);
  }
  for (const k of ['properties', 'patternProperties'])
    for (const [n, v] of Object.entries<Schema>(s[k] ?? {})) walk(doc, v, `${where}.${n}`, out, depth + 1);
  if (s['items']) walk(doc, s['items'], `${where}[]`, out, depth + 1);
  if (s['additionalProperties'] && typeof s['additionalProperties'] === 'object')
    walk(doc, s['additionalProperties'], `${where}.*`, out, depth + 1);
  for (const k of ['oneOf', 'anyOf', 'allOf'])
    (s[k] ?? []).forEach((x: Schema, i: number) => walk(doc, x, `${where}|${k}${i}`, out, depth + 1));
}

/** `METHOD /path where: what is missing`, for every unbounded number of every request. */
export function unboundedNumbers(doc: Schema): string[] {
  const out: string[] = [];
  for (const [path, ops] of Object.entries<Schema>(doc['paths'] ?? {}))
    for (const [m, op] of Object.entries<Schema>(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(m)) continue;
      const key = `${m.toUpperCase()} ${path}`;
      for (const p of op['parameters'] ?? []) walk(doc, p.schema, `${key} ${p.in} ${p.name}`, out);
      for (const c of Object.values<Schema>(op['requestBody']?.content ?? {}))
        walk(doc, c['schema'], `${key} body`, out);
    }
  return out;
}
