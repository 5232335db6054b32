import type { Clock, Logger } from '@puesc/kernel';
import type { Caller } from '@puesc/service';
import type { IdentitySettings } from '../config';
import type { IdentityStore } from '../store';
import type { KeyRing } from '../keyring';
import type { AuthzCache } from '../authzCache';
import type { Peers } from '../peers';

/** What every workflow of identity works with, passed in one object. */
export interface IdentityDeps {
  db: IdentityStore;
  clock: Clock;
  log: Logger;
  settings: IdentitySettings;
  keyring: KeyRing;
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
}

/** Who asks (as the gateway established it from a verified token) and the peers reached on their behalf. */
export interface Asker {
  caller: Caller | undefined;
  /** Client address, for throttling. */
  ip: string | undefined;
  peers: Peers;
}
