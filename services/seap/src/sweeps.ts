/**
 * seap's periodic job: the deemed-delivery sweep (DOC-07). Reads settle a due delivery too, so the
 * timer only bounds how late an unread document's delivery is published.
 */
import type { Logger } from '@puesc/kernel';

export interface Sweep {
  name: string;
  /** Period, ms; 0 turns the timer off. */
  everyMs: number;
  run: () => Promise<unknown>;
}

/** Starts the sweep's timer (not keeping the process alive); returns what stops it. */
export function startSweep(sweep: Sweep, logger: Logger): () => void {
  if (sweep.everyMs <= 0) return () => undefined;
  const timer = setInterval(() => {
    sweep.run().catch((e) => logger.warn({ err: e }, `seap: ${sweep.name} sweep failed`));
  }, sweep.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
