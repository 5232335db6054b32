import type { Ctx } from '@puesc/service';
import * as P from '../contracts';
import * as A from '../answers';
import * as accounts from '../app/accounts';
import { closeAccount } from '../app/closure';
import { mailSecret } from '../app/mailSecrets';
import type { ActionContext, IdentityActions } from './context';

const tags = ['Accounts'];

/** Accounts (ID-01 step 1): sign-up, the caller's account, closure (ID-11). */
export const accountActions = ({ d, ask }: ActionContext): IdentityActions => ({
  registerAccount: {
    rest: 'POST /api/v1/accounts',
    idempotency: false, // issue 18 item 8: the answer (tokens, codes) is never stored or replayed
    rateLimit: { max: 20, timeWindow: 60_000 },
    auth: 'public',
    openapi: {
      response: A.registrationAnswer,
      summary: 'Create an account (ID-01 step 1)',
      description:
        'Creates an account with an e-mail address and a password (at least 12 characters, not containing the e-mail, not a common password) and e-mails a one-time code to confirm the address. The answer is the same whether or not the address already has an account.',
      tags,
      status: 202,
      examples: { request: { email: 'jan.kowalski@example.pl', password: 'plum-orchard-window-77' } },
    },
    params: P.registerAccount,
    handler: (ctx: Ctx<P.Credentials>) => accounts.registerAccount(d, ctx.params),
  },

  verifyEmail: {
    rest: 'POST /api/v1/accounts/verify-email',
    idempotency: false, // issue 18 item 8: the answer (tokens, codes) is never stored or replayed
    rateLimit: { max: 30, timeWindow: 60_000 },
    auth: 'public',
    openapi: {
      response: A.verifiedAnswer,
      summary: 'Confirm the e-mail address with the one-time code',
      tags,
      examples: { request: { email: 'jan.kowalski@example.pl', code: '123456' } },
    },
    params: P.verifyEmail,
    handler: (ctx: Ctx<P.EmailCode>) => accounts.verifyEmail(d, ctx.params),
  },

  resendVerification: {
    rest: 'POST /api/v1/accounts/verify-email/resend',
    idempotency: false, // issue 18 item 8: the answer (tokens, codes) is never stored or replayed
    rateLimit: { max: 10, timeWindow: 60_000 },
    auth: 'public',
    openapi: {
      response: A.resendAnswer,
      summary: 'Send a new e-mail confirmation code',
      tags,
      status: 202,
      examples: { request: { email: 'jan.kowalski@example.pl' } },
    },
    params: P.emailOnly,
    handler: (ctx: Ctx<P.EmailOnly>) => accounts.resendVerification(d, ctx.params),
  },

  me: {
    rest: 'GET /api/v1/me',
    openapi: {
      response: A.meAnswer,
      summary: 'The caller: account, registered person, scope and representations',
      tags,
    },
    params: P.empty,
    handler: (ctx: Ctx) => accounts.me(d, ask(ctx)),
  },

  closeAccount: {
    rest: 'POST /api/v1/me/close',
    idempotency: false, // issue 18 item 8: the answer (tokens, codes) is never stored or replayed
    openapi: {
      response: A.closedAnswer,
      summary: 'Close the account',
      description:
        'Ends the person registration, the extended scope (PKI revokes certificates), every representation and every session. The PESEL or document can later be registered on a new account.',
      tags,
      examples: { request: { password: '…' } },
    },
    params: P.closeAccount,
    handler: (ctx: Ctx<P.CloseAccountParams>) => closeAccount(d, ask(ctx), ctx.params),
  },

  getAccountEmail: {
    // internal (no rest): notifications resolves an account's address for NOT-01
    params: P.accountIdOnly,
    handler: (ctx: Ctx<P.AccountIdOnly>) => accounts.accountEmail(d, ctx.params),
  },

  mailSecret: {
    // internal (no rest): notifications renders a mail with secretRef (issue 18 item 12)
    params: P.mailSecret,
    handler: (ctx: Ctx<P.MailSecretParams>) => mailSecret(d, ctx.params),
  },
});
