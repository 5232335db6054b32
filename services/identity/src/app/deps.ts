import type { ServiceBroker } from 'moleculer';
import type { Clock, Logger } from '@puesc/kernel';
import type { Caller, ServiceDeps } from '@puesc/service';
import { readConfig, type IdentitySettings } from '../config';
import { openStore, type IdentityStore } from '../store';
import { AuthzCache } from '../authzCache';
import type { Peers } from '../peers';
import { decoyHash } from '../domain/passwords';
import { ephemeralSealingKey, sealingKey } from '../domain/mailSecrets';
import { tokenKeys, type TokenKeys } from './tokenKeys';

/** What every workflow of identity works with, passed in one object. */
export interface IdentityDeps {
  db: IdentityStore;
  clock: Clock;
  log: Logger;
  settings: IdentitySettings;
  /** The keys that sign access tokens (@puesc/keyring), announcing every change. */
  keyring: TokenKeys;
  /** Short-lived authorize answers (ID-10). */
  authz: AuthzCache;
  /** Drops the cached authorize answers of these accounts, here and on every replica. */
  invalidate(accountIds: string[]): void;
  /** Seals the one-time codes of mails until notifications fetches them (issue 18 item 12). */
  mailSealingKey: Buffer;
  /** A Moleculer broadcast to every process (ID-11 session ends, key withdrawal). */
  broadcast(event: string, payload: object): void;
  /** A hash of a random secret with the current parameters, made once (see domain/sessions). */
  decoyHash(): Promise<string>;
  /** The service's broker, once Moleculer has created the service (broadcasts wait for it). */
  attach(broker: ServiceBroker): void;
}

/** Who asks (as the gateway established it from a verified token) and the peers reached on their behalf. */
export interface Asker {
  caller: Caller | undefined;
  /** Client address, for throttling. */
  ip: string | undefined;
  peers: Peers;
}

/** Broadcast to every replica when an account's authorize answers must be dropped. */
export const INVALIDATE = 'identity.authz.invalidate';

const built = new WeakMap<ServiceDeps, IdentityDeps>();

/**
 * The identity of these service deps: made on the first call (by `create`, with its settings
 * overrides), the same one after, so that the actions and the declared consumer and sweeps share
 * the store, the keyring's cache and the authorize cache.
 */
export function identityOf(deps: ServiceDeps, overrides: Partial<IdentitySettings> = {}): IdentityDeps {
  let d = built.get(deps);
  if (!d) {
    d = identityDeps(deps, { ...readConfig(deps.env, deps.mode), ...overrides });
    built.set(deps, d);
  }
  return d;
}

function identityDeps(deps: ServiceDeps, settings: IdentitySettings): IdentityDeps {
  const policy = settings.policy;
  let broker: ServiceBroker | undefined;
  let decoy: Promise<string> | undefined;
  const db = openStore(deps.store);
  const authz = new AuthzCache(policy.authorizeCacheMs);
  const broadcast = (event: string, payload: object): void => {
    broker
      ?.broadcast(event, payload)
      .catch((e: Error) => deps.logger.warn({ err: e.message, event }, 'identity: broadcast failed'));
  };
  return {
    db,
    clock: deps.clock,
    log: deps.logger,
    settings,
    keyring: tokenKeys({
      store: db.signingKeys,
      clock: deps.clock,
      timing: {
        accessTtlSec: policy.tokens.accessTtlSec,
        clockSkewSec: policy.tokens.clockSkewSec,
        rotateAfterSec: policy.keys.rotateAfterSec,
        prePublishSec: policy.keys.prePublishSec,
      },
      secret: settings.keySecret,
      logger: deps.logger,
      broadcast,
    }),
    authz,
    invalidate(accountIds) {
      authz.invalidate(accountIds);
      broadcast(INVALIDATE, { accountIds });
    },
    broadcast,
    mailSealingKey: settings.keySecret ? sealingKey(settings.keySecret) : ephemeralSealingKey(),
    decoyHash: () => (decoy ??= decoyHash(policy.scrypt)),
    attach(b) {
      broker = b;
    },
  };
}
