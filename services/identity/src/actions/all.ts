import type { Store } from '@puesc/store';
import { accountEmailActions } from './accountEmails';
import type { ActionContext, IdentityActions } from './context';
import { identityActions } from './index';
import { representationDocumentActions } from './representationDocuments';

/** Every action of identity: those of actions/index.ts, the representation documents (ID-05, ID-06), DOC-10's listing. */
export const allIdentityActions = ({ store, ...c }: ActionContext & { store: Store }): IdentityActions => ({
  ...identityActions(c),
  ...representationDocumentActions(c, store),
  ...accountEmailActions(store),
});
