import { callerOf, requireRole, type Ctx } from '@puesc/service';
import {
  approveParams,
  registerParams,
  rejectParams,
  type ApproveParams,
  type RegisterParams,
  type RejectParams,
} from '../contracts';
import { auditedCompany } from './audit';
import { companyAnswer } from '../answers';
import { OFFICERS } from '../app/access';
import type { RegistryDeps } from '../app/deps';
import { approveCompany, registerCompany, rejectCompany } from '../app/registration';
import { TAGS } from './requester';

export function registrationActions(d: RegistryDeps) {
  return {
    registerCompany: {
      rest: 'POST /api/v1/companies',
      auth: 'user',
      openapi: {
        summary: 'Register a company (REG-01): submitted for approval by a registration officer',
        description:
          'The submitter must be a registered person (ID-01). With `declareByLaw` the submitter declares representing the company by law (owner, board member, proxy) and becomes a pending representative in identity. NIP, REGON and KRS are checked (REG-03..REG-05); a NIP already registered is refused.',
        tags: TAGS,
        status: 201,
        response: companyAnswer,
      },
      params: registerParams,
      handler: (ctx: Ctx<RegisterParams>) =>
        auditedCompany(ctx, registerCompany(d, callerOf(ctx), ctx.params), (c) => c.id),
    },

    approveCompany: {
      rest: 'POST /api/v1/companies/:id/approve',
      auth: 'user',
      openapi: {
        summary: 'Approve a company registration and assign its EORI (REG-02)',
        tags: TAGS,
        response: companyAnswer,
      },
      params: approveParams,
      handler: (ctx: Ctx<ApproveParams>) =>
        auditedCompany(ctx, approveCompany(d, requireRole(ctx, ...OFFICERS), ctx.params), (c) => c.id),
    },

    rejectCompany: {
      rest: 'POST /api/v1/companies/:id/reject',
      auth: 'user',
      openapi: { summary: 'Reject a company registration, with the reason', tags: TAGS, response: companyAnswer },
      params: rejectParams,
      handler: (ctx: Ctx<RejectParams>) =>
        auditedCompany(ctx, rejectCompany(d, requireRole(ctx, ...OFFICERS), ctx.params), (c) => c.id),
    },
  };
}
