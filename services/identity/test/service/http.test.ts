import type { FastifyInstance } from 'fastify';
import { actionJwks, createGateway } from '@puesc/gateway';
import { makePesel } from '../fixtures';
import { PASSWORD, startIdentity, type IdentityHarness } from './harness';

let h: IdentityHarness;
let app: FastifyInstance;
beforeAll(async () => {
  // the gateway checks expiry against real time, so the service clock starts now
  h = await startIdentity({}, new Date());
  app = await createGateway({
    broker: h.host.broker,
    store: await h.host.openStore('gateway'),
    options: {
      keySource: actionJwks(h.host.broker, 'identity.jwks', { now: () => h.host.clock.now().getTime() }),
      issuer: 'puesc-identity',
      audience: 'puesc',
      rateLimit: false,
    },
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await h.stop();
});

const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, payload, headers });

describe('identity over HTTP (through the gateway)', () => {
  it('serves the JWKS at /.well-known/jwks.json and the routes in the OpenAPI document', async () => {
    const jwks = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(jwks.statusCode).toBe(200);
    expect(jwks.json().keys[0]).toMatchObject({ kty: 'EC', alg: 'ES256' });
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/accounts',
        '/api/v1/auth/login',
        '/api/v1/persons',
        '/api/v1/representations/{id}/approve',
        '/api/v1/legacy/claims',
      ]),
    );
  });

  it('ID-01 account, confirmation, login and an authenticated call; identical problem answers for unknown account and wrong password', async () => {
    expect((await post('/api/v1/accounts', { email: 'http@example.pl', password: PASSWORD })).statusCode).toBe(202);
    const m = await h.mailTo('http@example.pl', 'verify-email');
    expect(
      (await post('/api/v1/accounts/verify-email', { email: 'http@example.pl', code: m.oneTimeCode })).statusCode,
    ).toBe(200);
    const login = await post('/api/v1/auth/login', { email: 'http@example.pl', password: PASSWORD });
    expect(login.statusCode).toBe(200);
    const { accessToken } = login.json();
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ account: { email: 'http@example.pl' }, scope: 'basic', person: null });
    expect((await app.inject({ method: 'GET', url: '/api/v1/me' })).statusCode).toBe(401);

    const unknown = await post('/api/v1/auth/login', { email: 'nobody@example.pl', password: 'a-wrong-password-1' });
    const wrong = await post('/api/v1/auth/login', { email: 'http@example.pl', password: 'a-wrong-password-1' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.headers['content-type']).toMatch(/problem\+json/);
    const strip = (b: Record<string, unknown>) => ({
      ...b,
      instance: undefined,
      requestId: undefined,
      traceId: undefined,
    });
    expect(strip(unknown.json())).toEqual(strip(wrong.json()));
  });

  it('ID-02 a registration through HTTP returns 201 with the ID SISC; a rule refusal names its rule', async () => {
    const login = (await post('/api/v1/auth/login', { email: 'http@example.pl', password: PASSWORD })).json();
    const auth = { authorization: `Bearer ${login.accessToken}` };
    const minor = await post(
      '/api/v1/persons',
      { givenNames: 'Ola', surname: 'Mała', pesel: makePesel('2015-02-10', 'F') },
      auth,
    );
    expect(minor.statusCode).toBe(422);
    expect(minor.json()).toMatchObject({ rule: 'ID-02' });
    const ok = await post('/api/v1/persons', { givenNames: 'Jan', surname: 'Kowalski', pesel: '44051401359' }, auth);
    expect(ok.statusCode).toBe(201);
    expect(ok.json().personId).toMatch(/^PL\d{12}$/);
    const again = await post('/api/v1/persons', { givenNames: 'Jan', surname: 'Kowalski', pesel: '44051401359' }, auth);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ rule: 'ID-02' });
  });
});
