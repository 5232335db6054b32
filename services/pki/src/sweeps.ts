/**
 * Work the service repeats on a timer (the CRL re-signing of PKI-03). One function with a small
 * interface, so that sweeps declared on the ServiceModule can replace it.
 */
import type { Logger } from '@puesc/kernel';

export interface SweepSpec {
  /** What the sweep does, for the log (`scheduled CRL refresh`). */
  what: string;
  everyMs: number;
  step(): Promise<unknown>;
  logger: Logger;
}

/** Runs `step` every `everyMs` without keeping the process alive; returns the stop function. */
export function startSweep(spec: SweepSpec): () => void {
  const timer = setInterval(() => {
    spec.step().catch((e) => spec.logger.error({ err: e }, `pki: ${spec.what} failed`));
  }, spec.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
