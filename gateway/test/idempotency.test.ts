import type { ServiceSchema } from 'moleculer';
import { AppError } from '@puesc/kernel';
import { IdempotencyKeys, fingerprintOf, idempotencySpec } from '../src/idempotency';
import { isAuthPath } from '../src/routes';
import { bearer, deferred, harness, json, token, type Harness } from './support';

let h: Harness;
let jwt: string;
beforeAll(async () => {
  h = await harness();
  jwt = await token(h.key, { sub: 'acc-idem' });
});
afterAll(() => h.close());

const post = (key: string | undefined, payload: object, auth = jwt, url = '/api/v1/things') =>
  h.app.inject({
    method: 'POST',
    url,
    headers: { ...bearer(auth), ...(key ? { 'idempotency-key': key } : {}) },
    payload,
  });

describe('Idempotency-Key on POST', () => {
  it('same key + same body → the stored answer, replayed without calling the service again', async () => {
    const first = await post('k-same-1', { name: 'alpha' });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const calls = h.ctl.calls['create'];

    const again = await post('k-same-1', { name: 'alpha' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(json(again.body)).toEqual(json(first.body));
    expect(h.ctl.calls['create']).toBe(calls);
    expect(json(first.body).key).toBe('k-same-1'); // the service sees meta.idempotencyKey
    expect(again.headers['x-request-id']).not.toBe(first.headers['x-request-id']);
  });

  it('same key + different body → 422 problem', async () => {
    expect((await post('k-diff-1', { name: 'beta' })).statusCode).toBe(201);
    const res = await post('k-diff-1', { name: 'gamma' });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(res.body).type).toBe('/problems/idempotency-key-reused');
  });

  it('the same key from another caller is a different request', async () => {
    expect((await post('k-shared', { name: 'one' })).statusCode).toBe(201);
    const other = await token(h.key, { sub: 'acc-other' });
    const res = await post('k-shared', { name: 'two' }, other);
    expect(res.statusCode).toBe(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a request still in progress with that key → 409; afterwards the answer is replayed', async () => {
    h.ctl.slowGate = deferred();
    h.ctl.slowEntered = deferred();
    const first = post('k-slow-1', { v: 1 }, jwt, '/api/v1/slow');
    await h.ctl.slowEntered.promise;

    const during = await post('k-slow-1', { v: 1 }, jwt, '/api/v1/slow');
    expect(during.statusCode).toBe(409);
    expect(json(during.body).type).toBe('/problems/idempotency-in-progress');
    expect(during.headers['retry-after']).toBe('1');

    h.ctl.slowGate.resolve();
    const done = await first;
    expect(done.statusCode).toBe(201);
    const after = await post('k-slow-1', { v: 1 }, jwt, '/api/v1/slow');
    expect(after.statusCode).toBe(201);
    expect(after.headers['idempotent-replayed']).toBe('true');
    expect(json(after.body)).toEqual(json(done.body));
  });

  // Regression (found by test/faults): a gateway killed (SIGKILL) while it called the service left
  // the key `pending`; every retry with that key got 409 idempotency-in-progress for the default
  // 2-minute lock, although no request can run longer than the broker's request timeout (it is
  // answered 503 then). The lock now ends with the request timeout (+5 s).
  it('a key left pending by a gateway that died is taken over once the request timeout has passed', async () => {
    const body = { name: 'orphan' };
    const timeout = h.broker.options.requestTimeout!;
    const crashed = (ageMs: number) =>
      new IdempotencyKeys(h.store, { now: () => Date.now() - ageMs }).begin(
        'user:acc-idem',
        `k-orphan-${ageMs}`,
        fingerprintOf('POST', '/api/v1/things', body),
      );
    // A fresh pending key is still "in progress" (its request may be running on another replica).
    expect((await crashed(1000)).kind).toBe('proceed');
    expect((await post('k-orphan-1000', body)).statusCode).toBe(409);
    // One older than any request can run: its gateway is gone; the retry reaches the service.
    const age = timeout + 6000;
    expect((await crashed(age)).kind).toBe('proceed');
    const retry = await post(`k-orphan-${age}`, body);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
  });

  it('final 4xx answers are stored and replayed', async () => {
    const first = await post('k-4xx', { name: 'c', fail: 'conflict' });
    expect(first.statusCode).toBe(409);
    const calls = h.ctl.calls['create'];
    const again = await post('k-4xx', { name: 'c', fail: 'conflict' });
    expect(again.statusCode).toBe(409);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(h.ctl.calls['create']).toBe(calls);
  });

  it('5xx answers are not stored: a retry reaches the service', async () => {
    const first = await post('k-5xx', { name: 'c', fail: 'boom' });
    expect(first.statusCode).toBe(500);
    const calls = h.ctl.calls['create'];
    const again = await post('k-5xx', { name: 'c', fail: 'boom' });
    expect(again.statusCode).toBe(500);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(h.ctl.calls['create']).toBe(calls! + 1);
  });

  it('503 (service missing) is not stored: the retry after the outage succeeds', async () => {
    const svc = h.broker.getLocalService('things')!;
    const schema = svc.originalSchema;
    await h.broker.destroyService(svc);
    const during = await post('k-outage', { name: 'delta' });
    expect(during.statusCode).toBe(503);

    h.broker.createService(schema);
    await h.broker.waitForServices('things', 5000, 10);
    const after = await post('k-outage', { name: 'delta' });
    expect(after.statusCode).toBe(201);
    expect(after.headers['idempotent-replayed']).toBeUndefined();
    const replay = await post('k-outage', { name: 'delta' });
    expect(replay.headers['idempotent-replayed']).toBe('true');
  });

  it('without the header nothing is remembered', async () => {
    const a = await post(undefined, { name: 'free' });
    const b = await post(undefined, { name: 'free' });
    expect(json(a.body).id).not.toBe(json(b.body).id);
  });

  it('refuses a malformed key', async () => {
    const res = await post('has spaces in it', { name: 'x' });
    expect(res.statusCode).toBe(400);
    expect(json(res.body).type).toBe('/problems/invalid-idempotency-key');
  });

  // Regression (found by test/fuzz): a body nested 100,000 levels deep could not be fingerprinted
  // (JSON.stringify overflows the stack) and was answered 503 "idempotency records are not
  // available" — an outage to be retried — instead of the client error it is.
  it('a body too deep to fingerprint → 400, not 503', async () => {
    const deep = '{"name":"x","a":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { ...bearer(jwt), 'idempotency-key': 'k-deep-1', 'content-type': 'application/json' },
      payload: deep,
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json(res.body).type).toBe('/problems/validation');
  });
});

describe('#18 item 8: answers holding tokens are never stored or replayed', () => {
  /** identity's refresh with its reuse detection: a spent refresh token presented again ends the session. */
  const live = new Set(['rt-0']);
  const ended: string[] = [];
  let n = 0;
  let exports = 0;
  beforeAll(async () => {
    h.broker.createService({
      name: 'identity',
      actions: {
        refresh: {
          rest: 'POST /api/v1/auth/refresh',
          auth: 'public',
          params: { type: 'object', properties: { refreshToken: { type: 'string' } } },
          handler: (ctx: { params: { refreshToken: string } }) => {
            if (!live.delete(ctx.params.refreshToken)) {
              ended.push(ctx.params.refreshToken);
              throw new AppError(401, 'invalid-token', 'Refresh token reused: the session has ended');
            }
            const refreshToken = `rt-${++n}`;
            live.add(refreshToken);
            return { accessToken: `at-${n}`, refreshToken };
          },
        },
        exportKey: {
          rest: 'POST /api/v1/keys/export',
          idempotency: false,
          params: { type: 'object', properties: {} },
          handler: () => ({ secret: `s-${++exports}` }),
        },
      } as ServiceSchema['actions'],
    });
    await h.broker.waitForServices(['identity']);
  });

  it('#18 item 8: a refresh replayed with the same Idempotency-Key triggers reuse detection, not the stored tokens', async () => {
    const stored = await h.store.collection(idempotencySpec).count({});
    const refresh = () =>
      h.app.inject({
        method: 'POST',
        url: '/api/v1/auth/refresh',
        headers: { 'idempotency-key': 'refresh-once' },
        payload: { refreshToken: 'rt-0' },
      });
    const first = await refresh();
    expect(first.statusCode).toBe(200);
    expect(json(first.body).refreshToken).toBe('rt-1');
    const replayed = await refresh();
    expect(replayed.statusCode).toBe(401);
    expect(replayed.headers['idempotent-replayed']).toBeUndefined();
    expect(replayed.body).not.toContain('rt-1');
    expect(ended).toEqual(['rt-0']);
    // Nothing of it was written to the idempotency records (tokens are never kept in clear).
    expect(await h.store.collection(idempotencySpec).count({})).toBe(stored);
  });

  it('#18 item 8: a route whose REST metadata says idempotency: false is called again, never replayed', async () => {
    const call = () =>
      h.app.inject({
        method: 'POST',
        url: '/api/v1/keys/export',
        headers: { ...bearer(jwt), 'idempotency-key': 'export-1' },
        payload: {},
      });
    const a = await call();
    const b = await call();
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(json(a.body).secret).not.toBe(json(b.body).secret);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
  });

  it('#18 item 8: every route under /api/v1/auth/ opts out, whatever its metadata says', () => {
    expect(isAuthPath('/api/v1/auth/login')).toBe(true);
    expect(h.app.gatewayRoutes.live().find((r) => r.path === '/api/v1/auth/refresh')?.idempotency).toBe(false);
    expect(h.app.gatewayRoutes.live().find((r) => r.path === '/api/v1/things')?.idempotency).toBeUndefined();
  });
});
