/**
 * What notifications sweeps, and the one way it does: every NOTIFY_SWEEP_MS the sweep queues the
 * NOT-02 reminders that are due, then sends every delivery that is due (retries, and attempts whose
 * lease ran out after a crash). Sweeps never overlap; asking during one queues at most one more,
 * shared by every caller. The timer also runs one sweep at start, for what a previous run left.
 */
import type { Logger } from '@puesc/kernel';
import { remindDue } from './app/deadlines';
import type { SendTally, Sender } from './app/delivery';
import type { NotificationsDeps } from './app/deps';

export interface SweepSpec<T> {
  name: string;
  /** Period, ms; 0 turns the timer off (the sweep then runs only when asked). */
  everyMs: number;
  run(): Promise<T>;
}

export interface Sweep<T> {
  /** Runs the sweep now, or after the one running (with any other caller asking meanwhile). */
  now(): Promise<T>;
  /** Runs it in the background; a failure is logged. */
  kick(): void;
  start(): void;
  /** Stops the timer and waits for a sweep in progress. */
  stop(): Promise<void>;
}

export function createSweep<T>(spec: SweepSpec<T>, logger: Logger): Sweep<T> {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let sweeping: Promise<T> | null = null;
  let queued: Promise<T> | null = null;

  const startOne = (): Promise<T> => {
    const p = spec.run().finally(() => {
      if (sweeping === p) sweeping = null;
    });
    sweeping = p;
    return p;
  };

  function now(): Promise<T> {
    if (queued) return queued;
    if (!sweeping) return startOne();
    queued = sweeping
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return startOne();
      });
    return queued;
  }

  function kick(): void {
    if (stopped) return;
    now().catch((e) => logger.error({ err: e }, `notifications: ${spec.name} failed`));
  }

  return {
    now,
    kick,
    start() {
      stopped = false;
      if (spec.everyMs > 0) {
        timer = setInterval(kick, spec.everyMs);
        timer.unref();
      }
      kick();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await queued?.catch(() => undefined);
      await sweeping?.catch(() => undefined);
    },
  };
}

// ---------------------------------------------------------------- the sweep of this service

export type SweepResult = { reminders: number } & SendTally;

/** Due NOT-02 reminders first (they become deliveries), then every delivery due now. */
export const notificationsSweep = (d: NotificationsDeps, sender: Sender): SweepSpec<SweepResult> => ({
  name: 'sweep',
  everyMs: d.config.env.NOTIFY_SWEEP_MS,
  async run() {
    const reminders = await remindDue(d);
    const sent = await sender.drain();
    return { reminders, ...sent };
  },
});
