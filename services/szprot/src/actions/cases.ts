/** Actions on cases: lists and views (clients and officers) and the office's work queue (ID-10, DL-04). */
import { callerOf, type Ctx } from '@puesc/service';
import {
  TAGS,
  caseFileDocumentParams,
  caseParams,
  emptyParams,
  listCasesParams,
  type CaseFileDocumentParams,
  type CaseRef,
  type ListCasesParams,
} from '../contracts';
import type { SzprotDeps } from '../app/deps';
import { caseAnswer, caseFileAnswer, caseFileDocumentAnswer, caseListAnswer, workQueueAnswer } from '../answers';
import { listCaseFile, readCaseFileDocument } from '../app/hearingFile';
import { getCase, listCases, workQueue } from '../app/queries';
import { audited, officerOf } from './caller';

export function caseActions(d: SzprotDeps) {
  return {
    listCases: {
      params: listCasesParams,
      rest: 'GET /api/v1/szprot/cases',
      openapi: {
        summary: 'Cases: a company’s (clients, ID-10) or the office’s (case officers)',
        description:
          'Clients name the company (`companyId`): documents.view-all lists every case of the company, documents.view-own the cases you submitted; applications refused at receipt are listed too. Case officers get their office’s cases.',
        tags: TAGS.cases,
        response: caseListAnswer,
      },
      handler: (ctx: Ctx<ListCasesParams>) => listCases(d, callerOf(ctx), ctx.params),
    },

    getCase: {
      params: caseParams,
      rest: 'GET /api/v1/szprot/cases/:caseId',
      openapi: {
        summary: 'A case with its status, documents and every deadline (DL-04)',
        description:
          'Each deadline shows its rule, the event that started it, its extensions and pauses and the time left. Officers of the case’s office see the receipt findings and the application; clients need documents.view-all (or documents.view-own for a case they sent).',
        tags: TAGS.cases,
        response: caseAnswer,
      },
      handler: audited('case', (ctx: Ctx<CaseRef>) => getCase(d, callerOf(ctx), ctx.params)),
    },

    caseFile: {
      params: caseParams,
      rest: 'GET /api/v1/szprot/cases/:caseId/file',
      openapi: {
        summary: 'The case file during the hearing period (EUP-18)',
        description:
          'While the 30 days to respond to the grounds run (EUP-06, from their delivery), the client who may read the case lists the documents gathered in it: the application, the office’s documents, the client’s submissions and attachments (held by seap). Outside the period: 409 EUP-18. Officers of the case’s office read it at any time.',
        tags: TAGS.cases,
        response: caseFileAnswer,
      },
      handler: audited('case', (ctx: Ctx<CaseRef>) => listCaseFile(d, callerOf(ctx), ctx.params)),
    },

    caseFileDocument: {
      params: caseFileDocumentParams,
      rest: 'GET /api/v1/szprot/cases/:caseId/file/:documentId',
      openapi: {
        summary: 'Download one document of the case file during the hearing period (EUP-18)',
        tags: TAGS.cases,
        response: caseFileDocumentAnswer,
        produces: 'application/json',
      },
      handler: audited('case', (ctx: Ctx<CaseFileDocumentParams>) =>
        readCaseFileDocument(d, callerOf(ctx), ctx.params),
      ),
    },

    workQueue: {
      params: emptyParams,
      rest: 'GET /api/v1/szprot/office/queue',
      openapi: {
        summary: 'The office’s work queue: open cases, nearest legal deadline first, with the time left',
        description: 'Only the officer’s own office (ID-10). Closures awaiting a bill or an assessment follow.',
        tags: TAGS.office,
        response: workQueueAnswer,
      },
      handler: (ctx: Ctx) => workQueue(d, officerOf(ctx)),
    },
  };
}
