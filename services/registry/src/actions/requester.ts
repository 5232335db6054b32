import type { Ctx } from '@puesc/service';
import type { Requester } from '../app/access';
import { identityPeer } from '../peers';

/** Who asks, from the Moleculer context: the gateway's caller, the calling service, the client address. */
export function requesterOf(ctx: Ctx<unknown>): Requester {
  return {
    ...(ctx.meta.user ? { user: ctx.meta.user } : {}),
    fromService: Boolean(ctx.caller),
    ...(ctx.meta.ip ? { ip: ctx.meta.ip } : {}),
    identity: identityPeer({ call: (action, params) => ctx.call(action, params) }),
  };
}

export const TAGS = ['registry'];
