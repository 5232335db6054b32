/**
 * Demo mode is for a laptop or a throw-away test deployment, never for production: it seeds
 * accounts with published passwords, lets an administrator move the platform clock, and turns on
 * the TEST trust anchors. It is refused (configuration error, exit 78) when the configuration
 * looks like production.
 */
import path from 'node:path';
import { ConfigError } from '@puesc/kernel';
import { DEFAULT_ADMIN_EMAIL, DEFAULT_DEMO_PASSWORD } from './personas';

interface DemoCheckInput {
  DEMO_MODE: boolean;
  NATS_URL?: string | undefined;
  MONGO_URL?: string | undefined;
}

/** Why a server URL looks like production infrastructure, or null. */
export function productionLook(name: string, url: string | undefined): string | null {
  if (!url) return null;
  // mongodb://a:1,b:2/db lists several hosts: judge each of them.
  const m = /^([a-z+]+:\/\/)([^/?#]*)(.*)$/i.exec(url.trim());
  if (!m) return null;
  const [, scheme, authority, rest] = m as unknown as [string, string, string, string];
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at + 1) : '';
  const hosts = (at >= 0 ? authority.slice(at + 1) : authority).split(',');
  for (const host of hosts) {
    let u: URL;
    try {
      u = new URL(`${scheme}${userinfo}${host}${rest}`);
    } catch {
      return null; // the runtime's own validation reports malformed URLs
    }
    const why = lookOf(name, u);
    if (why) return why;
  }
  return null;
}

function lookOf(name: string, u: URL): string | null {
  const host = u.hostname.toLowerCase();
  if (u.protocol === 'mongodb+srv:') return `${name} uses mongodb+srv:// (a managed cluster)`;
  if (u.protocol === 'tls:') return `${name} uses tls:// (a secured production server)`;
  if (u.username || u.password) return `${name} carries credentials`;
  if (/(^|[.-])prod(uction)?([.-]|$)/.test(host)) return `${name} names a production host (${host})`;
  const tls = u.searchParams.get('tls') ?? u.searchParams.get('ssl');
  if (tls === 'true') return `${name} asks for TLS (a secured production server)`;
  return null;
}

/**
 * Throws a ConfigError when DEMO_MODE is set where it must not be: NODE_ENV=production, or NATS or
 * MongoDB that look like production (TLS, credentials, managed clusters, "prod" hosts).
 */
export function assertDemoAllowed(cfg: DemoCheckInput, env: NodeJS.ProcessEnv): void {
  if (!cfg.DEMO_MODE) return;
  const problems: string[] = [];
  if ((env['NODE_ENV'] ?? '').trim().toLowerCase() === 'production')
    problems.push(
      'DEMO_MODE=true is refused with NODE_ENV=production: demo mode seeds accounts with published passwords and a movable clock',
    );
  for (const [name, url] of [
    ['NATS_URL', cfg.NATS_URL],
    ['MONGO_URL', cfg.MONGO_URL],
  ] as const) {
    const why = productionLook(name, url);
    if (why) problems.push(`DEMO_MODE=true is refused: ${why}; demo mode is for local or throw-away test servers only`);
  }
  if (problems.length) throw new ConfigError(problems);
}

/**
 * The environment the services see in demo mode: the documented defaults for what the operator
 * did not set (the operator's values always win).
 */
export function demoEnv(env: NodeJS.ProcessEnv, o: { distributed: boolean; dataDir: string }): NodeJS.ProcessEnv {
  const password = env['DEMO_PASSWORD'] || DEFAULT_DEMO_PASSWORD;
  const defaults: Record<string, string> = {
    ADMIN_EMAIL: DEFAULT_ADMIN_EMAIL,
    // The TEST qualified CA and trusted-profile provider: signed registration requests work out of the box.
    PKI_TEST_ANCHORS: 'true',
  };
  // ADMIN_PASSWORD only goes with the demo admin address: never invent a password for a real one.
  if (!env['ADMIN_EMAIL'] && !env['ADMIN_PASSWORD'] && !env['ADMIN_PASSWORD_FILE'])
    defaults['ADMIN_PASSWORD'] = password;
  if (o.distributed) {
    // A generated demo CA (stored in MongoDB, shared by replicas) instead of operator CA material.
    if (!env['PKI_ROOT_CERT_PEM'] && !env['PKI_ROOT_CERT_PEM_FILE']) defaults['PKI_GENERATE_CA'] = 'true';
    // E-mails as .eml files when no SMTP server is configured.
    if (!env['SMTP_URL']) defaults['NOTIFY_OUTBOX_DIR'] = path.join(o.dataDir, 'notifications', 'outbox');
  }
  const out: NodeJS.ProcessEnv = { ...env };
  for (const [k, v] of Object.entries(defaults)) if (out[k] === undefined || out[k] === '') out[k] = v;
  return out;
}

/** The password the seeded personas get. */
export const demoPassword = (env: NodeJS.ProcessEnv): string => env['DEMO_PASSWORD'] || DEFAULT_DEMO_PASSWORD;
