/**
 * DOC-10 at the gateway: while the status service says a service is unavailable, its routes answer
 * 503 problem+json with Retry-After and what to do, without reaching it; other services and a
 * gateway without a status service are untouched.
 */
import { harness, json, type Harness } from './support';

let h: Harness;
let down: unknown[] = [];

beforeAll(async () => {
  h = await harness({}, true);
  h.broker.createService({
    name: 'status',
    actions: {
      current: () => ({ at: new Date().toISOString(), available: !down.length, unavailable: down, upcoming: [] }),
    },
  });
  await h.broker.waitForServices(['status']);
});
afterAll(() => h?.close());

const outage = {
  service: 'things',
  kind: 'outage',
  noticeId: 'N1',
  since: '2026-12-03T10:00:00.000Z',
  until: null,
  retryAfterSeconds: 300,
  reason: { pl: 'Awaria bazy danych', en: 'Database failure' },
};

const until = async (ok: () => Promise<boolean>) => {
  for (let i = 0; i < 100 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('DOC-10 service status at the gateway', () => {
  it('DOC-10 a service the status names unavailable answers 503 + Retry-After with the reason and advice; others pass', async () => {
    expect((await h.app.inject({ url: '/api/v1/things/1' })).statusCode).toBe(200);
    down = [outage];
    await h.broker.broadcast('status.changed', {});
    await until(async () => (await h.app.inject({ url: '/api/v1/things/1' })).statusCode === 503);
    const res = await h.app.inject({ url: '/api/v1/things/1' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('300');
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    const body = json(res.body);
    expect(body).toMatchObject({ status: 503, rule: 'DOC-10', service: 'things', kind: 'outage', until: null });
    expect(body['detail']).toMatch(/Database failure.*Try again when the failure is removed/);
    expect(body['messagePl']).toMatch(/Spróbuj ponownie po usunięciu awarii/);
    // Another service stays reachable.
    expect((await h.app.inject({ url: '/api/v1/gadgets' })).statusCode).toBe(200);
  });

  it('DOC-10 maintenance past its announced end lets requests through before the next read; resolved, all pass', async () => {
    down = [{ ...outage, kind: 'maintenance', until: new Date(Date.now() - 1000).toISOString() }];
    await h.broker.broadcast('status.changed', {});
    await new Promise((r) => setTimeout(r, 100));
    expect((await h.app.inject({ url: '/api/v1/things/1' })).statusCode).toBe(200);
    down = [];
    await h.broker.broadcast('status.changed', {});
    await until(async () => (await h.app.inject({ url: '/api/v1/things/1' })).statusCode === 200);
    expect((await h.app.inject({ url: '/api/v1/things/1' })).statusCode).toBe(200);
  });

  it('DOC-10 a gateway that cannot read the status lets requests through', async () => {
    const other = await harness({}, false);
    try {
      expect((await other.app.inject({ url: '/api/v1/things/1' })).statusCode).toBe(200);
    } finally {
      await other.close();
    }
  });
});
