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

describe('metrics', () => {
  it('exposes default metrics and the request duration histogram by route pattern, method and status', async () => {
    await h.app.inject({ method: 'GET', url: '/api/v1/things/7' });
    await h.app.inject({ method: 'GET', url: '/api/v1/things/8' });
    await h.app.inject({ method: 'GET', url: '/api/v1/unknown/123' });
    const res = await h.app.inject({ method: 'GET', url: '/metrics' });
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
