import { accountActions } from './accounts';
import { authorizationActions } from './authorization';
import type { ActionContext, IdentityActions } from './context';
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
  return {
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
}
