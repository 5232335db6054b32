/** Actions on the transfer of rights and obligations under a permit (TORO, EUP-16). */
import { callerOf, type Ctx } from '@puesc/service';
import { TAGS, permitParams, toroParams, type PermitRef, type ToroParams } from '../contracts';
import type { SzprotDeps } from '../app/deps';
import { transferAnswer, transferListAnswer } from '../answers';
import { audited } from './caller';
import { transferRights } from '../app/permits';
import { listTransfers } from '../app/queries';

export function toroActions(d: SzprotDeps) {
  return {
    transferRights: {
      params: toroParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/toro',
      openapi: {
        summary: 'Transfer rights and obligations (TORO-1 / TORO-2) for goods already placed under end-use (EUP-16)',
        tags: TAGS.permits,
        response: transferAnswer,
        status: 201,
      },
      handler: audited('permit', (ctx: Ctx<ToroParams>) => transferRights(d, callerOf(ctx), ctx.params)),
    },

    listTransfers: {
      params: permitParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber/toro',
      openapi: {
        summary: 'TORO transfers under the permit (EUP-16)',
        tags: TAGS.permits,
        response: transferListAnswer,
      },
      handler: audited('permit', (ctx: Ctx<PermitRef>) => listTransfers(d, callerOf(ctx), ctx.params)),
    },
  };
}
