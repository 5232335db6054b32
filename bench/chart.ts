/**
 * A hand-rolled SVG chart (no native dependencies) of a concurrency sweep: throughput (ops/s) and
 * p99 latency (ms) against the number of connections, one line per series (embedded, distributed).
 *
 * `bench/suites/e2e.ts` writes it to bench/results/e2e-chart.svg after its sweep; run
 * `npx tsx bench/chart.ts` to redraw it from bench/results/latest.json (rows with `series` and
 * `connections`).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Row } from './lib';

export interface SweepPoint {
  connections: number;
  opsPerSec: number;
  p99Ms: number;
}

export interface Series {
  label: string;
  points: SweepPoint[];
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];
const W = 460;
const H = 300;
const M = { top: 40, right: 20, bottom: 50, left: 64 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** 1, 2, 5 × 10^n steps giving about `n` ticks from 0 to max. */
function ticks(max: number, n = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 0.001; v += step) out.push(Number(v.toPrecision(12)));
  if (out[out.length - 1]! < max) out.push(Number((out[out.length - 1]! + step).toPrecision(12)));
  return out;
}

const fmt = (v: number) =>
  v >= 1000 ? `${(v / 1000).toFixed(v >= 10_000 ? 0 : 1)}k` : v >= 10 ? v.toFixed(0) : v.toFixed(1);

/** Ticks 1, 2, 5 × 10^n from the largest at or below `lo` to the smallest at or above `hi` (a log axis). */
function logTicks(lo: number, hi: number): number[] {
  const all: number[] = [];
  for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)) + 1; e++)
    for (const m of [1, 2, 5]) all.push(Number((m * 10 ** e).toPrecision(6)));
  const first = Math.max(0, all.findIndex((v) => v > lo) - 1);
  const last = all.findIndex((v) => v >= hi);
  return all.slice(first, (last < 0 ? all.length - 1 : last) + 1);
}

/**
 * One panel: x = connections (log2 scale); y = `metric`, linear from 0, or logarithmic when the
 * series differ by more than 20× (embedded and distributed often do), so that both stay readable.
 */
function panel(series: Series[], metric: 'opsPerSec' | 'p99Ms', title: string, unit: string, dx: number): string {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.connections)))].sort((a, b) => a - b);
  const values = series.flatMap((s) => s.points.map((p) => p[metric])).filter((v) => v > 0);
  const maxY = Math.max(0, ...values);
  const minY = Math.min(...values);
  const log = values.length > 1 && maxY / minY > 20;
  const ys = log ? logTicks(minY, maxY) : ticks(maxY);
  const top = ys[ys.length - 1]!;
  const bottom = log ? ys[0]! : 0;
  const iw = W - M.left - M.right;
  const ih = H - M.top - M.bottom;
  const lx = (c: number) => {
    if (xs.length < 2) return M.left + iw / 2;
    const a = Math.log2(xs[0]!);
    const b = Math.log2(xs[xs.length - 1]!);
    return M.left + ((Math.log2(c) - a) / (b - a || 1)) * iw;
  };
  const ly = (v: number) =>
    log
      ? M.top +
        ih -
        ((Math.log10(Math.max(v, bottom)) - Math.log10(bottom)) / (Math.log10(top) - Math.log10(bottom) || 1)) * ih
      : M.top + ih - (v / (top || 1)) * ih;
  unit = log ? `${unit} (log scale)` : unit;
  const parts: string[] = [`<g transform="translate(${dx},0)">`];
  parts.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>`);
  for (const v of ys) {
    const y = ly(v).toFixed(1);
    parts.push(`<line x1="${M.left}" x2="${M.left + iw}" y1="${y}" y2="${y}" stroke="#e5e5e5"/>`);
    parts.push(`<text x="${M.left - 6}" y="${y}" dy="4" text-anchor="end" font-size="11">${fmt(v)}</text>`);
  }
  for (const c of xs) {
    const x = lx(c).toFixed(1);
    parts.push(`<line x1="${x}" x2="${x}" y1="${M.top}" y2="${M.top + ih}" stroke="#f0f0f0"/>`);
    parts.push(`<text x="${x}" y="${M.top + ih + 16}" text-anchor="middle" font-size="11">${c}</text>`);
  }
  parts.push(
    `<rect x="${M.left}" y="${M.top}" width="${iw}" height="${ih}" fill="none" stroke="#888"/>`,
    `<text x="${M.left + iw / 2}" y="${H - 12}" text-anchor="middle" font-size="12">concurrent connections</text>`,
    `<text transform="translate(16,${M.top + ih / 2}) rotate(-90)" text-anchor="middle" font-size="12">${esc(unit)}</text>`,
  );
  series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length]!;
    const pts = [...s.points].sort((a, b) => a.connections - b.connections);
    if (!pts.length) return;
    parts.push(
      `<polyline fill="none" stroke="${color}" stroke-width="2" points="${pts.map((p) => `${lx(p.connections).toFixed(1)},${ly(p[metric]).toFixed(1)}`).join(' ')}"/>`,
    );
    for (const p of pts)
      parts.push(
        `<circle cx="${lx(p.connections).toFixed(1)}" cy="${ly(p[metric]).toFixed(1)}" r="3.5" fill="${color}"><title>${esc(s.label)}, ${p.connections} connections: ${fmt(p[metric])} ${esc(unit)}</title></circle>`,
      );
  });
  parts.push('</g>');
  return parts.join('\n');
}

/** The whole chart: two panels side by side and a legend. */
export function renderChart(series: Series[], title: string, subtitle = ''): string {
  const width = W * 2;
  const height = H + 72;
  const legend = series
    .map((s, i) => {
      const x = 80 + i * 220;
      const color = COLORS[i % COLORS.length]!;
      return `<line x1="${x}" x2="${x + 24}" y1="${H + 44}" y2="${H + 44}" stroke="${color}" stroke-width="3"/><text x="${x + 30}" y="${H + 48}" font-size="12">${esc(s.label)}</text>`;
    })
    .join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<title>${esc(title)}</title>`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="13" fill="#333">${esc(title)}${subtitle ? ` — ${esc(subtitle)}` : ''}</text>`,
    `<g transform="translate(0,20)">`,
    panel(series, 'opsPerSec', 'Throughput', 'ops/s', 0),
    panel(series, 'p99Ms', 'p99 latency', 'ms', W),
    `</g>`,
    legend,
    '</svg>',
    '',
  ].join('\n');
}

/** Sweep series from benchmark rows that carry `series` and `connections`. */
export function seriesFromRows(rows: Row[], suite = 'e2e'): Series[] {
  const by = new Map<string, SweepPoint[]>();
  for (const r of rows) {
    if (r.suite !== suite || r.series === undefined || r.connections === undefined) continue;
    by.set(r.series, [
      ...(by.get(r.series) ?? []),
      { connections: r.connections, opsPerSec: r.opsPerSec, p99Ms: r.p99Ms ?? 0 },
    ]);
  }
  return [...by].map(([label, points]) => ({ label, points }));
}

export const chartFile = path.join(__dirname, 'results', 'e2e-chart.svg');

export function writeChart(series: Series[], title: string, subtitle = '', file = chartFile): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, renderChart(series, title, subtitle));
  return file;
}

if (require.main === module) {
  const latest = path.join(__dirname, 'results', 'latest.json');
  const { rows, meta } = JSON.parse(fs.readFileSync(latest, 'utf8')) as { rows: Row[]; meta: Record<string, unknown> };
  const series = seriesFromRows(rows);
  if (!series.length) {
    console.error(`no sweep rows (suite e2e with series/connections) in ${latest}`);
    process.exit(1);
  }
  const file = writeChart(series, 'Signed submissions → UPO through the gateway', `${String(meta['cpus'] ?? '')}`);
  console.log(`written ${file}`);
}
