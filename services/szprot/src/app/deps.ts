/**
 * What every szprot workflow is given, in one object: its store, clock, settings, logger, the
 * relay's wake-up, the other services it asks (peers) and the archive keyring. Built once per set
 * of service deps, so the service's actions and its declared consumer and sweep share them.
 */
import type { PeerCall } from '@puesc/contracts';
import { unavailable, type Clock, type Logger } from '@puesc/kernel';
import type { Keyring } from '@puesc/keyring';
import type { HostedDeps, ServiceDeps } from '@puesc/service';
import { openArchiveKeyring } from '../archiveKeys';
import { readConfig, type SzprotConfig } from '../config';
import { peersOf, type Peers } from '../peers';
import { openStore, type SzprotStore } from '../store';

export interface SzprotDeps {
  db: SzprotStore;
  clock: Clock;
  cfg: SzprotConfig;
  logger: Logger;
  /** Wakes the outbox relay after a write with events. */
  kickRelay: () => void;
  peers: Peers;
  /** The keyring signing the record archives (EUP-14), opened on first use. */
  archiveKeys: () => Promise<Keyring>;
}

interface Built {
  d: SzprotDeps;
  /** How peers are called: the host's `call`, or the service's broker once it exists. */
  via: { call?: PeerCall };
}

const built = new WeakMap<ServiceDeps, Built>();

function build(deps: ServiceDeps): Built {
  const cfg = readConfig(deps.env, deps.mode);
  const db = openStore(deps.store);
  const hosted = (deps as Partial<HostedDeps>).call;
  const via: Built['via'] = hosted ? { call: <T>(a: string, p: object) => hosted<T>(a, p) } : {};
  let ring: Promise<Keyring> | undefined;
  const d: SzprotDeps = {
    db,
    clock: deps.clock,
    cfg,
    logger: deps.logger,
    kickRelay: deps.kickRelay,
    peers: peersOf(<T>(action: string, params: object) => {
      if (!via.call) throw unavailable('szprot is starting');
      return via.call<T>(action, params);
    }),
    archiveKeys: () => {
      ring ??= openArchiveKeyring({
        archiveKeys: db.archiveKeys,
        legacyKeys: db.keys,
        clock: deps.clock,
        logger: deps.logger,
        ...(cfg.archiveKeyPem ? { pem: cfg.archiveKeyPem } : {}),
      }).catch((e: unknown) => {
        ring = undefined; // a failed open (store down) is tried again on the next use
        throw e;
      });
      return ring;
    },
  };
  return { d, via };
}

/** The szprot of these service deps: made on the first call (by `create`), the same one after. */
export function szprotOf(deps: ServiceDeps): SzprotDeps {
  return builtOf(deps).d;
}

/** Lets peers be called through the service's broker when the deps bring no `call` (a bare `create`). */
export function bindBroker(deps: ServiceDeps, call: PeerCall): void {
  const b = builtOf(deps);
  b.via.call ??= call;
}

function builtOf(deps: ServiceDeps): Built {
  let b = built.get(deps);
  if (!b) {
    b = build(deps);
    built.set(deps, b);
  }
  return b;
}
