import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { ConfigError, ControlledClock, createLogger, loadConfig, systemClock, type ConfigOf } from '@puesc/kernel';
import { actionJwks, createGateway, DEFAULT_OPERATOR_PORT, PLATFORM_TOKENS } from '@puesc/gateway';
import {
  planOf,
  readRuntimeConfig,
  startHealthServer,
  startHost,
  trustProxyOf,
  type Host,
  type Plan,
  type RuntimeConfig,
} from '@puesc/runtime';
import { serviceModules } from './modules';
import { assertDemoAllowed, demoEnv, startDemo } from './demo';

/**
 * What the gateway checks tokens against: the same variables identity issues them with
 * (RFC 8725 §3.8-3.11; identity's defaults when unset).
 */
const gatewayEnv = {
  TOKEN_ISSUER: { type: 'string', description: 'access token `iss`', default: PLATFORM_TOKENS.issuer },
  TOKEN_AUDIENCE: { type: 'string', description: 'access token `aud`', default: PLATFORM_TOKENS.audience },
  ACCESS_TOKEN_TTL_SEC: {
    type: 'integer',
    description: 'longest access-token lifetime accepted (exp - iat)',
    default: PLATFORM_TOKENS.maxLifetimeSec,
    minimum: 30,
    maximum: 3600,
  },
  OPERATOR_PORT: {
    type: 'integer',
    description: 'port of /metrics and health in the process with the gateway, bound to HOST (not public)',
    default: DEFAULT_OPERATOR_PORT,
    minimum: 0,
    maximum: 65535,
  },
} as const;
type GatewayConfig = ConfigOf<typeof gatewayEnv>;

/** Starts this process as configured; resolves once it listens. */
export async function main(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ host: Host; port: number; operatorPort?: number; close(): Promise<void> }> {
  let cfg: RuntimeConfig;
  let gw: GatewayConfig;
  let plan: Plan;
  try {
    cfg = readRuntimeConfig(env);
    gw = loadConfig(gatewayEnv, env);
    plan = planOf(cfg, Object.keys(serviceModules));
    assertDemoAllowed(cfg, env);
  } catch (e) {
    const msg = e instanceof ConfigError ? e.message : `Invalid configuration: ${(e as Error).message}`;
    process.stderr.write(`${msg}\n`);
    process.exit(78);
  }
  const logger = createLogger('puesc', cfg.LOG_LEVEL);
  const clock = cfg.DEMO_MODE ? new ControlledClock() : systemClock;
  // Demo mode: documented defaults (demo admin, TEST trust anchors…) under the operator's values.
  const serviceEnv = cfg.DEMO_MODE
    ? demoEnv(env, { distributed: plan.mode === 'distributed', dataDir: cfg.DATA_DIR })
    : env;
  const host = await startHost({
    modules: plan.services.map((n) => serviceModules[n]!),
    mode: plan.mode,
    natsUrl: cfg.NATS_URL,
    mongoUrl: cfg.MONGO_URL,
    mongoDbPrefix: cfg.MONGO_DB_PREFIX,
    dataDir: cfg.DATA_DIR,
    namespace: cfg.NAMESPACE,
    nodeID: cfg.NODE_ID ?? `${os.hostname()}-${plan.services.join('+') || 'gateway'}-${process.pid}`,
    clock,
    logger,
    logLevel: cfg.LOG_LEVEL,
    env: serviceEnv,
  });
  // Demo mode: the process with the gateway seeds the personas; every process follows the clock.
  const demo = cfg.DEMO_MODE ? startDemo({ host, env: serviceEnv, logger, seed: plan.gateway }) : undefined;

  let closeHttp: () => Promise<void>;
  let port: number;
  let operatorPort: number | undefined;
  if (plan.gateway) {
    const app = await createGateway({
      broker: host.broker,
      store: await host.openStore('gateway'),
      // ID-11: ended sessions from the durable stream too, not only the broadcast.
      events: host.bus,
      logger: logger.child({ component: 'gateway' }),
      options: {
        ready: async () => (demo ? demo.readiness(await host.ready()) : host.ready()),
        keySource: actionJwks(host.broker, 'identity.jwks'),
        issuer: gw.TOKEN_ISSUER,
        audience: gw.TOKEN_AUDIENCE,
        maxTokenLifetimeSec: gw.ACCESS_TOKEN_TTL_SEC,
        // identity stamps iat on the platform clock (the demo clock in demo mode): check against it.
        now: () => clock.now(),
        trustProxy: trustProxyOf(cfg.TRUST_PROXY),
        requiredServices: plan.mode === 'embedded' ? plan.services : [],
        // The host's registry: the operator port's /metrics has the broker, bus, relay, consumer and
        // sweep metrics of this process beside the gateway's own (issue 16).
        metricsRegistry: host.metrics,
      },
    });
    await app.listen({ port: cfg.PORT, host: cfg.HOST });
    // #18 item 14: metrics on the operator listener only; closing the gateway closes it too.
    await app.operator.listen({ port: gw.OPERATOR_PORT, host: cfg.HOST });
    port = (app.server.address() as AddressInfo).port;
    operatorPort = (app.operator.server.address() as AddressInfo).port;
    closeHttp = () => app.close();
  } else {
    const server = await startHealthServer(host, cfg.PORT, cfg.HOST);
    port = (server.address() as AddressInfo).port;
    closeHttp = () => new Promise((r) => server.close(() => r()));
  }
  logger.info({ mode: plan.mode, services: plan.services, gateway: plan.gateway, port, operatorPort }, 'started');

  const close = async () => {
    demo?.stop();
    await closeHttp();
    await host.stop();
  };
  return { host, port, operatorPort, close };
}

/** SIGTERM/SIGINT drain: stop accepting, finish in-flight work, flush the relay, close, exit 0. */
function onSignals(close: () => Promise<void>, timeoutMs: number): void {
  let draining = false;
  const drain = (signal: string) => {
    if (draining) return;
    draining = true;
    process.stderr.write(`${signal}: draining\n`);
    const timer = setTimeout(() => {
      process.stderr.write('drain timed out\n');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    close().then(
      () => process.exit(0),
      (e) => {
        process.stderr.write(`drain failed: ${(e as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => drain('SIGTERM'));
  process.on('SIGINT', () => drain('SIGINT'));
}

if (require.main === module) {
  main().then(
    ({ close }) => onSignals(close, Number(process.env['SHUTDOWN_TIMEOUT_MS'] ?? 10000)),
    (e) => {
      process.stderr.write(`start-up failed: ${(e as Error).stack ?? e}\n`);
      process.exit(1);
    },
  );
}
