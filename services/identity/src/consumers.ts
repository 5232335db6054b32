import { idempotentHandler, type CloudEvent } from '@puesc/events';
import type { ServiceDeps } from '@puesc/service';
import { REGISTRY_SUBJECTS } from './app/registryFacts';

const REGISTRY_CONSUMER = 'identity-registry';

/**
 * The durable consumer of registry facts (each processed once, remembered by event id). When
 * the bus cannot be subscribed, by-law representations from company registrations wait.
 */
export async function consumeRegistryFacts(
  deps: ServiceDeps,
  handle: (e: CloudEvent) => Promise<void>,
): Promise<{ stop(): Promise<void> } | undefined> {
  try {
    return await deps.bus.consume({
      durable: REGISTRY_CONSUMER,
      subjects: [...REGISTRY_SUBJECTS],
      handler: idempotentHandler({ store: deps.store, consumer: REGISTRY_CONSUMER, handler: handle }),
      retryDelayMs: 2000,
    });
  } catch (e) {
    deps.logger.warn(
      { err: (e as Error).message },
      'identity: registry events not consumed (by-law representations from company registrations will wait)',
    );
    return undefined;
  }
}
