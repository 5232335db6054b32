import { spawnSync } from 'node:child_process';
import { buildOpenApi } from '../src/openapi';
import type { RouteDef } from '../src/routes';
import { ambiguousPaths, hygieneFindings } from './openapiHygiene';
import { harness, json, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await harness({ openapi: { title: 'Test API', version: '9.9.9' } });
});
afterAll(() => h.close());

/**
 * @seriousme/openapi-schema-validator is ESM-only; jest runs CommonJS, so the document is
 * validated in a child Node process.
 */
function validateOpenApi(doc: unknown): { valid: boolean; errors?: unknown; version?: string } {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let input = '';
    process.stdin.on('data', (c) => (input += c));
    process.stdin.on('end', async () => {
      const v = new Validator();
      const res = await v.validate(JSON.parse(input));
      process.stdout.write(JSON.stringify({ ...res, version: v.version }));
    });`;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    input: JSON.stringify(doc),
    cwd: __dirname,
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout);
}

describe('/api/openapi.json', () => {
  let doc: Record<string, any>;
  beforeAll(async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    doc = json(res.body);
  });

  it('is a valid OpenAPI 3.1 document', () => {
    const res = validateOpenApi(doc);
    expect(res.errors).toBeUndefined();
    expect(res.valid).toBe(true);
    expect(res.version).toBe('3.1');
    expect(doc['openapi']).toBe('3.1.0');
    expect(doc['info']).toMatchObject({ title: 'Test API', version: '9.9.9' });
  });

  it('has a path per rest action, with path and query parameters from params', () => {
    const get = doc['paths']['/api/v1/things/{id}'].get;
    expect(get.operationId).toBe('things.get');
    expect(get.parameters).toEqual(
      expect.arrayContaining([
        { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } },
        { name: 'verbose', in: 'query', required: false, schema: { type: 'boolean' } },
      ]),
    );
    const list = doc['paths']['/api/v1/things'].get;
    expect(list.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'tags', in: 'query', style: 'form', explode: true })]),
    );
    expect(doc['paths']['/api/v1/internal']).toBeUndefined();
  });

  it('describes a POST body, its status, examples, the Idempotency-Key header and problem responses', () => {
    const post = doc['paths']['/api/v1/things'].post;
    expect(post.requestBody.required).toBe(true);
    expect(post.requestBody.content['application/json'].schema).toMatchObject({
      required: ['name'],
      properties: { name: { type: 'string' } },
    });
    expect(post.requestBody.content['application/json'].examples).toEqual({
      simple: { value: { name: 'widget', count: 2 } },
    });
    expect(post.responses['201'].content['application/json'].schema).toEqual({
      type: 'object',
      properties: { id: { type: 'string' } },
    });
    expect(post.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
    for (const s of ['400', '401', '403', '413', '415', '422', '503']) expect(post.responses[s]).toBeDefined();
    expect(doc['components']['responses']['BadRequest'].content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
  });

  it('path params are not repeated in the body schema', () => {
    const approve = doc['paths']['/api/v1/things/{id}/approve'].post;
    expect(approve.requestBody.content['application/json'].schema.properties.id).toBeUndefined();
    expect(approve.requestBody.required).toBe(false);
  });

  it('marks non-public operations with bearerAuth and public ones with none', () => {
    expect(doc['components']['securitySchemes']['bearerAuth']).toEqual({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(doc['paths']['/api/v1/things'].post.security).toEqual([{ bearerAuth: [] }]);
    expect(doc['paths']['/api/v1/things/{id}'].get.security).toEqual([]);
    expect(doc['paths']['/api/v1/maybe'].get.security).toEqual([{}, { bearerAuth: [] }]);
    expect(doc['paths']['/api/v1/things/{id}'].get.responses['401']).toBeUndefined();
  });

  it('lists tags, binary responses and the operational endpoints', () => {
    expect(doc['tags'].map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining(['things', 'auth', 'operations']),
    );
    expect(doc['paths']['/api/v1/things/{id}/pdf'].get.responses['200'].content).toHaveProperty('application/pdf');
    expect(doc['paths']['/health/ready'].get.responses['503']).toBeDefined();
  });

  it('passes the hygiene checks: servers, license, described tags, no bare bodies, no ambiguous paths', () => {
    expect(hygieneFindings(doc)).toEqual([]);
    expect(doc['servers']).toEqual([{ url: '/', description: expect.any(String) }]);
    expect(doc['info']['license']).toEqual({ name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' });
    for (const t of doc['tags']) expect(t.description).toMatch(/\S/);
  });

  it('an action whose params are all in the path takes no fields, said so rather than a bare object', () => {
    const body = doc['paths']['/api/v1/things/{id}/approve'].post.requestBody.content['application/json'].schema;
    expect(body).toMatchObject({ type: 'object', properties: {}, additionalProperties: false, maxProperties: 0 });
    expect(body.description).toMatch(/no body/);
  });

  it('/metrics is not in the public document (it is served on the operator port)', () => {
    expect(doc['paths']['/metrics']).toBeUndefined();
    expect(doc['paths']['/health/live']).toBeDefined();
  });

  it('follows the registry: a new service appears in the document', async () => {
    await h.broker.createService({
      name: 'extra',
      actions: {
        ping: {
          rest: 'GET /api/v1/extra',
          auth: 'public',
          openapi: { summary: 'Extra', tags: ['extra'] },
          handler: () => 1,
        } as never,
      },
    });
    await h.broker.waitForServices('extra', 5000, 10);
    const again = json((await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).body);
    expect(again['paths']['/api/v1/extra'].get.summary).toBe('Extra');
  });
});

describe('buildOpenApi hygiene', () => {
  const route = (over: Partial<RouteDef>): RouteDef => ({
    method: 'GET',
    path: '/api/v1/x',
    action: 'x.get',
    service: 'x',
    auth: 'public',
    pathParams: [],
    live: true,
    ...over,
  });

  it('uses the servers and license it is given', () => {
    const doc = buildOpenApi([route({})], {
      servers: [{ url: 'https://puesc.example.pl' }],
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    }) as Record<string, any>;
    expect(doc['servers']).toEqual([{ url: 'https://puesc.example.pl' }]);
    expect(doc['info']['license']).toEqual({ name: 'EUPL-1.2', identifier: 'EUPL-1.2' });
  });

  it("names a service's tags one way and describes them (identity's Title Case areas, registry's public check)", () => {
    const doc = buildOpenApi([
      route({
        service: 'identity',
        action: 'identity.login',
        openapi: { summary: 'Log in', tags: ['Authentication'] },
      }),
      route({
        service: 'registry',
        action: 'registry.publicCheck',
        path: '/api/v1/p',
        openapi: { summary: 'Check', tags: ['public'] },
      }),
    ]) as Record<string, any>;
    expect(doc['paths']['/api/v1/x'].get.tags).toEqual(['identity: authentication']);
    expect(doc['paths']['/api/v1/p'].get.tags).toEqual(['registry: public check']);
    expect(hygieneFindings(doc)).toEqual([]);
  });

  it('a POST whose body has fields keeps them and says it is an object', () => {
    const doc = buildOpenApi([
      route({ method: 'POST', params: { properties: { name: { type: 'string' } }, required: ['name'] } }),
    ]) as Record<string, any>;
    expect(doc['paths']['/api/v1/x'].post.requestBody.content['application/json'].schema).toEqual({
      type: 'object',
      properties: { name: { type: 'string' } },
      required: ['name'],
    });
  });

  it('finds the ambiguous path pairs redocly flags, and only those', () => {
    expect(
      ambiguousPaths(['/n/{id}/read', '/n/deliveries/{id}', '/d/{id}', '/d/to-send', '/d/{id}/upo', '/d/{x}/content']),
    ).toEqual(['/n/{id}/read ~ /n/deliveries/{id}']);
    const doc = buildOpenApi([
      route({ path: '/api/v1/n/:id/read', action: 'x.read' }),
      route({ path: '/api/v1/n/deliveries/:id', action: 'x.delivery' }),
    ]) as Record<string, any>;
    expect(hygieneFindings(doc)).toEqual(['paths: ambiguous /api/v1/n/{id}/read ~ /api/v1/n/deliveries/{id}']);
  });
});

describe('/api/docs', () => {
  it('serves a browsable page whose assets come from this server, not a CDN', async () => {
    const page = await h.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('/api/docs/static/swagger-ui-bundle.js');
    expect(page.body).not.toMatch(/https?:\/\//);
    const js = await h.app.inject({ method: 'GET', url: '/api/docs/static/swagger-ui-bundle.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    const css = await h.app.inject({ method: 'GET', url: '/api/docs/static/swagger-ui.css' });
    expect(css.statusCode).toBe(200);
    const init = await h.app.inject({ method: 'GET', url: '/api/docs/init.js' });
    expect(init.body).toContain('/api/openapi.json');
  });

  it('serves only the assets it needs from swagger-ui-dist', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/docs/static/package.json' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
