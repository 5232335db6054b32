import { requireRole, type Ctx } from '@puesc/service';
import {
  changeCompanyParams,
  exciseParams,
  removeCompanyParams,
  type ChangeCompanyParams,
  type ExciseParams,
  type RemoveCompanyParams,
} from '../contracts';
import { auditedCompany } from './audit';
import { companyAnswer } from '../answers';
import { OFFICERS } from '../app/access';
import { changeCompany, removeCompany, setExciseRegistration } from '../app/changes';
import type { RegistryDeps } from '../app/deps';
import { requesterOf, TAGS } from './requester';

export function changeActions(d: RegistryDeps) {
  return {
    changeCompany: {
      rest: 'PATCH /api/v1/companies/:id',
      auth: 'user',
      openapi: {
        summary: 'Change company data: a new version (REG-07); includes consent to publish the name (REG-06)',
        description:
          'Needs company.manage (or a registration officer). NIP, country and EORI never change. `null` clears REGON or KRS.',
        tags: TAGS,
        response: companyAnswer,
      },
      params: changeCompanyParams,
      handler: (ctx: Ctx<ChangeCompanyParams>) =>
        auditedCompany(ctx, changeCompany(d, requesterOf(ctx), ctx.params), (c) => c.id),
    },

    removeCompany: {
      rest: 'POST /api/v1/companies/:id/removal',
      auth: 'user',
      openapi: {
        summary: 'Remove a company: its EORI stops being valid from a date; nothing is deleted (REG-07)',
        description:
          '`from` is a date (the start of that day in Europe/Warsaw) or a date-time. Representatives cannot back-date; officers can.',
        tags: TAGS,
        response: companyAnswer,
      },
      params: removeCompanyParams,
      handler: (ctx: Ctx<RemoveCompanyParams>) =>
        auditedCompany(ctx, removeCompany(d, requesterOf(ctx), ctx.params), (c) => c.id),
    },

    setExciseRegistration: {
      rest: 'PUT /api/v1/companies/:id/excise',
      auth: 'user',
      openapi: {
        summary: 'Record the excise registration (AKC-R): number and dates (REG-09)',
        tags: TAGS,
        response: companyAnswer,
      },
      params: exciseParams,
      handler: (ctx: Ctx<ExciseParams>) =>
        auditedCompany(ctx, setExciseRegistration(d, requireRole(ctx, ...OFFICERS), ctx.params), (c) => c.id),
    },
  };
}
