import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import type { ServiceBroker, ServiceSchema } from 'moleculer';
import { createEmbeddedStore, type Store } from '@puesc/store';
import { AppError, createBroker, newId, ruleViolation } from '@puesc/kernel';
import { reply, requireRole, type Ctx } from '@puesc/service';
import { createGateway, localJwks, type GatewayOptions } from '../src';

// fastify's inject (light-my-request) requires `cookie` 2.x, which is ESM-only: jest's CommonJS
// runtime cannot load it, Node 20.19+ can (require(esm)). Hand jest the natively loaded module
// (jest's own `module.createRequire` would route back through its registry).
jest.mock('cookie', () => {
  const native = (
    process as unknown as { getBuiltinModule(id: string): typeof import('node:module') }
  ).getBuiltinModule('node:module');
  return native.createRequire(__filename)('cookie');
});

export const ISSUER = 'https://puesc.test/identity';
export const AUDIENCE = 'puesc-api';

export interface TestKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
}

export async function makeKey(kid = newId()): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}

export interface TokenSpec {
  sub?: string;
  claims?: Record<string, unknown>;
  /** Seconds from now. */
  exp?: number;
  nbf?: number;
  iss?: string;
  aud?: string;
  /** Protected-header `typ` (default `at+jwt`). */
  typ?: string;
  /** `iat`, seconds from now (default 0). */
  iat?: number;
  /** Claims left out of the token. */
  omit?: Array<'iss' | 'aud' | 'iat' | 'typ'>;
  /** ID-11 session id. */
  sid?: string;
}

export async function token(key: TestKey, t: TokenSpec = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const omit = new Set(t.omit ?? []);
  const jwt = new SignJWT({
    scope: 'extended',
    roles: ['client'],
    pid: 'P-1',
    ...(t.sid ? { sid: t.sid } : {}),
    ...t.claims,
  })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, ...(omit.has('typ') ? {} : { typ: t.typ ?? 'at+jwt' }) })
    .setSubject(t.sub ?? 'acc-1')
    .setJti(newId())
    .setExpirationTime(now + (t.exp ?? 300));
  if (!omit.has('iss')) jwt.setIssuer(t.iss ?? ISSUER);
  if (!omit.has('aud')) jwt.setAudience(t.aud ?? AUDIENCE);
  if (!omit.has('iat')) jwt.setIssuedAt(now + (t.iat ?? 0));
  if (t.nbf !== undefined) jwt.setNotBefore(now + t.nbf);
  return jwt.sign(key.privateKey);
}

export const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });

/** The embedded store in memory, with a switch that makes `ping()` fail (readiness tests). */
export function testStore(): Store & { failPing: boolean } {
  const inner = createEmbeddedStore({ inMemory: true });
  const wrapped: Store & { failPing: boolean } = {
    kind: inner.kind,
    failPing: false,
    collection: (spec) => inner.collection(spec),
    ping: async () => {
      if (wrapped.failPing) throw new Error('store down');
      return inner.ping();
    },
    close: () => inner.close(),
  };
  return wrapped;
}

/** A deferred the slow action waits on. */
export function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = () => r()));
  return { promise, resolve };
}

export interface ThingsControl {
  calls: Record<string, number>;
  slowGate?: ReturnType<typeof deferred>;
  slowEntered?: ReturnType<typeof deferred>;
}

/** A small service declaring REST actions of every kind the gateway must serve. */
export function thingsService(ctl: ThingsControl): ServiceSchema {
  const count = (name: string) => (ctl.calls[name] = (ctl.calls[name] ?? 0) + 1);
  return {
    name: 'things',
    actions: {
      get: {
        rest: 'GET /api/v1/things/:id',
        auth: 'public',
        openapi: { summary: 'Get a thing', tags: ['things'], response: { type: 'object' } },
        params: {
          type: 'object',
          properties: { id: { type: 'integer', minimum: 1 }, verbose: { type: 'boolean' } },
          required: ['id'],
          additionalProperties: false,
        },
        handler: (ctx: Ctx<{ id: number; verbose?: boolean }>) => ({
          id: ctx.params.id,
          verbose: ctx.params.verbose ?? false,
        }),
      },
      list: {
        rest: 'GET /api/v1/things',
        auth: 'public',
        openapi: { summary: 'List things', tags: ['things'], examples: { first: [{ id: 1 }] } },
        params: {
          type: 'object',
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 100, description: 'page size' },
            active: { type: 'boolean' },
            ratio: { type: 'number' },
            tags: { type: 'array', items: { type: 'string' } },
            ids: { type: 'array', items: { type: 'integer' } },
            q: { type: 'string' },
          },
          additionalProperties: false,
        },
        handler: (ctx: Ctx) => ({ params: ctx.params }),
      },
      create: {
        rest: 'POST /api/v1/things',
        auth: 'user',
        openapi: {
          summary: 'Create a thing',
          tags: ['things'],
          status: 201,
          response: { type: 'object', properties: { id: { type: 'string' } } },
          examples: { simple: { name: 'widget', count: 2 } },
        },
        params: {
          type: 'object',
          properties: {
            name: { type: 'string', minLength: 1, 'x-rule': 'THG-02' },
            count: { type: 'integer', minimum: 0 },
            fail: { type: 'string' },
          },
          required: ['name'],
          additionalProperties: false,
        },
        handler: (ctx: Ctx<{ name: string; count?: number; fail?: string }>) => {
          count('create');
          if (ctx.params.fail === 'conflict') throw new AppError(409, 'conflict', 'name taken', { rule: 'THG-03' });
          if (ctx.params.fail === 'boom') throw new Error('disk exploded at /var/secret');
          return {
            id: newId(),
            name: ctx.params.name,
            by: ctx.meta.user?.id,
            key: ctx.meta.idempotencyKey,
            n: ctl.calls['create'],
          };
        },
      },
      me: {
        rest: 'GET /api/v1/me',
        openapi: { summary: 'Who am I', tags: ['things'] },
        params: { type: 'object', properties: {} },
        handler: (ctx: Ctx) => ({ user: ctx.meta.user, requestId: ctx.meta.requestId, ip: ctx.meta.ip }),
      },
      maybe: {
        rest: 'GET /api/v1/maybe',
        auth: 'optional',
        openapi: { summary: 'Optional auth', tags: ['things'] },
        handler: (ctx: Ctx) => ({ user: ctx.meta.user?.id ?? null }),
      },
      remove: {
        rest: 'DELETE /api/v1/things/:id',
        openapi: { summary: 'Remove a thing (admins)', tags: ['things'], status: 204 },
        params: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
        handler: (ctx: Ctx) => {
          requireRole(ctx, 'admin');
          return undefined;
        },
      },
      approve: {
        rest: 'POST /api/v1/things/:id/approve',
        openapi: { summary: 'Approve', tags: ['things'] },
        params: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
        handler: () => {
          throw ruleViolation('THG-01', 'A thing cannot be approved before it is inspected', {
            deadline: '2030-01-31',
          });
        },
      },
      boom: {
        rest: 'GET /api/v1/boom',
        auth: 'public',
        openapi: { summary: 'Always fails', tags: ['things'] },
        handler: () => {
          throw new TypeError('cannot read property x of undefined at /srv/app/secret.ts:12');
        },
      },
      pdf: {
        rest: 'GET /api/v1/things/:id/pdf',
        auth: 'public',
        openapi: { summary: 'A binary document', tags: ['things'], produces: 'application/pdf' },
        params: { type: 'object', properties: { id: { type: 'integer' } } },
        handler: () =>
          reply({
            contentType: 'application/pdf',
            headers: { 'content-disposition': 'attachment; filename="t.pdf"' },
            base64: Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]).toString('base64'),
          }),
      },
      accepted: {
        rest: 'POST /api/v1/things/:id/queue',
        openapi: { summary: 'Queue work', tags: ['things'] },
        params: { type: 'object', properties: { id: { type: 'integer' } } },
        handler: () => reply({ status: 202, headers: { location: '/api/v1/jobs/1' }, body: { queued: true } }),
      },
      slow: {
        rest: 'POST /api/v1/slow',
        openapi: { summary: 'Waits for the test', tags: ['things'], status: 201 },
        params: { type: 'object', properties: { v: { type: 'integer' } } },
        handler: async (ctx: Ctx<{ v?: number }>) => {
          count('slow');
          ctl.slowEntered?.resolve();
          await ctl.slowGate?.promise;
          return { v: ctx.params.v ?? null, n: ctl.calls['slow'] };
        },
      },
      login: {
        rest: 'POST /api/v1/login',
        auth: 'public',
        rateLimit: { max: 2, timeWindow: 60_000 },
        openapi: { summary: 'Strictly limited public endpoint', tags: ['auth'] },
        params: { type: 'object', properties: { u: { type: 'string' } } },
        handler: () => ({ ok: true }),
      },
      internal: {
        params: { type: 'object' },
        handler: () => 'not exposed',
      },
    },
  } as ServiceSchema;
}

export const gadgetsService: ServiceSchema = {
  name: 'gadgets',
  actions: {
    list: {
      rest: 'GET /api/v1/gadgets',
      auth: 'public',
      openapi: { summary: 'List gadgets', tags: ['gadgets'] },
      handler: () => [{ id: 'g1' }],
    },
  } as ServiceSchema['actions'],
};

export interface Harness {
  broker: ServiceBroker;
  store: ReturnType<typeof testStore>;
  app: Awaited<ReturnType<typeof createGateway>>;
  key: TestKey;
  ctl: ThingsControl;
  close(): Promise<void>;
}

export async function harness(options: GatewayOptions = {}, withGadgets = false): Promise<Harness> {
  const broker = createBroker({ logLevel: 'fatal', nodeID: `gw-test-${newId()}` });
  const ctl: ThingsControl = { calls: {} };
  broker.createService(thingsService(ctl));
  if (withGadgets) broker.createService(gadgetsService);
  await broker.start();
  const key = await makeKey();
  const store = testStore();
  const app = await createGateway({
    broker,
    store,
    options: {
      keySource: localJwks({ keys: [key.publicJwk] }),
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredServices: ['things'],
      ...options,
    },
  });
  await app.ready();
  return {
    broker,
    store,
    app,
    key,
    ctl,
    close: async () => {
      await app.close();
      await broker.stop();
    },
  };
}

export const json = (body: string) => JSON.parse(body) as Record<string, any>;
