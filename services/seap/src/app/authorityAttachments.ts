/**
 * DOC-09: the PDF files a document from the authority carries, stored like a client's uploads
 * (chunks, SHA-256) after DOC-04's checks (a PDF by its content, readable, nothing that runs or
 * hides files), within the bounds of `domain/authorityDocument.ts`. Stored before the document;
 * removed again when the document is not written.
 */
import { Readable } from 'node:stream';
import { AppError, invalidField, newId } from '@puesc/kernel';
import { removeChunks, writeChunks } from '../attachments';
import type { DeliverAttachment } from '../contracts';
import { attachmentFileName } from '../domain/attachmentName';
import { AUTHORITY_ATTACHMENTS_MAX_BYTES } from '../domain/authorityDocument';
import type { AttachmentRef } from '../domain/document';
import type { SeapDeps } from './deps';

type Deps = Pick<SeapDeps, 'db' | 'clock' | 'cfg'>;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes of each attachment, or a refusal naming the attachment (DOC-04, DOC-09). */
function decoded(list: DeliverAttachment[]): Buffer[] {
  let total = 0;
  return list.map((a, i) => {
    const text = a.contentBase64.replace(/\s+/g, '');
    if (!BASE64.test(text) || text.length % 4 !== 0)
      throw invalidField(`attachments.${i}.contentBase64`, 'the file is not base64', 'DOC-09');
    const bytes = Buffer.from(text, 'base64');
    total += bytes.length;
    if (total > AUTHORITY_ATTACHMENTS_MAX_BYTES)
      throw invalidField(
        `attachments.${i}.contentBase64`,
        `the attachments of one document from the authority may total at most ${AUTHORITY_ATTACHMENTS_MAX_BYTES} bytes`,
        'DOC-09',
      );
    return bytes;
  });
}

/** Takes stored attachments back (the document they were for was not written). */
export async function dropAuthorityAttachments(d: Pick<SeapDeps, 'db'>, refs: AttachmentRef[]): Promise<void> {
  for (const r of refs) {
    const a = await d.db.attachments.get(r.id);
    if (!a) continue;
    await removeChunks(d.db.chunks, a._id, a.chunks).catch(() => undefined);
    await d.db.attachments.update({ ...a, status: 'removed' }).catch(() => undefined);
  }
}

/** Checks and stores the attachments of authority document `documentId`; all or none. */
export async function storeAuthorityAttachments(
  d: Deps,
  documentId: string,
  owner: string,
  list: DeliverAttachment[] | undefined,
): Promise<AttachmentRef[]> {
  if (!list?.length) return [];
  const files = decoded(list);
  const stored: AttachmentRef[] = [];
  try {
    for (const [i, bytes] of files.entries()) {
      const id = newId();
      const name = attachmentFileName(list[i]!.name);
      const kind = list[i]!.kind ?? 'other';
      const written = await writeChunks(Readable.from([bytes]), d.db.chunks, {
        attachmentId: id,
        chunkSize: d.cfg.SEAP_CHUNK_BYTES,
        allowance: AUTHORITY_ATTACHMENTS_MAX_BYTES,
        limitBytes: AUTHORITY_ATTACHMENTS_MAX_BYTES,
      }).catch((e: unknown) => {
        // DOC-04's refusal (422, or 413), naming the attachment it is about
        if (!(e instanceof AppError)) throw e;
        const field = { field: `attachments.${i}`, message: e.message, rule: 'DOC-04' };
        throw new AppError(e.code, e.type, `attachments.${i}: ${e.message}`, { ...e.data, errors: [field] });
      });
      await d.db.attachments.insert({
        _id: id,
        accountId: owner,
        draftId: `authority:${documentId}`,
        name,
        kind,
        mediaType: 'application/pdf',
        status: 'complete',
        size: written.size,
        sha256: written.sha256,
        chunks: written.chunks,
        chunkSize: d.cfg.SEAP_CHUNK_BYTES,
        frozen: true,
        createdAt: d.clock.now(),
      });
      stored.push({ id, name, kind, size: written.size, sha256: written.sha256, mediaType: 'application/pdf' });
    }
    return stored;
  } catch (e) {
    await dropAuthorityAttachments(d, stored);
    throw e;
  }
}
