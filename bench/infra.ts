import { startTestInfra } from '@puesc/testkit';
import type { BenchContext } from './run';

/** Benchmarks find MongoDB and NATS the same way the tests do (env, Docker, local binaries). */
export async function resolveBenchInfra(): Promise<{ ctx: BenchContext; stop(): Promise<void> }> {
  const infra = await startTestInfra();
  return {
    ctx: {
      mongoUrl: infra.mongo?.url,
      mongoNote: infra.mongo ? `MongoDB API via ${infra.mongo.via}` : undefined,
      natsUrl: infra.nats?.url,
    },
    stop: () => infra.stop(),
  };
}
