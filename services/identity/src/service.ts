import type { ServiceBroker, ServiceSchema } from 'moleculer';
import type { Ctx, ServiceDeps } from '@puesc/service';
import type { IdentitySettings } from './config';
import { registerIdentityEvents } from './events';
import { peersVia, type PeerOverrides } from './peers';
import { identityOf, INVALIDATE } from './app/deps';
import { bootstrapAdmin } from './app/officers';
import { allIdentityActions } from './actions/all';

export interface IdentityOverrides extends PeerOverrides {
  settings?: Partial<IdentitySettings>;
}

/**
 * The Moleculer service `identity` (e-Klient SC): its schema and lifecycle; the workflows are in
 * app/. The registry consumer and the sweeps are declared on the module (index.ts), run by the host.
 */
export function create(deps: ServiceDeps, overrides: IdentityOverrides = {}): ServiceSchema {
  registerIdentityEvents();
  const d = identityOf(deps, overrides.settings);

  return {
    name: 'identity',

    events: {
      [INVALIDATE]: {
        // declared, not guessed from the parameter's name (the bundler may rename it)
        context: true,
        handler(ctx: { params: { accountIds?: string[] } }) {
          d.authz.invalidate(ctx.params?.accountIds);
        },
      },
    },

    actions: allIdentityActions({
      d,
      store: deps.store,
      ask: (ctx: Ctx<unknown>) => ({
        caller: ctx.meta.user,
        ip: ctx.meta.ip,
        peers: peersVia({ call: <T>(a: string, p?: object, o?: object) => ctx.call(a, p, o) as Promise<T> }, overrides),
      }),
    }),

    created() {
      d.attach((this as unknown as { broker: ServiceBroker }).broker);
    },

    async started() {
      await d.keyring.start();
      await bootstrapAdmin(d);
    },
  };
}

/** The former name of `create`. */
export const createIdentityService = create;
