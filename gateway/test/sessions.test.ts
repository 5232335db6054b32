import type { ServiceSchema } from 'moleculer';
import { AppError, newId } from '@puesc/kernel';
import { EndedSessions } from '../src/sessionEnds';
import type { SessionEventSource } from '../src/sessionFeed';
import { bearer, harness, json, token, type Harness } from './support';

/** A non-identity route (ID-11 must hold everywhere HTTP enters, not only in identity). */
const seapStandIn: ServiceSchema = {
  name: 'seap',
  actions: {
    drafts: {
      rest: 'GET /api/v1/seap/drafts',
      openapi: { summary: 'Drafts', tags: ['seap'] },
      handler: (ctx: { meta: { user?: { id: string } } }) => ({ owner: ctx.meta.user?.id }),
    },
  } as ServiceSchema['actions'],
};

const end = (accountId: string, o: { sid?: string; endedAt?: Date; untilMs?: number } = {}) => {
  const endedAt = o.endedAt ?? new Date();
  return {
    accountId,
    ...(o.sid ? { sid: o.sid } : {}),
    endedAt: endedAt.toISOString(),
    until: new Date(endedAt.getTime() + (o.untilMs ?? 630_000)).toISOString(),
  };
};

async function withSeap(h: Harness): Promise<Harness> {
  h.broker.createService(seapStandIn);
  await h.broker.waitForServices(['seap']);
  return h;
}

const drafts = (h: Harness, jwt: string) =>
  h.app.inject({ method: 'GET', url: '/api/v1/seap/drafts', headers: bearer(jwt) });

async function expectEnded(res: Awaited<ReturnType<typeof drafts>>) {
  expect(res.statusCode).toBe(401);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['www-authenticate']).toMatch(/error="invalid_token"/);
  expect(json(res.body)).toMatchObject({
    type: '/problems/invalid-token',
    status: 401,
    detail: expect.stringMatching(/ID-11/),
  });
}

describe('ID-11: a session ends everywhere HTTP enters', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await withSeap(await harness({ rateLimit: false }));
  });
  afterAll(() => h.close());

  it('ID-11 logout: the old access token is refused on a seap route once identity broadcasts the end', async () => {
    const ended = await token(h.key, { sub: 'acc-logout', sid: 'sid-1' });
    const other = await token(h.key, { sub: 'acc-logout', sid: 'sid-2' });
    expect((await drafts(h, ended)).statusCode).toBe(200);
    await h.broker.broadcast('identity.session.ended', end('acc-logout', { sid: 'sid-1' }));
    await expectEnded(await drafts(h, ended));
    // Only that session: the account's other login still works.
    expect((await drafts(h, other)).statusCode).toBe(200);
  });

  it('ID-11 a session id ends only for its own account (a forged end of another account’s sid does nothing)', async () => {
    const mine = await token(h.key, { sub: 'acc-a', sid: 'sid-shared' });
    await h.broker.broadcast('identity.session.ended', end('acc-b', { sid: 'sid-shared' }));
    expect((await drafts(h, mine)).statusCode).toBe(200);
  });

  it('ID-11 account closure: every token issued before the end is refused, a later login works', async () => {
    const before = await token(h.key, { sub: 'acc-closed', sid: 'sid-c1', iat: -5 });
    const noSid = await token(h.key, { sub: 'acc-closed', iat: -5 });
    await h.broker.broadcast('identity.session.ended', end('acc-closed'));
    await expectEnded(await drafts(h, before));
    await expectEnded(await drafts(h, noSid));
    // A token issued after the end (iat a few seconds later) belongs to a new session.
    const after = await token(h.key, { sub: 'acc-closed', sid: 'sid-c2', iat: 5 });
    expect((await drafts(h, after)).statusCode).toBe(200);
  });

  it('ID-11 an end that is malformed, or whose tokens have all expired, is ignored', async () => {
    const jwt = await token(h.key, { sub: 'acc-x', sid: 'sid-x' });
    await h.broker.broadcast('identity.session.ended', { accountId: 'acc-x', sid: 'sid-x', endedAt: 'soon' });
    await h.broker.broadcast('identity.session.ended', { sid: 'sid-x', endedAt: new Date().toISOString() });
    await h.broker.broadcast('identity.session.ended', end('acc-x', { sid: 'sid-x', untilMs: -1000 }));
    expect((await drafts(h, jwt)).statusCode).toBe(200);
  });
});

describe('ID-11: ended sessions survive a missed broadcast and a restart', () => {
  it('ID-11 reads the durable event, records it in the store, and a restarted gateway still refuses the token', async () => {
    const delivered: Array<{ id: string; data: unknown }> = [{ id: newId(), data: end('acc-d', { sid: 'sid-d' }) }];
    const events: SessionEventSource = {
      consume: async (o) => {
        expect(o).toMatchObject({ subjects: ['identity.session.ended'], deliverFrom: 'all' });
        for (const e of delivered) await o.handler(e);
        // A redelivery of the same event is harmless.
        for (const e of delivered) await o.handler(e);
        return { stop: async () => undefined };
      },
    };
    const first = await harness({ rateLimit: false });
    const { createGateway, localJwks } = await import('../src');
    const viaEvents = await createGateway({
      broker: first.broker,
      store: first.store,
      events,
      options: { keySource: localJwks({ keys: [first.key.publicJwk] }), issuer: undefined, rateLimit: false },
    });
    await withSeap(first);
    const jwt = await token(first.key, { sub: 'acc-d', sid: 'sid-d', iss: 'puesc-identity', aud: 'puesc' });
    try {
      await expectEnded(await viaEvents.inject({ method: 'GET', url: '/api/v1/seap/drafts', headers: bearer(jwt) }));
    } finally {
      await viaEvents.close();
    }
    // A gateway started later on the same store, with neither broadcast nor events, knows it too.
    const restarted = await createGateway({
      broker: first.broker,
      store: first.store,
      options: { keySource: localJwks({ keys: [first.key.publicJwk] }), rateLimit: false },
    });
    try {
      await expectEnded(await restarted.inject({ method: 'GET', url: '/api/v1/seap/drafts', headers: bearer(jwt) }));
    } finally {
      await restarted.close();
      await first.close();
    }
  });
});

describe('ID-11: EndedSessions', () => {
  it('forgets an end after its until (no token it could kill is valid then)', () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const ended = new EndedSessions(() => now);
    const iat = now / 1000 - 10;
    expect(ended.add(end('a', { sid: 's', endedAt: new Date(now), untilMs: 60_000 }))).toBe(true);
    expect(ended.why({ sub: 'a', sid: 's', iat })).toMatch(/ID-11/);
    now += 61_000;
    ended.add(end('b', { endedAt: new Date(now) }));
    expect(ended.size).toBe(1);
  });

  it('an end of every session kills tokens issued in the same second or before, not after', () => {
    const at = Date.parse('2030-01-01T00:00:00.400Z');
    const ended = new EndedSessions(() => at);
    ended.add(end('a', { endedAt: new Date(at) }));
    expect(ended.why({ sub: 'a', iat: at / 1000 - 1 })).toMatch(/ID-11/);
    expect(ended.why({ sub: 'a', iat: Math.floor(at / 1000) })).toMatch(/ID-11/);
    expect(ended.why({ sub: 'a', iat: Math.floor(at / 1000) + 1 })).toBeUndefined();
    expect(ended.why({ sub: 'b', iat: 0 })).toBeUndefined();
  });

  it('ID-11 identity’s iat_ms tells a login just after an end of every session from a token just before it', () => {
    const at = Date.parse('2030-01-01T00:00:00.400Z');
    const ended = new EndedSessions(() => at);
    ended.add(end('a', { endedAt: new Date(at) }));
    const iat = Math.floor(at / 1000);
    expect(ended.why({ sub: 'a', iat, iat_ms: at + 1 })).toBeUndefined();
    expect(ended.why({ sub: 'a', iat, iat_ms: at - 1 })).toMatch(/ID-11/);
    expect(ended.why({ sub: 'a', iat, iat_ms: at })).toMatch(/ID-11/);
    // An iat_ms outside its iat second is not believed: the start of the second counts.
    expect(ended.why({ sub: 'a', iat, iat_ms: at + 5000 })).toMatch(/ID-11/);
  });
});

/** identity's session routes, issuing real access tokens that carry the session id. */
function identityWithSessions(h: Harness): ServiceSchema {
  const live = new Map<string, string>();
  let n = 0;
  const issue = async (sid: string) => {
    const refreshToken = `rt-${++n}`;
    live.set(refreshToken, sid);
    return {
      accessToken: await token(h.key, { sub: 'acc-portal', sid }),
      tokenType: 'Bearer',
      expiresIn: 300,
      refreshToken,
    };
  };
  const spend = (rt: string) => {
    const sid = live.get(rt);
    if (!sid) throw new AppError(401, 'invalid-token', 'The refresh token is not valid');
    live.delete(rt);
    return sid;
  };
  const body = { type: 'object', properties: { refreshToken: { type: 'string' } } };
  return {
    name: 'identity',
    actions: {
      login: { rest: 'POST /api/v1/auth/login', auth: 'public', handler: () => issue(newId()) },
      refresh: {
        rest: 'POST /api/v1/auth/refresh',
        auth: 'public',
        params: body,
        handler: (ctx: { params: { refreshToken: string } }) => issue(spend(ctx.params.refreshToken)),
      },
    } as ServiceSchema['actions'],
  };
}

describe('ID-11: the portal’s cookie session', () => {
  it('ID-11 a session ended elsewhere is not handed back from the refresh grace, and its token is refused', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-id11-'));
    fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>PUESC</title>');
    const h = await withSeap(await harness({ rateLimit: false, portal: { root } }));
    h.broker.createService(identityWithSessions(h));
    await h.broker.waitForServices(['identity']);
    const call = (url: string, cookie?: string) =>
      h.app.inject({
        method: 'POST',
        url,
        headers: {
          host: 'localhost:80',
          origin: 'http://localhost:80',
          'content-type': 'application/json',
          ...(cookie ? { cookie } : {}),
        },
        payload: '{}',
      });
    try {
      const first = String((await call('/portal/session')).headers['set-cookie']).split(';')[0]!;
      const lost = await call('/portal/session/refresh', first);
      const access = json(lost.body).accessToken as string;
      expect((await drafts(h, access)).statusCode).toBe(200);
      // The page reloads within the grace: the same answer again, while the session lives.
      expect((await call('/portal/session/refresh', first)).statusCode).toBe(200);

      const sid = JSON.parse(Buffer.from(access.split('.')[1]!, 'base64url').toString()).sid as string;
      await h.broker.broadcast('identity.session.ended', end('acc-portal', { sid }));
      await expectEnded(await drafts(h, access));
      const again = await call('/portal/session/refresh', first);
      expect(again.statusCode).toBe(401);
      expect(json(again.body)).toMatchObject({
        type: '/problems/invalid-token',
        detail: expect.stringMatching(/ID-11/),
      });
      expect(String(again.headers['set-cookie'])).toMatch(/Max-Age=0/);
    } finally {
      await h.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
