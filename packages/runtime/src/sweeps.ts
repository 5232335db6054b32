/**
 * Running the sweeps a service declares (ServiceModule.sweeps): on a timer that does not keep
 * the process alive, on request (`Host.runSweeps`, and when the demo clock moves), and once at
 * start when asked. Passes of one sweep never overlap; requests during a pass share one more pass
 * after it, so work that became due meanwhile (a clock move) is never missed.
 */
import type { Logger } from '@puesc/kernel';
import { fromDeps, type HostedDeps, type SweepDeclaration } from '@puesc/service';

export interface RunningSweep {
  service: string;
  name: string;
  /** One pass (or the one queued after the running pass); rejects when the pass failed. */
  run(): Promise<unknown>;
  start(): void;
  /** Stops the timer and waits for the running pass. */
  stop(): Promise<void>;
}

export function createSweep(service: string, s: SweepDeclaration, deps: HostedDeps, logger: Logger): RunningSweep {
  let current: Promise<unknown> | null = null;
  let queued: Promise<unknown> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const pass = (): Promise<unknown> => {
    const p: Promise<unknown> = Promise.resolve()
      .then(() => s.run(deps, deps.clock.now()))
      .finally(() => {
        if (current === p) current = null;
      });
    current = p;
    return p;
  };

  const run = (): Promise<unknown> => {
    if (queued) return queued;
    if (!current) return pass();
    queued = current
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return pass();
      });
    return queued;
  };

  const logged = () => {
    if (stopped) return;
    run().catch((e) => logger.error({ err: e, sweep: s.name }, `${service}: ${s.name} sweep failed`));
  };

  return {
    service,
    name: s.name,
    run,
    start() {
      const every = fromDeps(s.intervalMs, deps);
      if (every > 0 && !timer) {
        timer = setInterval(logged, every);
        timer.unref();
      }
      if (s.atStart) logged();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await (queued ?? current)?.catch(() => undefined);
    },
  };
}
