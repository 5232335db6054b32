import Fastify, { type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Logger } from '@puesc/kernel';
import { clientErrorHandler, frameworkErrors } from './clientErrors';
import { errorResult } from './dispatch';
import { registerHealth, type HealthOptions } from './health';
import { sendResult } from './result';

/** The operator listener's default port (Prometheus' convention for exporters; CONTRACTS: OPERATOR_PORT). */
export const DEFAULT_OPERATOR_PORT = 9464;

declare module 'fastify' {
  interface FastifyInstance {
    /** The operator listener of this gateway: `/metrics` and health, never the public API. */
    operator: FastifyInstance;
  }
}

/**
 * #18 item 14: per-route and per-status counts and login outcomes are for operators, not for anyone
 * who can reach the API. The gateway's process serves `/metrics` (and `/health/*`, for probes that
 * use it) on its own listener, bound to an operator port the ingress does not route; the public
 * listener answers 404 for `/metrics`. Nothing else is served here.
 */
export async function createOperatorServer(
  o: { registry: Registry; health: HealthOptions },
  logger?: Logger,
): Promise<FastifyInstance> {
  const op = Fastify({ logger: false, clientErrorHandler, frameworkErrors: frameworkErrors(logger) });
  registerHealth(op, o.health);
  op.get('/metrics', async (_req, reply) => {
    reply.type(o.registry.contentType).header('cache-control', 'no-store');
    return o.registry.metrics();
  });
  op.setErrorHandler((err, req, reply) => sendResult(reply, errorResult(err, req, logger)));
  op.setNotFoundHandler((req, reply) =>
    sendResult(
      reply,
      errorResult(
        { code: 404, type: 'not-found', message: 'The operator port serves /metrics and /health only' },
        req,
        logger,
      ),
    ),
  );
  await op.ready();
  return op;
}
