#!/usr/bin/env -S npx tsx
/**
 * Runs the reference legacy consumer until SIGINT/SIGTERM:
 *   NATS_URL=nats://127.0.0.1:4222 DURABLE=celina REGISTER_FILE=./celina-register.json npx tsx tools/legacy-consumer/src/main.ts
 */
import { startLegacyConsumer } from './consumer';

async function main(): Promise<void> {
  const env = process.env;
  const durable = env['DURABLE'] ?? 'legacy-reference';
  const c = await startLegacyConsumer({
    natsUrl: env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
    stream: env['REGISTRY_STREAM'] ?? 'REGISTRY',
    filter: env['REGISTRY_FILTER'] ?? 'registry.>',
    durable,
    file: env['REGISTER_FILE'] ?? `./${durable}-register.json`,
    log: (m) => process.stderr.write(`${m}\n`),
  });
  const report = setInterval(() => {
    const s = c.register.stats;
    process.stdout.write(
      `${new Date().toISOString()} companies=${c.register.companies().length} applied=${s.applied} stale=${s.stale} duplicates=${s.duplicates} lastSeq=${c.register.lastSeq}\n`,
    );
  }, 10_000);
  const stop = async () => {
    clearInterval(report);
    await c.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
