import type { IdentityDeps } from './app/deps';
import { expireRepresentations } from './app/expiry';

/**
 * Identity's clock-driven sweep (token key maintenance, ID-07 expiry), run on an interval. One
 * small file, so that a host that runs declared sweeps can take the timer over.
 */
export async function identitySweep(d: IdentityDeps): Promise<void> {
  try {
    await d.keyring.maintain();
    await expireRepresentations(d);
  } catch (e) {
    d.log.warn({ err: (e as Error).message }, 'identity: sweep failed');
  }
}

/** Runs `sweep` every `intervalMs` without keeping the process alive; `stop` ends it. */
export function startSweeps(sweep: () => Promise<void>, intervalMs: number): { stop(): void } {
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
