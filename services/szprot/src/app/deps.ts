/**
 * What every szprot workflow is given, in one object: its store, clock, settings, logger, the
 * relay's wake-up, the other services it asks (peers) and the archive signing key.
 */
import type { Clock, Logger } from '@puesc/kernel';
import type { SzprotConfig } from '../config';
import type { ArchiveKey } from '../keyring';
import type { Peers } from '../peers';
import type { SzprotStore } from '../store';

export interface SzprotDeps {
  db: SzprotStore;
  clock: Clock;
  cfg: SzprotConfig;
  logger: Logger;
  /** Wakes the outbox relay after a write with events. */
  kickRelay: () => void;
  peers: Peers;
  /** The key signing the record archives (EUP-14); unavailable until the service has started. */
  archiveKey: () => ArchiveKey;
}
