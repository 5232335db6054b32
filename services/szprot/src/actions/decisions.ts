/** Actions of the case officer on a case: acceptance and the decision (EUP-03..EUP-08, EUP-10). */
import type { Ctx } from '@puesc/service';
import {
  TAGS,
  callToCompleteParams,
  caseParams,
  extendParams,
  grantParams,
  groundsParams,
  requestDecisionParams,
  requestInformationParams,
  type CallToCompleteParams,
  type CaseRef,
  type ExtendParams,
  type GrantParams,
  type GroundsParams,
  type RequestDecisionParams,
  type RequestInformationParams,
} from '../contracts';
import * as decisions from '../app/caseDecisions';
import type { SzprotDeps } from '../app/deps';
import { caseAnswer } from '../answers';
import { audited, officerOf } from './caller';

function caseReceiptActions(d: SzprotDeps) {
  return {
    callToComplete: {
      params: callToCompleteParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/call-to-complete',
      openapi: {
        summary: 'Call the client to complete the application (EUP-03)',
        description:
          'At most 30 days to answer (DDS0001); the acceptance check waits for the answer. Not answered → not accepted.',
        tags: TAGS.office,
        response: caseAnswer,
      },
      handler: audited('case', (ctx: Ctx<CallToCompleteParams>) =>
        decisions.callToComplete(d, officerOf(ctx), ctx.params),
      ),
    },

    acceptApplication: {
      params: caseParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/accept',
      openapi: {
        summary: 'Accept the application; the decision is due 30 days from the acceptance date (EUP-03, EUP-04)',
        tags: TAGS.office,
        response: caseAnswer,
      },
      handler: audited('case', (ctx: Ctx<CaseRef>) => decisions.acceptApplication(d, officerOf(ctx), ctx.params)),
    },

    declareNotAccepted: {
      params: caseParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/not-accepted',
      openapi: {
        summary: 'Declare the application not accepted after an unanswered call (EUP-03)',
        tags: TAGS.office,
        response: caseAnswer,
      },
      handler: audited('case', (ctx: Ctx<CaseRef>) => decisions.declareNotAccepted(d, officerOf(ctx), ctx.params)),
    },

    extendDecisionLimit: {
      params: extendParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/extension',
      openapi: {
        summary: 'Extend the decision limit once by at most 30 days, with reasons, before it expires (EUP-05)',
        tags: TAGS.office,
        response: caseAnswer,
      },
      handler: audited('case', (ctx: Ctx<ExtendParams>) =>
        decisions.extendDecisionLimit(d, officerOf(ctx), ctx.params),
      ),
    },
  };
}

/** The decision limit, information, hearing and the decisions (EUP-04..EUP-07). */
function caseDecisionActions(d: SzprotDeps) {
  return {
    requestInformation: {
      params: requestInformationParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/information-requests',
      openapi: {
        summary: 'Request more information; the decision limit waits for the answer (EUP-05, DA 13(1))',
        tags: TAGS.office,
        response: caseAnswer,
      },
      handler: audited('case', (ctx: Ctx<RequestInformationParams>) =>
        decisions.requestInformation(d, officerOf(ctx), ctx.params),
      ),
    },

    hear: {
      params: groundsParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/hearing',
      openapi: {
        summary: 'Send the grounds for refusing: the client may respond within 30 days of delivery (EUP-06)',
        description: 'The decision limit is extended by 30 days (DA 13(3)).',
        tags: TAGS.office,
        response: caseAnswer,
      },
      handler: audited('case', (ctx: Ctx<GroundsParams>) => decisions.hear(d, officerOf(ctx), ctx.params)),
    },

    grantPermit: {
      params: grantParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/permit',
      openapi: {
        summary: 'Grant the permit: number, validity, guarantee terms, supervising office (EUP-07, EUP-09, EUP-12)',
        tags: TAGS.office,
        response: caseAnswer,
        status: 201,
      },
      handler: audited('case', (ctx: Ctx<GrantParams>) => decisions.grantPermit(d, officerOf(ctx), ctx.params)),
    },

    refuseApplication: {
      params: groundsParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/refusal',
      openapi: {
        summary: 'Refuse, with grounds and appeal instructions, after the client could be heard (EUP-06, EUP-07)',
        tags: TAGS.office,
        response: caseAnswer,
      },
      handler: audited('case', (ctx: Ctx<GroundsParams>) => decisions.refuseApplication(d, officerOf(ctx), ctx.params)),
    },

    decideOnRequest: {
      params: requestDecisionParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/request-decision',
      openapi: {
        summary: 'Decide an application to amend, suspend or revoke a permit (EUP-07, EUP-10)',
        description: 'Amendment and revocation take effect from notification (UCC 28); `notifiedAt` defaults to now.',
        tags: TAGS.office,
        response: caseAnswer,
      },
      handler: audited('case', (ctx: Ctx<RequestDecisionParams>) =>
        decisions.decideOnRequest(d, officerOf(ctx), ctx.params),
      ),
    },
  };
}

export function decisionActions(d: SzprotDeps) {
  return { ...caseReceiptActions(d), ...caseDecisionActions(d) };
}
