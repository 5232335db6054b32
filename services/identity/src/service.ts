import type { ServiceBroker, ServiceSchema } from 'moleculer';
import type { Subscription } from '@puesc/events';
import type { Ctx, ServiceDeps } from '@puesc/service';
import { readConfig, type IdentitySettings } from './config';
import { registerIdentityEvents } from './events';
import { openStore } from './store';
import { KeyRing } from './keyring';
import { AuthzCache } from './authzCache';
import { peersVia, type PeerOverrides } from './peers';
import { decoyHash } from './domain/passwords';
import { ephemeralSealingKey, sealingKey } from './domain/mailSecrets';
import type { IdentityDeps } from './app/deps';
import { onRegistryFact } from './app/registryFacts';
import { bootstrapAdmin } from './app/officers';
import { identityActions } from './actions';
import { consumeRegistryFacts } from './consumers';
import { identitySweep, startSweeps } from './sweeps';

export interface IdentityOverrides extends PeerOverrides {
  settings?: Partial<IdentitySettings>;
}

/** Broadcast to every replica when an account's authorize answers must be dropped. */
const INVALIDATE = 'identity.authz.invalidate';

/** The Moleculer service `identity` (e-Klient SC): its schema and lifecycle; the workflows are in app/. */
export function create(deps: ServiceDeps, overrides: IdentityOverrides = {}): ServiceSchema {
  registerIdentityEvents();
  const settings: IdentitySettings = { ...readConfig(deps.env, deps.mode), ...overrides.settings };
  const policy = settings.policy;
  let broker: ServiceBroker | undefined;
  let registry: Subscription | undefined;
  let sweeps: { stop(): void } | undefined;
  let decoy: Promise<string> | undefined;

  const db = openStore(deps.store, deps.kickRelay);
  const authz = new AuthzCache(policy.authorizeCacheMs);
  const d: IdentityDeps = {
    db,
    clock: deps.clock,
    log: deps.logger,
    settings,
    keyring: new KeyRing(
      db.signingKeys,
      deps.clock,
      {
        accessTtlSec: policy.tokens.accessTtlSec,
        clockSkewSec: policy.tokens.clockSkewSec,
        rotateAfterSec: policy.keys.rotateAfterSec,
        prePublishSec: policy.keys.prePublishSec,
      },
      settings.keySecret,
      deps.logger,
    ),
    authz,
    invalidate(accountIds) {
      authz.invalidate(accountIds);
      d.broadcast(INVALIDATE, { accountIds });
    },
    broadcast(event, payload) {
      broker
        ?.broadcast(event, payload)
        .catch((e: Error) => deps.logger.warn({ err: e.message, event }, 'identity: broadcast failed'));
    },
    mailSealingKey: settings.keySecret ? sealingKey(settings.keySecret) : ephemeralSealingKey(),
    decoyHash: () => (decoy ??= decoyHash(policy.scrypt)),
  };

  return {
    name: 'identity',

    events: {
      [INVALIDATE]: {
        // declared, not guessed from the parameter's name (the bundler may rename it)
        context: true,
        handler(ctx: { params: { accountIds?: string[] } }) {
          authz.invalidate(ctx.params?.accountIds);
        },
      },
    },

    actions: identityActions({
      d,
      ask: (ctx: Ctx<unknown>) => ({
        caller: ctx.meta.user,
        ip: ctx.meta.ip,
        peers: peersVia({ call: <T>(a: string, p?: object, o?: object) => ctx.call(a, p, o) as Promise<T> }, overrides),
      }),
    }),

    created() {
      broker = (this as unknown as { broker: ServiceBroker }).broker;
    },

    async started() {
      await d.keyring.maintain();
      await bootstrapAdmin(d);
      registry = await consumeRegistryFacts(deps, (e) => onRegistryFact(d, e));
      sweeps = startSweeps(() => identitySweep(d), settings.sweepIntervalMs);
    },

    async stopped() {
      sweeps?.stop();
      await registry?.stop().catch(() => undefined);
    },
  };
}

/** The former name of `create`. */
export const createIdentityService = create;
