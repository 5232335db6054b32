/** DOC-02, DOC-04: drafts, their PDF attachments, and "generate document". */
import type { ServiceSchema } from 'moleculer';
import { assertValid, invalidField } from '@puesc/kernel';
import { callerOf, type Ctx } from '@puesc/service';
import { downloadAttachment, orDrop, removeAttachment, uploadAttachment, type UploadRequest } from '../app/attaching';
import type { SeapDeps } from '../app/deps';
import { attachmentFileName } from '../domain/attachmentName';
import { createDraft, discardDraft, generateDocument, getDraft, listDrafts, saveDraft } from '../app/drafting';
import { isReadable } from '../attachments';
import {
  TAGS,
  createDraftParams,
  idParams,
  listDraftsParams,
  removeAttachmentParams,
  saveDraftParams,
  uploadFieldsSchema,
  uploadPathSchema,
  type CreateDraftParams,
  type IdParams,
  type ListDraftsParams,
  type RemoveAttachmentParams,
  type SaveDraftParams,
  type UploadFields,
} from '../contracts';
import { attachmentView, documentView, draftView, pageView } from '../views';
import { noteAccess } from './audit';
import { inRequest } from './peers';

/** What the gateway hands a `multipart` action besides the file stream (gateway/README.md). */
interface MultipartMeta {
  $multipart?: Record<string, unknown>;
  $params?: Record<string, unknown>;
  $file?: { fieldname?: string; filename?: string; mimetype?: string };
}

/** The upload's path and text fields, validated like any params. */
function uploadRequestOf(ctx: Ctx<unknown>): UploadRequest {
  const meta = ctx.meta as unknown as MultipartMeta;
  const path = assertValid<{ id: string }>(uploadPathSchema, { ...(meta.$params ?? {}) });
  const fields = assertValid<UploadFields>(uploadFieldsSchema, { ...(meta.$multipart ?? {}) });
  return { ...path, ...fields, ...(meta.$file?.filename ? { filename: meta.$file.filename } : {}) };
}

const draftsActions = (app: SeapDeps): ServiceSchema['actions'] => ({
  createDraft: {
    rest: 'POST /api/v1/seap/drafts',
    params: createDraftParams,
    openapi: {
      summary: 'Start a draft (robocze) of a form, optionally acting for a company (DOC-02, ID-12)',
      description:
        'With `companyId` you need an active representation of that company with the submit permission of the form’s target service: `seap.submit` for DDS0001, `szprot.submit` for WDEUS01 and WDWCO001 (403, rule ID-12). `generate` checks it again.',
      tags: TAGS.desktop,
      status: 201,
      response: draftView,
    },
    handler: (ctx: Ctx<CreateDraftParams>) => createDraft(inRequest(app, ctx), callerOf(ctx), ctx.params),
  },

  saveDraft: {
    rest: 'PUT /api/v1/seap/drafts/:id',
    params: saveDraftParams,
    openapi: { summary: 'Save a draft to resume later (owner only, DOC-02)', tags: TAGS.desktop, response: draftView },
    handler: (ctx: Ctx<SaveDraftParams>) => saveDraft(app, callerOf(ctx), ctx.params),
  },

  getDraft: {
    rest: 'GET /api/v1/seap/drafts/:id',
    params: idParams,
    openapi: { summary: 'Resume a draft (owner only)', tags: TAGS.desktop, response: draftView },
    handler: (ctx: Ctx<IdParams>) => getDraft(app, callerOf(ctx), ctx.params),
  },

  listDrafts: {
    rest: 'GET /api/v1/seap/drafts',
    params: listDraftsParams,
    openapi: {
      summary: 'My drafts (robocze), newest first (DOC-02)',
      tags: TAGS.desktop,
      response: pageView(draftView),
    },
    handler: (ctx: Ctx<ListDraftsParams>) => listDrafts(app, callerOf(ctx), ctx.params),
  },

  discardDraft: {
    rest: 'DELETE /api/v1/seap/drafts/:id',
    params: idParams,
    openapi: { summary: 'Discard a draft (documents generated from it stay)', tags: TAGS.desktop, status: 204 },
    handler: (ctx: Ctx<IdParams>) => discardDraft(app, callerOf(ctx), ctx.params),
  },
});

const attachmentActions = (app: SeapDeps): ServiceSchema['actions'] => ({
  uploadAttachment: {
    rest: 'POST /api/v1/seap/drafts/:id/attachments',
    multipart: {
      file: 'file',
      maxFileSize: app.cfg.SEAP_ATTACHMENTS_MAX_BYTES,
      rule: 'DOC-04',
      fields: uploadFieldsSchema,
      params: uploadPathSchema,
    },
    openapi: {
      summary: 'Attach a PDF to a draft (multipart/form-data; DOC-04)',
      description:
        'Send the text fields (`kind`, optionally `name`) before the `file` part. The file must be a PDF by its content (header `%PDF-`, trailer `%%EOF`), whatever its name; the attachments of one document total at most 10 MB. The upload is streamed and stopped at the first byte over the limit (413, rule DOC-04). The file is then parsed: one that is not a readable PDF with pages, holds HTML markup (a PDF/HTML polyglot), is encrypted, carries JavaScript (`/JS`, `/JavaScript`, an `/OpenAction` running it), a launch action or embedded files is refused (422, rule DOC-04, the reason in `extra.reason`). The stored name keeps only the last path segment, drops control and direction characters, ends in `.pdf` and has at most 200 characters.',
      tags: TAGS.desktop,
      status: 201,
      response: attachmentView,
    },
    async handler(ctx: Ctx<unknown>) {
      const stream = ctx.params;
      if (!isReadable(stream)) throw invalidField('file', 'send the file as multipart/form-data', 'DOC-04');
      const [caller, request] = await orDrop(stream, () => [callerOf(ctx), uploadRequestOf(ctx)] as const);
      return uploadAttachment(app, caller, stream, request);
    },
  },

  removeAttachment: {
    rest: 'DELETE /api/v1/seap/drafts/:id/attachments/:attachmentId',
    params: removeAttachmentParams,
    openapi: { summary: 'Take an attachment off a draft', tags: TAGS.desktop, status: 204 },
    handler: (ctx: Ctx<RemoveAttachmentParams>) => removeAttachment(app, callerOf(ctx), ctx.params),
  },

  getAttachment: {
    rest: 'GET /api/v1/seap/attachments/:id',
    params: idParams,
    openapi: { summary: 'Download an attachment (PDF)', tags: TAGS.desktop, produces: 'application/pdf' },
    async handler(ctx: Ctx<IdParams>) {
      const {
        attachment: a,
        stream,
        companyId,
      } = await downloadAttachment(inRequest(app, ctx), callerOf(ctx), ctx.params.id);
      noteAccess(ctx, 'attachment', a._id, companyId);
      Object.assign(ctx.meta as unknown as Record<string, unknown>, {
        $responseType: 'application/pdf',
        $responseHeaders: {
          'content-disposition': `attachment; filename="${attachmentFileName(a.name).replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(attachmentFileName(a.name))}`,
          'x-content-sha256': a.sha256,
        },
      });
      return stream;
    },
  },
});

export const draftActions = (app: SeapDeps): ServiceSchema['actions'] => ({
  ...draftsActions(app),
  ...attachmentActions(app),
  generateDocument: {
    rest: 'POST /api/v1/seap/drafts/:id/generate',
    params: idParams,
    openapi: {
      summary:
        '"Generate document": validate the draft against its form and freeze it into canonical bytes (RFC 8785) with their SHA-256 (DOC-01, DOC-02)',
      description:
        'The answer carries `canonicalBase64`: the exact bytes to sign. A missing required field is refused naming the field (rule DOC-01). A draft for a company is generated only while you hold the submit permission of the form’s target service for it (403, rule ID-12), checked before anything of the company is read: the company name the document states is shown only to its representatives.',
      tags: TAGS.desktop,
      status: 201,
      response: documentView,
    },
    handler: (ctx: Ctx<IdParams>) => generateDocument(inRequest(app, ctx), callerOf(ctx), ctx.params),
  },
});
