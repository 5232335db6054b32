/** Actions on the closure of an ended permit (EUP-15): read, the holder's bill, the office's extension, waiver, assessment. */
import { callerOf, type Ctx } from '@puesc/service';
import {
  TAGS,
  billParams,
  extendClosureParams,
  permitParams,
  waiveParams,
  type BillParams,
  type ExtendClosureParams,
  type PermitRef,
  type WaiveParams,
} from '../contracts';
import * as closure from '../app/closure';
import type { SzprotDeps } from '../app/deps';
import { closureAnswer } from '../answers';
import { audited, officerOf } from './caller';

export function closureActions(d: SzprotDeps) {
  return {
    getClosure: {
      params: permitParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber/closure',
      openapi: {
        summary: 'The closing settlement of an ended permit, with its deadline (EUP-15, DL-04)',
        tags: TAGS.closure,
        response: closureAnswer,
      },
      handler: audited('closure', (ctx: Ctx<PermitRef>) => closure.getClosure(d, callerOf(ctx), ctx.params)),
    },

    submitBill: {
      params: billParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/closure/bill',
      openapi: {
        summary: 'Submit the closing settlement (bill of discharge) within 30 days after the permit ends (EUP-15)',
        description: 'Waste, scrap and natural losses need no settlement. In time by the time it is received (DL-03).',
        tags: TAGS.closure,
        response: closureAnswer,
        status: 201,
      },
      handler: audited('closure', (ctx: Ctx<BillParams>) => closure.submitBill(d, callerOf(ctx), ctx.params)),
    },

    extendClosure: {
      params: extendClosureParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/closure/extension',
      openapi: {
        summary: 'Extend the time for the bill, to at most 60 days after the permit ends (EUP-15)',
        tags: TAGS.office,
        response: closureAnswer,
      },
      handler: audited('closure', (ctx: Ctx<ExtendClosureParams>) =>
        closure.extendClosure(d, officerOf(ctx), ctx.params),
      ),
    },

    waiveClosure: {
      params: waiveParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/closure/waiver',
      openapi: {
        summary: 'Waive the bill of discharge; the guarantee is released (EUP-15)',
        tags: TAGS.office,
        response: closureAnswer,
      },
      handler: audited('closure', (ctx: Ctx<WaiveParams>) => closure.waiveClosure(d, officerOf(ctx), ctx.params)),
    },

    assessClosure: {
      params: permitParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/closure/assessment',
      openapi: {
        summary: 'Assess the bill against the records: correct → guarantee released, otherwise held (EUP-15)',
        tags: TAGS.office,
        response: closureAnswer,
      },
      handler: audited('closure', (ctx: Ctx<PermitRef>) => closure.assessClosure(d, officerOf(ctx), ctx.params)),
    },
  };
}
