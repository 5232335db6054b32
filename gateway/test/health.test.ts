import { harness, json, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await harness({ requiredServices: ['things', 'gadgets'] }, true);
});
afterAll(() => h.close());

describe('health', () => {
  it('/health/live answers while the process is up', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/health/live' });
    expect(res.statusCode).toBe(200);
    expect(json(res.body)).toEqual({ status: 'ok' });
  });

  it('/health/ready is 200 when the broker is connected, the store answers and required services are available', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(json(res.body)).toEqual({
      status: 'ready',
      checks: { broker: 'ok', store: 'ok', 'service:things': 'ok', 'service:gadgets': 'ok' },
    });
  });

  it('turns 503 naming the store when its ping fails', async () => {
    h.store.failPing = true;
    try {
      const res = await h.app.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      const body = json(res.body);
      expect(body.status).toBe('not-ready');
      expect(body.checks.store).toMatch(/store down/);
      expect(body.checks.broker).toBe('ok');
    } finally {
      h.store.failPing = false;
    }
  });

  it('turns 503 naming a required service that is missing', async () => {
    await h.broker.destroyService(h.broker.getLocalService('gadgets')!);
    const res = await h.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(json(res.body).checks).toMatchObject({ 'service:gadgets': 'not available', 'service:things': 'ok' });
  });

  it('merges extra readiness checks', async () => {
    const g = await harness({ ready: async () => ({ ok: false, checks: { relay: 'stalled' } }) });
    try {
      const res = await g.app.inject({ method: 'GET', url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      expect(json(res.body).checks.relay).toBe('stalled');
    } finally {
      await g.close();
    }
  });

  it('is not ready once the broker stopped', async () => {
    const g = await harness();
    await g.broker.stop();
    const res = await g.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(json(res.body).checks.broker).toBe('not connected');
    await g.app.close();
  });
});

describe('metrics (on the operator listener, #18 item 14)', () => {
  it('exposes default metrics and the request duration histogram by route pattern, method and status', async () => {
    await h.app.inject({ method: 'GET', url: '/api/v1/things/7' });
    await h.app.inject({ method: 'GET', url: '/api/v1/things/8' });
    await h.app.inject({ method: 'GET', url: '/api/v1/unknown/123' });
    const res = await h.app.operator.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain('process_cpu_user_seconds_total');
    expect(res.body).toContain('# TYPE http_request_duration_seconds histogram');
    expect(res.body).toMatch(
      /http_request_duration_seconds_count\{route="\/api\/v1\/things\/:id",method="GET",status="200"\} 2/,
    );
    expect(res.body).toMatch(/http_request_duration_seconds_count\{route="unmatched",method="GET",status="404"\} 1/);
    expect(res.body).not.toContain('/api/v1/unknown/123');
  });
});

describe('#18 item 14: /metrics leaves the public port', () => {
  it('#18 item 14: the public listener answers 404 problem+json for /metrics, and counts it as unmatched', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).not.toContain('http_request_duration_seconds');
    const scraped = await h.app.operator.inject({ method: 'GET', url: '/metrics' });
    expect(scraped.body).not.toMatch(/route="\/metrics"/);
  });

  it('#18 item 14: the operator listener serves health too, and nothing of the public API', async () => {
    expect((await h.app.operator.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    const ready = await h.app.operator.inject({ method: 'GET', url: '/health/ready' });
    expect(json(ready.body).checks).toMatchObject({ broker: 'ok', store: 'ok' });
    const api = await h.app.operator.inject({ method: 'GET', url: '/api/v1/things/7' });
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await h.app.operator.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(404);
  });

  it('#18 item 14: the operator listener listens on its own port and closes with the gateway', async () => {
    const g = await harness();
    await g.app.listen({ port: 0, host: '127.0.0.1' });
    await g.app.operator.listen({ port: 0, host: '127.0.0.1' });
    const port = (a: typeof g.app) => (a.server.address() as import('node:net').AddressInfo).port;
    try {
      expect(port(g.app.operator)).not.toBe(port(g.app));
      expect((await fetch(`http://127.0.0.1:${port(g.app.operator)}/metrics`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port(g.app)}/metrics`)).status).toBe(404);
    } finally {
      await g.close();
    }
    expect(g.app.operator.server.listening).toBe(false);
  });
});
