import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createLogger, type Clock } from '@puesc/kernel';
import type { CollectionSpec, Store } from '@puesc/store';
import type { ServiceModule } from '@puesc/service';
import { actionJwks, createGateway } from '@puesc/gateway';
import { startHost, type Host } from '@puesc/runtime';
import { serviceModules } from '@puesc/platform';

/** One line the platform logged at warn level or above. */
export interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  err?: { type?: string; message?: string; stack?: string };
  [k: string]: unknown;
}

export interface FuzzSystem {
  host: Host;
  app: FastifyInstance;
  port: number;
  dataDir: string;
  /** The platform clock: real time plus an offset only this suite can change. */
  clock: Clock & { set(to: Date): void };
  /** Collection specs each store was opened with, by store name (service name, `gateway`). */
  specs: Map<string, Map<string, CollectionSpec>>;
  logs: LogLine[];
  stop(): Promise<void>;
}

export const ADMIN = { email: 'fuzz-admin@puesc.test', password: 'bootstrap-passphrase-for-the-fuzzer-1' };

/** Wraps a store so that the collection specs opened through it are recorded (reads and writes pass through). */
function recording(store: Store, into: Map<string, CollectionSpec>): Store {
  return {
    get kind() {
      return store.kind;
    },
    collection(spec) {
      const c = store.collection(spec);
      into.set(spec.name, spec);
      return c;
    },
    ping: () => store.ping(),
    close: () => store.close(),
  } as Store;
}

/**
 * The embedded system as `platform/src/main.ts` wires it for `pnpm start`: `startHost`
 * with every module of `serviceModules` (embedded mode, a temp DATA_DIR), and `createGateway` on
 * the host's broker and `gateway` store with `actionJwks(host.broker, 'identity.jwks')`, the
 * host's readiness and every service required, default body and rate limits, listening on
 * 127.0.0.1:0. Differences, all test-only: the modules' stores are wrapped to record their
 * collection specs (for the schema scan), logs go to memory, scrypt is cheap
 * (PASSWORD_SCRYPT_LOG_N=10 as in the identity tests), a first administrator is configured, and
 * the clock starts two hours back (then set to now) so that a genuinely expired token can be made.
 */
export async function startFuzzSystem(env: Record<string, string> = {}): Promise<FuzzSystem> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-fuzz-'));
  const logs: LogLine[] = [];
  const sink = {
    write(s: string) {
      try {
        const line = JSON.parse(s) as LogLine;
        logs.push(line);
      } catch {
        logs.push({ level: 60, msg: s });
      }
    },
  };
  const logger = createLogger('puesc', 'warn', sink);
  // Two hours back: tokens issued now are already expired for the gateway (real time); the clock is
  // then set to the present before the fuzzing starts. Not a ControlledClock: that is demo mode,
  // where an administrator may move the clock over the API (and the fuzzer is an administrator).
  let offsetMs = -2 * 3600_000;
  const clock = {
    now: () => new Date(Date.now() + offsetMs),
    set: (to: Date) => {
      offsetMs = to.getTime() - Date.now();
    },
  };
  const specs = new Map<string, Map<string, CollectionSpec>>();
  const specsOf = (name: string) => {
    let m = specs.get(name);
    if (!m) specs.set(name, (m = new Map()));
    return m;
  };
  const modules: ServiceModule[] = Object.values(serviceModules).map((m) => ({
    ...m,
    create: (deps) => m.create({ ...deps, store: recording(deps.store, specsOf(m.name)) }),
  }));
  const host = await startHost({
    modules,
    mode: 'embedded',
    dataDir,
    nodeID: `fuzz-${process.pid}`,
    clock,
    logger,
    logLevel: 'fatal',
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      PASSWORD_SCRYPT_LOG_N: '10',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
  });
  const app = await createGateway({
    broker: host.broker,
    store: recording(await host.openStore('gateway'), specsOf('gateway')),
    logger: logger.child({ component: 'gateway' }),
    options: {
      ready: () => host.ready(),
      keySource: actionJwks(host.broker, 'identity.jwks'),
      trustProxy: false,
      requiredServices: Object.keys(serviceModules),
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  return {
    host,
    app,
    port,
    dataDir,
    clock,
    specs,
    logs,
    async stop() {
      await app.close();
      await host.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
