import type { Ctx } from '@puesc/service';
import * as P from '../contracts';
import * as A from '../answers';
import * as sessions from '../app/sessions';
import type { ActionContext, IdentityActions } from './context';
import { objectAudit } from './audit';

const tags = ['Authentication'];

/** Sessions: login, refresh, logout (ID-11). */
export const sessionActions = ({ d, ask }: ActionContext): IdentityActions => ({
  login: {
    rest: 'POST /api/v1/auth/login',
    idempotency: false, // issue 18 item 8: the answer (tokens, codes) is never stored or replayed
    rateLimit: { max: 60, timeWindow: 60_000 },
    auth: 'public',
    openapi: {
      response: A.tokensAnswer,
      summary: 'Log in: short-lived access token (ES256) and a rotating refresh token',
      description:
        'Unknown e-mail and wrong password get the same answer. Repeated failures lock the account key and the client address for a growing time (429 with Retry-After).',
      tags,
      examples: { request: { email: 'jan.kowalski@example.pl', password: 'plum-orchard-window-77' } },
    },
    params: P.login,
    handler: (ctx: Ctx<P.Credentials>) => sessions.login(d, ask(ctx), ctx.params),
  },

  refresh: {
    rest: 'POST /api/v1/auth/refresh',
    idempotency: false, // issue 18 item 8: the answer (tokens, codes) is never stored or replayed
    auth: 'public',
    openapi: {
      response: A.tokensAnswer,
      summary: 'Exchange a refresh token for a new access token and the next refresh token',
      description:
        'Each refresh token works once. Presenting a spent one ends the whole session (all tokens of that login).',
      tags,
      examples: { request: { refreshToken: '0193c1f2-6f4e-7a11-9d52-6b1f0f2c8a10.q3X1...' } },
    },
    params: P.refresh,
    handler: (ctx: Ctx<P.RefreshParams>) => sessions.refresh(d, ctx.params),
  },

  logout: {
    rest: 'POST /api/v1/auth/logout',
    idempotency: false, // issue 18 item 8: the answer (tokens, codes) is never stored or replayed
    auth: 'public',
    openapi: {
      summary: 'End the session of a refresh token',
      tags,
      status: 204,
      examples: { request: { refreshToken: '0193c1f2-....q3X1...' } },
    },
    params: P.refresh,
    handler: (ctx: Ctx<P.RefreshParams>) => sessions.logout(d, ctx.params),
  },

  endSessions: {
    rest: 'POST /api/v1/admin/accounts/:accountId/end-sessions',
    openapi: {
      response: A.sessionsEndedAnswer,
      summary: 'End every session of an account (administrators; ID-11)',
      description:
        'Every refresh token of the account stops working and its access tokens are refused everywhere within seconds; the holder must log in again.',
      tags: ['Administration'],
      examples: { request: {} },
    },
    params: P.accountIdOnly,
    auditOf: objectAudit('account', (p: P.AccountIdOnly) => p.accountId, 'end-sessions'),
    handler: (ctx: Ctx<P.AccountIdOnly>) => sessions.endSessionsByAdmin(d, ask(ctx), ctx.params),
  },
});
