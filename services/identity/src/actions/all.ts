import type { Store } from '@puesc/store';
import { accountEmailActions } from './accountEmails';
import type { ActionContext, IdentityActions } from './context';
import { identityActions } from './index';

/** Every action of identity: those of actions/index.ts, then DOC-10's internal listing of addresses. */
export const allIdentityActions = ({ store, ...c }: ActionContext & { store: Store }): IdentityActions => ({
  ...identityActions(c),
  ...accountEmailActions(store),
});
