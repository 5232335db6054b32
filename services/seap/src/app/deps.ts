/**
 * What every seap workflow is given: its store, clock, settings, the UPO key ring, the logger and
 * the relay's wake-up; the peers (other services, in the caller's context) come per request.
 */
import type { Clock, Logger } from '@puesc/kernel';
import type { SeapConfig } from '../config';
import type { UpoKeyring } from '../keyring';
import type { Peers } from '../peers';
import type { SeapStore } from '../store';

export interface SeapDeps {
  db: SeapStore;
  clock: Clock;
  cfg: SeapConfig;
  keyring: UpoKeyring;
  logger: Logger;
  /** Wakes the outbox relay after a write with events. */
  kickRelay: () => void;
}

export type WithPeers<K extends keyof Peers = keyof Peers> = { peers: Pick<Peers, K> };
