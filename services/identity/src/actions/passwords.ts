import type { Ctx } from '@puesc/service';
import * as P from '../contracts';
import * as A from '../answers';
import * as passwords from '../app/passwords';
import type { ActionContext, IdentityActions } from './context';

const authTags = ['Authentication'];

/** Passwords: reset by a mailed code (also an officer's invitation) and change (ID-11). */
export const passwordActions = ({ d, ask }: ActionContext): IdentityActions => ({
  requestPasswordReset: {
    rest: 'POST /api/v1/auth/password-reset',
    idempotency: false, // issue 18 item 8: the answer (tokens, codes) is never stored or replayed
    rateLimit: { max: 10, timeWindow: 60_000 },
    auth: 'public',
    openapi: {
      response: A.resetRequestAnswer,
      summary: 'Ask for a password reset code',
      description: 'The answer is the same whether or not the address has an account.',
      tags: authTags,
      status: 202,
      examples: { request: { email: 'jan.kowalski@example.pl' } },
    },
    params: P.emailOnly,
    handler: (ctx: Ctx<P.EmailOnly>) => passwords.requestPasswordReset(d, ctx.params),
  },

  completePasswordReset: {
    rest: 'POST /api/v1/auth/password-reset/complete',
    idempotency: false, // issue 18 item 8: the answer (tokens, codes) is never stored or replayed
    rateLimit: { max: 20, timeWindow: 60_000 },
    auth: 'public',
    openapi: {
      response: A.resetAnswer,
      summary: 'Set a new password with the reset code (also completes an officer invitation)',
      description: 'Ends every session of the account.',
      tags: authTags,
      examples: {
        request: { email: 'jan.kowalski@example.pl', code: '123456', newPassword: 'another-long-passphrase-9' },
      },
    },
    params: P.completeReset,
    handler: (ctx: Ctx<P.CompleteResetParams>) => passwords.completePasswordReset(d, ctx.params, ask(ctx).ip),
  },

  changePassword: {
    rest: 'POST /api/v1/me/password',
    idempotency: false, // issue 18 item 8: the answer (tokens, codes) is never stored or replayed
    openapi: {
      response: A.changedAnswer,
      summary: 'Change the password (ends every session)',
      tags: ['Accounts'],
      examples: { request: { currentPassword: '…', newPassword: 'another-long-passphrase-9' } },
    },
    params: P.changePassword,
    handler: (ctx: Ctx<P.ChangePasswordParams>) => passwords.changePassword(d, ask(ctx), ctx.params),
  },
});
