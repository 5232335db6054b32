import type { Ctx } from '@puesc/service';
import * as P from '../contracts';
import * as A from '../answers';
import * as officers from '../app/officers';
import type { ActionContext, IdentityActions } from './context';
import { objectAudit } from './audit';

const tags = ['Officers'];

/** Officers, created by administrators. */
export const officerActions = ({ d, ask }: ActionContext): IdentityActions => ({
  createOfficer: {
    rest: 'POST /api/v1/officers',
    openapi: {
      response: A.officerCreatedAnswer,
      summary: 'Create an officer (administrators)',
      description:
        'A registration officer, a case officer (with the customs office code) or another administrator. A new account gets an invitation code by e-mail to set its password (password reset completion).',
      tags,
      status: 201,
      examples: {
        request: {
          email: 'a.nowak@mf.gov.pl',
          givenNames: 'Anna',
          surname: 'Nowak',
          role: 'case-officer',
          office: 'PL301000',
        },
      },
    },
    params: P.createOfficer,
    auditOf: objectAudit('account', (_p, a: { accountId: string }) => a.accountId, 'create-officer'),
    handler: (ctx: Ctx<P.CreateOfficerParams>) => officers.createOfficer(d, ask(ctx), ctx.params),
  },

  listOfficers: {
    rest: 'GET /api/v1/officers',
    openapi: { response: A.officerListAnswer, summary: 'Officers (administrators)', tags },
    params: P.empty,
    auditOf: objectAudit('officers', () => 'all', 'list'),
    handler: (ctx: Ctx) => officers.listOfficers(d, ask(ctx)),
  },
});
