/** Actions on permits: lists and views, pre-fill (EUP-13), circumstances (EUP-11), the office's changes (EUP-10). */
import { callerOf, type Ctx } from '@puesc/service';
import {
  TAGS,
  amendParams,
  annulParams,
  circumstancesParams,
  endSuspensionParams,
  listPermitsParams,
  permitParams,
  prefillParams,
  revokeParams,
  suspendParams,
  type AmendParams,
  type AnnulParams,
  type CircumstancesParams,
  type EndSuspensionParams,
  type ListPermitsParams,
  type PermitRef,
  type PrefillParams,
  type RevokeParams,
  type SuspendParams,
} from '../contracts';
import type { SzprotDeps } from '../app/deps';
import { circumstancesAnswer, permitAnswer, permitListAnswer, prefillAnswer } from '../answers';
import * as permits from '../app/permits';
import { prefill } from '../app/prefill';
import { getPermit, listPermits } from '../app/queries';
import { audited, officerOf } from './caller';

function permitReadActions(d: SzprotDeps) {
  return {
    listPermits: {
      params: listPermitsParams,
      rest: 'GET /api/v1/szprot/permits',
      openapi: {
        summary: 'Permits: a holder’s (clients, ID-10) or those the office issued or supervises',
        tags: TAGS.permits,
        response: permitListAnswer,
      },
      handler: (ctx: Ctx<ListPermitsParams>) => listPermits(d, callerOf(ctx), ctx.params),
    },

    getPermit: {
      params: permitParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber',
      openapi: {
        summary:
          'A permit with every version, suspensions, reports, records head, TORO transfers and closure (EUP-07, EUP-10)',
        tags: TAGS.permits,
        response: permitAnswer,
      },
      handler: audited('permit', (ctx: Ctx<PermitRef>) => getPermit(d, callerOf(ctx), ctx.params)),
    },

    prefill: {
      params: prefillParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber/prefill',
      openapi: {
        summary: 'Pre-fill an application to amend, suspend or revoke with the permit’s data (EUP-13)',
        description:
          'Only for a registered representative of the holder with documents.view-all (ID-07); in indirect representation (`mode=indirect`, `agencyCompanyId`) that permission must be registered to the customs agency. Otherwise `prefilled: false` with the reason: every field is typed by hand.',
        tags: TAGS.permits,
        response: prefillAnswer,
      },
      handler: (ctx: Ctx<PrefillParams>) => prefill(d, callerOf(ctx), ctx.params),
    },

    reportCircumstances: {
      params: circumstancesParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/circumstances',
      openapi: {
        summary: 'Report a circumstance arising after the permit that may affect it (EUP-11)',
        tags: TAGS.permits,
        response: circumstancesAnswer,
        status: 201,
      },
      handler: audited('permit', (ctx: Ctx<CircumstancesParams>) =>
        permits.reportCircumstances(d, callerOf(ctx), ctx.params),
      ),
    },
  };
}

/** The office’s changes of a permit (EUP-10). */
function permitChangeActions(d: SzprotDeps) {
  return {
    amendPermit: {
      params: amendParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/amendment',
      openapi: {
        summary: 'Amend the permit of the office’s own motion; effect from notification (EUP-10, UCC 28)',
        tags: TAGS.office,
        response: permitAnswer,
      },
      handler: audited('permit', (ctx: Ctx<AmendParams>) => permits.amendPermit(d, officerOf(ctx), ctx.params)),
    },

    suspendPermit: {
      params: suspendParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/suspension',
      openapi: {
        summary:
          'Suspend the permit: ≤ 30 days to check grounds, or the holder’s period + ≤ 30 days (EUP-10, DA 16-17)',
        tags: TAGS.office,
        response: permitAnswer,
      },
      handler: audited('permit', (ctx: Ctx<SuspendParams>) => permits.suspendPermit(d, officerOf(ctx), ctx.params)),
    },

    endSuspension: {
      params: endSuspensionParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/suspension/end',
      openapi: {
        summary: 'End the suspension (its grounds were cleared) (EUP-10, DA 18)',
        tags: TAGS.office,
        response: permitAnswer,
      },
      handler: audited('permit', (ctx: Ctx<EndSuspensionParams>) =>
        permits.endSuspension(d, officerOf(ctx), ctx.params),
      ),
    },

    revokePermit: {
      params: revokeParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/revocation',
      openapi: {
        summary: 'Revoke the permit of the office’s own motion; effect from notification (EUP-10, UCC 28)',
        tags: TAGS.office,
        response: permitAnswer,
      },
      handler: audited('permit', (ctx: Ctx<RevokeParams>) => permits.revokePermit(d, officerOf(ctx), ctx.params)),
    },

    annulPermit: {
      params: annulParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/annulment',
      openapi: {
        summary: 'Annul the permit; effect from the day it took effect (EUP-10, UCC 27)',
        tags: TAGS.office,
        response: permitAnswer,
      },
      handler: audited('permit', (ctx: Ctx<AnnulParams>) => permits.annulPermit(d, officerOf(ctx), ctx.params)),
    },
  };
}

export function permitActions(d: SzprotDeps) {
  return { ...permitReadActions(d), ...permitChangeActions(d) };
}
