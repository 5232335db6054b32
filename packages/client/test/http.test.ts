/**
 * The HTTP core against a scripted fetch: problem documents, the refresh rules, URL building.
 */
import { ProblemError, PuescClient, TransportError, pathOf, type Session } from '../src';

interface Seen {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | Error;

function scripted(...answers: Answer[]) {
  const seen: Seen[] = [];
  const fetch = async (url: string, init: RequestInit = {}): Promise<Response> => {
    seen.push({
      url,
      method: init.method ?? 'GET',
      headers: { ...(init.headers as Record<string, string>) },
      ...(typeof init.body === 'string' ? { body: init.body } : {}),
    });
    const a = answers.shift();
    if (!a) throw new Error(`unexpected request ${init.method} ${url}`);
    if (a instanceof Error) throw a;
    const isText = typeof a.body === 'string';
    return new Response(a.body === undefined ? null : isText ? (a.body as string) : JSON.stringify(a.body), {
      status: a.status,
      headers: {
        ...(a.body !== undefined && !isText ? { 'content-type': 'application/json' } : {}),
        ...(a.headers ?? {}),
      },
    });
  };
  return { fetch, seen };
}

const tokens = (n: number) => ({
  accessToken: `at-${n}`,
  tokenType: 'Bearer',
  expiresIn: 600,
  scope: 'basic',
  personId: null,
  roles: ['client'],
  refreshToken: `rt-${n}`,
  refreshExpiresAt: '2099-01-01T00:00:00.000Z',
});

const session = (n: number, expiresInMs = 600_000): Session => ({
  accessToken: `at-${n}`,
  accessExpiresAt: Date.now() + expiresInMs,
  refreshToken: `rt-${n}`,
  refreshExpiresAt: '2099-01-01T00:00:00.000Z',
  scope: 'basic',
  personId: null,
  roles: ['client'],
});

const problem = (status: number, slug: string, extra: Record<string, unknown> = {}) => ({
  status,
  headers: { 'content-type': 'application/problem+json' },
  body: {
    type: `/problems/${slug}`,
    title: slug,
    status,
    detail: `${slug} detail`,
    instance: '/x',
    requestId: 'req-1',
    ...extra,
  },
});

describe('problems', () => {
  it('a problem+json answer becomes a ProblemError with type, status, rule, errors and Retry-After', async () => {
    const f = scripted({
      ...problem(422, 'rule-violation', {
        rule: 'DOC-03',
        errors: [{ field: 'signature', message: 'is required', rule: 'DOC-03' }],
      }),
      headers: { 'content-type': 'application/problem+json', 'retry-after': '7' },
    });
    const c = new PuescClient({ baseUrl: 'http://p.test/', fetch: f.fetch, session: session(1) });
    const e = (await c.seap.send('d1', '').catch((x: unknown) => x)) as ProblemError;
    expect(e).toBeInstanceOf(ProblemError);
    expect(e).toMatchObject({
      status: 422,
      type: '/problems/rule-violation',
      slug: 'rule-violation',
      rule: 'DOC-03',
      requestId: 'req-1',
      retryAfter: 7,
    });
    expect(e.errors).toEqual([{ field: 'signature', message: 'is required', rule: 'DOC-03' }]);
    expect(e.message).toMatch(/422 .*\[DOC-03\].*signature: is required/);
    expect(e.problem.instance).toBe('/x');
    expect(f.seen[0]!.url).toBe('http://p.test/api/v1/seap/documents/d1/send');
  });

  it('an answer without a problem document (a proxy page) still becomes a ProblemError', async () => {
    const f = scripted({ status: 502, body: '<html>Bad gateway</html>', headers: { 'content-type': 'text/html' } });
    const c = new PuescClient({ baseUrl: 'http://p.test', fetch: f.fetch });
    const e = (await c.seap.listForms().catch((x: unknown) => x)) as ProblemError;
    expect(e).toMatchObject({ status: 502, type: 'about:blank' });
    expect(e.retryable).toBe(false);
  });

  it('a network failure is a TransportError naming the request', async () => {
    const f = scripted(
      Object.assign(new TypeError('fetch failed'), {
        cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' },
      }),
    );
    const c = new PuescClient({ baseUrl: 'http://p.test', fetch: f.fetch });
    const e = (await c.seap.listForms().catch((x: unknown) => x)) as TransportError;
    expect(e).toBeInstanceOf(TransportError);
    expect(e.message).toMatch(/GET http:\/\/p.test\/api\/v1\/forms: ECONNREFUSED/);
  });

  it('an authenticated call without a session is refused locally, without a request', async () => {
    const f = scripted();
    const c = new PuescClient({ baseUrl: 'http://p.test', fetch: f.fetch });
    await expect(c.auth.me()).rejects.toMatchObject({ status: 401, slug: 'unauthorized' });
    expect(f.seen).toHaveLength(0);
  });
});

describe('sessions', () => {
  it('login keeps the session; calls carry the bearer token; public calls do not', async () => {
    const f = scripted(
      { status: 200, body: tokens(1) },
      { status: 200, body: { account: {} } },
      { status: 200, body: [] },
    );
    const c = new PuescClient({ baseUrl: 'http://p.test', fetch: f.fetch });
    await c.auth.login('a@b.pl', 'pw');
    expect(f.seen[0]!.headers['authorization']).toBeUndefined();
    expect(JSON.parse(f.seen[0]!.body!)).toEqual({ email: 'a@b.pl', password: 'pw' });
    await c.auth.me();
    expect(f.seen[1]!.headers['authorization']).toBe('Bearer at-1');
    await c.seap.listForms();
    expect(f.seen[2]!.headers['authorization']).toBeUndefined();
  });

  it('an access token about to expire is refreshed first; the rotated refresh token replaces the old one', async () => {
    const f = scripted({ status: 200, body: tokens(2) }, { status: 200, body: { ok: true } });
    const saved: (Session | null)[] = [];
    const c = new PuescClient({
      baseUrl: 'http://p.test',
      fetch: f.fetch,
      session: session(1, 5_000),
      onSession: (s) => void saved.push(s),
    });
    await c.auth.me();
    expect(f.seen.map((s) => s.url)).toEqual(['http://p.test/api/v1/auth/refresh', 'http://p.test/api/v1/me']);
    expect(JSON.parse(f.seen[0]!.body!)).toEqual({ refreshToken: 'rt-1' });
    expect(f.seen[1]!.headers['authorization']).toBe('Bearer at-2');
    expect(saved.map((s) => s?.refreshToken)).toEqual(['rt-2']);
  });

  it('a 401 invalid_token from the gateway: one refresh, one retry', async () => {
    const f = scripted(
      {
        ...problem(401, 'invalid-token'),
        headers: {
          'content-type': 'application/problem+json',
          'www-authenticate': 'Bearer realm="puesc", error="invalid_token"',
        },
      },
      { status: 200, body: tokens(2) },
      { status: 200, body: { ok: true } },
    );
    const c = new PuescClient({ baseUrl: 'http://p.test', fetch: f.fetch, session: session(1) });
    expect(await c.auth.me()).toEqual({ ok: true });
    expect(f.seen.map((s) => s.headers['authorization'] ?? '-')).toEqual(['Bearer at-1', '-', 'Bearer at-2']);
  });

  it('a 401 from a service (wrong password) is an answer: no refresh, no second attempt', async () => {
    const f = scripted(problem(401, 'unauthorized'));
    const c = new PuescClient({ baseUrl: 'http://p.test', fetch: f.fetch, session: session(1) });
    await expect(c.auth.closeAccount('wrong')).rejects.toMatchObject({ status: 401 });
    expect(f.seen).toHaveLength(1);
    expect(c.session).not.toBeNull();
  });

  it('a refused refresh ends the session; a network failure during refresh keeps it', async () => {
    const down = scripted(new TypeError('fetch failed'));
    const a = new PuescClient({ baseUrl: 'http://p.test', fetch: down.fetch, session: session(1) });
    await expect(a.auth.refresh()).rejects.toBeInstanceOf(TransportError);
    expect(a.session?.refreshToken).toBe('rt-1');

    const refused = scripted(problem(401, 'unauthorized'));
    const ended: (Session | null)[] = [];
    const b = new PuescClient({
      baseUrl: 'http://p.test',
      fetch: refused.fetch,
      session: session(1),
      onSession: (s) => void ended.push(s),
    });
    await expect(b.auth.refresh()).rejects.toMatchObject({ status: 401 });
    expect(b.session).toBeNull();
    expect(ended).toEqual([null]);
  });

  it('concurrent refreshes are one request (a refresh token works once)', async () => {
    const f = scripted({ status: 200, body: tokens(2) });
    const c = new PuescClient({ baseUrl: 'http://p.test', fetch: f.fetch, session: session(1) });
    const [x, y, z] = await Promise.all([c.auth.refresh(), c.auth.refresh(), c.auth.refresh()]);
    expect(f.seen).toHaveLength(1);
    expect(x).toBe(y);
    expect(y).toBe(z);
  });

  it('logout spends the refresh token on the platform and forgets the session even if the call fails', async () => {
    const f = scripted({ status: 204 });
    const c = new PuescClient({ baseUrl: 'http://p.test', fetch: f.fetch, session: session(1) });
    await c.auth.logout();
    expect(JSON.parse(f.seen[0]!.body!)).toEqual({ refreshToken: 'rt-1' });
    expect(c.session).toBeNull();
    const g = scripted(new TypeError('fetch failed'));
    const d = new PuescClient({ baseUrl: 'http://p.test', fetch: g.fetch, session: session(1) });
    await expect(d.auth.logout()).rejects.toBeInstanceOf(TransportError);
    expect(d.session).toBeNull();
  });
});

describe('requests', () => {
  it('path parameters are encoded; undefined query values are left out', async () => {
    expect(pathOf('/api/v1/companies/:id/history', { id: 'a/b c' })).toBe('/api/v1/companies/a%2Fb%20c/history');
    expect(() => pathOf('/api/v1/companies/:id', {})).toThrow(/missing path parameter id/);
    const f = scripted({ status: 200, body: { items: [], page: 1, limit: 5, total: 0 } });
    const c = new PuescClient({ baseUrl: 'http://p.test', fetch: f.fetch, session: session(1) });
    await c.seap.listDocuments({ companyId: 'C-1', view: 'company', status: undefined, limit: 5 });
    expect(f.seen[0]!.url).toBe('http://p.test/api/v1/seap/documents?companyId=C-1&view=company&limit=5');
  });

  it('send carries the Idempotency-Key header and reports a replayed answer', async () => {
    const receipt = { document: { id: 'd1' }, upo: { id: 'u1', kid: 'k', jws: 'a.b.c', payload: {} }, duplicate: true };
    const f = scripted({ status: 200, body: receipt, headers: { 'idempotent-replayed': 'true' } });
    const c = new PuescClient({ baseUrl: 'http://p.test', fetch: f.fetch, session: session(1) });
    const r = await c.seap.send('d1', 'sig', { idempotencyKey: 'key-1' });
    expect(f.seen[0]!.headers['idempotency-key']).toBe('key-1');
    expect(JSON.parse(f.seen[0]!.body!)).toEqual({ signature: 'sig' });
    expect(r).toMatchObject({ replayed: true, duplicate: true, upo: { id: 'u1' } });
  });

  it('binary answers are bytes; 204 is undefined', async () => {
    const f = scripted(
      { status: 200, body: '%PDF-1.7 …', headers: { 'content-type': 'application/pdf' } },
      { status: 204 },
    );
    const c = new PuescClient({ baseUrl: 'http://p.test', fetch: f.fetch, session: session(1) });
    const pdf = await c.seap.getUpoPdf('d1');
    expect(pdf).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(pdf).toString('latin1').startsWith('%PDF-')).toBe(true);
    expect(await c.seap.discardDraft('x')).toBeUndefined();
  });
});
