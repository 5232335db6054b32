import type { FastifyInstance } from 'fastify';
import type { ServiceBroker } from 'moleculer';
import type { Store } from '@puesc/store';

export interface Readiness {
  ok: boolean;
  /** `ok` for a passing check, otherwise what is wrong. */
  checks: Record<string, string>;
}

export interface HealthOptions {
  broker: ServiceBroker;
  store: Store;
  /** Services that must be available in the registry (by name). */
  requiredServices?: string[];
  /** Extra checks (the runner's: relay, other stores, ...). */
  ready?: () => Promise<Readiness>;
  /** Each check fails after this long (default 2000 ms). */
  timeoutMs?: number;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export function brokerConnected(broker: ServiceBroker): boolean {
  const b = broker as ServiceBroker & { started?: boolean; stopping?: boolean; transit?: { connected?: boolean } };
  return Boolean(b.started) && !b.stopping && (!b.transit || Boolean(b.transit.connected));
}

/** Names of the services currently available in the registry (local or on a live node). */
export function availableServices(broker: ServiceBroker): Set<string> {
  const list = broker.registry.getServiceList({ onlyAvailable: true }) as Array<{ name: string }>;
  return new Set(list.map((s) => s.name));
}

export async function readiness(o: HealthOptions): Promise<Readiness> {
  const ms = o.timeoutMs ?? 2000;
  const checks: Record<string, string> = {};
  checks['broker'] = brokerConnected(o.broker) ? 'ok' : 'not connected';
  try {
    await withTimeout(o.store.ping(), ms, 'store ping');
    checks['store'] = 'ok';
  } catch (e) {
    checks['store'] = `unreachable: ${(e as Error).message}`;
  }
  const available = availableServices(o.broker);
  for (const name of o.requiredServices ?? []) checks[`service:${name}`] = available.has(name) ? 'ok' : 'not available';
  if (o.ready) {
    try {
      const extra = await withTimeout(o.ready(), ms, 'readiness');
      for (const [k, v] of Object.entries(extra.checks)) if (!(k in checks)) checks[k] = v;
      if (!extra.ok && Object.values(extra.checks).every((v) => v === 'ok')) checks['ready'] = 'not ready';
    } catch (e) {
      checks['ready'] = `failed: ${(e as Error).message}`;
    }
  }
  return { ok: Object.values(checks).every((v) => v === 'ok'), checks };
}

/** `GET /health/live` (the process answers) and `GET /health/ready` (200 only when every check passes). */
export function registerHealth(app: FastifyInstance, o: HealthOptions): void {
  const cfg = { config: { rateLimit: false } };
  app.get('/health/live', cfg, async (_req, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });
  app.get('/health/ready', cfg, async (_req, reply) => {
    const r = await readiness(o);
    reply.code(r.ok ? 200 : 503).header('cache-control', 'no-store');
    if (!r.ok) reply.header('retry-after', '5');
    return { status: r.ok ? 'ready' : 'not-ready', checks: r.checks };
  });
}
