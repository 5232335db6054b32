import { MONGO_ENV, NATS_ENV, infraSummary, isCI, startTestInfra } from './infra';

/** Resolves MongoDB and NATS once per run and hands their URLs to the workers through the environment. */
export default async function globalSetup(): Promise<void> {
  const infra = await startTestInfra();
  // globalTeardown runs in this same process; it finds what to stop here.
  (globalThis as { __puescTestInfra?: typeof infra }).__puescTestInfra = infra;
  process.env[MONGO_ENV] = infra.mongo?.url ?? '';
  process.env[NATS_ENV] = infra.nats?.url ?? '';
  console.log(infraSummary(infra));
  if (isCI() && (!infra.mongo || !infra.nats)) {
    await infra.stop();
    throw new Error('CI=true and the test infrastructure is incomplete (see the line above): refusing to skip suites');
  }
}
