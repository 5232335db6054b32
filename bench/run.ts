/**
 * `pnpm bench`: runs every suite (or those named in BENCH), writes bench/results/latest.{json,md}.
 * Figures are ratios within one run on one machine; absolute numbers vary between machines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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
  // the portal in Chromium: first-load bytes and time to a usable dashboard (issue 17)
  portal: () => import('../web/bench/portal.bench'),
  scale: () => import('./suites/scale'),
  // last: every service at once, embedded and distributed, and the concurrency chart
  e2e: () => import('./suites/e2e'),
};

type Suites = typeof suites;

/**
 * The suites above plus any service suite (services/<name>/test/bench/*.bench.ts) not listed yet,
 * as `<name>` (or `<name>-<file>`), ahead of the end-to-end suite.
 */
function withServiceSuites(listed: Suites): Suites {
  const paths = new Set(Object.values(listed).map((f) => /import\(['"]([^'"]+)['"]\)/.exec(f.toString())?.[1]));
  const extra: Suites = {};
  const dir = path.join(__dirname, '../services');
  for (const svc of fs.readdirSync(dir).sort()) {
    const benchDir = path.join(dir, svc, 'test/bench');
    if (!fs.existsSync(benchDir)) continue;
    for (const file of fs
      .readdirSync(benchDir)
      .filter((f) => f.endsWith('.bench.ts'))
      .sort()) {
      const rel = `../services/${svc}/test/bench/${file.replace(/\.ts$/, '')}`;
      if (paths.has(rel)) continue;
      const name = svc in listed || svc in extra ? `${svc}-${file.replace(/\.bench\.ts$/, '')}` : svc;
      extra[name] = () => import(rel);
    }
  }
  const { e2e, ...rest } = listed;
  return e2e ? { ...rest, ...extra, e2e } : { ...rest, ...extra };
}

async function main(): Promise<void> {
  const only = (process.env['BENCH'] ?? '').split(',').filter(Boolean);
  const infra = await resolveBenchInfra();
  const rows: Row[] = [];
  try {
    for (const [name, load] of Object.entries(withServiceSuites(suites))) {
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
