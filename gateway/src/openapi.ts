import type { HttpMethod } from '@puesc/service';
import type { JsonSchema, RouteDef } from './routes';
import { PROBLEM_JSON } from './problem';

export interface OpenApiInfo {
  title?: string;
  version?: string;
  description?: string;
  servers?: Array<{ url: string; description?: string }>;
}

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
    tags: o?.tags?.length ? o.tags : [r.service],
    'x-moleculer-action': r.action,
  };
  if (o?.description) op['description'] = o.description;
  if (parameters.length) op['parameters'] = parameters;
  if (r.multipart) {
    op['requestBody'] = multipartBody(r);
  } else if (hasBody) {
    const bodySchema = withoutProps(schema, r.pathParams);
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
        tags: ['operations'],
        security: [],
        responses: { '200': json('Alive') },
      },
    },
    '/health/ready': {
      get: {
        operationId: 'health.ready',
        summary: 'Readiness: broker connected, store answering, required services available',
        tags: ['operations'],
        security: [],
        responses: { '200': json('Ready', health), '503': json('Not ready; the failing checks are named', health) },
      },
    },
    '/metrics': {
      get: {
        operationId: 'metrics',
        summary: 'Prometheus metrics',
        tags: ['operations'],
        security: [],
        responses: {
          '200': {
            description: 'Prometheus text exposition format',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
        },
      },
    },
  };
}

/** The OpenAPI 3.1 document for the routes currently in the registry. */
export function buildOpenApi(routes: RouteDef[], info: OpenApiInfo = {}): Obj {
  const paths: Record<string, Obj> = {};
  const tags = new Set<string>(['operations']);
  for (const r of routes) {
    const p = openApiPath(r.path);
    const op = operation(r);
    for (const t of op['tags'] as string[]) tags.add(t);
    (paths[p] ??= {})[r.method.toLowerCase()] = op;
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
    },
    ...(info.servers?.length ? { servers: info.servers } : {}),
    tags: [...tags].sort().map((name) => ({ name })),
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
