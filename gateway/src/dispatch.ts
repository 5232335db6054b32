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

export interface DispatchDeps {
  app: FastifyInstance;
  broker: ServiceBroker;
  routes: RouteTable;
  verify: (authorization: string | undefined) => Promise<Caller | undefined>;
  idempotency?: IdempotencyKeys;
  logger?: Logger;
  /** Whether per-action rate limits apply (the rate-limit plugin is registered). */
  rateLimits: boolean;
}

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

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

/** The catch-all handler: route from the registry, authenticate, call the action, answer. */
export function createDispatcher(d: DispatchDeps) {
  type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
  const limiters = new Map<string, Limiter>();
  const limiterFor = (route: RouteDef): Limiter | undefined => {
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

  const call = async (
    route: RouteDef,
    params: Record<string, unknown>,
    meta: CallMeta,
    req: FastifyRequest,
  ): Promise<HttpResult> => {
    try {
      const value = await d.broker.call(route.action, params, { meta, requestID: req.id } as never);
      if (isReadableStream(value))
        return resultFromStream(value, meta as Record<string, unknown>, route.openapi?.status ?? 200);
      return resultFromAction(value, route.openapi?.status ?? 200);
    } catch (e) {
      return errorResult(e, req, d.logger, route.action);
    }
  };

  return async function dispatch(req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const ctx = problemContext(req);
    const m = d.routes.match(req.method, ctx.instance);
    if (m.kind === 'not-found') {
      req.routeLabel = 'unmatched';
      return sendResult(
        reply,
        resultFromProblem(makeProblem(404, 'not-found', `No route for ${req.method} ${ctx.instance}`, ctx)),
      );
    }
    if (m.kind === 'method-not-allowed') {
      req.routeLabel = 'unmatched';
      const p = makeProblem(405, 'method-not-allowed', `${req.method} is not allowed on ${ctx.instance}`, ctx, {
        allow: m.allow.join(', '),
      });
      return sendResult(reply, resultFromProblem(p));
    }
    const route = m.route;
    req.routeLabel = route.path;
    let result: HttpResult;
    try {
      const limiter = limiterFor(route);
      if (limiter) {
        const l = await limiter(req);
        if (!l.isAllowed && l.isExceeded) {
          const headers = {
            'retry-after': String(l.ttlInSeconds),
            'x-ratelimit-limit': String(l.max),
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset': String(l.ttlInSeconds),
          };
          return sendResult(
            reply,
            resultFromProblem(
              makeProblem(429, 'too-many-requests', `Rate limit exceeded, retry in ${l.ttlInSeconds} s`, ctx, headers),
            ),
          );
        }
      }

      let user: Caller | undefined;
      if (route.auth !== 'public') {
        user = await d.verify(req.headers.authorization);
        if (!user && route.auth === 'user') throw authRequired();
      }
      const multipart = isMultipart(req);
      if (route.multipart) {
        // A file upload: streamed to the action (no idempotent replay: the body is not kept).
        if (!multipart)
          return sendResult(
            reply,
            resultFromProblem(makeProblem(415, 'unsupported-media-type', 'Send the file as multipart/form-data.', ctx)),
          );
        const meta: CallMeta = { requestId: req.id, ip: req.ip };
        if (user) meta.user = user;
        const rawKey = req.headers['idempotency-key'];
        if (typeof rawKey === 'string' && KEY_PATTERN.test(rawKey)) meta.idempotencyKey = rawKey;
        const r = await callMultipart(d.broker, route, req, m.params, meta);
        result =
          r.error !== undefined
            ? errorResult(r.error, req, d.logger, route.action)
            : isReadableStream(r.value)
              ? resultFromStream(r.value, meta as Record<string, unknown>, route.openapi?.status ?? 200)
              : resultFromAction(r.value, route.openapi?.status ?? 200);
        return sendResult(reply, result);
      }
      if (multipart) {
        return sendResult(
          reply,
          resultFromProblem(
            makeProblem(415, 'unsupported-media-type', 'The request body must be sent as application/json.', ctx),
          ),
        );
      }
      const params = buildParams(route, m.params, req.query, req.body);
      const rawKey = req.headers['idempotency-key'];
      const meta: CallMeta = { requestId: req.id, ip: req.ip };
      if (user) meta.user = user;

      if (rawKey !== undefined && req.method === 'POST' && d.idempotency) {
        const key = Array.isArray(rawKey) ? undefined : rawKey;
        if (!key || !KEY_PATTERN.test(key)) {
          return sendResult(
            reply,
            resultFromProblem(
              makeProblem(
                400,
                'invalid-idempotency-key',
                'Idempotency-Key must be 1 to 255 visible ASCII characters',
                ctx,
              ),
            ),
          );
        }
        meta.idempotencyKey = key;
        const caller = user ? `user:${user.id}` : `anon:${req.ip}`;
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
          begun = await d.idempotency.begin(caller, key, fingerprint);
        } catch (e) {
          d.logger?.error({ err: e, requestId: req.id }, 'gateway: idempotency store failed');
          throw unavailable('Idempotency records are not available', 5);
        }
        switch (begun.kind) {
          case 'replay':
            return sendResult(reply, IdempotencyKeys.replay(begun.record));
          case 'mismatch':
            return sendResult(
              reply,
              resultFromProblem(
                makeProblem(
                  422,
                  'idempotency-key-reused',
                  'This Idempotency-Key was already used with a different request',
                  ctx,
                ),
              ),
            );
          case 'in-progress':
            return sendResult(
              reply,
              resultFromProblem(
                makeProblem(
                  409,
                  'idempotency-in-progress',
                  'A request with this Idempotency-Key is still in progress',
                  ctx,
                  { 'retry-after': '1' },
                ),
              ),
            );
        }
        result = await call(route, params, meta, req);
        await d.idempotency.complete(begun.record, result).catch((e: unknown) => {
          d.logger?.error({ err: e, requestId: req.id }, 'gateway: could not store the idempotent answer');
        });
      } else {
        if (typeof rawKey === 'string' && KEY_PATTERN.test(rawKey)) meta.idempotencyKey = rawKey;
        result = await call(route, params, meta, req);
      }
    } catch (e) {
      result = errorResult(e, req, d.logger, route.action);
    }
    return sendResult(reply, result);
  };
}
