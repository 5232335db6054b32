import type { Logger } from '@puesc/kernel';
import type { Store } from '@puesc/store';
import type { EventBus } from './types';
import { createEmbeddedBus } from './embedded';
import { createJetStreamBus } from './jetstream';

export * from './types';
export * from './subjects';
export * from './envelope';
export * from './schemas';
export * from './catalogue';
export * from './embedded';
export * from './jetstream';
export * from './relay';
export * from './consumer';
export * from './metrics';

export interface BusOptions {
  /** Set: JetStream (distributed mode). Unset: the embedded log in `store`. */
  natsUrl?: string;
  /** The embedded log's store (unused with NATS). */
  store: Store;
  prefix?: string;
  logger: Logger;
}

/** JetStream when a NATS URL is given, otherwise the embedded bus. */
export async function createBus(o: BusOptions): Promise<EventBus> {
  if (o.natsUrl)
    return createJetStreamBus({ url: o.natsUrl, logger: o.logger, ...(o.prefix ? { prefix: o.prefix } : {}) });
  return createEmbeddedBus({ store: o.store, logger: o.logger });
}
