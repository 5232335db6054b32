/**
 * The checks an integrator's tools make of the OpenAPI document beyond its schema (redocly's
 * recommended rules that the gateway controls, and what openapi-typescript needs to type a body).
 */
type Doc = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options', 'trace'];

function* operations(doc: Doc): Generator<{ path: string; method: string; op: Doc }> {
  for (const [path, item] of Object.entries(doc['paths'] as Record<string, Doc>))
    for (const method of METHODS) if (item[method]) yield { path, method, op: item[method] };
}

/**
 * Pairs of paths a URL can match both of (redocly `no-ambiguous-paths`): the same number of
 * segments, every literal pair equal, and as many templated segments in each.
 */
export function ambiguousPaths(paths: string[]): string[] {
  const found: string[] = [];
  const isVar = (s: string) => /^\{.+\}$/.test(s);
  for (let i = 0; i < paths.length; i++)
    for (let j = i + 1; j < paths.length; j++) {
      const a = paths[i]!.split('/');
      const b = paths[j]!.split('/');
      if (a.length !== b.length) continue;
      let literalsAgree = true;
      let aVars = 0;
      let bVars = 0;
      a.forEach((sa, k) => {
        const sb = b[k]!;
        if (isVar(sa) || isVar(sb)) {
          aVars += isVar(sa) ? 1 : 0;
          bVars += isVar(sb) ? 1 : 0;
        } else if (sa !== sb) literalsAgree = false;
      });
      if (literalsAgree && aVars === bVars) found.push(`${paths[i]} ~ ${paths[j]}`);
    }
  return found;
}

/** Tag names: `<service>` or `<service>: <area>`, lower case but for acronyms (UPO). */
export const TAG_NAME = /^[a-z][a-z0-9-]*(: (?:[a-z][a-z0-9-]*|[A-Z0-9]{2,})(?: (?:[a-z][a-z0-9-]*|[A-Z0-9]{2,}))*)?$/;

/** Every finding, as `where: what`; an empty list is a clean document. */
export function hygieneFindings(doc: Doc): string[] {
  const out: string[] = [];
  const servers = doc['servers'] as Array<{ url?: unknown }> | undefined;
  if (!servers?.length) out.push('servers: missing');
  for (const s of servers ?? []) {
    if (typeof s.url !== 'string' || !s.url) out.push('servers: a server without url');
    else if (s.url !== '/' && s.url.endsWith('/')) out.push(`servers: ${s.url} ends with /`);
    else if (/example\.com/.test(s.url)) out.push(`servers: ${s.url} is an example`);
  }
  const license = doc['info']?.['license'];
  if (!license?.name || !(license.url || license.identifier)) out.push('info.license: missing name, url or identifier');

  const declared = new Map<string, string>();
  for (const t of doc['tags'] ?? []) {
    if (declared.has(t.name)) out.push(`tags: ${t.name} declared twice`);
    declared.set(t.name, typeof t.description === 'string' ? t.description.trim() : '');
    if (!declared.get(t.name)) out.push(`tags: ${t.name} has no description`);
    if (!TAG_NAME.test(t.name)) out.push(`tags: ${t.name} is not <service> or <service>: <area>`);
  }
  const used = new Set<string>();
  for (const { path, method, op } of operations(doc)) {
    const where = `${method.toUpperCase()} ${path}`;
    for (const t of op.tags ?? []) {
      used.add(t);
      if (!declared.has(t)) out.push(`${where}: tag ${t} is not declared`);
    }
    if (!op.tags?.length) out.push(`${where}: no tag`);
    const body = op.requestBody?.content?.['application/json']?.schema as Doc | undefined;
    if (body) {
      const fields = Object.keys(body['properties'] ?? {}).length;
      const composed = ['oneOf', 'anyOf', 'allOf', '$ref'].some((k) => k in body);
      if (body['type'] !== 'object' && !composed) out.push(`${where}: body is not an object`);
      else if (!fields && !composed && body['maxProperties'] !== 0) out.push(`${where}: body is a bare object`);
    }
  }
  for (const t of declared.keys()) if (!used.has(t)) out.push(`tags: ${t} is used by no operation`);
  for (const pair of ambiguousPaths(Object.keys(doc['paths']))) out.push(`paths: ambiguous ${pair}`);
  if (doc['paths']['/metrics']) out.push('paths: /metrics is on the operator port, not in the public API');
  return out;
}
