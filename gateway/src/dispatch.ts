import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceBroker } from 'moleculer';
import { invalid, unavailable, type Logger } from '@puesc/kernel';
import type { CallMeta, Caller } from '@puesc/service';
import { authRequired, AuthError } from './auth';
import { coerceAll } from './coerce';
import { fingerprintOf, IdempotencyKeys, KEY_PATTERN } from './idempotency';
import { callMultipart } from './multipart';
import { makeProblem, toProblem, type ProblemContext } from './problem';
import {
  isReadableStream,
  resultFromAction,
  resultFromProblem,
  resultFromStream,
  sendResult,
  type HttpResult,
} from './result';
import type { RouteDef, RouteTable } from './routes';
import { unavailableDetail, type ServiceStatusGate } from './serviceStatus';

export interface DispatchDeps {
  app: FastifyInstance;
  broker: ServiceBroker;
  routes: RouteTable;
  verify: (authorization: string | undefined) => Promise<Caller | undefined>;
  idempotency?: IdempotencyKeys;
  logger?: Logger;
  /** Whether per-action rate limits apply (the rate-limit plugin is registered). */
  rateLimits: boolean;
  /** DOC-10: which services the status says are unavailable (their routes answer 503). */
  serviceStatus?: ServiceStatusGate;
}

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

type Params = Record<string, string | undefined>;

export const pathOf = (url: string): string => {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
};

export const problemContext = (req: FastifyRequest): ProblemContext => ({
  instance: pathOf(req.url),
  requestId: req.id,
});

/** Converts an error into the problem answer, logging the unexpected ones with their stack. */
export function errorResult(
  err: unknown,
  req: FastifyRequest,
  logger: Logger | undefined,
  action?: string,
): HttpResult {
  const p = toProblem(err, problemContext(req));
  if (err instanceof AuthError) p.headers['www-authenticate'] = err.challenge;
  else if (p.status === 401) p.headers['www-authenticate'] = 'Bearer realm="puesc"';
  if (p.unexpected)
    logger?.error({ err, requestId: req.id, action, url: pathOf(req.url) }, 'gateway: unexpected error');
  else if (p.status === 503)
    logger?.warn({ requestId: req.id, action, err: (err as Error)?.message }, 'gateway: service unavailable');
  return resultFromProblem(p);
}

const isMultipart = (req: FastifyRequest): boolean => typeof req.isMultipart === 'function' && req.isMultipart();

/** Path params (coerced) override the query (coerced) and the JSON body. */
export function buildParams(
  route: RouteDef,
  pathParams: Record<string, string | undefined>,
  query: unknown,
  body: unknown,
): Record<string, unknown> {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw invalid([{ field: '', message: 'The request body must be a JSON object' }]);
  }
  const params: Record<string, unknown> = coerceAll(query as Record<string, string | string[]>, route.params);
  if (body) for (const k of Object.keys(body)) if (!UNSAFE.has(k)) params[k] = (body as Record<string, unknown>)[k];
  Object.assign(params, coerceAll(pathParams, route.params));
  return params;
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
type Step = HttpResult | undefined;

const problemResult = (
  req: FastifyRequest,
  status: number,
  type: string,
  detail: string,
  headers?: Record<string, string>,
): HttpResult => resultFromProblem(makeProblem(status, type, detail, problemContext(req), headers));

const callMetaOf = (req: FastifyRequest, user: Caller | undefined): CallMeta => {
  const meta: CallMeta = { requestId: req.id, ip: req.ip };
  if (user) meta.user = user;
  return meta;
};

/** The per-route limits declared by actions (`rateLimit` in their REST metadata), one limiter each. */
function routeLimiters(d: DispatchDeps): (route: RouteDef) => Limiter | undefined {
  const limiters = new Map<string, Limiter>();
  return (route) => {
    if (!d.rateLimits || !route.rateLimit || !(route.rateLimit.max >= 0)) return undefined;
    const id = `${route.method} ${route.path} ${route.rateLimit.max}/${route.rateLimit.timeWindow ?? ''}`;
    let l = limiters.get(id);
    if (!l) {
      l = d.app.createRateLimit({
        max: route.rateLimit.max,
        timeWindow: route.rateLimit.timeWindow ?? 60_000,
        keyGenerator: (req) => `${route.method} ${route.path}|${req.ip}`,
      });
      limiters.set(id, l);
    }
    return l;
  };
}

/** DOC-10: 503 with Retry-After and what to do while the route's service is under maintenance or down. */
function serviceDown(d: DispatchDeps, route: RouteDef, req: FastifyRequest): Step {
  const down = d.serviceStatus?.unavailableFor(route.action);
  if (!down) return undefined;
  const { detail, retryAfter, extra } = unavailableDetail(down);
  const p = makeProblem(503, 'service-unavailable', detail, problemContext(req), { 'retry-after': String(retryAfter) });
  Object.assign(p.body, extra);
  return resultFromProblem(p);
}

/** 429 with Retry-After when the route's own limit is exceeded. */
async function rateLimited(limiter: Limiter | undefined, req: FastifyRequest): Promise<Step> {
  if (!limiter) return undefined;
  const l = await limiter(req);
  if (l.isAllowed || !l.isExceeded) return undefined;
  return problemResult(req, 429, 'too-many-requests', `Rate limit exceeded, retry in ${l.ttlInSeconds} s`, {
    'retry-after': String(l.ttlInSeconds),
    'x-ratelimit-limit': String(l.max),
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': String(l.ttlInSeconds),
  });
}

/** The answer of the action: a JSON value, an HTTP envelope or a stream. */
function actionResult(value: unknown, meta: CallMeta, route: RouteDef): HttpResult {
  const status = route.openapi?.status ?? 200;
  return isReadableStream(value)
    ? resultFromStream(value, meta as Record<string, unknown>, status)
    : resultFromAction(value, status);
}

/** Calls the action; every error becomes its problem answer. */
async function callAction(
  d: DispatchDeps,
  route: RouteDef,
  params: Record<string, unknown>,
  meta: CallMeta,
  req: FastifyRequest,
): Promise<HttpResult> {
  try {
    return actionResult(await d.broker.call(route.action, params, { meta, requestID: req.id } as never), meta, route);
  } catch (e) {
    return errorResult(e, req, d.logger, route.action);
  }
}

/** A POST with an Idempotency-Key: the first answer is kept and replayed for the same request. */
async function idempotent(
  d: DispatchDeps,
  keys: IdempotencyKeys,
  route: RouteDef,
  params: Record<string, unknown>,
  meta: CallMeta,
  req: FastifyRequest,
): Promise<HttpResult> {
  const rawKey = req.headers['idempotency-key'];
  const key = Array.isArray(rawKey) ? undefined : rawKey;
  if (!key || !KEY_PATTERN.test(key))
    return problemResult(
      req,
      400,
      'invalid-idempotency-key',
      'Idempotency-Key must be 1 to 255 visible ASCII characters',
    );
  meta.idempotencyKey = key;
  const caller = meta.user ? `user:${meta.user.id}` : `anon:${req.ip}`;
  // A body too deep to serialise (JSON nested thousands of levels) is the client's error,
  // not an outage of the idempotency records.
  let fingerprint: string;
  try {
    fingerprint = fingerprintOf(req.method, req.url, req.body);
  } catch {
    throw invalid([{ field: '', message: 'The request body is nested too deeply' }]);
  }
  let begun;
  try {
    begun = await keys.begin(caller, key, fingerprint);
  } catch (e) {
    d.logger?.error({ err: e, requestId: req.id }, 'gateway: idempotency store failed');
    throw unavailable('Idempotency records are not available', 5);
  }
  switch (begun.kind) {
    case 'replay':
      return IdempotencyKeys.replay(begun.record);
    case 'mismatch':
      return problemResult(
        req,
        422,
        'idempotency-key-reused',
        'This Idempotency-Key was already used with a different request',
      );
    case 'in-progress':
      return problemResult(
        req,
        409,
        'idempotency-in-progress',
        'A request with this Idempotency-Key is still in progress',
        { 'retry-after': '1' },
      );
  }
  const result = await callAction(d, route, params, meta, req);
  await keys.complete(begun.record, result).catch((e: unknown) => {
    d.logger?.error({ err: e, requestId: req.id }, 'gateway: could not store the idempotent answer');
  });
  return result;
}

/** The catch-all handler: route from the registry, authenticate, call the action, answer. */
export function createDispatcher(d: DispatchDeps) {
  const limiterFor = routeLimiters(d);

  /** A file upload: streamed to the action (no idempotent replay: the body is not kept). */
  const uploaded = async (route: RouteDef, req: FastifyRequest, pathParams: Params, user?: Caller) => {
    if (!isMultipart(req))
      return problemResult(req, 415, 'unsupported-media-type', 'Send the file as multipart/form-data.');
    const meta = callMetaOf(req, user);
    const rawKey = req.headers['idempotency-key'];
    if (typeof rawKey === 'string' && KEY_PATTERN.test(rawKey)) meta.idempotencyKey = rawKey;
    const r = await callMultipart(d.broker, route, req, pathParams, meta);
    return r.error !== undefined
      ? errorResult(r.error, req, d.logger, route.action)
      : actionResult(r.value, meta, route);
  };

  /** A JSON (or bodiless) request: params from path, query and body, then the action. */
  const json = async (route: RouteDef, req: FastifyRequest, pathParams: Params, user?: Caller) => {
    if (isMultipart(req))
      return problemResult(req, 415, 'unsupported-media-type', 'The request body must be sent as application/json.');
    const params = buildParams(route, pathParams, req.query, req.body);
    const meta = callMetaOf(req, user);
    const rawKey = req.headers['idempotency-key'];
    // #18 item 8: never for routes that opt out (auth routes always do, routes.ts): their answers are
    // not kept, and a repeated call reaches the service (a refresh token reused is seen as such).
    if (rawKey !== undefined && req.method === 'POST' && d.idempotency && route.idempotency !== false)
      return idempotent(d, d.idempotency, route, params, meta, req);
    if (typeof rawKey === 'string' && KEY_PATTERN.test(rawKey)) meta.idempotencyKey = rawKey;
    return callAction(d, route, params, meta, req);
  };

  const routed = async (route: RouteDef, req: FastifyRequest, pathParams: Params): Promise<HttpResult> => {
    try {
      const down = serviceDown(d, route, req);
      if (down) return down;
      const limited = await rateLimited(limiterFor(route), req);
      if (limited) return limited;
      let user: Caller | undefined;
      if (route.auth !== 'public') {
        user = await d.verify(req.headers.authorization);
        if (!user && route.auth === 'user') throw authRequired();
      }
      return await (route.multipart ? uploaded(route, req, pathParams, user) : json(route, req, pathParams, user));
    } catch (e) {
      return errorResult(e, req, d.logger, route.action);
    }
  };

  return async function dispatch(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const instance = pathOf(req.url);
    const m = d.routes.match(req.method, instance);
    if (m.kind === 'not-found') {
      req.routeLabel = 'unmatched';
      return sendResult(reply, problemResult(req, 404, 'not-found', `No route for ${req.method} ${instance}`));
    }
    if (m.kind === 'method-not-allowed') {
      req.routeLabel = 'unmatched';
      return sendResult(
        reply,
        problemResult(req, 405, 'method-not-allowed', `${req.method} is not allowed on ${instance}`, {
          allow: m.allow.join(', '),
        }),
      );
    }
    req.routeLabel = m.route.path;
    return sendResult(reply, await routed(m.route, req, m.params));
  };
}
