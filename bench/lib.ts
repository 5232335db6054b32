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
  /** A point of a concurrency sweep (bench/chart.ts draws these): its series and connections. */
  series?: string;
  connections?: number;
}

/** Measurement length in ms: `BENCH_MS` (default 3000), for suites that want one. */
export const benchMs = (): number => Number(process.env['BENCH_MS'] ?? 3000);

/** Runs `op` as fast as it can for `ms` (after a warm-up), `concurrency` calls in flight. */
export async function loop(
  op: () => Promise<unknown>,
  ms = benchMs(),
  concurrency = 16,
): Promise<Pick<Row, 'opsPerSec' | 'p50Ms' | 'p99Ms'>> {
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

export async function http(
  opts: autocannon.Options,
): Promise<Pick<Row, 'opsPerSec' | 'p50Ms' | 'p99Ms'> & { non2xx: number }> {
  const r = await autocannon({ duration: benchMs() / 1000, connections: 16, ...opts });
  return { opsPerSec: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx };
}

/**
 * autocannon for requests that each consume something (a prepared document, a certificate quota):
 * at most `max` requests, for at most `ms`. Throughput is successful (2xx) answers over the elapsed
 * time (autocannon's per-second average would count a partly used last second as a full one);
 * `errors` are requests that got no answer (connection errors, time-outs).
 */
export async function httpUpTo(
  opts: autocannon.Options,
  max: number,
  ms = benchMs(),
): Promise<
  Pick<Row, 'opsPerSec' | 'p50Ms' | 'p99Ms'> & { non2xx: number; errors: number; total: number; secs: number }
> {
  const started = process.hrtime.bigint();
  // Until the last answer: autocannon itself only stops on its next one-second tick.
  let last = started;
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        connections: 16,
        // a slow answer is waited for (the broker's own request timeout is 15 s), not dropped at 10 s
        timeout: 30,
        ...opts,
        duration: ms / 1000,
        maxOverallRequests: Math.max(max, opts.connections ?? 16),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on('response', () => {
      last = process.hrtime.bigint();
    });
  });
  const secs = Math.max(Number(last - started) / 1e9, 1e-3);
  const total = r.requests.total;
  return {
    opsPerSec: (total - r.non2xx) / secs,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    total,
    secs,
  };
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
