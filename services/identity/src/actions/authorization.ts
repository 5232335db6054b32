import type { Ctx } from '@puesc/service';
import * as P from '../contracts';
import { authorizeAction, authorizeAgencyAction } from '../app/authorization';
import type { ActionContext, IdentityActions } from './context';

/** ID-10 for the services that own company data (internal: no REST route). */
export const authorizationActions = ({ d }: ActionContext): IdentityActions => ({
  authorize: {
    // used by every service that owns company data (ID-10)
    params: P.authorize,
    handler: (ctx: Ctx<P.AuthorizeParams>) => authorizeAction(d, ctx.params),
  },

  authorizeAgency: {
    // EUP-13, a permission registered to a customs agency in indirect representation
    params: P.authorizeAgency,
    handler: (ctx: Ctx<P.AuthorizeAgencyParams>) => authorizeAgencyAction(d, ctx.params),
  },
});
