import type { Ctx } from '@puesc/service';
import * as P from '../contracts';
import * as A from '../answers';
import * as reps from '../app/representations';
import { expireRepresentations } from '../app/expiry';
import type { ActionContext, IdentityActions } from './context';
import { representationAudit, representationListAudit } from './audit';

const tags = ['Representations'];

const REQUEST_EXAMPLES = {
  attorney: {
    eori: 'PL123456321800000',
    kind: 'employee-attorney',
    permissions: ['seap.submit', 'szprot.submit', 'documents.view-own'],
    endDate: '2026-12-31',
    documents: {
      authorisation: { form: 'pdf', ref: 'att-0193c1f2' },
      stampDuty: { ref: 'att-0193c1f3', amountPln: 17 },
    },
  },
  byLaw: {
    nip: '1234563218',
    kind: 'by-law',
    permissions: ['seap.submit', 'szprot.submit', 'documents.view-all', 'company.manage'],
  },
};

/** Representations (ID-01 step 4, ID-05..ID-07, ID-09). */
export const representationActions = ({ d, ask }: ActionContext): IdentityActions => ({
  requestRepresentation: {
    rest: 'POST /api/v1/representations',
    openapi: {
      response: A.representationAnswer,
      summary: 'Ask to represent a registered company (ID-01 step 4, ID-05..ID-07)',
      description:
        'Names the company (companyId, EORI or NIP), the kind, the permissions from the catalogue and an optional end date. An employee/attorney or customs representative attaches the authorisation (ID-06) and the stamp-duty proof (17 PLN, ID-05); without them the request stays pending. A registration officer approves it.',
      tags,
      status: 201,
      examples: REQUEST_EXAMPLES,
    },
    params: P.requestRepresentation,
    auditOf: representationAudit('request'),
    handler: (ctx: Ctx<P.RequestRepresentationParams>) => reps.requestRepresentation(d, ask(ctx), ctx.params),
  },

  updateRepresentation: {
    rest: 'PATCH /api/v1/representations/:id',
    openapi: {
      response: A.representationAnswer,
      summary: 'Change a representation (ID-09)',
      description:
        'While requested: the requester changes anything (e.g. attaches the missing documents). Once approved: it can only be narrowed, by the representative, a by-law representative of the company or an officer.',
      tags,
      examples: {
        attach: { documents: { stampDuty: { ref: 'att-0193c1f3', amountPln: 17 } } },
        narrow: { permissions: ['seap.submit'], endDate: '2025-12-31' },
      },
    },
    params: P.updateRepresentation,
    auditOf: representationAudit('update'),
    handler: (ctx: Ctx<P.UpdateRepresentationParams>) => reps.updateRepresentation(d, ask(ctx), ctx.params),
  },

  approveRepresentation: {
    rest: 'POST /api/v1/representations/:id/approve',
    openapi: {
      response: A.representationAnswer,
      summary: 'Approve a representation after verifying its documents (registration officers; ID-05, ID-06)',
      tags,
      examples: { request: {} },
    },
    params: P.repIdWithNote,
    auditOf: representationAudit('approve'),
    handler: (ctx: Ctx<P.RepIdWithNote>) => reps.approveRepresentation(d, ask(ctx), ctx.params),
  },

  rejectRepresentation: {
    rest: 'POST /api/v1/representations/:id/reject',
    openapi: {
      response: A.representationAnswer,
      summary: 'Reject a representation request (registration officers)',
      tags,
      examples: { request: { reason: 'the authorisation does not list the permissions' } },
    },
    params: P.repIdWithReason,
    auditOf: representationAudit('reject'),
    handler: (ctx: Ctx<P.RepIdWithReason>) => reps.rejectRepresentation(d, ask(ctx), ctx.params),
  },

  revokeRepresentation: {
    rest: 'POST /api/v1/representations/:id/revoke',
    openapi: {
      response: A.representationAnswer,
      summary: "Revoke a representation (the company's by-law representatives or an officer; ID-05)",
      tags,
      examples: { request: { reason: 'employment ended' } },
    },
    params: P.repIdWithOptionalReason,
    auditOf: representationAudit('revoke'),
    handler: (ctx: Ctx<P.RepIdWithOptionalReason>) => reps.revokeRepresentation(d, ask(ctx), ctx.params),
  },

  listRepresentations: {
    rest: 'GET /api/v1/representations',
    openapi: {
      response: A.representationListAnswer,
      summary: 'Representations: your own, those of a company you manage, or any (registration officers)',
      tags,
    },
    params: P.listRepresentations,
    auditOf: representationListAudit,
    handler: (ctx: Ctx<P.ListRepresentationsParams>) => reps.listRepresentations(d, ask(ctx), ctx.params),
  },

  getRepresentation: {
    rest: 'GET /api/v1/representations/:id',
    openapi: {
      response: A.representationWithVersionsAnswer,
      summary: 'A representation with every version (ID-09)',
      tags,
    },
    params: P.repIdOnly,
    auditOf: representationAudit('read'),
    handler: (ctx: Ctx<P.RepIdOnly>) => reps.getRepresentation(d, ask(ctx), ctx.params),
  },

  expireRepresentations: {
    // internal: the sweep, also callable by operators and tests
    params: P.empty,
    handler: async () => ({ expired: await expireRepresentations(d) }),
  },
});
