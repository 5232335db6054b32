/**
 * What every seap workflow is given: its store, clock, settings, the UPO key ring, the logger and
 * the relay's wake-up; the peers (other services, in the caller's context) come per request.
 * Built once per set of service deps, so the actions and the declared sweep share the key ring.
 */
import type { Clock, Logger } from '@puesc/kernel';
import type { ServiceDeps } from '@puesc/service';
import { readConfig, type SeapConfig } from '../config';
import { UpoKeyring } from '../keyring';
import type { Peers } from '../peers';
import { openStore, type SeapStore } from '../store';

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

const built = new WeakMap<ServiceDeps, SeapDeps>();

/** seap's deps for these service deps: made on the first call (by `create`), the same one after. */
export function appOf(deps: ServiceDeps): SeapDeps {
  let app = built.get(deps);
  if (!app) {
    const cfg = readConfig(deps.env, deps.mode);
    const db = openStore(deps.store);
    const keyring = new UpoKeyring(db, deps.logger, {
      secret: cfg.SEAP_UPO_KEY_PASSPHRASE,
      cacheMs: cfg.SEAP_KEY_CACHE_MS,
    });
    app = { db, clock: deps.clock, cfg, keyring, logger: deps.logger, kickRelay: deps.kickRelay };
    built.set(deps, app);
  }
  return app;
}
