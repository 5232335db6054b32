import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServiceSchema } from 'moleculer';
import { AppError } from '@puesc/kernel';
import { cookieValue, SESSION_COOKIE } from '../src/portalSession';
import { harness, type Harness } from './support';

/** A stand-in for identity's three session routes: rotating refresh tokens, one use each. */
function identityStandIn(seen: { ips: string[] }): ServiceSchema {
  const live = new Set<string>();
  let n = 0;
  const issue = () => {
    const refreshToken = `rt-${++n}`;
    live.add(refreshToken);
    return {
      accessToken: `at-${n}`,
      tokenType: 'Bearer',
      expiresIn: 600,
      scope: 'basic',
      personId: null,
      roles: ['client'],
      refreshToken,
      refreshExpiresAt: '2030-01-01T00:00:00.000Z',
    };
  };
  return {
    name: 'identity',
    actions: {
      login: {
        rest: 'POST /api/v1/auth/login',
        auth: 'public',
        params: {
          type: 'object',
          properties: { email: { type: 'string' }, password: { type: 'string' } },
          required: ['email', 'password'],
        },
        handler: (ctx: { params: { email: string; password: string }; meta: { ip?: string } }) => {
          seen.ips.push(String(ctx.meta.ip));
          if (ctx.params.password !== 'right')
            throw new AppError(401, 'invalid-credentials', 'Wrong e-mail or password');
          return issue();
        },
      },
      refresh: {
        rest: 'POST /api/v1/auth/refresh',
        auth: 'public',
        params: { type: 'object', properties: { refreshToken: { type: 'string' } }, required: ['refreshToken'] },
        handler: (ctx: { params: { refreshToken: string } }) => {
          if (!live.delete(ctx.params.refreshToken))
            throw new AppError(401, 'invalid-token', 'The refresh token is not valid');
          return issue();
        },
      },
      logout: {
        rest: 'POST /api/v1/auth/logout',
        auth: 'public',
        openapi: { status: undefined },
        params: { type: 'object', properties: { refreshToken: { type: 'string' } }, required: ['refreshToken'] },
        handler: (ctx: { params: { refreshToken: string } }) => {
          live.delete(ctx.params.refreshToken);
          return undefined;
        },
      },
    } as ServiceSchema['actions'],
  };
}

let h: Harness;
let root: string;
const seen = { ips: [] as string[] };
const ORIGIN = 'http://localhost:80';

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-'));
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(
    path.join(root, 'index.html'),
    '<!doctype html><html lang="pl"><title>PUESC</title><script type="module" src="/assets/app-1.js"></script></html>',
  );
  fs.writeFileSync(path.join(root, 'assets', 'app-1.js'), 'console.log("portal")');
  h = await harness({ portal: { root, refreshGraceMs: 0 } });
  h.broker.createService(identityStandIn(seen));
  await h.broker.waitForServices(['identity']);
});

afterAll(async () => {
  await h.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const post = (url: string, o: { body?: unknown; cookie?: string; origin?: string | null; site?: string } = {}) =>
  h.app.inject({
    method: 'POST',
    url,
    headers: {
      host: 'localhost:80',
      'content-type': 'application/json',
      ...(o.origin === null ? {} : { origin: o.origin ?? ORIGIN }),
      ...(o.cookie ? { cookie: o.cookie } : {}),
      ...(o.site ? { 'sec-fetch-site': o.site } : {}),
    },
    payload: JSON.stringify(o.body ?? {}),
  });

const cookieOf = (res: { headers: Record<string, unknown> }): string => String(res.headers['set-cookie']);

describe('portal pages', () => {
  it('serves the page at / and at portal paths opened by a browser; the API and unknown files stay problem+json', async () => {
    const home = await h.app.inject({ method: 'GET', url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toMatch(/^text\/html/);
    expect(home.headers['cache-control']).toBe('no-cache');
    expect(home.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const deep = await h.app.inject({ method: 'GET', url: '/documents/abc?x=1', headers: { accept: 'text/html,*/*' } });
    expect(deep.body).toBe(home.body);
    // Without a browser's Accept, a path outside the API is the API's 404 (clients and scanners).
    const plain = await h.app.inject({ method: 'GET', url: '/documents' });
    expect(plain.statusCode).toBe(404);
    expect(plain.headers['content-type']).toMatch(/problem\+json/);
    for (const url of ['/api/v1/nowhere', '/health/nothing', '/assets/missing.js', '/.well-known/x', '/a.php'])
      expect(
        (await h.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } })).headers['content-type'],
      ).toMatch(/problem\+json/);
  });

  it('serves hashed assets for a year, pre-compressed when the build wrote a .br/.gz', async () => {
    const js = await h.app.inject({ method: 'GET', url: '/assets/app-1.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toMatch(/immutable/);
  });
});

describe('portal session (cookie)', () => {
  it('login through the public API: the refresh token goes into an HttpOnly, SameSite=Strict cookie, never into the answer', async () => {
    const res = await post('/portal/session', { body: { email: 'a@b.pl', password: 'right' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ accessToken: expect.any(String), expiresIn: 600, roles: ['client'] });
    expect(body).not.toHaveProperty('refreshToken');
    const cookie = cookieOf(res);
    expect(cookie).toMatch(new RegExp(`^${SESSION_COOKIE}=rt-\\d+; Path=/portal/session; HttpOnly; SameSite=Strict$`));
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('the cookie is Secure when the portal is served over TLS (behind a TLS proxy)', async () => {
    const tls = await harness({ portal: { root }, trustProxy: true });
    tls.broker.createService(identityStandIn({ ips: [] }));
    await tls.broker.waitForServices(['identity']);
    const res = await tls.app.inject({
      method: 'POST',
      url: '/portal/session',
      headers: {
        host: 'puesc.example',
        'x-forwarded-proto': 'https',
        origin: 'https://puesc.example',
        'content-type': 'application/json',
      },
      payload: JSON.stringify({ email: 'a@b.pl', password: 'right' }),
    });
    expect(res.statusCode).toBe(200);
    expect(cookieOf(res)).toMatch(/; Secure$/);
    await tls.close();
  });

  it('a refused login is the API problem as it is, and sets no cookie; the caller address reaches the rate limits', async () => {
    seen.ips.length = 0;
    const res = await h.app.inject({
      method: 'POST',
      url: '/portal/session',
      remoteAddress: '203.0.113.7',
      headers: { host: 'localhost:80', origin: ORIGIN, 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@b.pl', password: 'wrong' }),
    });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json()).toMatchObject({ type: '/problems/invalid-credentials' });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(seen.ips).toEqual(['203.0.113.7']);
  });

  it('refresh rotates the cookie; the old token is spent; logout clears the cookie', async () => {
    const login = await post('/portal/session', { body: { email: 'a@b.pl', password: 'right' } });
    const first = cookieOf(login).split(';')[0]!;
    const r1 = await post('/portal/session/refresh', { cookie: first });
    expect(r1.statusCode).toBe(200);
    expect(r1.json()).not.toHaveProperty('refreshToken');
    const second = cookieOf(r1).split(';')[0]!;
    expect(second).not.toBe(first);
    expect(cookieValue(second, SESSION_COOKIE)).toMatch(/^rt-\d+$/);
    // The spent token ends the session and the cookie with it.
    const reuse = await post('/portal/session/refresh', { cookie: first });
    expect(reuse.statusCode).toBe(401);
    expect(cookieOf(reuse)).toMatch(/Max-Age=0/);
    const out = await post('/portal/session/logout', { cookie: second });
    expect(out.statusCode).toBe(204);
    expect(cookieOf(out)).toMatch(/Max-Age=0/);
    expect((await post('/portal/session/refresh', { cookie: second })).statusCode).toBe(401);
  });

  it('a refresh whose answer the browser lost (a reload) gets the same answer again within the grace period; logout ends it', async () => {
    const g = await harness({ portal: { root } });
    g.broker.createService(identityStandIn({ ips: [] }));
    await g.broker.waitForServices(['identity']);
    const call = (url: string, cookie?: string) =>
      g.app.inject({
        method: 'POST',
        url,
        headers: {
          host: 'localhost:80',
          origin: ORIGIN,
          'content-type': 'application/json',
          ...(cookie ? { cookie } : {}),
        },
        payload: JSON.stringify({ email: 'a@b.pl', password: 'right' }),
      });
    const first = cookieOf(await call('/portal/session')).split(';')[0]!;
    const lost = await call('/portal/session/refresh', first);
    const again = await call('/portal/session/refresh', first);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(lost.json());
    expect(cookieOf(again)).toBe(cookieOf(lost));
    // Two loads sending the same token at the same moment share one exchange (no reuse is seen).
    const second = cookieOf(again).split(';')[0]!;
    const [x, y] = await Promise.all([
      call('/portal/session/refresh', second),
      call('/portal/session/refresh', second),
    ]);
    expect([x.statusCode, y.statusCode]).toEqual([200, 200]);
    expect(cookieOf(x)).toBe(cookieOf(y));
    const current = cookieOf(x).split(';')[0]!;
    expect((await call('/portal/session/logout', current)).statusCode).toBe(204);
    expect((await call('/portal/session/refresh', first)).statusCode).toBe(401);
    await g.close();
  });

  it('no cookie: refresh is 401 problem+json, logout is already done (204)', async () => {
    const r = await post('/portal/session/refresh');
    expect(r.statusCode).toBe(401);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect((await post('/portal/session/logout')).statusCode).toBe(204);
  });

  it.each([
    ['another site', { origin: 'https://evil.example' }],
    ['no Origin header', { origin: null }],
    ['a cross-site fetch', { site: 'cross-site' }],
    ['a same-site (sibling subdomain) fetch', { site: 'same-site' }],
  ])('refuses %s with 403 before touching the session', async (_what, o) => {
    const login = await post('/portal/session', { body: { email: 'a@b.pl', password: 'right' } });
    const cookie = cookieOf(login).split(';')[0]!;
    for (const url of ['/portal/session', '/portal/session/refresh', '/portal/session/logout']) {
      const res = await post(url, { cookie, body: { email: 'a@b.pl', password: 'right' }, ...o });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ type: '/problems/origin-refused', status: 403 });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    // The session is untouched: the cookie still refreshes from the portal's own origin.
    expect((await post('/portal/session/refresh', { cookie })).statusCode).toBe(200);
  });
});
