import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { ServiceBroker } from 'moleculer';
import type { Registry } from 'prom-client';
import type { Logger } from '@puesc/kernel';
import type { Store } from '@puesc/store';
import { createTokenVerifier } from './auth';
import { clientErrorHandler, expectationFailed, frameworkErrors } from './clientErrors';
import { registerDocs } from './docs';
import { createDispatcher, errorResult } from './dispatch';
import { followStatusChanges, serviceStatusGate } from './serviceStatus';
import { registerHealth, type Readiness } from './health';
import { IdempotencyKeys, type IdempotencyOptions } from './idempotency';
import { followKeyChanges, withWithdrawals, type KeySource } from './keys';
import { registerMetrics } from './metrics';
import { createOperatorServer } from './operator';
import { buildOpenApi, type OpenApiInfo } from './openapi';
import { registerPortal, type PortalOptions } from './portal';
import { requestIdFrom } from './request-id';
import { sendResult } from './result';
import { HTTP_METHODS, RouteTable } from './routes';
import { followSessionEnds, type SessionEventSource } from './sessionFeed';

export interface GatewayOptions {
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Global per-client rate limit (default 600 per minute); `false` disables all rate limiting. */
  rateLimit?: false | { max?: number; timeWindow?: number | string; allowList?: string[] };
  /** fastify `trustProxy`: which proxies' X-Forwarded-For to believe for the client address. */
  trustProxy?: boolean | string | string[];
  /** Where the public keys of access tokens come from; without it every token is refused. */
  keySource?: KeySource;
  /** Expected token `iss` / `aud` / `typ` (always checked; default the platform's, PLATFORM_TOKENS). */
  issuer?: string | string[];
  audience?: string | string[];
  tokenType?: string;
  /** Longest accepted access-token lifetime `exp - iat`, seconds (default 600, identity's). */
  maxTokenLifetimeSec?: number;
  clockToleranceSec?: number;
  /** The platform clock tokens are checked against (default real time; demo mode: the demo clock). */
  now?: () => Date;
  /** Extra readiness checks merged into `/health/ready` (e.g. the runner's). */
  ready?: () => Promise<Readiness>;
  /** Services that must be available in the registry for `/health/ready` to answer 200. */
  requiredServices?: string[];
  /** Per readiness check timeout (default 2000 ms). */
  readyTimeoutMs?: number;
  /** Idempotency-Key handling for POSTs (on by default); `false` ignores the header. */
  idempotency?: false | IdempotencyOptions;
  /** `info` and `servers` of the OpenAPI document. */
  openapi?: OpenApiInfo;
  /** Serve `/api/docs` (default true). */
  docs?: boolean;
  /** Serve the portal at `/` with its cookie session (default on); `false` serves neither. */
  portal?: false | PortalOptions;
  /** Prometheus registry to add to; default metrics are collected only on a registry made here. */
  metricsRegistry?: Registry;
  /** ID-11: how often the store is read for sessions ended that a replica recorded (default 5 s). */
  sessionPollMs?: number;
}

export interface GatewayDeps {
  broker: ServiceBroker;
  /** The gateway's own store (idempotency records; its `ping()` is a readiness check). */
  store: Store;
  /** ID-11: the durable events (the host's bus), so no session end is missed while a gateway is down. */
  events?: SessionEventSource;
  logger?: Logger;
  options?: GatewayOptions;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The routes currently served from the service registry. */
    gatewayRoutes: RouteTable;
    /** The Prometheus registry behind the operator listener's `/metrics`. */
    metricsRegistry: Registry;
  }
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** JSON bodies only (and multipart for the upload routes that declare it). */
async function registerBodyParsers(app: FastifyInstance): Promise<void> {
  // Only JSON bodies: drop text/plain (→ 415) and accept `application/*+json` as JSON. An empty
  // body sent with a JSON content type (generated clients do this for optional bodies) is no body.
  const strictJson = app.getDefaultJsonParser('error', 'error');
  const json: typeof strictJson = (req, body, done) =>
    body === '' || (Buffer.isBuffer(body) && body.length === 0) ? done(null, undefined) : strictJson(req, body, done);
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, json);
  app.addContentTypeParser(/^application\/[a-z0-9.+-]+\+json$/i, { parseAs: 'string' }, json);
  // multipart/form-data is accepted only by routes whose action declares `multipart` (file
  // uploads, streamed to the action); the dispatcher answers 415 for every other route.
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { files: 1, fields: 50, fieldSize: 64 * 1024, parts: 60, headerPairs: 200 },
  });
}

/** The strict security headers and CSP (no inline script, nothing from elsewhere). */
const HELMET_OPTIONS = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
    },
  },
};

/** Headers of the probe's answer that are not helmet's. */
const NOT_SECURITY = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);

/**
 * helmet's headers, computed once: @fastify/helmet builds helmet's middleware again (CSP directives
 * parsed and validated) on every request, the largest cost of a trivial route after the socket
 * (issue 14, profiled). Without nonces the headers are the same for every answer, so they are read
 * from one answer of a probe instance and set on the raw response, where helmet sets them.
 */
async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  const probe = Fastify({ logger: false });
  await probe.register(helmet, HELMET_OPTIONS);
  probe.get('/', async () => '');
  const res = await probe.inject({ method: 'GET', url: '/' });
  await probe.close();
  const headers = Object.entries(res.headers).filter(
    (e): e is [string, string] => !NOT_SECURITY.has(e[0]) && typeof e[1] === 'string',
  );
  app.addHook('onRequest', (_req, reply, done) => {
    for (const [k, v] of headers) reply.raw.setHeader(k, v);
    done();
  });
}

/** The REST routes the services declare, rebuilt whenever the service registry changes. */
function serviceRoutes(app: FastifyInstance, broker: ServiceBroker, logger?: Logger): RouteTable {
  const routes = new RouteTable(broker, logger);
  routes.rebuild();
  const onServicesChanged = (): void => routes.rebuild();
  broker.localBus.on('$services.changed', onServicesChanged);
  app.addHook('onClose', async () => {
    broker.localBus.off('$services.changed', onServicesChanged);
  });
  app.decorate('gatewayRoutes', routes);
  return routes;
}

/** `/api/openapi.json`, rebuilt when the routes change. */
function registerOpenApiDocument(app: FastifyInstance, routes: RouteTable, info?: OpenApiInfo): void {
  let openapi: { version: number; doc: string } | undefined;
  app.get('/api/openapi.json', async (_req, reply) => {
    if (!openapi || openapi.version !== routes.version) {
      openapi = { version: routes.version, doc: JSON.stringify(buildOpenApi(routes.live(), info)) };
    }
    return reply.type('application/json; charset=utf-8').send(openapi.doc);
  });
}

/**
 * What an access token must pass: its signature by a key identity has not withdrawn (#18 item 6:
 * refetched at once on `identity.keys.changed`), its claims (RFC 8725, RFC 9068) and, ID-11, a
 * session that has not ended.
 */
async function accessChecks(app: FastifyInstance, deps: GatewayDeps) {
  const { broker, store, logger } = deps;
  const o = deps.options ?? {};
  const now = o.now ?? (() => new Date());
  const ended = await followSessionEnds(app, {
    broker,
    store,
    events: deps.events,
    now: () => now().getTime(),
    pollMs: o.sessionPollMs,
    logger,
  });
  const sessionEnded = (claims: Parameters<typeof ended.why>[0]) => ended.why(claims);
  if (!o.keySource) logger?.warn('gateway: no keySource configured; every access token will be refused');
  const keySource = o.keySource && withWithdrawals(o.keySource, logger);
  if (keySource) {
    const stop = followKeyChanges(broker, keySource, logger);
    app.addHook('onClose', stop);
  }
  const verify = createTokenVerifier({
    keySource,
    issuer: o.issuer,
    audience: o.audience,
    type: o.tokenType,
    maxLifetimeSec: o.maxTokenLifetimeSec,
    clockToleranceSec: o.clockToleranceSec,
    now: o.now,
    sessionEnded,
  });
  return { verify, sessionEnded };
}

/**
 * The HTTP entry point: a fastify instance (not listening) serving the REST routes the services
 * declare, plus health, metrics, OpenAPI and docs. Call `listen()` on it; `close()` drains.
 */
export async function createGateway(deps: GatewayDeps): Promise<FastifyInstance> {
  const { broker, store, logger } = deps;
  const o = deps.options ?? {};

  const app = Fastify({
    ...(logger ? { loggerInstance: logger as FastifyBaseLogger } : { logger: false }),
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    bodyLimit: o.bodyLimit ?? DEFAULT_BODY_LIMIT,
    trustProxy: o.trustProxy ?? false,
    requestIdHeader: false,
    genReqId: (req) => requestIdFrom(req.headers['x-request-id']),
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    // Requests rejected before a route runs answer application/problem+json too (clientErrors.ts).
    clientErrorHandler,
    frameworkErrors: frameworkErrors(logger),
  });
  app.server.on('checkExpectation', expectationFailed);

  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await registerBodyParsers(app);

  app.setErrorHandler((err, req, reply) => sendResult(reply, errorResult(err, req, logger)));
  app.setNotFoundHandler((req, reply) => {
    req.routeLabel = 'unmatched';
    return sendResult(
      reply,
      errorResult(
        { code: 404, type: 'not-found', message: `No route for ${req.method} ${req.url.split('?')[0]}` },
        req,
        logger,
      ),
    );
  });

  await registerSecurityHeaders(app);

  const rateLimits = o.rateLimit !== false;
  if (o.rateLimit !== false) {
    await app.register(rateLimit, {
      global: true,
      max: o.rateLimit?.max ?? 600,
      timeWindow: o.rateLimit?.timeWindow ?? '1 minute',
      allowList: o.rateLimit?.allowList,
    });
  }

  const metrics = registerMetrics(app, { registry: o.metricsRegistry });
  app.decorate('metricsRegistry', metrics);

  const health = { broker, store, requiredServices: o.requiredServices, ready: o.ready, timeoutMs: o.readyTimeoutMs };
  registerHealth(app, health);
  // #18 item 14: /metrics only on the operator listener (the caller listens on OPERATOR_PORT).
  const operator = await createOperatorServer({ registry: metrics, health }, logger);
  app.decorate('operator', operator);
  app.addHook('onClose', () => operator.close());

  const routes = serviceRoutes(app, broker, logger);

  registerOpenApiDocument(app, routes, o.openapi);
  const access = await accessChecks(app, deps);
  if (o.docs !== false) await registerDocs(app);
  if (o.portal !== false) await registerPortal(app, { ...o.portal, sessionEnded: access.sessionEnded }, logger);

  // DOC-10: the routes of a service the status says is unavailable answer 503 before reaching it.
  const serviceStatus = serviceStatusGate(broker, logger);
  const stopStatus = followStatusChanges(broker, serviceStatus);
  app.addHook('onClose', () => stopStatus());
  const dispatch = createDispatcher({
    app,
    broker,
    routes,
    serviceStatus,
    verify: access.verify,
    idempotency:
      o.idempotency === false ? undefined : new IdempotencyKeys(store, { lockMs: lockOf(broker), ...o.idempotency }),
    logger,
    rateLimits,
  });
  app.route({ method: [...HTTP_METHODS], url: '/*', exposeHeadRoute: false, handler: dispatch });

  return app;
}

/**
 * How long a pending Idempotency-Key stays locked: no call runs longer than the broker's request
 * timeout (it is answered 503 and the key released), so a key still pending after it (+5 s for the
 * store writes) belongs to a gateway that died mid-request, and a retry may take it over.
 */
function lockOf(broker: ServiceBroker): number | undefined {
  const t = broker.options.requestTimeout;
  return typeof t === 'number' && t > 0 ? t + 5000 : undefined;
}
