/**
 * szprot's periodic job: the sweep of what time makes due (app/sweep.ts), run on a timer, after the
 * demo clock moved, and on `szprot.tick`. One pass at a time in this process; a pass asked for
 * while one runs gets that pass.
 */
import type { Logger } from '@puesc/kernel';

export interface Sweep<R> {
  /** Runs one pass, or joins the one running. */
  runOnce(): Promise<R>;
  /** Starts the timer (not keeping the process alive); 0 ms turns it off. */
  start(everyMs: number): void;
  /** Runs a pass shortly, unless stopped (the platform clock was moved). */
  soon(): void;
  /** Stops the timer and waits for a running pass. */
  stop(): Promise<void>;
}

export function sweepOf<R>(name: string, pass: () => Promise<R>, logger: Logger): Sweep<R> {
  let running: Promise<R> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const runOnce = (): Promise<R> => {
    if (!running) running = pass().finally(() => (running = null));
    return running;
  };
  return {
    runOnce,
    start(everyMs) {
      if (everyMs <= 0) return;
      timer = setInterval(() => {
        runOnce().catch((e) => logger.error({ err: e }, `szprot: ${name} failed`));
      }, everyMs);
      timer.unref();
    },
    soon() {
      const t = setTimeout(() => {
        if (!stopped) runOnce().catch((e) => logger.error({ err: e }, `szprot: ${name} after a clock move failed`));
      }, 20);
      t.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
