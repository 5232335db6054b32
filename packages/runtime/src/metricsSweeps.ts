/**
 * Sweep metrics: whether each declared sweep runs and succeeds (the "deadline sweep not running"
 * alert reads the last success), and the counts its last pass reported. A sweep answers what it
 * did (szprot: cases, permits, closures...; notifications: reminders due and sent); every
 * top-level count of that answer is a gauge, so a service says what is due by answering it.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { SweepDeclaration } from '@puesc/service';

/** Metric label values: the answer's field names, bounded (a sweep's answer is not user data). */
const ITEM = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const MAX_ITEMS = 32;

/** The finite non-negative counts at the top of a sweep's answer. */
export function countsOf(answer: unknown): Array<[string, number]> {
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return [];
  return Object.entries(answer as Record<string, unknown>)
    .filter((e): e is [string, number] => ITEM.test(e[0]) && typeof e[1] === 'number' && Number.isFinite(e[1]))
    .slice(0, MAX_ITEMS);
}

export function sweepObserver(registry: Registry): { measure(service: string, s: SweepDeclaration): SweepDeclaration } {
  const runs = new Counter({
    name: 'puesc_sweep_runs_total',
    help: 'Passes of the declared sweeps, by service, sweep and outcome (ok, error)',
    labelNames: ['service', 'sweep', 'outcome'] as const,
    registers: [registry],
  });
  const lastSuccess = new Gauge({
    name: 'puesc_sweep_last_success_timestamp_seconds',
    help: 'When a sweep last finished a pass without error (Unix time, the wall clock), by service and sweep',
    labelNames: ['service', 'sweep'] as const,
    registers: [registry],
  });
  const items = new Gauge({
    name: 'puesc_sweep_last_result_items',
    help: "The counts a sweep's last successful pass answered (e.g. cases acted on, reminders due), by item",
    labelNames: ['service', 'sweep', 'item'] as const,
    registers: [registry],
  });
  return {
    measure: (service, s) => ({
      ...s,
      run: async (deps, now) => {
        const labels = { service, sweep: s.name };
        let answer: unknown;
        try {
          answer = await s.run(deps, now);
        } catch (e) {
          runs.inc({ ...labels, outcome: 'error' });
          throw e;
        }
        runs.inc({ ...labels, outcome: 'ok' });
        lastSuccess.set(labels, Date.now() / 1000);
        for (const [item, n] of countsOf(answer)) items.set({ ...labels, item }, n);
        return answer;
      },
    }),
  };
}
