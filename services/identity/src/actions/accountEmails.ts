import type { Ctx } from '@puesc/service';
import type { Store } from '@puesc/store';
import { listAccountEmails, type ListAccountEmailsParams } from '../app/accountEmails';
import { accountsSpec, type AccountDoc } from '../store';
import type { IdentityActions } from './context';

const listAccountEmailsParams = {
  type: 'object',
  additionalProperties: false,
  properties: {
    after: { type: 'string', minLength: 1, maxLength: 100, description: 'the last accountId of the previous page' },
    limit: { type: 'integer', minimum: 1, maximum: 1000 },
  },
} as const;

/** DOC-10: the addresses of every active account, for notifications' maintenance e-mail. */
export const accountEmailActions = (store: Store): IdentityActions => {
  const collections = { accounts: store.collection<AccountDoc>(accountsSpec) };
  return {
    listAccountEmails: {
      // internal (no rest): notifications e-mails planned maintenance to every account (DOC-10)
      params: listAccountEmailsParams,
      handler: (ctx: Ctx<ListAccountEmailsParams>) => listAccountEmails(collections, ctx.params),
    },
  };
};
