import type { HttpMethod } from '@puesc/service';
import type { JsonSchema, RouteDef } from './routes';
import { PROBLEM_JSON } from './problem';

export interface OpenApiInfo {
  title?: string;
  version?: string;
  description?: string;
  servers?: Array<{ url: string; description?: string }>;
  license?: { name: string; url?: string; identifier?: string };
}

/** Relative to wherever the document was fetched from: right behind any proxy or port. */
const DEFAULT_SERVERS = [{ url: '/', description: 'The server this document was fetched from' }];
const DEFAULT_LICENSE = { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' };

type Obj = Record<string, unknown>;

const BODY_METHODS: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH']);

/** Standard problem responses, referenced from every operation. */
const PROBLEM_RESPONSES: Record<string, [string, string]> = {
  '400': ['BadRequest', 'Invalid request: malformed JSON or a field that fails validation (see `errors`).'],
  '401': ['Unauthorized', 'Missing, expired or invalid access token.'],
  '403': ['Forbidden', 'The caller may not do this (see `rule`).'],
  '404': ['NotFound', 'No such route or resource.'],
  '409': ['Conflict', 'Conflicts with the current state, or a request with this Idempotency-Key is still in progress.'],
  '413': ['PayloadTooLarge', 'The request body exceeds the size limit.'],
  '415': ['UnsupportedMediaType', 'The request body is not JSON.'],
  '422': [
    'UnprocessableContent',
    'A business rule refused the request (see `rule`), or the Idempotency-Key was reused with a different body.',
  ],
  '429': ['TooManyRequests', 'Rate limit exceeded; retry after `Retry-After` seconds.'],
  '500': ['InternalError', 'Unexpected error; quote `requestId` when reporting it.'],
  '503': [
    'ServiceUnavailable',
    'The service handling the request is not available; retry after `Retry-After` seconds.',
  ],
};

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri-reference', examples: ['/problems/validation'] },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string', format: 'uri-reference' },
    requestId: { type: 'string' },
    rule: { type: 'string', description: 'Domain rule id that refused the request', examples: ['REG-03'] },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' }, rule: { type: 'string' } },
      },
    },
  },
  additionalProperties: true,
};

interface TagEntry {
  /** The name in the document: `<service>` or `<service>: <area>`, lower case but for acronyms. */
  name: string;
  description: string;
}

/**
 * The tags of the public API, by the service that declares them and the tag it declares. The
 * services name their areas in their own style; the document names them one way
 * (`<service>: <area>`) and says what each holds.
 */
const TAG_CATALOGUE: Record<string, TagEntry> = {
  'identity|Authentication': {
    name: 'identity: authentication',
    description: 'Log in, refresh and end sessions, reset a password; the JWKS that verifies access tokens.',
  },
  'identity|Accounts': {
    name: 'identity: accounts',
    description: 'Create an account, confirm its e-mail address, read and close your own account (ID-01).',
  },
  'identity|Administration': {
    name: 'identity: administration',
    description: "Administrators: end an account's sessions (ID-11) and rotate the token signing keys.",
  },
  'identity|Extended scope': {
    name: 'identity: extended scope',
    description: 'Ask for, confirm and withdraw the extended scope a person needs to act for companies (ID-03, ID-04).',
  },
  'identity|Legacy linking': {
    name: 'identity: legacy linking',
    description: 'Link migrated PDR/SEED/EORI person and access records to an account (ID-08).',
  },
  'identity|Officers': { name: 'identity: officers', description: 'Administrators: list and create officers.' },
  'identity|Persons': {
    name: 'identity: persons',
    description: 'Register the person behind an account, read and change person data with its versions (ID-02, ID-09).',
  },
  'identity|Representations': {
    name: 'identity: representations',
    description: 'Ask to represent a company, and approve, change, reject or revoke representations (ID-05..ID-07).',
  },
  'registry|registry': {
    name: 'registry',
    description: 'Companies (PDR/EORI): registration, approval and EORI, changes as versions, removal, legacy import.',
  },
  'registry|public': {
    name: 'registry: public check',
    description: 'Anyone: is an EORI or NIP number registered and valid, and (with consent) whose it is (REG-06).',
  },
  'pki|pki': {
    name: 'pki',
    description: 'Customs certificates (request, status, revocation, CRL), the CA chain and signature verification.',
  },
  'pki|test': {
    name: 'pki: test',
    description: 'TEST ONLY (demo mode): qualified-looking certificates and trusted-profile assertions to sign with.',
  },
  'notifications|notifications': {
    name: 'notifications',
    description: 'In-app notifications of the caller, and the e-mail delivery log with retries (officers).',
  },
  'seap|seap: UPO': {
    name: 'seap: UPO',
    description:
      'Official receipts (UPO) of sent documents: JSON with JWS, PDF, the signing keys and verification (DOC-05).',
  },
  'seap|seap: forms': {
    name: 'seap: forms',
    description: 'The forms catalogue and each form’s JSON Schema with its help texts (DOC-01).',
  },
  'seap|seap: desktop': {
    name: 'seap: desktop',
    description:
      'Drafts, attachments, generated documents, sending with a signature, cases and documents (DOC-02..DOC-08).',
  },
  'seap|seap: administration': {
    name: 'seap: administration',
    description: 'Administrators: rotate the UPO signing key (earlier keys stay published).',
  },
  'szprot|szprot: cases': {
    name: 'szprot: cases',
    description: 'End-use authorisation cases with their status, documents and deadlines (DL-04).',
  },
  'szprot|szprot: office': {
    name: 'szprot: office',
    description:
      'Case officers: accept, call to complete, hear, decide; suspend, amend, revoke or annul permits (EUP-03..EUP-10).',
  },
  'szprot|szprot: permits': {
    name: 'szprot: permits',
    description:
      'End-use permits with their versions, reported circumstances, prefilled applications and TORO transfers.',
  },
  'szprot|szprot: records': {
    name: 'szprot: records',
    description:
      'The records kept under a permit: append, correct, print, verify and the signed monthly archives (EUP-14).',
  },
  'szprot|szprot: closure': {
    name: 'szprot: closure',
    description: 'The closing settlement (bill of discharge) of an ended permit and its deadline (EUP-15).',
  },
  'audit|audit': {
    name: 'audit',
    description:
      "The access audit trail: who read or changed which object of a company, when, on whose behalf (auditors; a company's managers for their own).",
  },
  'status|status': {
    name: 'status',
    description:
      'Service status: what is unavailable now and until when, planned maintenance, and the record of both (DOC-10).',
  },
  'clock|system': {
    name: 'clock',
    description: 'The platform time; in demo mode an administrator can move it forward.',
  },
};

const OPERATIONS_TAG: TagEntry = {
  name: 'operations',
  description: 'Probes for the orchestrator. Metrics are served on the operator port, not here.',
};

/** The document's tag for a tag an action declares; a tag the catalogue lacks keeps its name. */
export function tagOf(service: string, declared: string): TagEntry {
  return (
    TAG_CATALOGUE[`${service}|${declared}`] ?? {
      name: declared,
      description: `Operations of the ${service} service${declared === service ? '' : ` (${declared})`}.`,
    }
  );
}

/** The tag names the catalogue describes (a tag it lacks gets a generated description). */
export const CATALOGUED_TAGS: ReadonlySet<string> = new Set(
  [...Object.values(TAG_CATALOGUE), OPERATIONS_TAG].map((t) => t.name),
);

/** A JSON copy of an action's schema, fit to embed (no `$schema`/`$id`, which would re-scope `$ref`s). */
function embeddable(schema: unknown): JsonSchema {
  if (typeof schema !== 'object' || schema === null) return {};
  const copy = JSON.parse(JSON.stringify(schema)) as JsonSchema;
  delete copy['$schema'];
  delete copy['$id'];
  return copy;
}

export const openApiPath = (path: string): string =>
  path.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, '{$1}').replace(/\*$/, '{wildcard}');

function withoutProps(schema: JsonSchema, drop: string[]): JsonSchema {
  const s = embeddable(schema);
  const props = (s['properties'] ?? undefined) as Obj | undefined;
  if (props) for (const d of drop) delete props[d];
  if (Array.isArray(s['required'])) {
    const req = (s['required'] as string[]).filter((r) => !drop.includes(r));
    if (req.length) s['required'] = req;
    else delete s['required'];
  }
  return s;
}

/**
 * The JSON body: the action's params without those in the path. An action whose params are all in
 * the path (or that has none) takes no fields; say so instead of declaring a bare object.
 */
function bodyOf(schema: JsonSchema, pathParams: string[]): JsonSchema {
  const body = withoutProps(schema, pathParams);
  const props = body['properties'] as Obj | undefined;
  const composed = ['oneOf', 'anyOf', 'allOf', '$ref', 'patternProperties', 'if'].some((k) => k in body);
  if (composed || (props && Object.keys(props).length)) return { type: 'object', ...body };
  return {
    type: 'object',
    description: 'No fields: send no body or `{}`.',
    properties: {},
    additionalProperties: false,
    maxProperties: 0,
  };
}

function namedExamples(examples: Record<string, unknown> | undefined): Obj | undefined {
  if (!examples || typeof examples !== 'object' || !Object.keys(examples).length) return undefined;
  return Object.fromEntries(Object.entries(examples).map(([k, v]) => [k, { value: v }]));
}

/** The request body of a file upload: its text fields, then the file part. */
function multipartBody(r: RouteDef): Obj {
  const spec = r.multipart ?? {};
  const fields = embeddable(spec.fields ?? { type: 'object', properties: {} });
  const props = { ...((fields['properties'] ?? {}) as Obj) };
  const file = spec.file ?? 'file';
  props[file] = {
    type: 'string',
    format: 'binary',
    description: `the file${spec.maxFileSize ? `, at most ${spec.maxFileSize} bytes` : ''}; send it after the other fields`,
  };
  const required = [...(Array.isArray(fields['required']) ? (fields['required'] as string[]) : []), file];
  return {
    required: true,
    content: {
      'multipart/form-data': {
        schema: { type: 'object', properties: props, required },
        encoding: { [file]: { contentType: 'application/octet-stream' } },
      },
    },
  };
}

function operation(r: RouteDef): Obj {
  const o = r.openapi;
  const schema = (r.multipart ? r.multipart.params : r.params) ?? {};
  const props = ((schema['properties'] ?? {}) as Record<string, JsonSchema>) || {};
  const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
  const hasBody = BODY_METHODS.has(r.method);

  const parameters: Obj[] = r.pathParams.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: embeddable(props[name] ?? { type: 'string' }),
  }));
  if (r.path.endsWith('*'))
    parameters.push({ name: 'wildcard', in: 'path', required: true, schema: { type: 'string' } });
  if (!hasBody) {
    for (const [name, p] of Object.entries(props)) {
      if (r.pathParams.includes(name)) continue;
      const s = embeddable(p);
      const param: Obj = { name, in: 'query', required: required.has(name), schema: s };
      if (typeof s['description'] === 'string') param['description'] = s['description'];
      if (s['type'] === 'array') Object.assign(param, { style: 'form', explode: true });
      parameters.push(param);
    }
  }
  if (r.method === 'POST') parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });

  const status = String(o?.status ?? 200);
  const success: Obj = { description: o?.description ?? o?.summary ?? 'Success' };
  const examples = namedExamples(o?.examples);
  if (status !== '204') {
    if (o?.produces) success['content'] = { [o.produces]: { schema: { type: 'string', format: 'binary' } } };
    else {
      const media: Obj = { schema: embeddable(o?.response ?? {}) };
      if (examples && !hasBody) media['examples'] = examples;
      success['content'] = { 'application/json': media };
    }
  }
  const responses: Obj = { [status]: success };
  const codes = ['400', '404', '429', '500', '503'];
  if (r.auth !== 'public') codes.push('401', '403');
  if (hasBody) codes.push('409', '413', '415', '422');
  else if (r.method === 'DELETE') codes.push('409', '422');
  for (const c of codes.sort())
    if (!responses[c]) responses[c] = { $ref: `#/components/responses/${PROBLEM_RESPONSES[c]![0]}` };

  const op: Obj = {
    operationId: r.action,
    summary: o?.summary ?? r.action,
    tags: [...new Set((o?.tags?.length ? o.tags : [r.service]).map((t) => tagOf(r.service, t).name))],
    'x-moleculer-action': r.action,
  };
  if (o?.description) op['description'] = o.description;
  if (parameters.length) op['parameters'] = parameters;
  if (r.multipart) {
    op['requestBody'] = multipartBody(r);
  } else if (hasBody) {
    const bodySchema = bodyOf(schema, r.pathParams);
    const media: Obj = { schema: bodySchema };
    if (examples) media['examples'] = examples;
    op['requestBody'] = {
      required: Array.isArray(bodySchema['required']) && (bodySchema['required'] as unknown[]).length > 0,
      content: { 'application/json': media },
    };
  }
  op['responses'] = responses;
  op['security'] = r.auth === 'public' ? [] : r.auth === 'optional' ? [{}, { bearerAuth: [] }] : [{ bearerAuth: [] }];
  return op;
}

function builtIns(): Obj {
  const json = (description: string, schema: Obj = { type: 'object' }) => ({
    description,
    content: { 'application/json': { schema } },
  });
  const health = {
    type: 'object',
    properties: { status: { type: 'string' }, checks: { type: 'object', additionalProperties: { type: 'string' } } },
  };
  return {
    '/health/live': {
      get: {
        operationId: 'health.live',
        summary: 'Liveness: the process answers',
        tags: [OPERATIONS_TAG.name],
        security: [],
        responses: { '200': json('Alive') },
      },
    },
    '/health/ready': {
      get: {
        operationId: 'health.ready',
        summary: 'Readiness: broker connected, store answering, required services available',
        tags: [OPERATIONS_TAG.name],
        security: [],
        responses: { '200': json('Ready', health), '503': json('Not ready; the failing checks are named', health) },
      },
    },
  };
}

/** The OpenAPI 3.1 document for the routes currently in the registry. */
export function buildOpenApi(routes: RouteDef[], info: OpenApiInfo = {}): Obj {
  const paths: Record<string, Obj> = {};
  const tags = new Map<string, TagEntry>([[OPERATIONS_TAG.name, OPERATIONS_TAG]]);
  for (const r of routes) {
    const p = openApiPath(r.path);
    for (const t of r.openapi?.tags?.length ? r.openapi.tags : [r.service]) {
      const entry = tagOf(r.service, t);
      if (!tags.has(entry.name)) tags.set(entry.name, entry);
    }
    (paths[p] ??= {})[r.method.toLowerCase()] = operation(r);
  }
  Object.assign(paths, builtIns());
  const responses = Object.fromEntries(
    Object.values(PROBLEM_RESPONSES).map(([name, description]) => [
      name,
      { description, content: { [PROBLEM_JSON]: { schema: { $ref: '#/components/schemas/Problem' } } } },
    ]),
  );
  return {
    openapi: '3.1.0',
    info: {
      title: info.title ?? 'PUESC e-services API',
      version: info.version ?? '0.1.0',
      ...(info.description ? { description: info.description } : {}),
      license: info.license ?? DEFAULT_LICENSE,
    },
    servers: info.servers?.length ? info.servers : DEFAULT_SERVERS,
    tags: [...tags.values()].sort((a, b) => a.name.localeCompare(b.name)),
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      responses,
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes a POST safe to retry: the same key with the same body replays the stored answer (header `Idempotent-Replayed: true`); with a different body → 422.',
          schema: { type: 'string', minLength: 1, maxLength: 255 },
        },
      },
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
