/** EUP-20: the VAT statement a company registers on its own, and its reading. */
import { callerOf, type Ctx } from '@puesc/service';
import { TAGS, companyParams, vatStatementParams, type RegisterVatStatementParams } from '../contracts';
import type { SzprotDeps } from '../app/deps';
import { vatStatementAnswer } from '../answers';
import { getVatStatement, registerVatStatement } from '../app/vatStatements';

export function vatStatementActions(d: SzprotDeps) {
  return {
    registerVatStatement: {
      params: vatStatementParams,
      rest: 'PUT /api/v1/szprot/companies/:companyId/vat-statement',
      openapi: {
        summary: 'Register the VAT statement that exempts from the VAT guarantee (EUP-20, EUP-12)',
        description:
          'The statement confirms active VAT registration, no arrears and no enforcement, liquidation or bankruptcy; it is valid 6 months from its issue day and replaces the one registered before. The guarantee decision uses it while it is valid; `szprot.vatStatement.expiring` is published 14 days before it lapses. A statement that would not exempt today is refused (422 EUP-20).',
        tags: TAGS.permits,
        response: vatStatementAnswer,
      },
      handler: (ctx: Ctx<RegisterVatStatementParams>) => registerVatStatement(d, callerOf(ctx), ctx.params),
    },
    getVatStatement: {
      params: companyParams,
      rest: 'GET /api/v1/szprot/companies/:companyId/vat-statement',
      openapi: {
        summary: 'The registered VAT statement, its validity and what it lacks (EUP-20)',
        tags: TAGS.permits,
        response: vatStatementAnswer,
      },
      handler: (ctx: Ctx<{ companyId: string }>) => getVatStatement(d, callerOf(ctx), ctx.params),
    },
  };
}
