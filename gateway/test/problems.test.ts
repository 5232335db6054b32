import { Errors } from 'moleculer';
import { invalidField, unavailable } from '@puesc/kernel';
import { toProblem } from '../src';
import { bearer, harness, json, token, type Harness } from './support';

let h: Harness;
let jwt: string;
beforeAll(async () => {
  h = await harness({ bodyLimit: 1024 }, true);
  jwt = await token(h.key);
});
afterAll(() => h.close());

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
  slug: string,
) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = json(res.body);
  expect(body).toMatchObject({
    type: `/problems/${slug}`,
    status,
    title: expect.any(String),
    detail: expect.any(String),
  });
  expect(body.requestId).toBe(res.headers['x-request-id']);
  return body;
}

describe('errors are application/problem+json (RFC 9457)', () => {
  it('unknown route → 404', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/nowhere?x=1' });
    const body = expectProblem(res, 404, 'not-found');
    expect(body.instance).toBe('/api/v1/nowhere');
  });

  it('unknown route with a method outside the API (OPTIONS) → 404 too', async () => {
    const res = await h.app.inject({ method: 'OPTIONS', url: '/nowhere' });
    expectProblem(res, 404, 'not-found');
  });

  it('malformed JSON body → 400', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { ...bearer(jwt), 'content-type': 'application/json' },
      payload: '{"name": "x",',
    });
    const body = expectProblem(res, 400, 'malformed-json');
    expect(body.instance).toBe('/api/v1/things');
  });

  it('prototype pollution in a JSON body → 400', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { ...bearer(jwt), 'content-type': 'application/json' },
      payload: '{"name":"x","__proto__":{"admin":true}}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('an empty body sent as application/json counts as no body', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/things/5/approve',
      headers: { ...bearer(jwt), 'content-type': 'application/json' },
    });
    expectProblem(res, 422, 'rule-violation');
  });

  it('a JSON body that is not an object → 400 validation', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/things', headers: bearer(jwt), payload: [1, 2] });
    expectProblem(res, 400, 'validation');
  });

  it('oversized body → 413', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { ...bearer(jwt), 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2000) }),
    });
    expectProblem(res, 413, 'payload-too-large');
  });

  it('unsupported content type → 415', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { ...bearer(jwt), 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    expectProblem(res, 415, 'unsupported-media-type');
    const xml = await h.app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { ...bearer(jwt), 'content-type': 'application/xml' },
      payload: '<name>x</name>',
    });
    expectProblem(xml, 415, 'unsupported-media-type');
  });

  it('accepts application/*+json bodies as JSON', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { ...bearer(jwt), 'content-type': 'application/merge-patch+json' },
      payload: JSON.stringify({ name: 'x' }),
    });
    expect(res.statusCode).toBe(201);
  });

  it('params validation → 400 naming each failing field', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: bearer(jwt),
      payload: { name: '', count: -1 },
    });
    const body = expectProblem(res, 400, 'validation');
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'name', message: expect.any(String) }),
        expect.objectContaining({ field: 'count', message: expect.any(String) }),
      ]),
    );
    expect(body.detail).toMatch(/^(name|count): /);
  });

  it('a missing required field is named', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: bearer(jwt),
      payload: { count: 1 },
    });
    const body = expectProblem(res, 400, 'validation');
    expect(body.errors.map((e: { field: string }) => e.field)).toContain('name');
  });

  it('a domain rule violation carries its rule id and extra members', async () => {
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/things/5/approve', headers: bearer(jwt) });
    const body = expectProblem(res, 422, 'rule-violation');
    expect(body).toMatchObject({ rule: 'THG-01', deadline: '2030-01-31', instance: '/api/v1/things/5/approve' });
    expect(body.detail).toMatch(/inspected/);
  });

  it('a conflict keeps its status and rule', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: bearer(jwt),
      payload: { name: 'a', fail: 'conflict' },
    });
    expect(expectProblem(res, 409, 'conflict').rule).toBe('THG-03');
  });

  it('an unexpected error → 500 with a generic detail (no message or stack leaked)', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/boom' });
    const body = expectProblem(res, 500, 'internal');
    expect(res.body).not.toMatch(/secret|srv|TypeError|stack/);
    expect(body.detail).toMatch(/unexpected/i);
  });

  it('the target service gone → 503 with Retry-After', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/gadgets' })).statusCode).toBe(200);
    const svc = h.broker.getLocalService('gadgets');
    await h.broker.destroyService(svc!);
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/gadgets' });
    const body = expectProblem(res, 503, 'service-unavailable');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(body.instance).toBe('/api/v1/gadgets');
  });
});

describe('toProblem maps errors by code/type/data, as they arrive from remote nodes', () => {
  const ctx = { instance: '/x', requestId: 'r1' };

  it('a plain object with an AppError shape (name lost over NATS)', () => {
    const remote = {
      name: 'Error',
      message: 'nip: bad check digit',
      code: 400,
      type: 'validation',
      data: { rule: 'REG-03', errors: [{ field: 'nip', message: 'bad check digit', rule: 'REG-03' }] },
    };
    const p = toProblem(remote, ctx);
    expect(p.status).toBe(400);
    expect(p.body).toMatchObject({
      type: '/problems/validation',
      rule: 'REG-03',
      errors: [{ field: 'nip', message: 'bad check digit', rule: 'REG-03' }],
    });
  });

  it('the local AppError factories', () => {
    expect(toProblem(invalidField('eori', 'is malformed', 'EORI-01'), ctx).body).toMatchObject({
      status: 400,
      rule: 'EORI-01',
    });
    const u = toProblem(unavailable('maintenance', 30), ctx);
    expect(u.status).toBe(503);
    expect(u.headers['retry-after']).toBe('30');
  });

  it.each([
    ['ServiceNotFound', new Errors.ServiceNotFoundError({ action: 'a.b' })],
    ['ServiceNotAvailable', new Errors.ServiceNotAvailableError({ action: 'a.b' })],
    ['RequestTimeout', new Errors.RequestTimeoutError({ action: 'a.b', nodeID: 'n' })],
    [
      'BrokerDisconnected',
      new (Errors as unknown as { BrokerDisconnectedError: new () => Error }).BrokerDisconnectedError(),
    ],
    ['plain SERVICE_NOT_FOUND', { message: 'x', code: 404, type: 'SERVICE_NOT_FOUND' }],
  ])('%s → 503 + Retry-After', (_name, err) => {
    const p = toProblem(err, ctx);
    expect(p.status).toBe(503);
    expect(p.headers['retry-after']).toBe('5');
    expect(p.slug).toBe('service-unavailable');
  });

  it('moleculer ValidationError → 400 with its fields', () => {
    const err = new Errors.ValidationError('Parameters validation error!', 'VALIDATION_ERROR', [
      { type: 'required', field: 'name', message: "The 'name' field is required." },
    ]);
    const p = toProblem(err, ctx);
    expect(p.status).toBe(400);
    expect(p.body.errors).toEqual([{ field: 'name', message: "The 'name' field is required." }]);
  });

  it('a 500 MoleculerError keeps its message to the logs only', () => {
    const p = toProblem(new Errors.MoleculerError('db password wrong', 500, 'DB_ERROR'), ctx);
    expect(p.status).toBe(500);
    expect(p.unexpected).toBe(true);
    expect(JSON.stringify(p.body)).not.toMatch(/password/);
  });

  it('extra members never override the standard ones', () => {
    const p = toProblem(
      { code: 409, type: 'conflict', message: 'm', data: { extra: { status: 200, type: 'x', current: 3 } } },
      ctx,
    );
    expect(p.body).toMatchObject({ status: 409, type: '/problems/conflict', current: 3 });
  });
});
