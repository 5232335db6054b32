/** Actions on the records (EUP-14): entries and corrections, reading, verification, print, archives, approval. */
import { callerOf, type Ctx } from '@puesc/service';
import {
  TAGS,
  appendRecordParams,
  approveRecordsParams,
  archiveParams,
  correctRecordParams,
  emptyParams,
  listRecordsParams,
  permitParams,
  printRecordsParams,
  type AppendRecordParams,
  type ApproveRecordsParams,
  type ArchiveParams,
  type CorrectRecordParams,
  type ListRecordsParams,
  type PermitRef,
  type PrintRecordsParams,
} from '../contracts';
import { exportArchive, listArchives } from '../app/archive';
import type { SzprotDeps } from '../app/deps';
import {
  archiveAnswer,
  archiveListAnswer,
  jwksAnswer,
  pdfAnswer,
  recordEntryAnswer,
  recordListAnswer,
  recordVerificationAnswer,
  recordsApprovalAnswer,
} from '../answers';
import * as records from '../app/records';
import { audited, officerOf } from './caller';

function recordBookActions(d: SzprotDeps) {
  return {
    appendRecord: {
      params: appendRecordParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/records',
      openapi: {
        summary: 'Append a record entry with the DA 178 content, chained to the previous entry (EUP-14)',
        description:
          'The holder keeps the records (szprot.submit). There is no way to change or delete an entry: correct it with a new one.',
        tags: TAGS.records,
        response: recordEntryAnswer,
        status: 201,
      },
      handler: audited('records', (ctx: Ctx<AppendRecordParams>) => records.appendRecord(d, callerOf(ctx), ctx.params)),
    },

    correctRecord: {
      params: correctRecordParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/records/:entryId/corrections',
      openapi: {
        summary: 'Correct a record entry: a new entry that keeps the corrected one and the correction date (EUP-14)',
        tags: TAGS.records,
        response: recordEntryAnswer,
        status: 201,
      },
      handler: audited('records', (ctx: Ctx<CorrectRecordParams>) =>
        records.correctRecord(d, callerOf(ctx), ctx.params),
      ),
    },

    listRecords: {
      params: listRecordsParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber/records',
      openapi: {
        summary: 'The records as they read now, each with its correction history; selectable by criteria (EUP-14)',
        tags: TAGS.records,
        response: recordListAnswer,
      },
      handler: audited('records', (ctx: Ctx<ListRecordsParams>) => records.listRecords(d, callerOf(ctx), ctx.params)),
    },

    verifyRecords: {
      params: permitParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber/records/verification',
      openapi: {
        summary: 'Verify the records chain, the anchored head, the approval and the signed archives (EUP-14)',
        description: 'Recomputes every digest and link; names the first entry where the chain breaks.',
        tags: TAGS.records,
        response: recordVerificationAnswer,
      },
      handler: audited('records', (ctx: Ctx<PermitRef>) => records.verifyRecords(d, callerOf(ctx), ctx.params)),
    },

    printRecords: {
      params: printRecordsParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber/records.pdf',
      openapi: {
        summary: 'Print the records selected by the office’s criteria, as PDF (EUP-14)',
        tags: TAGS.records,
        response: pdfAnswer,
        produces: 'application/pdf',
      },
      handler: audited('records', (ctx: Ctx<PrintRecordsParams>) => records.printRecords(d, callerOf(ctx), ctx.params)),
    },
  };
}

/** Archives, their keys and the approval (EUP-14). */
function recordArchiveActions(d: SzprotDeps) {
  return {
    listArchives: {
      params: permitParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber/records/archives',
      openapi: {
        summary: 'The signed monthly archives of the records (EUP-14)',
        tags: TAGS.records,
        response: archiveListAnswer,
      },
      handler: audited('records', (ctx: Ctx<PermitRef>) => listArchives(d, callerOf(ctx), ctx.params)),
    },

    exportArchive: {
      params: archiveParams,
      rest: 'GET /api/v1/szprot/permits/:permitNumber/records/archives/:month',
      openapi: {
        summary: 'Export one month of the records, signed (JWS, ES256) (EUP-14)',
        description:
          'Months are archived once they are over. Verify with the key at /api/v1/szprot/archive-keys. `format=jws` answers the compact JWS alone.',
        tags: TAGS.records,
        response: archiveAnswer,
      },
      handler: audited('records', (ctx: Ctx<ArchiveParams>) => exportArchive(d, callerOf(ctx), ctx.params)),
    },

    archiveKeys: {
      params: emptyParams,
      rest: 'GET /api/v1/szprot/archive-keys',
      auth: 'public',
      openapi: {
        summary: 'Public key(s) verifying the record archives (JWKS)',
        tags: TAGS.records,
        response: jwksAnswer,
      },
      handler: async () => (await d.archiveKeys()).jwks(),
    },

    approveRecords: {
      params: approveRecordsParams,
      rest: 'POST /api/v1/szprot/permits/:permitNumber/records/approval',
      openapi: {
        summary: 'Approve the records as kept: anchors their length and head digest (EUP-14)',
        tags: TAGS.office,
        response: recordsApprovalAnswer,
      },
      handler: audited('records', (ctx: Ctx<ApproveRecordsParams>) =>
        records.approveRecords(d, officerOf(ctx), ctx.params),
      ),
    },
  };
}

export function recordActions(d: SzprotDeps) {
  return { ...recordBookActions(d), ...recordArchiveActions(d) };
}
