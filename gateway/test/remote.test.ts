import type { ServiceBroker } from 'moleculer';
import { createBroker, newId } from '@puesc/kernel';
import { createGateway, localJwks } from '../src';
import { AUDIENCE, bearer, ISSUER, json, makeKey, testStore, thingsService, token, type TestKey } from './support';

/**
 * Routes of services on other nodes: Moleculer 0.14 sends each node's action definitions in its
 * INFO packet (minus the handler), so `rest`, `auth`, `openapi`, `rateLimit` and `params` arrive
 * intact. Two brokers on the in-memory Fake transporter stand in for NATS.
 */
describe('services on another node', () => {
  const namespace = `gw-${newId()}`;
  let gatewayBroker: ServiceBroker;
  let serviceBroker: ServiceBroker;
  let app: Awaited<ReturnType<typeof createGateway>>;
  let key: TestKey;

  beforeAll(async () => {
    const opts = { transporter: 'Fake', heartbeatInterval: 1, heartbeatTimeout: 3 };
    gatewayBroker = createBroker({ logLevel: 'fatal', namespace, nodeID: 'gateway-node', options: opts });
    serviceBroker = createBroker({ logLevel: 'fatal', namespace, nodeID: 'things-node', options: opts });
    serviceBroker.createService(thingsService({ calls: {} }));
    key = await makeKey();
    app = await createGateway({
      broker: gatewayBroker,
      store: testStore(),
      options: {
        keySource: localJwks({ keys: [key.publicJwk] }),
        issuer: ISSUER,
        audience: AUDIENCE,
        requiredServices: ['things'],
      },
    });
    await gatewayBroker.start();
    await serviceBroker.start();
    await gatewayBroker.waitForServices('things', 5000, 10);
  });
  afterAll(async () => {
    await app.close();
    await serviceBroker.stop().catch(() => undefined);
    await gatewayBroker.stop();
  });

  it('routes, coerces and calls a remote action', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/things/12?verbose=true' });
    expect(res.statusCode).toBe(200);
    expect(json(res.body)).toEqual({ id: 12, verbose: true });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: bearer(await token(key, { sub: 'r-1' })),
      payload: { name: 'far' },
    });
    expect(created.statusCode).toBe(201);
    expect(json(created.body)).toMatchObject({ name: 'far', by: 'r-1' });
  });

  it('keeps the problem type, rule and extra of an AppError thrown on the other node', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/things/5/approve',
      headers: bearer(await token(key)),
    });
    expect(res.statusCode).toBe(422);
    expect(json(res.body)).toMatchObject({ type: '/problems/rule-violation', rule: 'THG-01', deadline: '2030-01-31' });
  });

  it('a remote binary reply crosses the JSON serializer intact', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/things/1/pdf' });
    expect([...res.rawPayload]).toEqual([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
  });

  it('lists remote routes in the OpenAPI document', async () => {
    const doc = json((await app.inject({ method: 'GET', url: '/api/openapi.json' })).body);
    expect(doc['paths']['/api/v1/things'].post.summary).toBe('Create a thing');
  });

  it('when the node leaves: 503 + Retry-After for its routes and /health/ready turns 503', async () => {
    await serviceBroker.stop();
    const res = await app.inject({ method: 'GET', url: '/api/v1/things/1' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(json(ready.body).checks['service:things']).toBe('not available');
  });
});
