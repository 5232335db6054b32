import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface MetricsOptions {
  /** A registry to add to (e.g. one the runner shares); a new one by default. */
  registry?: Registry;
  /** Collect prom-client's default process metrics (default true). */
  defaultMetrics?: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Low-cardinality route label for metrics: the route pattern, or `unmatched`. */
    routeLabel?: string;
  }
}

/**
 * Prometheus metrics: default process metrics and a request duration histogram. Scraped on the
 * operator listener (operator.ts), never on the public one (#18 item 14).
 */
export function registerMetrics(app: FastifyInstance, opts: MetricsOptions = {}): Registry {
  const registry = opts.registry ?? new Registry();
  if (opts.defaultMetrics !== false && !opts.registry) collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });

  app.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    const route = req.routeLabel ?? (req.is404 ? 'unmatched' : (req.routeOptions.url ?? 'unmatched'));
    duration.observe({ route, method: req.method, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  return registry;
}
