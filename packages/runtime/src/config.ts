import { loadConfig, type ConfigOf } from '@puesc/kernel';

export const runtimeEnv = {
  PORT: { type: 'integer', description: 'HTTP port of this process', default: 3000, minimum: 0, maximum: 65535 },
  HOST: { type: 'string', description: 'address to listen on', default: '0.0.0.0' },
  TRUST_PROXY: {
    type: 'string',
    description:
      'proxies whose X-Forwarded-For is believed: "true" or a comma list of addresses/CIDRs (behind an ingress)',
    default: '',
    pattern: '^(|true|false|[0-9a-fA-F:.,/\\s]+)$',
  },
  SERVICES: {
    type: 'string',
    description:
      'comma list of services to run here (identity,registry,pki,seap,szprot,notifications,gateway); empty = all',
    default: '',
    pattern: '^[a-z,\\s]*$',
  },
  NATS_URL: { type: 'string', description: 'NATS server URL; set = distributed mode', pattern: '^(nats|tls)://' },
  MONGO_URL: {
    type: 'string',
    description: 'MongoDB URL; required with NATS_URL',
    pattern: '^mongodb(\\+srv)?://',
    secret: true,
  },
  MONGO_DB_PREFIX: {
    type: 'string',
    description: 'prefix of each service database name',
    default: 'puesc-',
    pattern: '^[a-zA-Z0-9_-]*$',
  },
  DATA_DIR: { type: 'string', description: 'embedded mode data directory', default: '.data' },
  NAMESPACE: {
    type: 'string',
    description: 'broker namespace (isolates deployments sharing one NATS)',
    default: '',
    pattern: '^[a-zA-Z0-9_-]*$',
  },
  NODE_ID: { type: 'string', description: 'broker node id (defaults to hostname-pid)' },
  LOG_LEVEL: {
    type: 'string',
    description: 'pino level',
    default: 'info',
    enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
  },
  SHUTDOWN_TIMEOUT_MS: { type: 'integer', description: 'longest drain on SIGTERM', default: 10000, minimum: 0 },
  DEMO_MODE: {
    type: 'boolean',
    description: 'seed demo personas and a controllable clock (never in production)',
    default: false,
  },
} as const;

export type RuntimeConfig = ConfigOf<typeof runtimeEnv>;

export interface Plan {
  mode: 'embedded' | 'distributed';
  /** The services this process runs, by module name. */
  services: string[];
  gateway: boolean;
}

/**
 * Decides what this process runs out of the `known` service names (the composition root's
 * modules); refuses combinations that cannot work.
 */
export function planOf(cfg: RuntimeConfig, known: readonly string[]): Plan {
  const names = cfg.SERVICES.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => n !== 'gateway' && !known.includes(n));
  if (unknown.length)
    throw new Error(`SERVICES: unknown service ${unknown.join(', ')} (known: ${known.join(', ')}, gateway)`);
  const distributed = Boolean(cfg.NATS_URL);
  if (distributed && !cfg.MONGO_URL) throw new Error('MONGO_URL is required when NATS_URL is set (distributed mode)');
  if (!distributed && names.length && names.length < known.length + 1)
    throw new Error('SERVICES selects a subset: set NATS_URL (and MONGO_URL) so the parts can reach each other');
  const all = names.length === 0;
  return {
    mode: distributed ? 'distributed' : 'embedded',
    services: all ? [...known] : names.filter((n) => n !== 'gateway'),
    gateway: all || names.includes('gateway'),
  };
}

/** TRUST_PROXY as fastify's trustProxy option. */
export function trustProxyOf(v: string): boolean | string[] {
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export const readRuntimeConfig = (env: NodeJS.ProcessEnv = process.env): RuntimeConfig => loadConfig(runtimeEnv, env);
