/**
 * The portal's figures (issue 17, in `pnpm bench`, never a timed test), in Chromium on this machine
 * against the platform started in demo mode:
 * - first load: the bytes on the wire (compressed, headers included) for the login page, a new
 *   visitor with an empty cache (goal ≤ 200 KB);
 * - dashboard: the bytes for Mój pulpit right after login (the page's own chunks and API answers);
 * - time to a usable dashboard after login: from pressing Enter on the login form until Mój pulpit
 *   shows its counts (goal ≤ 1 s), each run in a new browser context (empty cache), median of the runs.
 *
 *   node scripts/bundle.mjs && node web/build.mjs && npx tsx web/bench/portal.bench.ts
 *   or, with the other suites, `BENCH=portal pnpm bench`
 */
import type { Page } from 'playwright-core';
import { DEMO, launch, startPlatform, typeInto } from '../test/support';

export interface Row {
  suite: string;
  name: string;
  opsPerSec: number;
  p50Ms?: number;
  p99Ms?: number;
  note?: string;
}

const RUNS = Number(process.env['PORTAL_BENCH_RUNS'] ?? 7);

/** Sums what the page fetched, as transferred (encoded body + headers), from a point on. */
function meter(page: Page): { bytes(): number; requests(): number } {
  let total = 0;
  let n = 0;
  page.on('requestfinished', (r) => {
    void r.sizes().then(
      (s) => {
        total += s.responseBodySize + s.responseHeadersSize;
        n++;
      },
      () => undefined,
    );
  });
  return { bytes: () => total, requests: () => n };
}

const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * p) - 1)]!;

export async function run(): Promise<Row[]> {
  const platform = await startPlatform();
  const browser = await launch();
  const rows: Row[] = [];
  try {
    // First load of a new visitor.
    {
      const context = await browser.newContext({ baseURL: platform.baseUrl });
      const page = await context.newPage();
      const m = meter(page);
      await page.goto('/login', { waitUntil: 'networkidle' });
      await page.getByLabel(/^Adres e-mail/).waitFor();
      await page.waitForTimeout(200);
      const bytes = m.bytes();
      rows.push({
        suite: 'portal',
        name: 'first load (login page, empty cache), compressed',
        opsPerSec: 0,
        note: `${kb(bytes)} in ${m.requests()} requests (goal ≤ 200 KB)${bytes <= 200 * 1024 ? '' : ' OVER GOAL'}`,
      });
      await context.close();
    }
    // Login → usable Mój pulpit, cold cache each time.
    const times: number[] = [];
    let dashboardBytes = 0;
    for (let i = 0; i <= RUNS; i++) {
      const context = await browser.newContext({ baseURL: platform.baseUrl });
      const page = await context.newPage();
      await page.goto('/login', { waitUntil: 'networkidle' });
      await typeInto(page.getByLabel(/^Adres e-mail/), DEMO.jan);
      await typeInto(page.getByLabel(/^Hasło/), DEMO.password);
      const m = meter(page);
      const started = Date.now();
      await page.getByLabel(/^Hasło/).press('Enter');
      await page.locator('.card-count').first().waitFor();
      const ms = Date.now() - started;
      await page.waitForLoadState('networkidle');
      if (i > 0) times.push(ms); // the first run warms the platform (JIT, caches), not the browser
      if (i === RUNS) dashboardBytes = m.bytes();
      await context.close();
    }
    const p50 = median(times);
    rows.push({
      suite: 'portal',
      name: 'login → usable Mój pulpit (Chromium, cold cache)',
      opsPerSec: 1000 / p50,
      p50Ms: p50,
      p99Ms: pct(times, 0.99),
      note: `median of ${times.length} runs (goal ≤ 1000 ms)${p50 <= 1000 ? '' : ' OVER GOAL'}; the dashboard's own loads ${kb(dashboardBytes)}`,
    });
  } finally {
    await browser.close();
    await platform.stop();
  }
  return rows;
}

if (require.main === module)
  run().then(
    (rows) => {
      for (const r of rows)
        console.log(
          `${r.name}: ${r.p50Ms !== undefined ? `p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms; ` : ''}${r.note ?? ''}`,
        );
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
