/**
 * ID-05/ID-06 with DOC-04: the PDFs of a representation request (upload, download). Declared apart from actions/index.ts, so each REST action
 * here runs the same ID-11 live-caller check and audit note (issue 18) itself.
 */
import type { Readable } from 'node:stream';
import { assertValid, invalidField } from '@puesc/kernel';
import { schemas } from '@puesc/contracts';
import type { Ctx } from '@puesc/service';
import type { Store } from '@puesc/store';
import { liveCaller } from '../app/access';
import {
  bindDocuments,
  downloadRepresentationDocument,
  REPRESENTATION_DOCUMENT_MAX_BYTES,
  uploadRepresentationDocument,
  type DocumentUpload,
} from '../app/representationDocuments';
import { documentFileName } from '../domain/pdfDocument';
import { REPRESENTATION_DOCUMENT_KINDS } from '../documentStore';
import type { AuditNote } from './audit';
import type { ActionContext, IdentityActions } from './context';

const tags = ['Representations'];

const uploadFields = {
  type: 'object',
  additionalProperties: false,
  required: ['kind'],
  properties: {
    kind: {
      type: 'string',
      enum: [...REPRESENTATION_DOCUMENT_KINDS],
      description: 'authorisation (upoważnienie, ID-06) or stamp-duty (proof of the 17 PLN payment, ID-05)',
    },
    name: { type: 'string', minLength: 1, maxLength: 200, description: 'file name to show (default: the file name)' },
  },
} as const;

const refParams = {
  type: 'object',
  additionalProperties: false,
  required: ['ref'],
  properties: { ref: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

export const representationDocumentAnswer = schemas.objectOf(
  {
    ref: { type: 'string', description: 'name it in documents.authorisation.ref or documents.stampDuty.ref' },
    name: { type: 'string' },
    size: { type: 'integer', minimum: 1, maximum: REPRESENTATION_DOCUMENT_MAX_BYTES },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
    kind: { type: 'string', enum: [...REPRESENTATION_DOCUMENT_KINDS] },
  },
  ['ref', 'name', 'size', 'sha256', 'kind'],
);

const isReadable = (v: unknown): v is Readable =>
  typeof v === 'object' && v !== null && typeof (v as Readable).pipe === 'function';

interface MultipartMeta {
  $multipart?: Record<string, unknown>;
  $file?: { filename?: string };
}

function uploadOf(ctx: Ctx<unknown>, stream: Readable): DocumentUpload {
  const meta = ctx.meta as unknown as MultipartMeta;
  try {
    const fields = assertValid<Omit<DocumentUpload, 'filename'>>(uploadFields, { ...(meta.$multipart ?? {}) });
    return { ...fields, ...(meta.$file?.filename ? { filename: meta.$file.filename } : {}) };
  } catch (e) {
    stream.destroy();
    throw e;
  }
}

const UPLOAD_DESCRIPTION =
  'multipart/form-data: the text field `kind` (and optionally `name`) before the `file` part. The file must be a PDF by its content (header `%PDF-`, trailer `%%EOF`) of at most 10 MB (413, rule DOC-04); one that is not a readable PDF with pages, holds HTML markup (a PDF/HTML polyglot), is encrypted, carries JavaScript, a launch action or embedded files is refused (422, rule DOC-04, the reason in `extra.reason`). The stored name keeps only the last path segment, drops control and direction characters, ends in `.pdf` and has at most 200 characters. Name the answer’s `ref` in the request: only documents of your own account, of the field’s kind, are accepted (400, ID-05/ID-06).';

/** The representation documents' actions, on the service's store. */
export function representationDocumentActions({ d, ask }: ActionContext, store: Store): IdentityActions {
  bindDocuments(d, store);
  return {
    uploadRepresentationDocument: {
      rest: 'POST /api/v1/representations/documents',
      multipart: { file: 'file', maxFileSize: REPRESENTATION_DOCUMENT_MAX_BYTES, rule: 'DOC-04', fields: uploadFields },
      openapi: {
        summary:
          'Upload the authorisation or the stamp-duty proof of a representation request, as PDF (ID-05, ID-06, DOC-04)',
        description: UPLOAD_DESCRIPTION,
        tags,
        status: 201,
        response: representationDocumentAnswer,
      },
      async handler(ctx: Ctx<unknown>) {
        const stream = ctx.params;
        if (!isReadable(stream)) throw invalidField('file', 'send the file as multipart/form-data', 'DOC-04');
        const upload = uploadOf(ctx, stream);
        const asker = ask(ctx);
        await liveCaller(d, asker).catch((e: unknown) => {
          stream.destroy();
          throw e;
        });
        return uploadRepresentationDocument(d, asker, stream, upload);
      },
    },

    getRepresentationDocument: {
      rest: 'GET /api/v1/representations/documents/:ref',
      params: refParams,
      openapi: {
        summary: 'Download a representation document (its uploader, the company’s managers, registration officers)',
        tags,
        produces: 'application/pdf',
        response: { type: 'string', format: 'binary', description: 'the PDF as uploaded' },
      },
      async handler(ctx: Ctx<{ ref: string }>) {
        const asker = ask(ctx);
        await liveCaller(d, asker);
        const { document, stream, companyId } = await downloadRepresentationDocument(d, asker, ctx.params.ref);
        const name = documentFileName(document.name);
        const meta = ctx.meta as unknown as Record<string, unknown> & { audit?: AuditNote };
        Object.assign(meta, {
          $responseType: 'application/pdf',
          $responseHeaders: {
            'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
            'x-content-sha256': document.sha256,
          },
        });
        // issue 18: a read of a company's representation documents is on its audit trail
        meta.audit = {
          ...(companyId ? { companyId } : {}),
          object: { kind: 'representation-document', id: document.ref },
          action: 'read',
        };
        return stream;
      },
    },
  };
}
