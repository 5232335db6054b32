/** EUP-19: paper originals of statements attached to WDEUS01 as scans only. */
import type { Ctx } from '@puesc/service';
import { TAGS, paperOriginalParams, type PaperOriginalParams } from '../contracts';
import type { SzprotDeps } from '../app/deps';
import { caseAnswer } from '../answers';
import { recordPaperOriginal } from '../app/originals';
import { audited, officerOf } from './caller';

export function originalActions(d: SzprotDeps) {
  return {
    recordPaperOriginal: {
      params: paperOriginalParams,
      rest: 'POST /api/v1/szprot/cases/:caseId/originals/:attachmentId',
      openapi: {
        summary: 'Record the paper original of a statement attached as a scan only (EUP-19)',
        description:
          'A statement attached to WDEUS01 as a scan only (not signed with a qualified signature or the trusted profile, not certified) leaves its paper original outstanding on the case (`originals`). The officer of the case’s office records it received.',
        tags: TAGS.office,
        response: caseAnswer,
      },
      handler: audited('case', (ctx: Ctx<PaperOriginalParams>) => recordPaperOriginal(d, officerOf(ctx), ctx.params)),
    },
  };
}
