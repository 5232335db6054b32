import type { TestInfra } from './infra';

/** Stops whatever globalSetup started (spawned ferretdb / nats-server, containers). */
export default async function globalTeardown(): Promise<void> {
  const holder = globalThis as { __puescTestInfra?: TestInfra };
  const infra = holder.__puescTestInfra;
  delete holder.__puescTestInfra;
  await infra?.stop();
}
