import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ServiceSchema } from 'moleculer';
import { ControlledClock, createLogger } from '@puesc/kernel';
import type { Caller, ServiceModule } from '@puesc/service';
import { startHost, type Host } from '@puesc/runtime';

export interface TestHostOptions {
  modules: ServiceModule[];
  /** Extra Moleculer services (test doubles of other services' actions). */
  doubles?: ServiceSchema[];
  /** Start of the controllable clock; defaults to now. */
  now?: Date;
  /** Keep data on disk in this directory (to test restarts); default: a fresh temp dir. */
  dataDir?: string;
  env?: NodeJS.ProcessEnv;
}

export interface TestHost extends Host {
  clock: ControlledClock;
  dataDir: string;
  /** Calls an action as the given user (or anonymously). */
  call<T = any>(action: string, params?: object, user?: Caller): Promise<T>;
  /** Publishes pending outbox events and lets consumers run. */
  settle(): Promise<void>;
}

/** An embedded-mode host for service tests: no transporter, nedb in a temp dir, a controllable clock. */
export async function startTestHost(o: TestHostOptions): Promise<TestHost> {
  const dataDir = o.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'puesc-test-'));
  const clock = new ControlledClock(o.now);
  const logger = createLogger('test', process.env['LOG_LEVEL'] ?? 'silent');
  const host = await startHost({
    modules: o.modules,
    mode: 'embedded',
    dataDir,
    clock,
    logger,
    logLevel: process.env['LOG_LEVEL'] ?? 'warn',
    env: { ...process.env, ...o.env },
    relayIntervalMs: 200,
  });
  for (const d of o.doubles ?? []) host.broker.createService(d);
  if (o.doubles?.length) await host.broker.waitForServices(o.doubles.map((d) => d.name));
  return Object.assign(host, {
    clock,
    dataDir,
    call: <T>(action: string, params: object = {}, user?: Caller) =>
      host.broker.call(action, params, { meta: user ? { user } : {} }) as Promise<T>,
    settle: async () => {
      await host.flush();
      await new Promise((r) => setTimeout(r, 50));
    },
  });
}

/** Test callers. */
export const asClient = (id: string, personId?: string, scope: 'basic' | 'extended' = 'extended'): Caller => ({
  id,
  personId,
  scope,
  roles: ['client'],
});
export const asOfficer = (
  id: string,
  role: 'registration-officer' | 'case-officer' | 'admin' | 'auditor',
  office?: string,
): Caller => ({
  id,
  scope: 'extended',
  roles: [role],
  ...(office ? { office } : {}),
});
