import type { Clock, Logger } from '@puesc/kernel';
import type { RegistryConfig } from '../config';
import type { WindowLimiter } from '../limiter';
import type { RegistryStore } from '../store';
import type { VersionRecords } from './versions';

/** What every registry workflow is given. Peers come with the request (see access.ts). */
export interface RegistryDeps {
  store: RegistryStore;
  clock: Clock;
  logger: Logger;
  /** Wakes the outbox relay after a write with events. */
  kickRelay: () => void;
  config: RegistryConfig;
  /** The REG-07 version records, with what this process already knows is stored. */
  versions: VersionRecords;
  /** REG-06 public checks per client address. */
  publicChecks: WindowLimiter;
}
