import { base64url, SignJWT } from 'jose';
import { createBroker, newId } from '@puesc/kernel';
import { actionJwks, callerFromClaims, createTokenVerifier } from '../src';
import { PLATFORM_TOKENS } from '../src/auth';
import { withWithdrawals } from '../src/keys';
import { AUDIENCE, bearer, harness, ISSUER, json, makeKey, token, type Harness } from './support';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h.close());

const me = (headers: Record<string, string> = {}) => h.app.inject({ method: 'GET', url: '/api/v1/me', headers });

async function expect401(res: Awaited<ReturnType<typeof me>>, detail: RegExp) {
  expect(res.statusCode).toBe(401);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="puesc"/);
  const body = json(res.body);
  expect(body.status).toBe(401);
  expect(body.detail).toMatch(detail);
  return body;
}

describe('JWT bearer authentication', () => {
  it('accepts a valid ES256 token and maps its claims to the caller', async () => {
    const jwt = await token(h.key, {
      sub: 'acc-7',
      claims: { pid: 'SISC-7', roles: ['case-officer', 'bogus'], office: '441000', scope: 'basic' },
    });
    const res = await me(bearer(jwt));
    expect(res.statusCode).toBe(200);
    expect(json(res.body).user).toEqual({
      id: 'acc-7',
      personId: 'SISC-7',
      scope: 'basic',
      roles: ['case-officer'],
      office: '441000',
      jti: expect.any(String),
    });
  });

  it('answers 401 problem when an auth:user route gets no token', async () => {
    const body = await expect401(await me(), /Authentication required/);
    expect(body.type).toBe('/problems/unauthorized');
  });

  it('refuses a non-Bearer Authorization header', async () => {
    await expect401(await me({ authorization: 'Basic dXNlcjpwYXNz' }), /Bearer/);
  });

  it('refuses an expired token', async () => {
    const jwt = await token(h.key, { exp: -60 });
    const body = await expect401(await me(bearer(jwt)), /expired/);
    expect(body.type).toBe('/problems/invalid-token');
  });

  it('refuses a token that is not yet valid', async () => {
    await expect401(await me(bearer(await token(h.key, { nbf: 600 }))), /not yet valid/);
  });

  it('refuses a tampered token (payload changed after signing)', async () => {
    const jwt = await token(h.key, { sub: 'acc-1' });
    const [hdr, payload, sig] = jwt.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    claims.roles = ['admin'];
    const forged = [hdr, base64url.encode(JSON.stringify(claims)), sig].join('.');
    await expect401(await me(bearer(forged)), /invalid/);
  });

  it('refuses a token signed by another key with the same kid', async () => {
    const other = await makeKey(h.key.kid);
    await expect401(await me(bearer(await token(other))), /invalid/);
  });

  it('refuses a token signed by an unknown key', async () => {
    await expect401(await me(bearer(await token(await makeKey()))), /invalid/);
  });

  it('refuses alg: none', async () => {
    const enc = (o: object) => base64url.encode(JSON.stringify(o));
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: 'acc-1', iss: ISSUER, aud: AUDIENCE, exp: now + 300, roles: ['admin'] })}.`;
    await expect401(await me(bearer(unsigned)), /invalid/);
  });

  it('refuses an HS256 token (only ES256 is accepted)', async () => {
    const jwt = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256', kid: h.key.kid })
      .setSubject('acc-1')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-a-shared-secret!!'));
    await expect401(await me(bearer(jwt)), /invalid/);
  });

  it('refuses a wrong issuer and a wrong audience', async () => {
    await expect401(await me(bearer(await token(h.key, { iss: 'https://evil.example' }))), /invalid/);
    await expect401(await me(bearer(await token(h.key, { aud: 'another-api' }))), /invalid/);
  });

  it('refuses garbage', async () => {
    await expect401(await me({ authorization: 'Bearer not-a-jwt' }), /Bearer|invalid/);
  });

  it('lets a service refuse with 403 (authorization is the service’s)', async () => {
    const res = await h.app.inject({ method: 'DELETE', url: '/api/v1/things/3', headers: bearer(await token(h.key)) });
    expect(res.statusCode).toBe(403);
    expect(json(res.body)).toMatchObject({ type: '/problems/forbidden', status: 403 });
  });

  it('auth:optional works without a token, uses a valid one, and refuses an invalid one', async () => {
    const anon = await h.app.inject({ method: 'GET', url: '/api/v1/maybe' });
    expect(json(anon.body)).toEqual({ user: null });
    const known = await h.app.inject({
      method: 'GET',
      url: '/api/v1/maybe',
      headers: bearer(await token(h.key, { sub: 'acc-3' })),
    });
    expect(json(known.body)).toEqual({ user: 'acc-3' });
    const bad = await h.app.inject({
      method: 'GET',
      url: '/api/v1/maybe',
      headers: bearer(await token(h.key, { exp: -100 })),
    });
    expect(bad.statusCode).toBe(401);
  });

  it('auth:public ignores the Authorization header', async () => {
    const res = await h.app.inject({
      method: 'GET',
      url: '/api/v1/things/1',
      headers: { authorization: 'Bearer junk' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('callerFromClaims reads scope from a space-separated OAuth scope string', () => {
    expect(callerFromClaims({ sub: 'a', scope: 'openid extended' }).scope).toBe('extended');
    expect(callerFromClaims({ sub: 'a' })).toEqual({ id: 'a', scope: 'basic', roles: [] });
  });
});

describe('RFC 8725 §3.8-3.11, RFC 9068 §4: issuer, audience, type and age are always checked', () => {
  const YEAR = 365 * 86_400;

  it('RFC 8725 §3.8: refuses a wrong or missing issuer', async () => {
    await expect401(await me(bearer(await token(h.key, { iss: 'https://evil.example' }))), /iss/);
    await expect401(await me(bearer(await token(h.key, { omit: ['iss'] }))), /iss/);
  });

  it('RFC 8725 §3.9: refuses a wrong or missing audience', async () => {
    await expect401(await me(bearer(await token(h.key, { aud: 'another-api' }))), /aud/);
    await expect401(await me(bearer(await token(h.key, { omit: ['aud'] }))), /aud/);
  });

  it('RFC 8725 §3.11, RFC 9068 §4: refuses a token of another type or without one', async () => {
    for (const typ of ['JWT', 'id+jwt', 'application/logout+jwt'])
      await expect401(await me(bearer(await token(h.key, { typ }))), /typ/);
    await expect401(await me(bearer(await token(h.key, { omit: ['typ'] }))), /typ/);
    // RFC 9068 §4: the media-type form of the same type is the same type.
    expect((await me(bearer(await token(h.key, { typ: 'application/at+jwt' })))).statusCode).toBe(200);
  });

  it('RFC 8725 §3.10: refuses iat a year ahead, and a token without iat', async () => {
    const body = await expect401(await me(bearer(await token(h.key, { iat: YEAR, exp: YEAR + 300 }))), /iat/);
    expect(body.type).toBe('/problems/invalid-token');
    await expect401(await me(bearer(await token(h.key, { omit: ['iat'] }))), /iat/);
  });

  it('RFC 8725 §3.10: refuses exp ten years out (exp - iat over the access-token lifetime)', async () => {
    await expect401(await me(bearer(await token(h.key, { exp: 10 * YEAR }))), /lives longer than 600 s/);
    // One second over the lifetime is refused; the lifetime itself is not.
    await expect401(await me(bearer(await token(h.key, { exp: 601 }))), /lives longer/);
    expect((await me(bearer(await token(h.key, { exp: 600 })))).statusCode).toBe(200);
  });

  it('RFC 8725 §3.10: refuses a token issued longer ago than the lifetime, even with a later exp', async () => {
    await expect401(await me(bearer(await token(h.key, { iat: -3600, exp: 60 }))), /expired|lives longer/);
  });

  it('without configuration the platform’s issuer, audience and type are the ones expected', async () => {
    const d = await harness({ issuer: undefined, audience: undefined });
    try {
      const call = async (t: Parameters<typeof token>[1]) =>
        d.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(await token(d.key, t)) });
      expect((await call({ iss: PLATFORM_TOKENS.issuer, aud: PLATFORM_TOKENS.audience })).statusCode).toBe(200);
      const foreign = await call({});
      expect(foreign.statusCode).toBe(401);
      expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(json(foreign.body).detail).toMatch(/iss/);
      const noType = await call({ iss: PLATFORM_TOKENS.issuer, aud: PLATFORM_TOKENS.audience, omit: ['typ'] });
      expect(noType.statusCode).toBe(401);
    } finally {
      await d.close();
    }
  });

  it('checks iat and exp against the platform clock it is given (demo mode)', async () => {
    const k = await makeKey();
    const ahead = new Date(Date.now() + YEAR * 1000);
    const verify = createTokenVerifier({
      keySource: (await import('../src')).localJwks({ keys: [k.publicJwk] }),
      issuer: ISSUER,
      audience: AUDIENCE,
      now: () => ahead,
    });
    // Issued on the platform clock a year ahead: accepted; issued now, it expired long ago there.
    await expect(verify(`Bearer ${await token(k, { iat: YEAR, exp: YEAR + 300 })}`)).resolves.toMatchObject({
      id: 'acc-1',
    });
    await expect(verify(`Bearer ${await token(k)}`)).rejects.toMatchObject({ code: 401 });
  });
});

describe('actionJwks: keys fetched through the broker', () => {
  it('caches the JWKS, refetches on an unknown kid (rotation), and rate-limits refetches', async () => {
    const k1 = await makeKey();
    const k2 = await makeKey();
    const published = { keys: [k1.publicJwk] };
    let fetches = 0;
    const broker = createBroker({ logLevel: 'fatal', nodeID: `jwks-${newId()}` });
    broker.createService({
      name: 'identity',
      actions: {
        jwks: () => {
          fetches++;
          return published;
        },
      },
    });
    await broker.start();
    let now = 1_000_000;
    const verify = createTokenVerifier({
      keySource: actionJwks(broker, 'identity.jwks', { minRefreshMs: 30_000, now: () => now }),
      issuer: ISSUER,
      audience: AUDIENCE,
    });
    try {
      expect(await verify(`Bearer ${await token(k1, { sub: 'a' })}`)).toMatchObject({ id: 'a' });
      expect(await verify(`Bearer ${await token(k1, { sub: 'b' })}`)).toMatchObject({ id: 'b' });
      expect(fetches).toBe(1);

      // identity rotates: a token with the new kid triggers one refetch
      published.keys = [k1.publicJwk, k2.publicJwk];
      now += 31_000;
      expect(await verify(`Bearer ${await token(k2, { sub: 'c' })}`)).toMatchObject({ id: 'c' });
      expect(fetches).toBe(2);

      // forged kids within the cool-down do not hammer identity
      const stranger = await makeKey();
      await expect(verify(`Bearer ${await token(stranger)}`)).rejects.toMatchObject({ code: 401 });
      await expect(verify(`Bearer ${await token(stranger)}`)).rejects.toMatchObject({ code: 401 });
      expect(fetches).toBe(2);
    } finally {
      await broker.stop();
    }
  });

  it('with identity absent and no cached keys, the request fails as 503 (not 401)', async () => {
    const broker = createBroker({ logLevel: 'fatal', nodeID: `jwks-${newId()}` });
    broker.createService({
      name: 'things',
      actions: { me: { rest: 'GET /api/v1/me', handler: () => ({}) } as never },
    });
    await broker.start();
    const { createGateway } = await import('../src');
    const { testStore } = await import('./support');
    const app = await createGateway({
      broker,
      store: testStore(),
      options: { keySource: actionJwks(broker), rateLimit: false },
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(await token(await makeKey())) });
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBeDefined();
    } finally {
      await app.close();
      await broker.stop();
    }
  });
});

describe('#18 item 6: a withdrawn signing key is refused at once', () => {
  it('identity.keys.changed refetches the JWKS at once (no cool-down) and refuses the withdrawn kid though still cached', async () => {
    const old = await makeKey();
    const next = await makeKey();
    const published = { keys: [old.publicJwk] };
    let fetches = 0;
    const broker = createBroker({ logLevel: 'fatal', nodeID: `jwks-${newId()}` });
    broker.createService({
      name: 'identity',
      actions: {
        jwks: () => {
          fetches++;
          return published;
        },
      },
    });
    await broker.start();
    const now = 1_000_000; // the clock never moves: neither cache age nor cool-down would refetch
    const keys = withWithdrawals(actionJwks(broker, 'identity.jwks', { minRefreshMs: 30_000, now: () => now }));
    const verify = createTokenVerifier({ keySource: keys, issuer: ISSUER, audience: AUDIENCE });
    try {
      const held = await token(old, { sub: 'a' });
      expect(await verify(`Bearer ${held}`)).toMatchObject({ id: 'a' });
      // Immediate rotation (a compromised key): the old key leaves the set and is withdrawn.
      published.keys = [next.publicJwk];
      await keys.keysChanged({ withdrawn: [old.kid], active: next.kid, at: new Date().toISOString() });
      expect(fetches).toBe(2);
      await expect(verify(`Bearer ${held}`)).rejects.toMatchObject({
        code: 401,
        message: expect.stringMatching(/no longer, accepted/),
      });
      // The new key works at once, without a further fetch.
      expect(await verify(`Bearer ${await token(next, { sub: 'b' })}`)).toMatchObject({ id: 'b' });
      expect(fetches).toBe(2);
    } finally {
      await broker.stop();
    }
  });

  it('the gateway hears the broadcast: a token of the withdrawn kid is refused 401 problem+json on the next call', async () => {
    const g = await harness();
    try {
      const held = await token(g.key);
      expect((await g.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(held) })).statusCode).toBe(200);
      await g.broker.broadcast('identity.keys.changed', { withdrawn: [g.key.kid], active: 'k-next', at: 'now' });
      const res = await g.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(held) });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(json(res.body).detail).toMatch(/signing key is not, or no longer, accepted/);
      // A malformed announcement withdraws nothing.
      const other = await harness();
      await other.broker.broadcast('identity.keys.changed', { withdrawn: other.key.kid, active: 1 });
      const still = await other.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: bearer(await token(other.key)),
      });
      expect(still.statusCode).toBe(200);
      await other.close();
    } finally {
      await g.close();
    }
  });
});
