import { accountActions } from './accounts';
import { authorizationActions } from './authorization';
import type { Ctx } from '@puesc/service';
import { liveCaller } from '../app/access';
import { withAudit } from './audit';
import type { ActionContext, IdentityAction, IdentityActions } from './context';
import { keyActions } from './keys';
import { legacyActions } from './legacy';
import { officerActions } from './officers';
import { passwordActions } from './passwords';
import { personActions } from './persons';
import { representationActions } from './representations';
import { scopeActions } from './scope';
import { sessionActions } from './sessions';

export type { ActionContext } from './context';

/** Every action of identity, by area (in the order of the API document: sign-up, then sessions). */
export function identityActions(c: ActionContext): IdentityActions {
  const { registerAccount, verifyEmail, resendVerification, ...accounts } = accountActions(c);
  const all: IdentityActions = {
    registerAccount: registerAccount!,
    verifyEmail: verifyEmail!,
    resendVerification: resendVerification!,
    ...sessionActions(c),
    ...passwordActions(c),
    ...accounts,
    ...personActions(c),
    ...scopeActions(c),
    ...officerActions(c),
    ...representationActions(c),
    ...authorizationActions(c),
    ...keyActions(c),
    ...legacyActions(c),
  };
  return Object.fromEntries(Object.entries(all).map(([name, a]) => [name, live(c, audited(a))]));
}

/** Issue 18 audit trail: an action that declares `auditOf` notes its object once it has answered. */
function audited(a: IdentityAction): IdentityAction {
  const { auditOf, handler } = a;
  if (!auditOf || typeof handler !== 'function') return a;
  return {
    ...a,
    handler(this: unknown, ctx: Ctx<unknown>) {
      return withAudit(ctx, auditOf, async () => handler.call(this as never, ctx as never));
    },
  };
}

/**
 * ID-11: a REST action for a signed-in caller runs only while the caller's account is active and
 * the session of the token has not ended (a closed account can do nothing, whatever token it holds).
 */
function live(c: ActionContext, a: IdentityAction): IdentityAction {
  if (!a.rest || a.auth === 'public' || typeof a.handler !== 'function') return a;
  const handler = a.handler;
  return {
    ...a,
    async handler(this: unknown, ctx: Ctx<unknown>) {
      await liveCaller(c.d, { caller: ctx.meta.user });
      return handler.call(this as never, ctx as never);
    },
  };
}
