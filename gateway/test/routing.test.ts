import { bearer, harness, json, token, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

describe('routes from the service registry', () => {
  it('serves a GET with a path param coerced to the integer the params schema declares', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/things/42?verbose=true' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(json(res.body)).toEqual({ id: 42, verbose: true });
  });

  it('coerces query values to integer, boolean, number and arrays', async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: '/api/v1/things?limit=5&active=false&ratio=0.5&tags=a&tags=b&ids=1,2,3&q=007',
    });
    expect(res.statusCode).toBe(200);
    expect(json(res.body).params).toEqual({
      limit: 5,
      active: false,
      ratio: 0.5,
      tags: ['a', 'b'],
      ids: [1, 2, 3],
      q: '007',
    });
  });

  it('leaves a value that does not convert for the service to refuse, naming the field', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/things?limit=lots' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(res.body).errors[0].field).toBe('limit');
  });

  it('merges the JSON body with path params (path wins), answers openapi.status and passes the caller and request meta', async () => {
    const jwt = await token(h.key, { sub: 'acc-9' });
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { ...bearer(jwt), 'x-request-id': 'req-abc-123456' },
      payload: { name: 'widget', count: 3 },
    });
    expect(res.statusCode).toBe(201);
    expect(json(res.body)).toMatchObject({ name: 'widget', by: 'acc-9' });
    expect(res.headers['x-request-id']).toBe('req-abc-123456');

    const me = await h.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { ...bearer(jwt), 'x-request-id': 'trace-me-0001' },
    });
    expect(me.statusCode).toBe(200);
    const body = json(me.body);
    expect(body.user).toMatchObject({ id: 'acc-9', personId: 'P-1', scope: 'extended', roles: ['client'] });
    expect(body.user.jti).toEqual(expect.any(String));
    expect(body.requestId).toBe('trace-me-0001');
    expect(body.ip).toBe('127.0.0.1');
  });

  it('generates a request id when the incoming one is missing or not sane', async () => {
    const a = await h.app.inject({ method: 'GET', url: '/api/v1/things/1' });
    const b = await h.app.inject({
      method: 'GET',
      url: '/api/v1/things/1',
      headers: { 'x-request-id': 'bad id with spaces <script>' },
    });
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  it('answers the $http envelope: binary body via base64 with its content type and headers', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/things/1/pdf' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="t.pdf"');
    expect([...res.rawPayload]).toEqual([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
  });

  it('answers the $http envelope: status and headers with a JSON body', async () => {
    const jwt = await token(h.key);
    const res = await h.app.inject({ method: 'POST', url: '/api/v1/things/7/queue', headers: bearer(jwt) });
    expect(res.statusCode).toBe(202);
    expect(res.headers['location']).toBe('/api/v1/jobs/1');
    expect(json(res.body)).toEqual({ queued: true });
  });

  it('answers 204 with no body when the action returns nothing', async () => {
    const jwt = await token(h.key, { claims: { roles: ['admin'] } });
    const res = await h.app.inject({ method: 'DELETE', url: '/api/v1/things/3', headers: bearer(jwt) });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
  });

  it('does not expose actions without a rest property', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/internal' });
    expect(res.statusCode).toBe(404);
  });

  it('answers 405 with Allow when the path exists for another method', async () => {
    const res = await h.app.inject({ method: 'PUT', url: '/api/v1/things', payload: {} });
    expect(res.statusCode).toBe(405);
    expect(res.headers['allow']).toBe('GET, POST');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('picks up a service started after the gateway ($services.changed)', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/late' })).statusCode).toBe(404);
    await h.broker.createService({
      name: 'late',
      actions: { hello: { rest: 'GET /api/v1/late', auth: 'public', handler: () => ({ hi: true }) } as never },
    });
    await h.broker.waitForServices('late', 5000, 10);
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/late' });
    expect(res.statusCode).toBe(200);
    expect(json(res.body)).toEqual({ hi: true });
  });

  it('sets security headers (helmet)', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/things/1' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });

  it('issue 14: the security headers computed once are every header helmet sets, on answers and on errors', async () => {
    const expected = [
      'content-security-policy',
      'cross-origin-opener-policy',
      'cross-origin-resource-policy',
      'origin-agent-cluster',
      'referrer-policy',
      'strict-transport-security',
      'x-content-type-options',
      'x-dns-prefetch-control',
      'x-download-options',
      'x-frame-options',
      'x-permitted-cross-domain-policies',
      'x-xss-protection',
    ];
    for (const url of ['/api/v1/things/1', '/api/v1/nothing-here', '/health/live']) {
      const res = await h.app.inject({ method: 'GET', url });
      for (const name of expected) expect([url, name, typeof res.headers[name]]).toEqual([url, name, 'string']);
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    }
  });

  it('applies a stricter per-action rate limit declared by a public action', async () => {
    const send = () =>
      h.app.inject({ method: 'POST', url: '/api/v1/login', payload: { u: 'x' }, remoteAddress: '10.0.0.9' });
    expect((await send()).statusCode).toBe(200);
    expect((await send()).statusCode).toBe(200);
    const third = await send();
    expect(third.statusCode).toBe(429);
    expect(third.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    expect(json(third.body)).toMatchObject({ type: '/problems/too-many-requests', status: 429 });
    // another client is not affected
    const other = await h.app.inject({ method: 'POST', url: '/api/v1/login', payload: {}, remoteAddress: '10.0.0.10' });
    expect(other.statusCode).toBe(200);
  });
});

describe('global rate limit', () => {
  it('answers 429 problem+json with Retry-After past the configured limit', async () => {
    const g = await harness({ rateLimit: { max: 2, timeWindow: 60_000 } });
    try {
      const hit = () => g.app.inject({ method: 'GET', url: '/api/v1/things/1' });
      await hit();
      await hit();
      const res = await hit();
      expect(res.statusCode).toBe(429);
      expect(res.headers['retry-after']).toBeDefined();
      expect(json(res.body)).toMatchObject({
        type: '/problems/too-many-requests',
        status: 429,
        instance: '/api/v1/things/1',
      });
      // probes are never limited
      expect((await g.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await g.close();
    }
  });
});
