import type { Ctx } from '@puesc/service';
import { buildAsyncApi } from '../asyncapi';
import {
  companyIdParams,
  eligibilityParams,
  getCompanyParams,
  listCompaniesParams,
  noParams,
  type CompanyIdParams,
  type EligibilityParams,
  type GetCompanyParams,
  type ListCompaniesParams,
} from '../contracts';
import { auditedCompany } from './audit';
import { asyncApiAnswer, companyAnswer, companyHistoryAnswer, companyListAnswer } from '../answers';
import type { RegistryDeps } from '../app/deps';
import { checkEligibility, getCompany, historyOf, listCompanies } from '../app/queries';
import { requesterOf, TAGS } from './requester';

export function queryActions(d: RegistryDeps) {
  let asyncapi: object | undefined;
  return {
    getCompany: {
      rest: 'GET /api/v1/companies/:id',
      auth: 'user',
      openapi: {
        summary: 'A company and its current version',
        description:
          'For officers and for representatives with company.manage or documents.view-all (ID-10). Other services may also look up by `eori` or `nip`.',
        tags: TAGS,
        response: companyAnswer,
      },
      params: getCompanyParams,
      handler: (ctx: Ctx<GetCompanyParams>) =>
        auditedCompany(ctx, getCompany(d, requesterOf(ctx), ctx.params), (c) => c.id),
    },

    listCompanies: {
      rest: 'GET /api/v1/companies',
      auth: 'user',
      openapi: {
        summary: 'Companies by status (officers), oldest first; page with `after`',
        tags: TAGS,
        response: companyListAnswer,
      },
      params: listCompaniesParams,
      handler: (ctx: Ctx<ListCompaniesParams>) => listCompanies(d, requesterOf(ctx), ctx.params),
    },

    history: {
      rest: 'GET /api/v1/companies/:id/history',
      auth: 'user',
      openapi: {
        summary: 'Every version of the company record with its date and author (REG-07)',
        tags: TAGS,
        response: companyHistoryAnswer,
      },
      params: companyIdParams,
      handler: (ctx: Ctx<CompanyIdParams>) =>
        auditedCompany(ctx, historyOf(d, requesterOf(ctx), ctx.params), (h) => h.companyId),
    },

    checkEligibility: {
      // Internal (no route): REG-01 for the permit services.
      params: eligibilityParams,
      handler: (ctx: Ctx<EligibilityParams>) => checkEligibility(d, ctx.params),
    },

    asyncapi: {
      rest: 'GET /api/v1/registry/asyncapi',
      auth: 'public',
      openapi: {
        summary: 'AsyncAPI 3 document of the REGISTRY stream: subjects and event schemas (LEG-01)',
        tags: TAGS,
        response: asyncApiAnswer,
      },
      params: noParams,
      handler: () => (asyncapi ??= buildAsyncApi()),
    },
  };
}
