import type { Ctx } from '@puesc/service';
import * as P from '../contracts';
import * as A from '../answers';
import * as scope from '../app/scope';
import type { ActionContext, IdentityActions } from './context';
import { objectAudit } from './audit';

const tags = ['Extended scope'];

/** The extended scope (ID-03, ID-04). */
export const scopeActions = ({ d, ask }: ActionContext): IdentityActions => ({
  extendedScopeRequestDocument: {
    rest: 'POST /api/v1/extended-scope/request-document',
    openapi: {
      response: A.scopeRequestDocumentAnswer,
      summary: 'Get the registration request to sign for the extended scope (ID-04)',
      description:
        'Returns `content`: the exact text to sign (JAdES/JWS, any PKI-05 method), valid for the one-time-code lifetime and usable once.',
      tags,
    },
    params: P.empty,
    handler: (ctx: Ctx) => scope.extendedScopeRequestDocument(d, ask(ctx)),
  },

  requestExtendedScope: {
    rest: 'POST /api/v1/extended-scope',
    openapi: {
      response: A.scopeRequestAnswer,
      summary: 'Ask for the extended scope (ID-03, ID-04)',
      description:
        '`signature`: send the signed registration request (`jws`, and `content` when the signature is detached): a valid signature of the person grants the extended scope at once. `in-person`: a registration officer confirms it after a visit. Refresh the access token afterwards to carry the new scope.',
      tags,
      examples: {
        signature: {
          method: 'signature',
          jws: 'eyJhbGciOiJFUzI1NiIs...',
          content: '{"type":"puesc.identity.extended-scope-request",...}',
        },
        inPerson: { method: 'in-person' },
      },
    },
    params: P.requestExtendedScope,
    handler: (ctx: Ctx<P.RequestExtendedScopeParams>) => scope.requestExtendedScope(d, ask(ctx), ctx.params),
  },

  pendingScopeRequests: {
    rest: 'GET /api/v1/extended-scope/requests',
    openapi: {
      response: A.personListAnswer,
      summary: 'Persons waiting for an in-person confirmation (registration officers)',
      tags,
    },
    params: P.empty,
    auditOf: objectAudit('scope-requests', () => 'in-person', 'list'),
    handler: (ctx: Ctx) => scope.pendingScopeRequests(d, ask(ctx)),
  },

  confirmExtendedScope: {
    rest: 'POST /api/v1/persons/:personId/extended-scope/confirm',
    openapi: {
      response: A.personAnswer,
      summary: "Confirm a person's identity after an in-person visit: extended scope (ID-03)",
      tags,
      examples: { request: { note: 'ID card checked' } },
    },
    params: P.confirmScope,
    auditOf: objectAudit('person', (p: P.ConfirmScopeParams) => p.personId, 'confirm-extended-scope'),
    handler: (ctx: Ctx<P.ConfirmScopeParams>) => scope.confirmExtendedScope(d, ask(ctx), ctx.params),
  },

  withdrawExtendedScope: {
    rest: 'POST /api/v1/persons/:personId/extended-scope/withdraw',
    openapi: {
      response: A.personAnswer,
      summary: 'Withdraw the extended scope (registration officers)',
      tags,
      examples: { request: { reason: 'identity document reported stolen' } },
    },
    params: P.withdrawScope,
    auditOf: objectAudit('person', (p: P.WithdrawScopeParams) => p.personId, 'withdraw-extended-scope'),
    handler: (ctx: Ctx<P.WithdrawScopeParams>) => scope.withdrawExtendedScope(d, ask(ctx), ctx.params),
  },
});
