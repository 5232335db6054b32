/**
 * `pnpm bench`: runs every suite (or those named in BENCH), writes bench/results/latest.{json,md}.
 * Figures are ratios within one run on one machine; absolute numbers vary between machines.
 */
import os from 'node:os';
import { withRatios, writeResults, type Row } from './lib';
import { resolveBenchInfra } from './infra';

export interface BenchContext {
  mongoUrl?: string;
  mongoNote?: string;
  natsUrl?: string;
}

const suites: Record<string, () => Promise<{ run(ctx: BenchContext): Promise<Row[]> }>> = {
  store: () => import('./suites/store'),
  action: () => import('./suites/action'),
  pki: () => import('../services/pki/test/bench/pki.bench'),
  identity: () => import('./suites/identity'),
  registry: () => import('../services/registry/test/bench/registry.bench'),
  seap: () => import('../services/seap/test/bench/seap.bench'),
  szprot: () => import('../services/szprot/test/bench/records.bench'),
};

async function main(): Promise<void> {
  const only = (process.env['BENCH'] ?? '').split(',').filter(Boolean);
  const infra = await resolveBenchInfra();
  const rows: Row[] = [];
  try {
    for (const [name, load] of Object.entries(suites)) {
      if (only.length && !only.includes(name)) continue;
      process.stdout.write(`bench ${name}...\n`);
      rows.push(...(await (await load()).run(infra.ctx)));
    }
  } finally {
    await infra.stop();
  }
  const { md, json } = writeResults(withRatios(rows), {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${os.cpus().length} x ${os.cpus()[0]?.model ?? '?'}`,
    mongo: infra.ctx.mongoNote ?? 'none',
    nats: infra.ctx.natsUrl ?? 'none',
  });
  process.stdout.write(require('node:fs').readFileSync(md, 'utf8'));
  process.stdout.write(`\nwritten ${json} and ${md}\n`);
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
