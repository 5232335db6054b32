import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';

export interface Row {
  suite: string;
  name: string;
  /** Operations per second. */
  opsPerSec: number;
  p50Ms?: number;
  p99Ms?: number;
  /** The floor this row is compared with (same suite), and the ratio ops/floor. */
  floor?: string;
  ratio?: number;
  note?: string;
}

/** Runs `op` as fast as it can for `ms` (after a warm-up), `concurrency` calls in flight. */
export async function loop(op: () => Promise<unknown>, ms = 3000, concurrency = 16): Promise<Pick<Row, 'opsPerSec' | 'p50Ms' | 'p99Ms'>> {
  const warmUntil = Date.now() + Math.min(500, ms / 4);
  while (Date.now() < warmUntil) await op();
  const lat: number[] = [];
  const end = Date.now() + ms;
  let n = 0;
  const worker = async () => {
    while (Date.now() < end) {
      const t = process.hrtime.bigint();
      await op();
      lat.push(Number(process.hrtime.bigint() - t) / 1e6);
      n++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const secs = (Date.now() - started) / 1000;
  lat.sort((a, b) => a - b);
  return { opsPerSec: n / secs, p50Ms: pct(lat, 0.5), p99Ms: pct(lat, 0.99) };
}

export async function http(opts: autocannon.Options): Promise<Pick<Row, 'opsPerSec' | 'p50Ms' | 'p99Ms'> & { non2xx: number }> {
  const r = await autocannon({ duration: 3, connections: 16, ...opts });
  return { opsPerSec: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx };
}

const pct = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

/** Fills `ratio` for each row that names a floor in the same suite. */
export function withRatios(rows: Row[]): Row[] {
  return rows.map((r) => {
    if (!r.floor) return r;
    const f = rows.find((x) => x.suite === r.suite && x.name === r.floor);
    return f ? { ...r, ratio: r.opsPerSec / f.opsPerSec } : r;
  });
}

export function writeResults(rows: Row[], meta: Record<string, unknown>): { json: string; md: string } {
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, 'latest.json');
  const md = path.join(dir, 'latest.md');
  fs.writeFileSync(json, JSON.stringify({ meta, rows }, null, 2));
  const lines = [
    `# Benchmark results`,
    '',
    Object.entries(meta)
      .map(([k, v]) => `- ${k}: ${String(v)}`)
      .join('\n'),
    '',
    '| suite | measurement | ops/s | p50 ms | p99 ms | ratio to floor | note |',
    '|---|---|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.suite} | ${r.name} | ${r.opsPerSec.toFixed(0)} | ${fmt(r.p50Ms)} | ${fmt(r.p99Ms)} | ${
          r.ratio === undefined ? '' : `${r.ratio.toFixed(3)} of ${r.floor}`
        } | ${r.note ?? ''} |`,
    ),
  ];
  fs.writeFileSync(md, lines.join('\n') + '\n');
  return { json, md };
}

const fmt = (n?: number) => (n === undefined ? '' : n.toFixed(2));
