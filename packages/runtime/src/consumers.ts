/**
 * Running the durable consumers a service declares (ServiceModule.consumers): subscribe with the
 * idempotent wrapper, and while the publisher's stream does not exist yet (distributed start
 * order) try again with a growing delay, up to 30 s between attempts.
 */
import type { Logger } from '@puesc/kernel';
import { idempotentHandler, type Subscription } from '@puesc/events';
import { fromDeps, type ConsumerDeclaration, type HostedDeps } from '@puesc/service';

export interface RunningConsumer {
  stop(): Promise<void>;
}

/** Longest wait between two subscription attempts, ms. */
const MAX_BACKOFF_MS = 30_000;

export const backoffMs = (attempt: number): number => Math.min(1000 * 2 ** attempt, MAX_BACKOFF_MS);

/** Starts one consumer; the first attempt is awaited, later ones run on timers that do not keep the process alive. */
export async function startConsumer(
  service: string,
  c: ConsumerDeclaration,
  deps: HostedDeps,
  logger: Logger,
): Promise<RunningConsumer> {
  let stopping = false;
  let subscription: Subscription | undefined;
  let retry: NodeJS.Timeout | undefined;
  const retryDelayMs = c.retryDelayMs === undefined ? undefined : fromDeps(c.retryDelayMs, deps);
  const handler = idempotentHandler({
    store: deps.store,
    consumer: c.durable,
    handler: (event, delivery) => c.handle(event, deps, delivery),
  });

  const attempt = async (n: number): Promise<void> => {
    retry = undefined;
    if (stopping) return;
    try {
      const s = await deps.bus.consume({
        durable: c.durable,
        subjects: [...c.subjects],
        handler,
        ...(retryDelayMs !== undefined ? { retryDelayMs } : {}),
        ...(c.deliverFrom ? { deliverFrom: c.deliverFrom } : {}),
      });
      if (stopping) await s.stop();
      else subscription = s;
    } catch (e) {
      logger.warn(
        { err: (e as Error).message, durable: c.durable, attempt: n },
        `${service}: cannot subscribe to ${c.stream} yet`,
      );
      retry = setTimeout(() => void attempt(n + 1), backoffMs(n));
      retry.unref();
    }
  };
  await attempt(0);
  return {
    async stop() {
      stopping = true;
      if (retry) clearTimeout(retry);
      await subscription?.stop();
    },
  };
}
