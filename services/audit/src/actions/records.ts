/** Reading the access audit trail (AUD-01). There is no action that changes or removes a record (AUD-02). */
import type { ServiceSchema } from 'moleculer';
import { callerOf, type Ctx } from '@puesc/service';
import { listRecordsParams, type ListRecordsParams } from '../contracts';
import type { AuditDeps } from '../app/deps';
import { listRecords } from '../app/reading';
import { identityPeer } from '../peers';
import { recordPageView } from '../views';

const TAGS = ['audit'];

export const recordActions = (d: AuditDeps): NonNullable<ServiceSchema['actions']> => ({
  listRecords: {
    params: listRecordsParams,
    rest: 'GET /api/v1/audit/records',
    openapi: {
      summary: 'The access audit trail: who read or changed which object of a company, when, on whose behalf',
      description:
        "Issue 18, AUD-01: an auditor reads every company's trail (companyId optional); a person with company.manage reads their company's; everyone else gets 403. Bounded window (from..to, at most AUDIT_MAX_WINDOW_DAYS) and pages (limit ≤ 500, cursor). Records hold ids, never a PESEL (AUD-03).",
      tags: TAGS,
      response: recordPageView,
    },
    handler: (ctx: Ctx<ListRecordsParams>) => listRecords(d, callerOf(ctx), ctx.params, identityPeer(ctx)),
  },
});
